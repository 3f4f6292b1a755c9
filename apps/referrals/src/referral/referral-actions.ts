import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { getDataSourceToken } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import {
  AppError,
  type Actor,
  type AssignReferralPayload,
  type PostMessagePayload,
  type ReferralMessageView,
  type ReferralMinimalView,
  type ReferralView,
  type TransitionReferralPayload,
  type ActorContext,
} from '#contracts';
import { OutboxWriter, ServiceClient } from '#messaging';
import { replyWithin } from '#service-core';
import { FieldCipher, referralFields } from '../crypto/field-cipher.js';
import { userTransaction } from './deadlock-retry.js';
import { checkVersion, partyOf, referralNotFound, toMinimalView } from './referral-access.js';
import { ReferralAudit } from './referral-audit.js';
import { eventParties, ReferralChanges } from './referral-changes.js';
import type { ReferralMessageEntity } from './referral.entity.js';
import { toMessageView } from './referral.mapper.js';
import { ReferralReads } from './referral-reads.js';
import { ReferralRepository } from './referral.repository.js';
import { ReferralSending } from './referral-sending.js';
import { isOpen, planTransition } from './referral-state-machine.js';

/** What the parties do to a referral after it exists: its transitions, its assignee, its messages. */
@Injectable()
export class ReferralActions {
  constructor(
    @Inject(getDataSourceToken()) private readonly dataSource: DataSource,
    private readonly referrals: ReferralRepository,
    private readonly outbox: OutboxWriter,
    private readonly peers: ServiceClient,
    private readonly cipher: FieldCipher,
    private readonly audit: ReferralAudit,
    private readonly changes: ReferralChanges,
    private readonly reads: ReferralReads,
    private readonly sending: ReferralSending,
  ) {}

  async transition(
    actor: Actor,
    data: TransitionReferralPayload,
    correlationId: string,
  ): Promise<ReferralView | ReferralMinimalView> {
    const context = { actor, correlationId };
    const seen = await this.referrals.findById(this.dataSource.manager, data.referralId);
    const party = seen ? partyOf(actor, seen) : null;
    if (!seen || party === null) {
      await this.audit.refusal(context, 'referral.transition', data.referralId, seen);
      throw referralNotFound();
    }
    if (data.expectedVersion === undefined) {
      throw new AppError(
        'RESOURCE.PRECONDITION_REQUIRED',
        'A transition needs If-Match with the version last read',
        { header: 'If-Match', currentVersion: party === 'admin' ? undefined : seen.version },
      );
    }
    checkVersion(seen, data.expectedVersion);
    const plan = planTransition({
      from: seen.status,
      to: data.to,
      party,
      logged: seen.kind === 'logged',
      reasonCode: data.reasonCode,
      reasonText: data.reasonText,
      outcomeCode: data.outcomeCode,
    });
    const now = new Date();
    if (plan.to === 'requested') {
      await this.sending.prepareSending(seen, now, context);
    }
    return userTransaction(this.dataSource, async (manager) => {
      const referral = await this.referrals.lockById(manager, data.referralId);
      if (!referral) {
        throw referralNotFound();
      }
      // Changed since the checks above (another request won the race): the caller must look again.
      checkVersion(referral, seen.version);
      if (plan.to === 'requested') {
        Object.assign(referral, {
          consentId: seen.consentId,
          consentVersion: seen.consentVersion,
          sharedDataEncrypted: seen.sharedDataEncrypted,
          sentAt: seen.sentAt,
          listedAt: seen.listedAt,
          dueAt: seen.dueAt,
          expiresAt: seen.expiresAt,
        });
      }
      await this.changes.apply(
        manager,
        referral,
        plan,
        { reasonText: data.reasonText, note: data.note },
        context,
      );
      // The reply commits with the change: a retry after a crash gets it (idempotency keys).
      if (party === 'admin') {
        // An administrator corrects the record; it reads nothing of it (product.md, "Who uses it").
        return replyWithin(manager, toMinimalView(referral));
      }
      const withSharedData = referral.sharedDataEncrypted !== null;
      if (withSharedData && plan.to !== 'requested') {
        await this.audit.sharedDataRead(manager, context, referral);
      }
      return replyWithin(manager, await this.reads.view(manager, referral, now, withSharedData, party));
    });
  }

