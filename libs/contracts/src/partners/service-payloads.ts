// Request payloads of the service directory, validated on receipt (EnvelopePayloadPipe). The
// gateway uses these same classes (or Pick/Omit of them) as its HTTP DTOs; the @nestjs/swagger
// decorators are metadata only (the OpenAPI document).
import { ApiProperty, ApiPropertyOptional, ApiSchema, type ApiPropertyOptions } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsEmail,
  IsIn,
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
import { IsFreeText } from '../validation.js';
import { isIso6391 } from '../languages.js';
import { PagePayload } from './payloads.js';
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

/** The OpenAPI description of a field on create, and on update (where every field is optional). */
function documentedOn(
  mode: 'create' | 'update',
  create: ApiPropertyOptions,
  update: ApiPropertyOptions,
): PropertyDecorator {
  return mode === 'create' ? ApiProperty(create) : ApiPropertyOptional(update);
}

/** The OpenAPI description of a service's languages (requests and responses). */
export const SERVICE_LANGUAGES_DOC = {
  description: 'ISO 639-1 codes of the languages the service is offered in',
  example: ['fi', 'en', 'ar'],
};

@ApiSchema({ name: 'ServiceNameDto' })
export class ServiceNamePayload {
  @ApiProperty({ maxLength: SERVICE_NAME_MAX, description: 'Finnish (required)' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(SERVICE_NAME_MAX)
  fi!: string;

  @ApiPropertyOptional({ maxLength: SERVICE_NAME_MAX, nullable: true, type: String, description: 'Swedish' })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(SERVICE_NAME_MAX)
  sv?: string | null;

  @ApiPropertyOptional({ maxLength: SERVICE_NAME_MAX, nullable: true, type: String, description: 'English' })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(SERVICE_NAME_MAX)
  en?: string | null;
}

@ApiSchema({ name: 'ServiceTextDto' })
export class ServiceTextPayload {
  @ApiProperty({ maxLength: SERVICE_TEXT_MAX, description: 'Finnish (required)' })
  @IsString()
  @IsNotEmpty()
  @IsFreeText()
  @MaxLength(SERVICE_TEXT_MAX)
  fi!: string;

  @ApiPropertyOptional({ maxLength: SERVICE_TEXT_MAX, nullable: true, type: String, description: 'Swedish' })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @IsFreeText()
  @MaxLength(SERVICE_TEXT_MAX)
  sv?: string | null;

  @ApiPropertyOptional({ maxLength: SERVICE_TEXT_MAX, nullable: true, type: String, description: 'English' })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @IsFreeText()
  @MaxLength(SERVICE_TEXT_MAX)
  en?: string | null;
}

@ApiSchema({ name: 'ServiceAddressDto' })
export class ServiceAddressPayload {
  @ApiProperty({ maxLength: 200, example: 'Kauppakatu 17' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  street!: string;

  @ApiProperty({ pattern: POSTAL_CODE_PATTERN.source, example: '60100' })
  @Matches(POSTAL_CODE_PATTERN, { message: 'postalCode must be a Finnish postal code of five digits' })
  postalCode!: string;

  @ApiProperty({ maxLength: 100, example: 'Seinäjoki' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  city!: string;

  @ApiPropertyOptional({
    maxLength: 100,
    nullable: true,
    type: String,
    example: 'Etelä-Pohjanmaa',
    description: 'Region (maakunta)',
  })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  region?: string | null;

  @ApiPropertyOptional({ minimum: -90, maximum: 90, nullable: true, type: Number })
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(-90)
  @Max(90)
  latitude?: number | null;

  @ApiPropertyOptional({ minimum: -180, maximum: 180, nullable: true, type: Number })
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(-180)
  @Max(180)
  longitude?: number | null;
}

@ApiSchema({ name: 'ServiceContactDto' })
export class ServiceContactPayload {
  @ApiPropertyOptional({
    nullable: true,
    type: String,
    pattern: PHONE_PATTERN.source,
    example: '+358 6 555 0101',
  })
  @IsOptional()
  @Matches(PHONE_PATTERN, { message: 'phone must be a phone number (digits, spaces, +, -, parentheses)' })
  phone?: string | null;

  @ApiPropertyOptional({ nullable: true, type: String, format: 'email', maxLength: 254 })
  @IsOptional()
  @IsEmail()
  @MaxLength(254)
  email?: string | null;

  @ApiPropertyOptional({ nullable: true, type: String, format: 'uri', maxLength: 500 })
  @IsOptional()
  @IsUrl({ protocols: ['https', 'http'], require_protocol: true })
  @MaxLength(500)
  url?: string | null;
}

/** The fields of a service, required or not by mode; each class below is built once. */
function serviceFieldsPayload(mode: 'create' | 'update') {
  class ServiceFieldsPayload {
    @documentedOn(mode, { type: ServiceNamePayload }, { type: ServiceNamePayload })
    @requiredOn(mode)
    @IsObject()
    @ValidateNested()
    @Type(() => ServiceNamePayload)
    name?: ServiceNamePayload;

    @documentedOn(mode, { type: ServiceTextPayload }, { type: ServiceTextPayload })
    @requiredOn(mode)
    @IsObject()
    @ValidateNested()
    @Type(() => ServiceTextPayload)
    description?: ServiceTextPayload;

    @documentedOn(
      mode,
      { enum: NEED_CATEGORIES, isArray: true, description: 'Need categories the service answers' },
      { enum: NEED_CATEGORIES, isArray: true },
    )
    @requiredOn(mode)
    @IsArray()
    @ArrayMinSize(1)
    @ArrayUnique()
    @IsIn(NEED_CATEGORIES, { each: true })
    needs?: NeedCategory[];

    @ApiPropertyOptional({
      type: ServiceTextPayload,
      nullable: true,
      ...(mode === 'create' ? { description: 'Who the service is for' } : {}),
    })
    @IsOptional()
    @IsObject()
    @ValidateNested()
    @Type(() => ServiceTextPayload)
    eligibility?: ServiceTextPayload | null;

    @documentedOn(
      mode,
      { type: [String], maxItems: SERVICE_LANGUAGES_MAX, ...SERVICE_LANGUAGES_DOC },
      { type: [String], maxItems: SERVICE_LANGUAGES_MAX, ...SERVICE_LANGUAGES_DOC },
    )
    @requiredOn(mode)
    @IsArray()
    @ArrayMinSize(1)
    @ArrayMaxSize(SERVICE_LANGUAGES_MAX)
    @ArrayUnique()
    @IsLanguageCode({ each: true })
    languages?: string[];

    @ApiPropertyOptional(
      mode === 'create' ? { default: false, description: 'An interpreter can be arranged' } : {},
    )
    @requiredOn('update')
    @IsBoolean()
    interpretationAvailable?: boolean;

    @ApiPropertyOptional({
      type: ServiceAddressPayload,
      nullable: true,
      ...(mode === 'create' ? { description: 'Where the service is given' } : {}),
    })
    @IsOptional()
    @IsObject()
    @ValidateNested()
    @Type(() => ServiceAddressPayload)
    address?: ServiceAddressPayload | null;

    @ApiPropertyOptional({ type: ServiceContactPayload })
    @requiredOn('update')
    @IsObject()
    @ValidateNested()
    @Type(() => ServiceContactPayload)
    contact?: ServiceContactPayload;

    @ApiPropertyOptional({
      type: ServiceTextPayload,
      nullable: true,
      ...(mode === 'create' ? { description: 'How to refer a client' } : {}),
    })
    @IsOptional()
    @IsObject()
    @ValidateNested()
    @Type(() => ServiceTextPayload)
    howToRefer?: ServiceTextPayload | null;

    @ApiPropertyOptional({
      enum: SERVICE_REFERRAL_STATUSES,
      ...(mode === 'create' ? { default: 'accepting' } : {}),
    })
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

export class ListServicesPayload extends PagePayload {
  @IsUUID()
  organisationId!: string;
}

export class SearchDirectoryPayload extends PagePayload {
  @ApiPropertyOptional({ enum: NEED_CATEGORIES, description: 'Services that answer this need' })
  @IsOptional()
  @IsIn(NEED_CATEGORIES)
  need?: NeedCategory;

  @ApiPropertyOptional({ description: 'Services offered in this language (ISO 639-1)', example: 'ar' })
  @IsOptional()
  @IsLanguageCode()
  language?: string;

  @ApiPropertyOptional({
    maxLength: 200,
    description: 'Words that must each occur in a name or description, in any of the three languages',
  })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  q?: string;
}

export class HsdsExportPayload {
  @ApiPropertyOptional({
    enum: HSDS_LANGUAGES,
    default: 'fi',
    description:
      'HSDS has one language per dataset: texts in this language, Finnish where a translation is missing',
  })
  @IsOptional()
  @IsIn(HSDS_LANGUAGES)
  lang?: HsdsLanguage;
}
