import {
  AckPolicy,
  DeliverPolicy,
  JetStreamApiCodes,
  JetStreamApiError,
  jetstream,
  jetstreamManager,
  type ConsumerMessages,
  type ConsumerNotification,
  type ConsumerUpdateConfig,
  type JetStreamClient,
  type JsMsg,
} from '@nats-io/jetstream';
import { nanos, type NatsConnection } from '@nats-io/nats-core';
import type { DataSource, EntityManager } from 'typeorm';
import { EVENTS_SUBJECT_PREFIX, type Envelope, type EventType } from '#contracts';
import { ArrivedMessages } from './arrived-messages.js';
import { backoffDelay, type BackoffOptions } from './backoff.js';
import { deadLetterInfoOf, publishDeadLetter, type DeadLetterInfo } from './dead-letter.js';
import { parseEnvelope, type EventEnvelope } from './envelope.js';
import { describeError, noopLogger, type MessagingLogger } from './logger.js';
import type { MessagingMetrics } from './metrics.js';
import { recordAllInInbox, recordInInbox } from './inbox.js';
import { Pause } from './pause.js';
import { isTransientFailure } from './transient.js';
import { DEFAULT_DEAD_LETTER_PREFIX, eventFilterSubject, subjectSource } from './subjects.js';

/** Where the event came from: its subject, and the publishing service a source-bound subject names. */
export interface EventOrigin {
  subject: string;
  source: string | null;
}

/** Runs inside the transaction that records the event in the inbox: write through `manager`. */
export type EventHandler<E extends EventType> = (
  event: EventEnvelope<E>,
  manager: EntityManager,
  origin: EventOrigin,
) => Promise<void>;
export type EventHandlers = { [E in EventType]?: EventHandler<E> };

export interface EventConsumerOptions {
  /** Connect with `maxReconnectAttempts: -1` so the consumer outlives a NATS outage. */
  nc: NatsConnection;
  dataSource: DataSource;
  stream: string;
  /** The durable consumer's name; also the inbox's `consumer` column. No dots. */
  durable: string;
  /** One handler per event type; the consumer's filter subjects are these types' subjects. */
  handlers: EventHandlers;
  subjectPrefix?: string;
  deadLetterSubjectPrefix?: string;
  /** Attempts before an event is dead-lettered (default 5). */
  maxDeliver?: number;
  /** Redelivery after this long without an ack, e.g. when a consumer died (default 30 s). */
  ackWaitMs?: number;
  /** Unacked messages in flight; > 1 so that one slow or failing event does not stop others. */
  maxAckPending?: number;
  /** Messages pulled per request (default 10). */
  batchSize?: number;
  /**
   * How long one pull lives (heartbeats at half that). Two missed heartbeats (a cluster node gone
   * with the pull) make the client pull again: 10 s with replicas, 30 s on one server (its loss
   * is a reconnect, which pulls again at once; and each heartbeat costs an idle stack CPU).
   */
  pullExpiresMs?: number;
  /**
   * Up to this many events already received are applied in one transaction (default 1: each in
   * its own). Each keeps its inbox row and is acked only after the commit; if any of them fails,
   * the transaction is rolled back and each is applied again on its own, with its own retries.
   */
  transactionBatch?: number;
  /**
   * How long the first event of a transaction waits for more to join it (default 0: it goes at once
   * with those already received). For consumers nobody waits on (the audit log, the statistics):
   * one transaction of many events instead of one each, at the price of this much lag.
   */
  batchLingerMs?: number;
  /** Delay of the nak after a failed attempt (default 1 s doubling to 60 s). */
  retryBackoff?: BackoffOptions;
  /** Copies of the durable's state on a JetStream cluster (default 1; the stream's replicas, e.g. 3). */
  replicas?: number;
  /** Where a new durable starts: every event in the stream (default) or only new ones. */
  deliverPolicy?: 'all' | 'new';
  publishTimeoutMs?: number;
  logger?: MessagingLogger;
  metrics?: MessagingMetrics;
  onDeadLetter?: (info: DeadLetterInfo) => void;
  /** Fault testing only: wait this long before each message (a slow consumer). Off unless set. */
  delayEachMessageMs?: number;
}

