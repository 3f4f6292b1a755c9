// Issue 15 in the browser, against the whole system: an advisor records guidance contacts from the
// home page's quick entry (anonymous and for a registered client), the contacts reach the
// statistics service, and moni-admin's dashboard shows them with every count under 5 "hidden", each
// figure with its table and downloads; a platform admin sees the network. axe on each screen in
// Finnish, Swedish and English.
import { readFileSync } from 'node:fs';
import { eventually } from '#testing';
import type { Page } from 'playwright-core';
import { json, loginAs } from '../support/system.js';
import { settled, signIn, startHarness, type AdminHarness } from './admin-support.js';
import { axeViolations, type AxeFinding } from './axe.js';

// Functions passed to page.evaluate run in the browser: the little of the DOM they use.
declare const document: {
  documentElement: { lang: string };
  querySelectorAll(selector: string): Iterable<{ textContent: string | null; open: boolean }>;
};

const LANGUAGES = ['fi', 'sv', 'en'] as const;

let harness: AdminHarness;

beforeAll(async () => {
  harness = await startHarness();
}, 180_000);

afterAll(async () => {
  await harness?.stop();
});

/** With STATISTICS_SCREENSHOTS=<dir>, each checked screen is also saved as a PNG there. */
async function screenshot(page: Page, name: string): Promise<void> {
  const dir = process.env.STATISTICS_SCREENSHOTS;
  if (dir) {
    await page.screenshot({ path: `${dir}/${name.replace(/[^a-z0-9-]+/gi, '_')}.png`, fullPage: true });
  }
}

async function openIn(page: Page, path: string, language: string): Promise<void> {
  await page.goto(`${path}${path.includes('?') ? '&' : '?'}lang=${language}`);
  await settled(page);
  await page.waitForFunction((lang) => document.documentElement.lang === lang, language);
}

/** Every count the dashboard draws or tabulates (bar names and table cells). */
async function countsOnScreen(page: Page): Promise<string[]> {
  const names = await page
    .locator('[data-chart] [role=listitem]')
    .evaluateAll((bars) =>
      bars.map((bar) =>
        (bar as unknown as { getAttribute(name: string): string }).getAttribute('aria-label'),
      ),
    );
  const cells = await page.locator('[data-report-table] td').allTextContents();
  return [...names.map((name) => name.split(': ').pop() ?? ''), ...cells];
}

