// Every read of client data leaves an audit entry: one row per read, each found by the request's
// correlation id, with the action that names what was read. A new read route belongs in this table.
import { randomUUID } from 'node:crypto';
import { eventually, passwordGrant, tokenClaims } from '#testing';
import { DEMO_ORG_KELA } from '../../apps/partners/src/demo/demo-organisations.js';
import { apiAs, json, loginAs, startSystem, type ApiCaller, type RunningSystem } from '../support/system.js';

interface Read {
  action: string;
  who: 'advisor' | 'kela';
  path: () => string;
}

describe('the audit of client data reads', () => {
  let system: RunningSystem;
  let admin: ApiCaller;
  const callers: Partial<Record<Read['who'], { api: ApiCaller; userId: string }>> = {};
  let clientId = '';
  let consentId = '';
  let referralId = '';

  beforeAll(async () => {
    system = await startSystem();
    admin = await loginAs(system, 'admin');
    for (const who of ['advisor', 'kela'] as const) {
      const token = await passwordGrant(system.idp.baseUrl, who);
      callers[who] = { api: apiAs(system, token), userId: String(tokenClaims(token).sub) };
    }
    const advisor = callers.advisor!.api;
    const client = await advisor.post('/api/v1/clients', {
      firstName: 'Rasha',
      lastName: 'Readaudit',
      preferredLanguage: 'ar',
      confirmDuplicate: true,
    });
    expect(client.status).toBe(201);
    clientId = (await json(client)).id as string;
    const consent = await advisor.post(`/api/v1/clients/${clientId}/consents`, {
      recipientOrganisationIds: [DEMO_ORG_KELA],
      categories: ['identity', 'contact'],
      purposes: ['referral'],
      method: 'signed_form',
      givenBy: 'client',
      noticeVersion: '2025-1',
      noticeLanguage: 'ar',
      interpreterUsed: false,
      // Ends within the expiring list's 30 days, so that list reads this client.
      validUntil: new Date(Date.now() + 20 * 86_400_000).toISOString(),
    });
    expect(consent.status).toBe(201);
    consentId = (await json(consent)).id as string;
    const referral = await advisor.post('/api/v1/referrals', {
      clientId,
      receivingOrganisationId: DEMO_ORG_KELA,
      need: 'benefits',
      reason: 'Child benefit application',
      urgency: 'routine',
      categories: ['identity', 'contact'],
      send: true,
    });
    expect(referral.status).toBe(201);
    referralId = (await json(referral)).id as string;
    // An empty thread reads nothing about the client; one message makes it a read.
    const message = await advisor.post(`/api/v1/referrals/${referralId}/messages`, {
      body: 'The client prefers mornings.',
    });
    expect(message.status).toBe(201);
  });

  afterAll(async () => {
    await system?.stop();
  });

  const READS: Read[] = [
    { action: 'client.listed', who: 'advisor', path: () => '/api/v1/clients?q=Readaudit' },
    // The names of a list of referrals, in one read.
    { action: 'client.listed', who: 'advisor', path: () => `/api/v1/clients?ids=${clientId}` },
    { action: 'client.read', who: 'advisor', path: () => `/api/v1/clients/${clientId}` },
    { action: 'consent.listed', who: 'advisor', path: () => `/api/v1/clients/${clientId}/consents` },
    {
      action: 'consent.receipt_printed',
      who: 'advisor',
      path: () => `/api/v1/consents/${consentId}/receipt?format=html&lang=en`,
    },
    { action: 'consent.expiring_listed', who: 'advisor', path: () => '/api/v1/consents/expiring' },
    { action: 'client.exported', who: 'advisor', path: () => `/api/v1/clients/${clientId}/export` },
    {
      action: 'client.disclosures.read',
      who: 'advisor',
      path: () => `/api/v1/clients/${clientId}/disclosures`,
    },
    { action: 'referral.shared_data.read', who: 'kela', path: () => `/api/v1/referrals/${referralId}` },
    {
      action: 'referral.messages.read',
      who: 'kela',
      path: () => `/api/v1/referrals/${referralId}/messages`,
    },
  ];

  it.each(READS)('records $action for GET by $who', async ({ action, who, path }) => {
    const caller = callers[who]!;
    const correlationId = `read-audit-${randomUUID()}`;
    const res = await caller.api.get(path(), { 'X-Correlation-Id': correlationId });
    expect(res.status).toBe(200);

    await eventually(async () => {
      const page = await json(
        await admin.get(`/api/v1/audit?action=${action}&userId=${caller.userId}&limit=100`),
      );
      const entries = (page.items as { correlationId: string }[]).filter(
        (item) => item.correlationId === correlationId,
      );
      expect(entries).toHaveLength(1);
    });
  });
});
