import { ServerNats, Transport, type CustomStrategy, type NatsOptions } from '@nestjs/microservices';
import type { NatsConnection } from '@nats-io/nats-core';
import { natsConnectionOptions, type NatsEndpoint } from '../nats-options.js';

/**
 * Subjects can live under a namespace (NATS_SUBJECT_PREFIX): production leaves it empty; each test
 * system gets its own, so test files running side by side on one NATS never answer each other.
 */
export function namespaced(prefix: string, subject: string): string {
  return prefix ? `${prefix}.${subject}` : subject;
}

/** Nest's NATS server, subscribing every handler under the namespace and in the service's queue group. */
class NamespacedNatsServer extends ServerNats {
  constructor(
    options: NonNullable<NatsOptions['options']>,
    private readonly prefix: string,
    private readonly queue: string,
  ) {
    super(options);
  }

  override bindEvents(client: NatsConnection): void {
    const queue = this.queue;
    for (const [pattern, handler] of this.messageHandlers) {
      client.subscribe(namespaced(this.prefix, pattern), {
        queue: (handler.extras?.queue as string | undefined) ?? queue,
        callback: this.getMessageHandler(pattern).bind(this) as Parameters<
          NatsConnection['subscribe']
        >[1] extends { callback?: infer C } | undefined
          ? C
          : never,
      });
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

export function natsClientOptions(endpoint: NatsEndpoint, clientName: string): NatsOptions {
  return {
    transport: Transport.NATS,
    options: { ...natsConnectionOptions(endpoint, `moni-${clientName}-client`), ...RECONNECT_FOREVER },
  };
}