export interface EventConsumerCounters {
  processed: number;
  duplicates: number;
  failed: number;
  deadLettered: number;
}

type Outcome = 'processed' | 'duplicate' | 'failed';

/**
 * An event held by another replica (a dependency away) comes with deliveries this replica cannot
 * explain: it is taken for one that kills its handler only after this many times maxDeliver.
 */
const UNEXPLAINED_DELIVERIES_FACTOR = 10;
/** The held events a replica remembers (a bound: an event may end in another replica). */
const HELD_REMEMBERED = 10_000;

/**
 * A durable JetStream pull consumer that applies each event exactly once to the database:
 * inbox insert and handler share one transaction, and the ack comes only after its commit.
 */
export class EventConsumer {
  readonly counters: EventConsumerCounters = { processed: 0, duplicates: 0, failed: 0, deadLettered: 0 };

  private readonly js: JetStreamClient;
  private readonly logger: MessagingLogger;
  private readonly maxDeliver: number;
  private readonly retryBackoff: BackoffOptions;
  private readonly subjectPrefix: string;
  private readonly ackWaitMs: number;
  private readonly pause = new Pause();
  /** Deliveries of an event (by stream sequence) that this replica nak'ed because a dependency was away. */
  private readonly held = new Map<number, number>();
  private messages: ConsumerMessages | null = null;
  private loop: Promise<void> | null = null;

  constructor(private readonly options: EventConsumerOptions) {
    if (options.durable.includes('.') || options.durable.trim() === '') {
      throw new Error(`invalid durable name "${options.durable}"`);
    }
    this.js = jetstream(options.nc);
    this.logger = options.logger ?? noopLogger;
    this.maxDeliver = Math.max(1, options.maxDeliver ?? 5);
    this.retryBackoff = options.retryBackoff ?? { initialMs: 1_000, maxMs: 60_000 };
    this.subjectPrefix = options.subjectPrefix ?? EVENTS_SUBJECT_PREFIX;
    this.ackWaitMs = options.ackWaitMs ?? 30_000;
  }

  get name(): string {
    return this.options.durable;
  }

  async start(): Promise<void> {
    if (this.messages) {
      return;
    }
    this.pause.resume();
    await this.ensureConsumer();
    const consumer = await this.js.consumers.get(this.options.stream, this.options.durable);
    const messages = await consumer.consume({
      max_messages: this.options.batchSize ?? 10,
      expires: this.options.pullExpiresMs ?? ((this.options.replicas ?? 1) > 1 ? 10_000 : 30_000),
    });
    this.messages = messages;
    void this.watchStatus(messages);
    const most = Math.max(1, this.options.transactionBatch ?? 1);
    this.loop = (async () => {
      const arrived = new ArrivedMessages(messages[Symbol.asyncIterator]());
      for (;;) {
        const first = await arrived.next();
        if (first.done) {
          return;
        }
        if (this.options.delayEachMessageMs) {
          // The fault suite's slow consumer (F10): off unless set.
          await this.pause.wait(this.options.delayEachMessageMs, { interruptible: false });
        }
        // What has arrived already joins it (and, with a linger, what arrives soon after): under
        // load one transaction takes many events, and alone an event goes at once.
        const batch = await arrived.withArrived(first.value, most, this.options.batchLingerMs ?? 0);
        if (batch.length === 1 || !(await this.applyTogether(batch))) {
          // One at a time: a failing event is nak'ed with a delay and the next one proceeds.
          for (const msg of batch) {
            await this.handleAlone(msg);
          }
        }
      }
    })().catch((error: unknown) => {
      this.logger.error(`consumer ${this.name} stopped reading (${describeError(error)})`);
    });
  }

