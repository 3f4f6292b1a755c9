import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Principal, type VerifiedToken } from '#auth';
import { MeResponse } from './me.dto.js';

@ApiTags('me')
@ApiBearerAuth()
@Controller('me')
export class MeController {
  /** The caller's identity. Organisations and the active one come from the partners service (issue 3). */
  @Get()
  @ApiOkResponse({ type: MeResponse })
  me(@Principal() principal: VerifiedToken): MeResponse {
    return {
      userId: principal.subject,
      username: principal.username,
      email: principal.email,
      realmRoles: principal.realmRoles,
      organisations: [],
      activeOrganisationId: null,
      role: principal.realmRoles[0] ?? null,
    };
  }
}
