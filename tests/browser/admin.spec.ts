// The administration in Chromium against the whole system: moni-admin invites a member who then
// signs in, and adds a service to MONI's directory; admin creates, deactivates and activates again
// an organisation, searches the audit log, and sees no client data anywhere in the portal.
import type { Page } from 'playwright-core';
import { json, loginAs } from '../support/system.js';
import { NEW_MEMBER, settled, signIn, startHarness, type AdminHarness } from './admin-support.js';

let harness: AdminHarness;

beforeAll(async () => {
  harness = await startHarness();
}, 180_000);

afterAll(async () => {
  await harness?.stop();
});

/** The text of the whole page, the shell included. */
const pageText = (page: Page) => page.locator('body').innerText();

describe('organisation administration (moni-admin)', () => {
  it('invites a new member by e-mail, who then signs in and sees their role’s home', async () => {
    const { context, page } = await harness.newPage();
    await signIn(harness, page, 'moni-admin', '/organisation/members?lang=en');
    await page.locator('main h1', { hasText: 'Members and invitations' }).waitFor();
    // Members with their roles; moni-admin cannot change or deactivate themselves.
    const self = page.locator('tr', { hasText: 'moni-admin@moni.example' });
    await self.waitFor();
    expect(await self.getByRole('button', { name: /^Deactivate/ }).count()).toBe(0);

    await page.getByLabel('E-mail address', { exact: true }).fill(NEW_MEMBER.email);
    await page.getByLabel('Role', { exact: true }).selectOption('partner_staff');
    await page.getByRole('button', { name: 'Send invitation' }).click();
    const pending = page.locator('tr[data-invitation-id]', { hasText: NEW_MEMBER.email });
    await pending.waitFor();
    expect(await pending.innerText()).toContain('Partner staff');
    await page.getByText(`An invitation was sent to ${NEW_MEMBER.email}.`).waitFor();

    // A bad address is refused with the API's field error on the field; nothing typed is lost.
    await page.getByLabel('E-mail address', { exact: true }).fill('not-an-address');
    await page.getByRole('button', { name: 'Send invitation' }).click();
    await page.getByRole('heading', { name: /The form has 1 error/ }).waitFor();
    expect(await page.getByLabel('E-mail address', { exact: true }).getAttribute('aria-invalid')).toBe(
      'true',
    );
    expect(await page.getByLabel('E-mail address', { exact: true }).inputValue()).toBe('not-an-address');

    // Resend: a new invitation replaces the open one (still one row for the address).
    await page.getByRole('button', { name: `Resend: ${NEW_MEMBER.email}` }).click();
    await page.getByText(`The invitation to ${NEW_MEMBER.email} was sent again.`).waitFor();
    await expect(page.locator('tr[data-invitation-id]', { hasText: NEW_MEMBER.email }).count()).resolves.toBe(
      1,
    );
    await context.close();

    // The invited user signs in and lands on the partner staff's home, with their role's navigation.
    const invited = await harness.newPage();
    await signIn(harness, invited.page, NEW_MEMBER.username, '/?lang=en');
    expect(new URL(invited.page.url()).pathname).toBe('/');
    const nav = invited.page.getByRole('navigation', { name: /main/i });
    await nav.getByRole('link', { name: 'Inbox' }).waitFor();
    expect(await nav.getByRole('link', { name: 'Clients' }).count()).toBe(0);
    expect(await invited.page.locator('header').innerText()).toContain('Partner staff');
    await invited.context.close();

    // moni-admin sees them as a member now, and no longer as pending.
    const again = await harness.newPage();
    await signIn(harness, again.page, 'moni-admin', '/organisation/members?lang=en');
    await again.page.locator('tr[data-member-id]', { hasText: NEW_MEMBER.email }).waitFor();
    expect(await again.page.locator('tr[data-invitation-id]', { hasText: NEW_MEMBER.email }).count()).toBe(0);
    await again.context.close();
  }, 180_000);

  it("adds a service to MONI's directory", async () => {
    const { context, page } = await harness.newPage();
    await signIn(harness, page, 'moni-admin', '/organisation/services?lang=en');
    await page.getByRole('button', { name: 'Add a service' }).click();
    const name = `Kotoutumisneuvonta ${Date.now()}`;
    await page.locator('#service-name-fi').fill(name);
    await page.locator('#service-name-en').fill('Integration counselling');
    await page.locator('#service-description-fi').fill('Neuvontaa arjen asioissa.');
    // Without a need the API refuses, naming the field; the form keeps what was typed.
    await page.getByRole('button', { name: 'Add service' }).click();
    await page.getByRole('heading', { name: /The form has/ }).waitFor();
    expect(await page.locator('#service-name-fi').inputValue()).toBe(name);
    await page.getByLabel('Leisure and integration', { exact: false }).check();
    await page.getByLabel('English', { exact: true }).check();
    await page.getByLabel('Referrals', { exact: true }).selectOption('waitlist');
    await page.getByRole('button', { name: 'Add service' }).click();
    const row = page.locator('tr[data-service-id]', { hasText: 'Integration counselling' });
    await row.waitFor();
    expect(await row.innerText()).toContain('Waiting list');

    // It is in the directory that advisors search.
    const advisor = await loginAs(harness.system, 'advisor');
    const found = await json(
      await advisor.get('/api/v1/directory/services?need=leisure_integration&limit=100'),
    );
    expect(found.items.map((item: { name: { fi: string } }) => item.name.fi)).toContain(name);
    await context.close();
  }, 180_000);
});