  /** Stops pulling and waits for the event in hand; unacked prefetched events are redelivered. */
  async stop(): Promise<void> {
    const messages = this.messages;
    this.messages = null;
    if (!messages) {
      return;
    }
    this.pause.cancel();
    await messages.close().catch(() => undefined);
    await this.loop;
    this.loop = null;
  }

  private filterSubjects(): string[] {
    return (Object.keys(this.options.handlers) as EventType[])
      .filter((type) => this.options.handlers[type])
      .map((type) => eventFilterSubject(type, this.subjectPrefix));
  }

  private async ensureConsumer(): Promise<void> {
    const jsm = await jetstreamManager(this.options.nc);
    const subjects = this.filterSubjects();
    if (subjects.length === 0) {
      throw new Error(`consumer ${this.name} has no handlers`);
    }
    const update: Partial<ConsumerUpdateConfig> = {
      ack_wait: nanos(this.ackWaitMs),
      // Unlimited on the server: we count deliveries ourselves and park the event in the
      // dead-letter stream; a server-side limit would silently drop it if parking failed.
      max_deliver: -1,
      max_ack_pending: this.options.maxAckPending ?? 100,
      num_replicas: this.options.replicas ?? 1,
      // filter_subjects (several) needs nats-server 2.10; one subject works everywhere.
      ...(subjects.length === 1 ? { filter_subject: subjects[0] } : { filter_subjects: subjects }),
    };
    try {
      await jsm.consumers.info(this.options.stream, this.options.durable);
    } catch (error) {
      if (error instanceof JetStreamApiError && error.code === JetStreamApiCodes.ConsumerNotFound) {
        await jsm.consumers.add(this.options.stream, {
          ...update,
          durable_name: this.options.durable,
          ack_policy: AckPolicy.Explicit,
          deliver_policy: this.options.deliverPolicy === 'new' ? DeliverPolicy.New : DeliverPolicy.All,
        });
        return;
      }
      throw error;
    }
    await jsm.consumers.update(this.options.stream, this.options.durable, update);
  }

  private async handleAlone(msg: JsMsg): Promise<void> {
    await this.handle(msg).catch((error: unknown) => {
      this.logger.error(`consumer ${this.name} could not handle a message (${describeError(error)})`);
      this.settle(msg, 'nak', this.retryBackoff.initialMs);
    });
  }

  /**
   * Applies first deliveries of well-formed events in one transaction (inbox row and handler for
   * each, in order), then acks them all. False, with nothing applied or settled, when the batch
   * holds anything else or the transaction failed: the caller then handles each on its own.
   */
  private async applyTogether(batch: JsMsg[]): Promise<boolean> {
    const ready: {
      msg: JsMsg;
      envelope: EventEnvelope<EventType>;
      handler: EventHandler<EventType>;
      origin: EventOrigin;
    }[] = [];
    for (const msg of batch) {
      const parsed = parseEnvelope(msg.data);
      if (!parsed.ok || msg.info.deliveryCount !== 1) {
        return false;
      }
      const envelope = parsed.envelope as EventEnvelope<EventType>;
      const handler = this.handlerFor(envelope.type);
      const origin = subjectSource(envelope.type, msg.subject, this.subjectPrefix);
      if (!handler || !origin) {
        return false;
      }
      ready.push({ msg, envelope, handler, origin: { subject: msg.subject, source: origin.source } });
    }
    let outcomes: Exclude<Outcome, 'failed'>[];
    try {
      outcomes = await this.options.dataSource.transaction(async (manager) => {
        const done: Exclude<Outcome, 'failed'>[] = [];
        // The batch's inbox rows in one statement; an event that is there twice runs once.
        const fresh = await recordAllInInbox(
          manager,
          this.options.durable,
          ready.map(({ envelope }) => envelope.id),
        );
        for (const { envelope, handler, origin } of ready) {
          // PostgreSQL answers a uuid in lower case, whatever case the envelope wrote it in.
          if (fresh.delete(envelope.id.toLowerCase())) {
            await handler(envelope, manager, origin);
            done.push('processed');
          } else {
            done.push('duplicate');
          }
        }
        return done;
      });
    } catch {
      return false;
    }
    ready.forEach(({ msg }, index) => {
      this.count(outcomes[index]);
      this.settle(msg, 'ack');
    });
    return true;
  }

