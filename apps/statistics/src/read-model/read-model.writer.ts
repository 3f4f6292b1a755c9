// Applies the domain events (and the owners' snapshot records) to the read model. Every write is an
// upsert keyed by the record's id, so applying an event twice (a redelivery, a replay, a snapshot
// taken after the event) leaves the same row; where events of one record can arrive in any order
// (a referral's, a participant's) the newer time wins.
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type {
  ContactRecordedData,
  GroupEventRecordedData,
  ParticipantRecordedData,
  ReferralStatisticsFact,
  ReferralStatus,
} from '#contracts';

export interface StatusChange {
  referralId: string;
  to: ReferralStatus;
  reasonCode: string | null;
  outcomeCode: string | null;
  at: string;
}

const FIRST_REACHED: Partial<Record<ReferralStatus, string[]>> = {
  received: ['received_at'],
  accepted: ['accepted_at', 'answered_at'],
  rejected: ['answered_at'],
  completed: ['completed_at'],
};

@Injectable()
export class ReadModelWriter {
  async contact(manager: EntityManager, data: ContactRecordedData): Promise<void> {
    await manager.query(
      `INSERT INTO "statistics"."contacts" (id, organisation_id, date, channel, topics, language, interpreter, duration, kind)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT (id) DO NOTHING`,
      [
        data.contactId,
        data.organisationId,
        data.date,
        data.channel,
        data.topics,
        data.language,
        data.interpreter,
        data.duration,
        data.kind,
      ],
    );
  }

  async groupEvent(manager: EntityManager, data: GroupEventRecordedData): Promise<void> {
    await manager.query(
      `INSERT INTO "statistics"."group_events" (id, organisation_id, date, topics, attendance, language)
       VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (id) DO NOTHING`,
      [data.groupEventId, data.organisationId, data.date, data.topics, data.attendance, data.language],
    );
  }

  async participant(manager: EntityManager, data: ParticipantRecordedData): Promise<void> {
    await manager.query(
      `INSERT INTO "statistics"."participants" AS p (client_id, organisation_id, entry_date, age_band, gender,
         municipality, labour_market_status, education, result_at_exit, recorded_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
       ON CONFLICT (client_id) DO UPDATE SET organisation_id = EXCLUDED.organisation_id,
         entry_date = EXCLUDED.entry_date, age_band = EXCLUDED.age_band, gender = EXCLUDED.gender,
         municipality = EXCLUDED.municipality, labour_market_status = EXCLUDED.labour_market_status,
         education = EXCLUDED.education, result_at_exit = EXCLUDED.result_at_exit, recorded_at = EXCLUDED.recorded_at
       WHERE p.recorded_at <= EXCLUDED.recorded_at`,
      [
        data.clientId,
        data.organisationId,
        data.entryDate,
        data.ageBand,
        data.gender,
        data.municipality,
        data.esf.labourMarketStatusAtEntry,
        data.esf.educationAtEntry,
        data.esf.resultAtExit,
        data.recordedAt,
      ],
    );
  }

  /** `sent` or `logged`: who, what and when (the status, if no later change has arrived yet). */
  async referralSent(
    manager: EntityManager,
    sent: {
      referralId: string;
      kind: 'sent' | 'logged';
      sendingOrganisationId: string;
      receivingOrganisationId: string | null;
      need: string;
      sentAt: string;
      dueAt: string | null;
    },
  ): Promise<void> {
    await manager.query(
      `INSERT INTO "statistics"."referrals" AS r (id, kind, sending_organisation_id, receiving_organisation_id, need,
         sent_at, due_at, status, status_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, 'requested', $6)
       ON CONFLICT (id) DO UPDATE SET kind = EXCLUDED.kind,
         sending_organisation_id = EXCLUDED.sending_organisation_id,
         receiving_organisation_id = EXCLUDED.receiving_organisation_id, need = EXCLUDED.need,
         sent_at = EXCLUDED.sent_at, due_at = EXCLUDED.due_at,
         status = CASE WHEN r.status_at IS NULL OR r.status_at < EXCLUDED.status_at THEN 'requested' ELSE r.status END,
         status_at = GREATEST(r.status_at, EXCLUDED.status_at)`,
      [
        sent.referralId,
        sent.kind,
        sent.sendingOrganisationId,
        sent.receivingOrganisationId,
        sent.need,
        sent.sentAt,
        sent.dueAt,
      ],
    );
  }

  /** A status change: the current status if it is the newest, and the first time each step was reached. */
  async statusChanged(manager: EntityManager, change: StatusChange): Promise<void> {
    const steps = FIRST_REACHED[change.to] ?? [];
    const firsts = steps.map((column) => `${column} = LEAST(r.${column}, EXCLUDED.status_at)`).join(', ');
    await manager.query(
      `INSERT INTO "statistics"."referrals" AS r (id, status, status_at, reason_code, outcome_code
         ${steps.map((column) => `, ${column}`).join('')})
       VALUES ($1, $2, $3, $4, $5 ${steps.map(() => ', $3').join('')})
       ON CONFLICT (id) DO UPDATE SET
         status = CASE WHEN r.status_at IS NULL OR r.status_at <= EXCLUDED.status_at THEN EXCLUDED.status ELSE r.status END,
         reason_code = CASE WHEN r.status_at IS NULL OR r.status_at <= EXCLUDED.status_at THEN EXCLUDED.reason_code ELSE r.reason_code END,
         outcome_code = CASE WHEN r.status_at IS NULL OR r.status_at <= EXCLUDED.status_at THEN EXCLUDED.outcome_code ELSE r.outcome_code END,
         status_at = GREATEST(r.status_at, EXCLUDED.status_at)
         ${firsts ? `, ${firsts}` : ''}`,
      [change.referralId, change.to, change.at, change.reasonCode, change.outcomeCode],
    );
  }

  async overdue(manager: EntityManager, referralId: string): Promise<void> {
    await manager.query(
      `INSERT INTO "statistics"."referrals" (id, overdue) VALUES ($1, true)
       ON CONFLICT (id) DO UPDATE SET overdue = true`,
      [referralId],
    );
  }

  /** A referral as its owner holds it now (the rebuild from a snapshot). */
  async referralFact(manager: EntityManager, fact: ReferralStatisticsFact): Promise<void> {
    await manager.query(
      `INSERT INTO "statistics"."referrals" (id, kind, sending_organisation_id, receiving_organisation_id, need, status,
         status_at, reason_code, outcome_code, sent_at, due_at, received_at, accepted_at, answered_at, completed_at, overdue)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)
       ON CONFLICT (id) DO NOTHING`,
      [
        fact.referralId,
        fact.kind,
        fact.sendingOrganisationId,
        fact.receivingOrganisationId,
        fact.need,
        fact.status,
        fact.statusAt,
        fact.reasonCode,
        fact.outcomeCode,
        fact.sentAt,
        fact.dueAt,
        fact.receivedAt,
        fact.acceptedAt,
        fact.answeredAt,
        fact.completedAt,
        fact.overdue,
      ],
    );
  }
}
