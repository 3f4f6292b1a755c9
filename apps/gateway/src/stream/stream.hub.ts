import {
  Inject,
  Injectable,
  Logger,
  type BeforeApplicationShutdown,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import {
  AckPolicy,
  DeliverPolicy,
  jetstream,
  jetstreamManager,
  type ConsumerMessages,
  type JsMsg,
} from '@nats-io/jetstream';
import { nanos, type NatsConnection } from '@nats-io/nats-core';
import type { GatewayConfig } from '#config';
import { eventTypeOfSubject, parseEnvelope } from '#messaging';
import { eventSubjects, NATS_CONNECTION } from '#service-core';
import { isVisibleTo, mayBeVisible, type StreamEvent, type StreamViewer } from './stream-visibility.js';

export const STREAM_CONFIG = Symbol('STREAM_CONFIG');

/** Replaying more than this after a reconnect is refused: the client reloads instead. */
export const MAX_REPLAY = 1_000;
const REPLAY_BATCH = 256;

export interface StreamSink {
  viewer: StreamViewer;
  send(event: StreamEvent): void;
  /** The events the client missed cannot be replayed (too many, or no longer in the stream). */
  reset(reason: string): void;
  close(): void;
}

export interface StreamSubscription {
  /** The stream position the client is at after the replay (the SSE id of a `ready` event). */
  position: number;
  unsubscribe(): void;
}

interface Subscriber {
  sink: StreamSink;
  /** Events the live feed brought while the replay ran. */
  buffer: StreamEvent[] | null;
  lastSeq: number;
}

/** The event of a message, or null for one no viewer may see (known by its subject) or that is malformed. */
function toStreamEvent(msg: JsMsg, eventsPrefix: string): StreamEvent | null {
  const type = eventTypeOfSubject(msg.subject, eventsPrefix);
  if (type === null || !mayBeVisible(type)) {
    return null;
  }
  const parsed = parseEnvelope(msg.data);
  if (!parsed.ok) {
    return null;
  }
  const { envelope } = parsed;
  return {
    seq: msg.seq,
    type: envelope.type,
    eventId: envelope.id,
    occurredAt: envelope.occurredAt,
    data: envelope.data as Record<string, unknown>,
  };
}

/**
 * The live updates of one gateway replica: an ordered JetStream consumer of the events stream
 * (each replica has its own, so any number of them work), fanned out to the connected clients
 * whose organisation or user the event concerns. A reconnect with Last-Event-ID replays from
 * the stream, then joins the live feed without gaps or repeats.
 */
@Injectable()
export class StreamHub implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(StreamHub.name);
  private readonly subscribers = new Set<Subscriber>();
  private messages: ConsumerMessages | null = null;
  private stopped = false;
  private retry: NodeJS.Timeout | null = null;

  constructor(
    @Inject(STREAM_CONFIG) private readonly config: GatewayConfig,
    @Inject(NATS_CONNECTION) private readonly nats: NatsConnection,
  ) {}

  get connections(): number {
    return this.subscribers.size;
  }

  private get eventsPrefix(): string {
    return eventSubjects(this.config).events;
  }

  private get filter(): string {
    return `${this.eventsPrefix}.>`;
  }

  onApplicationBootstrap(): void {
    void this.follow(1);
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stopped = true;
    if (this.retry) {
      clearTimeout(this.retry);
    }
    for (const subscriber of this.subscribers) {
      subscriber.sink.close();
    }
    this.subscribers.clear();
    await this.messages?.close().catch(() => undefined);
  }

  // The stream is created by the services; until it exists, try again.
  private async follow(attempt: number): Promise<void> {
    if (this.stopped) {
      return;
    }
    try {
      const consumer = await jetstream(this.nats).consumers.get(this.config.eventsStream, {
        filter_subjects: this.filter,
        deliver_policy: DeliverPolicy.New,
      });
      const messages = await consumer.consume();
      this.messages = messages;
      void (async () => {
        const prefix = this.eventsPrefix;
        for await (const msg of messages) {
          // With no one connected there is no one to parse an event for.
          const event = this.subscribers.size > 0 ? toStreamEvent(msg, prefix) : null;
          if (event) {
            this.publish(event);
          }
        }
      })();
    } catch (error) {
      const delay = Math.min(30_000, 500 * 2 ** Math.min(attempt, 6));
      this.logger.warn(
        `live updates cannot follow ${this.config.eventsStream} yet (${(error as Error).message}); retrying in ${delay} ms`,
      );
      this.retry = setTimeout(() => void this.follow(attempt + 1), delay);
    }
  }

  private publish(event: StreamEvent): void {
    for (const subscriber of this.subscribers) {
      if (!isVisibleTo(subscriber.sink.viewer, { type: event.type, data: event.data })) {
        continue;
      }
      if (subscriber.buffer) {
        subscriber.buffer.push(event);
      } else if (event.seq > subscriber.lastSeq) {
        subscriber.lastSeq = event.seq;
        subscriber.sink.send(event);
      }
    }
  }

  /**
   * Joins the live feed. With `after` (the client's Last-Event-ID), first sends the visible events
   * after it up to the stream's end, then what arrived live meanwhile.
   */
  async subscribe(sink: StreamSink, after: number | null): Promise<StreamSubscription> {
    const subscriber: Subscriber = { sink, buffer: [], lastSeq: 0 };
    this.subscribers.add(subscriber);
    const unsubscribe = () => {
      this.subscribers.delete(subscriber);
    };
    try {
      const jsm = await jetstreamManager(this.nats);
      const { state } = await jsm.streams.info(this.config.eventsStream);
      const end = state.last_seq;
      if (after !== null && after < end) {
        if (after + 1 < state.first_seq || end - after > MAX_REPLAY) {
          sink.reset('the missed events can no longer be replayed');
        } else {
          await this.replay(sink, after + 1, end);
        }
      } else if (after !== null && after > end) {
        // Not a position of this stream (it was recreated): the client must reload.
        sink.reset('unknown Last-Event-ID');
      }
      const position = end;
      subscriber.lastSeq = position;
      const buffered = subscriber.buffer ?? [];
      subscriber.buffer = null;
      for (const event of buffered) {
        if (event.seq > subscriber.lastSeq) {
          subscriber.lastSeq = event.seq;
          sink.send(event);
        }
      }
      return { position, unsubscribe };
    } catch (error) {
      unsubscribe();
      throw error;
    }
  }

  // A short-lived consumer of the range (from, to]; deleted afterwards (and by the server if we die).
  private async replay(sink: StreamSink, from: number, to: number): Promise<void> {
    const jsm = await jetstreamManager(this.nats);
    const info = await jsm.consumers.add(this.config.eventsStream, {
      ack_policy: AckPolicy.None,
      deliver_policy: DeliverPolicy.StartSequence,
      opt_start_seq: from,
      filter_subject: this.filter,
      inactive_threshold: nanos(30_000),
      mem_storage: true,
      num_replicas: 1,
    });
    try {
      const consumer = await jetstream(this.nats).consumers.get(this.config.eventsStream, info.name);
      const prefix = this.eventsPrefix;
      let next = from;
      while (next <= to) {
        const batch = await consumer.fetch({
          max_messages: Math.min(REPLAY_BATCH, to - next + 1),
          expires: 2_000,
        });
        let got = 0;
        for await (const msg of batch) {
          got += 1;
          next = msg.seq + 1;
          const event = msg.seq <= to ? toStreamEvent(msg, prefix) : null;
          if (event && isVisibleTo(sink.viewer, event)) {
            sink.send(event);
          }
        }
        if (got === 0) {
          break;
        }
      }
    } finally {
      await jsm.consumers.delete(this.config.eventsStream, info.name).catch(() => false);
    }
  }
}
