import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { NeedCategory, ReferralKind, ReferralStatus, Urgency } from '#contracts';

export interface LocalisedName {
  fi: string;
  sv: string | null;
  en: string | null;
}

@Entity({ name: 'referrals' })
export class ReferralEntity {
  @PrimaryColumn('uuid') id!: string;
  @Column('text') kind!: ReferralKind;
  @Column('uuid', { name: 'client_id' }) clientId!: string;
  @Column('uuid', { name: 'sending_organisation_id' }) sendingOrganisationId!: string;
  @Column('jsonb', { name: 'sending_organisation_name' }) sendingOrganisationName!: LocalisedName;
  @Column('text', { name: 'sender_user_id' }) senderUserId!: string;
  @Column('text', { name: 'sender_username', nullable: true }) senderUsername!: string | null;
  @Column('uuid', { name: 'receiving_organisation_id', nullable: true }) receivingOrganisationId!:
    string | null;
  @Column('jsonb', { name: 'receiving_organisation_name' }) receivingOrganisationName!: LocalisedName;
  @Column('uuid', { name: 'service_id', nullable: true }) serviceId!: string | null;
  @Column('text') need!: NeedCategory;
  @Column('text', { name: 'reason_encrypted' }) reasonEncrypted!: string;
  @Column('text') urgency!: Urgency;
  @Column('text', { nullable: true }) language!: string | null;
  @Column('boolean', { name: 'interpreter_needed' }) interpreterNeeded!: boolean;
  @Column('text', { array: true }) categories!: string[];
  @Column('uuid', { name: 'consent_id', nullable: true }) consentId!: string | null;
  @Column('integer', { name: 'consent_version', nullable: true }) consentVersion!: number | null;
  @Column('text', { name: 'shared_data_encrypted', nullable: true }) sharedDataEncrypted!: string | null;
  @Column('timestamptz', { name: 'redacted_at', nullable: true }) redactedAt!: Date | null;
  @Column('text', { name: 'redaction_reason', nullable: true }) redactionReason!: string | null;
  @Column('text') status!: ReferralStatus;
  @Column('integer') version!: number;
  @Column('text', { name: 'assignee_id', nullable: true }) assigneeId!: string | null;
  @Column('text', { name: 'status_reason_code', nullable: true }) statusReasonCode!: string | null;
  @Column('text', { name: 'outcome_code', nullable: true }) outcomeCode!: string | null;
  @Column('timestamptz', { name: 'created_at' }) createdAt!: Date;
  @Column('timestamptz', { name: 'updated_at' }) updatedAt!: Date;
  @Column('timestamptz', { name: 'listed_at' }) listedAt!: Date;
  @Column('timestamptz', { name: 'sent_at', nullable: true }) sentAt!: Date | null;
  @Column('timestamptz', { name: 'received_at', nullable: true }) receivedAt!: Date | null;
  @Column('timestamptz', { name: 'due_at', nullable: true }) dueAt!: Date | null;
  @Column('timestamptz', { name: 'expires_at', nullable: true }) expiresAt!: Date | null;
  @Column('timestamptz', { name: 'overdue_notified_at', nullable: true }) overdueNotifiedAt!: Date | null;
  @Column('timestamptz', { name: 'closed_at', nullable: true }) closedAt!: Date | null;
}

@Entity({ name: 'referral_history' })
export class ReferralHistoryEntity {
  @PrimaryColumn('uuid') id!: string;
  @Column('uuid', { name: 'referral_id' }) referralId!: string;
  @Column('integer') seq!: number;
  @Column('text', { name: 'from_status', nullable: true }) fromStatus!: ReferralStatus | null;
  @Column('text', { name: 'to_status' }) toStatus!: ReferralStatus;
  @Column('text') party!: string;
  @Column('text', { name: 'actor_user_id', nullable: true }) actorUserId!: string | null;
  @Column('uuid', { name: 'actor_organisation_id', nullable: true }) actorOrganisationId!: string | null;
  @Column('text', { name: 'reason_code', nullable: true }) reasonCode!: string | null;
  @Column('text', { name: 'reason_text_encrypted', nullable: true }) reasonTextEncrypted!: string | null;
  @Column('text', { name: 'outcome_code', nullable: true }) outcomeCode!: string | null;
  @Column('text', { name: 'note_encrypted', nullable: true }) noteEncrypted!: string | null;
  @Column('timestamptz') at!: Date;
}

@Entity({ name: 'referral_messages' })
export class ReferralMessageEntity {
  @PrimaryColumn('uuid') id!: string;
  @Column('uuid', { name: 'referral_id' }) referralId!: string;
  @Column('text', { name: 'author_user_id' }) authorUserId!: string;
  @Column('text', { name: 'author_username', nullable: true }) authorUsername!: string | null;
  /** The token's name when the message was written (null before 2026-12-05, or none in the token). */
  @Column('text', { name: 'author_name', nullable: true }) authorName!: string | null;
  @Column('uuid', { name: 'author_organisation_id' }) authorOrganisationId!: string;
  @Column('text', { name: 'body_encrypted' }) bodyEncrypted!: string;
  @Column('timestamptz', { name: 'created_at' }) createdAt!: Date;
}

export const REFERRAL_ENTITIES = [ReferralEntity, ReferralHistoryEntity, ReferralMessageEntity];
