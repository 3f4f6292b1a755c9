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
import type { AuditEntryData, AuditSearchRequest, AuditSource } from '#contracts';

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

/** `audit.entry.search`: the gateway has validated the query; the service checks again. */
export class AuditSearchPayload implements AuditSearchRequest {
  @IsOptional()
  @IsUUID()
  clientId?: string;

  @IsOptional()
  @IsString()
  @MaxLength(200)
  userId?: string;

  @IsOptional()
  @IsUUID()
  organisationId?: string;

  @IsOptional()
  @Matches(ACTION)
  @MaxLength(100)
  action?: string;

  @IsOptional()
  @Matches(TARGET_TYPE)
  @MaxLength(100)
  targetType?: string;

  @IsOptional()
  @IsString()
  @MaxLength(300)
  targetId?: string;

  @IsOptional()
  @IsISO8601({ strict: true })
  from?: string;

  @IsOptional()
  @IsISO8601({ strict: true })
  to?: string;

  @IsOptional()
  @IsString()
  @MaxLength(200)
  cursor?: string;

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
