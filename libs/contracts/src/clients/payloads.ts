// Request payloads of the clients service, validated on receipt (EnvelopePayloadPipe). The gateway
// uses these same classes (or Pick/Omit of them) as its HTTP DTOs, so a bad field is refused at the
// edge and again here; the @nestjs/swagger decorators are metadata only (the OpenAPI document).
import { ApiProperty, ApiPropertyOptional, ApiSchema } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsEmail,
  IsIn,
  IsInt,
  IsNotEmpty,
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateBy,
  ValidateIf,
  ValidateNested,
  type ValidationOptions,
} from 'class-validator';
import { IsFreeText } from '../validation.js';
import { isIso6391 } from '../languages.js';
import { parsePersonalIdentityCode } from './personal-identity-code.js';
import { ClientEsfPayload } from './esf.js';
import {
  CLIENT_NEED_CATEGORIES,
  GENDERS,
  RESIDENCE_STATUSES,
  type ClientNeedCategory,
  type Gender,
  type ResidenceStatus,
} from './subjects.js';

export const CLIENT_NAME_MAX = 100;
export const NEED_DESCRIPTION_MAX = 4000;
export const BACKGROUND_TEXT_MAX = 4000;
export const MAX_RECIPIENTS = 20;
export const MAX_PAGE_SIZE = 100;

/** A Finnish personal identity code with a valid date, century sign and check character. */
export function IsPersonalIdentityCode(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isPersonalIdentityCode',
      validator: {
        validate: (value) => parsePersonalIdentityCode(value).valid,
        defaultMessage: (args) => {
          const result = parsePersonalIdentityCode(args?.value);
          return result.valid ? '' : result.message;
        },
      },
    },
    options,
  );
}

/** A calendar date `YYYY-MM-DD` that exists and is not in the future. */
export function isPastCalendarDate(value: unknown, today: Date = new Date()): boolean {
  if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(value)) {
    return false;
  }
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value && date <= today;
}

export function IsPastCalendarDate(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isPastCalendarDate',
      validator: {
        validate: (value) => isPastCalendarDate(value),
        defaultMessage: (args) => `${args?.property} must be an existing date YYYY-MM-DD, not in the future`,
      },
    },
    options,
  );
}

/** ISO 639-1 (`ar`), or a three-letter ISO 639-2/3 code for languages without one (`prs`, `ckb`). */
export function isLanguageCode(value: unknown): boolean {
  return isIso6391(value) || (typeof value === 'string' && /^[a-z]{3}$/.test(value));
}

export function IsClientLanguageCode(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isLanguageCode',
      validator: {
        validate: (value) => isLanguageCode(value),
        defaultMessage: (args) => `${args?.property} must be an ISO 639 language code (e.g. fi, ar, prs)`,
      },
    },
    options,
  );
}

export const CLIENT_PHONE_PATTERN = /^\+?[0-9][0-9 ()-]{4,30}$/;

@ApiSchema({ name: 'ClientNeedDto' })
export class ClientNeedPayload {
  @ApiProperty({ enum: CLIENT_NEED_CATEGORIES })
  @IsIn(CLIENT_NEED_CATEGORIES)
  category!: ClientNeedCategory;

  @ApiPropertyOptional({
    type: String,
    nullable: true,
    maxLength: NEED_DESCRIPTION_MAX,
    description: 'Free text, encrypted at rest',
  })
  @IsOptional()
  @IsString()
  @IsFreeText()
  @MaxLength(NEED_DESCRIPTION_MAX)
  description?: string | null;
}

/** The `background` data category. A missing key keeps the value (on update), `null` clears it. */
@ApiSchema({ name: 'ClientBackgroundDto' })
export class ClientBackgroundPayload {
  @ApiPropertyOptional({
    type: String,
    nullable: true,
    maxLength: BACKGROUND_TEXT_MAX,
    description: 'Education and qualifications; free text, encrypted at rest',
  })
  @IsOptional()
  @IsString()
  @IsFreeText()
  @MaxLength(BACKGROUND_TEXT_MAX)
  education?: string | null;

  @ApiPropertyOptional({
    type: String,
    nullable: true,
    maxLength: BACKGROUND_TEXT_MAX,
    description: 'Work history; free text, encrypted at rest',
  })
  @IsOptional()
  @IsString()
  @IsFreeText()
  @MaxLength(BACKGROUND_TEXT_MAX)
  workHistory?: string | null;

  @ApiPropertyOptional({ enum: RESIDENCE_STATUSES, nullable: true, description: 'Encrypted at rest' })
  @IsOptional()
  @IsIn(RESIDENCE_STATUSES)
  residenceStatus?: ResidenceStatus | null;

  @ApiPropertyOptional({
    type: String,
    nullable: true,
    maxLength: BACKGROUND_TEXT_MAX,
    description: 'More on the residence status (e.g. permit valid until); free text, encrypted at rest',
  })
  @IsOptional()
  @IsString()
  @IsFreeText()
  @MaxLength(BACKGROUND_TEXT_MAX)
  residenceStatusNote?: string | null;
}

