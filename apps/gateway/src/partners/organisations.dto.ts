import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
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
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import {
  NOTIFICATION_LANGUAGES,
  type NotificationLanguage,
  IsBusinessId,
  MAX_RESPONSE_DAYS,
  MAX_UNITS,
  MEMBER_ROLES,
  MEMBERSHIP_STATUSES,
  NAME_MAX,
  ORGANISATION_STATUSES,
  type InvitationStatus,
  type MemberRole,
  type MembershipStatus,
  type OrganisationStatus,
} from '#contracts';

const BUSINESS_ID = {
  example: '0204819-8',
  description: 'Finnish business ID (Y-tunnus), check digit validated',
};

export class LocalisedNameDto {
  @ApiProperty({ maxLength: NAME_MAX, description: 'Finnish (required)' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(NAME_MAX)
  fi!: string;

  @ApiPropertyOptional({ maxLength: NAME_MAX, nullable: true, type: String, description: 'Swedish' })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(NAME_MAX)
  sv?: string | null;

  @ApiPropertyOptional({ maxLength: NAME_MAX, nullable: true, type: String, description: 'English' })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(NAME_MAX)
  en?: string | null;
}

export class UnitDto {
  @ApiPropertyOptional({
    format: 'uuid',
    description: 'An existing unit to keep; without it a new unit is created',
  })
  @IsOptional()
  @IsUUID()
  id?: string;

  @ApiProperty({ type: LocalisedNameDto })
  @IsObject()
  @ValidateNested()
  @Type(() => LocalisedNameDto)
  name!: LocalisedNameDto;
}

export class IntakeDto {
  @ApiPropertyOptional({
    nullable: true,
    type: String,
    format: 'email',
    description: 'Where new referrals are announced',
  })
  @IsOptional()
  @IsEmail()
  @MaxLength(254)
  email?: string | null;

  @ApiPropertyOptional({
    minimum: 1,
    maximum: MAX_RESPONSE_DAYS,
    description: 'Response promise in working days',
  })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(MAX_RESPONSE_DAYS)
  responseDays?: number;

  @ApiPropertyOptional({ description: 'Whether the organisation accepts referrals now' })
  @IsOptional()
  @IsBoolean()
  accepting?: boolean;

  @ApiPropertyOptional({
    enum: NOTIFICATION_LANGUAGES,
    nullable: true,
    description: 'The organisation’s preferred language: e-mails to the intake address and invitations',
  })
  @IsOptional()
  @IsIn(NOTIFICATION_LANGUAGES)
  language?: NotificationLanguage | null;
}

export class CreateOrganisationDto {
  @ApiProperty({ type: LocalisedNameDto })
  @IsObject()
  @ValidateNested()
  @Type(() => LocalisedNameDto)
  name!: LocalisedNameDto;

  @ApiPropertyOptional({ ...BUSINESS_ID, nullable: true, type: String })
  @IsOptional()
  @IsBusinessId()
  businessId?: string | null;

  @ApiProperty({ maxLength: 100, description: 'A free label, e.g. "employment services"' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  kind!: string;

  @ApiPropertyOptional({ type: [UnitDto], maxItems: MAX_UNITS })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(MAX_UNITS)
  @ValidateNested({ each: true })
  @Type(() => UnitDto)
  units?: UnitDto[];

  @ApiPropertyOptional({ default: false, description: 'May send referrals' })
  @IsOptional()
  @IsBoolean()
  canSend?: boolean;

  @ApiPropertyOptional({ default: false, description: 'May receive referrals' })
  @IsOptional()
  @IsBoolean()
  canReceive?: boolean;

  @ApiPropertyOptional({ type: IntakeDto })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => IntakeDto)
  intake?: IntakeDto;
}

/** Every field optional; an org_admin may change name, units and intake only. */
export class UpdateOrganisationDto {
  @ApiPropertyOptional({ type: LocalisedNameDto, description: 'Replaces all three names' })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => LocalisedNameDto)
  name?: LocalisedNameDto;

  @ApiPropertyOptional({ ...BUSINESS_ID, nullable: true, type: String, description: 'platform_admin only' })
  @IsOptional()
  @IsBusinessId()
  businessId?: string | null;

  @ApiPropertyOptional({ maxLength: 100, description: 'platform_admin only' })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  kind?: string;

  @ApiPropertyOptional({
    type: [UnitDto],
    maxItems: MAX_UNITS,
    description: 'Replaces the units: given ids are kept, new ones created, the rest removed',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(MAX_UNITS)
  @ValidateNested({ each: true })
  @Type(() => UnitDto)
  units?: UnitDto[];

  @ApiPropertyOptional({ description: 'platform_admin only' })
  @IsOptional()
  @IsBoolean()
  canSend?: boolean;

  @ApiPropertyOptional({ description: 'platform_admin only' })
  @IsOptional()
  @IsBoolean()
  canReceive?: boolean;

  @ApiPropertyOptional({ type: IntakeDto, description: 'Given fields replace the current ones' })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => IntakeDto)
  intake?: IntakeDto;
}

export class AcceptAgreementDto {
  @ApiProperty({
    example: '2026-1',
    description: 'The version of the data-sharing agreement accepted (must be the current one)',
  })
  @IsString()
  @IsNotEmpty()
  @MaxLength(50)
  version!: string;
}

export class ListOrganisationsQuery {
  @ApiPropertyOptional({ enum: ORGANISATION_STATUSES })
  @IsOptional()
  @IsIn(ORGANISATION_STATUSES)
  status?: OrganisationStatus;

  @ApiPropertyOptional({ maxLength: 100, description: 'Part of a name, or a business ID' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  q?: string;

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

export class ListMembersQuery {
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

export class InviteMemberDto {
  @ApiProperty({ format: 'email', description: 'The invitation is bound to this e-mail (verified at login)' })
  @IsEmail()
  @MaxLength(254)
  email!: string;

  @ApiProperty({ enum: MEMBER_ROLES })
  @IsIn(MEMBER_ROLES)
  role!: MemberRole;

  @ApiPropertyOptional({
    enum: NOTIFICATION_LANGUAGES,
    description: 'Language of the invitation e-mail; default: the organisation’s, else Finnish',
  })
  @IsOptional()
  @IsIn(NOTIFICATION_LANGUAGES)
  language?: NotificationLanguage;
}

export class UpdateMemberDto {
  @ApiProperty({ enum: MEMBER_ROLES })
  @IsIn(MEMBER_ROLES)
  role!: MemberRole;
}

// Responses

export class LocalisedNameView {
  @ApiProperty()
  fi!: string;

  @ApiProperty({ nullable: true, type: String })
  sv!: string | null;

  @ApiProperty({ nullable: true, type: String })
  en!: string | null;
}

export class UnitResponse {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ type: LocalisedNameView })
  name!: LocalisedNameView;
}

export class IntakeResponse {
  @ApiProperty({ nullable: true, type: String, format: 'email' })
  email!: string | null;

  @ApiProperty({ description: 'Response promise in working days' })
  responseDays!: number;

  @ApiProperty()
  accepting!: boolean;

  @ApiProperty({ enum: NOTIFICATION_LANGUAGES, nullable: true, type: String })
  language!: NotificationLanguage | null;
}

export class AgreementResponse {
  @ApiProperty()
  version!: string;

  @ApiProperty({ format: 'uuid', description: 'The user who accepted it' })
  acceptedBy!: string;

  @ApiProperty({ format: 'date-time' })
  acceptedAt!: string;
}

export class OrganisationResponse {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ type: LocalisedNameView })
  name!: LocalisedNameView;

  @ApiProperty({ nullable: true, type: String, example: '0204819-8' })
  businessId!: string | null;

  @ApiProperty()
  kind!: string;

  @ApiProperty({ type: [UnitResponse] })
  units!: UnitResponse[];

  @ApiProperty()
  canSend!: boolean;

  @ApiProperty()
  canReceive!: boolean;

  @ApiProperty({ type: IntakeResponse })
  intake!: IntakeResponse;

  @ApiProperty({ enum: ORGANISATION_STATUSES })
  status!: OrganisationStatus;

  @ApiProperty({ type: AgreementResponse, nullable: true })
  agreement!: AgreementResponse | null;

  @ApiProperty({ nullable: true, type: String, format: 'date-time' })
  deactivatedAt!: string | null;

  @ApiProperty({ format: 'date-time' })
  createdAt!: string;

  @ApiProperty({ format: 'date-time' })
  updatedAt!: string;

  @ApiProperty({ description: 'Also sent as ETag; PATCH accepts it in If-Match' })
  version!: number;
}

export class OrganisationPageResponse {
  @ApiProperty({ type: [OrganisationResponse] })
  items!: OrganisationResponse[];

  @ApiProperty({ nullable: true, type: String })
  nextCursor!: string | null;
}

export class MemberResponse {
  @ApiProperty({ format: 'uuid', description: 'The membership id (memberId in paths)' })
  id!: string;

  @ApiProperty({ format: 'uuid' })
  userId!: string;

  @ApiProperty({ format: 'uuid' })
  organisationId!: string;

  @ApiProperty({ nullable: true, type: String, description: 'The verified e-mail of the last login' })
  email!: string | null;

  @ApiProperty({ enum: MEMBER_ROLES })
  role!: MemberRole;

  @ApiProperty({ enum: MEMBERSHIP_STATUSES })
  status!: MembershipStatus;

  @ApiProperty({ format: 'date-time' })
  createdAt!: string;

  @ApiProperty({ format: 'date-time' })
  updatedAt!: string;
}

export class InvitationResponse {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ format: 'uuid' })
  organisationId!: string;

  @ApiProperty({ format: 'email' })
  email!: string;

  @ApiProperty({ enum: MEMBER_ROLES })
  role!: MemberRole;

  @ApiProperty({ enum: ['open', 'accepted', 'revoked', 'expired'] })
  status!: InvitationStatus;

  @ApiProperty({ format: 'uuid' })
  invitedBy!: string;

  @ApiProperty({ enum: NOTIFICATION_LANGUAGES, nullable: true, type: String })
  language!: NotificationLanguage | null;

  @ApiProperty({ format: 'date-time' })
  expiresAt!: string;

  @ApiProperty({ nullable: true, type: String, format: 'date-time' })
  acceptedAt!: string | null;

  @ApiProperty({ format: 'date-time' })
  createdAt!: string;
}

export class MemberPageResponse {
  @ApiProperty({ type: [MemberResponse] })
  items!: MemberResponse[];

  @ApiProperty({ nullable: true, type: String })
  nextCursor!: string | null;

  @ApiProperty({ type: [InvitationResponse], description: 'Open invitations (first page only)' })
  invitations!: InvitationResponse[];
}
