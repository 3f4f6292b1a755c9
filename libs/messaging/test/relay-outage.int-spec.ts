import { jetstreamManager } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/nats-core';
import type { DataSource } from 'typeorm';
import { SYSTEM_ACTOR } from '#contracts';
import { uniqueSuffix, type TestDatabase } from '#testing';
import { appendEvent, EventConsumer, OutboxRelay } from '../src/index.js';
import {
  commitProbes,
  connectNats,
  countEffects,
  createMessagingDatabase,
  createTestStreams,
  fastTimings,
  outboxState,
  recordingHandlers,
  recordingLogger,
  testNames,
} from './support/events-harness.js';
import { eventually } from '#testing';
import { NatsServerProcess } from './support/nats-server-process.js';

const names = testNames();

describe(`${OutboxRelay.name} through a NATS outage`, () => {
  let db: TestDatabase;
  let dataSource: DataSource;
  // A private nats-server: this file kills it, which must not disturb anyone else.
  let nats: NatsServerProcess;
  let nc: NatsConnection;
  let relay: OutboxRelay;
  let consumer: EventConsumer;
  const logger = recordingLogger();

  beforeAll(async () => {
    ({ db, dataSource } = await createMessagingDatabase('messaging_outage'));
    nats = await NatsServerProcess.start();
    nc = await connectNats(nats.url, 'relay-outage');
    await createTestStreams(await jetstreamManager(nc), names);
    relay = new OutboxRelay({ dataSource, nc, logger, name: 'outage', ...fastTimings.relay });
    consumer = new EventConsumer({
      nc,
      dataSource,
      stream: names.eventsStream,
      durable: 'outage',
      handlers: recordingHandlers('outage'),
      subjectPrefix: names.subjectPrefix,
      deadLetterSubjectPrefix: names.deadLetterSubjectPrefix,
      ...fastTimings.consumer,
    });
    relay.start();
    await consumer.start();
  }, 30_000);

  afterAll(async () => {
    await consumer?.stop();
    await relay?.stop();
    await nc?.close();
    await nats?.dispose();
    await dataSource?.destroy();
    await db?.drop();
  }, 30_000);

  it('refuses to append an event outside a transaction', async () => {
    await expect(
      appendEvent(
        dataSource.manager,
        'events.system.probe.recorded',
        { probeId: 'outside', sequence: 0 },
        { actor: SYSTEM_ACTOR, correlationId: 'c' },
      ),
    ).rejects.toThrow('inside the transaction');
  });

  it('drops the event when the transaction that wrote it rolls back', async () => {
    const probeId = `rollback-${uniqueSuffix()}`;

    await expect(
      dataSource.transaction(async (manager) => {
        await appendEvent(
          manager,
          'events.system.probe.recorded',
          { probeId, sequence: 0 },
          { actor: SYSTEM_ACTOR, correlationId: 'c', subjectPrefix: names.subjectPrefix },
        );
        throw new Error('the state change failed');
      }),
    ).rejects.toThrow('the state change failed');

    expect(await outboxState(dataSource, probeId)).toEqual({ total: 0, unpublished: 0, failedAttempts: 0 });
  });

  it('keeps an event committed while NATS is down and delivers it once NATS is back', async () => {
    const probeId = `outage-${uniqueSuffix()}`;
    await commitProbes(dataSource, names, probeId, 1);
    await eventually(async () =>
      expect(await countEffects(dataSource, probeId)).toEqual({ rows: 1, distinctEvents: 1 }),
    );

    await nats.kill();
    await commitProbes(dataSource, names, probeId, 1);

    // The relay notices, says it is waiting, and keeps the row.
    await eventually(async () => {
      expect(logger.lines).toContainEqual({
        level: 'warn',
        message: expect.stringMatching(/cannot publish.*waiting/),
      });
      const state = await outboxState(dataSource, probeId);
      expect(state).toMatchObject({ total: 2, unpublished: 1 });
      expect(state.failedAttempts).toBeGreaterThan(0);
    });

    await nats.restart();

    await eventually(
      async () => {
        expect(await outboxState(dataSource, probeId)).toMatchObject({ total: 2, unpublished: 0 });
        expect(await countEffects(dataSource, probeId)).toEqual({ rows: 2, distinctEvents: 2 });
      },
      { timeoutMs: 30_000 },
    );
    expect(logger.lines).toContainEqual({
      level: 'log',
      message: expect.stringMatching(/resumed publishing/),
    });
    const jsm = await jetstreamManager(nc);
    expect((await jsm.streams.info(names.eventsStream)).state.messages).toBe(2);
  }, 45_000);
});
