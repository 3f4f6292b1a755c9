import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { ActorContext, AuditEntryData, ErrorCode } from '#contracts';
import type { NewEvent } from '#messaging';
import { AuditRecorder, type AuditEntry } from '#service-core';
import { retryOnDeadlock } from './deadlock-retry.js';
import type { ReferralEntity } from './referral.entity.js';

/** The referrals service's audit entries, through the one AuditRecorder, in the caller's transaction. */
@Injectable()
export class ReferralAudit {
  constructor(private readonly recorder: AuditRecorder) {}

  async record(
    manager: EntityManager,
    context: ActorContext,
    referral: ReferralEntity,
    action: string,
    extra: Partial<AuditEntryData> = {},
    detail?: AuditEntryData['detail'],
  ): Promise<void> {
    await this.recorder.record(manager, context, this.entry(referral, action, extra, detail));
  }

  private entry(
    referral: ReferralEntity,
    action: string,
    extra: Partial<AuditEntryData>,
    detail: AuditEntryData['detail'] | undefined,
  ): AuditEntry {
    return {
      action,
      targetType: 'referral',
      targetId: referral.id,
      clientId: referral.clientId,
      ...extra,
      ...(detail ? { detail } : {}),
    };
  }

  /** The entry and the change's own events, in one statement. */
  async recordWith(
    manager: EntityManager,
    context: ActorContext,
    referral: ReferralEntity,
    entry: { action: string; extra?: Partial<AuditEntryData>; detail?: AuditEntryData['detail'] },
    events: NewEvent[],
  ): Promise<void> {
    await this.recorder.recordWith(
      manager,
      context,
      this.entry(referral, entry.action, entry.extra ?? {}, entry.detail),
      events,
    );
  }

  /** A reply that carries the shared data is a disclosure read: the disclosure log names it. */
  sharedDataRead(manager: EntityManager, context: ActorContext, referral: ReferralEntity): Promise<void> {
    return this.record(manager, context, referral, 'referral.shared_data.read', {
      consentId: referral.consentId,
      recipientOrganisationId: context.actor.organisationId,
    });
  }

  /**
   * Someone asked for a referral that exists but is not theirs (or for a step that is not theirs):
   * one `refused` entry naming the action asked for and the code, in a transaction of its own.
   */
  async refusal(
    context: ActorContext,
    action: string,
    referralId: string,
    found: ReferralEntity | null,
    code: ErrorCode = 'RESOURCE.NOT_FOUND',
  ): Promise<void> {
    if (!found) {
      return;
    }
    await retryOnDeadlock(() =>
      this.recorder.recordRefusal(context, { action, targetType: 'referral', targetId: referralId, code }),
    );
  }
}
