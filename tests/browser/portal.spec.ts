// The portal in Chromium against the whole system: login through the dev identity provider, the
// advisor's whole path by keyboard, axe-core on every screen in fi, sv and en, and portal.md's
// contract (routes, data-referral-id, data-status, ?lang= and <html lang>, the e-mail link).
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { DEMO_ORG_EMPLOYMENT } from '../../apps/partners/src/demo/demo-organisations.js';
import { DEMO_SERVICE_EMPLOYMENT_JOB_SEARCH } from '../../apps/partners/src/directory/demo-services.js';
import { json, loginAs, startSystem, type ApiCaller, type RunningSystem } from '../support/system.js';
import { axeViolations, type AxeFinding } from './axe.js';
import { chooseOption, chooseRadio, press, tick, typeInto } from './keyboard.js';

// Functions passed to page.evaluate run in the browser: the little of the DOM they use.
declare const document: {
  activeElement: unknown;
  documentElement: { lang: string; scrollWidth: number };
  querySelector(selector: string): unknown;
};
declare const history: { pushState(state: unknown, unused: string, url: string): void };
declare const location: { pathname: string };
declare function dispatchEvent(event: unknown): boolean;
declare class PopStateEvent {
  constructor(type: string);
}

const CHROMIUM = '/usr/bin/chromium';
const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];
const LANGUAGES = ['fi', 'sv', 'en'] as const;

let system: RunningSystem;
let browser: Browser;
let advisorApi: ApiCaller;
/** A client with a consent and a sent referral, made through the API for the screens to show. */
const seeded = { clientId: '', consentId: '', referralId: '' };

async function newPage(
  viewport = { width: 1280, height: 720 },
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ baseURL: system.gatewayUrl, locale: 'en-GB', viewport });
  const page = await context.newPage();
  page.on('pageerror', (error) => {
    throw error;
  });
  return { context, page };
}

/** Opens a path without a session: the gateway's login, the IdP's form (by keyboard), back to the path. */
async function signIn(page: Page, username: string, path: string): Promise<void> {
  await page.goto(path);
  await page.waitForSelector('input[name=username]');
  expect(page.url()).toContain(new URL(system.idp.baseUrl).host);
  await typeInto(page, page.locator('input[name=username]'), username);
  await typeInto(page, page.locator('input[name=password]'), 'demo');
  await page.keyboard.press('Enter');
  await page.waitForURL((url) => url.origin === system.gatewayUrl && !url.pathname.startsWith('/auth/'));
  await settled(page);
}

/** The page has its heading and nothing is loading any more. */
async function settled(page: Page): Promise<void> {
  await page.waitForSelector('main h1');
  await page.waitForFunction(() => !document.querySelector('main .loading'));
}

/** Waits for the new page's h1, which has focus after a navigation (portal.md: focus management). */
async function heading(page: Page, text: string | RegExp): Promise<void> {
  const h1 = page.locator('main h1', { hasText: text });
  await h1.waitFor();
  await page.waitForFunction(() => !document.querySelector('main .loading'));
}

beforeAll(async () => {
  system = await startSystem();
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
  advisorApi = await loginAs(system, 'advisor');
  const client = await json(
    await advisorApi.post('/api/v1/clients', {
      firstName: 'Leyla',
      lastName: 'Karimi',
      dateOfBirth: '1988-04-12',
      languages: ['fa', 'fi'],
      preferredLanguage: 'fa',
      needs: [{ category: 'employment', description: null }],
    }),
  );
  seeded.clientId = client.id;
  const consent = await json(
    await advisorApi.post(`/api/v1/clients/${client.id}/consents`, {
      recipientOrganisationIds: [DEMO_ORG_EMPLOYMENT],
      categories: ['identity', 'contact', 'language'],
      purposes: ['referral'],
      method: 'verbal',
      givenBy: 'client',
      noticeVersion: '2026-1',
      noticeLanguage: 'fa',
      interpreterUsed: true,
    }),
  );
  seeded.consentId = consent.id;
  const referral = await json(
    await advisorApi.post('/api/v1/referrals', {
      clientId: client.id,
      receivingOrganisationId: DEMO_ORG_EMPLOYMENT,
      serviceId: DEMO_SERVICE_EMPLOYMENT_JOB_SEARCH,
      need: 'employment',
      reason: 'Looking for work as a nurse assistant.',
      urgency: 'routine',
      categories: ['identity', 'contact'],
      send: true,
    }),
  );
  seeded.referralId = referral.id;
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await system?.stop();
});

