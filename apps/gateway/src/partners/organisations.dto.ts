// HTTP shapes of organisations and members (api.md). Request bodies and queries are the partners
// service's own payload classes (#contracts, with their validators and OpenAPI decorators), less
// the ids and versions that come from the path and If-Match.
import { ApiProperty, OmitType, PickType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  AcceptAgreementPayload,
  CreateOrganisationPayload,
  InviteMemberPayload,
  ListOrganisationsPayload,
  MEMBER_KINDS,
  MEMBER_ROLES,
  MEMBERSHIP_STATUSES,
  NOTIFICATION_LANGUAGES,
  ORGANISATION_STATUSES,
  UpdateMemberPayload,
  UpdateOrganisationPayload,
  type InvitationStatus,
  type MemberKind,
  type MemberRole,
  type MembershipStatus,
  type NotificationLanguage,
  type OrganisationStatus,
} from '#contracts';
import { LocalisedTextResponse } from '../http/localised-text.js';

export class CreateOrganisationDto extends CreateOrganisationPayload {}

/** Every field optional; an org_admin may change name, units and intake only. */
export class UpdateOrganisationDto extends OmitType(UpdateOrganisationPayload, ['id', 'expectedVersion']) {}

export class AcceptAgreementDto extends PickType(AcceptAgreementPayload, ['version']) {}

/** Query strings arrive as text: `limit` is converted before it is validated. */
export class ListOrganisationsQuery extends ListOrganisationsPayload {
  @Type(() => Number)
  declare limit?: number;
}

export class InviteMemberDto extends OmitType(InviteMemberPayload, ['organisationId']) {}

export class UpdateMemberDto extends PickType(UpdateMemberPayload, ['role']) {}

// Responses

export class UnitResponse {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ type: LocalisedTextResponse })
  name!: LocalisedTextResponse;
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

  @ApiProperty({ type: LocalisedTextResponse })
  name!: LocalisedTextResponse;

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

/** A member's name as members and colleagues show it. */
const DISPLAY_NAME = {
  nullable: true,
  type: String,
  description: 'The name the member last signed in with (else their username); null until their first login',
} as const;

export class MemberResponse {
  @ApiProperty({ format: 'uuid', description: 'The membership id (memberId in paths)' })
  id!: string;

  @ApiProperty({ format: 'uuid' })
  userId!: string;

  @ApiProperty({ format: 'uuid' })
  organisationId!: string;

  @ApiProperty({ nullable: true, type: String, description: 'The verified e-mail of the last login' })
  email!: string | null;

  @ApiProperty(DISPLAY_NAME)
  displayName!: string | null;

  @ApiProperty({
    enum: MEMBER_KINDS,
    description: "system: a partner system's service account (client credentials), never assigned work",
  })
  kind!: MemberKind;

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

  @ApiProperty({
    type: [InvitationResponse],
    description:
      'The first page of open invitations (on the first page of members only; all: GET .../invitations)',
  })
  invitations!: InvitationResponse[];
}

export class InvitationPageResponse {
  @ApiProperty({ type: [InvitationResponse] })
  items!: InvitationResponse[];

  @ApiProperty({ nullable: true, type: String })
  nextCursor!: string | null;
}

export class ColleagueResponse {
  @ApiProperty({ format: 'uuid', description: "The member's user id (a referral's assigneeId)" })
  userId!: string;

  @ApiProperty(DISPLAY_NAME)
  displayName!: string | null;

  @ApiProperty({ enum: MEMBER_ROLES })
  role!: MemberRole;
}

export class ColleaguePageResponse {
  @ApiProperty({ type: [ColleagueResponse] })
  items!: ColleagueResponse[];

  @ApiProperty({ nullable: true, type: String })
  nextCursor!: string | null;
}
