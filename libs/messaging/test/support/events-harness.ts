import { jetstream, jetstreamManager, type JetStreamManager } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/nats-core';
import { connect } from '@nats-io/transport-node';
import { DataSource, type EntityManager } from 'typeorm';
import { SYSTEM_ACTOR, type Envelope } from '#contracts';
import { serviceDataSourceOptions, migrate } from '#database';
import { createTestDatabase, uniqueSuffix, type TestDatabase } from '#testing';
import {
  appendEvent,
  createEventEnvelope,
  createMessagingMigration,
  ensureStreams,
  eventSubject,
  MESSAGING_ENTITIES,
  type EventEnvelope,
  type EventHandlers,
  type MessagingLogger,
} from '../../src/index.js';

export const SCHEMA = 'svc';

/** Names of one test file's own streams and subjects, so that test files never meet. */
export function testNames() {
  const suffix = uniqueSuffix();
  return {
    suffix,
    eventsStream: `T_EVENTS_${suffix}`,
    deadLetterStream: `T_DLQ_${suffix}`,
    subjectPrefix: `t_${suffix}.events`,
    deadLetterSubjectPrefix: `t_${suffix}.deadletter`,
  };
}

export type TestNames = ReturnType<typeof testNames>;

export async function openTestDataSource(
  url: string,
  { poolSize = 5, logging = true }: { poolSize?: number; logging?: boolean } = {},
): Promise<DataSource> {
  const dataSource = new DataSource({
    ...serviceDataSourceOptions({
      url,
      schema: SCHEMA,
      entities: MESSAGING_ENTITIES,
      migrations: [createMessagingMigration(SCHEMA)],
      poolSize,
    }),
    // Off where a test breaks the connection on purpose and the errors are expected.
    ...(logging ? {} : { logging: false }),
  });
  await dataSource.initialize();
  return dataSource;
}

/** A database of its own with the messaging tables migrated in and an `effects` table. */
export async function createMessagingDatabase(
  label: string,
): Promise<{ db: TestDatabase; dataSource: DataSource }> {
  const db = await createTestDatabase(label);
  const dataSource = await openTestDataSource(db.url);
  await migrate(dataSource, SCHEMA);
  // No unique key on purpose: an event applied twice shows up as two rows.
  await dataSource.query(
    `CREATE TABLE ${SCHEMA}.effects (
      n bigserial PRIMARY KEY,
      consumer text NOT NULL,
      event_id uuid NOT NULL,
      probe_id text NOT NULL,
      applied_at timestamptz NOT NULL DEFAULT clock_timestamp()
    )`,
  );
  return { db, dataSource };
}

export function connectNats(url: string, name: string): Promise<NatsConnection> {
  return connect({ servers: url, name, maxReconnectAttempts: -1, reconnectTimeWait: 100 });
}

export async function createTestStreams(jsm: JetStreamManager, names: TestNames): Promise<void> {
  await ensureStreams(jsm, { ...names, duplicateWindowMs: 60_000 });
}

export async function deleteTestStreams(nc: NatsConnection, names: TestNames): Promise<void> {
  const jsm = await jetstreamManager(nc);
  for (const stream of [names.eventsStream, names.deadLetterStream]) {
    await jsm.streams.delete(stream).catch(() => undefined);
  }
}

export function probeEnvelope(
  probeId: string,
  sequence: number,
): EventEnvelope<'events.system.probe.recorded'> {
  return createEventEnvelope(
    'events.system.probe.recorded',
    { probeId, sequence },
    { actor: SYSTEM_ACTOR, correlationId: `corr-${probeId}-${sequence}` },
  );
}

/** Publishes straight to JetStream, as the relay would, for tests of the consumer alone. */
export async function publishEnvelope(
  nc: NatsConnection,
  names: TestNames,
  envelope: Envelope<unknown> & { type: 'events.system.probe.recorded' },
  msgID: string = envelope.id,
): Promise<void> {
  await jetstream(nc).publish(eventSubject(envelope.type, names.subjectPrefix), JSON.stringify(envelope), {
    msgID,
  });
}

/** Records one application of a probe event in `effects`, inside the handler's transaction. */
export async function recordEffect(
  manager: EntityManager,
  consumer: string,
  event: EventEnvelope<'events.system.probe.recorded'>,
): Promise<void> {
  await manager.query(`INSERT INTO ${SCHEMA}.effects (consumer, event_id, probe_id) VALUES ($1, $2, $3)`, [
    consumer,
    event.id,
    event.data.probeId,
  ]);
}

export function recordingHandlers(consumer: string): EventHandlers {
  return { 'events.system.probe.recorded': (event, manager) => recordEffect(manager, consumer, event) };
}

export async function countEffects(
  dataSource: DataSource,
  probeId: string,
): Promise<{ rows: number; distinctEvents: number }> {
  const [row] = await dataSource.query<{ rows: number; distinctEvents: number }[]>(
    `SELECT count(*)::int AS rows, count(DISTINCT event_id)::int AS "distinctEvents"
       FROM ${SCHEMA}.effects WHERE probe_id = $1`,
    [probeId],
  );
  return row;
}

export interface LogLine {
  level: 'log' | 'warn' | 'error';
  message: string;
}

/** A logger that keeps what it is told, so tests can check what an operator would see. */
export function recordingLogger(): MessagingLogger & { lines: LogLine[] } {
  const lines: LogLine[] = [];
  return {
    lines,
    log: (message) => lines.push({ level: 'log', message }),
    warn: (message) => lines.push({ level: 'warn', message }),
    error: (message) => lines.push({ level: 'error', message }),
  };
}

/** Commits `count` probe events through the outbox, `perTransaction` to a transaction, numbered from `firstSequence`. */
export async function commitProbes(
  dataSource: DataSource,
  names: TestNames,
  probeId: string,
  count: number,
  perTransaction = 1,
  firstSequence = 0,
): Promise<void> {
  const end = firstSequence + count;
  for (let first = firstSequence; first < end; first += perTransaction) {
    await dataSource.transaction(async (manager) => {
      for (let sequence = first; sequence < Math.min(end, first + perTransaction); sequence += 1) {
        await appendEvent(
          manager,
          'events.system.probe.recorded',
          { probeId, sequence },
          { actor: SYSTEM_ACTOR, correlationId: `corr-${probeId}`, subjectPrefix: names.subjectPrefix },
        );
      }
    });
  }
}

export async function outboxState(
  dataSource: DataSource,
  probeId: string,
): Promise<{ total: number; unpublished: number; failedAttempts: number }> {
  const [row] = await dataSource.query<{ total: number; unpublished: number; failedAttempts: number }[]>(
    `SELECT count(*)::int AS total,
            count(*) FILTER (WHERE published_at IS NULL)::int AS unpublished,
            coalesce(max(attempts) FILTER (WHERE published_at IS NULL), 0)::int AS "failedAttempts"
       FROM ${SCHEMA}.outbox WHERE payload->'data'->>'probeId' = $1`,
    [probeId],
  );
  return row;
}

/** Short timings so a file runs in seconds; production defaults live in the classes. */
export const fastTimings = {
  relay: { pollIntervalMs: 200, publishTimeoutMs: 500, backoff: { initialMs: 100, maxMs: 400 } },
  consumer: { ackWaitMs: 2_000, retryBackoff: { initialMs: 100, maxMs: 400 } },
};
