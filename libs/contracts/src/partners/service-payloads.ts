// Request payloads of the service directory, validated on receipt (EnvelopePayloadPipe).
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
  IsNumber,
  IsObject,
  IsOptional,
  IsString,
  IsUrl,
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
import { NEED_CATEGORIES, type NeedCategory } from '../referrals/subjects.js';
import {
  HSDS_LANGUAGES,
  SERVICE_REFERRAL_STATUSES,
  type HsdsLanguage,
  type ServiceReferralStatus,
} from './services.js';

export const SERVICE_NAME_MAX = 200;
export const SERVICE_TEXT_MAX = 4000;
export const SERVICE_LANGUAGES_MAX = 40;
/** A phone number as people write it: digits, spaces, +, -, parentheses. */
export const PHONE_PATTERN = /^\+?[0-9][0-9 ()-]{4,29}$/;
/** Finnish postal codes have five digits. */
export const POSTAL_CODE_PATTERN = /^[0-9]{5}$/;

export function IsLanguageCode(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isLanguageCode',
      validator: {
        validate: (value) => isIso6391(value),
        defaultMessage: (args) =>
          `${args?.property ?? 'language'} must contain ISO 639-1 language codes (two lower-case letters, e.g. fi, sv, en, ar)`,
      },
    },
    options,
  );
}

/**
 * On create a required field must be there; on update it may be left out but, when present, not
 * null (PATCH cannot clear a required field).
 */
function requiredOn(mode: 'create' | 'update'): PropertyDecorator {
  return mode === 'create' ? () => undefined : ValidateIf((_object, value) => value !== undefined);
}

export class ServiceNamePayload {
  @IsString()
  @IsNotEmpty()
  @MaxLength(SERVICE_NAME_MAX)
  fi!: string;

  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(SERVICE_NAME_MAX)
  sv?: string | null;

  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(SERVICE_NAME_MAX)
  en?: string | null;
}

export class ServiceTextPayload {
  @IsString()
  @IsNotEmpty()
  @MaxLength(SERVICE_TEXT_MAX)
  fi!: string;

  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(SERVICE_TEXT_MAX)
  sv?: string | null;

  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(SERVICE_TEXT_MAX)
  en?: string | null;
}

export class ServiceAddressPayload {
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  street!: string;

  @Matches(POSTAL_CODE_PATTERN, { message: 'postalCode must be a Finnish postal code of five digits' })
  postalCode!: string;

  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  city!: string;

  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  region?: string | null;

  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(-90)
  @Max(90)
  latitude?: number | null;

  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(-180)
  @Max(180)
  longitude?: number | null;
}

export class ServiceContactPayload {
  @IsOptional()
  @Matches(PHONE_PATTERN, { message: 'phone must be a phone number (digits, spaces, +, -, parentheses)' })
  phone?: string | null;

  @IsOptional()
  @IsEmail()
  @MaxLength(254)
  email?: string | null;

  @IsOptional()
  @IsUrl({ protocols: ['https', 'http'], require_protocol: true })
  @MaxLength(500)
  url?: string | null;
}

/** The fields of a service, required or not by mode; each class below is built once. */
function serviceFieldsPayload(mode: 'create' | 'update') {
  class ServiceFieldsPayload {
    @requiredOn(mode)
    @IsObject()
    @ValidateNested()
    @Type(() => ServiceNamePayload)
    name?: ServiceNamePayload;

    @requiredOn(mode)
    @IsObject()
    @ValidateNested()
    @Type(() => ServiceTextPayload)
    description?: ServiceTextPayload;

    @requiredOn(mode)
    @IsArray()
    @ArrayMinSize(1)
    @ArrayUnique()
    @IsIn(NEED_CATEGORIES, { each: true })
    needs?: NeedCategory[];

    @IsOptional()
    @IsObject()
    @ValidateNested()
    @Type(() => ServiceTextPayload)
    eligibility?: ServiceTextPayload | null;

    @requiredOn(mode)
    @IsArray()
    @ArrayMinSize(1)
    @ArrayMaxSize(SERVICE_LANGUAGES_MAX)
    @ArrayUnique()
    @IsLanguageCode({ each: true })
    languages?: string[];

    @requiredOn('update')
    @IsBoolean()
    interpretationAvailable?: boolean;

    @IsOptional()
    @IsObject()
    @ValidateNested()
    @Type(() => ServiceAddressPayload)
    address?: ServiceAddressPayload | null;

    @requiredOn('update')
    @IsObject()
    @ValidateNested()
    @Type(() => ServiceContactPayload)
    contact?: ServiceContactPayload;

    @IsOptional()
    @IsObject()
    @ValidateNested()
    @Type(() => ServiceTextPayload)
    howToRefer?: ServiceTextPayload | null;

    @requiredOn('update')
    @IsIn(SERVICE_REFERRAL_STATUSES)
    referralStatus?: ServiceReferralStatus;
  }
  return ServiceFieldsPayload;
}

/** POST: name, description, needs and languages are required; the rest default (no interpretation, accepting). */
export class CreateServicePayload extends serviceFieldsPayload('create') {
  @IsUUID()
  organisationId!: string;

  declare name: ServiceNamePayload;
  declare description: ServiceTextPayload;
  declare needs: NeedCategory[];
  declare languages: string[];
}

/** PATCH: each given field replaces the stored one whole; eligibility, address and howToRefer may be null. */
export class UpdateServicePayload extends serviceFieldsPayload('update') {
  @IsUUID()
  serviceId!: string;
}

export class ServiceIdPayload {
  @IsUUID()
  serviceId!: string;
}

export class ListServicesPayload {
  @IsUUID()
  organisationId!: string;

  @IsOptional()
  @IsString()
  @MaxLength(500)
  cursor?: string;

  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(100)
  limit?: number;
}

export class SearchDirectoryPayload {
  @IsOptional()
  @IsIn(NEED_CATEGORIES)
  need?: NeedCategory;

  @IsOptional()
  @IsLanguageCode()
  language?: string;

  @IsOptional()
  @IsString()
  @MaxLength(200)
  q?: string;

  @IsOptional()
  @IsString()
  @MaxLength(500)
  cursor?: string;

  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(100)
  limit?: number;
}

export class HsdsExportPayload {
  @IsOptional()
  @IsIn(HSDS_LANGUAGES)
  lang?: HsdsLanguage;
}
