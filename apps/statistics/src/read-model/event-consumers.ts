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
import type { EventType } from '#contracts';
import type { EventConsumer, EventHandlers } from '#messaging';
import { MetricsService } from '#observability';
import { NATS_CONNECTION, SERVICE_CONFIG, startEventConsumers, stopEventConsumers } from '#service-core';
import { ReadModelWriter } from './read-model.writer.js';

/** The events the read model is built from. */
export const STATISTICS_EVENTS = [
  'events.clients.contact.recorded',
  'events.clients.group_event.recorded',
  'events.clients.participant.recorded',
  'events.referrals.referral.sent',
  'events.referrals.referral.logged',
  'events.referrals.referral.status_changed',
  'events.referrals.referral.sender_status_changed',
  'events.referrals.referral.overdue',
] as const satisfies readonly EventType[];
export type StatisticsEvent = (typeof STATISTICS_EVENTS)[number];

/** `events.clients.contact.recorded` → `statistics_clients_contact_recorded`: also the inbox's consumer. */
export function statisticsDurableOf(type: StatisticsEvent): string {
  return `statistics_${type.slice('events.'.length).replace(/\./g, '_')}`;
}

export const STATISTICS_DURABLES = STATISTICS_EVENTS.map(statisticsDurableOf);

/** One handler per event: each writes through the consumer's transaction (with its inbox row). */
export function readModelHandlers(writer: ReadModelWriter): {
  [E in StatisticsEvent]: NonNullable<EventHandlers[E]>;
} {
  return {
    'events.clients.contact.recorded': (event, manager) => writer.contact(manager, event.data),
    'events.clients.group_event.recorded': (event, manager) => writer.groupEvent(manager, event.data),
    'events.clients.participant.recorded': (event, manager) => writer.participant(manager, event.data),
    'events.referrals.referral.sent': (event, manager) =>
      writer.referralSent(manager, {
        referralId: event.data.referralId,
        kind: 'sent',
        sendingOrganisationId: event.data.sendingOrganisationId,
        receivingOrganisationId: event.data.receivingOrganisationId,
        need: event.data.need,
        sentAt: event.occurredAt,
        dueAt: event.data.dueAt ?? null,
      }),
    'events.referrals.referral.logged': (event, manager) =>
      writer.referralSent(manager, {
        referralId: event.data.referralId,
        kind: 'logged',
        sendingOrganisationId: event.data.sendingOrganisationId,
        receivingOrganisationId: null,
        need: event.data.need,
        sentAt: event.occurredAt,
        dueAt: null,
      }),
    'events.referrals.referral.status_changed': (event, manager) =>
      writer.statusChanged(manager, { ...event.data, at: event.occurredAt }),
    'events.referrals.referral.sender_status_changed': (event, manager) =>
      writer.statusChanged(manager, { ...event.data, at: event.occurredAt }),
    'events.referrals.referral.overdue': (event, manager) => writer.overdue(manager, event.data.referralId),
  };
}

/**
 * One durable consumer per event type (nats-server 2.9 allows one filter subject per consumer), each
 * applying its events once (the inbox) in the transaction that writes the read model.
 */
@Injectable()
export class StatisticsEventConsumers implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private consumers: EventConsumer[] = [];

  constructor(
    @Inject(SERVICE_CONFIG) private readonly config: CommonConfig,
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(NATS_CONNECTION) private readonly nats: NatsConnection,
    private readonly metrics: MetricsService,
    private readonly writer: ReadModelWriter,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.stop();
  }

  async start(): Promise<void> {
    const handlers = readModelHandlers(this.writer);
    this.consumers = await startEventConsumers(
      { config: this.config, dataSource: this.dataSource, nats: this.nats, metrics: this.metrics },
      Object.fromEntries(
        STATISTICS_EVENTS.map((type) => [statisticsDurableOf(type), { [type]: handlers[type] }]),
      ),
      // The figures are read by the hour, not the second: an event waits up to 100 ms for others
      // to share its transaction (one commit for many, instead of one each).
      { batchSize: 50, transactionBatch: 50, batchLingerMs: 100 },
    );
  }

  async stop(): Promise<void> {
    await stopEventConsumers(this.consumers);
    this.consumers = [];
  }
}
