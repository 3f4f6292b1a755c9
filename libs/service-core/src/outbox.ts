import {
  Inject,
  Injectable,
  Logger,
  type BeforeApplicationShutdown,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { getDataSourceToken } from '@nestjs/typeorm';
import { jetstreamManager } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/nats-core';
import type { DataSource } from 'typeorm';
import type { CommonConfig } from '#config';
import { SERVICES, type ServiceName } from '#contracts';
import { createMessagingMetrics, ensureStreams, namespaced, OutboxRelay, OutboxWriter } from '#messaging';
import { MetricsService } from '#observability';
import { NATS_CONNECTION } from './nats-connection.js';

export const SERVICE_CONFIG = Symbol('SERVICE_CONFIG');

/** Where this deployment's events and dead letters live (namespaced in tests). */
export function eventSubjects(config: CommonConfig): { events: string; deadLetters: string } {
  return {
    events: namespaced(config.natsSubjectPrefix, 'events'),
    deadLetters: namespaced(config.natsSubjectPrefix, 'deadletter'),
  };
}

/** Creates or updates this deployment's events and dead-letter streams (the relay and the consumers both call it at start). */
export async function ensureEventStreams(nats: NatsConnection, config: CommonConfig): Promise<void> {
  const subjects = eventSubjects(config);
  await ensureStreams(await jetstreamManager(nats), {
    eventsStream: config.eventsStream,
    deadLetterStream: config.deadLetterStream,
    subjectPrefix: subjects.events,
    deadLetterSubjectPrefix: subjects.deadLetters,
    replicas: config.eventsStreamReplicas,
  });
}

const isServiceName = (name: string): name is ServiceName => (SERVICES as readonly string[]).includes(name);

/** The service's writer: its namespaced subjects, and its name as the source of the audit entries it records. */
export function outboxWriterFactory(config: CommonConfig): OutboxWriter {
  return new OutboxWriter({
    subjectPrefix: eventSubjects(config).events,
    sourceService: isServiceName(config.serviceName) ? config.serviceName : undefined,
  });
}

/**
 * Every service publishes its outbox: the streams are created or updated at start, and the relay
 * runs in every replica (rows are claimed with SKIP LOCKED, so replicas never publish one twice).
 */
@Injectable()
export class OutboxPublisher implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private relay: OutboxRelay | null = null;

  constructor(
    @Inject(SERVICE_CONFIG) private readonly config: CommonConfig,
    @Inject(getDataSourceToken()) private readonly dataSource: DataSource,
    @Inject(NATS_CONNECTION) private readonly nats: NatsConnection,
    private readonly metrics: MetricsService,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await ensureEventStreams(this.nats, this.config);
    this.relay = new OutboxRelay({
      dataSource: this.dataSource,
      nc: this.nats,
      name: this.config.serviceName,
      logger: new Logger(`OutboxRelay:${this.config.serviceName}`),
      metrics: createMessagingMetrics(this.metrics.registry),
    });
    this.relay.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.relay?.stop();
  }
}