  async assign(actor: Actor, data: AssignReferralPayload, correlationId: string): Promise<ReferralView> {
    const context = { actor, correlationId };
    const seen = await this.referrals.findById(this.dataSource.manager, data.referralId);
    const seenParty = seen ? partyOf(actor, seen) : null;
    if (!seen || seenParty === null || seenParty === 'admin') {
      await this.audit.refusal(context, 'referral.assign', data.referralId, seen);
      throw referralNotFound();
    }
    if (seenParty !== 'receiver') {
      await this.audit.refusal(context, 'referral.assign', data.referralId, seen, 'AUTH.FORBIDDEN');
      throw new AppError('AUTH.FORBIDDEN', 'Only the receiving organisation assigns a referral');
    }
    if (
      seen.receivingOrganisationId &&
      data.assigneeId !== null &&
      isOpen(seen.status) &&
      (data.expectedVersion === undefined || data.expectedVersion === seen.version)
    ) {
      // Asked before the row is locked (no remote call under a lock; the receiving organisation never
      // changes); the other refusals (404, 403, 412, closed) come first, from the transaction.
      await this.requireMember(seen.receivingOrganisationId, data.assigneeId, context);
    }
    return userTransaction(this.dataSource, async (manager) => {
      const referral = await this.referrals.lockById(manager, data.referralId);
      const party = referral ? partyOf(actor, referral) : null;
      if (!referral || party === null || party === 'admin') {
        throw referralNotFound();
      }
      if (party !== 'receiver') {
        throw new AppError('AUTH.FORBIDDEN', 'Only the receiving organisation assigns a referral');
      }
      checkVersion(referral, data.expectedVersion);
      if (!isOpen(referral.status)) {
        throw new AppError(
          'RULE.VIOLATED',
          `A ${referral.status} referral is closed and cannot be assigned`,
          {
            status: referral.status,
          },
        );
      }
      referral.assigneeId = data.assigneeId;
      referral.version += 1;
      referral.updatedAt = new Date();
      await this.referrals.save(manager, referral);
      await this.outbox.append(
        manager,
        'events.referrals.referral.assigned',
        eventParties(referral),
        context,
      );
      await this.audit.record(
        manager,
        context,
        referral,
        'referral.assigned',
        {},
        { assigned: data.assigneeId !== null },
      );
      // The reply carries the shared data: a read like GET, and audited as one. It commits with the change.
      return replyWithin(manager, await this.reads.auditedView(manager, context, referral, party));
    });
  }

  async postMessage(
    actor: Actor,
    data: PostMessagePayload,
    correlationId: string,
  ): Promise<ReferralMessageView> {
    const context = { actor, correlationId };
    const { referral } = await this.reads.findVisible(
      actor,
      'referral.message.post',
      data.referralId,
      context,
    );
    if (referral.kind !== 'platform' || referral.sentAt === null) {
      throw new AppError('RULE.VIOLATED', 'Messages go between two organisations of a sent referral');
    }
    if (referral.redactedAt !== null) {
      // The consent ended: nothing more about the client goes to the receiving organisation.
      throw new AppError('RULE.VIOLATED', 'The client’s consent has ended; the thread is closed', {
        reason: 'redacted',
      });
    }
    const authorOrganisationId = actor.organisationId;
    if (!authorOrganisationId) {
      throw referralNotFound();
    }
    const messageId = randomUUID();
    const message: ReferralMessageEntity = {
      id: messageId,
      referralId: referral.id,
      authorUserId: actor.userId,
      authorUsername: actor.username,
      authorName: actor.name ?? null,
      authorOrganisationId,
      bodyEncrypted: this.cipher.encrypt(data.body, referralFields.messageBody(messageId)),
      // Millisecond precision: the thread's keyset cursor is a JavaScript time.
      createdAt: new Date(),
    };
    const reply = toMessageView(message, this.cipher);
    return userTransaction(this.dataSource, async (manager) => {
      await this.referrals.insertMessage(manager, message);
      await this.outbox.append(
        manager,
        'events.referrals.message.posted',
        {
          ...eventParties(referral),
          messageId: message.id,
          authorUserId: message.authorUserId,
          authorOrganisationId: message.authorOrganisationId,
        },
        context,
      );
      await this.audit.record(manager, context, referral, 'referral.message.posted');
      return replyWithin(manager, reply);
    });
  }

  /**
   * Only an active member of the receiving organisation who is a person takes a referral (not a
   * partner system's service account): 422 otherwise.
   */
  private async requireMember(organisationId: string, userId: string, context: ActorContext): Promise<void> {
    const { member, kind } = await this.peers.request(
      'partners.membership.check',
      { organisationId, userId },
      context,
    );
    if (!member) {
      throw new AppError(
        'RULE.VIOLATED',
        'The assignee is not an active member of the receiving organisation',
        {
          field: 'assigneeId',
          reason: 'not_a_member',
        },
      );
    }
    if (kind === 'system') {
      throw new AppError('RULE.VIOLATED', 'The assignee is a system account, not a person', {
        field: 'assigneeId',
        reason: 'system_account',
      });
    }
  }
}