  private async handle(msg: JsMsg): Promise<void> {
    const parsed = parseEnvelope(msg.data);
    if (!parsed.ok) {
      // Retrying cannot fix a malformed message: park it at once.
      return this.deadLetter(msg, null, `invalid envelope: ${parsed.error}`);
    }
    const envelope = parsed.envelope;
    const type = envelope.type as EventType;
    const handler = this.handlerFor(type);
    const origin = subjectSource(type, msg.subject, this.subjectPrefix);
    if (!handler || !origin) {
      return this.deadLetter(msg, envelope, `no handler for type ${type} on subject ${msg.subject}`);
    }
    const attempt = msg.info.deliveryCount;
    const sequence = msg.info.streamSequence;
    // Deliveries spent while a dependency was away do not count: only the event's own failures do.
    const heldHere = this.held.get(sequence) ?? 0;
    const unexplained = attempt - heldHere;
    if (
      unexplained > this.maxDeliver &&
      (heldHere > 0 || attempt > this.maxDeliver * UNEXPLAINED_DELIVERIES_FACTOR)
    ) {
      // Only after a crash mid-attempt or a failed parking: do not run the handler again.
      this.held.delete(sequence);
      return this.deadLetter(msg, envelope, `delivered ${attempt} times without completing`);
    }
    try {
      const outcome = await this.apply(msg, envelope as EventEnvelope<EventType>, handler, {
        subject: msg.subject,
        source: origin.source,
      });
      this.held.delete(sequence);
      this.count(outcome);
      this.settle(msg, 'ack');
    } catch (error) {
      this.count('failed');
      if (isTransientFailure(error)) {
        // A peer service or the database is away: not a poison message. Hold the event (a nak with
        // a growing delay) until the dependency is back, however long that takes.
        return this.hold(msg, envelope, attempt, error);
      }
      if (unexplained >= this.maxDeliver) {
        this.held.delete(sequence);
        return this.deadLetter(msg, envelope, describeError(error));
      }
      const delay = backoffDelay(unexplained, this.retryBackoff);
      this.logger.warn(
        `consumer ${this.name} failed event ${envelope.id} (${type}), attempt ${attempt}/${this.maxDeliver}; ` +
          `retrying in ${delay} ms: ${describeError(error)}`,
        { correlationId: envelope.correlationId },
      );
      this.settle(msg, 'nak', delay);
    }
  }

  private hold(msg: JsMsg, envelope: Envelope<unknown>, attempt: number, error: unknown): void {
    const sequence = msg.info.streamSequence;
    const holds = (this.held.get(sequence) ?? 0) + 1;
    this.held.delete(sequence); // re-inserted last: the oldest entries go first when over the bound
    this.held.set(sequence, holds);
    if (this.held.size > HELD_REMEMBERED) {
      this.held.delete(this.held.keys().next().value as number);
    }
    const delay = backoffDelay(attempt, this.retryBackoff);
    this.logger.warn(
      `consumer ${this.name} holds event ${envelope.id} (${envelope.type}), delivery ${attempt}: ` +
        `a dependency is unavailable; retrying in ${delay} ms: ${describeError(error)}`,
      { correlationId: envelope.correlationId },
    );
    this.settle(msg, 'nak', delay);
  }

