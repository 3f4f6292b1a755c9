import type { JetStreamClient, JetStreamManager, StoredMsg } from '@nats-io/jetstream';
import { headers } from '@nats-io/nats-core';
import { DeadLetterHeaders } from './dead-letter.js';
import { parseEnvelope } from './envelope.js';
import { streamSubject } from './subjects.js';

/** One parked message: its id is its sequence in the dead-letter stream. */
export interface DeadLetter {
  id: number;
  /** The dead-letter subject, `<deadletter prefix>.<consumer>.<original subject>`. */
  subject: string;
  consumer: string;
  /** Where the event was published; null for what is not an event (a failed e-mail). */
  originalSubject: string | null;
  eventId: string | null;
  eventType: string | null;
  deliveryCount: number | null;
  reason: string;
  deadLetteredAt: string;
  /** The parked body as stored (an event envelope: ids and codes only). */
  body: string;
}

export interface DeadLetterQueueOptions {
  /** The dead-letter stream (DEAD_LETTER_STREAM). */
  stream: string;
  /** Dead letters are on `<deadLetterSubjectPrefix>.>` (the namespaced `deadletter`). */
  deadLetterSubjectPrefix: string;
  /** Replays go only to subjects under `<eventsSubjectPrefix>.` (the namespaced `events`). */
  eventsSubjectPrefix: string;
  publishTimeoutMs?: number;
}

export interface ReplayResult {
  id: number;
  subject: string;
  eventId: string;
  /** The sequence of the new copy in the events stream. */
  streamSequence: number;
  /** JetStream had this replay already (same dead letter replayed within the duplicate window). */
  duplicate: boolean;
  /** The dead letter was removed (not kept with `keep`). */
  removed: boolean;
}

/** Why a dead letter cannot be replayed; the CLI prints the message. */
export class NotReplayableError extends Error {}

/** The header a replayed copy carries: which dead letter it came from. */
export const REPLAYED_FROM_HEADER = 'Moni-Replayed-From';

/**
 * The operator's view of the dead-letter stream: list, show, replay and drop parked events. A
 * replay republishes the event, unchanged, to its original subject: the consumers' inboxes make it
 * a no-op for every consumer that had applied it, and the one that had failed applies it now.
 */
export class DeadLetterQueue {
  constructor(
    private readonly jsm: JetStreamManager,
    private readonly js: JetStreamClient,
    private readonly options: DeadLetterQueueOptions,
  ) {}

  /** Every dead letter, oldest first. */
  async list(): Promise<DeadLetter[]> {
    const found: DeadLetter[] = [];
    for (let seq = 1; ;) {
      // next_by_subj: the first message at or after seq, so deleted ones cost nothing.
      const query = { seq, next_by_subj: streamSubject(this.options.deadLetterSubjectPrefix) };
      const stored = await this.jsm.streams.getMessage(this.options.stream, query);
      if (!stored) {
        return found;
      }
      found.push(toDeadLetter(stored));
      seq = stored.seq + 1;
    }
  }

  async get(id: number): Promise<DeadLetter | null> {
    const stored = await this.jsm.streams.getMessage(this.options.stream, { seq: id });
    return stored ? toDeadLetter(stored) : null;
  }

  /**
   * Republishes dead letter `id` to its original subject and removes it (unless `keep`). If the
   * event fails again, its consumer parks it again as a new dead letter.
   */
  async replay(id: number, { keep = false }: { keep?: boolean } = {}): Promise<ReplayResult> {
    const stored = await this.jsm.streams.getMessage(this.options.stream, { seq: id });
    if (!stored) {
      throw new NotReplayableError(`no dead letter ${id}`);
    }
    const letter = toDeadLetter(stored);
    const subject = letter.originalSubject;
    if (!subject || !subject.startsWith(`${this.options.eventsSubjectPrefix}.`)) {
      throw new NotReplayableError(
        `dead letter ${id} (${letter.consumer}) is not an event: it cannot be replayed, only dropped`,
      );
    }
    const parsed = parseEnvelope(stored.data);
    if (!parsed.ok) {
      throw new NotReplayableError(`dead letter ${id} is malformed (${parsed.error}): drop it`);
    }
    const h = headers();
    for (const [key, values] of stored.header ?? []) {
      if (!key.startsWith('Moni-Dlq-') && !key.startsWith('Nats-')) {
        values.forEach((value) => h.append(key, value));
      }
    }
    h.set(REPLAYED_FROM_HEADER, `${this.options.stream}:${id}`);
    const ack = await this.js.publish(subject, stored.data, {
      // Not the event id (JetStream would drop it as the original within the duplicate window),
      // but one per dead letter: replaying it twice at once is dropped, later the inbox drops it.
      msgID: `replay:${this.options.stream}:${id}`,
      headers: h,
      timeout: this.options.publishTimeoutMs ?? 5_000,
    });
    const removed = keep ? false : await this.drop(id);
    return {
      id,
      subject,
      eventId: parsed.envelope.id,
      streamSequence: ack.seq,
      duplicate: ack.duplicate,
      removed,
    };
  }

  /** Removes dead letter `id`; false when there was none. */
  async drop(id: number): Promise<boolean> {
    try {
      return await this.jsm.streams.deleteMessage(this.options.stream, id);
    } catch (error) {
      // "no message found" (already gone) is an answer, not a failure.
      if (error instanceof Error && /no message found/i.test(error.message)) {
        return false;
      }
      throw error;
    }
  }
}

function toDeadLetter(stored: StoredMsg): DeadLetter {
  const h = stored.header;
  const get = (name: string): string | null => (h?.has(name) ? h.get(name) : null);
  const deliveries = get(DeadLetterHeaders.DeliveryCount);
  return {
    id: stored.seq,
    subject: stored.subject,
    consumer: get(DeadLetterHeaders.Consumer) ?? '',
    originalSubject: get(DeadLetterHeaders.Subject),
    eventId: get(DeadLetterHeaders.EventId),
    eventType: get(DeadLetterHeaders.EventType),
    deliveryCount: deliveries === null ? null : Number(deliveries),
    reason: get(DeadLetterHeaders.Reason) ?? '',
    deadLetteredAt: get(DeadLetterHeaders.DeadLetteredAt) ?? stored.time.toISOString(),
    body: stored.string(),
  };
}
