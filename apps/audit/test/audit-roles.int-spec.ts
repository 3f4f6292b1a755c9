// The audit service runs as a database role that can only read and append the log: the table
// belongs to the migration role, other services' roles cannot reach the schema at all, and a
// record rewritten by someone without AUDIT_CHAIN_KEY fails verification.
import { createHash, createHmac, createSecretKey, randomBytes } from 'node:crypto';
import type { INestApplication } from '@nestjs/common';
import { getDataSourceToken } from '@nestjs/typeorm';
import { jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import pg from 'pg';
import { DataSource } from 'typeorm';
import { loadCommonConfig, type CommonConfig } from '#config';
import type { AuditEntryData } from '#contracts';
import { AUDIT_OWNER_ROLE, serviceRole } from '#database';
import { OutboxWriter } from '#messaging';
import { runService } from '#service-core';
import { createTestDatabase, eventually, testNatsUrl, uniqueSuffix, type TestDatabase } from '#testing';
import { AuditAppModule } from '../src/app.module.js';
import { auditAnchorLocation } from '../src/audit-log/audit-anchor.js';
import { AuditLogGuard } from '../src/audit-log/audit-log-guard.js';
import { canonicalJson } from '../src/audit-log/audit-chain.js';
import { chainRecordOf, type AuditLogRow } from '../src/audit-log/audit-log.repository.js';
import { runAuditVerify } from '../src/audit-log/chain-verifier.js';

const entry = (n: number): AuditEntryData => ({
  action: 'client.read',
  outcome: 'granted',
  targetType: 'client',
  targetId: `0c7a0d3e-0000-4000-8000-${String(n).padStart(12, '0')}`,
  organisationId: '5b0b7a8e-1f1d-4b8e-9a51-000000000002',
  clientId: `0c7a0d3e-0000-4000-8000-${String(n).padStart(12, '0')}`,
  sourceService: 'clients',
});

describe('The audit log under database roles', () => {
  let db: TestDatabase;
  let config: CommonConfig;
  let app: INestApplication;
  let admin: pg.Client;
  const clients: pg.Client[] = [];

  async function connectAs(url: string): Promise<pg.Client> {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    clients.push(client);
    return client;
  }

  /** The statement's error code: 42501 is insufficient_privilege. */
  const failure = (client: pg.Client, sql: string, params: unknown[] = []): Promise<string> =>
    client.query(sql, params).then(
      () => 'succeeded',
      (error: { code?: string }) => error.code ?? 'no code',
    );

  beforeAll(async () => {
    db = await createTestDatabase('audit_roles');
    const suffix = uniqueSuffix();
    config = loadCommonConfig('audit', {
      DATABASE_URL: db.serviceUrl('audit'),
      MIGRATION_DATABASE_URL: db.auditOwnerUrl,
      NATS_URL: testNatsUrl(),
      NATS_SUBJECT_PREFIX: `t${suffix}`,
      EVENTS_STREAM: `T${suffix}_EVENTS`,
      DEAD_LETTER_STREAM: `T${suffix}_DEAD_LETTER`,
      LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
      AUDIT_OPS_PORT: '0',
    });
    app = await runService(AuditAppModule.forRoot(config), config);
    admin = await connectAs(db.url);
    // Appended by the service itself, connected as its own role.
    const dataSource = app.get<DataSource>(getDataSourceToken());
    for (const n of [1, 2, 3]) {
      await dataSource.transaction((manager) =>
        app.get(OutboxWriter).append(manager, 'events.audit.entry.recorded', entry(n), {
          actor: null,
          correlationId: `corr-${uniqueSuffix()}`,
        }),
      );
    }
    await eventually(async () =>
      expect((await admin.query('SELECT count(*)::int AS n FROM audit.audit_log')).rows[0]).toEqual({ n: 3 }),
    );
  });

  afterAll(async () => {
    for (const client of clients) {
      await client.end().catch(() => undefined);
    }
    await app?.close();
    const nc = await connect({ servers: testNatsUrl() });
    const jsm = await jetstreamManager(nc);
    for (const stream of [config.eventsStream, config.deadLetterStream, auditAnchorLocation(config).stream]) {
      await jsm.streams.delete(stream).catch(() => false);
    }
    await nc.close();
    await db?.drop();
  });

  it('runs the service as its own role, and gives the log and its schema to the migration role', async () => {
    const sessions = await admin.query<{ usename: string }>(
      `SELECT DISTINCT usename FROM pg_stat_activity WHERE datname = current_database() AND application_name = 'moni-audit'`,
    );
    expect(sessions.rows.map((row) => row.usename)).toEqual([serviceRole('audit')]);
    const owners = await admin.query<{ schema_owner: string; table_owner: string }>(
      `SELECT pg_get_userbyid(n.nspowner) AS schema_owner, pg_get_userbyid(c.relowner) AS table_owner
         FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = 'audit' AND c.relname = 'audit_log'`,
    );
    expect(owners.rows).toEqual([{ schema_owner: AUDIT_OWNER_ROLE, table_owner: AUDIT_OWNER_ROLE }]);
    const privileges = await admin.query<{ privilege_type: string }>(
      `SELECT privilege_type FROM information_schema.role_table_grants
        WHERE table_schema = 'audit' AND table_name = 'audit_log' AND grantee = $1 ORDER BY 1`,
      [serviceRole('audit')],
    );
    expect(privileges.rows.map((row) => row.privilege_type)).toEqual(['INSERT', 'SELECT']);
  });

  it('refuses the audit service role every way of changing or silencing the log', async () => {
    const audit = await connectAs(db.serviceUrl('audit'));
    expect((await audit.query('SELECT count(*)::int AS n FROM audit.audit_log')).rows[0]).toEqual({ n: 3 });
    expect(await failure(audit, `UPDATE audit.audit_log SET action = 'client.updated' WHERE seq = 2`)).toBe(
      '42501',
    );
    expect(await failure(audit, 'DELETE FROM audit.audit_log WHERE seq = 3')).toBe('42501');
    expect(await failure(audit, 'TRUNCATE audit.audit_log')).toBe('42501');
    expect(await failure(audit, 'ALTER TABLE audit.audit_log DISABLE TRIGGER audit_log_append_only')).toBe(
      '42501',
    );
    expect(await failure(audit, 'ALTER TABLE audit.audit_log DISABLE TRIGGER ALL')).toBe('42501');
    expect(await failure(audit, 'DROP TABLE audit.audit_log')).toBe('42501');
    expect(await failure(audit, `ALTER TABLE audit.audit_log RENAME TO audit_log_old`)).toBe('42501');
    expect(await failure(audit, `SET ROLE ${AUDIT_OWNER_ROLE}`)).toBe('42501');
    expect(await failure(audit, 'CREATE TABLE audit.shadow (seq bigint)')).toBe('42501');
    expect((await admin.query('SELECT count(*)::int AS n FROM audit.audit_log')).rows[0]).toEqual({ n: 3 });
  });

  it("refuses another service's role any access to the audit schema", async () => {
    const clientsRole = await connectAs(db.serviceUrl('clients'));
    expect(await failure(clientsRole, 'SELECT count(*) FROM audit.audit_log')).toBe('42501');
    expect(
      await failure(
        clientsRole,
        `INSERT INTO audit.audit_log (seq, id, action, outcome, target_type, correlation_id, occurred_at, recorded_at,
           prev_hash, hash) VALUES (99, gen_random_uuid(), 'x', 'granted', 'x', 'x', now(), now(), $1, $1)`,
        ['0'.repeat(64)],
      ),
    ).toBe('42501');
    expect(await failure(clientsRole, 'SELECT count(*) FROM audit.outbox')).toBe('42501');
    // ... while its own schema is its own.
    expect(
      await failure(clientsRole, 'CREATE TABLE clients.scratch (id int); DROP TABLE clients.scratch'),
    ).toBe('succeeded');
  });

  it('in production refuses to run as a role that could change the log, and runs as its own', async () => {
    const guard = async (url: string, production: boolean): Promise<void> => {
      const dataSource = new DataSource({ type: 'postgres', url });
      await dataSource.initialize();
      try {
        await new AuditLogGuard(
          { chainKey: createSecretKey(randomBytes(32)), production },
          dataSource,
        ).onModuleInit();
      } finally {
        await dataSource.destroy();
      }
    };
    await expect(guard(db.url, true)).rejects.toThrow(
      /^the audit service's database role postgres can (alter \(it owns\)|change) audit\.audit_log/,
    );
    await expect(guard(db.auditOwnerUrl, true)).rejects.toThrow(
      `database role ${AUDIT_OWNER_ROLE} can alter (it owns) audit.audit_log`,
    );
    await expect(guard(db.url, false)).resolves.toBeUndefined();
    await expect(guard(db.serviceUrl('audit'), true)).resolves.toBeUndefined();
  });

  it('fails verification of a record whose hash was recomputed without the chain key', async () => {
    expect((await runAuditVerify(db.url)).exitCode).toBe(0);
    // What a superuser without AUDIT_CHAIN_KEY can do: change a record and give it a new hash, with
    // plain sha256 or with an HMAC under a key of its own.
    const rewrite = async (hash: (content: string) => string) => {
      const { rows } = await admin.query<AuditLogRow>('SELECT * FROM audit.audit_log WHERE seq = 2');
      const { hash: _old, ...content } = chainRecordOf({ ...rows[0], action: 'client.listed' });
      void _old;
      await admin.query('ALTER TABLE audit.audit_log DISABLE TRIGGER USER');
      await admin.query(`UPDATE audit.audit_log SET action = 'client.listed', hash = $1 WHERE seq = 2`, [
        hash(canonicalJson(content)),
      ]);
      await admin.query('ALTER TABLE audit.audit_log ENABLE TRIGGER USER');
    };
    await rewrite((content) => createHash('sha256').update(content).digest('hex'));
    const unkeyed = await runAuditVerify(db.url);
    expect(unkeyed.exitCode).toBe(1);
    expect(unkeyed.message).toContain('record seq 2');

    const guessed = randomBytes(32);
    await rewrite((content) => createHmac('sha256', guessed).update(content).digest('hex'));
    expect((await runAuditVerify(db.url)).message).toContain('record seq 2');
  });
});
