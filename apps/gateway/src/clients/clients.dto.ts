// HTTP shapes of clients and consents (api.md). Validation mirrors the clients service's payloads
// (the same validators), so a bad field is refused here with 400 naming it.
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
  IsISO8601,
  IsNotEmpty,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import {
  CLIENT_NAME_MAX,
  CLIENT_NEED_CATEGORIES,
  CLIENT_PHONE_PATTERN,
  CONSENT_GIVERS,
  CONSENT_METHODS,
  CONSENT_PURPOSES,
  CONSENT_STATUSES,
  DATA_CATEGORIES,
  GENDERS,
  IsClientLanguageCode,
  IsPastCalendarDate,
  IsPersonalIdentityCode,
  MAX_PAGE_SIZE,
  MAX_RECIPIENTS,
  NEED_DESCRIPTION_MAX,
  type ClientNeedCategory,
  type ConsentGiver,
  type ConsentMethod,
  type ConsentPurpose,
  type ConsentStatus,
  type DataCategory,
  type Gender,
} from '#contracts';

export class IdParam {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  id!: string;
}

export class ClientNeedDto {
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
  @MaxLength(NEED_DESCRIPTION_MAX)
  description?: string | null;
}

class ClientOptionalFieldsDto {
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

  @ApiPropertyOptional({ type: [ClientNeedDto] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(CLIENT_NEED_CATEGORIES.length)
  @ArrayUnique((need: ClientNeedDto) => need?.category, { message: 'needs must name each category once' })
  @ValidateNested({ each: true })
  @Type(() => ClientNeedDto)
  needs?: ClientNeedDto[];
}

export class CreateClientDto extends ClientOptionalFieldsDto {
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

export class UpdateClientDto extends ClientOptionalFieldsDto {
  @ApiPropertyOptional({ maxLength: CLIENT_NAME_MAX })
  @ValidateIf((dto: UpdateClientDto) => dto.firstName !== undefined)
  @IsString()
  @IsNotEmpty()
  @MaxLength(CLIENT_NAME_MAX)
  firstName?: string;

  @ApiPropertyOptional({ maxLength: CLIENT_NAME_MAX })
  @ValidateIf((dto: UpdateClientDto) => dto.lastName !== undefined)
  @IsString()
  @IsNotEmpty()
  @MaxLength(CLIENT_NAME_MAX)
  lastName?: string;
}

export class ListClientsQuery {
  @ApiPropertyOptional({
    description: 'A name (or part of one), a date of birth (YYYY-MM-DD or D.M.YYYY) or an identity code',
  })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  q?: string;

  @ApiPropertyOptional({ description: 'nextCursor of the previous page' })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  cursor?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: MAX_PAGE_SIZE, default: 20 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_PAGE_SIZE)
  limit?: number;
}

export class RecordConsentDto {
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

export class WithdrawConsentDto {
  @ApiProperty({ enum: CONSENT_METHODS, description: 'How the client withdrew' })
  @IsIn(CONSENT_METHODS)
  method!: ConsentMethod;

  @ApiPropertyOptional({ maxLength: 2000, description: 'Free text, encrypted at rest' })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  note?: string;
}

export class ReceiptQuery {
  @ApiPropertyOptional({ enum: ['pdf', 'html'], default: 'pdf' })
  @IsOptional()
  @IsIn(['pdf', 'html'])
  format?: 'pdf' | 'html';

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

export class ExpiringConsentsQuery {
  @ApiPropertyOptional({ minimum: 1, maximum: 365, default: 30 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(365)
  withinDays?: number;
}

// Responses (for the OpenAPI document).

export class ClientNeedResponse {
  @ApiProperty({ enum: CLIENT_NEED_CATEGORIES })
  category!: ClientNeedCategory;

  @ApiProperty({ type: String, nullable: true })
  description!: string | null;
}

export class ClientListItemResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) organisationId!: string;
  @ApiProperty({ type: String, nullable: true, description: 'null once erased' }) firstName!: string | null;
  @ApiProperty({ type: String, nullable: true }) lastName!: string | null;
  @ApiProperty({ type: String, format: 'date', nullable: true }) dateOfBirth!: string | null;
  @ApiProperty({ type: String, nullable: true, example: '010594Y****' }) personalIdentityCodeMasked!:
    string | null;
  @ApiProperty({ type: String, nullable: true }) preferredLanguage!: string | null;
  @ApiProperty({ type: String, nullable: true }) municipality!: string | null;
  @ApiProperty() erased!: boolean;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
}

export class ClientResponse extends ClientListItemResponse {
  @ApiProperty({ type: String, nullable: true, description: 'In full only here, on the client page' })
  personalIdentityCode!: string | null;

  @ApiProperty({ type: [String] }) languages!: string[];
  @ApiProperty() interpreterNeeded!: boolean;
  @ApiProperty({ type: String, nullable: true }) phone!: string | null;
  @ApiProperty({ type: String, nullable: true }) email!: string | null;
  @ApiProperty({ enum: GENDERS, nullable: true }) gender!: Gender | null;
  @ApiProperty({ type: [ClientNeedResponse] }) needs!: ClientNeedResponse[];
  @ApiProperty({ type: Number, nullable: true, description: 'Kept after erasure (age bands)' }) birthYear!:
    number | null;
  @ApiProperty({ format: 'uuid' }) createdBy!: string;
  @ApiProperty({ format: 'date-time' }) lastActivityAt!: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) erasedAt!: string | null;
}

export class ClientPageResponse {
  @ApiProperty({ type: [ClientListItemResponse] }) items!: ClientListItemResponse[];
  @ApiProperty({ type: String, nullable: true }) nextCursor!: string | null;
}

export class ConsentResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) clientId!: string;
  @ApiProperty({ description: 'Grows by one with each superseding consent' }) version!: number;
  @ApiProperty({ enum: CONSENT_STATUSES }) status!: ConsentStatus;
  @ApiProperty({ type: [String], format: 'uuid' }) recipientOrganisationIds!: string[];
  @ApiProperty({ enum: DATA_CATEGORIES, isArray: true }) categories!: DataCategory[];
  @ApiProperty({ enum: CONSENT_PURPOSES, isArray: true }) purposes!: ConsentPurpose[];
  @ApiProperty({ enum: CONSENT_METHODS }) method!: ConsentMethod;
  @ApiProperty({ enum: CONSENT_GIVERS }) givenBy!: ConsentGiver;
  @ApiProperty({ format: 'uuid' }) recordedBy!: string;
  @ApiProperty({ format: 'uuid' }) recordedByOrganisationId!: string;
  @ApiProperty() noticeVersion!: string;
  @ApiProperty() noticeLanguage!: string;
  @ApiProperty() interpreterUsed!: boolean;
  @ApiProperty({ format: 'date-time' }) givenAt!: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: 'null for a refusal' })
  validUntil!: string | null;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) supersedesConsentId!: string | null;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) supersededByConsentId!: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) withdrawnAt!: string | null;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) withdrawnBy!: string | null;
  @ApiProperty({ enum: CONSENT_METHODS, nullable: true }) withdrawalMethod!: ConsentMethod | null;
  @ApiProperty({ type: String, nullable: true }) withdrawalNote!: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) expiredAt!: string | null;
}

export class ConsentListResponse {
  @ApiProperty({ type: [ConsentResponse] }) items!: ConsentResponse[];
}

export class ClientExportResponse {
  @ApiProperty({ format: 'date-time' }) exportedAt!: string;
  @ApiProperty({ type: ClientResponse }) client!: ClientResponse;
  @ApiProperty({ type: [ConsentResponse] }) consents!: ConsentResponse[];
}

export class ExpiringConsentResponse {
  @ApiProperty({ format: 'uuid' }) consentId!: string;
  @ApiProperty({ format: 'uuid' }) clientId!: string;
  @ApiProperty({ type: String, nullable: true }) firstName!: string | null;
  @ApiProperty({ type: String, nullable: true }) lastName!: string | null;
  @ApiProperty({ format: 'date-time' }) validUntil!: string;
  @ApiProperty({ type: [String], format: 'uuid' }) recipientOrganisationIds!: string[];
}

export class ExpiringConsentListResponse {
  @ApiProperty({ type: [ExpiringConsentResponse] }) items!: ExpiringConsentResponse[];
}
