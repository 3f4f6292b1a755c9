import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { NeedCategory, ServiceReferralStatus } from '#contracts';

/** One service of an organisation (HSDS `service`), with its location and contact inline. */
@Entity({ name: 'services' })
export class ServiceEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_services' })
  id!: string;

  @Column('uuid', { name: 'organisation_id' })
  organisationId!: string;

  @Column('text', { name: 'name_fi' })
  nameFi!: string;

  @Column('text', { name: 'name_sv', nullable: true })
  nameSv!: string | null;

  @Column('text', { name: 'name_en', nullable: true })
  nameEn!: string | null;

  @Column('text', { name: 'description_fi' })
  descriptionFi!: string;

  @Column('text', { name: 'description_sv', nullable: true })
  descriptionSv!: string | null;

  @Column('text', { name: 'description_en', nullable: true })
  descriptionEn!: string | null;

  @Column('text', { array: true })
  needs!: NeedCategory[];

  @Column('text', { name: 'eligibility_fi', nullable: true })
  eligibilityFi!: string | null;

  @Column('text', { name: 'eligibility_sv', nullable: true })
  eligibilitySv!: string | null;

  @Column('text', { name: 'eligibility_en', nullable: true })
  eligibilityEn!: string | null;

  @Column('text', { array: true })
  languages!: string[];

  @Column('boolean', { name: 'interpretation_available', default: false })
  interpretationAvailable!: boolean;

  @Column('text', { name: 'street_address', nullable: true })
  streetAddress!: string | null;

  @Column('text', { name: 'postal_code', nullable: true })
  postalCode!: string | null;

  @Column('text', { nullable: true })
  city!: string | null;

  @Column('text', { nullable: true })
  region!: string | null;

  @Column('double precision', { nullable: true })
  latitude!: number | null;

  @Column('double precision', { nullable: true })
  longitude!: number | null;

  @Column('text', { nullable: true })
  phone!: string | null;

  @Column('text', { nullable: true })
  email!: string | null;

  @Column('text', { nullable: true })
  url!: string | null;

  @Column('text', { name: 'how_to_refer_fi', nullable: true })
  howToReferFi!: string | null;

  @Column('text', { name: 'how_to_refer_sv', nullable: true })
  howToReferSv!: string | null;

  @Column('text', { name: 'how_to_refer_en', nullable: true })
  howToReferEn!: string | null;

  @Column('text', { name: 'referral_status', default: 'accepting' })
  referralStatus!: ServiceReferralStatus;

  @Column('timestamptz', { name: 'created_at', default: () => 'now()' })
  createdAt!: Date;

  @Column('timestamptz', { name: 'updated_at', default: () => 'now()' })
  updatedAt!: Date;

  /** Removed from the directory; kept so that referrals naming the service still resolve in history. */
  @Column('timestamptz', { name: 'deleted_at', nullable: true })
  deletedAt!: Date | null;
}
