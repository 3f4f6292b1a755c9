// The closed loop in two browsers (one Chromium, two contexts, the system started once): the
// advisor sends, the employment services' open inbox shows it without a reload, the partner opens,
// accepts, starts and completes it while the advisor's open referral page follows each step live;
// a rejection without a reason is refused with an error summary and changes nothing; a stale page's
// action gets the 412 explanation and a clean reload.
import type { Browser, Page } from 'playwright-core';
import { json, loginAs, startSystem, type ApiCaller, type RunningSystem } from '../support/system.js';
import {
  clientWithConsent,
  launch,
  live,
  sendReferral,
  settled,
  signedIn,
  type SignedIn,
} from './partner-support.js';

// Functions passed to page.evaluate run in the browser: the little of the DOM they use.
declare const document: {
  activeElement: { tagName: string } | null;
  querySelector(
    selector: string,
  ): { textContent: string | null; getAttribute(name: string): string | null } | null;
};

let system: RunningSystem;
let browser: Browser;
let advisorApi: ApiCaller;
let advisor: SignedIn;
let partner: SignedIn;
let clientId: string;

beforeAll(async () => {
  system = await startSystem();
  browser = await launch();
  advisorApi = await loginAs(system, 'advisor');
  clientId = await clientWithConsent(advisorApi, 'Samir');
  advisor = await signedIn(browser, system, 'advisor');
  partner = await signedIn(browser, system, 'employment');
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await system?.stop();
});

/**
 * The acting page shows its own change once the API has answered (slower on a loaded machine);
 * the other side's page must follow within 3 s of that, live.
 */
const ACTED = 10_000;
const summaryStatus = (page: Page, status: string) =>
  page.locator(`section[aria-labelledby="referral-summary"] [data-status="${status}"]`);

async function referralAsAdvisor(
  id: string,
): Promise<{ status: string; version: number; history: unknown[] }> {
  const res = await advisorApi.get(`/api/v1/referrals/${id}`);
  expect(res.status).toBe(200);
  return (await json(res)) as { status: string; version: number; history: unknown[] };
}

