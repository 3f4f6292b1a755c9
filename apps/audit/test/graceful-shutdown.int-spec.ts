// Issue 14: graceful shutdown. Kubernetes stops a pod with SIGTERM; the service must finish the
// request and the consumer message it holds, then exit 0, losing nothing. The audit service runs
// here as the image runs it (the built entry point, a process of its own); a lock on its table holds
// one request and one event in flight while it is told to stop.
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:net';
import path from 'node:path';
import { jetstream, jetstreamManager, type JetStreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import type { NatsConnection } from '@nats-io/nats-core';
import pg from 'pg';
import { SYSTEM_ACTOR, type AuditEntryData } from '#contracts';
import { createEventEnvelope, publishSubject, ServiceClient } from '#messaging';
import {
  builtEntry,
  createTestDatabase,
  ensureAppsBuilt,
  eventually,
  testNatsUrl,
  uniqueSuffix,
  type TestDatabase,
} from '#testing';
import { auditAnchorLocation } from '../src/audit-log/audit-anchor.js';
import { AUDIT_CONSUMER_DURABLE } from '../src/audit-log/audit-consumer.js';

const root = path.resolve(import.meta.dirname, '..', '..', '..');
const suffix = uniqueSuffix();
const names = {
  prefix: `t${suffix}`,
  eventsStream: `T${suffix}_EVENTS`,
  deadLetterStream: `T${suffix}_DEAD_LETTER`,
};

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

const entry = (targetId: string): AuditEntryData => ({
  action: 'auth.failed',
  outcome: 'refused',
  targetType: 'route',
  targetId,
  organisationId: null,
  sourceService: 'gateway',
  detail: { code: 'AUTH.TOKEN_EXPIRED', status: 401 },
});

describe('An audit service told to stop (SIGTERM)', () => {
  let db: TestDatabase;
  let sql: pg.Client;
  let locker: pg.Client;
  let nc: NatsConnection;
  let jsm: JetStreamManager;
  let rpc: ServiceClient;
  let service: ChildProcess;
  let stderr = '';

  beforeAll(async () => {
    await ensureAppsBuilt(root, ['audit']);
    db = await createTestDatabase('audit_shutdown');
    const opsPort = await freePort();
    service = spawn(process.execPath, [builtEntry(root, 'audit')], {
      cwd: root,
      env: {
        PATH: process.env.PATH,
        DATABASE_URL: db.url,
        NATS_URL: testNatsUrl(),
        NATS_SUBJECT_PREFIX: names.prefix,
        EVENTS_STREAM: names.eventsStream,
        DEAD_LETTER_STREAM: names.deadLetterStream,
        AUDIT_OPS_PORT: String(opsPort),
        LOG_LEVEL: 'warn',
      },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    service.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    await eventually(
      async () => {
        expect(service.exitCode).toBeNull();
        expect((await fetch(`http://127.0.0.1:${opsPort}/health/ready`)).status).toBe(200);
      },
      { timeoutMs: 60_000, intervalMs: 200 },
    );
    nc = await connect({ servers: testNatsUrl() });
    jsm = await jetstreamManager(nc);
    await eventually(() => jsm.consumers.info(names.eventsStream, AUDIT_CONSUMER_DURABLE));
    sql = new pg.Client({ connectionString: db.url });
    locker = new pg.Client({ connectionString: db.url });
    await Promise.all([sql.connect(), locker.connect()]);
    rpc = new ServiceClient({
      natsUrl: testNatsUrl(),
      clientName: 'shutdown-test',
      timeoutMs: 30_000,
      subjectPrefix: names.prefix,
    });
    await rpc.connect();
  }, 240_000);

  afterAll(async () => {
    service?.kill('SIGKILL');
    await rpc?.close();
    await Promise.all([sql?.end(), locker?.end()]);
    if (jsm) {
      for (const stream of [
        names.eventsStream,
        names.deadLetterStream,
        auditAnchorLocation({ eventsStream: names.eventsStream, natsSubjectPrefix: names.prefix }).stream,
      ]) {
        await jsm.streams.delete(stream).catch(() => false);
      }
    }
    await nc?.close();
    await db?.drop();
  });

  it('answers the request and handles the event it holds, acks it, and exits 0', async () => {
    await locker.query('BEGIN');
    await locker.query('LOCK TABLE audit.audit_log IN ACCESS EXCLUSIVE MODE');

    // One event for the consumer, one request: both wait for the lock inside the service.
    const event = createEventEnvelope('events.audit.entry.recorded', entry('GET /event'), {
      actor: SYSTEM_ACTOR,
      correlationId: `corr-event-${suffix}`,
    });
    await jetstream(nc).publish(
      publishSubject(event.type, `${names.prefix}.events`, 'gateway'),
      JSON.stringify(event),
      { msgID: event.id },
    );
    const reply = rpc.request('audit.entry.record', entry('GET /request'), {
      actor: null,
      correlationId: `corr-request-${suffix}`,
    });
    const waiting = async (): Promise<number> =>
      Number(
        (
          await sql.query(
            `SELECT count(*)::int AS n FROM pg_stat_activity
              WHERE datname = current_database() AND wait_event_type = 'Lock'`,
          )
        ).rows[0].n,
      );
    await eventually(async () => expect(await waiting()).toBeGreaterThanOrEqual(2), { timeoutMs: 20_000 });

    const exited = once(service, 'exit') as Promise<[number | null, NodeJS.Signals | null]>;
    service.kill('SIGTERM');
    // It drains: still running while the request and the event are in hand.
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(service.exitCode).toBeNull();
    await locker.query('COMMIT');

    await expect(reply).resolves.toEqual({ id: expect.any(String), seq: expect.stringMatching(/^\d+$/) });
    expect(await exited).toEqual([0, null]);
    expect(stderr).not.toMatch(/"level":(50|60)/);

    const recorded = await sql.query(
      `SELECT correlation_id FROM audit.audit_log WHERE correlation_id = ANY($1) ORDER BY correlation_id`,
      [[event.correlationId, `corr-request-${suffix}`]],
    );
    expect(recorded.rows).toEqual([
      { correlation_id: event.correlationId },
      { correlation_id: `corr-request-${suffix}` },
    ]);
    // The event was acknowledged before the process ended: nothing pending, nothing to redeliver.
    const durable = await jsm.consumers.info(names.eventsStream, AUDIT_CONSUMER_DURABLE);
    expect({ pending: durable.num_pending, unacked: durable.num_ack_pending }).toEqual({
      pending: 0,
      unacked: 0,
    });
  }, 90_000);
});
