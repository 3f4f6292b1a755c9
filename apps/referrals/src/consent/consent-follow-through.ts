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
import type { DataSource, EntityManager } from 'typeorm';
import { SYSTEM_ACTOR } from '#contracts';
import { createMessagingMetrics, ensureStreams, EventConsumer, type EventHandlers } from '#messaging';
import { MetricsService } from '#observability';
import { eventSubjects, NATS_CONNECTION } from '#service-core';
import type { ReferralsConfig } from '../config.js';
import { ReferralRepository } from '../referral/referral.repository.js';
import { isOpen, planTransition } from '../referral/referral-state-machine.js';
import { REFERRALS_CONFIG, ReferralsService } from '../referral/referrals.service.js';

export type ConsentEnd = 'consent_withdrawn' | 'consent_expired' | 'client_erased';

/**
 * Consent follows through: when a consent is withdrawn or expires, or the client is erased, every
 * open referral resting on it is cancelled (`consent_withdrawn`) and the receiving organisation's
 * copy of the shared data is redacted. Earlier disclosures stay in the history and the audit log.
 */
@Injectable()
export class ConsentFollowThrough {
  constructor(
    private readonly referrals: ReferralRepository,
    private readonly service: ReferralsService,
  ) {}

  async apply(
    manager: EntityManager,
    by: { consentId: string } | { clientId: string },
    end: ConsentEnd,
    correlationId: string,
  ): Promise<number> {
    const context = { actor: SYSTEM_ACTOR, correlationId };
    const resting = await this.referrals.lockResting(manager, by);
    let changed = 0;
    for (const referral of resting) {
      const erase = end === 'client_erased';
      let touched = false;
      if (isOpen(referral.status)) {
        const plan = planTransition({
          from: referral.status,
          to: 'cancelled',
          party: 'system',
          reasonCode: 'consent_withdrawn',
        });
        await this.service.apply(manager, referral, plan, {}, context);
        touched = true;
      }
      if (referral.sharedDataEncrypted !== null || (erase && referral.redactionReason !== 'client_erased')) {
        await this.service.redact(manager, referral, end, context, erase);
        touched = true;
      }
      changed += touched ? 1 : 0;
    }
    return changed;
  }
}

/** One durable consumer per event type: nats-server 2.9 allows one filter subject per consumer. */
@Injectable()
export class ConsentEventConsumers implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('ConsentEventConsumers');
  private consumers: EventConsumer[] = [];

  constructor(
    @Inject(REFERRALS_CONFIG) private readonly config: ReferralsConfig,
    @Inject(getDataSourceToken()) private readonly dataSource: DataSource,
    @Inject(NATS_CONNECTION) private readonly nats: NatsConnection,
    private readonly metrics: MetricsService,
    private readonly followThrough: ConsentFollowThrough,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const subjects = eventSubjects(this.config);
    await ensureStreams(await jetstreamManager(this.nats), {
      eventsStream: this.config.eventsStream,
      deadLetterStream: this.config.deadLetterStream,
      subjectPrefix: subjects.events,
      deadLetterSubjectPrefix: subjects.deadLetters,
    });
    const handlers: Record<string, EventHandlers> = {
      referrals_consent_withdrawn: {
        'events.clients.consent.withdrawn': async (event, manager) => {
          await this.followThrough.apply(
            manager,
            { consentId: event.data.consentId },
            event.data.reason === 'client_erased' ? 'client_erased' : 'consent_withdrawn',
            event.correlationId,
          );
        },
      },
      referrals_consent_expired: {
        'events.clients.consent.expired': async (event, manager) => {
          await this.followThrough.apply(
            manager,
            { consentId: event.data.consentId },
            'consent_expired',
            event.correlationId,
          );
        },
      },
      referrals_client_erased: {
        'events.clients.client.erased': async (event, manager) => {
          await this.followThrough.apply(
            manager,
            { clientId: event.data.clientId },
            'client_erased',
            event.correlationId,
          );
        },
      },
    };
    const metrics = createMessagingMetrics(this.metrics.registry);
    this.consumers = Object.entries(handlers).map(
      ([durable, eventHandlers]) =>
        new EventConsumer({
          nc: this.nats,
          dataSource: this.dataSource,
          stream: this.config.eventsStream,
          durable,
          handlers: eventHandlers,
          subjectPrefix: subjects.events,
          deadLetterSubjectPrefix: subjects.deadLetters,
          logger: new Logger(`EventConsumer:${durable}`),
          metrics,
        }),
    );
    for (const consumer of this.consumers) {
      await consumer.start();
    }
    this.logger.log(`consuming ${this.consumers.map((consumer) => consumer.name).join(', ')}`);
  }

  async beforeApplicationShutdown(): Promise<void> {
    await Promise.all(this.consumers.map((consumer) => consumer.stop()));
    this.consumers = [];
  }
}
