import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
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
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import {
  IsLanguageCode,
  NEED_CATEGORIES,
  PHONE_PATTERN,
  POSTAL_CODE_PATTERN,
  SERVICE_LANGUAGES_MAX,
  SERVICE_NAME_MAX,
  SERVICE_REFERRAL_STATUSES,
  SERVICE_TEXT_MAX,
  type NeedCategory,
  type ServiceReferralStatus,
} from '#contracts';

const LANGUAGES = {
  description: 'ISO 639-1 codes of the languages the service is offered in',
  example: ['fi', 'en', 'ar'],
};

export class ServiceNameDto {
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

export class ServiceTextDto {
  @ApiProperty({ maxLength: SERVICE_TEXT_MAX, description: 'Finnish (required)' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(SERVICE_TEXT_MAX)
  fi!: string;

  @ApiPropertyOptional({ maxLength: SERVICE_TEXT_MAX, nullable: true, type: String, description: 'Swedish' })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(SERVICE_TEXT_MAX)
  sv?: string | null;

  @ApiPropertyOptional({ maxLength: SERVICE_TEXT_MAX, nullable: true, type: String, description: 'English' })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(SERVICE_TEXT_MAX)
  en?: string | null;
}

export class ServiceAddressDto {
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

export class ServiceContactDto {
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

/** Present means not null: PATCH may leave a required field out, not clear it. */
const IfGiven = () => ValidateIf((_object, value) => value !== undefined);

export class CreateServiceDto {
  @ApiProperty({ type: ServiceNameDto })
  @IsObject()
  @ValidateNested()
  @Type(() => ServiceNameDto)
  name!: ServiceNameDto;

  @ApiProperty({ type: ServiceTextDto })
  @IsObject()
  @ValidateNested()
  @Type(() => ServiceTextDto)
  description!: ServiceTextDto;

  @ApiProperty({ enum: NEED_CATEGORIES, isArray: true, description: 'Need categories the service answers' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayUnique()
  @IsIn(NEED_CATEGORIES, { each: true })
  needs!: NeedCategory[];

  @ApiPropertyOptional({ type: ServiceTextDto, nullable: true, description: 'Who the service is for' })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => ServiceTextDto)
  eligibility?: ServiceTextDto | null;

  @ApiProperty({ type: [String], maxItems: SERVICE_LANGUAGES_MAX, ...LANGUAGES })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(SERVICE_LANGUAGES_MAX)
  @ArrayUnique()
  @IsLanguageCode({ each: true })
  languages!: string[];

  @ApiPropertyOptional({ default: false, description: 'An interpreter can be arranged' })
  @IfGiven()
  @IsBoolean()
  interpretationAvailable?: boolean;

  @ApiPropertyOptional({ type: ServiceAddressDto, nullable: true, description: 'Where the service is given' })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => ServiceAddressDto)
  address?: ServiceAddressDto | null;

  @ApiPropertyOptional({ type: ServiceContactDto })
  @IfGiven()
  @IsObject()
  @ValidateNested()
  @Type(() => ServiceContactDto)
  contact?: ServiceContactDto;

  @ApiPropertyOptional({ type: ServiceTextDto, nullable: true, description: 'How to refer a client' })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => ServiceTextDto)
  howToRefer?: ServiceTextDto | null;

  @ApiPropertyOptional({ enum: SERVICE_REFERRAL_STATUSES, default: 'accepting' })
  @IfGiven()
  @IsIn(SERVICE_REFERRAL_STATUSES)
  referralStatus?: ServiceReferralStatus;
}

/** Each given field replaces the stored one whole; eligibility, address and howToRefer may be null. */
export class UpdateServiceDto {
  @ApiPropertyOptional({ type: ServiceNameDto })
  @IfGiven()
  @IsObject()
  @ValidateNested()
  @Type(() => ServiceNameDto)
  name?: ServiceNameDto;

  @ApiPropertyOptional({ type: ServiceTextDto })
  @IfGiven()
  @IsObject()
  @ValidateNested()
  @Type(() => ServiceTextDto)
  description?: ServiceTextDto;

  @ApiPropertyOptional({ enum: NEED_CATEGORIES, isArray: true })
  @IfGiven()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayUnique()
  @IsIn(NEED_CATEGORIES, { each: true })
  needs?: NeedCategory[];

  @ApiPropertyOptional({ type: ServiceTextDto, nullable: true })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => ServiceTextDto)
  eligibility?: ServiceTextDto | null;

  @ApiPropertyOptional({ type: [String], maxItems: SERVICE_LANGUAGES_MAX, ...LANGUAGES })
  @IfGiven()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(SERVICE_LANGUAGES_MAX)
  @ArrayUnique()
  @IsLanguageCode({ each: true })
  languages?: string[];

  @ApiPropertyOptional()
  @IfGiven()
  @IsBoolean()
  interpretationAvailable?: boolean;

  @ApiPropertyOptional({ type: ServiceAddressDto, nullable: true })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => ServiceAddressDto)
  address?: ServiceAddressDto | null;

  @ApiPropertyOptional({ type: ServiceContactDto })
  @IfGiven()
  @IsObject()
  @ValidateNested()
  @Type(() => ServiceContactDto)
  contact?: ServiceContactDto;

  @ApiPropertyOptional({ type: ServiceTextDto, nullable: true })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => ServiceTextDto)
  howToRefer?: ServiceTextDto | null;

