import { Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import {
  SYSTEM_ACTOR,
  type ConsentCheckReply,
  type ConsentSupersededData,
  type DataCategory,
  type ActorContext,
} from '#contracts';
import { type EventHandlers, ServiceClient } from '#messaging';
import { IdempotencyStore, ServiceEventConsumers } from '#service-core';
import type { ReferralEntity } from '../referral/referral.entity.js';
import { ReferralRepository } from '../referral/referral.repository.js';
import { isOpen, planTransition } from '../referral/referral-state-machine.js';
import { ReferralChanges } from '../referral/referral-changes.js';

export type ConsentEnd = 'consent_withdrawn' | 'consent_expired' | 'client_erased';

/**
 * Consent follows through: when a consent is withdrawn or expires, or the client is erased, every
 * open referral resting on it is cancelled (`consent_withdrawn`) and the receiving organisation's
 * copy of the shared data is redacted. When a consent is superseded, its referrals move to the
 * consent that covers them now, or end likewise. Earlier disclosures stay in the history and the
 * audit log.
 */
@Injectable()
export class ConsentFollowThrough {
  constructor(
    private readonly referrals: ReferralRepository,
    private readonly changes: ReferralChanges,
    private readonly peers: ServiceClient,
    private readonly idempotency: IdempotencyStore,
  ) {}

  async apply(
    manager: EntityManager,
    by: { consentId: string; clientId: string } | { clientId: string },
    end: ConsentEnd,
    correlationId: string,
  ): Promise<number> {
    const context = { actor: SYSTEM_ACTOR, correlationId };
    await this.lockClient(manager, by.clientId);
    const resting = await this.referrals.lockResting(manager, by);
    await this.lockCountersOf(manager, resting);
    let changed = 0;
    for (const referral of resting) {
      changed += (await this.end(manager, referral, end, context)) ? 1 : 0;
    }
    if (end === 'client_erased') {
      // Stored replies of commands (sealed, but still the client's texts): gone with the client.
      const ids = await manager.query<{ id: string }[]>(
        'SELECT "id" FROM "referrals"."referrals" WHERE "client_id" = $1',
        [by.clientId],
      );
      await this.idempotency.forgetRepliesMentioning(manager, by.clientId, ...ids.map((row) => row.id));
    }
    return changed;
  }

  /**
   * A newer consent replaced this one: each referral still resting on it (open, or holding shared
   * data) moves to the consent that now covers its receiving organisation and categories, as the
   * clients service's check answers it (normally the new one); a referral no consent covers any more
   * ends as on a withdrawal (cancelled with `consent_withdrawn`, shared data redacted).
   */
  async supersede(
    manager: EntityManager,
    event: ConsentSupersededData,
    correlationId: string,
  ): Promise<number> {
    const context = { actor: SYSTEM_ACTOR, correlationId };
    // The consent check below runs under the client's lock on purpose: a withdrawal of the new
    // consent handled before this lock was taken is then already in its answer.
    await this.lockClient(manager, event.clientId);
    const resting = await this.referrals.lockResting(manager, {
      consentId: event.consentId,
      clientId: event.clientId,
    });
    const answers = new Map<string, ConsentCheckReply>();
    const decided: { referral: ReferralEntity; answer: ConsentCheckReply }[] = [];
    for (const referral of resting) {
      if (
        referral.receivingOrganisationId === null ||
        (!isOpen(referral.status) && referral.sharedDataEncrypted === null)
      ) {
        continue; // Nothing rests on the consent any more: the referral keeps it as its history.
      }
      const request = {
        clientId: referral.clientId,
        organisationId: referral.receivingOrganisationId,
        categories: [...referral.categories].sort() as DataCategory[],
        purpose: 'referral' as const,
      };
      const key = `${request.organisationId}|${request.categories.join(',')}`;
      let answer = answers.get(key);
      if (!answer) {
        // A failure (clients unavailable) throws: the event is redelivered and nothing is changed.
        answer = await this.peers.request('clients.consent.check', request, context);
        answers.set(key, answer);
      }
      decided.push({ referral, answer });
    }
    // The shared box counters are locked only now, after the remote calls, and only for the
    // referrals that end (a move keeps the status, so it changes no counter).
    await this.lockCountersOf(
      manager,
      decided.filter(({ answer }) => !answer.allowed).map(({ referral }) => referral),
    );
    let changed = 0;
    for (const { referral, answer } of decided) {
      if (answer.allowed) {
        await this.changes.moveToConsent(manager, referral, answer, event.consentId, context);
        changed += 1;
      } else {
        changed += (await this.end(manager, referral, 'consent_withdrawn', context)) ? 1 : 0;
      }
    }
    return changed;
  }

  /** Cancels the referral if open and redacts its shared data; false when there was nothing left to do. */
  private async end(
    manager: EntityManager,
    referral: ReferralEntity,
    end: ConsentEnd,
    context: ActorContext,
  ): Promise<boolean> {
    const erase = end === 'client_erased';
    let touched = false;
    if (isOpen(referral.status)) {
      const plan = planTransition({
        from: referral.status,
        to: 'cancelled',
        party: 'system',
        reasonCode: 'consent_withdrawn',
      });
      await this.changes.apply(manager, referral, plan, {}, context);
      touched = true;
    }
    if (referral.sharedDataEncrypted !== null || (erase && referral.redactionReason !== 'client_erased')) {
      await this.changes.redact(manager, referral, end, context, erase);
      touched = true;
    }
    return touched;
  }

  /** The box counters that cancelling the open ones changes, locked up front in key order (no deadlock). */
  private lockCountersOf(manager: EntityManager, resting: ReferralEntity[]): Promise<void> {
    return this.referrals.lockCounters(
      manager,
      resting.filter((referral) => isOpen(referral.status)),
      ['cancelled'],
    );
  }

  /**
   * One consent change of a client at a time (the same lock as a referral's creation): a supersession
   * and the withdrawal of the new consent, handled by different consumers, cannot interleave so that
   * a referral moves onto a consent whose withdrawal has already been handled.
   */
  private async lockClient(manager: EntityManager, clientId: string): Promise<void> {
    await manager.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`referral-client:${clientId}`]);
  }
}

/** One durable consumer per event type: nats-server 2.9 allows one filter subject per consumer. */
@Injectable()
export class ConsentEventConsumers implements OnApplicationBootstrap {
  private readonly logger = new Logger('ConsentEventConsumers');

  constructor(
    private readonly consumers: ServiceEventConsumers,
    private readonly followThrough: ConsentFollowThrough,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const handlers: Record<string, EventHandlers> = {
      referrals_consent_withdrawn: {
        'events.clients.consent.withdrawn': async (event, manager) => {
          await this.followThrough.apply(
            manager,
            { consentId: event.data.consentId, clientId: event.data.clientId },
            event.data.reason === 'client_erased' ? 'client_erased' : 'consent_withdrawn',
            event.correlationId,
          );
        },
      },
      referrals_consent_expired: {
        'events.clients.consent.expired': async (event, manager) => {
          await this.followThrough.apply(
            manager,
            { consentId: event.data.consentId, clientId: event.data.clientId },
            'consent_expired',
            event.correlationId,
          );
        },
      },
      referrals_consent_superseded: {
        'events.clients.consent.superseded': async (event, manager) => {
          await this.followThrough.supersede(manager, event.data, event.correlationId);
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
    const names = await this.consumers.start(handlers);
    this.logger.log(`consuming ${names.join(', ')}`);
  }
}
