import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiForbiddenResponse, ApiHeader, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Principal, type VerifiedToken } from '#auth';
import type { ResolveMembershipReply } from '#contracts';
import { Membership, WithoutOrganisation } from '../http/actor.guard.js';
import { MeResponse } from './me.dto.js';

@ApiTags('me')
@ApiBearerAuth()
@Controller('me')
export class MeController {
  /** The caller's identity and memberships; answers callers without any membership too. */
  @Get()
  @WithoutOrganisation()
  @ApiHeader({ name: 'X-Organisation-Id', required: false, description: 'The organisation to act for' })
  @ApiOkResponse({ type: MeResponse })
  @ApiForbiddenResponse({ description: 'AUTH.FORBIDDEN: X-Organisation-Id is not an active membership' })
  me(@Principal() principal: VerifiedToken, @Membership() membership: ResolveMembershipReply): MeResponse {
    return {
      userId: principal.subject,
      username: principal.username,
      email: principal.email,
      realmRoles: principal.realmRoles,
      organisations: membership.memberships.map((m) => ({
        id: m.organisationId,
        name: m.organisationName,
        role: m.role,
        status: m.organisationStatus,
      })),
      activeOrganisationId: membership.activeOrganisationId,
      role: membership.role,
    };
  }
}
