import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { ClientNeedCategory, EducationLevel, ExitResult, Gender, LabourMarketStatus } from '#contracts';

/** A need as stored: the category in clear (statistics), the description encrypted. */
export interface StoredNeed {
  category: ClientNeedCategory;
  description: string | null;
}

@Entity({ name: 'clients' })
export class ClientEntity {
  @PrimaryColumn('uuid')
  id!: string;

  @Column({ name: 'organisation_id', type: 'uuid' })
  organisationId!: string;

  @Column({ name: 'first_name', type: 'text', nullable: true })
  firstName!: string | null;

  @Column({ name: 'last_name', type: 'text', nullable: true })
  lastName!: string | null;

  @Column({ name: 'date_of_birth', type: 'date', nullable: true })
  dateOfBirth!: string | null;

  @Column({ name: 'birth_year', type: 'integer', nullable: true })
  birthYear!: number | null;

  /** AES-256-GCM, associated data `pic:<id>`. */
  @Column({ name: 'personal_identity_code_enc', type: 'text', nullable: true })
  personalIdentityCodeEnc!: string | null;

  /** HMAC-SHA256 of the normalised code: exact search and duplicates without decrypting. */
  @Column({ name: 'personal_identity_code_hash', type: 'text', nullable: true })
  personalIdentityCodeHash!: string | null;

  /** `010190-****`: what lists show. */
  @Column({ name: 'personal_identity_code_masked', type: 'text', nullable: true })
  personalIdentityCodeMasked!: string | null;

  @Column({ type: 'text', array: true })
  languages!: string[];

  @Column({ name: 'preferred_language', type: 'text', nullable: true })
  preferredLanguage!: string | null;

  @Column({ name: 'interpreter_needed', type: 'boolean' })
  interpreterNeeded!: boolean;

  @Column({ type: 'text', nullable: true })
  phone!: string | null;

  @Column({ type: 'text', nullable: true })
  email!: string | null;

  @Column({ type: 'text', nullable: true })
  municipality!: string | null;

  @Column({ type: 'text', nullable: true })
  gender!: Gender | null;

  /** Descriptions encrypted, associated data `need:<id>:<category>`. */
  @Column({ type: 'jsonb' })
  needs!: StoredNeed[];

  /** The `background` category as encrypted JSON, associated data `background:<id>`; null when empty. */
  @Column({ name: 'background_enc', type: 'text', nullable: true })
  backgroundEnc!: string | null;

  /** ESF participant data (purpose statistics only; codes, kept after erasure like gender). */
  @Column({ name: 'esf_labour_market_status', type: 'text' })
  esfLabourMarketStatus!: LabourMarketStatus;

  @Column({ name: 'esf_education', type: 'text' })
  esfEducation!: EducationLevel;

  @Column({ name: 'esf_result_at_exit', type: 'text', nullable: true })
  esfResultAtExit!: ExitResult | null;

  @Column({ name: 'created_by', type: 'uuid' })
  createdBy!: string;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;

  /** Changes to the client or their consents; the retention period counts from here. */
  @Column({ name: 'last_activity_at', type: 'timestamptz' })
  lastActivityAt!: Date;

  @Column({ name: 'erased_at', type: 'timestamptz', nullable: true })
  erasedAt!: Date | null;

  @Column({ type: 'integer' })
  version!: number;
}
