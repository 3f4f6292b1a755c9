import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { ConsentGiver, ConsentMethod, ConsentPurpose, ConsentStatus, DataCategory } from '#contracts';

@Entity({ name: 'consents' })
export class ConsentEntity {
  @PrimaryColumn('uuid')
  id!: string;

  @Column({ name: 'client_id', type: 'uuid' })
  clientId!: string;

  /** The organisation whose client it is (and who recorded the consent). */
  @Column({ name: 'organisation_id', type: 'uuid' })
  organisationId!: string;

  @Column({ type: 'integer' })
  version!: number;

  @Column({ type: 'text' })
  status!: ConsentStatus;

  @Column({ name: 'recipient_organisation_ids', type: 'uuid', array: true })
  recipientOrganisationIds!: string[];

  @Column({ type: 'text', array: true })
  categories!: DataCategory[];

  @Column({ type: 'text', array: true })
  purposes!: ConsentPurpose[];

  @Column({ type: 'text' })
  method!: ConsentMethod;

  @Column({ name: 'given_by', type: 'text' })
  givenBy!: ConsentGiver;

  @Column({ name: 'recorded_by', type: 'uuid' })
  recordedBy!: string;

  @Column({ name: 'notice_version', type: 'text' })
  noticeVersion!: string;

  @Column({ name: 'notice_language', type: 'text' })
  noticeLanguage!: string;

  @Column({ name: 'interpreter_used', type: 'boolean' })
  interpreterUsed!: boolean;

  @Column({ name: 'given_at', type: 'timestamptz' })
  givenAt!: Date;

  @Column({ name: 'valid_until', type: 'timestamptz', nullable: true })
  validUntil!: Date | null;

  @Column({ name: 'supersedes_id', type: 'uuid', nullable: true })
  supersedesId!: string | null;

  @Column({ name: 'superseded_by_id', type: 'uuid', nullable: true })
  supersededById!: string | null;

  @Column({ name: 'withdrawn_at', type: 'timestamptz', nullable: true })
  withdrawnAt!: Date | null;

  @Column({ name: 'withdrawn_by', type: 'uuid', nullable: true })
  withdrawnBy!: string | null;

  @Column({ name: 'withdrawal_method', type: 'text', nullable: true })
  withdrawalMethod!: ConsentMethod | null;

  @Column({ name: 'withdrawal_reason', type: 'text', nullable: true })
  withdrawalReason!: 'withdrawn' | 'client_erased' | null;

  /** Free text, AES-256-GCM, associated data `withdrawal-note:<id>`. */
  @Column({ name: 'withdrawal_note_enc', type: 'text', nullable: true })
  withdrawalNoteEnc!: string | null;

  @Column({ name: 'expired_at', type: 'timestamptz', nullable: true })
  expiredAt!: Date | null;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
