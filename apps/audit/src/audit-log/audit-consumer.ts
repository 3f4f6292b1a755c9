import {
  Inject,
  Injectable,
  type BeforeApplicationShutdown,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { NatsConnection } from '@nats-io/nats-core';
import type { DataSource } from 'typeorm';
import type { CommonConfig } from '#config';
import type { EventConsumer } from '#messaging';
import { MetricsService } from '#observability';
import { NATS_CONNECTION, SERVICE_CONFIG, startEventConsumers, stopEventConsumers } from '#service-core';
import { AuditLogService } from './audit-log.service.js';

/** The durable name: also the inbox's consumer column, so a redelivered event is stored once. */
export const AUDIT_CONSUMER_DURABLE = 'audit-log';

/** Every service's audit events, from the durable JetStream consumer into the hash-chained log. */
@Injectable()
export class AuditConsumer implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private consumers: EventConsumer[] = [];

  constructor(
    @Inject(SERVICE_CONFIG) private readonly config: CommonConfig,
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(NATS_CONNECTION) private readonly nats: NatsConnection,
    private readonly metrics: MetricsService,
    private readonly audit: AuditLogService,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    this.consumers = await startEventConsumers(
      { config: this.config, dataSource: this.dataSource, nats: this.nats, metrics: this.metrics },
      {
        [AUDIT_CONSUMER_DURABLE]: {
          'events.audit.entry.recorded': (event, manager) => this.audit.recordEvent(event, manager),
        },
      },
    );
  }

  async beforeApplicationShutdown(): Promise<void> {
    await stopEventConsumers(this.consumers);
    this.consumers = [];
  }
}
