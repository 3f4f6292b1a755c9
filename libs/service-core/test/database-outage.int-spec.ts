// A database connection lost under a request (PostgreSQL restarting: 57P01 admin_shutdown, then
// "Connection terminated") is "service unavailable", never an internal error: a tiny service
// (ServiceCoreModule, runService) over the real NATS and PostgreSQL, whose backend is terminated
// by the server while it runs a query.
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
import { createTestDatabase, eventually, testNatsUrl, uniqueSuffix, type TestDatabase } from '#testing';
import { runService, ServiceCoreModule } from '../src/index.js';

interface QueryRequest {
  /**
   * slow: a long query, so that the test can terminate its backend while it runs; in-transaction: a
   * transaction that waits between two queries, so that the test can terminate it in between.
   */
  mode: 'slow' | 'in-transaction' | 'quick';
  /** In the transaction, the second query: plain SQL through the manager, or a query builder's. */
  second?: 'manager' | 'builder';
}

const IDLE_MARKER = 'SELECT 1 AS idle_in_transaction';

function createQueryModule(config: CommonConfig): DynamicModule {
  @Controller()
  class QueryController {
    constructor(@Inject(getDataSourceToken()) private readonly dataSource: DataSource) {}

    // A real subject of the request map, so the typed client can send to it.
    @MessagePattern('clients.client.get')
    async query(@Payload(new EnvelopePayloadPipe()) msg: Envelope<QueryRequest>): Promise<{ ok: true }> {
      if (msg.data.mode === 'in-transaction') {
        await this.dataSource.transaction(async (manager) => {
          await manager.query(IDLE_MARKER);
          await new Promise((resolve) => setTimeout(resolve, 2_000));
          // Once the server has ended the connection, TypeORM has released the transaction's query
          // runner, and each path says so with an error of its own.
          if (msg.data.second === 'builder') {
            await manager.createQueryBuilder().select('2', 'two').from('pg_class', 'c').limit(1).getRawOne();
          } else {
            await manager.query('SELECT 2');
          }
        });
      } else {
        await this.dataSource.query(msg.data.mode === 'slow' ? 'SELECT pg_sleep(30)' : 'SELECT 1');
      }
      return { ok: true };
    }
  }

  @Module({})
  class QueryModule {}

  return {
    module: QueryModule,
    imports: [ServiceCoreModule.forRoot({ serviceName: 'clients', config, entities: [], migrations: [] })],
    controllers: [QueryController],
  };
}

describe('a lost database connection (real NATS and PostgreSQL)', () => {
  const suffix = uniqueSuffix();
  let db: TestDatabase;
  let config: CommonConfig;
  let app: INestApplication;
  let client: ServiceClient;
  let admin: pg.Client;

  const actor: Actor = {
    userId: '11111111-1111-4111-8111-111111111111',
    username: null,
    organisationId: null,
    role: 'advisor',
    realmRoles: ['advisor'],
  };
  const send = (data: QueryRequest) =>
    client.request('clients.client.get', data as never, { actor, correlationId: `corr-${uniqueSuffix()}` });

  beforeAll(async () => {
    db = await createTestDatabase('db_outage');
    config = loadCommonConfig('clients', {
      DATABASE_URL: db.url,
      NATS_URL: testNatsUrl(),
      NATS_SUBJECT_PREFIX: `t${suffix}`,
      EVENTS_STREAM: `T${suffix}_EVENTS`,
      DEAD_LETTER_STREAM: `T${suffix}_DEAD_LETTER`,
      CLIENTS_OPS_PORT: '0',
      LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    });
    app = await runService(createQueryModule(config), config);
    client = new ServiceClient({
      natsUrl: testNatsUrl(),
      clientName: 'db-outage-test',
      timeoutMs: 20_000,
      subjectPrefix: config.natsSubjectPrefix,
    });
    await client.connect();
    admin = new pg.Client({ connectionString: db.url });
    await admin.connect();
  }, 60_000);

  afterAll(async () => {
    await admin?.end();
    await client?.close();
    await app?.close();
    const nc = await connect({ servers: testNatsUrl() });
    const jsm = await jetstreamManager(nc);
    await jsm.streams.delete(config.eventsStream).catch(() => false);
    await jsm.streams.delete(config.deadLetterStream).catch(() => false);
    await nc.close();
    await db?.drop();
  });

  /** Ends the backend whose last query was `query`, as a server shutdown does (FATAL 57P01 admin_shutdown). */
  async function terminateBackendOf(query: string): Promise<void> {
    await eventually(async () => {
      const { rows } = await admin.query<{ terminated: boolean }>(
        `SELECT pg_terminate_backend(pid) AS terminated FROM pg_stat_activity
          WHERE datname = current_database() AND query = $1 AND pid <> pg_backend_pid()`,
        [query],
      );
      expect(rows).toEqual([{ terminated: true }]);
    });
  }

  it.each(['manager', 'builder'] as const)(
    'answers SERVICE.UNAVAILABLE when the server ends the connection of a transaction between its queries (next query through the %s)',
    async (second) => {
      const answer = send({ mode: 'in-transaction', second }).then(
        () => null,
        (error: unknown) => error,
      );
      await terminateBackendOf(IDLE_MARKER);
      expect(await answer).toMatchObject({ code: 'SERVICE.UNAVAILABLE' });
      await eventually(async () =>
        expect(await send({ mode: 'quick' }).catch((e: unknown) => e)).toEqual({ ok: true }),
      );
    },
  );

  it('answers SERVICE.UNAVAILABLE when the server ends the connection under a query, and recovers', async () => {
    const answer = send({ mode: 'slow' }).then(
      () => null,
      (error: unknown) => error,
    );
    await terminateBackendOf('SELECT pg_sleep(30)');
    const error = await answer;
    expect(error).toBeInstanceOf(AppError);
    expect(error).toMatchObject({ code: 'SERVICE.UNAVAILABLE' });
    // Nothing of the database's own message reaches the caller.
    expect((error as AppError).message).toBe('The database is unavailable; try again shortly');
    // The pool drops the dead connection (a request that got it first is 503 as well), then answers.
    await eventually(async () => {
      const reply = await send({ mode: 'quick' }).catch((failure: unknown) => failure);
      if (reply instanceof AppError) {
        expect(reply.code).toBe('SERVICE.UNAVAILABLE');
      }
      expect(reply).toEqual({ ok: true });
    });
  });
});
