import type { INestApplication } from '@nestjs/common';
import { getDataSourceToken } from '@nestjs/typeorm';
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import type { NatsConnection } from '@nats-io/nats-core';
import { randomUUID } from 'node:crypto';
import { jest } from '@jest/globals';
import pg from 'pg';
import type { DataSource } from 'typeorm';
import { loadCommonConfig, type CommonConfig } from '#config';
import { SYSTEM_ACTOR, type Actor, type AuditEntryData } from '#contracts';
import { createEventEnvelope, eventSubject, OutboxWriter, ServiceClient } from '#messaging';
import { runService } from '#service-core';
import { createTestDatabase, eventually, testNatsUrl, uniqueSuffix, type TestDatabase } from '#testing';
import { AuditAppModule } from '../src/app.module.js';
import { auditAnchorLocation, readLatestCheckpoint } from '../src/audit-log/audit-anchor.js';
import { AuditCheckpointer } from '../src/audit-log/audit-checkpointer.js';
import { AuditLogRepository } from '../src/audit-log/audit-log.repository.js';
import { toNewEntry } from '../src/audit-log/audit-log.service.js';
import { runAuditVerify } from '../src/audit-log/chain-verifier.js';

const partner: Actor = {
  userId: '6f1c1b7e-58a4-4c0c-9d59-3d1f0f0b0001',
  username: null,
  organisationId: '5b0b7a8e-1f1d-4b8e-9a51-000000000002',
  role: 'partner_staff',
  realmRoles: [],
};

function sharedDataRead(clientId: string, n: number): AuditEntryData {
  return {
    action: 'referral.shared_data.read',
    outcome: 'granted',
    targetType: 'referral',
    targetId: `3a3c0f5e-0000-4000-8000-${String(n).padStart(12, '0')}`,
    organisationId: partner.organisationId,
    clientId,
    consentId: '9d7e3f00-0000-4000-8000-000000000001',
    recipientOrganisationId: partner.organisationId,
    sourceService: 'referrals',
    detail: { categories: 'contact,needs', attempt: n },
  };
}

