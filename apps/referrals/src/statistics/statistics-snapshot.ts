// The referrals as the statistics service counts them, for its rebuild from a snapshot: ids, codes
// and times only (never the reason, the history texts, messages or shared data). The system only.
import { Controller, Injectable } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import {
  AppError,
  ReferralsStatisticsSnapshotPayload,
  SYSTEM_ACTOR,
  type Actor,
  type Envelope,
  type ReferralStatisticsFact,
  type ReferralStatus,
  type ReferralsStatisticsSnapshotReply,
} from '#contracts';
import { EnvelopePayloadPipe } from '#messaging';
import { ReferralEntity } from '../referral/referral.entity.js';

const DEFAULT_LIMIT = 1000;

interface FactRow {
  id: string;
  kind: 'platform' | 'logged';
  sending_organisation_id: string;
  receiving_organisation_id: string | null;
  need: string;
  status: ReferralStatus;
  sent_at: Date;
  due_at: Date | null;
  updated_at: Date;
  status_reason_code: string | null;
  outcome_code: string | null;
  overdue: boolean;
  received_at: Date | null;
  accepted_at: Date | null;
  answered_at: Date | null;
  completed_at: Date | null;
}

const iso = (date: Date | null): string | null => date?.toISOString() ?? null;

@Injectable()
export class ReferralsStatisticsSnapshot {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async page(
    actor: Actor | null,
    after: string | undefined,
    limit = DEFAULT_LIMIT,
  ): Promise<ReferralsStatisticsSnapshotReply> {
    if (actor?.userId !== SYSTEM_ACTOR.userId) {
      throw new AppError('AUTH.FORBIDDEN', 'Only the system reads the statistics snapshot');
    }
    const schema = this.dataSource.getMetadata(ReferralEntity).schema ?? 'referrals';
    const firstAt = (statuses: string) =>
      `(SELECT min(h.at) FROM "${schema}"."referral_history" h WHERE h.referral_id = r.id AND h.to_status IN (${statuses}))`;
    const rows: FactRow[] = await this.dataSource.query(
      `SELECT r.id, r.kind, r.sending_organisation_id, r.receiving_organisation_id, r.need, r.status, r.sent_at,
              r.due_at, r.updated_at, r.status_reason_code, r.outcome_code,
              r.overdue_notified_at IS NOT NULL AS overdue,
              ${firstAt(`'received'`)} AS received_at, ${firstAt(`'accepted'`)} AS accepted_at,
              ${firstAt(`'accepted', 'rejected'`)} AS answered_at, ${firstAt(`'completed'`)} AS completed_at
         FROM "${schema}"."referrals" r
        WHERE r.sent_at IS NOT NULL AND ($1::uuid IS NULL OR r.id > $1::uuid)
        ORDER BY r.id LIMIT $2`,
      [after ?? null, limit],
    );
    const items = rows.map((row): ReferralStatisticsFact => ({
      referralId: row.id,
      kind: row.kind === 'logged' ? 'logged' : 'sent',
      sendingOrganisationId: row.sending_organisation_id,
      receivingOrganisationId: row.receiving_organisation_id,
      need: row.need,
      status: row.status,
      sentAt: row.sent_at.toISOString(),
      dueAt: iso(row.due_at),
      receivedAt: iso(row.received_at),
      acceptedAt: iso(row.accepted_at),
      answeredAt: iso(row.answered_at),
      completedAt: iso(row.completed_at),
      statusAt: row.updated_at.toISOString(),
      reasonCode: row.status_reason_code,
      outcomeCode: row.outcome_code,
      overdue: row.overdue,
    }));
    return { items, next: items.length === limit ? items[items.length - 1].referralId : null };
  }
}

@Controller()
export class ReferralsStatisticsController {
  constructor(private readonly snapshot: ReferralsStatisticsSnapshot) {}

  @MessagePattern('referrals.statistics.snapshot')
  page(
    @Payload(new EnvelopePayloadPipe(ReferralsStatisticsSnapshotPayload))
    msg: Envelope<ReferralsStatisticsSnapshotPayload>,
  ) {
    return this.snapshot.page(msg.actor, msg.data.after, msg.data.limit);
  }
}