  @ApiPropertyOptional({ enum: SERVICE_REFERRAL_STATUSES })
  @IfGiven()
  @IsIn(SERVICE_REFERRAL_STATUSES)
  referralStatus?: ServiceReferralStatus;
}

export class PageQuery {
  @ApiPropertyOptional({ description: 'nextCursor of the previous page' })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  cursor?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: 100, default: 50 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100)
  limit?: number;
}

export class LocalisedTextResponse {
  @ApiProperty()
  fi!: string;

  @ApiProperty({ nullable: true, type: String })
  sv!: string | null;

  @ApiProperty({ nullable: true, type: String })
  en!: string | null;
}

export class ServiceAddressResponse {
  @ApiProperty()
  street!: string;

  @ApiProperty()
  postalCode!: string;

  @ApiProperty()
  city!: string;

  @ApiProperty({ nullable: true, type: String })
  region!: string | null;

  @ApiProperty({ nullable: true, type: Number })
  latitude!: number | null;

  @ApiProperty({ nullable: true, type: Number })
  longitude!: number | null;
}

export class ServiceContactResponse {
  @ApiProperty({ nullable: true, type: String })
  phone!: string | null;

  @ApiProperty({ nullable: true, type: String })
  email!: string | null;

  @ApiProperty({ nullable: true, type: String })
  url!: string | null;
}

export class ServiceResponse {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ format: 'uuid' })
  organisationId!: string;

  @ApiProperty({ type: LocalisedTextResponse })
  name!: LocalisedTextResponse;

  @ApiProperty({ type: LocalisedTextResponse })
  description!: LocalisedTextResponse;

  @ApiProperty({ enum: NEED_CATEGORIES, isArray: true })
  needs!: NeedCategory[];

  @ApiProperty({ type: LocalisedTextResponse, nullable: true })
  eligibility!: LocalisedTextResponse | null;

  @ApiProperty({ type: [String], ...LANGUAGES })
  languages!: string[];

  @ApiProperty()
  interpretationAvailable!: boolean;

  @ApiProperty({ type: ServiceAddressResponse, nullable: true })
  address!: ServiceAddressResponse | null;

  @ApiProperty({ type: ServiceContactResponse })
  contact!: ServiceContactResponse;

  @ApiProperty({ type: LocalisedTextResponse, nullable: true })
  howToRefer!: LocalisedTextResponse | null;

  @ApiProperty({ enum: SERVICE_REFERRAL_STATUSES })
  referralStatus!: ServiceReferralStatus;

  @ApiProperty({ format: 'date-time' })
  createdAt!: string;

  @ApiProperty({ format: 'date-time' })
  updatedAt!: string;
}

export class ServicePageResponse {
  @ApiProperty({ type: [ServiceResponse] })
  items!: ServiceResponse[];

  @ApiProperty({ nullable: true, type: String })
  nextCursor!: string | null;
}