/** Optional fields of a client, shared by create and update. `null` clears a field. */
class ClientOptionalFields {
  @ApiPropertyOptional({
    type: String,
    format: 'date',
    nullable: true,
    description: 'Derived from the identity code when only that is given',
  })
  @IsOptional()
  @IsPastCalendarDate()
  dateOfBirth?: string | null;

  @ApiPropertyOptional({
    type: String,
    nullable: true,
    example: '010594Y9021',
    description:
      'Finnish personal identity code with a valid check character; every century sign (+ - Y X W V U A B C D E F)',
  })
  @IsOptional()
  @IsPersonalIdentityCode()
  personalIdentityCode?: string | null;

  @ApiPropertyOptional({ type: [String], example: ['ar', 'fi'], description: 'ISO 639 codes' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @ArrayUnique()
  @IsClientLanguageCode({ each: true })
  languages?: string[];

  @ApiPropertyOptional({ type: String, nullable: true, example: 'ar', description: 'One of languages' })
  @IsOptional()
  @IsClientLanguageCode()
  preferredLanguage?: string | null;

  @ApiPropertyOptional()
  @IsOptional()
  @IsBoolean()
  interpreterNeeded?: boolean;

  @ApiPropertyOptional({ type: String, nullable: true, example: '+358 40 123 4567' })
  @IsOptional()
  @IsString()
  @Matches(CLIENT_PHONE_PATTERN, {
    message: 'phone must be a phone number (digits, spaces, +, -, parentheses)',
  })
  phone?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, format: 'email' })
  @IsOptional()
  @IsEmail()
  @MaxLength(254)
  email?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, example: 'Seinäjoki' })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  municipality?: string | null;

  @ApiPropertyOptional({ enum: GENDERS, nullable: true, description: 'For the anonymised statistics' })
  @IsOptional()
  @IsIn(GENDERS)
  gender?: Gender | null;

  @ApiPropertyOptional({ type: [ClientNeedPayload] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(CLIENT_NEED_CATEGORIES.length)
  @ArrayUnique((need: ClientNeedPayload) => need?.category, { message: 'needs must name each category once' })
  @ValidateNested({ each: true })
  @Type(() => ClientNeedPayload)
  needs?: ClientNeedPayload[];

  @ApiPropertyOptional({
    type: ClientBackgroundPayload,
    nullable: true,
    description:
      'The `background` data category (education, work history, residence status); `null` clears it all',
  })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => ClientBackgroundPayload)
  background?: ClientBackgroundPayload | null;

  @ApiPropertyOptional({
    type: ClientEsfPayload,
    description:
      'ESF participant data (purpose: statistics only, never disclosed); a missing key keeps its value (default not_asked)',
  })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => ClientEsfPayload)
  esf?: ClientEsfPayload;
}

export class CreateClientPayload extends ClientOptionalFields {
  @ApiProperty({ maxLength: CLIENT_NAME_MAX })
  @IsString()
  @IsNotEmpty()
  @MaxLength(CLIENT_NAME_MAX)
  firstName!: string;

  @ApiProperty({ maxLength: CLIENT_NAME_MAX })
  @IsString()
  @IsNotEmpty()
  @MaxLength(CLIENT_NAME_MAX)
  lastName!: string;

  @ApiPropertyOptional({ description: 'Register although CLIENT.POSSIBLE_DUPLICATE was answered' })
  @IsOptional()
  @IsBoolean()
  confirmDuplicate?: boolean;
}

export class ClientIdPayload {
  @IsUUID()
  clientId!: string;
}

export class UpdateClientPayload extends ClientOptionalFields {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  clientId!: string;

  @ApiPropertyOptional({ maxLength: CLIENT_NAME_MAX })
  @ValidateIf((payload: UpdateClientPayload) => payload.firstName !== undefined)
  @IsString()
  @IsNotEmpty()
  @MaxLength(CLIENT_NAME_MAX)
  firstName?: string;

  @ApiPropertyOptional({ maxLength: CLIENT_NAME_MAX })
  @ValidateIf((payload: UpdateClientPayload) => payload.lastName !== undefined)
  @IsString()
  @IsNotEmpty()
  @MaxLength(CLIENT_NAME_MAX)
  lastName?: string;
}

export class ListClientsPayload {
  @ApiPropertyOptional({
    description: 'A name (or part of one), a date of birth (YYYY-MM-DD or D.M.YYYY) or an identity code',
  })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  q?: string;

  @ApiPropertyOptional({
    type: [String],
    description:
      "Only these clients (comma-separated ids, at most 100; not with q): names for a list of referrals in one audited read. Unknown, erased or other organisations' ids are left out",
  })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_PAGE_SIZE)
  @ArrayUnique()
  @IsUUID('all', { each: true })
  ids?: string[];

  @ApiPropertyOptional({ description: 'nextCursor of the previous page' })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  cursor?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: MAX_PAGE_SIZE, default: 20 })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(MAX_PAGE_SIZE)
  limit?: number;
}
