// Idempotency keys end to end: two replicas of a tiny service (ServiceCoreModule, runService) over
// the real NATS and PostgreSQL, and a counter handler that says how often it really ran.
import 'reflect-metadata';
import { jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import { Controller, Inject, Module, type DynamicModule, type INestApplication } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { getDataSourceToken } from '@nestjs/typeorm';
import pg from 'pg';
import type { DataSource } from 'typeorm';
import { loadCommonConfig, type CommonConfig } from '#config';
import { AppError, type Actor, type Envelope } from '#contracts';
import { EnvelopePayloadPipe, ServiceClient } from '#messaging';
import {
  createTestDatabase,
  eventually,
  testDatabaseUrl,
  testNatsUrl,
  uniqueSuffix,
  type TestDatabase,
} from '#testing';
import {
  IdempotencyCleanup,
  IdempotencyStore,
  replyWithin,
  runService,
  ServiceCoreModule,
} from '../src/index.js';

interface CounterRequest {
  name: string;
  delayMs?: number;
  /**
   * crash-after-commit: the reply commits with the change, then the replica never answers (SIGKILL).
   * database-away: on its first run, the database goes away under it (SERVICE.UNAVAILABLE).
   */
  outcome?: 'rule' | 'bug' | 'unavailable' | 'crash-after-commit' | 'database-away';
}

interface CounterReply {
  /** The record the command made (what an erasure looks for in the stored replies). */
  id: string;
  name: string;
  run: number;
  replica: number;
}

/** How often the handler ran per name, over both replicas. */
const runs = new Map<string, number>();
/** The names whose change (and reply) committed. */
const committed = new Set<string>();
/** Holds the "crashed" handlers until the test ends. */
let letCrashedGo = () => {};
const crashed = new Promise<void>((resolve) => {
  letCrashedGo = resolve;
});
/** Makes the test database refuse connections and ends the ones it has (as a server going away does). */
let takeDatabaseAway: () => Promise<void> = () => Promise.resolve();

function createCounterModule(replica: number, config: CommonConfig): DynamicModule {
  @Controller()
  class CounterController {
    constructor(@Inject(getDataSourceToken()) private readonly dataSource: DataSource) {}

    // A real subject of the request map, so the typed client can send to it.
    @MessagePattern('clients.client.create')
    async count(@Payload(new EnvelopePayloadPipe()) msg: Envelope<CounterRequest>): Promise<CounterReply> {
      const { name, delayMs, outcome } = msg.data;
      const run = (runs.get(name) ?? 0) + 1;
      runs.set(name, run);
      if (delayMs) {
        await new Promise((resolve) => setTimeout(resolve, delayMs));
      }
      if (outcome === 'rule') {
        throw new AppError('RULE.VIOLATED', 'Not allowed', { run });
      }
      if (outcome === 'unavailable') {
        throw new AppError('SERVICE.UNAVAILABLE', 'A peer is away');
      }
      if (outcome === 'database-away' && run === 1) {
        await takeDatabaseAway();
        throw new AppError('SERVICE.UNAVAILABLE', 'The database is unavailable; try again shortly');
      }
      if (outcome === 'bug') {
        throw new Error('a bug');
      }
      if (outcome === 'crash-after-commit') {
        const reply = { id: name, name, run, replica };
        await this.dataSource.transaction((manager) => replyWithin(manager, reply));
        committed.add(name);
        await crashed;
        return reply;
      }
      return { id: name, name, run, replica };
    }
  }

  @Module({})
  class CounterModule {}

  return {
    module: CounterModule,
    imports: [
      ServiceCoreModule.forRoot({
        serviceName: 'clients',
        config,
        entities: [],
        migrations: [],
        idempotency: { waitMs: 1500, abandonedAfterMs: 60_000, cleanupIntervalMs: 3_600_000 },
      }),
    ],
    controllers: [CounterController],
  };
}

describe('idempotency keys of commands (two replicas, real NATS and PostgreSQL)', () => {
  const suffix = uniqueSuffix();
  let db: TestDatabase;
  let config: CommonConfig;
  const replicas: INestApplication[] = [];
  let client: ServiceClient;
  let dataSource: DataSource;
  /** The test's own connection to its database, which outlives the outage (the one connection kept). */
  let admin: pg.Client;
  /** To the server's maintenance database: what takes the test database away and brings it back. */
  let maintenance: pg.Client;
  let databaseName: string;

  const actor = (userId: string): Actor => ({
    userId,
    username: null,
    organisationId: null,
    role: 'advisor',
    realmRoles: ['advisor'],
  });
  const alice = actor('11111111-1111-4111-8111-111111111111');
  const bob = actor('22222222-2222-4222-8222-222222222222');

  function send(data: CounterRequest, idempotencyKey?: string, as = alice): Promise<CounterReply> {
    const context = {
      actor: as,
      correlationId: `corr-${uniqueSuffix()}`,
      ...(idempotencyKey ? { idempotencyKey } : {}),
    };
    return client.request(
      'clients.client.create',
      data as never,
      context,
    ) as Promise<unknown> as Promise<CounterReply>;
  }
  const failure = (promise: Promise<unknown>) =>
    promise.then(
      () => null,
      (error: unknown) => error as AppError,
    );
  const key = () => `key-${uniqueSuffix()}`;

  beforeAll(async () => {
    db = await createTestDatabase('idempotency');
    const env = {
      DATABASE_URL: db.url,
      NATS_URL: testNatsUrl(),
      NATS_SUBJECT_PREFIX: `t${suffix}`,
      EVENTS_STREAM: `T${suffix}_EVENTS`,
      DEAD_LETTER_STREAM: `T${suffix}_DEAD_LETTER`,
      CLIENTS_OPS_PORT: '0',
      LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    };
    config = loadCommonConfig('clients', env);
    for (const replica of [1, 2]) {
      replicas.push(await runService(createCounterModule(replica, config), config));
    }
    dataSource = replicas[0].get<DataSource>(getDataSourceToken());
    client = new ServiceClient({
      natsUrl: testNatsUrl(),
      clientName: 'idempotency-test',
      timeoutMs: 10_000,
      subjectPrefix: config.natsSubjectPrefix,
    });
    await client.connect();
    databaseName = new URL(db.url).pathname.slice(1);
    admin = new pg.Client({ connectionString: db.url });
    await admin.connect();
    const maintenanceUrl = new URL(testDatabaseUrl());
    maintenanceUrl.pathname = '/postgres';
    maintenance = new pg.Client({ connectionString: maintenanceUrl.toString() });
    await maintenance.connect();
    const [{ pid }] = (await admin.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows;
    takeDatabaseAway = async () => {
      await maintenance.query(`ALTER DATABASE "${databaseName}" ALLOW_CONNECTIONS false`);
      await maintenance.query(
        `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> $2`,
        [databaseName, pid],
      );
    };
  }, 60_000);

  const bringDatabaseBack = () =>
    maintenance.query(`ALTER DATABASE "${databaseName}" ALLOW_CONNECTIONS true`);

  afterAll(async () => {
    letCrashedGo();
    await admin?.end();
    await maintenance?.end();
    await client?.close();
    for (const app of replicas) {
      await app.close();
    }
    const nc = await connect({ servers: testNatsUrl() });
    const jsm = await jetstreamManager(nc);
    await jsm.streams.delete(config.eventsStream).catch(() => false);
    await jsm.streams.delete(config.deadLetterStream).catch(() => false);
    await nc.close();
    await db?.drop();
  });

  it('runs a command once for the same key: the retry gets the same reply', async () => {
    const k = key();
    const first = await send({ name: 'same-key' }, k);
    const second = await send({ name: 'same-key' }, k);
    const third = await send({ name: 'same-key' }, k);
    expect(runs.get('same-key')).toBe(1);
    expect(second).toEqual(first);
    expect(third).toEqual(first);
    const rows = await dataSource.query<
      { subject: string; user_id: string; request_hash: string; reply: unknown; error: unknown }[]
    >(
      `SELECT "subject", "user_id", "request_hash", "reply", "error" FROM "clients"."idempotency_keys" WHERE "key" = $1`,
      [k],
    );
    expect(rows).toEqual([
      {
        subject: 'clients.client.create',
        user_id: alice.userId,
        request_hash: expect.stringMatching(/^[0-9a-f]{64}$/),
        // Sealed: the reply is not kept in clear.
        reply: { sealed: expect.any(String) as string },
        error: null,
      },
    ]);
  });

  it('treats the same data with its keys in another order as the same request', async () => {
    const k = key();
    await send({ name: 'key-order', delayMs: 1 }, k);
    const again = await send({ delayMs: 1, name: 'key-order' }, k);
    expect(again.run).toBe(1);
    expect(runs.get('key-order')).toBe(1);
  });

  it('refuses the same key with a different body: 409 IDEMPOTENCY_KEY_REUSED, nothing run', async () => {
    const k = key();
    await send({ name: 'reused-a' }, k);
    const error = await failure(send({ name: 'reused-b' }, k));
    expect(error).toBeInstanceOf(AppError);
    expect(error).toMatchObject({
      code: 'RESOURCE.CONFLICT',
      details: { reason: 'IDEMPOTENCY_KEY_REUSED', header: 'Idempotency-Key' },
    });
    expect(runs.get('reused-b')).toBeUndefined();
  });

  it('runs every request without a key', async () => {
    await send({ name: 'no-key' });
    await send({ name: 'no-key' });
    expect(runs.get('no-key')).toBe(2);
  });

  it('scopes a key to its user: another user with the same key runs their own command', async () => {
    const k = key();
    await send({ name: 'per-user' }, k, alice);
    const theirs = await send({ name: 'per-user' }, k, bob);
    expect(theirs.run).toBe(2);
    expect(runs.get('per-user')).toBe(2);
  });

  it('runs concurrent duplicates (spread over both replicas) once, and all get the one reply', async () => {
    const k = key();
    const replies = await Promise.all(
      Array.from({ length: 8 }, () => send({ name: 'concurrent', delayMs: 300 }, k)),
    );
    expect(runs.get('concurrent')).toBe(1);
    // The same reply (jsonb keeps no key order, so compared as values).
    for (const reply of replies) {
      expect(reply).toEqual(replies[0]);
    }
  });

  it('answers 409 IDEMPOTENCY_KEY_IN_PROGRESS when the first request outlasts the wait', async () => {
    const k = key();
    const first = send({ name: 'slow', delayMs: 2500 }, k);
    await new Promise((resolve) => setTimeout(resolve, 200));
    const error = await failure(send({ name: 'slow', delayMs: 2500 }, k));
    expect(error).toMatchObject({
      code: 'RESOURCE.CONFLICT',
      details: { reason: 'IDEMPOTENCY_KEY_IN_PROGRESS' },
    });
    expect((await first).run).toBe(1);
    expect((await send({ name: 'slow', delayMs: 2500 }, k)).run).toBe(1);
    expect(runs.get('slow')).toBe(1);
  });

  it('stores a final AppError and re-throws it on a retry without running again', async () => {
    const k = key();
    const first = await failure(send({ name: 'rule', outcome: 'rule' }, k));
    const second = await failure(send({ name: 'rule', outcome: 'rule' }, k));
    expect(first).toMatchObject({ code: 'RULE.VIOLATED', details: { run: 1 } });
    expect(second).toBeInstanceOf(AppError);
    expect(second).toMatchObject({ code: 'RULE.VIOLATED', message: 'Not allowed', details: { run: 1 } });
    expect(runs.get('rule')).toBe(1);
  });

  it('does not store SERVICE.UNAVAILABLE or an unexpected error: the retry runs again', async () => {
    const k1 = key();
    await failure(send({ name: 'away', outcome: 'unavailable' }, k1));
    const away = await failure(send({ name: 'away', outcome: 'unavailable' }, k1));
    expect(away).toMatchObject({ code: 'SERVICE.UNAVAILABLE' });
    expect(runs.get('away')).toBe(2);

    const k2 = key();
    await failure(send({ name: 'bug', outcome: 'bug' }, k2));
    const bug = await failure(send({ name: 'bug', outcome: 'bug' }, k2));
    expect(bug).toMatchObject({ code: 'INTERNAL.ERROR' });
    expect(runs.get('bug')).toBe(2);
    const left = await dataSource.query<{ n: number }[]>(
      `SELECT count(*)::int AS "n" FROM "clients"."idempotency_keys" WHERE "key" IN ($1, $2)`,
      [k1, k2],
    );
    expect(left[0].n).toBe(0);
  });

  it('frees the key of a command the database outage failed once the database is back: no 409 for a minute', async () => {
    const k = key();
    const request = { name: 'outage', outcome: 'database-away' } as const;
    const stores = replicas.map((app) => app.get(IdempotencyStore));
    try {
      expect(await failure(send(request, k))).toMatchObject({ code: 'SERVICE.UNAVAILABLE' });
      // The release was refused (the database is away): it waits for its retry in the background.
      expect(stores.reduce((sum, store) => sum + store.retriesWaiting, 0)).toBe(1);
      await new Promise((resolve) => setTimeout(resolve, 500));
    } finally {
      await bringDatabaseBack();
    }
    // A retry once the database is back runs the command again (a request that gets a connection
    // the outage ended is 503 and retried as a client would; a 409 IN_PROGRESS fails the test).
    let retry: CounterReply | AppError | null = null;
    await eventually(async () => {
      retry = await send(request, k).catch((error: unknown) => error as AppError);
      expect(retry).not.toMatchObject({ code: 'SERVICE.UNAVAILABLE' });
    });
    expect(retry).toMatchObject({ name: 'outage', run: 2 });
    expect(stores.reduce((sum, store) => sum + store.retriesWaiting, 0)).toBe(0);
    // And that run's reply is the key's outcome from now on.
    expect(await send(request, k)).toMatchObject({ run: 2 });
    expect(runs.get('outage')).toBe(2);
  });

  it('never releases a claim that took the key over while its own release waited for the database', async () => {
    const k = key();
    const request = { name: 'outage-takeover', outcome: 'database-away' } as const;
    const stores = replicas.map((app) => app.get(IdempotencyStore));
    const waiting = () => stores.reduce((sum, store) => sum + store.retriesWaiting, 0);
    try {
      expect(await failure(send(request, k))).toMatchObject({ code: 'SERVICE.UNAVAILABLE' });
      expect(waiting()).toBe(1);
      // Meanwhile the claim was abandoned and another request took the key over (and still runs).
      await admin.query(
        `UPDATE "clients"."idempotency_keys" SET "created_at" = now() - interval '1 second' WHERE "key" = $1`,
        [k],
      );
    } finally {
      await bringDatabaseBack();
    }
    await eventually(() => expect(waiting()).toBe(0));
    const { rows } = await admin.query<{ pending: boolean }>(
      `SELECT ("reply" IS NULL AND "error" IS NULL) AS "pending" FROM "clients"."idempotency_keys" WHERE "key" = $1`,
      [k],
    );
    expect(rows).toEqual([{ pending: true }]);
  });

  it('refuses a malformed key in the envelope', async () => {
    const error = await failure(send({ name: 'bad-key' }, 'short'));
    expect(error).toMatchObject({
      code: 'VALIDATION.FAILED',
      details: [expect.objectContaining({ field: 'idempotencyKey' })],
    });
    expect(runs.get('bad-key')).toBeUndefined();
  });

  it('takes over a claim that was abandoned (a replica died while running)', async () => {
    const k = key();
    const { requestHash } = await import('../src/index.js');
    await dataSource.query(
      `INSERT INTO "clients"."idempotency_keys" ("subject", "user_id", "key", "request_hash", "created_at")
       VALUES ('clients.client.create', $1, $2, $3, now() - interval '10 minutes')`,
      [alice.userId, k, requestHash({ name: 'abandoned' })],
    );
    expect((await send({ name: 'abandoned' }, k)).run).toBe(1);
    expect((await send({ name: 'abandoned' }, k)).run).toBe(1);
  });

  it('replays the reply committed with the change when the replica died before answering (F2)', async () => {
    const k = key();
    const request = { name: 'crashed', outcome: 'crash-after-commit' } as const;
    void failure(send(request, k));
    await eventually(() => expect(committed.has('crashed')).toBe(true));
    // The replica is gone (it never answers) and, a minute on, its claim counts as abandoned.
    await dataSource.query(
      `UPDATE "clients"."idempotency_keys" SET "created_at" = now() - interval '10 minutes' WHERE "key" = $1`,
      [k],
    );
    const retry = await send(request, k);
    expect(retry).toEqual({ id: 'crashed', name: 'crashed', run: 1, replica: expect.any(Number) as number });
    expect(runs.get('crashed')).toBe(1);
  });

  it('keeps no reply in clear, and scopes a key to the organisation as well as the user', async () => {
    const k = key();
    const name = `Secret-${uniqueSuffix()}`;
    await send({ name }, k);
    const [row] = await dataSource.query<{ stored: string; ids: string[] }[]>(
      `SELECT "reply"::text AS stored, "resource_ids" AS ids FROM "clients"."idempotency_keys" WHERE "key" = $1`,
      [k],
    );
    expect(row.stored).not.toContain(name);
    expect(row.ids).toEqual([name]);
    // The same user and key acting for another organisation is another request.
    const elsewhere = { ...alice, organisationId: '33333333-3333-4333-8333-333333333333' };
    expect((await send({ name }, k, elsewhere)).run).toBe(2);
  });

  it('forgets the stored replies that mention an erased record', async () => {
    const k = key();
    await send({ name: 'erased-record' }, k);
    const store = replicas[0].get(IdempotencyStore);
    await dataSource.transaction((manager) => store.forgetRepliesMentioning(manager, 'erased-record'));
    expect((await send({ name: 'erased-record' }, k)).run).toBe(2);
  });

  it('forgets keys after 24 h: an old key runs again, and the cleanup deletes expired rows', async () => {
    const k = key();
    await send({ name: 'expiring' }, k);
    await dataSource.query(
      `UPDATE "clients"."idempotency_keys" SET "created_at" = now() - interval '25 hours' WHERE "key" = $1`,
      [k],
    );
    expect((await send({ name: 'expiring' }, k)).run).toBe(2);

    const old = key();
    await send({ name: 'expired' }, old);
    await dataSource.query(
      `UPDATE "clients"."idempotency_keys" SET "created_at" = now() - interval '25 hours' WHERE "key" = $1`,
      [old],
    );
    // Both replicas sweep at the same time: safe, and the row is gone.
    await Promise.all(replicas.map((app) => app.get(IdempotencyCleanup).sweep()));
    const rows = await dataSource.query<{ key: string }[]>(
      `SELECT "key" FROM "clients"."idempotency_keys" WHERE "key" IN ($1, $2)`,
      [k, old],
    );
    expect(rows.map((row) => row.key)).toEqual([k]);
  });
});