describe('The audit log', () => {
  let db: TestDatabase;
  let config: CommonConfig;
  let nc: NatsConnection;
  let sql: pg.Client;
  let rpc: ServiceClient;
  const replicas: INestApplication[] = [];

  const count = async (where = 'TRUE', params: unknown[] = []): Promise<number> =>
    Number(
      (await sql.query(`SELECT count(*)::int AS n FROM audit.audit_log WHERE ${where}`, params)).rows[0].n,
    );

  /**
   * Commits entries through an outbox, as every service does: in the audit service's database, but
   * published as their `sourceService` would (the subject names it, and the log stores that).
   */
  async function appendThroughOutbox(entries: AuditEntryData[], actor: Actor = partner): Promise<void> {
    const app = replicas[0];
    const dataSource = app.get<DataSource>(getDataSourceToken());
    for (const entry of entries) {
      const writer = new OutboxWriter({
        subjectPrefix: `${config.natsSubjectPrefix}.events`,
        sourceService: entry.sourceService,
      });
      await dataSource.transaction((manager) =>
        writer.append(manager, 'events.audit.entry.recorded', entry, {
          actor,
          correlationId: `corr-${uniqueSuffix()}`,
        }),
      );
    }
  }

  beforeAll(async () => {
    db = await createTestDatabase('audit');
    const suffix = uniqueSuffix();
    config = loadCommonConfig('audit', {
      DATABASE_URL: db.url,
      NATS_URL: testNatsUrl(),
      NATS_SUBJECT_PREFIX: `t${suffix}`,
      EVENTS_STREAM: `T${suffix}_EVENTS`,
      DEAD_LETTER_STREAM: `T${suffix}_DEAD_LETTER`,
      LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
      AUDIT_OPS_PORT: '0',
    });
    // Two replicas: one queue group for requests, one durable consumer shared between them.
    replicas.push(await runService(AuditAppModule.forRoot(config), config));
    replicas.push(await runService(AuditAppModule.forRoot(config), config));
    nc = await connect({ servers: testNatsUrl() });
    sql = new pg.Client({ connectionString: db.url });
    await sql.connect();
    rpc = new ServiceClient({
      natsUrl: testNatsUrl(),
      clientName: 'audit-test',
      timeoutMs: 5000,
      subjectPrefix: config.natsSubjectPrefix,
    });
    await rpc.connect();
  });

  afterAll(async () => {
    await rpc?.close();
    await sql?.end();
    for (const app of replicas) {
      await app.close();
    }
    if (nc) {
      const jsm = await jetstreamManager(nc);
      await jsm.streams.delete(config.eventsStream).catch(() => false);
      await jsm.streams.delete(config.deadLetterStream).catch(() => false);
      await jsm.streams.delete(auditAnchorLocation(config).stream).catch(() => false);
      await nc.close();
    }
    await db?.drop();
  });

  it('stores exactly one record per audit event, with actor, ids and a valid chain', async () => {
    const clientId = '0c7a0d3e-0000-4000-8000-000000000001';
    await appendThroughOutbox([1, 2, 3, 4, 5].map((n) => sharedDataRead(clientId, n)));

    await eventually(async () => expect(await count('client_id = $1', [clientId])).toBe(5));
    const { rows } = await sql.query(
      `SELECT seq, action, outcome, actor_user_id, actor_role, organisation_id, client_id, consent_id,
              recipient_organisation_id, source_service, detail, prev_hash, hash
         FROM audit.audit_log WHERE client_id = $1 ORDER BY (detail->>'attempt')::int`,
      [clientId],
    );
    // Two replicas consume in parallel: the chain's order is the order of recording, not of the events.
    expect(rows[0]).toEqual({
      seq: expect.any(String),
      action: 'referral.shared_data.read',
      outcome: 'granted',
      actor_user_id: partner.userId,
      actor_role: 'partner_staff',
      organisation_id: partner.organisationId,
      client_id: clientId,
      consent_id: '9d7e3f00-0000-4000-8000-000000000001',
      recipient_organisation_id: partner.organisationId,
      source_service: 'referrals',
      detail: { categories: 'contact,needs', attempt: 1 },
      prev_hash: expect.stringMatching(/^[0-9a-f]{64}$/),
      hash: expect.stringMatching(/^[0-9a-f]{64}$/),
    });
    expect(await runAuditVerify(db.url)).toEqual({
      exitCode: 0,
      message: expect.stringMatching(/valid: \d+ records/),
    });
  });

  it('stores a redelivered event once', async () => {
    const envelope = createEventEnvelope(
      'events.audit.entry.recorded',
      { ...sharedDataRead('0c7a0d3e-0000-4000-8000-000000000002', 1), action: 'client.read' },
      { actor: partner, correlationId: 'corr-redelivered' },
    );
    const js = jetstream(nc);
    const subject = eventSubject('events.audit.entry.recorded', `${config.natsSubjectPrefix}.events`);
    // Distinct Nats-Msg-Ids defeat the stream's de-duplication: the consumer sees the event three times.
    for (const attempt of [1, 2, 3]) {
      await js.publish(subject, JSON.stringify(envelope), { msgID: `${envelope.id}-${attempt}` });
    }
    await eventually(async () => expect(await count('id = $1', [envelope.id])).toBe(1));
    await eventually(async () => {
      const { rows } = await sql.query(`SELECT count(*)::int AS n FROM audit.inbox WHERE event_id = $1`, [
        envelope.id,
      ]);
      expect(rows[0].n).toBe(1);
    });
    // Give the two later copies time to be handled, then check again.
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(await count('id = $1', [envelope.id])).toBe(1);
  });

  it('keeps one valid chain while two replicas append concurrently', async () => {
    const before = await count();
    const clientId = '0c7a0d3e-0000-4000-8000-000000000003';
    const direct = Array.from({ length: 30 }, (_, n) =>
      rpc.request(
        'audit.entry.record',
        {
          ...sharedDataRead(clientId, n),
          action: 'http.request.refused',
          outcome: 'refused',
          sourceService: 'gateway',
        },
        { actor: null, correlationId: `corr-direct-${n}` },
      ),
    );
    const viaEvents = appendThroughOutbox(
      Array.from({ length: 30 }, (_, n) => sharedDataRead(clientId, 100 + n)),
    );
    const replies = await Promise.all([...direct, viaEvents]);
    expect(new Set(replies.slice(0, 30).map((reply) => (reply as { seq: string }).seq)).size).toBe(30);

    await eventually(async () => expect(await count()).toBe(before + 60));
    const { rows } = await sql.query(
      `SELECT min(seq)::text AS min, max(seq)::text AS max FROM audit.audit_log`,
    );
    expect(rows[0]).toEqual({ min: '1', max: String(before + 60) });
    expect((await runAuditVerify(db.url)).exitCode).toBe(0);
  });

  it('appends a batch in one transaction under one lock and one head read, a repeated id once', async () => {
    const dataSource = replicas[0].get<DataSource>(getDataSourceToken());
    const log = replicas[0].get(AuditLogRepository);
    const clientId = '0c7a0d3e-0000-4000-8000-000000000005';
    const entries = [1, 2, 3].map((n) =>
      toNewEntry(randomUUID(), partner, sharedDataRead(clientId, n), {
        correlationId: `corr-batch-${n}`,
        occurredAt: new Date().toISOString(),
      }),
    );
    const statements: string[] = [];
    const appended = await dataSource.transaction(async (manager) => {
      const query = manager.query.bind(manager);
      jest.spyOn(manager, 'query').mockImplementation((...args: Parameters<typeof query>) => {
        statements.push(args[0]);
        return query(...args);
      });
      const results = [];
      for (const entry of [...entries, entries[0]]) {
        results.push(await log.append(manager, entry));
      }
      return results;
    });

    const first = BigInt(appended[0].seq);
    expect(appended.map((result) => result.seq)).toEqual([0n, 1n, 2n, 0n].map((n) => String(first + n)));
    expect(statements.filter((text) => text.includes('pg_advisory_xact_lock'))).toHaveLength(1);
    expect(statements.filter((text) => /ORDER BY "seq" DESC LIMIT 1/.test(text))).toHaveLength(1);
    expect(await count('client_id = $1', [clientId])).toBe(3);
    expect(await runAuditVerify(db.url)).toEqual({
      exitCode: 0,
      message: expect.stringMatching(/valid: \d+ records/),
    });

    // A later transaction reads the head again: it continues the chain after the batch.
    const next = await dataSource.transaction((manager) =>
      log.append(
        manager,
        toNewEntry(randomUUID(), partner, sharedDataRead(clientId, 4), {
          correlationId: 'corr-after',
          occurredAt: new Date().toISOString(),
        }),
      ),
    );
    expect(BigInt(next.seq)).toBeGreaterThan(first + 2n);
    expect((await runAuditVerify(db.url)).exitCode).toBe(0);
  });

  it('refuses UPDATE, DELETE and TRUNCATE on the log, even to the table owner', async () => {
    await expect(
      sql.query(`UPDATE audit.audit_log SET action = 'client.erased' WHERE seq = 1`),
    ).rejects.toThrow(/append-only: UPDATE refused/);
    await expect(sql.query(`DELETE FROM audit.audit_log WHERE seq = 1`)).rejects.toThrow(
      /append-only: DELETE refused/,
    );
    await expect(sql.query(`TRUNCATE audit.audit_log`)).rejects.toThrow(/append-only: TRUNCATE refused/);
    const { rows } = await sql.query(
      `SELECT has_table_privilege('public', 'audit.audit_log', 'UPDATE') AS public_update,
              has_table_privilege('public', 'audit.audit_log', 'DELETE') AS public_delete,
              has_table_privilege('public', 'audit.audit_log', 'INSERT') AS public_insert`,
    );
    expect(rows[0]).toEqual({ public_update: false, public_delete: false, public_insert: false });
    expect((await runAuditVerify(db.url)).exitCode).toBe(0);
  });

  it('records an entry sent directly, refusing one without an action', async () => {
    const reply = await rpc.request(
      'audit.entry.record',
      {
        action: 'auth.failed',
        outcome: 'refused',
        targetType: 'route',
        targetId: 'GET /api/v1/me',
        organisationId: null,
        sourceService: 'gateway',
        detail: { code: 'AUTH.TOKEN_EXPIRED', status: 401 },
      },
      { actor: null, correlationId: 'corr-direct-auth' },
    );
    expect(reply).toEqual({ id: expect.any(String), seq: expect.stringMatching(/^\d+$/) });
    expect(await count(`correlation_id = 'corr-direct-auth' AND actor_user_id IS NULL`)).toBe(1);

    await expect(
      rpc.request(
        'audit.entry.record',
        {
          outcome: 'refused',
          targetType: 'route',
          targetId: null,
          organisationId: null,
        } as unknown as AuditEntryData,
        { actor: SYSTEM_ACTOR, correlationId: 'corr-direct-bad' },
      ),
    ).rejects.toMatchObject({ code: 'VALIDATION.FAILED' });
  });

  /** The clients service's record of registering a client for an organisation: whose client it is. */
  const registration = (clientId: string, organisationId: string): AuditEntryData => ({
    action: 'client.created',
    outcome: 'granted',
    targetType: 'client',
    targetId: clientId,
    organisationId,
    clientId,
    sourceService: 'clients',
  });
  const disclosureList = (clientId: string, actor: Actor, correlationId: string) =>
    rpc.request('audit.disclosure.list', { clientId }, { actor, correlationId });

  it('lists as disclosures exactly the granted entries naming another organisation as recipient', async () => {
    const clientId = '0c7a0d3e-0000-4000-8000-000000000004';
    const own = '5b0b7a8e-1f1d-4b8e-9a51-000000000001';
    const kela = '5b0b7a8e-1f1d-4b8e-9a51-000000000003';
    const redcross = '5b0b7a8e-1f1d-4b8e-9a51-000000000004';
    const to = (
      recipientOrganisationId: string | null,
      overrides: Partial<AuditEntryData> = {},
    ): AuditEntryData => ({
      ...sharedDataRead(clientId, 1),
      recipientOrganisationId,
      ...overrides,
    });
    await appendThroughOutbox([
      registration(clientId, own),
      to(kela, { action: 'referral.sent' }),
      to(partner.organisationId),
      to(own),
      to(redcross, { outcome: 'refused' }),
      to(null, { action: 'client.read' }),
      to(redcross, { clientId: '0c7a0d3e-0000-4000-8000-000000000005' }),
    ]);
    await eventually(async () => expect(await count('client_id = $1', [clientId])).toBe(6));

    const advisor: Actor = { ...partner, organisationId: own, role: 'advisor' };
    const reply = await disclosureList(clientId, advisor, 'corr-dl');
    expect(reply.recipientOrganisationIds.sort()).toEqual([kela, partner.organisationId].sort());
    expect(reply.items.map((item) => item.action).sort()).toEqual([
      'referral.sent',
      'referral.shared_data.read',
    ]);
    expect(reply.items.every((item) => item.consentId === '9d7e3f00-0000-4000-8000-000000000001')).toBe(true);
    // The read of the disclosure log is itself in the log.
    expect(await count(`action = 'client.disclosures.read' AND client_id = $1`, [clientId])).toBe(1);

    await expect(disclosureList(clientId, partner, 'corr-dl-partner')).rejects.toMatchObject({
      code: 'AUTH.FORBIDDEN',
    });
    // An advisor of another organisation: the client is not theirs, checked here (not only at the gateway).
    await expect(
      disclosureList(clientId, { ...advisor, organisationId: kela }, 'corr-dl-other'),
    ).rejects.toMatchObject({ code: 'RESOURCE.NOT_FOUND' });
    await expect(
      rpc.request('audit.entry.search', {}, { actor: advisor, correlationId: 'corr-search-advisor' }),
    ).rejects.toMatchObject({ code: 'AUTH.FORBIDDEN' });
  });

  it('answers a client whose registration has not reached the log yet with what it holds, not 404', async () => {
    // Just registered: the clients service's entry is still on its way through the outbox. The
    // gateway has asked the clients service whose client it is before asking here.
    const clientId = '0c7a0d3e-0000-4000-8000-000000000006';
    const own = '5b0b7a8e-1f1d-4b8e-9a51-000000000001';
    const other = '5b0b7a8e-1f1d-4b8e-9a51-000000000003';
    const advisor: Actor = { ...partner, organisationId: own, role: 'advisor' };
    const reply = await disclosureList(clientId, advisor, 'corr-dl-early');
    expect(reply).toMatchObject({ clientId, items: [], recipientOrganisationIds: [] });

    // Once the registration is in the log, the log's own check holds again for other organisations.
    await appendThroughOutbox([registration(clientId, own)]);
    await eventually(async () =>
      expect(await count(`action = 'client.created' AND client_id = $1`, [clientId])).toBe(1),
    );
    await expect(
      disclosureList(clientId, { ...advisor, organisationId: other }, 'corr-dl-early-other'),
    ).rejects.toMatchObject({ code: 'RESOURCE.NOT_FOUND' });
    await expect(disclosureList(clientId, advisor, 'corr-dl-later')).resolves.toMatchObject({
      clientId,
      items: [],
    });
  });

  it('checkpoints the head within a second of a commit, and reads nothing while nothing is committed', async () => {
    const location = auditAnchorLocation(config);
    const jsm = await jetstreamManager(nc);
    const record = (n: number) =>
      rpc.request(
        'audit.entry.record',
        { ...sharedDataRead('0c7a0d3e-0000-4000-8000-000000000008', n), action: 'client.read' },
        { actor: partner, correlationId: `corr-checkpoint-soon-${n}` },
      );
    await record(1); // so that the chain has begun when this test runs alone
    const firstHash = String(
      (await sql.query(`SELECT hash FROM audit.audit_log WHERE seq = 1`)).rows[0].hash,
    );
    const headReads = replicas.map((app) => jest.spyOn(app.get<DataSource>(getDataSourceToken()), 'query'));
    const checkpointerReads = () =>
      headReads
        .flatMap((spy) => spy.mock.calls)
        .filter(([query]) => String(query).includes('ORDER BY "seq" DESC LIMIT 1')).length;
    try {
      // Whatever the earlier tests committed is checkpointed within a second; then it is quiet.
      await new Promise((resolve) => setTimeout(resolve, 1500));
      headReads.forEach((spy) => spy.mockClear());
      await new Promise((resolve) => setTimeout(resolve, 2500));
      expect(checkpointerReads()).toBe(0);

      await record(2);
      const head = String(
        (await sql.query(`SELECT max(seq)::text AS head FROM audit.audit_log`)).rows[0].head,
      );
      const committedAt = Date.now();
      await eventually(
        async () => expect((await readLatestCheckpoint(jsm, location, firstHash))?.checkpoint.seq).toBe(head),
        { timeoutMs: 3000, intervalMs: 20 },
      );
      // Within the second (and the pass itself), not at the minute's backstop.
      expect(Date.now() - committedAt).toBeLessThan(2000);
      expect(checkpointerReads()).toBeGreaterThanOrEqual(1);
    } finally {
      headReads.forEach((spy) => spy.mockRestore());
    }
  });

  it('catches a tail cut after a checkpoint, which the chain alone cannot see', async () => {
    const anchor = { natsUrl: testNatsUrl(), location: auditAnchorLocation(config) };
    const recordDirect = (n: number) =>
      rpc.request(
        'audit.entry.record',
        { ...sharedDataRead('0c7a0d3e-0000-4000-8000-000000000009', n), action: 'client.read' },
        { actor: partner, correlationId: `corr-tail-${n}` },
      );
    for (const n of [1, 2, 3]) {
      await recordDirect(n);
    }
    const head = String((await sql.query(`SELECT max(seq)::text AS head FROM audit.audit_log`)).rows[0].head);
    // The service checkpoints the committed head within a second; ask now instead of waiting.
    await replicas[0].get(AuditCheckpointer).checkpoint();
    await eventually(async () =>
      expect(await runAuditVerify(db.url, anchor)).toEqual({
        exitCode: 0,
        message: expect.stringContaining(`checkpoint at seq ${head} matches`),
      }),
    );

    // A superuser removes the newest two records behind the trigger: what is left is a valid chain.
    await sql.query('ALTER TABLE audit.audit_log DISABLE TRIGGER audit_log_append_only');
    try {
      await sql.query(`DELETE FROM audit.audit_log WHERE seq > $1`, [String(BigInt(head) - 2n)]);
    } finally {
      await sql.query('ALTER TABLE audit.audit_log ENABLE TRIGGER audit_log_append_only');
    }
    expect((await runAuditVerify(db.url)).exitCode).toBe(0);
    expect(await runAuditVerify(db.url, anchor)).toEqual({
      exitCode: 1,
      message: expect.stringContaining(
        `records after seq ${BigInt(head) - 2n} are missing: the checkpoint outside the database`,
      ),
    });

    // Appending again fills the seqs with other records: the checkpointed hash no longer matches.
    await recordDirect(4);
    await recordDirect(5);
    const rewritten = await runAuditVerify(db.url, anchor);
    expect(rewritten.exitCode).toBe(1);
    expect(rewritten.message).toContain(`record seq ${head} does not match the checkpoint`);

    // Without NATS the anchor cannot be read: the verifier says it could not check.
    const unreachable = { ...anchor, natsUrl: 'nats://127.0.0.1:1' };
    expect((await runAuditVerify(db.url, unreachable)).exitCode).toBe(2);
  });

  it('lets the verifier name a record a superuser altered behind the trigger', async () => {
    const [target] = (
      await sql.query(`SELECT seq::text, id FROM audit.audit_log ORDER BY seq LIMIT 1 OFFSET 2`)
    ).rows as { seq: string; id: string }[];
    await sql.query('ALTER TABLE audit.audit_log DISABLE TRIGGER audit_log_append_only');
    try {
      await sql.query(`UPDATE audit.audit_log SET actor_user_id = 'someone-else' WHERE seq = $1`, [
        target.seq,
      ]);
    } finally {
      await sql.query('ALTER TABLE audit.audit_log ENABLE TRIGGER audit_log_append_only');
    }
    const run = await runAuditVerify(db.url);
    expect(run.exitCode).toBe(1);
    expect(run.message).toContain(`seq ${target.seq} (id ${target.id})`);
  });
});
