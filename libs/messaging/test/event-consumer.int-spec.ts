import { setTimeout as sleep } from 'node:timers/promises';
import { jetstream, jetstreamManager, type JetStreamManager } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/nats-core';
import type { DataSource } from 'typeorm';
import { AppError } from '#contracts';
import { testNatsUrl, uniqueSuffix, type TestDatabase } from '#testing';
import {
  DeadLetterHeaders,
  deadLetterSubject,
  EventConsumer,
  eventSubject,
  type DeadLetterInfo,
  type EventConsumerOptions,
} from '../src/index.js';
import {
  connectNats,
  countEffects,
  createMessagingDatabase,
  createTestStreams,
  deleteTestStreams,
  fastTimings,
  openTestDataSource,
  probeEnvelope,
  publishEnvelope,
  recordEffect,
  recordingHandlers,
  recordingLogger,
  SCHEMA,
  testNames,
} from './support/events-harness.js';
import { eventually } from '#testing';
import { TcpProxy } from './support/tcp-proxy.js';

const names = testNames();
const PROBE = 'events.system.probe.recorded';

describe(EventConsumer.name, () => {
  let db: TestDatabase;
  let dataSource: DataSource;
  let nc: NatsConnection;
  let jsm: JetStreamManager;
  const running: EventConsumer[] = [];
  const connections: NatsConnection[] = [];

  beforeAll(async () => {
    ({ db, dataSource } = await createMessagingDatabase('messaging_consumer'));
    nc = await connectNats(testNatsUrl(), 'consumer-test');
    jsm = await jetstreamManager(nc);
    await createTestStreams(jsm, names);
  }, 30_000);

  afterEach(async () => {
    for (const consumer of running.splice(0)) {
      await consumer.stop();
    }
    for (const connection of connections.splice(0)) {
      await connection.close().catch(() => undefined);
    }
  });

  afterAll(async () => {
    if (nc) {
      await deleteTestStreams(nc, names);
      await nc.close();
    }
    await dataSource?.destroy();
    await db?.drop();
  }, 30_000);

  // Each test's consumer starts at the stream's end, so it sees only that test's events.
  async function startConsumer(
    options: Pick<EventConsumerOptions, 'durable' | 'handlers'> & Partial<EventConsumerOptions>,
  ): Promise<EventConsumer> {
    const consumer = new EventConsumer({
      nc,
      dataSource,
      stream: names.eventsStream,
      subjectPrefix: names.subjectPrefix,
      deadLetterSubjectPrefix: names.deadLetterSubjectPrefix,
      deliverPolicy: 'new',
      ...fastTimings.consumer,
      ...options,
    });
    await consumer.start();
    running.push(consumer);
    return consumer;
  }

  async function ownConnection(name: string): Promise<NatsConnection> {
    const connection = await connectNats(testNatsUrl(), name);
    connections.push(connection);
    return connection;
  }

  async function expectSettled(durable: string): Promise<void> {
    await eventually(async () =>
      expect(await jsm.consumers.info(names.eventsStream, durable)).toMatchObject({
        num_ack_pending: 0,
        num_pending: 0,
      }),
    );
  }

  /** A data source whose connections go through a proxy the test can cut and restore. */
  async function databaseBehindProxy(): Promise<{ proxy: TcpProxy; cutOffDataSource: DataSource }> {
    const target = new URL(db.url);
    const proxy = await TcpProxy.start(target.hostname, Number(target.port || 5432));
    const proxied = new URL(db.url);
    proxied.hostname = '127.0.0.1';
    proxied.port = String(proxy.listeningPort);
    const cutOffDataSource = await openTestDataSource(proxied.toString(), { poolSize: 2, logging: false });
    return { proxy, cutOffDataSource };
  }

  async function stopConsumersAndProxy(proxy: TcpProxy, cutOffDataSource: DataSource): Promise<void> {
    for (const consumer of running.splice(0)) {
      await consumer.stop();
    }
    await cutOffDataSource.destroy();
    await proxy.cut();
  }

  const unreachableWarnings = (logger: ReturnType<typeof recordingLogger>) =>
    logger.lines.filter((l) => l.level === 'warn' && /cannot reach the database/.test(l.message)).length;

  async function inboxHas(durable: string, eventId: string): Promise<boolean> {
    const rows = await dataSource.query<unknown[]>(
      `SELECT 1 FROM ${SCHEMA}.inbox WHERE consumer = $1 AND event_id = $2`,
      [durable, eventId],
    );
    return rows.length === 1;
  }

  it('applies an event once when its consumer dies after the commit but before the ack', async () => {
    const durable = 'crash';
    const event = probeEnvelope(`crash-${uniqueSuffix()}`, 1);
    const doomed = await ownConnection('consumer-doomed');
    await startConsumer({
      nc: doomed,
      durable,
      handlers: {
        [PROBE]: async (received, manager) => {
          await recordEffect(manager, durable, received);
          // The connection dies while the transaction commits: the effect is saved, the ack is lost.
          await doomed.close();
        },
      },
    });

    await publishEnvelope(nc, names, event);

    await eventually(async () => {
      expect(doomed.isClosed()).toBe(true);
      expect(await countEffects(dataSource, event.data.probeId)).toEqual({ rows: 1, distinctEvents: 1 });
    });

    // A fresh replica of the same durable gets the event again once ack_wait has passed: the
    // first ack never arrived. The inbox turns the redelivery into a no-op.
    const successor = await startConsumer({
      nc: await ownConnection('consumer-successor'),
      durable,
      handlers: recordingHandlers(durable),
    });

    await eventually(() => expect(successor.counters).toMatchObject({ processed: 0, duplicates: 1 }), {
      timeoutMs: 20_000,
    });
    expect(await countEffects(dataSource, event.data.probeId)).toEqual({ rows: 1, distinctEvents: 1 });
    await expectSettled(durable);
  }, 30_000);

  it('applies what has arrived in shared transactions, and each on its own when one of them fails', async () => {
    const durable = 'batches';
    const probeId = `batches-${uniqueSuffix()}`;
    const events = Array.from({ length: 30 }, (_, i) => probeEnvelope(probeId, i + 1));
    // One event's id in upper case (valid: the envelope's uuid is case-insensitive).
    events[5] = { ...events[5], id: events[5].id.toUpperCase() };
    const failing = events[12].id;
    let failed = false;
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const committedIn = new Map<string, string>();
    await startConsumer({
      durable,
      batchSize: 50,
      transactionBatch: 10,
      handlers: {
        [PROBE]: async (received, manager) => {
          // The first event waits until all have been published, so that the rest arrive together.
          if (received.id === events[0].id) {
            await gate;
          }
          if (received.id === failing && !failed) {
            failed = true;
            throw new Error('fails on its first attempt');
          }
          await recordEffect(manager, durable, received);
          const [{ txid }] = await manager.query<{ txid: string }[]>('SELECT txid_current()::text AS txid');
          committedIn.set(received.id, txid);
        },
      },
    });
    for (const [index, event] of events.entries()) {
      await publishEnvelope(nc, names, event);
      if (index === 3 || index === 5) {
        // The same event again under another message id, next to it: in the same transaction.
        await publishEnvelope(nc, names, event, `${event.id}-again`);
      }
    }
    release();
    await expectSettled(durable);

    expect(await countEffects(dataSource, probeId)).toEqual({ rows: 30, distinctEvents: 30 });
    for (const event of events) {
      expect(await inboxHas(durable, event.id)).toBe(true);
    }
    const transactions = new Set(committedIn.values());
    // Batched: fewer transactions than events...
    expect(transactions.size).toBeLessThan(events.length);
    // ...but the failed event was applied again alone, on its retry.
    const sharing = [...committedIn.entries()].filter(([, txid]) => txid === committedIn.get(failing));
    expect(sharing.map(([id]) => id)).toEqual([failing]);
  });

  it('applies the end of a burst at once, without waiting for more events to join its transaction', async () => {
    const durable = 'burst-end';
    // With ack_wait at 30 s, an event held back in a half-filled batch would show as a 30 s stall.
    await startConsumer({
      durable,
      batchSize: 20,
      transactionBatch: 20,
      ackWaitMs: 30_000,
      handlers: recordingHandlers(durable),
    });
    for (let round = 0; round < 3; round += 1) {
      const probeId = `burst-end-${uniqueSuffix()}`;
      const events = Array.from({ length: 47 }, (_, i) => probeEnvelope(probeId, i + 1));
      await Promise.all(events.map((event) => publishEnvelope(nc, names, event)));
      await eventually(
        async () => expect(await countEffects(dataSource, probeId)).toEqual({ rows: 47, distinctEvents: 47 }),
        { timeoutMs: 5_000 },
      );
    }
    await expectSettled(durable);
  }, 40_000);

  it('with a linger, events that arrive one after another share a transaction; without one, each has its own', async () => {
    const transactionsOf = async (durable: string, batchLingerMs: number): Promise<number> => {
      const probeId = `${durable}-${uniqueSuffix()}`;
      const txids = new Set<string>();
      await startConsumer({
        durable,
        batchSize: 20,
        transactionBatch: 20,
        batchLingerMs,
        // Well past the linger: an ack_wait as short as it (the fast timings' 2 s) lets the server
        // redeliver the first event into its own batch, which then goes one event at a time.
        ackWaitMs: 30_000,
        handlers: {
          [PROBE]: async (received, manager) => {
            await recordEffect(manager, durable, received);
            const [{ txid }] = await manager.query<{ txid: string }[]>('SELECT txid_current()::text AS txid');
            txids.add(txid);
          },
        },
      });
      // Five events 100 ms apart: each alone has been applied before the next arrives.
      for (let i = 1; i <= 5; i += 1) {
        await publishEnvelope(nc, names, probeEnvelope(probeId, i));
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      await eventually(async () =>
        expect(await countEffects(dataSource, probeId)).toEqual({ rows: 5, distinctEvents: 5 }),
      );
      await expectSettled(durable);
      return txids.size;
    };
    expect(await transactionsOf('no-linger', 0)).toBe(5);
    // 2 s of linger holds the first event until the other four have joined it.
    expect(await transactionsOf('linger', 2_000)).toBe(1);
  });

  it('applies a redelivered event once', async () => {
    const durable = 'redelivery';
    const event = probeEnvelope(`redelivery-${uniqueSuffix()}`, 1);
    const consumer = await startConsumer({ durable, handlers: recordingHandlers(durable) });

    // Two copies that JetStream cannot dedupe (different Nats-Msg-Id), as after a long outage.
    await publishEnvelope(nc, names, event, `${event.id}-first`);
    await publishEnvelope(nc, names, event, `${event.id}-second`);

    await eventually(() => expect(consumer.counters).toMatchObject({ processed: 1, duplicates: 1 }));
    expect(await countEffects(dataSource, event.data.probeId)).toEqual({ rows: 1, distinctEvents: 1 });
    expect(await inboxHas(durable, event.id)).toBe(true);
    await expectSettled(durable);
  }, 30_000);

  it('parks a poison event in the dead-letter stream after max deliveries without holding up the others', async () => {
    const durable = 'poison';
    const probeId = `poison-${uniqueSuffix()}`;
    const poison = probeEnvelope(probeId, -1);
    const others = Array.from({ length: 20 }, (_, i) => probeEnvelope(probeId, i));
    const othersSeenByPoisonAttempts: number[] = [];
    const deadLetters: DeadLetterInfo[] = [];
    const logger = recordingLogger();
    const consumer = await startConsumer({
      durable,
      maxDeliver: 3,
      retryBackoff: { initialMs: 300, maxMs: 1_000 },
      logger,
      onDeadLetter: (info) => deadLetters.push(info),
      handlers: {
        [PROBE]: async (received, manager) => {
          if (received.data.sequence < 0) {
            othersSeenByPoisonAttempts.push((await countEffects(dataSource, probeId)).rows);
            throw new Error('cannot apply this probe');
          }
          await recordEffect(manager, durable, received);
        },
      },
    });

    await publishEnvelope(nc, names, poison);
    for (const event of others) {
      await publishEnvelope(nc, names, event);
    }

    await eventually(() => expect(deadLetters).toHaveLength(1), { timeoutMs: 20_000 });
    expect(deadLetters[0]).toMatchObject({
      consumer: durable,
      eventId: poison.id,
      deliveryCount: 3,
      reason: 'Error: cannot apply this probe',
    });
    expect(othersSeenByPoisonAttempts).toHaveLength(3);
    // By the last attempt on the poison event, every other event had been applied.
    expect(othersSeenByPoisonAttempts[2]).toBe(others.length);
    expect(await countEffects(dataSource, probeId)).toEqual({
      rows: others.length,
      distinctEvents: others.length,
    });
    expect(await inboxHas(durable, poison.id)).toBe(false);
    expect(consumer.counters).toMatchObject({ processed: others.length, failed: 3, deadLettered: 1 });
    expect(logger.lines).toContainEqual({ level: 'error', message: expect.stringMatching(/dead-lettered/) });

    const parked = await jsm.streams.getMessage(names.deadLetterStream, {
      last_by_subj: deadLetterSubject(
        names.deadLetterSubjectPrefix,
        durable,
        eventSubject(PROBE, names.subjectPrefix),
      ),
    });
    expect(parked?.json()).toEqual(poison);
    expect(parked?.header.get(DeadLetterHeaders.Consumer)).toBe(durable);
    expect(parked?.header.get(DeadLetterHeaders.DeliveryCount)).toBe('3');
    expect(parked?.header.get(DeadLetterHeaders.EventId)).toBe(poison.id);
    expect(parked?.header.get(DeadLetterHeaders.Reason)).toBe('Error: cannot apply this probe');
    await expectSettled(durable);
  }, 30_000);

  it('holds an event while a service it asks is unavailable, for more deliveries than maxDeliver, without parking it', async () => {
    const durable = 'peeraway';
    const event = probeEnvelope(`peeraway-${uniqueSuffix()}`, 1);
    const deadLetters: DeadLetterInfo[] = [];
    const logger = recordingLogger();
    let peerAway = true;
    let tries = 0;
    const consumer = await startConsumer({
      durable,
      maxDeliver: 2,
      logger,
      onDeadLetter: (info) => deadLetters.push(info),
      handlers: {
        [PROBE]: async (received, manager) => {
          tries += 1;
          if (peerAway) {
            // What ServiceClient throws when the peer does not answer (partners SIGKILLed).
            throw new AppError('SERVICE.UNAVAILABLE', 'The partners service is unavailable');
          }
          await recordEffect(manager, durable, received);
        },
      },
    });

    await publishEnvelope(nc, names, event);

    await eventually(() => expect(tries).toBeGreaterThanOrEqual(6), { timeoutMs: 15_000 });
    expect(deadLetters).toEqual([]);
    expect(logger.lines).toContainEqual({
      level: 'warn',
      message: expect.stringMatching(/holds event .* a dependency is unavailable/),
    });
    // Each hold waits longer than the one before (100, 200, 400 ms here, the test's backoff).
    const delays = logger.lines
      .map((line) => /holds event .* retrying in (\d+) ms/.exec(line.message)?.[1])
      .filter((delay) => delay !== undefined)
      .map(Number);
    expect(delays.slice(0, 3)).toEqual([100, 200, 400]);
    const info = await jsm.consumers.info(names.eventsStream, durable);
    expect(info.num_ack_pending).toBe(1);

    peerAway = false;

    await eventually(() => expect(consumer.counters).toMatchObject({ processed: 1, deadLettered: 0 }), {
      timeoutMs: 10_000,
    });
    expect(deadLetters).toEqual([]);
    expect(await countEffects(dataSource, event.data.probeId)).toEqual({ rows: 1, distinctEvents: 1 });
    expect(await inboxHas(durable, event.id)).toBe(true);
    await expectSettled(durable);
  }, 40_000);

  it('still parks an event whose own failure does not heal after it was held for a while', async () => {
    const durable = 'heldthenpoison';
    const event = probeEnvelope(`heldthenpoison-${uniqueSuffix()}`, 1);
    const deadLetters: DeadLetterInfo[] = [];
    let tries = 0;
    await startConsumer({
      durable,
      maxDeliver: 2,
      onDeadLetter: (info) => deadLetters.push(info),
      handlers: {
        [PROBE]: () => {
          tries += 1;
          // Three holds, then a failure of the event itself, every time.
          throw tries <= 3
            ? new AppError('SERVICE.UNAVAILABLE', 'The partners service is unavailable')
            : new Error('cannot apply this probe');
        },
      },
    });

    await publishEnvelope(nc, names, event);

    await eventually(() => expect(deadLetters).toHaveLength(1), { timeoutMs: 15_000 });
    // The holds did not count: two failures of its own (maxDeliver), after three holds.
    expect(tries).toBe(5);
    expect(deadLetters[0]).toMatchObject({
      eventId: event.id,
      deliveryCount: 5,
      reason: 'Error: cannot apply this probe',
    });
    await expectSettled(durable);
  }, 30_000);

  it('parks a malformed message at once, without running the handler', async () => {
    const durable = 'malformed';
    const deadLetters: DeadLetterInfo[] = [];
    const handled: string[] = [];
    await startConsumer({
      durable,
      onDeadLetter: (info) => deadLetters.push(info),
      handlers: {
        [PROBE]: (received) => {
          handled.push(received.id);
          return Promise.resolve();
        },
      },
    });

    await jetstream(nc).publish(eventSubject(PROBE, names.subjectPrefix), '{"id": "not json', {
      msgID: uniqueSuffix(),
    });

    await eventually(() =>
      expect(deadLetters).toEqual([
        expect.objectContaining({
          deliveryCount: 1,
          eventId: null,
          reason: 'invalid envelope: not valid JSON',
        }),
      ]),
    );
    expect(handled).toEqual([]);
    await expectSettled(durable);
  }, 30_000);

  it('holds an event while its database is unreachable instead of spending its deliveries', async () => {
    const durable = 'dboutage';
    const event = probeEnvelope(`dboutage-${uniqueSuffix()}`, 1);
    const { proxy, cutOffDataSource } = await databaseBehindProxy();
    const logger = recordingLogger();
    const deadLetters: DeadLetterInfo[] = [];
    try {
      const consumer = await startConsumer({
        durable,
        dataSource: cutOffDataSource,
        maxDeliver: 2,
        logger,
        onDeadLetter: (info) => deadLetters.push(info),
        handlers: recordingHandlers(durable),
      });
      await proxy.cut();

      await publishEnvelope(nc, names, event);

      // More failed tries than maxDeliver allows, for longer than ack_wait (2 s), and yet the
      // event is neither redelivered nor parked: working() kept it in hand.
      await eventually(() => expect(unreachableWarnings(logger)).toBeGreaterThanOrEqual(5), {
        timeoutMs: 10_000,
      });
      expect(deadLetters).toEqual([]);
      expect(await jsm.consumers.info(names.eventsStream, durable)).toMatchObject({
        num_ack_pending: 1,
        num_redelivered: 0,
      });

      await proxy.restore();

      await eventually(() =>
        expect(consumer.counters).toMatchObject({ processed: 1, failed: 0, deadLettered: 0 }),
      );
      expect(await countEffects(dataSource, event.data.probeId)).toEqual({ rows: 1, distinctEvents: 1 });
      await expectSettled(durable);
    } finally {
      await stopConsumersAndProxy(proxy, cutOffDataSource);
    }
  }, 30_000);

  it('stops at once while it waits out a database outage, and waits between tries again once restarted', async () => {
    const durable = 'dbrestart';
    const event = probeEnvelope(`dbrestart-${uniqueSuffix()}`, 1);
    const { proxy, cutOffDataSource } = await databaseBehindProxy();
    const logger = recordingLogger();
    const unreachable = () => unreachableWarnings(logger);
    try {
      // Tries two seconds apart (ack_wait / 2 caps the back-off), the event redelivered 4 s after
      // its last working() once the consumer has let it go.
      const consumer = await startConsumer({
        durable,
        dataSource: cutOffDataSource,
        ackWaitMs: 4_000,
        retryBackoff: { initialMs: 2_000, maxMs: 2_000 },
        logger,
        handlers: recordingHandlers(durable),
      });
      await proxy.cut();
      await publishEnvelope(nc, names, event);
      await eventually(() => expect(unreachable()).toBeGreaterThanOrEqual(1));

      const stopping = Date.now();
      await consumer.stop();
      expect(Date.now() - stopping).toBeLessThan(1_500);

      await consumer.start();
      const beforeRestart = unreachable();
      await eventually(() => expect(unreachable()).toBeGreaterThan(beforeRestart), { timeoutMs: 10_000 });
      const firstAfterRestart = unreachable();
      await sleep(1_000);
      // Still two seconds between tries: a stop's cancel left in force would make every back-off
      // end at once, and the consumer would hammer the unreachable database.
      expect(unreachable() - firstAfterRestart).toBeLessThanOrEqual(1);

      await proxy.restore();
      // The try the stop cut short counts as one failure, held (nak'ed), not parked.
      await eventually(() =>
        expect(consumer.counters).toMatchObject({ processed: 1, failed: 1, deadLettered: 0 }),
      );
      expect(await countEffects(dataSource, event.data.probeId)).toEqual({ rows: 1, distinctEvents: 1 });
      await expectSettled(durable);
    } finally {
      await stopConsumersAndProxy(proxy, cutOffDataSource);
    }
  }, 40_000);
});
