import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { ActorContext } from '#contracts';
import { OutboxWriter, type NewEvent } from '#messaging';
import { ERASED_VALUE } from '#database';
import { FieldCipher, referralFields } from '../crypto/field-cipher.js';
import { ReferralAudit } from './referral-audit.js';
import type { ReferralEntity } from './referral.entity.js';
import { ReferralRepository } from './referral.repository.js';
import { isOpen, type PlannedTransition } from './referral-state-machine.js';

/** The ids every referral event names (both organisations, the sender and the assignee). */
export function eventParties(referral: ReferralEntity) {
  return {
    referralId: referral.id,
    sendingOrganisationId: referral.sendingOrganisationId,
    receivingOrganisationId: referral.receivingOrganisationId ?? referral.sendingOrganisationId,
    senderUserId: referral.senderUserId,
    assigneeUserId: referral.assigneeId,
  };
}

/** The ids of an event only the sending organisation hears of (a draft, a logged referral). */
export function senderEventParties(referral: ReferralEntity) {
  return {
    referralId: referral.id,
    sendingOrganisationId: referral.sendingOrganisationId,
    senderUserId: referral.senderUserId,
  };
}

/** The row after the move: its status, codes and the times it was first received and closed. */
function moveRow(referral: ReferralEntity, plan: PlannedTransition, now: Date): void {
  referral.status = plan.to;
  referral.version += 1;
  referral.updatedAt = now;
  if (plan.reasonCode !== null || plan.outcomeCode !== null || !isOpen(plan.to)) {
    referral.statusReasonCode = plan.reasonCode;
    referral.outcomeCode = plan.outcomeCode;
  } else {
    referral.statusReasonCode = null;
  }
  if (plan.to === 'received') {
    referral.receivedAt ??= now;
  }
  if (!isOpen(plan.to)) {
    referral.closedAt ??= now;
  }
}

/**
 * The changes of a locked referral inside the caller's transaction: the row, its history, the domain
 * event and the audit entry commit together. The user actions, the consent follow-through and the
 * response-promise job all change referrals through here.
 */
@Injectable()
export class ReferralChanges {
  constructor(
    private readonly referrals: ReferralRepository,
    private readonly outbox: OutboxWriter,
    private readonly cipher: FieldCipher,
    private readonly audit: ReferralAudit,
  ) {}

  /** Changes the status: the row, one history entry, the domain event and the audit entry. */
  async apply(
    manager: EntityManager,
    referral: ReferralEntity,
    plan: PlannedTransition,
    texts: { reasonText?: string; note?: string },
    context: ActorContext,
  ): Promise<void> {
    const now = new Date();
    const from = referral.status;
    moveRow(referral, plan, now);
    await this.referrals.save(manager, referral);
    const entryId = randomUUID();
    await this.referrals.appendHistory(manager, {
      id: entryId,
      referralId: referral.id,
      fromStatus: from,
      toStatus: plan.to,
      party: plan.party,
      actorUserId: plan.party === 'system' ? null : context.actor.userId,
      actorOrganisationId: plan.party === 'system' ? null : context.actor.organisationId,
      reasonCode: plan.reasonCode,
      reasonTextEncrypted: texts.reasonText
        ? this.cipher.encrypt(texts.reasonText, referralFields.historyReasonText(entryId))
        : null,
      outcomeCode: plan.outcomeCode,
      noteEncrypted: texts.note ? this.cipher.encrypt(texts.note, referralFields.historyNote(entryId)) : null,
      at: now,
    });
    if (plan.to === 'requested') {
      await this.emitSent(manager, referral, context);
      return;
    }
    const change = {
      from,
      to: plan.to,
      reasonCode: plan.reasonCode,
      outcomeCode: plan.outcomeCode,
      actorUserId: plan.party === 'system' ? null : context.actor.userId,
    };
    const event: NewEvent =
      referral.kind === 'platform' && from !== 'draft'
        ? {
            type: 'events.referrals.referral.status_changed',
            data: { ...eventParties(referral), ...change },
          }
        : {
            type: 'events.referrals.referral.sender_status_changed',
            data: { ...senderEventParties(referral), ...change },
          };
    await this.audit.recordWith(
      manager,
      context,
      referral,
      {
        action: 'referral.status_changed',
        detail: {
          from,
          to: plan.to,
          reasonCode: plan.reasonCode,
          outcomeCode: plan.outcomeCode,
          party: plan.party,
        },
      },
      [event],
    );
  }

  /** The referral is on its way to the receiving organisation: the event and the audit entry naming the consent. */
  async emitSent(manager: EntityManager, referral: ReferralEntity, context: ActorContext): Promise<void> {
    const sent: NewEvent = {
      type: 'events.referrals.referral.sent',
      data: {
        ...eventParties(referral),
        need: referral.need,
        urgency: referral.urgency,
        serviceId: referral.serviceId,
        dueAt: referral.dueAt?.toISOString() ?? null,
      },
    };
    await this.audit.recordWith(
      manager,
      context,
      referral,
      {
        action: 'referral.sent',
        extra: { consentId: referral.consentId, recipientOrganisationId: referral.receivingOrganisationId },
      },
      [sent],
    );
  }

  /**
   * The referral rests on another consent from now on (the one it rested on was superseded): the
   * row (version + 1) and one audit entry naming both consents. The status and the history stay.
   */
  async moveToConsent(
    manager: EntityManager,
    referral: ReferralEntity,
    to: { consentId: string; consentVersion: number },
    fromConsentId: string,
    context: ActorContext,
  ): Promise<void> {
    referral.consentId = to.consentId;
    referral.consentVersion = to.consentVersion;
    referral.version += 1;
    referral.updatedAt = new Date();
    await this.referrals.save(manager, referral);
    await this.audit.record(
      manager,
      context,
      referral,
      'referral.consent.moved',
      {}, // Not a disclosure: no data left again, so no consent and recipient for the disclosure log.
      { fromConsentId, toConsentId: to.consentId, toConsentVersion: to.consentVersion },
    );
  }

  /** The receiving organisation's copy of the shared data is removed; the history and the disclosure log stay. */
  async redact(
    manager: EntityManager,
    referral: ReferralEntity,
    reasonCode: string,
    context: ActorContext,
    erase: boolean,
  ): Promise<void> {
    referral.sharedDataEncrypted = null;
    referral.redactedAt ??= new Date();
    referral.redactionReason = reasonCode;
    if (erase) {
      // Overwritten, not only hidden: no ciphertext of the client's texts stays behind.
      referral.reasonEncrypted = ERASED_VALUE;
      await this.referrals.redactMessages(manager, referral.id, ERASED_VALUE);
      await this.referrals.eraseHistoryTexts(manager, referral.id);
    }
    referral.version += 1;
    referral.updatedAt = new Date();
    await this.referrals.save(manager, referral);
    if (referral.kind === 'platform' && referral.sentAt !== null) {
      await this.outbox.append(
        manager,
        'events.referrals.referral.redacted',
        { ...eventParties(referral), reasonCode },
        context,
      );
    }
    await this.audit.record(manager, context, referral, 'referral.shared_data.redacted', {}, { reasonCode });
  }
}
