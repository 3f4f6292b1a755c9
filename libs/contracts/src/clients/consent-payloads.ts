// Request payloads of the clients service about consents: recording, withdrawing, the receipt, and
// the checks other services make before a disclosure. Validated like the client payloads (payloads.ts).
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsISO8601,
  IsNotEmpty,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
} from 'class-validator';
import { IsFreeText } from '../validation.js';
import { IsClientLanguageCode, MAX_RECIPIENTS } from './payloads.js';
import {
  CONSENT_GIVERS,
  CONSENT_METHODS,
  CONSENT_PURPOSES,
  DATA_CATEGORIES,
  type ConsentGiver,
  type ConsentMethod,
  type ConsentPurpose,
  type DataCategory,
} from './subjects.js';

export class RecordConsentPayload {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  clientId!: string;

  @ApiPropertyOptional({
    enum: ['given', 'refused'],
    default: 'given',
    description: 'A refusal is recorded too',
  })
  @IsOptional()
  @IsIn(['given', 'refused'])
  decision?: 'given' | 'refused';

  @ApiProperty({
    type: [String],
    format: 'uuid',
    description: 'Organisations on the platform (400 naming the field otherwise)',
  })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_RECIPIENTS)
  @ArrayUnique()
  @IsUUID('all', { each: true })
  recipientOrganisationIds!: string[];

  @ApiProperty({
    enum: DATA_CATEGORIES,
    isArray: true,
    description: '`health` is shared only when named here',
  })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayUnique()
  @IsIn(DATA_CATEGORIES, { each: true })
  categories!: DataCategory[];

  @ApiProperty({ enum: CONSENT_PURPOSES, isArray: true })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayUnique()
  @IsIn(CONSENT_PURPOSES, { each: true })
  purposes!: ConsentPurpose[];

  @ApiProperty({ enum: CONSENT_METHODS })
  @IsIn(CONSENT_METHODS)
  method!: ConsentMethod;

  @ApiProperty({ enum: CONSENT_GIVERS })
  @IsIn(CONSENT_GIVERS)
  givenBy!: ConsentGiver;

  @ApiProperty({ example: '2026-1', description: 'Version of the privacy notice the client was given' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(50)
  noticeVersion!: string;

  @ApiProperty({ example: 'ar', description: 'Language the notice was given in (ISO 639)' })
  @IsClientLanguageCode()
  noticeLanguage!: string;

  @ApiProperty()
  @IsBoolean()
  interpreterUsed!: boolean;

  @ApiPropertyOptional({ format: 'date-time', description: 'Default: 12 months from now; at most 5 years' })
  @IsOptional()
  @IsISO8601({ strict: true })
  validUntil?: string;

  @ApiPropertyOptional({
    format: 'uuid',
    description: 'The consent in force this one replaces (it becomes superseded)',
  })
  @IsOptional()
  @IsUUID()
  supersedesConsentId?: string;
}

export class WithdrawConsentPayload {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  consentId!: string;

  @ApiProperty({ enum: CONSENT_METHODS, description: 'How the client withdrew' })
  @IsIn(CONSENT_METHODS)
  method!: ConsentMethod;

  @ApiPropertyOptional({ maxLength: 2000, description: 'Free text, encrypted at rest' })
  @IsOptional()
  @IsString()
  @IsFreeText()
  @MaxLength(2000)
  note?: string;
}

export class ConsentReceiptPayload {
  @IsUUID()
  consentId!: string;

  @IsIn(['pdf', 'html'])
  format!: 'pdf' | 'html';

  @ApiPropertyOptional({
    example: 'ar',
    description:
      "fi, sv, en, ru, uk or ar; default the client's preferred language; any other falls back to English",
  })
  @IsOptional()
  @IsString()
  @Matches(/^[A-Za-z]{2,3}([-_][A-Za-z0-9]{2,8})*$/, {
    message: 'lang must be a language tag (e.g. fi, ar, sv-FI)',
  })
  lang?: string;
}

export class ExpiringConsentsPayload {
  @ApiPropertyOptional({ minimum: 1, maximum: 365, default: 30 })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(365)
  withinDays?: number;
}

export class ConsentCheckPayload {
  @IsUUID()
  clientId!: string;

  @IsUUID()
  organisationId!: string;

  @IsArray()
  @ArrayMinSize(1)
  @ArrayUnique()
  @IsIn(DATA_CATEGORIES, { each: true })
  categories!: DataCategory[];

  @IsIn(CONSENT_PURPOSES)
  purpose!: ConsentPurpose;
}

export class DisclosureSnapshotPayload extends ConsentCheckPayload {
  @IsString()
  @IsNotEmpty()
  @MaxLength(50)
  targetType!: string;

  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  targetId!: string;
}
