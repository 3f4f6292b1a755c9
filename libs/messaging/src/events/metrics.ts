import { Counter, type Registry } from 'prom-client';

export interface MessagingMetrics {
  eventsConsumed: Counter<'consumer' | 'outcome'>;
  eventsDeadLettered: Counter<'consumer'>;
  outboxPublished: Counter;
  outboxPublishFailures: Counter;
}

function counter<L extends string>(
  registry: Registry,
  name: string,
  help: string,
  labelNames: L[],
): Counter<L> {
  // Reuse on a second call: prom-client throws when a name is registered twice.
  const existing = registry.getSingleMetric(name);
  return existing instanceof Counter
    ? existing
    : new Counter({ name, help, labelNames, registers: [registry] });
}

/** Counters for the relay and consumers; alert on moni_events_dead_lettered_total > 0. */
export function createMessagingMetrics(registry: Registry): MessagingMetrics {
  return {
    eventsConsumed: counter(registry, 'moni_events_consumed_total', 'Events handled by a consumer', [
      'consumer',
      'outcome',
    ]),
    eventsDeadLettered: counter(
      registry,
      'moni_events_dead_lettered_total',
      'Events parked in the dead-letter stream',
      ['consumer'],
    ),
    outboxPublished: counter(
      registry,
      'moni_outbox_published_total',
      'Outbox rows published to JetStream',
      [],
    ),
    outboxPublishFailures: counter(
      registry,
      'moni_outbox_publish_failures_total',
      'Failed outbox publish rounds (NATS unreachable or rejecting)',
      [],
    ),
  };
}