describe('the loop between the advisor and the employment services', () => {
  it('goes round live on both sides: sent, received, accepted, in progress, completed', async () => {
    // The partner has the inbox open (the "needs action" queue).
    const inbox = await partner.newPage();
    await inbox.goto('/inbox?lang=en');
    await settled(inbox);
    await live(inbox);
    await inbox.waitForSelector('[role="tab"][data-queue="needs_action"][aria-selected="true"]');
    const needsActionBefore = await inbox.locator('[data-queue="needs_action"]').textContent();

    // The advisor sends; the open inbox shows it within 2 s, without a reload.
    const referralId = await sendReferral(advisorApi, clientId);
    const row = inbox.locator(`tr[data-referral-id="${referralId}"]`);
    await row.waitFor({ timeout: 2_000 });
    expect(await row.locator('[data-status]').getAttribute('data-status')).toBe('requested');
    expect(await inbox.locator('[data-queue="needs_action"]').textContent()).not.toBe(needsActionBefore);
    // Screen readers hear of it (the polite announcer).
    await inbox.waitForFunction(
      () => (document.querySelector('[data-announcer]') as { textContent: string } | null)?.textContent,
      undefined,
      { timeout: 3_000 },
    );
    expect(await inbox.locator('[data-announcer]').textContent()).toMatch(/New referrals: 1/);

    // The advisor watches the referral page.
    const watching = await advisor.newPage();
    await watching.goto(`/referrals/${referralId}?lang=en`);
    await settled(watching);
    await live(watching);
    await summaryStatus(watching, 'requested').waitFor();

    // The partner opens it from the inbox: the first open marks it received, on both pages.
    const page = await partner.newPage();
    await page.goto('/inbox?lang=en');
    await settled(page);
    await page.locator(`tr[data-referral-id="${referralId}"] a`).click();
    await page.waitForURL(`**/referrals/${referralId}`);
    await summaryStatus(page, 'received').waitFor({ timeout: 3_000 });
    await summaryStatus(watching, 'received').waitFor({ timeout: 3_000 });
    // The shared data: only the consented categories that were shared.
    const categories = await Promise.all(
      (await page.locator('[data-category]').all()).map((section) => section.getAttribute('data-category')),
    );
    expect(categories).toEqual(['identity', 'contact']);
    expect(await page.locator('[data-category="identity"]').textContent()).toContain('Samir');
    // The inbox row follows (another tab of the partner's).
    await row.locator('[data-status="received"]').waitFor({ timeout: 3_000 });

    // Rejecting without a reason: the error summary, and nothing changes.
    const before = await referralAsAdvisor(referralId);
    await page.getByRole('button', { name: 'Reject', exact: true }).click();
    const dialog = page.locator('dialog[data-transition-dialog="reject"]');
    await dialog.waitFor();
    await dialog.getByRole('button', { name: 'Confirm', exact: true }).click();
    await dialog.locator('.form-errors').getByText('Choose a reason.').waitFor();
    expect(await page.evaluate(() => document.activeElement?.tagName)).toBe('H2');
    await page.waitForTimeout(300);
    const after = await referralAsAdvisor(referralId);
    expect(after.status).toBe('received');
    expect(after.version).toBe(before.version);
    expect(after.history).toHaveLength(before.history.length);
    await dialog.getByRole('button', { name: 'Cancel', exact: true }).click();
    await dialog.waitFor({ state: 'detached' });

    // Accept: the advisor's page shows accepted within 3 s, with a toast and the bell's count.
    await page.getByRole('button', { name: 'Accept', exact: true }).click();
    await summaryStatus(page, 'accepted').waitFor({ timeout: ACTED });
    await summaryStatus(watching, 'accepted').waitFor({ timeout: 3_000 });
    await watching
      .locator('.toasts')
      .getByText(/accepted the referral/)
      .waitFor({ timeout: 3_000 });
    await watching.waitForFunction(
      () => Number(document.querySelector('[data-unread-count]')?.getAttribute('data-unread-count')) > 0,
      undefined,
      { timeout: 5_000 },
    );
    // Accepted leaves the "needs action" queue of the open inbox.
    await row.waitFor({ state: 'detached', timeout: 3_000 });

    // A stale page: a second tab whose live updates are cut off, still showing "accepted".
    const stale = await partner.newPage();
    await stale.route('**/api/v1/stream', (route) => route.abort());
    await stale.goto(`/referrals/${referralId}?lang=en`);
    await settled(stale);
    await summaryStatus(stale, 'accepted').waitFor();

    // The live page starts the work; the advisor sees it.
    await page.getByRole('button', { name: 'Start', exact: true }).click();
    await summaryStatus(page, 'in_progress').waitFor({ timeout: ACTED });
    await summaryStatus(watching, 'in_progress').waitFor({ timeout: 3_000 });

    // The stale page's action: the 412 explanation, then a reload to the current version.
    await stale.getByRole('button', { name: 'Put on hold', exact: true }).click();
    const holdDialog = stale.locator('dialog[data-transition-dialog="hold"]');
    await holdDialog.locator('select').selectOption('waitlisted');
    await holdDialog.getByRole('button', { name: 'Confirm', exact: true }).click();
    const notice = stale.locator('[data-stale="true"]');
    await notice.waitFor();
    expect(await notice.textContent()).toContain('Someone else changed this referral in the meantime');
    expect((await referralAsAdvisor(referralId)).status).toBe('in_progress');
    await notice.getByRole('button', { name: 'Reload the referral' }).click();
    await summaryStatus(stale, 'in_progress').waitFor({ timeout: 3_000 });
    await notice.waitFor({ state: 'detached' });
    await stale.getByRole('button', { name: 'Complete', exact: true }).waitFor();

    // Complete needs an outcome.
    await page.getByRole('button', { name: 'Complete', exact: true }).click();
    const complete = page.locator('dialog[data-transition-dialog="complete"]');
    await complete.getByRole('button', { name: 'Confirm', exact: true }).click();
    await complete.locator('.form-errors').getByText('Choose an outcome.').waitFor();
    await complete.getByLabel('Outcome').selectOption('service_started');
    await complete.getByRole('button', { name: 'Confirm', exact: true }).click();
    await summaryStatus(page, 'completed').waitFor({ timeout: ACTED });
    await summaryStatus(watching, 'completed').waitFor({ timeout: 3_000 });
    const done = await referralAsAdvisor(referralId);
    expect(done).toMatchObject({ status: 'completed', outcomeCode: 'service_started' });
  });
});
