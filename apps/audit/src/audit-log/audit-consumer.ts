import {
  Inject,
  Injectable,
  Logger,
  type BeforeApplicationShutdown,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { jetstreamManager } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/nats-core';
import type { DataSource } from 'typeorm';
import type { CommonConfig } from '#config';
import { createMessagingMetrics, ensureStreams, EventConsumer } from '#messaging';
import { MetricsService } from '#observability';
import { eventSubjects, NATS_CONNECTION, SERVICE_CONFIG } from '#service-core';
import { AuditLogService } from './audit-log.service.js';

/** The durable name: also the inbox's consumer column, so a redelivered event is stored once. */
export const AUDIT_CONSUMER_DURABLE = 'audit-log';

/** Every service's audit events, from the durable JetStream consumer into the hash-chained log. */
@Injectable()
export class AuditConsumer implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private consumer: EventConsumer | null = null;

  constructor(
    @Inject(SERVICE_CONFIG) private readonly config: CommonConfig,
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(NATS_CONNECTION) private readonly nats: NatsConnection,
    private readonly metrics: MetricsService,
    private readonly audit: AuditLogService,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const subjects = eventSubjects(this.config);
    // The outbox publisher ensures the streams too; whichever boots first creates them.
    await ensureStreams(await jetstreamManager(this.nats), {
      eventsStream: this.config.eventsStream,
      deadLetterStream: this.config.deadLetterStream,
      subjectPrefix: subjects.events,
      deadLetterSubjectPrefix: subjects.deadLetters,
    });
    this.consumer = new EventConsumer({
      nc: this.nats,
      dataSource: this.dataSource,
      stream: this.config.eventsStream,
      durable: AUDIT_CONSUMER_DURABLE,
      subjectPrefix: subjects.events,
      deadLetterSubjectPrefix: subjects.deadLetters,
      logger: new Logger(`EventConsumer:${AUDIT_CONSUMER_DURABLE}`),
      metrics: createMessagingMetrics(this.metrics.registry),
      handlers: {
        'events.audit.entry.recorded': (event, manager) => this.audit.recordEvent(event, manager),
      },
    });
    await this.consumer.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.consumer?.stop();
  }
}
