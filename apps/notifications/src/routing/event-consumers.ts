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
import {
  createMessagingMetrics,
  ensureStreams,
  EventConsumer,
  type EventHandler,
  type EventHandlers,
} from '#messaging';
import { MetricsService } from '#observability';
import { eventSubjects, NATS_CONNECTION } from '#service-core';
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
    const subjects = eventSubjects(this.config);
    // The outbox publisher ensures the streams too; whichever boots first creates them.
    await ensureStreams(await jetstreamManager(this.nats), {
      eventsStream: this.config.eventsStream,
      deadLetterStream: this.config.deadLetterStream,
      subjectPrefix: subjects.events,
      deadLetterSubjectPrefix: subjects.deadLetters,
    });
    const metrics = createMessagingMetrics(this.metrics.registry);
    for (const type of ROUTED_EVENTS) {
      const durable = durableNameOf(type);
      const handler: EventHandler<RoutedEvent> = (event, manager) => this.router.route(event, manager);
      const handlers = { [type]: handler } as EventHandlers;
      const consumer = new EventConsumer({
        nc: this.nats,
        dataSource: this.dataSource,
        stream: this.config.eventsStream,
        durable,
        subjectPrefix: subjects.events,
        deadLetterSubjectPrefix: subjects.deadLetters,
        logger: new Logger(`EventConsumer:${durable}`),
        metrics,
        handlers,
      });
      await consumer.start();
      this.consumers.push(consumer);
    }
  }

  async beforeApplicationShutdown(): Promise<void> {
    await Promise.all(this.consumers.map((consumer) => consumer.stop()));
    this.consumers = [];
  }
}