describe('the portal', () => {
  it("walks the advisor's whole path by keyboard: client → consent → Arabic receipt → referral → outbox", async () => {
    const { context, page } = await newPage();
    await signIn(page, 'advisor', '/clients/new?lang=en');
    expect(new URL(page.url()).pathname).toBe('/clients/new');

    // Register a client.
    await typeInto(page, page.getByLabel('First name', { exact: true }), 'Amal');
    await typeInto(page, page.getByLabel('Last name', { exact: true }), 'Haddad');
    await typeInto(page, page.getByLabel(/^Date of birth/), '3.9.1991');
    await tick(page, page.getByLabel('Arabic', { exact: true }));
    await chooseOption(page, page.getByLabel(/^Preferred language/), 'ar');
    await tick(page, page.getByLabel('Needs an interpreter'));
    await tick(page, page.getByLabel('Employment', { exact: true }));
    await press(page, page.getByRole('button', { name: 'Register the client' }));
    await page.waitForURL(/\/clients\/[0-9a-f-]{36}$/);
    await heading(page, 'Amal Haddad');
    const clientId = new URL(page.url()).pathname.split('/')[2];

    // Record a consent for the employment services.
    await press(page, page.getByRole('link', { name: 'Record a consent' }));
    await page.waitForURL(/\/consents\/new/);
    await heading(page, 'Record a consent');
    await tick(page, page.getByLabel('Seinäjoki region employment services'));
    for (const category of ['Identity', 'Contact details', 'Language']) {
      await tick(page, page.getByLabel(category, { exact: true }));
    }
    await press(page, page.getByRole('button', { name: 'Next' }));
    await page.getByRole('heading', { name: 'How the consent was given' }).waitFor();
    await chooseRadio(page, page.getByLabel('Signed form'));
    await tick(page, page.getByLabel('An interpreter was used'));
    expect(await page.getByLabel('Language of the privacy notice').inputValue()).toBe('ar');
    await press(page, page.getByRole('button', { name: 'Next' }));
    await page.getByRole('heading', { name: 'Check and record' }).waitFor();
    await press(page, page.getByRole('button', { name: 'Record the consent' }));
    await page.waitForURL(/\/consents\/[0-9a-f-]{36}$/);
    await heading(page, 'Consent and receipt');
    await expect(page.locator('[data-status="active"]').first().textContent()).resolves.toBe('Active');

    // The receipt in the client's language: Arabic, right to left.
    const pdfLink = page.locator('a[data-receipt-format="pdf"]');
    expect(await pdfLink.getAttribute('data-receipt-lang')).toBe('ar');
    expect(await pdfLink.locator('span[lang="ar"]').getAttribute('dir')).toBe('rtl');
    const pdf = await page.request.get((await pdfLink.getAttribute('href'))!);
    expect(pdf.status()).toBe(200);
    expect(pdf.headers()['content-type']).toContain('application/pdf');
    const html = await page.request.get(
      (await page.locator('a[data-receipt-format="html"]').getAttribute('href'))!,
    );
    expect(html.status()).toBe(200);
    expect(await html.text()).toMatch(/dir="rtl"/);

    // Make a referral to the employment services' job search support.
    await press(page, page.getByRole('link', { name: /^Back to the client/ }));
    await page.waitForURL(new RegExp(`/clients/${clientId}$`));
    await heading(page, 'Amal Haddad');
    await press(page, page.getByRole('link', { name: 'Make a referral' }));
    await page.waitForURL(/\/referrals\/new\?clientId=/);
    await heading(page, 'New referral');
    await page.getByLabel('Employment', { exact: true }).waitFor();
    expect(await page.getByLabel('Employment', { exact: true }).isChecked()).toBe(true);
    await press(page, page.getByRole('button', { name: 'Next' }));
    await page.getByRole('heading', { name: 'Service', exact: true }).waitFor();
    await page.getByLabel('Job search support for immigrants').waitFor();
    await chooseRadio(page, page.getByLabel('Job search support for immigrants'));
    await press(page, page.getByRole('button', { name: 'Next' }));
    await page.getByRole('heading', { name: 'Shared data' }).waitFor();
    // Preselected: what the consent covers.
    expect(await page.getByLabel('Contact details', { exact: true }).isChecked()).toBe(true);
    expect(await page.getByLabel(/^Health/).isChecked()).toBe(false);
    await press(page, page.getByRole('button', { name: 'Next' }));
    await typeInto(
      page,
      page.getByLabel('Reason for the referral'),
      'Registered jobseeker; wants to work in care.',
    );
    await chooseRadio(page, page.getByLabel('Soon'));
    await press(page, page.getByRole('button', { name: 'Next' }));
    await page.getByRole('heading', { name: 'Check and send' }).waitFor();
    await press(page, page.getByRole('button', { name: 'Send the referral' }));
    await page.waitForURL(/\/referrals\/[0-9a-f-]{36}$/);
    await heading(page, /^Referral: Employment/);
    const referralId = new URL(page.url()).pathname.split('/')[2];
    expect(await page.locator('article').getAttribute('data-referral-id')).toBe(referralId);
    expect(await page.locator('dd [data-status]').first().getAttribute('data-status')).toBe('requested');

    // The outbox shows it with its status and the queue's count.
    await press(page, page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Outbox' }));
    await page.waitForURL(/\/outbox/);
    await heading(page, 'Outbox');
    const row = page.locator(`tr[data-referral-id="${referralId}"]`);
    await row.waitFor();
    expect(await row.locator('[data-status]').getAttribute('data-status')).toBe('requested');
    expect(await row.locator('[data-status]').textContent()).toBe('Sent');
    const openCount = Number(
      await page.locator('[data-queue="open"] [data-count]').getAttribute('data-count'),
    );
    expect(openCount).toBeGreaterThanOrEqual(2);
    await context.close();
  }, 180_000);

  it('shows the consent gap with a link to the consent wizard when the consent does not cover a category', async () => {
    const { context, page } = await newPage();
    await signIn(page, 'advisor', `/referrals/new?clientId=${seeded.clientId}&lang=en`);
    await press(page, page.getByRole('button', { name: 'Next' }));
    await chooseOption(page, page.getByLabel('Language of the service'), '');
    await chooseRadio(page, page.getByLabel('Job search support for immigrants'));
    await press(page, page.getByRole('button', { name: 'Next' }));
    await tick(page, page.getByLabel(/^Health/));
    await press(page, page.getByRole('button', { name: 'Next' }));
    await typeInto(page, page.getByLabel('Reason for the referral'), 'Needs an occupational health check.');
    await press(page, page.getByRole('button', { name: 'Next' }));
    await press(page, page.getByRole('button', { name: 'Send the referral' }));
    const gap = page.locator('[data-consent-gap]');
    await gap.waitFor();
    expect(await gap.locator('[data-missing-categories]').getAttribute('data-missing-categories')).toBe(
      'health',
    );
    expect(await gap.textContent()).toContain('does not cover: Health');
    // Nothing typed is lost: the review still shows the reason.
    expect(await page.locator('main').textContent()).toContain('Needs an occupational health check.');
    // The consent wizard opens in a new tab, so the referral stays in this one to be sent again.
    const link = gap.getByRole('link', { name: 'Record a consent for this client (opens in a new tab)' });
    expect(await link.getAttribute('target')).toBe('_blank');
    const [consentTab] = await Promise.all([context.waitForEvent('page'), press(page, link)]);
    await consentTab.waitForURL(/\/consents\/new\?/);
    await heading(consentTab, 'Record a consent');
    await consentTab.getByLabel('Seinäjoki region employment services').waitFor();
    expect(await consentTab.getByLabel('Seinäjoki region employment services').isChecked()).toBe(true);
    expect(await consentTab.getByLabel(/^Health/).isChecked()).toBe(true);
    expect(await page.locator('main').textContent()).toContain('Needs an occupational health check.');
    // The browser's Back goes to the wizard's step before, with what was written, and Forward returns.
    await page.goBack();
    await page.getByRole('heading', { name: 'Reason and urgency' }).waitFor();
    expect(new URL(page.url()).searchParams.get('step')).toBe('4');
    expect(await page.getByLabel('Reason for the referral').inputValue()).toBe(
      'Needs an occupational health check.',
    );
    await page.goForward();
    await page.getByRole('heading', { name: 'Check and send' }).waitFor();
    // The wizard's own Back is the browser's Back too: Forward returns to the step it left.
    await press(page, page.getByRole('button', { name: 'Back', exact: true }));
    await page.getByRole('heading', { name: 'Reason and urgency' }).waitFor();
    await page.goForward();
    await page.getByRole('heading', { name: 'Check and send' }).waitFor();
    expect(new URL(page.url()).searchParams.get('step')).toBe('5');
    await context.close();
  }, 120_000);

  it.each(LANGUAGES)(
    'has no axe-core violations on any screen in %s',
    async (language) => {
      const { context, page } = await newPage();
      await signIn(page, 'advisor', `/?lang=${language}`);
      await page.waitForFunction((lang) => document.documentElement.lang === lang, language);
      const screens = [
        '/',
        '/clients',
        '/clients/new',
        `/clients/${seeded.clientId}`,
        `/clients/${seeded.clientId}/consents/new`,
        `/clients/${seeded.clientId}/consents/${seeded.consentId}`,
        `/referrals/new?clientId=${seeded.clientId}`,
        '/outbox',
        `/referrals/${seeded.referralId}`,
        '/notifications',
        '/settings',
        '/inbox',
      ];
      const findings: AxeFinding[] = [];
      for (const path of screens) {
        // Within the app, as a user moves (a full load per screen would only test the same shell again).
        await page.evaluate((target) => {
          history.pushState({}, '', target);
          dispatchEvent(new PopStateEvent('popstate'));
        }, path);
        await page.waitForFunction((target) => location.pathname === target.split('?')[0], path);
        await settled(page);
        findings.push(...(await axeViolations(page, `${language} ${path}`)));
      }
      // A form with its error summary showing, too.
      await page.evaluate(() => {
        history.pushState({}, '', '/clients/new');
        dispatchEvent(new PopStateEvent('popstate'));
      });
      await page.locator('form button[type=submit]').last().waitFor();
      await page.locator('form button[type=submit]').last().click();
      await page.locator('.fi-error-summary').waitFor();
      findings.push(...(await axeViolations(page, `${language} /clients/new with errors`)));
      expect(findings).toEqual([]);
      await context.close();
    },
    180_000,
  );

  it('holds the contract: routes, data-status, ?lang= with <html lang> and the saved preference', async () => {
    const { context, page } = await newPage();
    // The portal's own files (not the API's answers, some of which refuse an advisor on purpose).
    const missingFiles: string[] = [];
    page.on('response', (response) => {
      const url = new URL(response.url());
      if (
        url.origin === system.gatewayUrl &&
        !/^\/(api|auth)\//.test(url.pathname) &&
        response.status() >= 400
      ) {
        missingFiles.push(`${response.status()} ${url.pathname}`);
      }
    });
    await signIn(page, 'advisor', '/outbox?queue=all&lang=sv');
    expect(new URL(page.url()).pathname).toBe('/outbox');
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('sv');
    expect(await page.locator('main h1').textContent()).toBe('Skickade remisser');
    // Saved in the preferences (the language of e-mails too), read back through a token of its own.
    const api = await loginAs(system, 'advisor');
    let saved: { language?: string } = {};
    for (let i = 0; i < 20 && saved.language !== 'sv'; i++) {
      saved = await json(await api.get('/api/v1/me/preferences'));
      if (saved.language !== 'sv') {
        await page.waitForTimeout(250);
      }
    }
    expect(saved.language).toBe('sv');
    const row = page.locator(`[data-referral-id="${seeded.referralId}"]`);
    expect(await row.locator('[data-status]').getAttribute('data-status')).toBe('requested');
    expect(await row.locator('[data-status]').textContent()).toBe('Skickad');
    // Only badges carry data-status (not the router's active links).
    const carriers = await page
      .locator('[data-status]')
      .evaluateAll((nodes) => nodes.map((node) => String((node as { className?: unknown }).className)));
    expect(carriers.every((name) => name.includes('badge'))).toBe(true);
    for (const path of [
      '/',
      '/clients',
      '/clients/new',
      '/referrals/new',
      '/outbox',
      '/inbox',
      '/notifications',
      '/settings',
      '/organisation',
      '/admin/organisations',
      '/admin/audit',
    ]) {
      await page.goto(`${path}?lang=en`);
      await settled(page);
      expect({ path, heading: await page.locator('main h1').count() }).toEqual({ path, heading: 1 });
    }
    // The tab's icon: named by the page, served (a browser otherwise asks for /favicon.ico, a 404).
    const iconLink = page.locator('link[rel=icon]');
    const icon = (await iconLink.count()) === 1 ? await iconLink.getAttribute('href') : null;
    const iconResponse = await page.request.get(icon ?? '/favicon.ico');
    expect({ icon, status: iconResponse.status(), type: iconResponse.headers()['content-type'] }).toEqual({
      icon: '/favicon.svg',
      status: 200,
      type: 'image/svg+xml',
    });
    expect(missingFiles).toEqual([]);
    const reset = await api.request('PUT', '/api/v1/me/preferences', { language: 'fi', digest: 'instant' });
    expect(reset.status).toBe(200);
    await context.close();
  }, 120_000);

  it('fits a phone: wide tables scroll in their own box and long unbroken text wraps', async () => {
    // A message of one 600-character word, as a pasted address would be.
    await advisorApi.post(`/api/v1/referrals/${seeded.referralId}/messages`, { body: 'x'.repeat(600) });
    const { context, page } = await newPage({ width: 390, height: 844 });
    await signIn(page, 'advisor', '/outbox?lang=fi');
    const paths = ['/outbox', '/clients', `/clients/${seeded.clientId}`, `/referrals/${seeded.referralId}`];
    for (const path of paths) {
      await page.goto(path);
      await settled(page);
      const width = await page.evaluate(() => document.documentElement.scrollWidth);
      expect({ path, width }).toEqual({ path, width: 390 });
    }
    // The outbox's table is wider than the phone: it scrolls in a named region the keyboard reaches.
    await page.goto('/outbox');
    await settled(page);
    const region = page.locator('.table-scroll[role="region"]').first();
    await region.waitFor();
    expect(await region.getAttribute('tabindex')).toBe('0');
    expect(await region.getAttribute('aria-label')).toBeTruthy();
    await context.close();

    // The partner's inbox and the referral as the partner sees it.
    const partner = await newPage({ width: 390, height: 844 });
    await signIn(partner.page, 'employment', '/inbox?lang=fi');
    for (const path of ['/inbox', `/referrals/${seeded.referralId}`]) {
      await partner.page.goto(path);
      await settled(partner.page);
      const width = await partner.page.evaluate(() => document.documentElement.scrollWidth);
      expect({ path, width }).toEqual({ path, width: 390 });
    }
    await partner.context.close();
  }, 120_000);

  it('opens the e-mail link /referrals/{id} after login, and the receiver gets the contract actions', async () => {
    const { context, page } = await newPage();
    await signIn(page, 'employment', `/referrals/${seeded.referralId}?lang=en`);
    expect(new URL(page.url()).pathname).toBe(`/referrals/${seeded.referralId}`);
    expect(await page.locator('article').getAttribute('data-referral-id')).toBe(seeded.referralId);
    // Opening it marks it received; the receiver may accept or reject.
    await page.locator('dd [data-status="received"]').waitFor();
    await page.getByRole('button', { name: 'Reject', exact: true }).waitFor();
    await press(page, page.getByRole('button', { name: 'Accept', exact: true }));
    await page.locator('dd [data-status="accepted"]').waitFor();
    await page.getByRole('button', { name: 'Start', exact: true }).waitFor();
    await page.getByRole('button', { name: 'Put on hold', exact: true }).waitFor();
    await context.close();
  }, 120_000);

  it('sends a page without a session to the login with returnTo, query included', async () => {
    const { context, page } = await newPage();
    const response = await page.goto('/outbox?queue=closed&need=housing', { waitUntil: 'commit' });
    expect(response).not.toBeNull();
    await page.waitForSelector('input[name=username]');
    expect(new URL(page.url()).origin).toBe(new URL(system.idp.baseUrl).origin);
    await typeInto(page, page.locator('input[name=username]'), 'advisor');
    await typeInto(page, page.locator('input[name=password]'), 'demo');
    await page.keyboard.press('Enter');
    await page.waitForURL((url) => url.pathname === '/outbox');
    const url = new URL(page.url());
    expect(url.searchParams.get('queue')).toBe('closed');
    expect(url.searchParams.get('need')).toBe('housing');
    await context.close();
  }, 120_000);
});
