import type { EntityManager } from 'typeorm';
import {
  AUDIT_EVENT_TYPE,
  EVENTS_SUBJECT_PREFIX,
  type AuditEntryData,
  type AuditSource,
  type EventDataOf,
  type EventType,
} from '#contracts';
import { createEventEnvelope, type CreateEnvelopeOptions, type EventEnvelope } from './envelope.js';
import { OutboxEventEntity } from './outbox.entity.js';
import { outboxChannel, schemaOf, tableOf } from './sql.js';
import { publishSubject } from './subjects.js';

export interface AppendEventOptions extends CreateEnvelopeOptions {
  /** Replaces the leading `events` of the subject (tests use `t_<suffix>.events`). */
  subjectPrefix?: string;
  /** The publishing service: audit entries go out on a subject naming it (see publishSubject). */
  source?: string;
}

/** One event to append: its type and its data. */
export type NewEvent = { [E in EventType]: { type: E; data: EventDataOf<E> } }[EventType];

/**
 * Records an event in the caller's transaction: it is published if and only if the state
 * change commits. Pass the EntityManager of `dataSource.transaction(...)`.
 */
export async function appendEvent<E extends EventType>(
  manager: EntityManager,
  type: E,
  data: EventDataOf<E>,
  options: AppendEventOptions,
): Promise<EventEnvelope<E>> {
  const [envelope] = await appendEvents(manager, [{ type, data } as NewEvent], options);
  return envelope as EventEnvelope<E>;
}

/**
 * Records several events of one change in the caller's transaction, in one statement. The relay
 * publishes in `created_at` order, which `clock_timestamp()` alone would not make strict within one
 * statement: each row is a microsecond after the one before it, so they go out in the given order.
 */
export async function appendEvents(
  manager: EntityManager,
  events: NewEvent[],
  options: AppendEventOptions,
): Promise<EventEnvelope[]> {
  if (!manager.queryRunner?.isTransactionActive) {
    throw new Error('appendEvent must run inside the transaction that makes the state change');
  }
  if (events.length === 0) {
    return [];
  }
  const envelopes = events.map(({ type, data }) => createEventEnvelope(type, data, options));
  const prefix = options.subjectPrefix ?? EVENTS_SUBJECT_PREFIX;
  const params = envelopes.flatMap((envelope) => [
    envelope.id,
    envelope.type,
    publishSubject(envelope.type, prefix, options.source),
    JSON.stringify(envelope),
  ]);
  const rows = envelopes.map(
    (_, i) =>
      `($${4 * i + 1}, $${4 * i + 2}, $${4 * i + 3}, $${4 * i + 4}::jsonb, clock_timestamp() + interval '${i} microseconds')`,
  );
  // One round trip: the rows, and the NOTIFY that wakes this schema's relay (delivered at commit,
  // dropped on rollback, so the relay wakes only for real events). A data-modifying WITH runs
  // whether or not the SELECT reads it.
  await manager.query(
    `WITH appended AS (INSERT INTO ${tableOf(manager, OutboxEventEntity)} ("id", "type", "subject", "payload", "created_at")
       VALUES ${rows.join(', ')})
     SELECT pg_notify($${params.length + 1}, '')`,
    [...params, outboxChannel(schemaOf(manager, OutboxEventEntity))],
  );
  return envelopes;
}

export interface OutboxWriterOptions {
  /** Replaces the leading `events` of every subject (see AppendEventOptions). */
  subjectPrefix?: string;
  /** Stamped on every `events.audit.entry.recorded` whose data leaves `sourceService` out. */
  sourceService?: AuditSource;
}

/** The audit entry with its source filled in when the caller left it out; other events as given. */
export function withAuditSource<E extends EventType>(
  type: E,
  data: EventDataOf<E>,
  sourceService: AuditSource | undefined,
): EventDataOf<E> {
  if (type !== AUDIT_EVENT_TYPE || sourceService === undefined) {
    return data;
  }
  const entry = data as AuditEntryData;
  return (entry.sourceService === undefined ? { ...entry, sourceService } : entry) as EventDataOf<E>;
}

/** appendEvent with the subject prefix (and the service's name as audit source) bound once, for injection into services. */
export class OutboxWriter {
  constructor(private readonly options: OutboxWriterOptions = {}) {}

  append<E extends EventType>(
    manager: EntityManager,
    type: E,
    data: EventDataOf<E>,
    options: CreateEnvelopeOptions,
  ): Promise<EventEnvelope<E>> {
    return appendEvent(manager, type, withAuditSource(type, data, this.options.sourceService), {
      ...options,
      subjectPrefix: this.options.subjectPrefix,
      source: this.options.sourceService,
    });
  }

  /** Several events of one change in one statement, published in the given order. */
  appendAll(
    manager: EntityManager,
    events: NewEvent[],
    options: CreateEnvelopeOptions,
  ): Promise<EventEnvelope[]> {
    return appendEvents(
      manager,
      events.map(
        (event) =>
          ({
            ...event,
            data: withAuditSource(event.type, event.data, this.options.sourceService),
          }) as NewEvent,
      ),
      { ...options, subjectPrefix: this.options.subjectPrefix, source: this.options.sourceService },
    );
  }
}
