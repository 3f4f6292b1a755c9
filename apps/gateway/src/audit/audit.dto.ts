import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, Matches } from 'class-validator';
import { ROLES, type Role } from '#contracts';
import { LocalisedTextResponse } from '../http/localised-text.js';

export class AuditEntryResponse {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ description: 'Position in the hash chain (decimal string)', example: '42' })
  seq!: string;

  @ApiProperty({ example: 'referral.shared_data.read' })
  action!: string;

  @ApiProperty({ enum: ['granted', 'refused'] })
  outcome!: 'granted' | 'refused';

  @ApiProperty({ nullable: true, type: String })
  actorUserId!: string | null;

  @ApiProperty({ enum: ROLES, nullable: true })
  actorRole!: Role | null;

  @ApiProperty({ nullable: true, type: String })
  organisationId!: string | null;

  @ApiProperty({ example: 'referral' })
  targetType!: string;

  @ApiProperty({ nullable: true, type: String })
  targetId!: string | null;

  @ApiProperty({ nullable: true, type: String })
  clientId!: string | null;

  @ApiProperty({ nullable: true, type: String })
  consentId!: string | null;

  @ApiProperty({ nullable: true, type: String })
  recipientOrganisationId!: string | null;

  @ApiProperty()
  correlationId!: string;

  @ApiProperty({ nullable: true, type: String, example: 'referrals' })
  sourceService!: string | null;

  @ApiProperty({
    nullable: true,
    type: 'object',
    additionalProperties: { oneOf: [{ type: 'string' }, { type: 'number' }, { type: 'boolean' }] },
    description: 'Stable codes only',
  })
  detail!: Record<string, string | number | boolean | null> | null;

  @ApiProperty({ format: 'date-time' })
  occurredAt!: string;

  @ApiProperty({ format: 'date-time' })
  recordedAt!: string;

  @ApiProperty({ description: 'sha256 (hex) of the previous record' })
  prevHash!: string;

  @ApiProperty({ description: 'sha256 (hex) over the canonical JSON of this record and prevHash' })
  hash!: string;
}

export class AuditPageResponse {
  @ApiProperty({ type: [AuditEntryResponse] })
  items!: AuditEntryResponse[];

  @ApiProperty({ nullable: true, type: String })
  nextCursor!: string | null;
}

export class DisclosureQuery {
  @ApiPropertyOptional({ enum: ['json', 'pdf'], default: 'json' })
  @IsOptional()
  @IsIn(['json', 'pdf'])
  format?: 'json' | 'pdf';

  @ApiPropertyOptional({
    description: "Language of the PDF (fi, sv, en, ru, uk, ar); default the client's preferred language",
  })
  @IsOptional()
  @Matches(/^[a-z]{2,3}(-[A-Za-z]{2,4})?$/)
  lang?: string;
}

export class OrganisationRef {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ nullable: true, type: String, description: 'Finnish name (null when unknown)' })
  name!: string | null;

  @ApiProperty({
    nullable: true,
    type: LocalisedTextResponse,
    description: 'The name in Finnish, Swedish and English, for a reader in either (null when unknown)',
  })
  names!: LocalisedTextResponse | null;
}

export class DisclosureResponse {
  @ApiProperty({ format: 'uuid', description: 'The audit entry' })
  id!: string;

  @ApiProperty({ format: 'date-time' })
  occurredAt!: string;

  @ApiProperty({ example: 'referral.shared_data.read' })
  action!: string;

  @ApiProperty({ type: OrganisationRef, description: 'The organisation that received or viewed the data' })
  recipientOrganisation!: OrganisationRef;

  @ApiProperty({ nullable: true, type: String, format: 'uuid' })
  consentId!: string | null;

  @ApiProperty({ nullable: true, type: String })
  actorUserId!: string | null;

  @ApiProperty({ enum: ROLES, nullable: true })
  actorRole!: Role | null;

  @ApiProperty({ example: 'referral' })
  targetType!: string;

  @ApiProperty({ nullable: true, type: String })
  targetId!: string | null;
}

export class DisclosureListResponse {
  @ApiProperty({ format: 'uuid' })
  clientId!: string;

  @ApiProperty({ type: [DisclosureResponse], description: 'Oldest first' })
  items!: DisclosureResponse[];

  @ApiProperty({
    type: [OrganisationRef],
    description: 'Every organisation that received or viewed the data',
  })
  recipientOrganisations!: OrganisationRef[];
}

export class ChainCheckpointResponse {
  @ApiProperty({ description: 'The checkpointed seq (decimal string)' })
  seq!: string;

  @ApiProperty({ format: 'date-time' })
  at!: string;

  @ApiProperty({ description: 'The record at that seq still has the checkpointed hash' })
  matches!: boolean;
}

export class ChainBreakResponse {
  @ApiProperty({ description: 'The first failing record, or the checkpointed seq that is missing' })
  seq!: string;

  @ApiProperty({ enum: ['gap', 'prev_hash', 'hash', 'tail_missing', 'checkpoint_mismatch'] })
  kind!: 'gap' | 'prev_hash' | 'hash' | 'tail_missing' | 'checkpoint_mismatch';
}

export class ChainVerificationResponse {
  @ApiProperty({ enum: ['valid', 'broken'] })
  state!: 'valid' | 'broken';

  @ApiProperty({ format: 'date-time', description: 'When this verification ran' })
  checkedAt!: string;

  @ApiProperty({ description: 'Records walked (decimal string)' })
  records!: string;

  @ApiProperty({ nullable: true, type: String, description: 'The head’s hash when valid' })
  headHash!: string | null;

  @ApiProperty({ type: ChainCheckpointResponse, nullable: true })
  checkpoint!: ChainCheckpointResponse | null;

  @ApiProperty({
    enum: ['none', 'unavailable'],
    nullable: true,
    description: 'Why there is no checkpoint: none yet, or NATS could not be asked',
  })
  checkpointNote!: 'none' | 'unavailable' | null;

  @ApiProperty({ type: ChainBreakResponse, nullable: true })
  broken!: ChainBreakResponse | null;
}
