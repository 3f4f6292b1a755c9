// axe-core (wcag2a, wcag2aa, wcag21a, wcag21aa) on every screen of the administration and the
// client's rights, in Finnish, Swedish and English, with their dialogs and error summaries open.
import type { Page } from 'playwright-core';
import { settled, signIn, startHarness, type AdminHarness } from './admin-support.js';
import { axeViolations, type AxeFinding } from './axe.js';

// Functions passed to page.evaluate run in the browser: the little of the DOM they use.
declare const document: { documentElement: { lang: string } };

const LANGUAGES = ['fi', 'sv', 'en'] as const;
/**
 * Every screen is checked in every language; the states opened on it (forms with errors, dialogs)
 * in Finnish only. Their structure does not change with the language, the texts are checked complete
 * in every language by the portal's i18n tests, and the three rounds of them took over a minute of CI.
 */
const STATES_LANGUAGE = 'fi';

let harness: AdminHarness;

beforeAll(async () => {
  harness = await startHarness();
}, 180_000);

afterAll(async () => {
  await harness?.stop();
});

/** With ADMIN_SCREENSHOTS=<dir>, each checked state is also saved as a PNG there (to look at). */
async function screenshot(page: Page, name: string): Promise<void> {
  const dir = process.env.ADMIN_SCREENSHOTS;
  if (dir) {
    const file = name.replace(/[^a-z0-9-]+/gi, '_').slice(0, 120);
    await page.screenshot({ path: `${dir}/${file}.png`, fullPage: true });
  }
}

/** Opens a screen in a language and checks it, then (in STATES_LANGUAGE) each state that `more` opens. */
async function check(
  page: Page,
  path: string,
  language: string,
  findings: AxeFinding[],
  more: ((page: Page) => Promise<string>)[] = [],
): Promise<void> {
  await page.goto(`${path}${path.includes('?') ? '&' : '?'}lang=${language}`);
  await settled(page);
  await page.waitForFunction((lang) => document.documentElement.lang === lang, language);
  findings.push(...(await axeViolations(page, `${path} (${language})`)));
  await screenshot(page, `${path}-${language}`);
  for (const open of language === STATES_LANGUAGE ? more : []) {
    const state = await open(page);
    findings.push(...(await axeViolations(page, `${path} ${state} (${language})`)));
    await screenshot(page, `${path}-${state}-${language}`);
  }
}

/** Opens the first confirmation dialog behind `button` (a CSS selector), then closes it with Escape. */
const dialogOf = (selector: string, state: string) => async (page: Page) => {
  await page.locator(selector).first().click();
  await page.getByRole('alertdialog').waitFor();
  return state;
};

const closeDialog = async (page: Page) => {
  await page.keyboard.press('Escape');
  await page.getByRole('alertdialog').waitFor({ state: 'detached' });
};

