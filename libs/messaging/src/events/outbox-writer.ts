import type { EntityManager } from 'typeorm';
import { EVENTS_SUBJECT_PREFIX, type EventDataOf, type EventType } from '#contracts';
import { createEventEnvelope, type CreateEnvelopeOptions, type EventEnvelope } from './envelope.js';
import { OutboxEventEntity } from './outbox.entity.js';
import { outboxChannel, schemaOf } from './sql.js';
import { eventSubject } from './subjects.js';

export interface AppendEventOptions extends CreateEnvelopeOptions {
  /** Replaces the leading `events` of the subject (tests use `t_<suffix>.events`). */
  subjectPrefix?: string;
}

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
  if (!manager.queryRunner?.isTransactionActive) {
    throw new Error('appendEvent must run inside the transaction that makes the state change');
  }
  const envelope = createEventEnvelope(type, data, options);
  await manager.insert(OutboxEventEntity, {
    id: envelope.id,
    type,
    subject: eventSubject(type, options.subjectPrefix ?? EVENTS_SUBJECT_PREFIX),
    payload: envelope,
  });
  // Delivered at commit (and dropped on rollback), so the relay wakes only for real events.
  await manager.query('SELECT pg_notify($1, $2)', [outboxChannel(schemaOf(manager, OutboxEventEntity)), '']);
  return envelope;
}

/** appendEvent with the subject prefix bound once, for injection into services. */
export class OutboxWriter {
  constructor(private readonly options: { subjectPrefix?: string } = {}) {}

  append<E extends EventType>(
    manager: EntityManager,
    type: E,
    data: EventDataOf<E>,
    options: CreateEnvelopeOptions,
  ): Promise<EventEnvelope<E>> {
    return appendEvent(manager, type, data, { ...options, subjectPrefix: this.options.subjectPrefix });
  }
}
