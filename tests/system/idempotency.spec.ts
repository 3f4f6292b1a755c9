// Idempotency-Key through the gateway: a client retrying a command with the same key gets the first
// outcome, and the command ran once (issue 2: core NATS is at-most-once, retries must be safe).
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { DEMO_ORG_EMPLOYMENT, DEMO_ORG_KELA } from '../../apps/partners/src/demo/demo-organisations.js';
import { json, loginAs, startSystem, type ApiCaller, type RunningSystem } from '../support/system.js';

const { Client } = pg;

describe('Idempotency-Key (through the gateway)', () => {
  let system: RunningSystem;
  let advisor: ApiCaller;
  let advisor2: ApiCaller;

  const key = () => `retry-${randomUUID()}`;
  const clientBody = (lastName: string) => ({
    firstName: 'Amina',
    lastName,
    dateOfBirth: '1990-05-17',
    languages: ['so', 'fi'],
    preferredLanguage: 'so',
    phone: '+358401234567',
    needs: [{ category: 'employment', description: 'Looking for work in logistics' }],
    confirmDuplicate: true,
  });
  const consentBody = {
    recipientOrganisationIds: [DEMO_ORG_EMPLOYMENT, DEMO_ORG_KELA],
    categories: ['identity', 'contact', 'language'],
    purposes: ['referral'],
    method: 'signed_form',
    givenBy: 'client',
    noticeVersion: '2026-1',
    noticeLanguage: 'fi',
    interpreterUsed: false,
  };

  async function clientIds(lastName: string, as = advisor): Promise<string[]> {
    const list = await json(await as.get(`/api/v1/clients?q=${lastName}`));
    return (list.items as { id: string }[]).map((item) => item.id);
  }

  beforeAll(async () => {
    system = await startSystem({ gateway: { rateLimitPerMinute: 100_000 } });
    [advisor, advisor2] = await Promise.all(['advisor', 'advisor2'].map((user) => loginAs(system, user)));
  });

  afterAll(async () => {
    await system?.stop();
  });

  it('registers one client for two POSTs with the same key: both answers carry the same id', async () => {
    const k = key();
    const first = await advisor.post('/api/v1/clients', clientBody('Retried'), { 'Idempotency-Key': k });
    const second = await advisor.post('/api/v1/clients', clientBody('Retried'), { 'Idempotency-Key': k });
    expect(first.status).toBe(201);
    expect(second.status).toBe(201);
    const [a, b] = [await json(first), await json(second)];
    expect(b.id).toBe(a.id);
    expect(b).toEqual(a);
    expect(second.headers.get('location')).toBe(`/api/v1/clients/${a.id}`);
    expect(await clientIds('Retried')).toEqual([a.id]);
  });

  it('registers one client for concurrent duplicates with one key', async () => {
    const k = key();
    const responses = await Promise.all(
      Array.from({ length: 4 }, () =>
        advisor.post('/api/v1/clients', clientBody('Concurrent'), { 'Idempotency-Key': k }),
      ),
    );
    const bodies = await Promise.all(responses.map((res) => json(res)));
    expect(responses.map((res) => res.status)).toEqual([201, 201, 201, 201]);
    expect(new Set(bodies.map((body: { id: string }) => body.id)).size).toBe(1);
    expect(await clientIds('Concurrent')).toEqual([bodies[0].id]);
  });

  it('forgets the stored reply (sealed, but the client’s) when the client is erased', async () => {
    const k = key();
    const created = await json(
      await advisor.post('/api/v1/clients', clientBody('Forgotten'), { 'Idempotency-Key': k }),
    );
    const storedReplies = async () => {
      const pg = new Client({ connectionString: system.database.url });
      await pg.connect();
      try {
        const { rows } = await pg.query<{ n: string }>(
          `SELECT count(*) AS n FROM "clients"."idempotency_keys" WHERE $1 = ANY("resource_ids")`,
          [created.id],
        );
        return Number(rows[0].n);
      } finally {
        await pg.end();
      }
    };
    expect(await storedReplies()).toBe(1);
    expect((await advisor.post(`/api/v1/clients/${created.id}/erase`)).status).toBeLessThan(300);
    expect(await storedReplies()).toBe(0);
  });

  it('runs a POST without a key every time', async () => {
    await advisor.post('/api/v1/clients', clientBody('Unkeyed'));
    await advisor.post('/api/v1/clients', clientBody('Unkeyed'));
    expect(await clientIds('Unkeyed')).toHaveLength(2);
  });

  it('answers 409 RESOURCE.CONFLICT for the same key with another body, and creates nothing', async () => {
    const k = key();
    expect(
      (await advisor.post('/api/v1/clients', clientBody('Original'), { 'Idempotency-Key': k })).status,
    ).toBe(201);
    const res = await advisor.post('/api/v1/clients', clientBody('Changed'), { 'Idempotency-Key': k });
    expect(res.status).toBe(409);
    expect(await json(res)).toMatchObject({
      code: 'RESOURCE.CONFLICT',
      details: { reason: 'IDEMPOTENCY_KEY_REUSED', header: 'Idempotency-Key' },
      correlationId: expect.any(String),
    });
    expect(await clientIds('Changed')).toEqual([]);
  });

  it('scopes a key to the user: another advisor with the same key registers their own client', async () => {
    const k = key();
    const mine = await json(
      await advisor.post('/api/v1/clients', clientBody('Scoped'), { 'Idempotency-Key': k }),
    );
    const theirs = await json(
      await advisor2.post('/api/v1/clients', clientBody('Scoped'), { 'Idempotency-Key': k }),
    );
    expect(theirs.id).not.toBe(mine.id);
    expect((await clientIds('Scoped')).sort()).toEqual([mine.id, theirs.id].sort());
  });

  it('refuses a malformed key with 400 VALIDATION.FAILED naming the header, and creates nothing', async () => {
    for (const bad of ['short', 'x'.repeat(129), 'has space in it', 'ünïcödé-key']) {
      const res = await advisor.post('/api/v1/clients', clientBody('Malformed'), { 'Idempotency-Key': bad });
      expect(res.status).toBe(400);
      expect(await json(res)).toMatchObject({
        code: 'VALIDATION.FAILED',
        details: [expect.objectContaining({ field: 'Idempotency-Key' })],
      });
    }
    expect(await clientIds('Malformed')).toEqual([]);
  });

  it('ignores the header on reads', async () => {
    const res = await advisor.get('/api/v1/clients?q=Retried', { 'Idempotency-Key': 'short' });
    expect(res.status).toBe(200);
  });

  it('records one consent for two POSTs with the same key', async () => {
    const client = await json(await advisor.post('/api/v1/clients', clientBody('Consenting')));
    const k = key();
    const path = `/api/v1/clients/${client.id}/consents`;
    const first = await advisor.post(path, consentBody, { 'Idempotency-Key': k });
    const second = await advisor.post(path, consentBody, { 'Idempotency-Key': k });
    expect([first.status, second.status]).toEqual([201, 201]);
    const [a, b] = [await json(first), await json(second)];
    expect(b.id).toBe(a.id);
    const consents = await json(await advisor.get(path));
    expect((consents.items as { id: string }[]).map((item) => item.id)).toEqual([a.id]);
  });

  it('sends one referral for two POSTs with the same key', async () => {
    const client = await json(await advisor.post('/api/v1/clients', clientBody('Referred')));
    await advisor.post(`/api/v1/clients/${client.id}/consents`, consentBody);
    const body = {
      clientId: client.id,
      receivingOrganisationId: DEMO_ORG_EMPLOYMENT,
      need: 'employment',
      reason: 'Has a forklift licence; looking for warehouse work',
      urgency: 'routine',
      categories: ['identity', 'contact', 'language'],
      language: 'fi',
      interpreterNeeded: false,
      send: true,
    };
    const k = key();
    const first = await advisor.post('/api/v1/referrals', body, { 'Idempotency-Key': k });
    const second = await advisor.post('/api/v1/referrals', body, { 'Idempotency-Key': k });
    expect([first.status, second.status]).toEqual([201, 201]);
    const [a, b] = [await json(first), await json(second)];
    expect(b.id).toBe(a.id);
    const outbox = await json(await advisor.get('/api/v1/referrals?box=outgoing'));
    const mine = (outbox.items as { id: string; clientId?: string }[]).filter((item) => item.id === a.id);
    expect(mine).toHaveLength(1);
    expect(outbox.items).toHaveLength(1);
  });

  it('documents the header on commands in the OpenAPI document, not on reads', async () => {
    const doc = await json(await fetch(`${system.gatewayUrl}/api/docs/openapi.json`));
    const names = (operation: { parameters?: { name: string; in: string }[] }) =>
      (operation.parameters ?? []).filter((p) => p.in === 'header').map((p) => p.name);
    expect(names(doc.paths['/api/v1/clients'].post)).toContain('Idempotency-Key');
    expect(names(doc.paths['/api/v1/referrals'].post)).toContain('Idempotency-Key');
    expect(names(doc.paths['/api/v1/clients'].get)).not.toContain('Idempotency-Key');
  });
});
