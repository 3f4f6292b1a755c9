// Helpers of the partner's browser tests (loop.spec.ts, partner-a11y.spec.ts): Chromium, contexts
// signed in through the real portal login (the session cookie put into the browser), a client with
// a consent to the employment services, and a referral sent to them.
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { DEMO_ORG_EMPLOYMENT } from '../../apps/partners/src/demo/demo-organisations.js';
import { DEMO_SERVICE_EMPLOYMENT_JOB_SEARCH } from '../../apps/partners/src/directory/demo-services.js';
import { portalLogin, type PortalLogin } from '../support/portal-login.js';
import { json, type ApiCaller, type RunningSystem } from '../support/system.js';

// Functions passed to page.evaluate run in the browser: the little of the DOM they use.
declare const document: { querySelector(selector: string): unknown };

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
export const LANGUAGES = ['fi', 'sv', 'en'] as const;

export function launch(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, args: ARGS });
}

export interface SignedIn {
  context: BrowserContext;
  login: PortalLogin;
  newPage(): Promise<Page>;
}

/** A browser context of its own with the user's portal session (the login's real cookie). */
export async function signedIn(browser: Browser, system: RunningSystem, username: string): Promise<SignedIn> {
  const login = await portalLogin(system.gatewayUrl, username);
  const context = await browser.newContext({ baseURL: system.gatewayUrl, locale: 'en-GB' });
  await context.addCookies([
    {
      name: login.cookieName,
      value: login.sessionId,
      url: system.gatewayUrl,
      httpOnly: true,
      sameSite: 'Lax',
    },
  ]);
  return {
    context,
    login,
    newPage: async () => {
      const page = await context.newPage();
      page.on('pageerror', (error) => {
        throw error;
      });
      return page;
    },
  };
}

/** The page has its heading, nothing is loading any more and the live stream follows events for it. */
export async function settled(page: Page): Promise<void> {
  await page.waitForSelector('main h1');
  await page.waitForFunction(() => !document.querySelector('main .loading'));
}

/** The live stream has subscribed (its `ready` event): what happens from now on reaches the page. */
export async function live(page: Page): Promise<void> {
  await page.waitForSelector('html[data-live="ready"]', { state: 'attached' });
}

/** A client of the advisor's with an active consent to share identity and contact with the employment services. */
export async function clientWithConsent(advisor: ApiCaller, firstName: string): Promise<string> {
  const client = await json(
    await advisor.post('/api/v1/clients', {
      firstName,
      lastName: 'Testinen',
      dateOfBirth: '1990-05-17',
      languages: ['ar', 'fi'],
      preferredLanguage: 'ar',
      phone: '+358401234567',
      needs: [{ category: 'employment', description: 'Looking for a job in logistics' }],
    }),
  );
  expect(client.id).toEqual(expect.any(String));
  const consent = await advisor.post(`/api/v1/clients/${client.id}/consents`, {
    recipientOrganisationIds: [DEMO_ORG_EMPLOYMENT],
    categories: ['identity', 'contact', 'language'],
    purposes: ['referral'],
    method: 'verbal',
    givenBy: 'client',
    noticeVersion: '2026-1',
    noticeLanguage: 'ar',
    interpreterUsed: true,
  });
  expect(consent.status).toBe(201);
  return client.id as string;
}

/** Sends a referral of the client to the employment services (identity and contact shared). */
export async function sendReferral(advisor: ApiCaller, clientId: string): Promise<string> {
  const res = await advisor.post('/api/v1/referrals', {
    clientId,
    receivingOrganisationId: DEMO_ORG_EMPLOYMENT,
    serviceId: DEMO_SERVICE_EMPLOYMENT_JOB_SEARCH,
    need: 'employment',
    reason: 'Looking for work in logistics; has a forklift licence.',
    urgency: 'soon',
    categories: ['identity', 'contact'],
    send: true,
  });
  const body = await json(res);
  expect(res.status).toBe(201);
  return body.id as string;
}
