import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { NotificationLanguage, OrganisationStatus } from '#contracts';

@Entity({ name: 'organisations' })
export class OrganisationEntity {
  @PrimaryColumn('uuid')
  id!: string;

  @Column({ name: 'name_fi', type: 'text' })
  nameFi!: string;

  @Column({ name: 'name_sv', type: 'text', nullable: true })
  nameSv!: string | null;

  @Column({ name: 'name_en', type: 'text', nullable: true })
  nameEn!: string | null;

  @Column({ name: 'business_id', type: 'text', nullable: true })
  businessId!: string | null;

  @Column({ type: 'text' })
  kind!: string;

  @Column({ name: 'can_send', type: 'boolean' })
  canSend!: boolean;

  @Column({ name: 'can_receive', type: 'boolean' })
  canReceive!: boolean;

  @Column({ name: 'intake_email', type: 'text', nullable: true })
  intakeEmail!: string | null;

  /** The organisation's preferred language (intake e-mails, invitations); null: Finnish. */
  @Column({ name: 'intake_language', type: 'text', nullable: true })
  intakeLanguage!: NotificationLanguage | null;

  @Column({ name: 'response_days', type: 'integer' })
  responseDays!: number;

  @Column({ name: 'accepting_referrals', type: 'boolean' })
  acceptingReferrals!: boolean;

  @Column({ type: 'text' })
  status!: OrganisationStatus;

  @Column({ name: 'agreement_version', type: 'text', nullable: true })
  agreementVersion!: string | null;

  @Column({ name: 'agreement_accepted_by', type: 'uuid', nullable: true })
  agreementAcceptedBy!: string | null;

  @Column({ name: 'agreement_accepted_at', type: 'timestamptz', nullable: true })
  agreementAcceptedAt!: Date | null;

  @Column({ name: 'deactivated_at', type: 'timestamptz', nullable: true })
  deactivatedAt!: Date | null;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;

  @Column({ type: 'integer' })
  version!: number;
}

@Entity({ name: 'units' })
export class UnitEntity {
  @PrimaryColumn('uuid')
  id!: string;

  @Column({ name: 'organisation_id', type: 'uuid' })
  organisationId!: string;

  @Column({ name: 'name_fi', type: 'text' })
  nameFi!: string;

  @Column({ name: 'name_sv', type: 'text', nullable: true })
  nameSv!: string | null;

  @Column({ name: 'name_en', type: 'text', nullable: true })
  nameEn!: string | null;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
