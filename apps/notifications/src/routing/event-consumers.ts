import {
  Inject,
  Injectable,
  type BeforeApplicationShutdown,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { NatsConnection } from '@nats-io/nats-core';
import type { DataSource } from 'typeorm';
import type { EventConsumer, EventHandler } from '#messaging';
import { MetricsService } from '#observability';
import { NATS_CONNECTION, startEventConsumers, stopEventConsumers } from '#service-core';
import { NOTIFICATIONS_CONFIG, type NotificationsConfig } from '../config.js';
import { EventRouter } from './event-router.service.js';
import { ROUTED_EVENTS, type RoutedEvent } from './recipient-plan.js';

/** `events.referrals.referral.sent` → `notifications_referrals_referral_sent`: also the inbox's consumer. */
export function durableNameOf(type: RoutedEvent): string {
  return `notifications_${type.slice('events.'.length).replace(/\./g, '_')}`;
}

/**
 * One durable JetStream consumer per routed event type: nats-server 2.9 allows one filter subject
 * per consumer. Each applies its event once (inbox) and retries, then dead-letters, on failure.
 */
@Injectable()
export class NotificationEventConsumers implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private consumers: EventConsumer[] = [];

  constructor(
    @Inject(NOTIFICATIONS_CONFIG) private readonly config: NotificationsConfig,
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(NATS_CONNECTION) private readonly nats: NatsConnection,
    private readonly metrics: MetricsService,
    private readonly router: EventRouter,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const handler: EventHandler<RoutedEvent> = (event, manager) => this.router.route(event, manager);
    this.consumers = await startEventConsumers(
      { config: this.config, dataSource: this.dataSource, nats: this.nats, metrics: this.metrics },
      Object.fromEntries(ROUTED_EVENTS.map((type) => [durableNameOf(type), { [type]: handler }])),
      { batchSize: 20, transactionBatch: 20 },
    );
  }

  async beforeApplicationShutdown(): Promise<void> {
    await stopEventConsumers(this.consumers);
    this.consumers = [];
  }
}
