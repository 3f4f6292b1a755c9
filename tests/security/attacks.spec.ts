// The attack suite (issue 12): each attack that once worked, run through the gateway with real tokens,
// asserting the refusal AND that nothing changed; then BOLA over every `:id` route, mass assignment
// and injection strings. One system for the whole file keeps it well under two minutes.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { getDataSourceToken } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { eventually, passwordGrant } from '#testing';
import {
  DEMO_ORG_EMPLOYMENT,
  DEMO_ORG_KELA,
  DEMO_ORG_MONI,
} from '../../apps/partners/src/demo/demo-organisations.js';
import { DEMO_SERVICE_EMPLOYMENT_JOB_SEARCH } from '../../apps/partners/src/directory/demo-services.js';
import { apiAs, json, loginAs, startSystem, type ApiCaller, type RunningSystem } from '../support/system.js';

// A second organisation with advisors (the demo data has one only), set up through the API.
const OTHER_USERS = [
  { id: 'b2b2b2b2-0000-4000-8000-000000000001', username: 'other-admin', email: 'other-admin@sec.example' },
  {
    id: 'b2b2b2b2-0000-4000-8000-000000000002',
    username: 'other-advisor',
    email: 'other-advisor@sec.example',
  },
];

function writeRealm(dir: string): string {
  const realm = JSON.parse(readFileSync('deploy/keycloak/realm-moni.json', 'utf8')) as { users: unknown[] };
  for (const user of OTHER_USERS) {
    realm.users.push({
      ...user,
      emailVerified: true,
      firstName: 'Other',
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

let dir: string;
let system: RunningSystem;
let otherAdvisor: ApiCaller;
let otherAdmin: ApiCaller;
let advisor: ApiCaller;
let employment: ApiCaller;
let kela: ApiCaller;
let redcross: ApiCaller;
let moniAdmin: ApiCaller;
let admin: ApiCaller;

const CONSENT = {
  purposes: ['referral', 'follow_up'],
  method: 'signed_form',
  givenBy: 'client',
  noticeVersion: '2025-1',
  noticeLanguage: 'fi',
  interpreterUsed: false,
};
const REASON = 'Needs warehouse work; back pain limits lifting';

const sql = <T>(service: string, query: string, params: unknown[] = []): Promise<T[]> =>
  system.services
    .get(service as never)!
    .get<DataSource>(getDataSourceToken())
    .query<T[]>(query, params);

async function registerClient(lastName: string, extra: Record<string, unknown> = {}): Promise<string> {
  const res = await advisor.post('/api/v1/clients', {
    firstName: 'Amina',
    lastName,
    dateOfBirth: '1990-05-17',
    languages: ['so'],
    preferredLanguage: 'so',
    needs: [{ category: 'health', description: 'Back pain' }],
    confirmDuplicate: true,
    ...extra,
  });
  expect(res.status).toBe(201);
  return (await json(res)).id as string;
}

async function consentFor(clientId: string, categories: string[]): Promise<string> {
  const res = await advisor.post(`/api/v1/clients/${clientId}/consents`, {
    ...CONSENT,
    recipientOrganisationIds: [DEMO_ORG_EMPLOYMENT],
    categories,
  });
  expect(res.status).toBe(201);
  return (await json(res)).id as string;
}

async function refer(
  clientId: string,
  extra: Record<string, unknown> = {},
  headers: Record<string, string> = {},
) {
  const res = await advisor.post(
    '/api/v1/referrals',
    {
      clientId,
      receivingOrganisationId: DEMO_ORG_EMPLOYMENT,
      need: 'employment',
      reason: REASON,
      urgency: 'routine',
      categories: ['identity', 'contact'],
      send: true,
      confirmDuplicate: true,
      ...extra,
    },
    headers,
  );
  expect(res.status).toBe(201);
  return json(res) as Promise<{ id: string; version: number; consentId: string }>;
}

/** The referral as its sender sees it: what must not change under a refused attack. */
const senderView = async (id: string): Promise<{ version: number } & Record<string, unknown>> =>
  (await json(await advisor.get(`/api/v1/referrals/${id}`))) as { version: number } & Record<string, unknown>;

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'moni-security-'));
  system = await startSystem({ realmFile: writeRealm(dir) });
  [advisor, employment, kela, redcross, moniAdmin, admin] = await Promise.all(
    ['advisor', 'employment', 'kela', 'redcross', 'moni-admin', 'admin'].map((user) => loginAs(system, user)),
  );
  // The admin creates the organisation and invites its administrator, who invites an advisor.
  const created = await admin.post('/api/v1/organisations', {
    name: { fi: 'Toinen neuvonta', sv: 'Annan rådgivning', en: 'Other Advice' },
    businessId: '7654321-2',
    kind: 'advice service',
    canSend: true,
  });
  expect(created.status).toBe(201);
  const other = (await json(created)) as { id: string };
  const invite = (caller: ApiCaller, email: string, role: string) =>
    caller.post(`/api/v1/organisations/${other.id}/members`, { email, role });
  expect((await invite(admin, OTHER_USERS[0].email, 'org_admin')).status).toBe(201);
  otherAdmin = apiAs(system, await passwordGrant(system.idp.baseUrl, 'other-admin'));
  expect((await json(await otherAdmin.get('/api/v1/me'))).role).toBe('org_admin');
  expect((await invite(otherAdmin, OTHER_USERS[1].email, 'advisor')).status).toBe(201);
  otherAdvisor = apiAs(system, await passwordGrant(system.idp.baseUrl, 'other-advisor'));
  expect((await json(await otherAdvisor.get('/api/v1/me'))).role).toBe('advisor');
});

