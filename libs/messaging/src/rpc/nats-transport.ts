import {
  ServerNats,
  type CustomStrategy,
  type MessageHandler,
  type NatsOptions,
  type WritePacket,
} from '@nestjs/microservices';
import type { Observable, Subscription as RxSubscription } from 'rxjs';
import type { ConnectionOptions, Msg, NatsConnection, Subscription } from '@nats-io/nats-core';
import { natsConnectionOptions, type NatsEndpoint } from '../nats-options.js';

/**
 * Subjects can live under a namespace (NATS_SUBJECT_PREFIX): production leaves it empty; each test
 * system gets its own, so test files running side by side on one NATS never answer each other.
 */
export function namespaced(prefix: string, subject: string): string {
  return prefix ? `${prefix}.${subject}` : subject;
}

/** How long a stopping service waits for the requests in hand before it closes anyway. */
const DRAIN_TIMEOUT_MS = 20_000;

/**
 * Nest's NATS server, subscribing every handler under the namespace and in the service's queue
 * group. At shutdown (SIGTERM) it stops taking requests first, so the queue group hands new ones to
 * the other replicas, answers the requests in hand, and only then closes its connection: Nest's own
 * close would drop their replies.
 */
class NamespacedNatsServer extends ServerNats {
  private connection: NatsConnection | null = null;
  private readonly handlerSubscriptions: Subscription[] = [];
  private inFlight = 0;
  private idle: (() => void)[] = [];

  constructor(
    options: NonNullable<NatsOptions['options']>,
    private readonly prefix: string,
    private readonly queue: string,
  ) {
    super(options);
  }

  override bindEvents(client: NatsConnection): void {
    this.connection = client;
    const queue = this.queue;
    for (const [pattern, handler] of this.messageHandlers) {
      const handle = this.getMessageHandler(pattern) as (error: Error | null, msg: Msg) => Promise<unknown>;
      const subscription = client.subscribe(namespaced(this.prefix, pattern), {
        queue: (handler.extras?.queue as string | undefined) ?? queue,
        callback: (error, msg) => void this.track(handle(error, msg)),
      });
      this.handlerSubscriptions.push(subscription);
    }
  }

  /**
   * Our patterns are plain subjects, so a handler is found by its subject. Nest first tries
   * `JSON.parse` on every message's pattern, which throws (building an Error) for a plain subject.
   */
  override getHandlerByPattern(pattern: string): MessageHandler | null {
    return this.messageHandlers.get(pattern) ?? super.getHandlerByPattern(pattern);
  }

  override async close(): Promise<void> {
    for (const subscription of this.handlerSubscriptions.splice(0)) {
      subscription.unsubscribe();
    }
    if (this.inFlight > 0) {
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([
        new Promise<void>((resolve) => this.idle.push(resolve)),
        new Promise<void>((resolve) => (timer = setTimeout(resolve, DRAIN_TIMEOUT_MS))),
      ]);
      clearTimeout(timer);
    }
    await this.connection?.flush().catch(() => undefined);
    this.connection = null;
    await super.close();
  }

  /**
   * A request is in hand until its last reply is published, not only until its handler returns:
   * behind an interceptor the handler returns a lazy stream at once, and the work (and the reply)
   * come later. Without this, SIGTERM closed the connection under a request still being answered.
   */
  override send(
    stream$: Observable<unknown>,
    respond: (data: WritePacket) => Promise<unknown> | void,
  ): RxSubscription {
    let replied!: () => void;
    void this.track(new Promise<void>((resolve) => (replied = resolve)));
    return super.send(stream$, async (packet) => {
      try {
        await respond(packet);
      } finally {
        if (packet.isDisposed) {
          replied();
        }
      }
    });
  }

  private async track(handling: Promise<unknown>): Promise<void> {
    this.inFlight += 1;
    try {
      await handling;
    } finally {
      // Nest sends the reply on a later tick than the handler's end: count the request done after it.
      await new Promise((resolve) => setImmediate(resolve));
      this.inFlight -= 1;
      if (this.inFlight === 0) {
        this.idle.splice(0).forEach((resolve) => resolve());
      }
    }
  }
}

// Request/reply connections reconnect for ever, as the events' do: with the client's default (10
// attempts, 2 s apart) an outage of NATS longer than ~20 s closed them for good, and the service
// answered nothing (the gateway 503) until it was restarted (fault suite, F6).
const RECONNECT_FOREVER = { reconnect: true, maxReconnectAttempts: -1, reconnectTimeWait: 1000 } as const;

/** Server side: every replica of a service joins the service's queue group, so they share requests. */
export function natsServerStrategy(endpoint: NatsEndpoint, serviceName: string, prefix = ''): CustomStrategy {
  return {
    strategy: new NamespacedNatsServer(
      { ...natsConnectionOptions(endpoint, `moni-${serviceName}`), ...RECONNECT_FOREVER, queue: serviceName },
      prefix,
      serviceName,
    ),
  };
}

/** Client side: the connection a ServiceClient sends its requests over. */
export function natsClientOptions(endpoint: NatsEndpoint, clientName: string): ConnectionOptions {
  return { ...natsConnectionOptions(endpoint, `moni-${clientName}-client`), ...RECONNECT_FOREVER };
}
