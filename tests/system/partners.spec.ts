import { randomInt } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { getDataSourceToken } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { clientCredentialsGrant, passwordGrant } from '#testing';
import {
  DEMO_ORG_EMPLOYMENT,
  DEMO_ORG_KELA,
  DEMO_ORG_MONI,
  DEMO_ORG_PENDING,
} from '../../apps/partners/src/demo/demo-organisations.js';
import { DEMO_USER_PARTNER_SYSTEM } from '../../apps/partners/src/demo/demo-users.js';
import { apiAs, json, loginAs, startSystem, type ApiCaller, type RunningSystem } from '../support/system.js';

// Users of this test's own realm, on top of the demo users.
const EXTRA_USERS = [
  {
    id: 'a1a1a1a1-0000-4000-8000-000000000001',
    username: 'new-admin',
    email: 'new-admin@new.example',
    verified: true,
  },
  {
    id: 'a1a1a1a1-0000-4000-8000-000000000002',
    username: 'new-staff',
    email: 'New-Staff@New.example',
    verified: true,
  },
  {
    id: 'a1a1a1a1-0000-4000-8000-000000000003',
    username: 'unverified',
    email: 'unverified@new.example',
    verified: false,
  },
  { id: 'a1a1a1a1-0000-4000-8000-000000000004', username: 'late', email: 'late@new.example', verified: true },
  {
    id: 'a1a1a1a1-0000-4000-8000-000000000005',
    username: 'nobody',
    email: 'nobody@new.example',
    verified: true,
  },
];

function writeRealm(dir: string): string {
  const realm = JSON.parse(readFileSync('deploy/keycloak/realm-moni.json', 'utf8'));
  for (const user of EXTRA_USERS) {
    realm.users.push({
      id: user.id,
      username: user.username,
      email: user.email,
      emailVerified: user.verified,
      firstName: 'Test',
      lastName: user.username,
      enabled: true,
      credentials: [{ type: 'password', value: 'demo', temporary: false }],
      realmRoles: [],
    });
  }
  const file = path.join(dir, 'realm.json');
  writeFileSync(file, JSON.stringify(realm));
  return file;
}

// Each run draws a random start and counts up from it, so no two ids of one run collide (each
// test file has its own database, so runs never meet); demo organisations' ids start below 7.
let nextBusinessNumber = 7_000_000 + randomInt(0, 2_000_000);
/** Valid business IDs that no demo organisation has and no other call of this run gets. */
function businessId(): string {
  const weights = [7, 9, 10, 5, 8, 4, 2];
  for (;;) {
    const digits = String(nextBusinessNumber++);
    const remainder = [...digits].reduce((sum, d, i) => sum + Number(d) * weights[i], 0) % 11;
    if (remainder !== 1) {
      return `${digits}-${remainder === 0 ? 0 : 11 - remainder}`;
    }
  }
}

const newOrganisation = (overrides: Record<string, unknown> = {}) => ({
  name: { fi: 'Testiyhdistys ry', sv: 'Testföreningen rf', en: 'Test Association' },
  businessId: businessId(),
  kind: 'non-governmental organisation',
  canReceive: true,
  intake: { email: 'intake@test.example', responseDays: 4, accepting: true },
  units: [{ name: { fi: 'Toimipiste', sv: 'Kontor', en: 'Office' } }],
  ...overrides,
});

