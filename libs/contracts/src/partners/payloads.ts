// Request payloads of the partners service, validated on receipt (EnvelopePayloadPipe). The gateway
// uses these same classes (or Pick/Omit of them) as its HTTP DTOs; the @nestjs/swagger decorators
// are metadata only (the OpenAPI document).
// class-transformer's @Type needs the metadata API wherever the contracts are imported.
import 'reflect-metadata';
import { ApiProperty, ApiPropertyOptional, ApiSchema } from '@nestjs/swagger';
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
  ValidateBy,
  ValidateNested,
  type ValidationOptions,
} from 'class-validator';
import { isRole, type Role } from '../roles.js';
import { NOTIFICATION_LANGUAGES, type NotificationLanguage } from '../notifications/kinds.js';
import { isValidBusinessId } from './business-id.js';
import { MEMBER_ROLES, ORGANISATION_STATUSES, type MemberRole, type OrganisationStatus } from './views.js';

export function IsBusinessId(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isBusinessId',
      validator: {
        validate: (value) => isValidBusinessId(value),
        defaultMessage: () => 'businessId must be a Finnish business ID (1234567-8) with a valid check digit',
      },
    },
    options,
  );
}

export const NAME_MAX = 200;
export const MAX_UNITS = 100;
export const MAX_RESPONSE_DAYS = 60;

const BUSINESS_ID = {
  example: '0204819-8',
  description: 'Finnish business ID (Y-tunnus), check digit validated',
};

@ApiSchema({ name: 'LocalisedNameDto' })
export class LocalisedNamePayload {
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

@ApiSchema({ name: 'UnitDto' })
export class UnitPayload {
  /** An existing unit to keep (and rename); without it a new unit is created. */
  @ApiPropertyOptional({
    format: 'uuid',
    description: 'An existing unit to keep; without it a new unit is created',
  })
  @IsOptional()
  @IsUUID()
  id?: string;

  @ApiProperty({ type: LocalisedNamePayload })
  @IsObject()
  @ValidateNested()
  @Type(() => LocalisedNamePayload)
  name!: LocalisedNamePayload;
}

@ApiSchema({ name: 'IntakeDto' })
export class IntakePayload {
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

  /** The language of e-mails to the intake address (fi, sv, en); null: Finnish. */
  @ApiPropertyOptional({
    enum: NOTIFICATION_LANGUAGES,
    nullable: true,
    description: 'The organisation’s preferred language: e-mails to the intake address and invitations',
  })
  @IsOptional()
  @IsIn(NOTIFICATION_LANGUAGES)
  language?: NotificationLanguage | null;
}

export class CreateOrganisationPayload {
  @ApiProperty({ type: LocalisedNamePayload })
  @IsObject()
  @ValidateNested()
  @Type(() => LocalisedNamePayload)
  name!: LocalisedNamePayload;

  @ApiPropertyOptional({ ...BUSINESS_ID, nullable: true, type: String })
  @IsOptional()
  @IsBusinessId()
  businessId?: string | null;

  @ApiProperty({ maxLength: 100, description: 'A free label, e.g. "employment services"' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  kind!: string;

  @ApiPropertyOptional({ type: [UnitPayload], maxItems: MAX_UNITS })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(MAX_UNITS)
  @ValidateNested({ each: true })
  @Type(() => UnitPayload)
  units?: UnitPayload[];

  @ApiPropertyOptional({ default: false, description: 'May send referrals' })
  @IsOptional()
  @IsBoolean()
  canSend?: boolean;

  @ApiPropertyOptional({ default: false, description: 'May receive referrals' })
  @IsOptional()
  @IsBoolean()
  canReceive?: boolean;

  @ApiPropertyOptional({ type: IntakePayload })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => IntakePayload)
  intake?: IntakePayload;
}

/** Every field optional; an org_admin may change name, units and intake only. */
export class UpdateOrganisationPayload {
  @IsUUID()
  id!: string;

  /** From If-Match: the version the caller last saw. */
  @IsOptional()
  @IsInt()
  @Min(1)
  expectedVersion?: number;

  @ApiPropertyOptional({ type: LocalisedNamePayload, description: 'Replaces all three names' })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => LocalisedNamePayload)
  name?: LocalisedNamePayload;

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
    type: [UnitPayload],
    maxItems: MAX_UNITS,
    description: 'Replaces the units: given ids are kept, new ones created, the rest removed',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(MAX_UNITS)
  @ValidateNested({ each: true })
  @Type(() => UnitPayload)
  units?: UnitPayload[];

