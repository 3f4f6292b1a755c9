import { ApiProperty } from '@nestjs/swagger';
import { ROLES, type Role } from '#contracts';

export class MembershipView {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty()
  name!: string;

  @ApiProperty({ enum: ROLES })
  role!: Role;
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

  @ApiProperty({ type: [MembershipView] })
  organisations!: MembershipView[];

  @ApiProperty({ nullable: true, type: String, format: 'uuid' })
  activeOrganisationId!: string | null;

  @ApiProperty({ enum: ROLES, nullable: true })
  role!: Role | null;
}
