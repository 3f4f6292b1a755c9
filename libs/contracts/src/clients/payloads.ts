// Request payloads of the clients service, validated on receipt (EnvelopePayloadPipe). The gateway's
// HTTP DTOs use the same validators, so a bad field is refused at the edge and again here.
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
  IsISO8601,
  IsNotEmpty,
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
import { isIso6391 } from '../languages.js';
import { parsePersonalIdentityCode } from './personal-identity-code.js';
import {
  CLIENT_NEED_CATEGORIES,
  CONSENT_GIVERS,
  CONSENT_METHODS,
  CONSENT_PURPOSES,
  DATA_CATEGORIES,
  GENDERS,
  type ClientNeedCategory,
  type ConsentGiver,
  type ConsentMethod,
  type ConsentPurpose,
  type DataCategory,
  type Gender,
} from './subjects.js';

export const CLIENT_NAME_MAX = 100;
export const NEED_DESCRIPTION_MAX = 4000;
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

export class ClientNeedPayload {
  @IsIn(CLIENT_NEED_CATEGORIES)
  category!: ClientNeedCategory;

  @IsOptional()
  @IsString()
  @MaxLength(NEED_DESCRIPTION_MAX)
  description?: string | null;
}

/** Optional fields of a client, shared by create and update. `null` clears a field. */
class ClientOptionalFields {
  @IsOptional()
  @IsPastCalendarDate()
  dateOfBirth?: string | null;

  @IsOptional()
  @IsPersonalIdentityCode()
  personalIdentityCode?: string | null;

  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @ArrayUnique()
  @IsClientLanguageCode({ each: true })
  languages?: string[];

  @IsOptional()
  @IsClientLanguageCode()
  preferredLanguage?: string | null;

  @IsOptional()
  @IsBoolean()
  interpreterNeeded?: boolean;

  @IsOptional()
  @IsString()
  @Matches(CLIENT_PHONE_PATTERN, {
    message: 'phone must be a phone number (digits, spaces, +, -, parentheses)',
  })
  phone?: string | null;

  @IsOptional()
  @IsEmail()
  @MaxLength(254)
  email?: string | null;

  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  municipality?: string | null;

  @IsOptional()
  @IsIn(GENDERS)
  gender?: Gender | null;

  @IsOptional()
  @IsArray()
  @ArrayMaxSize(CLIENT_NEED_CATEGORIES.length)
  @ArrayUnique((need: ClientNeedPayload) => need?.category, { message: 'needs must name each category once' })
  @ValidateNested({ each: true })
  @Type(() => ClientNeedPayload)
  needs?: ClientNeedPayload[];
}

export class CreateClientPayload extends ClientOptionalFields {
  @IsString()
  @IsNotEmpty()
  @MaxLength(CLIENT_NAME_MAX)
  firstName!: string;

  @IsString()
  @IsNotEmpty()
  @MaxLength(CLIENT_NAME_MAX)
  lastName!: string;

  @IsOptional()
  @IsBoolean()
  confirmDuplicate?: boolean;
}

export class ClientIdPayload {
  @IsUUID()
  clientId!: string;
}

export class UpdateClientPayload extends ClientOptionalFields {
  @IsUUID()
  clientId!: string;

  @ValidateIf((payload: UpdateClientPayload) => payload.firstName !== undefined)
  @IsString()
  @IsNotEmpty()
  @MaxLength(CLIENT_NAME_MAX)
  firstName?: string;

  @ValidateIf((payload: UpdateClientPayload) => payload.lastName !== undefined)
  @IsString()
  @IsNotEmpty()
  @MaxLength(CLIENT_NAME_MAX)
  lastName?: string;
}

export class ListClientsPayload {
  @IsOptional()
  @IsString()
  @MaxLength(100)
  q?: string;

  @IsOptional()
  @IsString()
  @MaxLength(500)
  cursor?: string;

  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(MAX_PAGE_SIZE)
  limit?: number;
}

export class RecordConsentPayload {
  @IsUUID()
  clientId!: string;

  @IsOptional()
  @IsIn(['given', 'refused'])
  decision?: 'given' | 'refused';

  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_RECIPIENTS)
  @ArrayUnique()
  @IsUUID('all', { each: true })
  recipientOrganisationIds!: string[];

  @IsArray()
  @ArrayMinSize(1)
  @ArrayUnique()
  @IsIn(DATA_CATEGORIES, { each: true })
  categories!: DataCategory[];

  @IsArray()
  @ArrayMinSize(1)
  @ArrayUnique()
  @IsIn(CONSENT_PURPOSES, { each: true })
  purposes!: ConsentPurpose[];

  @IsIn(CONSENT_METHODS)
  method!: ConsentMethod;

  @IsIn(CONSENT_GIVERS)
  givenBy!: ConsentGiver;

  @IsString()
  @IsNotEmpty()
  @MaxLength(50)
  noticeVersion!: string;

  @IsClientLanguageCode()
  noticeLanguage!: string;

  @IsBoolean()
  interpreterUsed!: boolean;

  @IsOptional()
  @IsISO8601({ strict: true })
  validUntil?: string;

  @IsOptional()
  @IsUUID()
  supersedesConsentId?: string;
}

export class ConsentIdPayload {
  @IsUUID()
  consentId!: string;
}

export class WithdrawConsentPayload {
  @IsUUID()
  consentId!: string;

  @IsIn(CONSENT_METHODS)
  method!: ConsentMethod;

  @IsOptional()
  @IsString()
  @MaxLength(2000)
  note?: string;
}

export class ConsentReceiptPayload {
  @IsUUID()
  consentId!: string;

  @IsIn(['pdf', 'html'])
  format!: 'pdf' | 'html';

  @IsOptional()
  @IsString()
  @Matches(/^[A-Za-z]{2,3}([-_][A-Za-z0-9]{2,8})*$/, {
    message: 'lang must be a language tag (e.g. fi, ar, sv-FI)',
  })
  lang?: string;
}

export class ExpiringConsentsPayload {
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