describe.each(LANGUAGES)('accessibility of the administration screens in %s', (language) => {
  it('moni-admin: profile, members and invitations, services (with forms, errors and dialogs)', async () => {
    const { context, page } = await harness.newPage();
    await signIn(harness, page, 'moni-admin', '/organisation');
    const findings: AxeFinding[] = [];
    await check(page, '/organisation', language, findings, [
      async (p) => {
        await p.locator('#intake-days').fill('0');
        await p.locator('#profile-heading ~ form button[type=submit]').click();
        await p.locator('.form-errors').waitFor();
        return 'with errors';
      },
    ]);
    await check(page, '/organisation/members', language, findings, [
      async (p) => {
        await p.locator('#invite-email').fill('x');
        await p.locator('form[aria-labelledby=invite-heading] button[type=submit]').click();
        await p.locator('.form-errors').waitFor();
        return 'with errors';
      },
      dialogOf('tr[data-member-id] td:last-child button', 'deactivation dialog'),
    ]);
    await closeDialog(page);
    await check(page, '/organisation/services', language, findings, [
      dialogOf('tr[data-service-id] .row-actions button:nth-of-type(2)', 'delete dialog'),
    ]);
    await closeDialog(page);
    await check(page, '/organisation/services', language, findings, [
      async (p) => {
        await p.locator('main > p button').first().click();
        await p.locator('#service-form-heading').waitFor();
        await p.locator('form[aria-labelledby=service-form-heading] button[type=submit]').click();
        await p.locator('.form-errors').waitFor();
        return 'new service with errors';
      },
    ]);
    expect(findings).toEqual([]);
    await context.close();
  }, 300_000);

  it('admin: organisations (create form, deactivation and referrals dialogs, members) and the audit log', async () => {
    const { context, page } = await harness.newPage();
    await signIn(harness, page, 'admin', '/admin/organisations');
    const findings: AxeFinding[] = [];
    await check(page, '/admin/organisations', language, findings, [
      async (p) => {
        await p.locator('main > p button').first().click();
        await p.locator('#new-org-heading').waitFor();
        await p.locator('#new-org-business-id').fill('1234567-1');
        await p.locator('form[aria-labelledby=new-org-heading] button[type=submit]').click();
        await p.locator('.form-errors').waitFor();
        return 'create with errors';
      },
      async (p) => {
        await p.locator('tr[data-organisation-id] .row-actions button').first().click();
        await p.locator('#selected-org-heading').waitFor();
        await p.locator('#members-heading').waitFor();
        return 'with members';
      },
      dialogOf('tr[data-organisation-id] .row-actions button:nth-of-type(2)', 'deactivation dialog'),
      async (p) => {
        await closeDialog(p);
        await p.locator('tr[data-organisation-id] td:nth-child(5) button').first().click();
        await p.getByRole('alertdialog').waitFor();
        for (const box of await p.locator('[role=alertdialog] input[type=checkbox]').all()) {
          await box.uncheck();
        }
        await p.locator('[role=alertdialog] .form-actions button').first().click();
        await p.locator('[role=alertdialog] .field__error').waitFor();
        return 'referrals dialog with its error';
      },
    ]);
    await closeDialog(page);
    await check(page, '/admin/audit', language, findings, [
      async (p) => {
        await p.locator('[data-chain-state]').waitFor();
        return 'with verification';
      },
      async (p) => {
        await p.locator('#audit-action').fill('NOT A CODE');
        await p.locator('form[role=search] button[type=submit]').click();
        await p.locator('.form-errors').waitFor();
        return 'with errors';
      },
    ]);
    await check(page, `/clients/${harness.client.id}`, language, findings);
    expect(findings).toEqual([]);
    await context.close();
  }, 300_000);

  it("advisor: the client's rights on the client page, with the erasure dialog", async () => {
    const { context, page } = await harness.newPage();
    await signIn(harness, page, 'advisor', `/clients/${harness.client.id}`);
    const findings: AxeFinding[] = [];
    await check(page, `/clients/${harness.client.id}`, language, findings, [
      async (p) => {
        await p.locator('[data-client-rights="disclosures"] table').waitFor();
        return 'with the disclosure log';
      },
      dialogOf('[data-client-rights="erase"] button', 'erasure dialog'),
    ]);
    await closeDialog(page);
    expect(findings).toEqual([]);
    await context.close();
  }, 300_000);
});

it("the erased client's page in fi, sv and en", async () => {
  const { context, page } = await harness.newPage();
  await signIn(harness, page, 'advisor', `/clients/${harness.client.id}`);
  await page.locator('[data-client-rights="erase"] button').click();
  await page.getByRole('alertdialog').locator('button').first().click();
  await page.locator('[data-client-rights="erase"][data-erased="true"]').waitFor();
  const findings: AxeFinding[] = [];
  for (const language of LANGUAGES) {
    await check(page, `/clients/${harness.client.id}`, language, findings);
  }
  expect(findings).toEqual([]);
  await context.close();
}, 300_000);
