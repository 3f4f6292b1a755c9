import { Inject, Injectable, Logger, type BeforeApplicationShutdown } from '@nestjs/common';
import { getDataSourceToken } from '@nestjs/typeorm';
import type { NatsConnection } from '@nats-io/nats-core';
import type { DataSource } from 'typeorm';
import type { CommonConfig } from '#config';
import {
  createMessagingMetrics,
  EventConsumer,
  type EventConsumerOptions,
  type EventHandlers,
} from '#messaging';
import { MetricsService } from '#observability';
import { NATS_CONNECTION } from './nats-connection.js';
import { ensureEventStreams, eventSubjects, SERVICE_CONFIG } from './outbox.js';

/** What a service's event consumers run on: its configuration, database, NATS connection and metrics. */
export interface EventConsumerHost {
  config: CommonConfig;
  dataSource: DataSource;
  nats: NatsConnection;
  metrics: MetricsService;
}

/** Events pulled at once, applied together in one transaction, and how long a transaction waits for more (see EventConsumerOptions). */
export type ConsumerTuning = Pick<EventConsumerOptions, 'batchSize' | 'transactionBatch' | 'batchLingerMs'>;

/**
 * Starts one durable JetStream consumer per entry (durable name → its handlers) on this
 * deployment's namespaced events. The streams are ensured first: the outbox publisher ensures them
 * too, and whichever boots first creates them. Stop the returned consumers at shutdown.
 */
export async function startEventConsumers(
  host: EventConsumerHost,
  handlersByDurable: Record<string, EventHandlers>,
  tuning: ConsumerTuning = {},
): Promise<EventConsumer[]> {
  const { config, dataSource, nats } = host;
  const subjects = eventSubjects(config);
  await ensureEventStreams(nats, config);
  const metrics = createMessagingMetrics(host.metrics.registry);
  const started: EventConsumer[] = [];
  try {
    for (const [durable, handlers] of Object.entries(handlersByDurable)) {
      const consumer = new EventConsumer({
        nc: nats,
        dataSource,
        stream: config.eventsStream,
        durable,
        handlers,
        subjectPrefix: subjects.events,
        deadLetterSubjectPrefix: subjects.deadLetters,
        replicas: config.eventsStreamReplicas,
        logger: new Logger(`EventConsumer:${durable}`),
        metrics,
        delayEachMessageMs: slowConsumerDelay(durable),
        ...tuning,
      });
      await consumer.start();
      started.push(consumer);
    }
  } catch (error) {
    await stopEventConsumers(started);
    throw error;
  }
  return started;
}

export async function stopEventConsumers(consumers: EventConsumer[]): Promise<void> {
  await Promise.all(consumers.map((consumer) => consumer.stop()));
}

/**
 * The one host of a service's durable consumers: a service declares its handlers and calls `start`
 * in `onApplicationBootstrap`; every consumer started here stops before shutdown (before the
 * database and NATS close), a running handler finishing first.
 */
@Injectable()
export class ServiceEventConsumers implements BeforeApplicationShutdown {
  private consumers: EventConsumer[] = [];

  constructor(
    @Inject(SERVICE_CONFIG) private readonly config: CommonConfig,
    @Inject(getDataSourceToken()) private readonly dataSource: DataSource,
    @Inject(NATS_CONNECTION) private readonly nats: NatsConnection,
    private readonly metrics: MetricsService,
  ) {}

  /** Starts one durable consumer per entry (durable name → its handlers); returns their names. */
  async start(
    handlersByDurable: Record<string, EventHandlers>,
    tuning: ConsumerTuning = {},
  ): Promise<string[]> {
    const { config, dataSource, nats, metrics } = this;
    const started = await startEventConsumers(
      { config, dataSource, nats, metrics },
      handlersByDurable,
      tuning,
    );
    this.consumers.push(...started);
    return started.map((consumer) => consumer.name);
  }

  async beforeApplicationShutdown(): Promise<void> {
    const consumers = this.consumers;
    this.consumers = [];
    await stopEventConsumers(consumers);
  }
}

/**
 * The fault suite's slow consumer (tests/faults, F10): EVENT_CONSUMER_DELAY_MS before each message
 * of the durables in EVENT_CONSUMER_DELAY_DURABLES (comma-separated; unset: all). Never set it in
 * production.
 */
export function slowConsumerDelay(durable: string, env: NodeJS.ProcessEnv = process.env): number | undefined {
  const ms = Number(env.EVENT_CONSUMER_DELAY_MS ?? '');
  if (!Number.isInteger(ms) || ms <= 0) {
    return undefined;
  }
  const durables = (env.EVENT_CONSUMER_DELAY_DURABLES ?? '')
    .split(',')
    .map((d) => d.trim())
    .filter(Boolean);
  return durables.length === 0 || durables.includes(durable) ? ms : undefined;
}