  @ApiPropertyOptional({ description: 'platform_admin only' })
  @IsOptional()
  @IsBoolean()
  canSend?: boolean;

  @ApiPropertyOptional({ description: 'platform_admin only' })
  @IsOptional()
  @IsBoolean()
  canReceive?: boolean;

  @ApiPropertyOptional({ type: IntakePayload, description: 'Given fields replace the current ones' })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => IntakePayload)
  intake?: IntakePayload;
}

export class OrganisationIdPayload {
  @IsUUID()
  id!: string;
}

/** A page of a list of the partners service: the cursor of the previous page and a size. */
export class PagePayload {
  @ApiPropertyOptional({ description: 'nextCursor of the previous page' })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  cursor?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: 100, default: 50 })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(100)
  limit?: number;
}

export class ListOrganisationsPayload extends PagePayload {
  @ApiPropertyOptional({ enum: ORGANISATION_STATUSES })
  @IsOptional()
  @IsIn(ORGANISATION_STATUSES)
  status?: OrganisationStatus;

  @ApiPropertyOptional({ maxLength: 100, description: 'Part of a name, or a business ID' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  q?: string;
}

export class AcceptAgreementPayload {
  @IsUUID()
  id!: string;

  @ApiProperty({
    example: '2026-1',
    description: 'The version of the data-sharing agreement accepted (must be the current one)',
  })
  @IsString()
  @IsNotEmpty()
  @MaxLength(50)
  version!: string;
}

export class LookupOrganisationsPayload {
  @IsArray()
  @ArrayMaxSize(500)
  @IsUUID('all', { each: true })
  ids!: string[];
}

export class ListMembersPayload extends PagePayload {
  @IsUUID()
  organisationId!: string;
}

export class InviteMemberPayload {
  @IsUUID()
  organisationId!: string;

  @ApiProperty({ format: 'email', description: 'The invitation is bound to this e-mail (verified at login)' })
  @IsEmail()
  @MaxLength(254)
  email!: string;

  @ApiProperty({ enum: MEMBER_ROLES })
  @IsIn(MEMBER_ROLES)
  role!: MemberRole;

  /** The language of the invitation e-mail (fi, sv, en); default: the organisation's, else Finnish. */
  @ApiPropertyOptional({
    enum: NOTIFICATION_LANGUAGES,
    description: 'Language of the invitation e-mail; default: the organisation’s, else Finnish',
  })
  @IsOptional()
  @IsIn(NOTIFICATION_LANGUAGES)
  language?: NotificationLanguage;
}

export class UpdateMemberPayload {
  @IsUUID()
  organisationId!: string;

  @IsUUID()
  memberId!: string;

  @ApiProperty({ enum: MEMBER_ROLES })
  @IsIn(MEMBER_ROLES)
  role!: MemberRole;
}

export class MemberRefPayload {
  @IsUUID()
  organisationId!: string;

  @IsUUID()
  memberId!: string;
}

export class InvitationRefPayload {
  @IsUUID()
  organisationId!: string;

  @IsUUID()
  invitationId!: string;
}

// Internal (gateway to partners): `nullable: true` is what lets a field be null (validation.ts).
export class ResolveMembershipPayload {
  /** The token's subject (Keycloak user ids are uuids). */
  @IsUUID()
  userId!: string;

  @ApiPropertyOptional({ nullable: true, type: String })
  @IsOptional()
  @IsString()
  @MaxLength(254)
  email!: string | null;

  @IsBoolean()
  emailVerified!: boolean;

  @ApiPropertyOptional({ nullable: true, type: String })
  @IsOptional()
  @IsString()
  @MaxLength(255)
  username!: string | null;

  /** The token's `name` claim (shown to colleagues); absent from older callers. */
  @ApiPropertyOptional({ nullable: true, type: String })
  @IsOptional()
  @IsString()
  @MaxLength(255)
  name?: string | null;

  /** A service account's token (client credentials); absent from older callers. */
  @IsOptional()
  @IsBoolean()
  serviceAccount?: boolean;

  @IsArray()
  @ValidateBy({ name: 'isRoleList', validator: { validate: (value) => isRole(value) } }, { each: true })
  realmRoles!: Role[];

  @ApiPropertyOptional({ nullable: true, type: String })
  @IsOptional()
  @IsUUID()
  requestedOrganisationId!: string | null;
}
