import { Inject, Injectable } from '@nestjs/common';
import { getDataSourceToken } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import type { Actor, AuditEntryData } from '#contracts';
import { OutboxWriter } from '#messaging';
import type { ReferralEntity } from './referral.entity.js';

/** Who acts, and the correlation id their change and its audit entry carry. */
export interface ChangeContext {
  actor: Actor;
  correlationId: string;
}

/** The referrals service's audit entries, appended to the outbox in the caller's transaction. */
@Injectable()
export class ReferralAudit {
  constructor(
    @Inject(getDataSourceToken()) private readonly dataSource: DataSource,
    private readonly outbox: OutboxWriter,
  ) {}

  async record(
    manager: EntityManager,
    context: ChangeContext,
    referral: ReferralEntity,
    action: string,
    extra: Partial<AuditEntryData> = {},
    detail?: AuditEntryData['detail'],
  ): Promise<void> {
    await this.outbox.append(
      manager,
      'events.audit.entry.recorded',
      {
        action,
        outcome: 'granted',
        targetType: 'referral',
        targetId: referral.id,
        organisationId: context.actor.organisationId,
        clientId: referral.clientId,
        sourceService: 'referrals',
        ...extra,
        ...(detail ? { detail } : {}),
      },
      context,
    );
  }

  /** A reply that carries the shared data is a disclosure read: the disclosure log names it. */
  sharedDataRead(manager: EntityManager, context: ChangeContext, referral: ReferralEntity): Promise<void> {
    return this.record(manager, context, referral, 'referral.shared_data.read', {
      consentId: referral.consentId,
      recipientOrganisationId: context.actor.organisationId,
    });
  }

  /** Someone asked for a referral that exists but is not theirs: worth a line in the audit log. */
  async refusal(context: ChangeContext, referralId: string, found: ReferralEntity | null): Promise<void> {
    if (!found) {
      return;
    }
    await this.dataSource.transaction((manager) =>
      this.outbox.append(
        manager,
        'events.audit.entry.recorded',
        {
          action: 'referral.read',
          outcome: 'refused',
          targetType: 'referral',
          targetId: referralId,
          organisationId: context.actor.organisationId,
          sourceService: 'referrals',
          detail: { code: 'RESOURCE.NOT_FOUND' },
        },
        context,
      ),
    );
  }
}
