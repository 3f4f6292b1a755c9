import { ApiProperty } from '@nestjs/swagger';
import { ORGANISATION_STATUSES, ROLES, type OrganisationStatus, type Role } from '#contracts';
import { LocalisedTextResponse } from '../http/localised-text.js';

export class MembershipView {
  @ApiProperty({ format: 'uuid', description: 'The organisation' })
  id!: string;

  @ApiProperty({ type: LocalisedTextResponse })
  name!: LocalisedTextResponse;

  @ApiProperty({ enum: ROLES, description: 'The role in this organisation' })
  role!: Role;

  @ApiProperty({ enum: ORGANISATION_STATUSES, description: "The organisation's status" })
  status!: OrganisationStatus;
}

export class MeResponse {
  @ApiProperty({ format: 'uuid', description: "The token's subject" })
  userId!: string;

  @ApiProperty({ nullable: true, type: String })
  username!: string | null;

  @ApiProperty({ nullable: true, type: String })
  email!: string | null;

  @ApiProperty({ enum: ROLES, isArray: true, description: 'Realm roles from the token' })
  realmRoles!: Role[];

  @ApiProperty({
    type: [MembershipView],
    description: 'Active memberships in organisations that are not deactivated',
  })
  organisations!: MembershipView[];

  @ApiProperty({
    nullable: true,
    type: String,
    format: 'uuid',
    description: 'The organisation this request acts for (X-Organisation-Id, or the only membership)',
  })
  activeOrganisationId!: string | null;

  @ApiProperty({
    enum: ROLES,
    nullable: true,
    description:
      'The role this request acts in: the membership role, or platform_admin acting without an organisation',
  })
  role!: Role | null;
}
