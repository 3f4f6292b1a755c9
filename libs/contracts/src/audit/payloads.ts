// The audit service's request payloads: checked by the service on receipt and, for the search, by
// the gateway as its query (one class, so the two cannot disagree).
import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  IsIn,
  IsInt,
  IsISO8601,
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateIf,
} from 'class-validator';
import type { AuditEntryData, AuditSource } from './events.js';
import type { AuditSearchRequest } from './subjects.js';

const ACTION = /^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)+$/;
const TARGET_TYPE = /^[a-z][a-z0-9_]*$/;
const SOURCES: AuditSource[] = ['clients', 'referrals', 'partners', 'notifications', 'audit', 'gateway'];

/**
 * `audit.entry.record`: what the gateway records of a refused request. `nullable: true` is what lets
 * an optional field be null (#contracts validation.ts).
 */
export class RecordAuditEntryPayload implements AuditEntryData {
  @Matches(ACTION)
  @MaxLength(100)
  action!: string;

  @IsIn(['granted', 'refused'])
  outcome!: 'granted' | 'refused';

  @IsString()
  @MaxLength(100)
  targetType!: string;

  @ValidateIf((_, value) => value !== null)
  @IsString()
  @MaxLength(300)
  targetId!: string | null;

  @ValidateIf((_, value) => value !== null)
  @IsUUID()
  organisationId!: string | null;

  @ApiPropertyOptional({ nullable: true, type: String })
  @IsOptional()
  @IsUUID()
  clientId?: string | null;

  @ApiPropertyOptional({ nullable: true, type: String })
  @IsOptional()
  @IsUUID()
  consentId?: string | null;

  @ApiPropertyOptional({ nullable: true, type: String })
  @IsOptional()
  @IsUUID()
  recipientOrganisationId?: string | null;

  @IsOptional()
  @IsIn(SOURCES)
  sourceService?: AuditSource;

  @IsOptional()
  @IsObject()
  detail?: Record<string, string | number | boolean | null>;
}

/** `audit.entry.search`, and the query of `GET /audit`: the gateway validates it, the service again. */
export class AuditSearchPayload implements AuditSearchRequest {
  @ApiPropertyOptional({ format: 'uuid', description: 'Entries concerning this client' })
  @IsOptional()
  @IsUUID()
  clientId?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'Entries of this acting user (token subject)' })
  @IsOptional()
  @IsUUID()
  userId?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'Entries made on behalf of this organisation' })
  @IsOptional()
  @IsUUID()
  organisationId?: string;

  @ApiPropertyOptional({ example: 'referral.shared_data.read', description: '`<resource>.<verb>` code' })
  @IsOptional()
  @Matches(ACTION, { message: 'action must be a code like referral.sent' })
  @MaxLength(100)
  action?: string;

  @ApiPropertyOptional({ example: 'organisation', description: 'The target’s type' })
  @IsOptional()
  @Matches(TARGET_TYPE, { message: 'targetType must be a code like referral' })
  @MaxLength(100)
  targetType?: string;

  @ApiPropertyOptional({ description: 'The target’s id' })
  @IsOptional()
  @IsString()
  @MaxLength(300)
  targetId?: string;

  @ApiPropertyOptional({ format: 'date-time', description: 'Occurred at or after' })
  @IsOptional()
  @IsISO8601({ strict: true })
  from?: string;

  @ApiPropertyOptional({ format: 'date-time', description: 'Occurred before' })
  @IsOptional()
  @IsISO8601({ strict: true })
  to?: string;

  @ApiPropertyOptional({ description: 'nextCursor of the previous page' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  cursor?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: 100, default: 50 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100)
  limit?: number;
}

export class DisclosureListPayload {
  @IsUUID()
  clientId!: string;
}
