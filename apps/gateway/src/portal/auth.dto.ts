import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';
import { ROLES, type MemberRole, type Role } from '#contracts';
import { LocalisedTextResponse } from '../http/localised-text.js';
import { LANGUAGES } from './portal-sessions.js';

/** GET /auth/login: through the global pipe, so an unknown parameter is refused as on every route. */
export class LoginQuery {
  @ApiPropertyOptional({ description: 'A path of the portal (default /)' })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  returnTo?: string;

  @ApiPropertyOptional({ enum: LANGUAGES, description: 'The IdP page’s language' })
  @IsOptional()
  @IsIn(LANGUAGES)
  lang?: (typeof LANGUAGES)[number];
}

/** GET /auth/session. */
export class SessionQuery {
  @ApiPropertyOptional({ enum: ['true', 'false'], description: 'false: do not count as activity' })
  @IsOptional()
  @IsIn(['true', 'false'])
  touch?: 'true' | 'false';
}

export class SwitchOrganisationDto {
  @ApiProperty({ format: 'uuid', description: 'One of the organisations of GET /auth/session' })
  @IsUUID()
  organisationId!: string;
}

export class SessionUser {
  @ApiProperty({ format: 'uuid' })
  userId!: string;

  @ApiProperty({ nullable: true, type: String })
  username!: string | null;

  @ApiProperty({ nullable: true, type: String })
  email!: string | null;

  @ApiPropertyOptional({ description: 'The display name of the ID token' })
  name?: string;
}

export class SessionOrganisation {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ type: LocalisedTextResponse })
  name!: LocalisedTextResponse;

  @ApiProperty({ enum: ROLES })
  role!: MemberRole;
}

export class SessionResponse {
  @ApiProperty({ type: SessionUser })
  user!: SessionUser;

  @ApiProperty({ type: [SessionOrganisation], description: 'The user’s active memberships' })
  organisations!: SessionOrganisation[];

  @ApiProperty({
    nullable: true,
    type: String,
    format: 'uuid',
    description: 'The organisation the session acts for',
  })
  activeOrganisationId!: string | null;

  @ApiProperty({ enum: ROLES, nullable: true })
  role!: Role | null;

  @ApiProperty({ enum: ROLES, isArray: true })
  realmRoles!: Role[];

  @ApiProperty({ description: 'Send as X-CSRF-Token with every state-changing request on the cookie' })
  csrfToken!: string;

  @ApiProperty({
    format: 'date-time',
    description: 'When the session ends unless used again (idle, or the absolute limit)',
  })
  expiresAt!: string;

  @ApiProperty({
    format: 'date-time',
    description: 'When the session ends if not used again (each request moves it by the idle timeout)',
  })
  idleExpiresAt!: string;

  @ApiProperty({
    format: 'date-time',
    description: 'When the session ends however it is used (its maximum lifetime)',
  })
  absoluteExpiresAt!: string;
}

export class LogoutResponse {
  @ApiProperty({ description: 'Where the page goes to end the session at the identity provider too' })
  endSessionUrl!: string;
}
