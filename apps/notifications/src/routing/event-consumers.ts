import { Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import type { EventHandler } from '#messaging';
import { ServiceEventConsumers } from '#service-core';
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
export class NotificationEventConsumers implements OnApplicationBootstrap {
  constructor(
    private readonly consumers: ServiceEventConsumers,
    private readonly router: EventRouter,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const handler: EventHandler<RoutedEvent> = (event, manager) => this.router.route(event, manager);
    await this.consumers.start(
      Object.fromEntries(ROUTED_EVENTS.map((type) => [durableNameOf(type), { [type]: handler }])),
      // Up to 20 events in one transaction, an event waiting up to 20 ms for others: one commit and
      // one question per organisation's recipients for them all (unnoticed in an e-mail or a bell).
      { batchSize: 20, transactionBatch: 20, batchLingerMs: 20 },
    );
  }
}
