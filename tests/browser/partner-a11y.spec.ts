// axe-core (WCAG 2.1 AA) on the partner's screens in Finnish, Swedish and English: the inbox, the
// referral page as the receiving organisation sees it (and its reason dialog), the notifications
// and the settings. Screenshots go to $PORTAL_SCREENSHOTS when set, to look at.
import { mkdirSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { loginAs, startSystem, type RunningSystem } from '../support/system.js';
import {
  LANGUAGES,
  clientWithConsent,
  launch,
  sendReferral,
  settled,
  signedIn,
  type SignedIn,
} from './partner-support.js';
import { expectNoAxeViolations } from './axe.js';

let system: RunningSystem;
let browser: Browser;
let partner: SignedIn;
let referralId: string;
const screenshots = process.env.PORTAL_SCREENSHOTS;

beforeAll(async () => {
  system = await startSystem();
  browser = await launch();
  const advisorApi = await loginAs(system, 'advisor');
  const clientId = await clientWithConsent(advisorApi, 'Hodan');
  referralId = await sendReferral(advisorApi, clientId);
  await sendReferral(advisorApi, await clientWithConsent(advisorApi, 'Oksana'));
  partner = await signedIn(browser, system, 'employment');
  if (screenshots) {
    mkdirSync(screenshots, { recursive: true });
  }
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await system?.stop();
});

async function check(page: Page, path: string, label: string): Promise<void> {
  await page.goto(path);
  await settled(page);
  await expectNoAxeViolations(page, label);
  if (screenshots) {
    await page.screenshot({ path: `${screenshots}/${label.replace(/\W+/g, '-')}.png`, fullPage: true });
  }
}

describe("the partner's screens pass axe", () => {
  it.each(LANGUAGES)(
    'in %s',
    async (language) => {
      const page = await partner.newPage();
      await check(page, `/inbox?lang=${language}`, `${language} inbox`);
      expect(
        await page.evaluate(
          () =>
            (globalThis as unknown as { document: { documentElement: { lang: string } } }).document
              .documentElement.lang,
        ),
      ).toBe(language);
      expect(await page.locator('tr[data-referral-id]').count()).toBeGreaterThanOrEqual(1);
      await check(page, `/inbox?lang=${language}&queue=all&need=employment`, `${language} inbox all`);

      await check(page, `/referrals/${referralId}?lang=${language}`, `${language} referral`);
      await page.locator('[data-category="identity"]').waitFor();
      // The reason dialog with its error summary.
      await page.locator('button[data-action="reject"]').click();
      const dialog = page.locator('dialog[data-transition-dialog="reject"]');
      await dialog.locator('button[type="submit"]').click();
      await dialog.locator('.form-errors').waitFor();
      await expectNoAxeViolations(page, `${language} reject dialog`);
      if (screenshots) {
        await page.screenshot({ path: `${screenshots}/${language}-reject-dialog.png`, fullPage: true });
      }
      await page.keyboard.press('Escape');
      await dialog.waitFor({ state: 'detached' });

      await check(page, `/notifications?lang=${language}&filter=all`, `${language} notifications`);
      expect(await page.locator('[data-notification-id]').count()).toBeGreaterThanOrEqual(1);
      await check(page, `/settings?lang=${language}`, `${language} settings`);
      await page.close();
    },
    170_000,
  );
});