afterAll(async () => {
  await system?.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('1. a platform admin reads client text', () => {
  it('needs If-Match (428) and then gets only { id, status, version }', async () => {
    const clientId = await registerClient('Adminread');
    await consentFor(clientId, ['identity', 'contact']);
    const referral = await refer(clientId);
    await employment.post(`/api/v1/referrals/${referral.id}/messages`, { body: 'Called her' });
    const before = await senderView(referral.id);

    const blind = await admin.post(`/api/v1/referrals/${referral.id}/transitions`, {
      to: 'entered_in_error',
      reasonText: 'x',
    });
    expect(blind.status).toBe(428);
    expect(await json(blind)).toMatchObject({ code: 'RESOURCE.PRECONDITION_REQUIRED' });
    expect(await senderView(referral.id)).toEqual(before);

    const stale = await admin.post(
      `/api/v1/referrals/${referral.id}/transitions`,
      { to: 'entered_in_error', reasonText: 'x' },
      { 'If-Match': `"${before.version + 5}"` },
    );
    expect(stale.status).toBe(412);

    const marked = await admin.post(
      `/api/v1/referrals/${referral.id}/transitions`,
      { to: 'entered_in_error', reasonText: 'Wrong client' },
      { 'If-Match': `"${before.version}"` },
    );
    expect(marked.status).toBe(200);
    const body = await json(marked);
    expect(body).toEqual({ id: referral.id, status: 'entered_in_error', version: before.version + 1 });
    expect(JSON.stringify(body)).not.toMatch(/warehouse|Amina|Called/);
    // Reading or messaging stays closed to the admin.
    expect((await admin.get(`/api/v1/referrals/${referral.id}`)).status).toBe(403);
    expect((await admin.get(`/api/v1/referrals/${referral.id}/messages`)).status).toBe(403);
  });
});

describe('2. a platform admin makes itself an advisor', () => {
  it('refuses an admin inviting anyone but an org_admin, and anyone inviting themselves', async () => {
    const membersBefore = await json(await moniAdmin.get(`/api/v1/organisations/${DEMO_ORG_MONI}/members`));
    const asAdvisor = await admin.post(`/api/v1/organisations/${DEMO_ORG_MONI}/members`, {
      email: 'admin@moni.example',
      role: 'advisor',
    });
    expect(asAdvisor.status).toBe(422);
    expect(await json(asAdvisor)).toMatchObject({ code: 'MEMBER.SELF_CHANGE' });
    const someoneAsAdvisor = await admin.post(`/api/v1/organisations/${DEMO_ORG_MONI}/members`, {
      email: 'new.advisor@moni.example',
      role: 'advisor',
    });
    expect(someoneAsAdvisor.status).toBe(403);
    expect(await json(someoneAsAdvisor)).toMatchObject({
      code: 'AUTH.FORBIDDEN',
      details: [{ field: 'role', reasons: ['role must be org_admin'] }],
    });
    const selfAsOrgAdmin = await admin.post(`/api/v1/organisations/${DEMO_ORG_MONI}/members`, {
      email: 'ADMIN@moni.example',
      role: 'org_admin',
    });
    expect(selfAsOrgAdmin.status).toBe(422);
    expect(await json(selfAsOrgAdmin)).toMatchObject({ code: 'MEMBER.SELF_CHANGE' });
    const selfByOrgAdmin = await moniAdmin.post(`/api/v1/organisations/${DEMO_ORG_MONI}/members`, {
      email: 'moni-admin@moni.example',
      role: 'advisor',
    });
    expect(selfByOrgAdmin.status).toBe(422);
    // Nothing changed: no invitation, and the admin still reads no clients.
    expect(await json(await moniAdmin.get(`/api/v1/organisations/${DEMO_ORG_MONI}/members`))).toEqual(
      membersBefore,
    );
    const clients = await admin.get('/api/v1/clients', { 'X-Organisation-Id': DEMO_ORG_MONI });
    expect(clients.status).toBe(403);
  });

  it('tells an organisation’s admin when their invitee becomes a member', async () => {
    await eventually(async () => {
      const page = await json(await otherAdmin.get('/api/v1/notifications'));
      expect(page.items).toEqual(
        expect.arrayContaining([
          expect.objectContaining({
            kind: 'membership.changed',
            detail: expect.objectContaining({ change: 'created', role: 'advisor' }),
          }),
        ]),
      );
    });
  });

  it('tells the organisation’s admins of an invitation, in the app', async () => {
    const invited = await admin.post(`/api/v1/organisations/${DEMO_ORG_MONI}/members`, {
      email: `coordinator.${Date.now()}@moni.example`,
      role: 'org_admin',
    });
    expect(invited.status).toBe(201);
    await eventually(async () => {
      const page = await json(await moniAdmin.get('/api/v1/notifications'));
      expect(page.items).toEqual(
        expect.arrayContaining([
          expect.objectContaining({
            kind: 'membership.changed',
            detail: expect.objectContaining({ role: 'org_admin' }),
          }),
        ]),
      );
    });
  });
});

describe("the client's id stays with the sending organisation", () => {
  it('shows the receiving side no client id: not on the referral, in its inbox, nor in an answer to its action', async () => {
    const clientId = await registerClient('Keyholder');
    await consentFor(clientId, ['identity', 'contact']);
    const referral = await refer(clientId);
    expect((await senderView(referral.id)).clientId).toBe(clientId);

    const opened = await json(await employment.get(`/api/v1/referrals/${referral.id}`));
    expect(opened.clientId).toBeNull();
    const inbox = await json(await employment.get('/api/v1/referrals?box=incoming&limit=100'));
    const row = inbox.items.find((item: { id: string }) => item.id === referral.id);
    expect(row).toMatchObject({ id: referral.id, clientId: null });
    const accepted = await employment.post(
      `/api/v1/referrals/${referral.id}/transitions`,
      { to: 'accepted' },
      { 'If-Match': `"${opened.version}"` },
    );
    expect(accepted.status).toBe(200);
    for (const answer of [opened, inbox, await json(accepted)]) {
      expect(JSON.stringify(answer)).not.toContain(clientId);
    }
    const outbox = await json(await advisor.get(`/api/v1/referrals?box=outgoing&clientId=${clientId}`));
    expect(outbox.items).toEqual([expect.objectContaining({ id: referral.id, clientId })]);
  });
});

describe('3. withdrawal leaves text with the partner', () => {
  it('removes the reason, history texts and message bodies from the partner once the consent is withdrawn', async () => {
    const clientId = await registerClient('Withdrawn');
    const consentId = await consentFor(clientId, ['identity', 'contact']);
    const referral = await refer(clientId);
    const opened = await json(await employment.get(`/api/v1/referrals/${referral.id}`));
    const accepted = await employment.post(
      `/api/v1/referrals/${referral.id}/transitions`,
      { to: 'accepted', note: 'Meeting on Monday at the office' },
      { 'If-Match': `"${opened.version}"` },
    );
    expect(accepted.status).toBe(200);
    await advisor.post(`/api/v1/referrals/${referral.id}/messages`, { body: 'She prefers mornings' });

    expect((await advisor.post(`/api/v1/consents/${consentId}/withdraw`, { method: 'verbal' })).status).toBe(
      200,
    );
    const view = await eventually(async () => {
      const current = (await json(await employment.get(`/api/v1/referrals/${referral.id}`))) as {
        sharedDataRedacted: boolean;
        reason: string | null;
      };
      expect(current.sharedDataRedacted).toBe(true);
      return current;
    });
    expect(view.reason).toBeNull();
    expect(JSON.stringify(view)).not.toMatch(/warehouse|Monday|mornings|Amina/);
    const thread = await json(await employment.get(`/api/v1/referrals/${referral.id}/messages`));
    expect(thread.items).toEqual([expect.objectContaining({ body: null, redacted: true })]);
    // Nothing more goes to the partner on this referral.
    const more = await advisor.post(`/api/v1/referrals/${referral.id}/messages`, { body: 'Another detail' });
    expect(more.status).toBe(422);
  });

  it('refuses a health need without the health category (422 naming it), storing nothing', async () => {
    const clientId = await registerClient('Healthneed');
    await consentFor(clientId, ['identity', 'contact']);
    const before = await json(await advisor.get('/api/v1/referrals?box=outgoing&limit=100'));
    const res = await advisor.post('/api/v1/referrals', {
      clientId,
      receivingOrganisationId: DEMO_ORG_EMPLOYMENT,
      need: 'health',
      reason: REASON,
      urgency: 'routine',
      categories: ['contact'],
      send: true,
    });
    expect(res.status).toBe(422);
    expect(await json(res)).toMatchObject({
      code: 'REFERRAL.CATEGORY_REQUIRED',
      details: { field: 'categories', missingCategories: ['health'] },
    });
    const after = await json(await advisor.get('/api/v1/referrals?box=outgoing&limit=100'));
    expect(after.counts).toEqual(before.counts);
  });
});

describe('7. stored idempotent replies', () => {
  it('keeps no reply in clear, and a replay re-reads as the caller may see it now', async () => {
    const clientId = await registerClient('Replayed');
    const consentId = await consentFor(clientId, ['identity', 'contact']);
    const key = `replay-${Date.now()}`;
    const first = await refer(clientId, {}, { 'Idempotency-Key': key });
    const stored = await sql<{ reply: string }>(
      'referrals',
      `SELECT "reply"::text AS reply FROM "referrals"."idempotency_keys" WHERE "key" = $1`,
      [key],
    );
    expect(stored).toHaveLength(1);
    expect(stored[0].reply).not.toMatch(/Amina|Replayed|warehouse/);

    await advisor.post(`/api/v1/consents/${consentId}/withdraw`, { method: 'verbal' });
    await eventually(async () => expect((await senderView(first.id)).sharedDataRedacted).toBe(true));
    const replay = await advisor.post(
      '/api/v1/referrals',
      {
        clientId,
        receivingOrganisationId: DEMO_ORG_EMPLOYMENT,
        need: 'employment',
        reason: REASON,
        urgency: 'routine',
        categories: ['identity', 'contact'],
        send: true,
        confirmDuplicate: true,
      },
      { 'Idempotency-Key': key },
    );
    expect(replay.status).toBe(201);
    const body = await json(replay);
    expect(body).toMatchObject({
      id: first.id,
      sharedData: null,
      sharedDataRedacted: true,
      status: 'cancelled',
    });
  });
});

describe('9. the clients list cursor', () => {
  it('refuses a forged, tampered or foreign cursor with 400 naming cursor', async () => {
    await registerClient('Cursor-a');
    await registerClient('Cursor-b');
    const page = await json(await advisor.get('/api/v1/clients?limit=1'));
    expect(page.nextCursor).toEqual(expect.any(String));
    const [payload, mac] = (page.nextCursor as string).split('.');
    const someId = Buffer.from(JSON.stringify('0a8f3c2e-1b2d-4e5f-8a9b-0c1d2e3f4a5b')).toString('base64url');
    for (const cursor of [
      Buffer.from('0a8f3c2e-1b2d-4e5f-8a9b-0c1d2e3f4a5b').toString('base64url'),
      `${someId}.${mac}`,
      `${payload}.${mac.slice(0, -2)}AA`,
    ]) {
      const res = await advisor.get(`/api/v1/clients?cursor=${encodeURIComponent(cursor)}`);
      expect(res.status).toBe(400);
      expect(await json(res)).toMatchObject({
        code: 'VALIDATION.FAILED',
        details: [expect.objectContaining({ field: 'cursor' })],
      });
    }
    // The attack itself: another organisation's advisor probing with it, or listing.
    const probe = await otherAdvisor.get(`/api/v1/clients?q=a&cursor=${encodeURIComponent(page.nextCursor)}`);
    expect(probe.status).toBe(400);
    const theirs = await json(await otherAdvisor.get('/api/v1/clients?limit=100'));
    expect(JSON.stringify(theirs.items)).not.toMatch(/Cursor-a|Cursor-b|Amina/);
    // A cursor of one list is no good in another (the referral inbox of another organisation).
    const foreign = await employment.get(
      `/api/v1/referrals?box=incoming&cursor=${encodeURIComponent(page.nextCursor)}`,
    );
    expect(foreign.status).toBe(400);
    expect(
      (await advisor.get(`/api/v1/clients?limit=1&cursor=${encodeURIComponent(page.nextCursor)}`)).status,
    ).toBe(200);
  });
});

describe('BOLA: every :id route as every other organisation and role', () => {
  let clientId: string;
  let consentId: string;
  let referral: { id: string; version: number };
  let notificationId: string;

  beforeAll(async () => {
    clientId = await registerClient('Bola');
    consentId = await consentFor(clientId, ['identity', 'contact']);
    referral = await refer(clientId);
    referral = await json(await employment.get(`/api/v1/referrals/${referral.id}`));
    notificationId = await eventually(async () => {
      const page = await json(await employment.get('/api/v1/notifications'));
      const found = page.items.find((item: { referralId: string | null }) => item.referralId === referral.id);
      expect(found).toBeDefined();
      return found.id as string;
    });
  });

  type Case = [string, () => ApiCaller, string, () => string, unknown, number];
  const body = { firstName: 'Mallory' };
  const cases = (): Case[] => {
    const clientRoutes: [string, () => string, unknown][] = [
      ['GET', () => `/api/v1/clients/${clientId}`, undefined],
      ['PATCH', () => `/api/v1/clients/${clientId}`, body],
      ['GET', () => `/api/v1/clients/${clientId}/export`, undefined],
      ['POST', () => `/api/v1/clients/${clientId}/erase`, {}],
      ['GET', () => `/api/v1/clients/${clientId}/consents`, undefined],
      [
        'POST',
        () => `/api/v1/clients/${clientId}/consents`,
        { ...CONSENT, recipientOrganisationIds: [DEMO_ORG_KELA], categories: ['identity'] },
      ],
      ['GET', () => `/api/v1/clients/${clientId}/disclosures`, undefined],
      ['POST', () => `/api/v1/consents/${consentId}/withdraw`, { method: 'verbal' }],
      ['GET', () => `/api/v1/consents/${consentId}/receipt`, undefined],
    ];
    const list: Case[] = [];
    // Client data: only advisors (of the client's organisation): every other role is 403.
    for (const [method, path, payload] of clientRoutes) {
      for (const [name, who] of [
        ['employment', () => employment],
        ['kela', () => kela],
        ['redcross', () => redcross],
        ['moni-admin', () => moniAdmin],
      ] as const) {
        list.push([name, who, method, path, payload, 403]);
      }
    }
    // An advisor of another organisation: the same role, not their client: 404 everywhere.
    for (const [method, path, payload] of clientRoutes) {
      list.push(['other-advisor', () => otherAdvisor, method, path, payload, 404]);
    }
    // Referrals: other organisations' staff get 404; roles without referrals 403.
    const referralRoutes: [string, () => string, unknown][] = [
      ['GET', () => `/api/v1/referrals/${referral.id}`, undefined],
      ['PATCH', () => `/api/v1/referrals/${referral.id}`, { assigneeId: null }],
      ['GET', () => `/api/v1/referrals/${referral.id}/messages`, undefined],
      ['POST', () => `/api/v1/referrals/${referral.id}/messages`, { body: 'hello' }],
    ];
    for (const [method, path, payload] of referralRoutes) {
      list.push(['kela', () => kela, method, path, payload, 404]);
      list.push(['redcross', () => redcross, method, path, payload, 404]);
      list.push(['moni-admin', () => moniAdmin, method, path, payload, 403]);
      list.push(['admin', () => admin, method, path, payload, 403]);
      list.push(['other-advisor', () => otherAdvisor, method, path, payload, 404]);
    }
    list.push([
      'other-advisor',
      () => otherAdvisor,
      'POST',
      () => '/api/v1/referrals',
      {
        clientId,
        receivingOrganisationId: DEMO_ORG_EMPLOYMENT,
        need: 'employment',
        reason: 'x',
        urgency: 'routine',
        categories: ['identity'],
        send: true,
      },
      404,
    ]);
    list.push([
      'other-advisor',
      () => otherAdvisor,
      'POST',
      () => `/api/v1/referrals/${referral.id}/transitions`,
      { to: 'cancelled', reasonCode: 'other' },
      404,
    ]);
    list.push([
      'kela',
      () => kela,
      'POST',
      () => `/api/v1/referrals/${referral.id}/transitions`,
      { to: 'accepted' },
      404,
    ]);
    list.push([
      'moni-admin',
      () => moniAdmin,
      'POST',
      () => `/api/v1/referrals/${referral.id}/transitions`,
      { to: 'cancelled', reasonCode: 'other' },
      403,
    ]);
    // Organisations: another organisation's admin 404; staff 403.
    list.push([
      'moni-admin',
      () => moniAdmin,
      'PATCH',
      () => `/api/v1/organisations/${DEMO_ORG_EMPLOYMENT}`,
      { kind: 'x' },
      404,
    ]);
    list.push([
      'moni-admin',
      () => moniAdmin,
      'GET',
      () => `/api/v1/organisations/${DEMO_ORG_EMPLOYMENT}/members`,
      undefined,
      404,
    ]);
    list.push([
      'moni-admin',
      () => moniAdmin,
      'POST',
      () => `/api/v1/organisations/${DEMO_ORG_EMPLOYMENT}/members`,
      { email: 'x@y.example', role: 'partner_staff' },
      404,
    ]);
    list.push([
      'moni-admin',
      () => moniAdmin,
      'PATCH',
      () => `/api/v1/services/${DEMO_SERVICE_EMPLOYMENT_JOB_SEARCH}`,
      { referralStatus: 'waitlist' },
      404,
    ]);
    list.push([
      'moni-admin',
      () => moniAdmin,
      'DELETE',
      () => `/api/v1/services/${DEMO_SERVICE_EMPLOYMENT_JOB_SEARCH}`,
      undefined,
      404,
    ]);
    list.push(['kela', () => kela, 'GET', () => `/api/v1/organisations/${DEMO_ORG_MONI}`, undefined, 404]);
    list.push([
      'kela',
      () => kela,
      'GET',
      () => `/api/v1/organisations/${DEMO_ORG_MONI}/members`,
      undefined,
      403,
    ]);
    list.push([
      'employment',
      () => employment,
      'POST',
      () => `/api/v1/organisations/${DEMO_ORG_EMPLOYMENT}/deactivate`,
      {},
      403,
    ]);
    list.push(['kela', () => kela, 'POST', () => `/api/v1/notifications/${notificationId}/read`, {}, 404]);
    list.push([
      'advisor',
      () => advisor,
      'POST',
      () => `/api/v1/notifications/${notificationId}/read`,
      {},
      404,
    ]);
    return list;
  };

  it('refuses each with 404 (not yours) or 403 (wrong role), and nothing changes', async () => {
    const before = {
      referral: await senderView(referral.id),
      client: await json(await advisor.get(`/api/v1/clients/${clientId}`)),
      consents: await json(await advisor.get(`/api/v1/clients/${clientId}/consents`)),
      service: await json(await advisor.get(`/api/v1/services/${DEMO_SERVICE_EMPLOYMENT_JOB_SEARCH}`)),
      unread: await json(await employment.get('/api/v1/notifications/unread-count')),
    };
    const failures: string[] = [];
    for (const [name, who, method, path, payload, expected] of cases()) {
      // If-Match is the current version: the refusal must be the access rule's, not a 428.
      const res = await who().request(method, path(), payload, { 'If-Match': `"${referral.version}"` });
      if (res.status !== expected) {
        failures.push(`${name} ${method} ${path()} → ${res.status} (expected ${expected})`);
      }
    }
    expect(failures).toEqual([]);
    expect(await senderView(referral.id)).toEqual(before.referral);
    expect(await json(await advisor.get(`/api/v1/clients/${clientId}`))).toEqual(before.client);
    expect(await json(await advisor.get(`/api/v1/clients/${clientId}/consents`))).toEqual(before.consents);
    expect(await json(await advisor.get(`/api/v1/services/${DEMO_SERVICE_EMPLOYMENT_JOB_SEARCH}`))).toEqual(
      before.service,
    );
    expect(await json(await employment.get('/api/v1/notifications/unread-count'))).toEqual(before.unread);
  });
});

describe('mass assignment', () => {
  it('refuses status, organisationId, version and id in every body with 400, changing nothing', async () => {
    const clientId = await registerClient('Massassign');
    const consentId = await consentFor(clientId, ['identity', 'contact']);
    const referral = await refer(clientId);
    const opened = await json(await employment.get(`/api/v1/referrals/${referral.id}`));
    const referralBefore = await senderView(referral.id);
    const clientBefore = await json(await advisor.get(`/api/v1/clients/${clientId}`));
    const extras = [
      { status: 'completed' },
      { organisationId: DEMO_ORG_KELA },
      { version: 99 },
      { id: '0a8f3c2e-1b2d-4e5f-8a9b-0c1d2e3f4a5b' },
    ];
    const bodies: [ApiCaller, string, string, Record<string, unknown>, Record<string, string>][] = [
      [
        advisor,
        'POST',
        '/api/v1/clients',
        { firstName: 'X', lastName: 'Y', languages: ['fi'], confirmDuplicate: true },
        {},
      ],
      [advisor, 'PATCH', `/api/v1/clients/${clientId}`, { firstName: 'Changed' }, {}],
      [
        advisor,
        'POST',
        `/api/v1/clients/${clientId}/consents`,
        { ...CONSENT, recipientOrganisationIds: [DEMO_ORG_EMPLOYMENT], categories: ['identity'] },
        {},
      ],
      [
        advisor,
        'POST',
        '/api/v1/referrals',
        {
          clientId,
          receivingOrganisationId: DEMO_ORG_EMPLOYMENT,
          need: 'employment',
          reason: 'r',
          urgency: 'routine',
          categories: ['identity'],
          send: true,
          confirmDuplicate: true,
        },
        {},
      ],
      [
        employment,
        'POST',
        `/api/v1/referrals/${referral.id}/transitions`,
        { to: 'accepted' },
        { 'If-Match': `"${opened.version}"` },
      ],
      [employment, 'PATCH', `/api/v1/referrals/${referral.id}`, { assigneeId: null }, {}],
      [employment, 'POST', `/api/v1/referrals/${referral.id}/messages`, { body: 'hi' }, {}],
      [moniAdmin, 'PATCH', `/api/v1/organisations/${DEMO_ORG_MONI}`, { kind: 'city' }, {}],
      [
        moniAdmin,
        'POST',
        `/api/v1/organisations/${DEMO_ORG_MONI}/members`,
        { email: 'm@moni.example', role: 'advisor' },
        {},
      ],
      [
        admin,
        'POST',
        '/api/v1/organisations',
        { name: { fi: 'Uusi' }, businessId: '1572860-0', kind: 'x' },
        {},
      ],
      [
        admin,
        'PATCH',
        `/api/v1/services/${DEMO_SERVICE_EMPLOYMENT_JOB_SEARCH}`,
        { referralStatus: 'waitlist' },
        {},
      ],
      [advisor, 'POST', `/api/v1/consents/${consentId}/withdraw`, { method: 'verbal' }, {}],
      [employment, 'PUT', '/api/v1/me/preferences', { language: 'fi', digest: 'instant' }, {}],
    ];
    const failures: string[] = [];
    for (const [who, method, path, valid, headers] of bodies) {
      for (const extra of extras) {
        const res = await who.request(method, path, { ...valid, ...extra }, headers);
        const field = Object.keys(extra)[0];
        const payload = res.status === 400 ? await json(res) : null;
        if (res.status !== 400 || !JSON.stringify(payload?.details ?? '').includes(field)) {
          failures.push(`${method} ${path} with ${field} → ${res.status}`);
        }
      }
    }
    expect(failures).toEqual([]);
    expect(await senderView(referral.id)).toEqual({ ...referralBefore });
    const consents = (await json(await advisor.get(`/api/v1/clients/${clientId}/consents`))) as {
      items: { id: string; status: string }[];
    };
    expect(consents.items.find((consent) => consent.id === consentId)?.status).toBe('active');
    expect(await json(await advisor.get(`/api/v1/clients/${clientId}`))).toEqual(clientBefore);
  });
});

/** A reply of any of the shapes the injection test reads. */
interface Body {
  kind?: string;
  lastName?: string;
  needs?: { description: string }[];
  reason?: string;
  body?: string;
}

describe('injection strings in every text field', () => {
  const INJECTIONS = [
    "Robert'); DROP TABLE clients.clients;--",
    '<script>alert(1)</script><img src=x onerror=alert(1)>',
    'nul\u0000byte',
    '\u202Egnp.exe',
    'x'.repeat(100_000),
  ];

  it('stores and returns each unchanged, or refuses it with 400: never a 500', async () => {
    const clientId = await registerClient('Injected');
    await consentFor(clientId, ['identity', 'contact']);
    const referral = await refer(clientId);
    const failures: string[] = [];
    const check = async (label: string, sent: string, res: Response, read: (body: Body) => unknown) => {
      if (res.status >= 500) {
        failures.push(`${label}: ${res.status}`);
        return;
      }
      if (res.status === 400) {
        return;
      }
      if (res.status >= 300) {
        failures.push(`${label}: ${res.status}`);
        return;
      }
      if (read(await json(res)) !== sent) {
        failures.push(`${label}: changed`);
      }
    };
    for (const text of INJECTIONS) {
      const label = JSON.stringify(text.slice(0, 20));
      await check(
        `client lastName ${label}`,
        text,
        await advisor.post('/api/v1/clients', {
          firstName: 'A',
          lastName: text,
          languages: ['fi'],
          confirmDuplicate: true,
        }),
        (body) => body.lastName,
      );
      await check(
        `client need ${label}`,
        text,
        await advisor.patch(`/api/v1/clients/${clientId}`, {
          needs: [{ category: 'housing', description: text }],
        }),
        (body) => body.needs?.[0]?.description,
      );
      await check(
        `referral reason ${label}`,
        text,
        await advisor.post('/api/v1/referrals', {
          clientId,
          receivingOrganisationId: DEMO_ORG_EMPLOYMENT,
          need: 'employment',
          reason: text,
          urgency: 'routine',
          categories: ['identity'],
          send: false,
          confirmDuplicate: true,
        }),
        (body) => body.reason,
      );
      await check(
        `message body ${label}`,
        text,
        await advisor.post(`/api/v1/referrals/${referral.id}/messages`, { body: text }),
        (body) => body.body,
      );
      await check(
        `organisation kind ${label}`,
        text,
        await admin.patch(`/api/v1/organisations/${DEMO_ORG_MONI}`, { kind: text }),
        (body) => body.kind,
      );
      await check(
        `directory q ${label}`,
        text,
        await advisor.get(`/api/v1/directory/services?q=${encodeURIComponent(text.slice(0, 500))}`),
        () => text,
      );
    }
    expect(failures).toEqual([]);
  });
});
