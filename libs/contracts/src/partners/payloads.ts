// Request payloads of the partners service, validated on receipt (EnvelopePayloadPipe).
// class-transformer's @Type needs the metadata API wherever the contracts are imported.
import 'reflect-metadata';
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

export class LocalisedNamePayload {
  @IsString()
  @IsNotEmpty()
  @MaxLength(NAME_MAX)
  fi!: string;

  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(NAME_MAX)
  sv?: string | null;

  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(NAME_MAX)
  en?: string | null;
}

export class UnitPayload {
  /** An existing unit to keep (and rename); without it a new unit is created. */
  @IsOptional()
  @IsUUID()
  id?: string;

  @IsObject()
  @ValidateNested()
  @Type(() => LocalisedNamePayload)
  name!: LocalisedNamePayload;
}

export class IntakePayload {
  @IsOptional()
  @IsEmail()
  @MaxLength(254)
  email?: string | null;

  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(MAX_RESPONSE_DAYS)
  responseDays?: number;

  @IsOptional()
  @IsBoolean()
  accepting?: boolean;

  /** The language of e-mails to the intake address (fi, sv, en); null: Finnish. */
  @IsOptional()
  @IsIn(NOTIFICATION_LANGUAGES)
  language?: NotificationLanguage | null;
}

export class CreateOrganisationPayload {
  @IsObject()
  @ValidateNested()
  @Type(() => LocalisedNamePayload)
  name!: LocalisedNamePayload;

  @IsOptional()
  @IsBusinessId()
  businessId?: string | null;

  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  kind!: string;

  @IsOptional()
  @IsArray()
  @ArrayMaxSize(MAX_UNITS)
  @ValidateNested({ each: true })
  @Type(() => UnitPayload)
  units?: UnitPayload[];

  @IsOptional()
  @IsBoolean()
  canSend?: boolean;

  @IsOptional()
  @IsBoolean()
  canReceive?: boolean;

  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => IntakePayload)
  intake?: IntakePayload;
}

export class UpdateOrganisationPayload {
  @IsUUID()
  id!: string;

  /** From If-Match: the version the caller last saw. */
  @IsOptional()
  @IsInt()
  @Min(1)
  expectedVersion?: number;

  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => LocalisedNamePayload)
  name?: LocalisedNamePayload;

  @IsOptional()
  @IsBusinessId()
  businessId?: string | null;

  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  kind?: string;

  @IsOptional()
  @IsArray()
  @ArrayMaxSize(MAX_UNITS)
  @ValidateNested({ each: true })
  @Type(() => UnitPayload)
  units?: UnitPayload[];

  @IsOptional()
  @IsBoolean()
  canSend?: boolean;

  @IsOptional()
  @IsBoolean()
  canReceive?: boolean;

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

export class ListOrganisationsPayload {
  @IsOptional()
  @IsIn(ORGANISATION_STATUSES)
  status?: OrganisationStatus;

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
  @Max(100)
  limit?: number;
}

export class AcceptAgreementPayload {
  @IsUUID()
  id!: string;

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

export class ListMembersPayload {
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

export class InviteMemberPayload {
  @IsUUID()
  organisationId!: string;

  @IsEmail()
  @MaxLength(254)
  email!: string;

  @IsIn(MEMBER_ROLES)
  role!: MemberRole;

  /** The language of the invitation e-mail (fi, sv, en); default: the organisation's, else Finnish. */
  @IsOptional()
  @IsIn(NOTIFICATION_LANGUAGES)
  language?: NotificationLanguage;
}

export class UpdateMemberPayload {
  @IsUUID()
  organisationId!: string;

  @IsUUID()
  memberId!: string;

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

export class ResolveMembershipPayload {
  /** The token's subject (Keycloak user ids are uuids). */
  @IsUUID()
  userId!: string;

  @IsOptional()
  @IsString()
  @MaxLength(254)
  email!: string | null;

  @IsBoolean()
  emailVerified!: boolean;

  @IsOptional()
  @IsString()
  @MaxLength(255)
  username!: string | null;

  @IsArray()
  @ValidateBy({ name: 'isRoleList', validator: { validate: (value) => isRole(value) } }, { each: true })
  realmRoles!: Role[];

  @IsOptional()
  @IsUUID()
  requestedOrganisationId!: string | null;
}
