import { setTimeout as sleep } from 'node:timers/promises';
import { jest } from '@jest/globals';
import { jetstreamManager } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/nats-core';
import type { DataSource } from 'typeorm';
import { testNatsUrl, uniqueSuffix, type TestDatabase } from '#testing';
import { SYSTEM_ACTOR } from '#contracts';
import { appendEvents, EventConsumer, OutboxRelay, outboxChannel } from '../src/index.js';
import {
  commitProbes,
  connectNats,
  countEffects,
  createMessagingDatabase,
  createTestStreams,
  deleteTestStreams,
  fastTimings,
  openTestDataSource,
  outboxState,
  recordingHandlers,
  SCHEMA,
  testNames,
} from './support/events-harness.js';
import { eventually } from '#testing';

const names = testNames();

describe(`${OutboxRelay.name} replicas`, () => {
  let db: TestDatabase;
  let dataSource: DataSource;
  let nc: NatsConnection;
  let consumer: EventConsumer;
  const replicas: { dataSource: DataSource; nc: NatsConnection; relay: OutboxRelay }[] = [];

  beforeAll(async () => {
    ({ db, dataSource } = await createMessagingDatabase('messaging_replicas'));
    nc = await connectNats(testNatsUrl(), 'relay-replicas-test');
    await createTestStreams(await jetstreamManager(nc), names);
    consumer = new EventConsumer({
      nc,
      dataSource,
      stream: names.eventsStream,
      durable: 'replicas',
      handlers: recordingHandlers('replicas'),
      subjectPrefix: names.subjectPrefix,
      deadLetterSubjectPrefix: names.deadLetterSubjectPrefix,
      batchSize: 50,
      ...fastTimings.consumer,
    });
    await consumer.start();
  }, 30_000);

  // The relays' LISTEN connections, idle after it: the LISTEN has completed (while it runs, a
  // NOTIFY could still be missed).
  const listeners = () =>
    dataSource.query<{ pid: number }[]>(
      `SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND query LIKE 'LISTEN %' AND state = 'idle'`,
    );

  // Between rounds it sleeps ten minutes, listening or not: after its first round, only a NOTIFY
  // (or a stop) can end that sleep within a test.
  async function relayThatSleepsTenMinutes(
    name: string,
  ): Promise<{ relay: OutboxRelay; relayNc: NatsConnection }> {
    const relayNc = await connectNats(testNatsUrl(), name);
    const relay = new OutboxRelay({
      dataSource,
      nc: relayNc,
      ...fastTimings.relay,
      pollIntervalMs: 600_000,
      listeningPollIntervalMs: 600_000,
    });
    return { relay, relayNc };
  }

  afterAll(async () => {
    await consumer?.stop();
    for (const replica of replicas) {
      await replica.relay.stop();
      await replica.nc.close();
      await replica.dataSource.destroy();
    }
    if (nc) {
      await deleteTestStreams(nc, names);
      await nc.close();
    }
    await dataSource?.destroy();
    await db?.drop();
  }, 30_000);

  it('publishes right after the commit, woken by NOTIFY rather than by polling', async () => {
    const probeId = `notify-${uniqueSuffix()}`;
    const relayNc = await connectNats(testNatsUrl(), 'relay-notify');
    const relay = new OutboxRelay({ dataSource, nc: relayNc, ...fastTimings.relay, pollIntervalMs: 600_000 });
    try {
      relay.start();
      // Once it listens, its first round finds nothing and it goes to sleep for ten minutes.
      await eventually(async () => expect(await listeners()).toHaveLength(1));
      await commitProbes(dataSource, names, probeId, 1);

      await eventually(async () =>
        expect(await outboxState(dataSource, probeId)).toMatchObject({ total: 1, unpublished: 0 }),
      );
      expect(relay.stats.published).toBe(1);
    } finally {
      await relay.stop();
      await relayNc.close();
    }
  }, 30_000);

  it('keeps the events of one statement in their given order, and publishes them all', async () => {
    const probeId = `statement-${uniqueSuffix()}`;
    const relayNc = await connectNats(testNatsUrl(), 'relay-statement');
    const relay = new OutboxRelay({ dataSource, nc: relayNc, ...fastTimings.relay });
    try {
      await dataSource.transaction((manager) =>
        appendEvents(
          manager,
          Array.from({ length: 30 }, (_, sequence) => ({
            type: 'events.system.probe.recorded' as const,
            data: { probeId, sequence },
          })),
          { actor: SYSTEM_ACTOR, correlationId: `corr-${probeId}`, subjectPrefix: names.subjectPrefix },
        ),
      );
      // The relay's order: created_at, then the (random) id.
      const rows = await dataSource.query<{ sequence: number }[]>(
        `SELECT (payload->'data'->>'sequence')::int AS sequence FROM ${SCHEMA}.outbox
          WHERE payload->'data'->>'probeId' = $1 ORDER BY created_at, id`,
        [probeId],
      );
      expect(rows.map((row) => row.sequence)).toEqual(Array.from({ length: 30 }, (_, n) => n));
      relay.start();
      await eventually(async () =>
        expect(await outboxState(dataSource, probeId)).toMatchObject({ total: 30, unpublished: 0 }),
      );
    } finally {
      await relay.stop();
      await relayNc.close();
    }
  }, 30_000);

  it('re-listens at once when its LISTEN connection is lost while it sleeps', async () => {
    const probeId = `relisten-${uniqueSuffix()}`;
    const relayNc = await connectNats(testNatsUrl(), 'relay-relisten');
    const relay = new OutboxRelay({ dataSource, nc: relayNc, ...fastTimings.relay, pollIntervalMs: 600_000 });
    try {
      relay.start();
      const [first] = await eventually(async () => {
        const rows = await listeners();
        expect(rows).toHaveLength(1);
        return rows;
      });
      await dataSource.query('SELECT pg_terminate_backend($1)', [first.pid]);
      // A new LISTEN on another connection, without waiting out the ten-minute sleep.
      await eventually(async () => {
        const rows = await listeners();
        expect(rows).toHaveLength(1);
        expect(rows[0].pid).not.toBe(first.pid);
      });
      await commitProbes(dataSource, names, probeId, 1);
      await eventually(async () =>
        expect(await outboxState(dataSource, probeId)).toMatchObject({ total: 1, unpublished: 0 }),
      );
    } finally {
      await relay.stop();
      await relayNc.close();
    }
  }, 30_000);

  it('stops as soon as the batch in flight ends, not after the sleep that would follow it', async () => {
    const { relay, relayNc } = await relayThatSleepsTenMinutes('relay-stop-mid-batch');
    const lockHolder = dataSource.createQueryRunner();
    try {
      relay.start();
      await eventually(async () => expect(await listeners()).toHaveLength(1));
      // The outbox locked, then the relay woken: its batch waits on the lock, in flight.
      await lockHolder.startTransaction();
      await lockHolder.query(`LOCK TABLE ${SCHEMA}.outbox IN EXCLUSIVE MODE`);
      await dataSource.query('SELECT pg_notify($1, $2)', [outboxChannel(SCHEMA), '']);
      await eventually(async () =>
        expect(
          await dataSource.query(
            `SELECT 1 FROM pg_stat_activity
              WHERE datname = current_database() AND query LIKE '%FOR UPDATE SKIP LOCKED%' AND wait_event_type = 'Lock'`,
          ),
        ).toHaveLength(1),
      );

      const stopping = relay.stop().then(() => 'stopped' as const);
      await lockHolder.commitTransaction();
      // Without the stop honoured after the batch, the relay would sleep its ten minutes first.
      const tenSeconds = sleep(10_000, 'still running' as const, { ref: false });
      expect(await Promise.race([stopping, tenSeconds])).toBe('stopped');
    } finally {
      if (lockHolder.isTransactionActive) {
        await lockHolder.rollbackTransaction();
      }
      await lockHolder.release();
      await relay.stop();
      await relayNc.close();
    }
  }, 30_000);

  it('started again after a stop, sleeps between rounds and still wakes on NOTIFY', async () => {
    const probeId = `restart-${uniqueSuffix()}`;
    const { relay, relayNc } = await relayThatSleepsTenMinutes('relay-restart');
    const rounds = jest.spyOn(relay, 'publishBatch');
    try {
      relay.start();
      await eventually(async () => expect(await listeners()).toHaveLength(1));
      await relay.stop();
      rounds.mockClear();

      relay.start();
      await eventually(async () => expect(await listeners()).toHaveLength(1));
      await sleep(1_000);
      // Its first round, and no more: a stop's cancel left in force would make every sleep end
      // at once, and the relay would query its outbox without pause.
      expect(rounds.mock.calls.length).toBe(1);

      await commitProbes(dataSource, names, probeId, 1);
      await eventually(async () =>
        expect(await outboxState(dataSource, probeId)).toMatchObject({ total: 1, unpublished: 0 }),
      );
      expect(rounds.mock.calls.length).toBe(2);
    } finally {
      rounds.mockRestore();
      await relay.stop();
      await relayNc.close();
    }
  }, 30_000);

  it('leaves a row unpublished, counting the attempt, while JetStream acknowledges nothing', async () => {
    const probeId = `no-ack-${uniqueSuffix()}`;
    // A subject no stream captures: NATS answers the publish, JetStream never sends a PubAck.
    await commitProbes(
      dataSource,
      { ...names, subjectPrefix: `${names.subjectPrefix}-nostream` },
      probeId,
      1,
    );
    const relayNc = await connectNats(testNatsUrl(), 'relay-no-ack');
    const relay = new OutboxRelay({ dataSource, nc: relayNc, ...fastTimings.relay });
    try {
      relay.start();
      await eventually(async () =>
        expect(await outboxState(dataSource, probeId)).toEqual({
          total: 1,
          unpublished: 1,
          failedAttempts: 2,
        }),
      );
      expect(relay.stats).toMatchObject({ published: 0 });
      expect(relay.stats.failedRounds).toBeGreaterThanOrEqual(2);
    } finally {
      await relay.stop();
      await relayNc.close();
      // Out of the way of the next test's relays, which would stop at it.
      await dataSource.query(`DELETE FROM ${SCHEMA}.outbox WHERE payload->'data'->>'probeId' = $1`, [
        probeId,
      ]);
    }
  }, 30_000);

  it('never publishes a row twice when two replicas drain the same outbox', async () => {
    const probeId = `replicas-${uniqueSuffix()}`;
    const rows = 600;
    const jsm = await jetstreamManager(nc);
    const before = {
      processed: consumer.counters.processed,
      messages: (await jsm.streams.info(names.eventsStream)).state.messages,
    };
    await commitProbes(dataSource, names, probeId, rows, 20);

    for (const name of ['a', 'b']) {
      // Each replica has its own pool and NATS connection, as two pods would.
      const replicaDataSource = await openTestDataSource(db.url, { poolSize: 3 });
      const replicaNc = await connectNats(testNatsUrl(), `relay-${name}`);
      const relay = new OutboxRelay({
        dataSource: replicaDataSource,
        nc: replicaNc,
        batchSize: 20,
        name,
        ...fastTimings.relay,
      });
      replicas.push({ dataSource: replicaDataSource, nc: replicaNc, relay });
    }
    replicas.forEach(({ relay }) => relay.start());

    await eventually(
      async () =>
        expect(await outboxState(dataSource, probeId)).toMatchObject({ total: rows, unpublished: 0 }),
      { timeoutMs: 30_000 },
    );
    await eventually(
      async () => expect(await countEffects(dataSource, probeId)).toEqual({ rows, distinctEvents: rows }),
      { timeoutMs: 30_000 },
    );

    const [a, b] = replicas.map(({ relay }) => relay.stats);
    // One PubAck per row in total and none a duplicate: SKIP LOCKED kept the replicas apart,
    // so the Nats-Msg-Id dedupe (the second line of defence) had nothing to catch.
    expect(a.published + b.published).toBe(rows);
    // Both took part (they alternate batches), so the test did exercise two concurrent claimers.
    expect(Math.min(a.published, b.published)).toBeGreaterThan(0);
    expect(a.duplicates + b.duplicates).toBe(0);
    expect((await jsm.streams.info(names.eventsStream)).state.messages - before.messages).toBe(rows);
    expect(consumer.counters.processed - before.processed).toBe(rows);
    // (The consumer may see redeliveries when a loaded machine outlasts its ack wait; its inbox drops
    // them, as countEffects showed: one effect per row. What this test rules out is a second publish.)
    expect(consumer.counters).toMatchObject({ deadLettered: 0 });
  }, 90_000);
});