describe('guidance contacts and the statistics dashboard', () => {
  it('an advisor records contacts from the home page; they show on the client page', async () => {
    const { context, page } = await harness.newPage();
    await signIn(harness, page, 'advisor', '/?lang=en');
    const quick = page.getByRole('region', { name: 'Record a guidance contact' });
    // An anonymous contact: the defaults, a topic, the channel by keyboard.
    await quick.getByLabel('Housing').check();
    await quick.getByLabel('Walk-in').focus();
    await page.keyboard.press('ArrowRight');
    await quick.getByLabel('Age band').selectOption('25_29');
    // Each save waits for its own answer: the first one's message may still show at the second.
    const save = async () => {
      const answered = page.waitForResponse(
        (res) => new URL(res.url()).pathname === '/api/v1/contacts' && res.request().method() === 'POST',
      );
      await quick.getByRole('button', { name: 'Save the contact' }).click();
      expect((await answered).status()).toBe(201);
      await page.getByText('Guidance contact saved.').first().waitFor();
    };
    await save();
    // A registered client's contact, found by name.
    await quick.getByLabel('Registered client').check();
    await quick.getByLabel('Find the client').fill('Qasimova');
    await quick.getByLabel(/Zarifa Qasimova/).check();
    await quick.getByLabel('Employment').check();
    await save();

    const advisor = await loginAs(harness.system, 'advisor');
    const listed = await json(await advisor.get('/api/v1/contacts'));
    expect(
      listed.items.map((contact: { channel: string; topics: string[]; kind: string }) => [
        contact.kind,
        contact.channel,
        contact.topics,
      ]),
    ).toEqual([
      ['registered', 'phone', ['employment']],
      ['anonymous', 'phone', ['housing']],
    ]);

    await page.goto(`/clients/${harness.client.id}?lang=en`);
    await settled(page);
    const contacts = page.getByRole('region', { name: 'Guidance contacts' });
    await expect(contacts.locator('[data-contact-id]').count()).resolves.toBe(1);
    await expect(contacts.locator('[data-contact-id]').textContent()).resolves.toContain('Employment');
    await context.close();
  }, 180_000);

  it.each(LANGUAGES)(
    'the home page, the client page and their forms are axe clean in %s',
    async (language) => {
      const { context, page } = await harness.newPage();
      await signIn(harness, page, 'advisor', `/?lang=${language}`);
      const findings: AxeFinding[] = [];
      await openIn(page, '/', language);
      findings.push(...(await axeViolations(page, `/ (${language})`)));
      // The error summary of the quick entry (no topic chosen).
      await page.locator('[data-contact-form] button[type=submit]').click();
      await page.locator('.form-errors').waitFor();
      findings.push(...(await axeViolations(page, `/ with errors (${language})`)));
      await page.locator('[data-contact-form] input[value=client]').check();
      await page.locator('[data-event-form]').evaluate((form) => {
        (form as unknown as { parentElement: { open: boolean } }).parentElement.open = true;
      });
      findings.push(...(await axeViolations(page, `/ registered, event form (${language})`)));
      await screenshot(page, `home-${language}`);
      await openIn(page, `/clients/${harness.client.id}`, language);
      await page.locator('[data-client-contacts] details').evaluate((details) => {
        (details as unknown as { open: boolean }).open = true;
      });
      findings.push(...(await axeViolations(page, `/clients/:id (${language})`)));
      await screenshot(page, `client-${language}`);
      expect(findings).toEqual([]);
      await context.close();
    },
    180_000,
  );

  it("moni-admin's dashboard shows the figures, none under 5, with tables and downloads, axe clean", async () => {
    // The statistics service builds its read model from the events: wait until it has the contacts.
    const admin = await loginAs(harness.system, 'moni-admin');
    await eventually(
      async () => {
        const report = await json(await admin.get('/api/v1/statistics/contacts?groupBy=channel'));
        expect(report.total).not.toBe(0);
      },
      { timeoutMs: 30_000, intervalMs: 250 },
    );
    const { context, page } = await harness.newPage();
    await signIn(harness, page, 'moni-admin', '/statistics?lang=en');
    await page.waitForSelector('[data-stats-panel="contacts-channel"] [data-chart]');
    const channels = page.getByRole('list', { name: 'Guidance contacts by channel' });
    await expect(channels.getByRole('listitem', { name: 'Phone: hidden' }).count()).resolves.toBe(1);
    await expect(channels.getByRole('listitem', { name: 'Phone: hidden' }).textContent()).resolves.toContain(
      'hidden',
    );
    // A hidden bar shows the hatch (a style rule once painted it over in the brand's colour).
    await expect(
      channels
        .getByRole('listitem', { name: 'Phone: hidden' })
        .locator('rect')
        .evaluate(
          (rect) =>
            (globalThis as unknown as { getComputedStyle(e: unknown): { fill: string } }).getComputedStyle(
              rect,
            ).fill,
        ),
    ).resolves.toMatch(/^url\(/);
    // The table alternative says the same.
    const panel = page.locator('[data-stats-panel="contacts-channel"]');
    await panel.getByText('Show as a table').click();
    await expect(panel.locator('[data-report-table] tbody tr').first().textContent()).resolves.toBe(
      'Phonehidden',
    );
    // Participants against the plan.
    await expect(page.locator('[data-plan]').textContent()).resolves.toMatch(/of 620 planned participants/);
    // No count from 1 to 4 anywhere: in bars or in tables.
    await page.evaluate(() => {
      for (const details of document.querySelectorAll('main details')) {
        details.open = true;
      }
    });
    const counts = await countsOnScreen(page);
    expect(counts.length).toBeGreaterThan(20);
    expect(counts.filter((text) => /^[1-4]$/.test(text.trim()))).toEqual([]);
    // The ESF participant report as XLSX, made by the API.
    const esf = page.locator('[data-stats-panel="esf-participants"]');
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      esf.locator('[data-download=xlsx]').click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/^moni-esf-participants-\d{4}-\d{2}-\d{4}-\d{2}\.xlsx$/);
    const file = await download.path();
    expect(readFileSync(file).subarray(0, 2).toString()).toBe('PK');

    const findings: AxeFinding[] = [];
    for (const language of LANGUAGES) {
      await openIn(page, '/statistics', language);
      await page.waitForSelector('[data-stats-panel="esf-participants"] [data-report-table]');
      await page.evaluate(() => {
        for (const details of document.querySelectorAll('main details')) {
          details.open = true;
        }
      });
      findings.push(...(await axeViolations(page, `/statistics (${language})`)));
      await screenshot(page, `statistics-moni-admin-${language}`);
    }
    expect(findings).toEqual([]);
    await context.close();
  }, 300_000);

  it('a platform admin sees the network, aggregated; partner staff are not offered the dashboard', async () => {
    const { context, page } = await harness.newPage();
    await signIn(harness, page, 'admin', '/statistics?lang=en');
    await page.getByText("The whole network's figures, aggregated only.").waitFor();
    await page.waitForSelector('[data-stats-panel="contacts-month"] [data-chart]');
    const findings = await axeViolations(page, '/statistics (platform admin)');
    expect(findings).toEqual([]);
    await context.close();

    const partner = await harness.newPage();
    await signIn(harness, partner.page, 'employment', '/statistics?lang=en');
    await partner.page.getByText('Statistics are not available for your role.').waitFor();
    await expect(partner.page.getByRole('link', { name: 'Statistics' }).count()).resolves.toBe(0);
    await partner.context.close();
  }, 180_000);
});