describe('organisations, members and the actor of every request (partners), through the gateway', () => {
  let system: RunningSystem;
  let dir: string;
  let admin: ApiCaller;
  let moniAdmin: ApiCaller;
  let advisor: ApiCaller;
  let employment: ApiCaller;
  const as = async (username: string) => apiAs(system, await passwordGrant(system.idp.baseUrl, username));

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'moni-partners-'));
    system = await startSystem({ realmFile: writeRealm(dir) });
    [admin, moniAdmin, advisor, employment] = await Promise.all(
      ['admin', 'moni-admin', 'advisor', 'employment'].map((name) => loginAs(system, name)),
    );
  });

  afterAll(async () => {
    await system?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  const partnersDb = () => system.services.get('partners')!.get<DataSource>(getDataSourceToken());

  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  async function create(body: Record<string, unknown> = newOrganisation()): Promise<any> {
    const res = await admin.post('/api/v1/organisations', body);
    expect(res.status).toBe(201);
    return (await json(res)) as unknown;
  }

  describe('GET /me', () => {
    it('shows the demo memberships: advisor acts for MONI as advisor', async () => {
      const res = await advisor.get('/api/v1/me');
      expect(res.status).toBe(200);
      expect(await json(res)).toMatchObject({
        username: 'advisor',
        organisations: [
          {
            id: DEMO_ORG_MONI,
            name: { fi: expect.any(String), sv: expect.any(String), en: expect.any(String) },
            role: 'advisor',
            status: 'active',
          },
        ],
        activeOrganisationId: DEMO_ORG_MONI,
        role: 'advisor',
      });
    });

    it('shows platform_admin acting without an organisation', async () => {
      const body = await json(await admin.get('/api/v1/me'));
      expect(body).toMatchObject({ organisations: [], activeOrganisationId: null, role: 'platform_admin' });
    });

    it('answers a user without any membership, who gets 403 everywhere else', async () => {
      const nobody = await as('nobody');
      expect(await json(await nobody.get('/api/v1/me'))).toMatchObject({
        organisations: [],
        activeOrganisationId: null,
        role: null,
      });
      const res = await nobody.get(`/api/v1/organisations/${DEMO_ORG_MONI}`);
      expect(res.status).toBe(403);
      expect((await json(res)).code).toBe('AUTH.FORBIDDEN');
    });

    it('refuses an X-Organisation-Id that is not one of the caller’s memberships (403) or not a UUID (400)', async () => {
      const foreign = await advisor.get('/api/v1/me', { 'X-Organisation-Id': DEMO_ORG_KELA });
      expect(foreign.status).toBe(403);
      const malformed = await advisor.get('/api/v1/me', { 'X-Organisation-Id': 'moni' });
      expect(malformed.status).toBe(400);
      expect((await json(malformed)).details).toEqual([
        expect.objectContaining({ field: 'X-Organisation-Id' }),
      ]);
    });
  });

  describe('organisations', () => {
    it('lists the demo network for platform_admin, with one organisation pending its agreement', async () => {
      const res = await admin.get('/api/v1/organisations?limit=100');
      expect(res.status).toBe(200);
      const body = await json(res);
      expect(body.items.length).toBeGreaterThanOrEqual(9);
      const pending = body.items.find((org: { id: string }) => org.id === DEMO_ORG_PENDING);
      expect(pending).toMatchObject({ status: 'pending_agreement', agreement: null });
      const paged = await json(await admin.get('/api/v1/organisations?limit=4'));
      expect(paged.items).toHaveLength(4);
      const next = await json(await admin.get(`/api/v1/organisations?limit=4&cursor=${paged.nextCursor}`));
      expect(next.items[0].id).not.toBe(paged.items[3].id);
      expect(next.items.map((o: { id: string }) => o.id)).not.toContain(paged.items[0].id);
    });

    it('creates an organisation pending its agreement, with names, units and intake', async () => {
      const input = newOrganisation();
      const res = await admin.post('/api/v1/organisations', input);
      expect(res.status).toBe(201);
      expect(res.headers.get('etag')).toBe('"1"');
      expect(await json(res)).toMatchObject({
        id: expect.any(String),
        name: input.name,
        businessId: input.businessId,
        kind: input.kind,
        canSend: false,
        canReceive: true,
        intake: input.intake,
        units: [{ id: expect.any(String), name: { fi: 'Toimipiste', sv: 'Kontor', en: 'Office' } }],
        status: 'pending_agreement',
        agreement: null,
        version: 1,
      });
    });

    it('refuses a second organisation with the same business ID (409)', async () => {
      const first = await create();
      const res = await admin.post(
        '/api/v1/organisations',
        newOrganisation({ businessId: first.businessId }),
      );
      expect(res.status).toBe(409);
      expect((await json(res)).code).toBe('ORGANISATION.BUSINESS_ID_TAKEN');
      const demo = await admin.post('/api/v1/organisations', newOrganisation({ businessId: '0204819-8' }));
      expect(demo.status).toBe(409);
      const patch = await admin.patch(`/api/v1/organisations/${first.id}`, { businessId: '0246246-0' });
      expect(patch.status).toBe(409);
    });

    it('refuses a business ID with a wrong check digit or format (400 naming businessId)', async () => {
      for (const bad of ['0204819-7', '204819-8', '02048198', 'abc']) {
        const res = await admin.post('/api/v1/organisations', newOrganisation({ businessId: bad }));
        expect(res.status).toBe(400);
        const body = await json(res);
        expect(body.code).toBe('VALIDATION.FAILED');
        expect(body.details).toEqual([expect.objectContaining({ field: 'businessId' })]);
      }
    });

    it('refuses unknown fields (400 naming the field)', async () => {
      const res = await admin.post('/api/v1/organisations', newOrganisation({ status: 'active' }));
      expect(res.status).toBe(400);
      expect((await json(res)).details).toEqual([expect.objectContaining({ field: 'status' })]);
      const nested = await moniAdmin.patch(`/api/v1/organisations/${DEMO_ORG_MONI}`, {
        intake: { accepting: true, secret: 1 },
      });
      expect(nested.status).toBe(400);
      expect((await json(nested)).details).toEqual([expect.objectContaining({ field: 'intake.secret' })]);
    });

    it('refuses partner staff and advisors on admin routes (403)', async () => {
      for (const caller of [employment, advisor]) {
        expect((await caller.get('/api/v1/organisations')).status).toBe(403);
        expect((await caller.post('/api/v1/organisations', newOrganisation())).status).toBe(403);
        expect(
          (
            await caller.patch(`/api/v1/organisations/${DEMO_ORG_EMPLOYMENT}`, {
              intake: { responseDays: 2 },
            })
          ).status,
        ).toBe(403);
        expect((await caller.get(`/api/v1/organisations/${DEMO_ORG_EMPLOYMENT}/members`)).status).toBe(403);
        expect((await caller.post(`/api/v1/organisations/${DEMO_ORG_EMPLOYMENT}/deactivate`)).status).toBe(
          403,
        );
      }
      expect((await moniAdmin.post(`/api/v1/organisations/${DEMO_ORG_MONI}/deactivate`)).status).toBe(403);
      expect((await moniAdmin.post('/api/v1/organisations', newOrganisation())).status).toBe(403);
    });

    it('lets an org_admin edit their own profile and intake, but not what only platform_admin sets', async () => {
      const res = await moniAdmin.patch(`/api/v1/organisations/${DEMO_ORG_MONI}`, {
        intake: { responseDays: 2 },
        units: [{ name: { fi: 'Neuvonta', sv: 'Rådgivning', en: 'Guidance' } }],
      });
      expect(res.status).toBe(200);
      const body = await json(res);
      expect(body.intake.responseDays).toBe(2);
      expect(body.units).toEqual([
        { id: expect.any(String), name: { fi: 'Neuvonta', sv: 'Rådgivning', en: 'Guidance' } },
      ]);
      const restricted = await moniAdmin.patch(`/api/v1/organisations/${DEMO_ORG_MONI}`, { canSend: false });
      expect(restricted.status).toBe(403);
      expect((await json(restricted)).details).toEqual([expect.objectContaining({ field: 'canSend' })]);
    });

    it("gives an org_admin 404 for another organisation's profile, members and agreement", async () => {
      expect(
        (await moniAdmin.patch(`/api/v1/organisations/${DEMO_ORG_KELA}`, { intake: { responseDays: 2 } }))
          .status,
      ).toBe(404);
      expect((await moniAdmin.get(`/api/v1/organisations/${DEMO_ORG_KELA}`)).status).toBe(404);
      expect((await moniAdmin.get(`/api/v1/organisations/${DEMO_ORG_KELA}/members`)).status).toBe(404);
      expect(
        (
          await moniAdmin.post(`/api/v1/organisations/${DEMO_ORG_KELA}/members`, {
            email: 'x@y.example',
            role: 'advisor',
          })
        ).status,
      ).toBe(404);
      expect(
        (await moniAdmin.post(`/api/v1/organisations/${DEMO_ORG_PENDING}/agreement`, { version: '2026-1' }))
          .status,
      ).toBe(404);
      expect((await advisor.get(`/api/v1/organisations/${DEMO_ORG_KELA}`)).status).toBe(404);
      expect((await advisor.get(`/api/v1/organisations/${DEMO_ORG_MONI}`)).status).toBe(200);
    });

    it('refuses a stale If-Match with 412', async () => {
      const org = await create();
      const ok = await admin.patch(
        `/api/v1/organisations/${org.id}`,
        { kind: 'association' },
        { 'If-Match': '"1"' },
      );
      expect(ok.status).toBe(200);
      expect(ok.headers.get('etag')).toBe('"2"');
      const stale = await admin.patch(
        `/api/v1/organisations/${org.id}`,
        { kind: 'other' },
        { 'If-Match': '"1"' },
      );
      expect(stale.status).toBe(412);
    });
  });

  describe('the path of a new organisation', () => {
    it('admin creates it, its org_admin accepts the agreement and invites a member who then sees it in GET /me', async () => {
      const org = await create();
      const invite = await admin.post(`/api/v1/organisations/${org.id}/members`, {
        email: 'New-Admin@new.example',
        role: 'org_admin',
      });
      expect(invite.status).toBe(201);
      expect(await json(invite)).toMatchObject({
        email: 'new-admin@new.example',
        role: 'org_admin',
        status: 'open',
      });

      const newAdmin = await as('new-admin');
      expect(await json(await newAdmin.get('/api/v1/me'))).toMatchObject({
        organisations: [{ id: org.id, role: 'org_admin', status: 'pending_agreement' }],
        activeOrganisationId: org.id,
        role: 'org_admin',
      });

      const wrong = await newAdmin.post(`/api/v1/organisations/${org.id}/agreement`, { version: '1999-1' });
      expect(wrong.status).toBe(422);
      expect((await json(wrong)).code).toBe('ORGANISATION.AGREEMENT_VERSION_MISMATCH');
      const accepted = await newAdmin.post(`/api/v1/organisations/${org.id}/agreement`, {
        version: '2026-1',
      });
      expect(accepted.status).toBe(200);
      expect(await json(accepted)).toMatchObject({
        status: 'active',
        agreement: { version: '2026-1', acceptedBy: EXTRA_USERS[0].id, acceptedAt: expect.any(String) },
      });

      const staffInvite = await newAdmin.post(`/api/v1/organisations/${org.id}/members`, {
        email: 'new-staff@new.example',
        role: 'partner_staff',
      });
      expect(staffInvite.status).toBe(201);
      const members = await json(await newAdmin.get(`/api/v1/organisations/${org.id}/members`));
      expect(members.items).toEqual([
        expect.objectContaining({ userId: EXTRA_USERS[0].id, role: 'org_admin' }),
      ]);
      expect(members.invitations).toEqual([
        expect.objectContaining({ email: 'new-staff@new.example', status: 'open' }),
      ]);

      const staff = await as('new-staff');
      expect(await json(await staff.get('/api/v1/me'))).toMatchObject({
        organisations: [{ id: org.id, name: org.name, role: 'partner_staff', status: 'active' }],
        activeOrganisationId: org.id,
        role: 'partner_staff',
      });
      const after = await json(await newAdmin.get(`/api/v1/organisations/${org.id}/members`));
      expect(after.items).toHaveLength(2);
      expect(after.invitations).toEqual([]);

      // The staff see their colleagues by the names their logins carried, never their e-mails.
      const colleagues = await staff.get(`/api/v1/organisations/${org.id}/colleagues`);
      expect(colleagues.status).toBe(200);
      const team = await json(colleagues);
      expect(team).toEqual({
        items: [
          { userId: EXTRA_USERS[0].id, displayName: 'Test new-admin', role: 'org_admin' },
          { userId: EXTRA_USERS[1].id, displayName: 'Test new-staff', role: 'partner_staff' },
        ],
        nextCursor: null,
      });

      // Deactivated, then activated again: active (its agreement stands) and its members back at once.
      expect((await admin.post(`/api/v1/organisations/${org.id}/deactivate`)).status).toBe(200);
      expect((await staff.get(`/api/v1/organisations/${org.id}/colleagues`)).status).toBe(403);
      for (const caller of [newAdmin, moniAdmin, employment]) {
        expect((await caller.post(`/api/v1/organisations/${org.id}/activate`)).status).toBe(403);
      }
      const activated = await admin.post(`/api/v1/organisations/${org.id}/activate`);
      expect(activated.status).toBe(200);
      expect(await json(activated)).toMatchObject({ status: 'active', deactivatedAt: null });
      expect((await staff.get(`/api/v1/organisations/${org.id}/colleagues`)).status).toBe(200);
      const again = await admin.post(`/api/v1/organisations/${org.id}/activate`);
      expect(again.status).toBe(409);
      expect((await json(again)).code).toBe('RESOURCE.CONFLICT');
    });

    it('binds an invitation to its e-mail: another user does not get it, nor an unverified e-mail', async () => {
      const org = await create();
      await admin.post(`/api/v1/organisations/${org.id}/members`, {
        email: 'unverified@new.example',
        role: 'advisor',
      });
      const unverified = await as('unverified');
      expect((await json(await unverified.get('/api/v1/me'))).organisations).toEqual([]);
      const nobody = await as('nobody');
      expect((await json(await nobody.get('/api/v1/me'))).organisations).toEqual([]);
      expect(
        (await nobody.get(`/api/v1/organisations/${org.id}`, { 'X-Organisation-Id': org.id })).status,
      ).toBe(403);
    });

    it('lets an expired invitation lapse', async () => {
      const org = await create();
      const invitation = await json(
        await admin.post(`/api/v1/organisations/${org.id}/members`, {
          email: 'late@new.example',
          role: 'org_admin',
        }),
      );
      await partnersDb().query(
        `UPDATE partners.invitations SET expires_at = now() - interval '1 minute' WHERE id = $1`,
        [invitation.id],
      );
      const late = await as('late');
      expect((await json(await late.get('/api/v1/me'))).organisations).toEqual([]);
      const revoke = await admin.request(
        'DELETE',
        `/api/v1/organisations/${org.id}/invitations/${invitation.id}`,
      );
      expect(revoke.status).toBe(409);
      expect((await json(revoke)).code).toBe('INVITATION.CLOSED');
    });

    it('makes a user of two organisations name the one they act for', async () => {
      const org = await create();
      await admin.post(`/api/v1/organisations/${org.id}/members`, {
        email: 'kela@partner.example',
        role: 'org_admin',
      });
      const kela = await as('kela');
      const me = await json(await kela.get('/api/v1/me'));
      expect(me.organisations.map((m: { id: string }) => m.id).sort()).toEqual(
        [DEMO_ORG_KELA, org.id].sort(),
      );
      expect(me.activeOrganisationId).toBeNull();
      const unnamed = await kela.get(`/api/v1/organisations/${org.id}`);
      expect(unnamed.status).toBe(400);
      expect((await json(unnamed)).details).toEqual([
        expect.objectContaining({ field: 'X-Organisation-Id' }),
      ]);
      const named = await kela.get(`/api/v1/organisations/${org.id}/members`, {
        'X-Organisation-Id': org.id,
      });
      expect(named.status).toBe(200);
      const asStaff = await kela.get(`/api/v1/organisations/${DEMO_ORG_KELA}/members`, {
        'X-Organisation-Id': DEMO_ORG_KELA,
      });
      expect(asStaff.status).toBe(403);
    });
  });

  describe("an organisation's colleagues and its invitations", () => {
    it('lists the active members of one’s own organisation to its staff, without e-mails', async () => {
      const res = await advisor.get(`/api/v1/organisations/${DEMO_ORG_MONI}/colleagues`);
      expect(res.status).toBe(200);
      const body = await json(res);
      expect(body.items).toEqual(
        expect.arrayContaining([
          { userId: expect.any(String), displayName: 'Aino Advisor', role: 'advisor' },
          { userId: expect.any(String), displayName: 'Maija Admin', role: 'org_admin' },
        ]),
      );
      expect(JSON.stringify(body)).not.toContain('@');
      const page = await json(await advisor.get(`/api/v1/organisations/${DEMO_ORG_MONI}/colleagues?limit=1`));
      expect(page.items).toHaveLength(1);
      const next = await json(
        await advisor.get(
          `/api/v1/organisations/${DEMO_ORG_MONI}/colleagues?limit=1&cursor=${encodeURIComponent(page.nextCursor)}`,
        ),
      );
      expect(next.items[0].userId).not.toBe(page.items[0].userId);
      expect(
        (await json(await employment.get(`/api/v1/organisations/${DEMO_ORG_EMPLOYMENT}/colleagues`))).items,
      ).toEqual(expect.arrayContaining([expect.objectContaining({ displayName: 'Elina Employment' })]));
    });

    it("never offers a partner system's service account as a colleague: its token marks it a system", async () => {
      const colleagueIds = async () =>
        (
          (await json(await employment.get(`/api/v1/organisations/${DEMO_ORG_EMPLOYMENT}/colleagues`))) as {
            items: { userId: string }[];
          }
        ).items.map((colleague) => colleague.userId);
      expect(await colleagueIds()).not.toContain(DEMO_USER_PARTNER_SYSTEM);
      // The administrators still see it among the members, as a system.
      const members = (await json(
        await admin.get(`/api/v1/organisations/${DEMO_ORG_EMPLOYMENT}/members`),
      )) as {
        items: { userId: string; kind: string; displayName: string | null }[];
      };
      expect(members.items.find((member) => member.userId === DEMO_USER_PARTNER_SYSTEM)).toMatchObject({
        kind: 'system',
        displayName: 'service-account-moni-partner-system',
      });
      expect(members.items.filter((member) => member.kind === 'person').length).toBeGreaterThan(0);

      // A membership recorded as a person (as before kinds were kept) is corrected by the
      // account's next request with its client-credentials token.
      await partnersDb().query(`UPDATE partners.memberships SET kind = 'person' WHERE user_id = $1`, [
        DEMO_USER_PARTNER_SYSTEM,
      ]);
      expect(await colleagueIds()).toContain(DEMO_USER_PARTNER_SYSTEM);
      const partnerSystem = apiAs(system, await clientCredentialsGrant(system.idp.baseUrl));
      expect((await partnerSystem.get('/api/v1/referrals?box=incoming')).status).toBe(200);
      expect(await colleagueIds()).not.toContain(DEMO_USER_PARTNER_SYSTEM);
    });

    it('refuses another organisation’s colleagues (404, audited) and a platform admin (403)', async () => {
      const foreign = await employment.get(`/api/v1/organisations/${DEMO_ORG_MONI}/colleagues`);
      expect(foreign.status).toBe(404);
      expect((await json(foreign)).code).toBe('RESOURCE.NOT_FOUND');
      const refusals = await partnersDb().query<{ payload: { data: { outcome: string } } }[]>(
        `SELECT payload FROM partners.outbox WHERE type = 'events.audit.entry.recorded'
          AND payload->'data'->>'action' = 'member.colleagues' AND payload->'data'->>'targetId' = $1`,
        [DEMO_ORG_MONI],
      );
      expect(refusals.map((row) => row.payload.data.outcome)).toContain('refused');
      const platform = await admin.get(`/api/v1/organisations/${DEMO_ORG_MONI}/colleagues`);
      expect(platform.status).toBe(403);
      expect((await json(platform)).code).toBe('AUTH.FORBIDDEN');
      expect((await moniAdmin.get(`/api/v1/organisations/${DEMO_ORG_KELA}/colleagues`)).status).toBe(404);
    });

    it('pages through open invitations for the organisation’s admins only', async () => {
      const org = await create();
      for (const email of ['one@new.example', 'two@new.example', 'three@new.example']) {
        expect(
          (await admin.post(`/api/v1/organisations/${org.id}/members`, { email, role: 'org_admin' })).status,
        ).toBe(201);
      }
      const first = await json(await admin.get(`/api/v1/organisations/${org.id}/invitations?limit=2`));
      expect(first.items.map((i: { email: string }) => i.email)).toEqual([
        'one@new.example',
        'two@new.example',
      ]);
      const second = await json(
        await admin.get(
          `/api/v1/organisations/${org.id}/invitations?limit=2&cursor=${encodeURIComponent(first.nextCursor)}`,
        ),
      );
      expect(second).toMatchObject({
        items: [{ email: 'three@new.example', status: 'open' }],
        nextCursor: null,
      });
      // A cursor of one organisation's list is no cursor for another's.
      const other = await create();
      const misused = await admin.get(
        `/api/v1/organisations/${other.id}/invitations?cursor=${encodeURIComponent(first.nextCursor)}`,
      );
      expect(misused.status).toBe(400);
      expect((await moniAdmin.get(`/api/v1/organisations/${org.id}/invitations`)).status).toBe(404);
      expect((await employment.get(`/api/v1/organisations/${DEMO_ORG_EMPLOYMENT}/invitations`)).status).toBe(
        403,
      );
    });
  });

  describe('deactivation bites on the very next request', () => {
    it('refuses a deactivated member, and lets their admin change roles but not their own', async () => {
      const org = await create();
      await admin.post(`/api/v1/organisations/${org.id}/members`, {
        email: 'redcross@partner.example',
        role: 'org_admin',
      });
      const redcross = await as('redcross');
      const me = await json(await redcross.get('/api/v1/me', { 'X-Organisation-Id': org.id }));
      expect(me.role).toBe('org_admin');
      const members = await json(await admin.get(`/api/v1/organisations/${org.id}/members`));
      const member = members.items.find((m: { email: string }) => m.email === 'redcross@partner.example');

      const demoted = await admin.patch(`/api/v1/organisations/${org.id}/members/${member.id}`, {
        role: 'partner_staff',
      });
      expect((await json(demoted)).role).toBe('partner_staff');
      const promoted = await admin.patch(`/api/v1/organisations/${org.id}/members/${member.id}`, {
        role: 'org_admin',
      });
      expect(promoted.status).toBe(200);
      expect((await json(promoted)).role).toBe('org_admin');
      const self = await redcross.request(
        'DELETE',
        `/api/v1/organisations/${org.id}/members/${member.id}`,
        undefined,
        {
          'X-Organisation-Id': org.id,
        },
      );
      expect(self.status).toBe(422);
      expect((await json(self)).code).toBe('MEMBER.SELF_CHANGE');
      expect(
        (
          await admin.patch(`/api/v1/organisations/${org.id}/members/${member.id}`, {
            role: 'platform_admin',
          })
        ).status,
      ).toBe(400);

      const ok = await redcross.get(`/api/v1/organisations/${org.id}/members`, {
        'X-Organisation-Id': org.id,
      });
      expect(ok.status).toBe(200);
      const removed = await admin.request('DELETE', `/api/v1/organisations/${org.id}/members/${member.id}`);
      expect(removed.status).toBe(200);
      expect((await json(removed)).status).toBe('deactivated');
      const refused = await redcross.get(`/api/v1/organisations/${org.id}/members`, {
        'X-Organisation-Id': org.id,
      });
      expect(refused.status).toBe(403);
      // Their other membership still works.
      expect((await json(await redcross.get('/api/v1/me'))).organisations).toEqual([
        expect.objectContaining({ id: expect.not.stringMatching(org.id) }),
      ]);
    });

    it('refuses the members of a deactivated organisation', async () => {
      const org = await create();
      await admin.post(`/api/v1/organisations/${org.id}/members`, {
        email: 'advisor2@moni.example',
        role: 'org_admin',
      });
      const advisor2 = await as('advisor2');
      expect(
        (await advisor2.get(`/api/v1/organisations/${org.id}`, { 'X-Organisation-Id': org.id })).status,
      ).toBe(200);
      const deactivated = await admin.post(`/api/v1/organisations/${org.id}/deactivate`);
      expect(deactivated.status).toBe(200);
      expect(await json(deactivated)).toMatchObject({
        status: 'deactivated',
        deactivatedAt: expect.any(String),
      });
      const refused = await advisor2.get(`/api/v1/organisations/${org.id}`, { 'X-Organisation-Id': org.id });
      expect(refused.status).toBe(403);
      expect((await admin.post(`/api/v1/organisations/${org.id}/deactivate`)).status).toBe(422);
      // Never accepted its agreement: activating it again leaves it waiting for that.
      const unknown = '00000000-0000-4000-8000-00000000dead';
      expect((await admin.post(`/api/v1/organisations/${unknown}/activate`)).status).toBe(404);
      const reactivated = await admin.post(`/api/v1/organisations/${org.id}/activate`);
      expect(reactivated.status).toBe(200);
      expect(await json(reactivated)).toMatchObject({ status: 'pending_agreement', deactivatedAt: null });
      expect(
        (await advisor2.get(`/api/v1/organisations/${org.id}`, { 'X-Organisation-Id': org.id })).status,
      ).toBe(200);
      expect((await admin.post(`/api/v1/organisations/${org.id}/deactivate`)).status).toBe(200);
      expect(
        (
          await admin.post(`/api/v1/organisations/${org.id}/members`, {
            email: 'x@new.example',
            role: 'org_admin',
          })
        ).status,
      ).toBe(422);
    });
  });

  it('records an audit event for every admin action in the outbox', async () => {
    const org = await create();
    await admin.post(`/api/v1/organisations/${org.id}/deactivate`);
    await admin.post(`/api/v1/organisations/${org.id}/activate`);
    const rows = await partnersDb().query<{ payload: { data: { action: string; targetId: string } } }[]>(
      `SELECT payload FROM partners.outbox WHERE type = 'events.audit.entry.recorded' AND payload->'data'->>'targetId' = $1`,
      [org.id],
    );
    expect(rows.map((row) => row.payload.data.action).sort()).toEqual([
      'organisation.activated',
      'organisation.created',
      'organisation.deactivated',
    ]);
    const events = await partnersDb().query<{ type: string }[]>(
      `SELECT type FROM partners.outbox WHERE payload->'data'->>'organisationId' = $1 AND type LIKE 'events.partners.%' ORDER BY created_at`,
      [org.id],
    );
    expect(events.map((e) => e.type)).toEqual([
      'events.partners.organisation.created',
      'events.partners.organisation.deactivated',
      'events.partners.organisation.activated',
    ]);
  });
});