describe('platform administration (admin)', () => {
  it('creates an organisation and deactivates it with a warning, then finds both in the audit log', async () => {
    const { context, page } = await harness.newPage();
    await signIn(harness, page, 'admin', '/admin/organisations?lang=en');
    await page.getByRole('button', { name: 'Create an organisation' }).click();
    const name = `Testiyhdistys ${Date.now()}`;
    await page.locator('#new-org-name-fi').fill(name);
    await page.locator('#new-org-kind').fill('association');
    await page.getByRole('button', { name: 'Create organisation' }).click();
    const row = page.locator('tr[data-organisation-id]', { hasText: name });
    await row.waitFor();
    expect(await row.innerText()).toContain('Waiting for the agreement');
    const organisationId = (await row.getAttribute('data-organisation-id')) as string;

    await row.getByRole('button', { name: `Deactivate: ${name}` }).click();
    const dialog = page.getByRole('alertdialog', { name: `Deactivate ${name}?` });
    expect(await dialog.innerText()).toContain('lose access at once');
    await dialog.getByRole('button', { name: 'Deactivate organisation' }).click();
    await page
      .locator(`tr[data-organisation-id="${organisationId}"] [data-organisation-status="deactivated"]`)
      .waitFor();

    // Activated again: it never accepted the agreement, so it waits for that once more.
    await row.getByRole('button', { name: `Activate: ${name}` }).click();
    const activation = page.getByRole('alertdialog', { name: `Activate ${name}?` });
    expect(await activation.innerText()).toContain('get access again');
    await activation.getByRole('button', { name: 'Activate organisation' }).click();
    await page
      .locator(`tr[data-organisation-id="${organisationId}"] [data-organisation-status="pending_agreement"]`)
      .waitFor();
    await page.getByText(`${name} was activated.`).waitFor();
    await row.getByRole('button', { name: `Deactivate: ${name}` }).waitFor();

    // The audit search: by action and target, ids and codes only. `?lang=` is the portal's, not a
    // filter: no call to the API is refused on the way in.
    const refused: string[] = [];
    page.on('response', (response) => {
      if (response.url().includes('/api/') && response.status() >= 400) {
        refused.push(`${response.status()} ${response.url()}`);
      }
    });
    await page.goto('/admin/audit?lang=en');
    await settled(page);
    await page.locator('[data-chain-state="valid"]').waitFor();
    await page.locator('tr[data-audit-seq]').first().waitFor();
    expect(refused).toEqual([]);
    await page.getByLabel('Action', { exact: true }).fill('organisation.deactivated');
    await page.getByLabel('Target id', { exact: true }).fill(organisationId);
    await page.getByRole('button', { name: 'Search the log' }).click();
    await page.waitForURL(/action=organisation.deactivated/);
    const entry = page.locator('tr[data-audit-seq]', { hasText: organisationId });
    await entry.waitFor();
    expect(await page.locator('tr[data-audit-seq]').count()).toBe(1);
    expect(await entry.innerText()).toContain('organisation.deactivated');
    await context.close();
  }, 180_000);

  it('sees no client data anywhere in the portal', async () => {
    const { client } = harness;
    const { context, page } = await harness.newPage();
    const clientApiCalls: string[] = [];
    page.on('request', (request) => {
      const { pathname } = new URL(request.url());
      if (/^\/api\/v1\/(clients|referrals|consents)/.test(pathname)) {
        clientApiCalls.push(pathname);
      }
    });
    await signIn(harness, page, 'admin', '/?lang=en');
    // The navigation has no client screens.
    const nav = page.getByRole('navigation', { name: /main/i });
    const links = await nav.getByRole('link').allInnerTexts();
    // Statistics: the network's figures, aggregated and suppressed (no client's data).
    expect(links).toEqual(['Home', 'Organisations', 'Audit', 'Statistics', 'Notifications', 'Settings']);

    const clientRoutes = [
      '/clients',
      '/clients/new',
      `/clients/${client.id}`,
      `/clients/${client.id}/consents/new`,
      `/clients/${client.id}/consents/${client.consentId}`,
      '/referrals/new',
      `/referrals/new?clientId=${client.id}`,
      `/referrals/${client.referralId}`,
      '/outbox',
      '/inbox',
    ];
    const otherRoutes = [
      '/',
      '/notifications',
      '/settings',
      '/organisation',
      '/organisation/members',
      '/organisation/services',
      '/admin/organisations',
      '/admin/audit',
      `/admin/audit?targetId=${client.referralId}`,
    ];
    for (const route of [...clientRoutes, ...otherRoutes]) {
      await page.goto(route);
      await settled(page);
      const text = await pageText(page);
      for (const secret of client.secrets) {
        expect({ route, leaked: text.includes(secret) ? secret : null }).toEqual({ route, leaked: null });
      }
      if (clientRoutes.includes(route)) {
        expect({ route, notAvailable: await page.locator('[data-not-available]').count() }).toEqual({
          route,
          notAvailable: 1,
        });
        await page.getByRole('heading', { name: 'Not available for your role', level: 1 }).waitFor();
      }
    }
    // The organisations page, every organisation's members opened: still nothing of the client.
    await page.goto('/admin/organisations');
    await settled(page);
    expect(await page.locator('tr[data-organisation-id]').count()).toBeGreaterThan(5);
    const text = await pageText(page);
    expect(client.secrets.filter((secret) => text.includes(secret))).toEqual([]);
    // No client screen called the API.
    expect(clientApiCalls).toEqual([]);
    await context.close();
  }, 180_000);
});
