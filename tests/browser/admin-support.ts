// Shared by the administration's browser tests: the system with extra realm users, Chromium, sign
// in through the dev identity provider's form, axe, and a client (with a consent and a referral)
// made through the API so that there is client data that a platform admin must never see.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { DEMO_ORG_EMPLOYMENT } from '../../apps/partners/src/demo/demo-organisations.js';
import { json, loginAs, startSystem, type RunningSystem } from '../support/system.js';

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

/** Users of the realm with no membership yet: they are invited in the tests. */
export const NEW_MEMBER = {
  id: 'b2b2b2b2-0000-4000-8000-000000000001',
  username: 'new-member',
  email: 'new-member@moni.example',
};

function writeRealm(dir: string): string {
  const realm = JSON.parse(readFileSync('deploy/keycloak/realm-moni.json', 'utf8'));
  realm.users.push({
    id: NEW_MEMBER.id,
    username: NEW_MEMBER.username,
    email: NEW_MEMBER.email,
    emailVerified: true,
    firstName: 'Uusi',
    lastName: 'Jäsen',
    enabled: true,
    credentials: [{ type: 'password', value: 'demo', temporary: false }],
    realmRoles: [],
  });
  const file = path.join(dir, 'realm.json');
  writeFileSync(file, JSON.stringify(realm));
  return file;
}

export interface AdminHarness {
  system: RunningSystem;
  browser: Browser;
  /** A client of the test's own, with what identifies them: must never reach a platform admin. */
  client: { id: string; consentId: string; referralId: string; secrets: string[] };
  newPage(): Promise<{ context: BrowserContext; page: Page }>;
  stop(): Promise<void>;
}

export async function startHarness(): Promise<AdminHarness> {
  const dir = mkdtempSync(path.join(tmpdir(), 'moni-admin-browser-'));
  const system = await startSystem({ realmFile: writeRealm(dir) });
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
  const advisor = await loginAs(system, 'advisor');
  const created = await advisor.post('/api/v1/clients', {
    firstName: 'Zarifa',
    lastName: 'Qasimova',
    dateOfBirth: '1987-02-14',
    personalIdentityCode: '140287-946L',
    languages: ['ru', 'fi'],
    preferredLanguage: 'ru',
    phone: '+358401234987',
    email: 'zarifa.qasimova@client.example',
    municipality: 'Seinäjoki',
    needs: [{ category: 'employment', description: 'Etsii työtä sairaanhoitajana' }],
  });
  expect(created.status).toBe(201);
  const client = await json(created);
  const consent = await json(
    await advisor.post(`/api/v1/clients/${client.id}/consents`, {
      recipientOrganisationIds: [DEMO_ORG_EMPLOYMENT],
      categories: ['identity', 'contact', 'needs'],
      purposes: ['referral'],
      method: 'verbal',
      givenBy: 'client',
      noticeVersion: '2026-1',
      noticeLanguage: 'ru',
      interpreterUsed: false,
    }),
  );
  const referral = await json(
    await advisor.post('/api/v1/referrals', {
      clientId: client.id,
      receivingOrganisationId: DEMO_ORG_EMPLOYMENT,
      need: 'employment',
      reason: 'Zarifa Qasimova looks for work as a nurse.',
      urgency: 'routine',
      categories: ['identity', 'contact'],
      send: true,
    }),
  );
  expect(referral.id).toEqual(expect.any(String));
  return {
    system,
    browser,
    client: {
      id: client.id,
      consentId: consent.id,
      referralId: referral.id,
      secrets: [
        'Zarifa',
        'Qasimova',
        '140287',
        '946L',
        '+358401234987',
        'zarifa.qasimova',
        'sairaanhoitajana',
      ],
    },
    async newPage() {
      const context = await browser.newContext({ baseURL: system.gatewayUrl, locale: 'en-GB' });
      const page = await context.newPage();
      page.on('pageerror', (error) => {
        throw error;
      });
      return { context, page };
    },
    async stop() {
      await browser.close();
      await system.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** The page has its heading and nothing is loading any more. */
export async function settled(page: Page): Promise<void> {
  await page.waitForSelector('main h1');
  await page.waitForFunction(() => !document.querySelector('main .loading'));
}

/** Opens a path without a session: the gateway's login, the IdP's form, back to the path. */
export async function signIn(
  harness: AdminHarness,
  page: Page,
  username: string,
  target: string,
): Promise<void> {
  await page.goto(target);
  await page.waitForSelector('input[name=username]');
  await page.locator('input[name=username]').fill(username);
  await page.locator('input[name=password]').fill('demo');
  await page.keyboard.press('Enter');
  await page.waitForURL(
    (url) => url.origin === harness.system.gatewayUrl && !url.pathname.startsWith('/auth/'),
  );
  await settled(page);
}
