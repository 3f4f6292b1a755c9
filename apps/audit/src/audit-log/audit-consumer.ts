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
import type { AuditSource } from '#contracts';
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
          // The subject names the service that published the entry (only it may, by the NATS
          // permissions): that is its source, whatever the entry itself says.
          'events.audit.entry.recorded': (event, manager, origin) =>
            this.audit.recordEvent(
              origin.source
                ? { ...event, data: { ...event.data, sourceService: origin.source as AuditSource } }
                : event,
              manager,
            ),
        },
      },
      // Under load, many entries per transaction: one commit (and one head read under the chain's
      // lock) for a whole batch instead of one each.
      { batchSize: 100, transactionBatch: 100 },
    );
  }

  async beforeApplicationShutdown(): Promise<void> {
    await stopEventConsumers(this.consumers);
    this.consumers = [];
  }
}