  /** Inbox insert and handler in one transaction; 'duplicate' when the inbox already had the event. */
  private async apply(
    msg: JsMsg,
    envelope: EventEnvelope<EventType>,
    handler: EventHandler<EventType>,
    origin: EventOrigin,
  ): Promise<Exclude<Outcome, 'failed'>> {
    for (let outage = 1; ; outage += 1) {
      let handlerRan = false;
      try {
        return await this.options.dataSource.transaction(async (manager) => {
          if (!(await recordInInbox(manager, this.options.durable, envelope.id))) {
            return 'duplicate';
          }
          handlerRan = true;
          await handler(envelope, manager, origin);
          return 'processed';
        });
      } catch (error) {
        if (handlerRan || !this.messages) {
          throw error;
        }
        // The database failed before the handler ran: no fault of the event. Hold the message
        // (working() restarts ack_wait) instead of spending its deliveries towards the dead letters.
        const delay = Math.min(backoffDelay(outage, this.retryBackoff), this.ackWaitMs / 2);
        this.logger.warn(
          `consumer ${this.name} cannot reach the database (${describeError(error)}); retrying in ${delay} ms`,
        );
        this.settle(msg, 'working');
        await this.pause.wait(delay, { interruptible: false });
      }
    }
  }

  private handlerFor<E extends EventType>(type: E): EventHandler<E> | undefined {
    const { handlers } = this.options;
    return Object.hasOwn(handlers, type) ? handlers[type] : undefined;
  }

  // ON CONFLICT DO NOTHING also waits for a concurrent transaction holding the same key, so two
  // replicas handed the same event (after an ack_wait expiry) cannot both apply it.
  private async deadLetter(msg: JsMsg, envelope: Envelope<unknown> | null, reason: string): Promise<void> {
    const info = deadLetterInfoOf(this.name, msg, envelope, reason);
    try {
      await publishDeadLetter(
        this.js,
        this.options.deadLetterSubjectPrefix ?? DEFAULT_DEAD_LETTER_PREFIX,
        info,
        msg,
        this.options.publishTimeoutMs ?? 5_000,
      );
    } catch (error) {
      const delay = backoffDelay(info.deliveryCount, this.retryBackoff);
      this.logger.error(
        `consumer ${this.name} could not dead-letter event ${info.eventId ?? `#${info.streamSequence}`}; ` +
          `retrying in ${delay} ms: ${describeError(error)}`,
      );
      this.settle(msg, 'nak', delay);
      return;
    }
    this.settle(msg, 'term');
    this.counters.deadLettered += 1;
    this.options.metrics?.eventsDeadLettered.inc({ consumer: this.name });
    this.logger.error(
      `consumer ${this.name} dead-lettered event ${info.eventId ?? `#${info.streamSequence}`} ` +
        `after ${info.deliveryCount} deliveries: ${reason}`,
      { ...info, correlationId: envelope?.correlationId },
    );
    this.options.onDeadLetter?.(info);
  }

  // An ack that cannot be sent (connection lost) is harmless: the event comes back after
  // ack_wait and the inbox turns it into a no-op.
  private settle(msg: JsMsg, how: 'ack' | 'nak' | 'term' | 'working', delayMs?: number): void {
    try {
      if (how === 'ack') {
        msg.ack();
      } else if (how === 'nak') {
        msg.nak(delayMs);
      } else if (how === 'term') {
        msg.term();
      } else {
        msg.working();
      }
    } catch (error) {
      this.logger.warn(`consumer ${this.name} could not ${how} a message (${describeError(error)})`);
    }
  }

  private count(outcome: Outcome): void {
    const key = outcome === 'duplicate' ? 'duplicates' : outcome;
    this.counters[key] += 1;
    this.options.metrics?.eventsConsumed.inc({ consumer: this.name, outcome });
  }

  private async watchStatus(messages: ConsumerMessages): Promise<void> {
    for await (const status of messages.status()) {
      if (WORTH_A_WARNING.has(status.type)) {
        this.logger.warn(`consumer ${this.name}: ${status.type}`);
      }
    }
  }
}

// The rest (heartbeats, pulls, discards) is routine chatter.
const WORTH_A_WARNING = new Set<ConsumerNotification['type']>([
  'heartbeats_missed',
  'consumer_not_found',
  'stream_not_found',
  'consumer_deleted',
  'no_responders',
]);
