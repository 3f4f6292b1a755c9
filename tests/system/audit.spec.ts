import { randomUUID } from 'node:crypto';
import pg from 'pg';
import type { AuditEntryData } from '#contracts';
import { eventually, passwordGrant, tokenClaims } from '#testing';
import { auditAnchorLocation } from '../../apps/audit/src/audit-log/audit-anchor.js';
import { runAuditVerify } from '../../apps/audit/src/audit-log/chain-verifier.js';
import {
  apiAs,
  emitEvent,
  json,
  loginAs,
  startSystem,
  type ApiCaller,
  type RunningSystem,
} from '../support/system.js';

describe('The audit log through the gateway', () => {
  let system: RunningSystem;
  let admin: ApiCaller;
  let advisor: ApiCaller;
  let advisorUserId: string;

  /** Commits audit events through a service's outbox, as the services do for every read and change. */
  async function recordThroughOutbox(entries: AuditEntryData[], correlationId = `corr-${randomUUID()}`) {
    const actor = {
      userId: randomUUID(),
      username: null,
      organisationId: entries[0]?.organisationId ?? null,
      role: 'partner_staff' as const,
      realmRoles: [],
    };
    for (const entry of entries) {
      await emitEvent(system, 'events.audit.entry.recorded', entry, { actor, correlationId });
    }
  }

  /** Every page of a search, following nextCursor. */
  async function searchAll(query: string, limit = 2): Promise<{ id: string; [key: string]: unknown }[]> {
    const items: { id: string }[] = [];
    let cursor: string | null = null;
    do {
      const res = await admin.get(
        `/api/v1/audit?${query}&limit=${limit}${cursor ? `&cursor=${cursor}` : ''}`,
      );
      expect(res.status).toBe(200);
      const page = await json(res);
      expect(page.items.length).toBeLessThanOrEqual(limit);
      items.push(...page.items);
      cursor = page.nextCursor;
    } while (cursor);
    return items;
  }

  beforeAll(async () => {
    // Failed authentications are written once per address and window: a short one here.
    system = await startSystem({ env: { AUTH_FAILURE_AUDIT_WINDOW_MS: '200' } });
    admin = await loginAs(system, 'admin');
    const advisorToken = await passwordGrant(system.idp.baseUrl, 'advisor');
    advisor = apiAs(system, advisorToken);
    advisorUserId = String(tokenClaims(advisorToken).sub);
  });

  afterAll(async () => {
    await system?.stop();
  });

  it('refuses the audit search to anyone but platform_admin, and records the refusal', async () => {
    const correlationId = `corr-refused-${randomUUID()}`;
    const res = await advisor.get('/api/v1/audit', { 'X-Correlation-Id': correlationId });
    expect(res.status).toBe(403);
    expect(await json(res)).toMatchObject({ code: 'AUTH.FORBIDDEN', correlationId });

    const partner = await loginAs(system, 'kela');
    expect((await partner.get('/api/v1/audit')).status).toBe(403);

    await eventually(async () => {
      const page = await json(
        await admin.get(`/api/v1/audit?action=request.refused&userId=${advisorUserId}`),
      );
      const entry = page.items.find(
        (item: { correlationId: string }) => item.correlationId === correlationId,
      );
      expect(entry).toMatchObject({
        action: 'request.refused',
        outcome: 'refused',
        actorUserId: advisorUserId,
        targetType: 'route',
        targetId: 'GET /api/v1/audit',
        sourceService: 'gateway',
        detail: { code: 'AUTH.FORBIDDEN', status: 403, method: 'GET', route: '/api/v1/audit' },
      });
      // Ids and codes only: neither the username nor an e-mail address is stored.
      expect(JSON.stringify(entry)).not.toMatch(/@|Bearer|eyJ/);
    });
  });

  it('records failed authentications per address, without a token or personal data', async () => {
    const correlationId = `corr-unauthenticated-${randomUUID()}`;
    const res = await apiAs(system, null).get('/api/v1/audit', { 'X-Correlation-Id': correlationId });
    expect(res.status).toBe(401);
    await eventually(async () => {
      const page = await json(await admin.get('/api/v1/audit?action=auth.failed'));
      expect(
        page.items.find((item: { correlationId: string }) => item.correlationId === correlationId),
      ).toMatchObject({
        outcome: 'refused',
        actorUserId: null,
        targetType: 'address',
        detail: { count: 1, 'AUTH.TOKEN_MISSING': 1 },
      });
    });
  });

  it('finds exactly N records for N reads, page by page, with every filter', async () => {
    const clientId = randomUUID();
    const organisationId = randomUUID();
    const reads = 7;
    const from = new Date(Date.now() - 1000).toISOString();
    await recordThroughOutbox(
      Array.from({ length: reads }, (_, n) => ({
        action: 'referral.shared_data.read',
        outcome: 'granted' as const,
        targetType: 'referral',
        targetId: randomUUID(),
        organisationId,
        clientId,
        consentId: randomUUID(),
        recipientOrganisationId: organisationId,
        sourceService: 'referrals' as const,
        detail: { n },
      })),
    );
    await eventually(async () => expect(await searchAll(`clientId=${clientId}`, 100)).toHaveLength(reads));

    const paged = await searchAll(`clientId=${clientId}&action=referral.shared_data.read`, 2);
    expect(paged).toHaveLength(reads);
    expect(new Set(paged.map((item) => item.id)).size).toBe(reads);
    // Newest first.
    const seqs = paged.map((item) => BigInt(item.seq as string));
    expect([...seqs].sort((a, b) => (a > b ? -1 : 1))).toEqual(seqs);

    expect(await searchAll(`organisationId=${organisationId}&from=${from}`, 100)).toHaveLength(reads);
    expect(await searchAll(`clientId=${clientId}&action=client.read`, 100)).toHaveLength(0);
    expect(await searchAll(`clientId=${clientId}&to=${from}`, 100)).toHaveLength(0);
  });

  it('refuses bad filters with 400 naming the field', async () => {
    for (const [query, field] of [
      ['clientId=not-a-uuid', 'clientId'],
      ['limit=101', 'limit'],
      ['limit=0', 'limit'],
      ['from=yesterday', 'from'],
      ['action=DROP%20TABLE', 'action'],
      ['unknown=1', 'unknown'],
    ]) {
      const res = await admin.get(`/api/v1/audit?${query}`);
      expect(res.status).toBe(400);
      const body = await json(res);
      expect(body.code).toBe('VALIDATION.FAILED');
      expect(JSON.stringify(body.details)).toContain(field);
    }
    const res = await admin.get('/api/v1/audit?cursor=bm90LWEtY3Vyc29y');
    expect(res.status).toBe(400);
    expect((await json(res)).details).toEqual([{ field: 'cursor', reasons: [expect.any(String)] }]);
  });

  it('records the audit search itself as an admin action', async () => {
    const correlationId = `corr-search-${randomUUID()}`;
    expect(
      (await admin.get('/api/v1/audit?action=client.read', { 'X-Correlation-Id': correlationId })).status,
    ).toBe(200);
    const page = await json(await admin.get('/api/v1/audit?action=audit.searched&limit=100'));
    expect(
      page.items.find((item: { correlationId: string }) => item.correlationId === correlationId),
    ).toMatchObject({
      actorRole: 'platform_admin',
      detail: { action: 'client.read' },
    });
  });

  describe("the client's disclosure log", () => {
    let clientId: string;
    let otherClientId: string;
    let ownOrganisationId: string;
    let kelaId: string;
    let employmentId: string;
    let redcrossId: string;
    const consentA = randomUUID();
    const consentB = randomUUID();

    const organisationOf = async (username: string): Promise<string> => {
      const me = await json(await (await loginAs(system, username)).get('/api/v1/me'));
      return String(me.activeOrganisationId);
    };

    const disclosure = (
      action: string,
      recipientOrganisationId: string,
      consentId: string | null,
      client = clientId,
    ) => ({
      action,
      outcome: 'granted' as const,
      targetType: 'referral',
      targetId: randomUUID(),
      organisationId: recipientOrganisationId,
      clientId: client,
      consentId,
      recipientOrganisationId,
      sourceService: 'referrals' as const,
    });

    beforeAll(async () => {
      const create = async (lastName: string) => {
        const res = await advisor.post('/api/v1/clients', {
          firstName: 'Amal',
          lastName,
          preferredLanguage: 'ar',
        });
        expect(res.status).toBe(201);
        return (await json(res)).id as string;
      };
      clientId = await create(`Disclosure-${randomUUID().slice(0, 8)}`);
      otherClientId = await create(`Other-${randomUUID().slice(0, 8)}`);
      [ownOrganisationId, kelaId, employmentId, redcrossId] = await Promise.all(
        ['advisor', 'kela', 'employment', 'redcross'].map(organisationOf),
      );
      await recordThroughOutbox([
        disclosure('referral.sent', kelaId, consentA),
        disclosure('referral.shared_data.read', kelaId, consentA),
        disclosure('referral.sent', employmentId, consentB),
        // Not disclosures: the client's own organisation, a refused read, an entry without a recipient,
        // and another client's disclosure.
        disclosure('referral.shared_data.read', ownOrganisationId, consentA),
        { ...disclosure('referral.shared_data.read', redcrossId, null), outcome: 'refused' as const },
        { ...disclosure('client.read', ownOrganisationId, null), recipientOrganisationId: null },
        disclosure('referral.sent', redcrossId, consentB, otherClientId),
      ]);
      await eventually(async () => {
        const res = await admin.get(`/api/v1/audit?clientId=${otherClientId}&action=referral.sent`);
        expect((await json(res)).items).toHaveLength(1);
      });
    });

    it('lists exactly the organisations that received or viewed the data, when and on which consent', async () => {
      const res = await advisor.get(`/api/v1/clients/${clientId}/disclosures`);
      expect(res.status).toBe(200);
      expect(res.headers.get('cache-control')).toBe('no-store');
      const body = await json(res);
      expect(body.clientId).toBe(clientId);
      // Named in each of the portal's languages, the Finnish name also on its own.
      expect(body.recipientOrganisations).toEqual([
        {
          id: kelaId,
          name: 'Kela, Seinäjoen toimisto',
          names: { fi: 'Kela, Seinäjoen toimisto', sv: 'FPA, Seinäjoki byrå', en: 'Kela, Seinäjoki office' },
        },
        {
          id: employmentId,
          name: expect.any(String),
          names: expect.objectContaining({ fi: expect.any(String) }),
        },
      ]);
      expect(
        body.items.map(
          (item: { action: string; recipientOrganisation: { id: string }; consentId: string }) => [
            item.action,
            item.recipientOrganisation.id,
            item.consentId,
          ],
        ),
      ).toEqual([
        ['referral.sent', kelaId, consentA],
        ['referral.shared_data.read', kelaId, consentA],
        ['referral.sent', employmentId, consentB],
      ]);
      expect(body.items[0].occurredAt).toMatch(/^\d{4}-\d\d-\d\dT/);

      // Reading the disclosure log is itself recorded.
      await eventually(async () => {
        const page = await json(
          await admin.get(`/api/v1/audit?clientId=${clientId}&action=client.disclosures.read`),
        );
        expect(page.items.length).toBeGreaterThanOrEqual(1);
      });
    });

    it("prints it as a PDF in the client's language, or the one asked for", async () => {
      for (const query of ['format=pdf', 'format=pdf&lang=fi']) {
        const res = await advisor.get(`/api/v1/clients/${clientId}/disclosures?${query}`);
        expect(res.status).toBe(200);
        expect(res.headers.get('content-type')).toBe('application/pdf');
        const pdf = Buffer.from(await res.arrayBuffer());
        expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
        expect(pdf.toString('latin1')).toContain(query.includes('lang=fi') ? '/Lang (fi)' : '/Lang (ar)');
      }
    });

    it("refuses partners, other clients' strangers and bad ids", async () => {
      const partner = await loginAs(system, 'kela');
      expect((await partner.get(`/api/v1/clients/${clientId}/disclosures`)).status).toBe(403);
      const unknown = await advisor.get(`/api/v1/clients/${randomUUID()}/disclosures`);
      expect(unknown.status).toBe(404);
      expect((await json(unknown)).code).toBe('RESOURCE.NOT_FOUND');
      const bad = await advisor.get('/api/v1/clients/not-a-uuid/disclosures');
      expect(bad.status).toBe(400);
      expect((await json(bad)).details).toEqual([{ field: 'id', reasons: [expect.any(String)] }]);
      expect((await advisor.get(`/api/v1/clients/${clientId}/disclosures?format=html`)).status).toBe(400);
    });

    it('keeps the chain valid and the disclosures listed when the client is erased', async () => {
      const erased = await advisor.post(`/api/v1/clients/${otherClientId}/erase`, {});
      expect([200, 201, 204]).toContain(erased.status);
      expect((await runAuditVerify(system.database.url)).exitCode).toBe(0);
      const page = await json(
        await admin.get(`/api/v1/audit?clientId=${otherClientId}&action=referral.sent`),
      );
      expect(page.items).toHaveLength(1);
    });
  });

  it('keeps a valid chain, which audit:verify confirms and a tampered record breaks', async () => {
    // As `npm run audit:verify` does: the chain, and the newest checkpoint outside the database.
    const anchor = {
      natsUrl: system.env.NATS_URL,
      location: auditAnchorLocation({
        eventsStream: system.env.EVENTS_STREAM,
        natsSubjectPrefix: system.env.NATS_SUBJECT_PREFIX,
      }),
    };
    await eventually(async () =>
      expect(await runAuditVerify(system.database.url, anchor)).toEqual({
        exitCode: 0,
        message: expect.stringMatching(/valid: \d+ records \(checkpoint at seq \d+ matches\)/),
      }),
    );

    const sql = new pg.Client({ connectionString: system.database.url });
    await sql.connect();
    try {
      const { rows } = await sql.query<{ seq: string; id: string }>(
        `SELECT seq::text, id FROM audit.audit_log WHERE action = 'referral.shared_data.read' ORDER BY seq LIMIT 1`,
      );
      // A superuser can get past the trigger; the chain is what catches it.
      await sql.query('ALTER TABLE audit.audit_log DISABLE TRIGGER audit_log_append_only');
      try {
        await sql.query(`UPDATE audit.audit_log SET organisation_id = NULL WHERE seq = $1`, [rows[0].seq]);
      } finally {
        await sql.query('ALTER TABLE audit.audit_log ENABLE TRIGGER audit_log_append_only');
      }
      const run = await runAuditVerify(system.database.url, anchor);
      expect(run.exitCode).toBe(1);
      expect(run.message).toContain(`seq ${rows[0].seq} (id ${rows[0].id})`);
    } finally {
      await sql.end();
    }
  });
});
