import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiHeader,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import type { ColleaguePage, InvitationPage, InvitationView, MemberPage, MemberView } from '#contracts';
import { type MessageContext, ServiceClient } from '#messaging';
import { ActorRoles, Caller } from '../http/caller.js';
import { UuidParamPipe } from '../http/path-params.js';
import {
  ColleaguePageResponse,
  InvitationPageResponse,
  InvitationResponse,
  InviteMemberDto,
  MemberPageResponse,
  MemberResponse,
  UpdateMemberDto,
} from './organisations.dto.js';
import { PageQuery } from './services.dto.js';

/** An org_admin manages their own organisation's members; platform_admin every organisation's. */
@ApiTags('members')
@ApiBearerAuth()
@ApiHeader({ name: 'X-Organisation-Id', required: false, description: 'The organisation to act for' })
@ApiForbiddenResponse({ description: 'AUTH.FORBIDDEN: not an administrator' })
@ApiNotFoundResponse({ description: 'RESOURCE.NOT_FOUND: no such organisation or member, or not yours' })
@ActorRoles('platform_admin', 'org_admin')
@Controller('organisations/:id')
export class MembersController {
  constructor(private readonly services: ServiceClient) {}

  @Get('members')
  @ApiOkResponse({ type: MemberPageResponse })
  list(
    @Param('id', UuidParamPipe) organisationId: string,
    @Query() query: PageQuery,
    @Caller() caller: MessageContext,
  ): Promise<MemberPage> {
    return this.services.request('partners.member.list', { ...query, organisationId }, caller);
  }

  @Get('colleagues')
  @ActorRoles('advisor', 'partner_staff', 'org_admin')
  @ApiOkResponse({
    type: ColleaguePageResponse,
    description: "The organisation's active members for its own staff (to assign work): no e-mail",
  })
  @ApiForbiddenResponse({ description: 'AUTH.FORBIDDEN: not staff of an organisation (a platform admin)' })
  @ApiNotFoundResponse({ description: 'RESOURCE.NOT_FOUND: not your organisation' })
  colleagues(
    @Param('id', UuidParamPipe) organisationId: string,
    @Query() query: PageQuery,
    @Caller() caller: MessageContext,
  ): Promise<ColleaguePage> {
    return this.services.request('partners.member.colleagues', { ...query, organisationId }, caller);
  }

  @Get('invitations')
  @ApiOkResponse({ type: InvitationPageResponse, description: 'Open invitations, oldest first' })
  invitations(
    @Param('id', UuidParamPipe) organisationId: string,
    @Query() query: PageQuery,
    @Caller() caller: MessageContext,
  ): Promise<InvitationPage> {
    return this.services.request('partners.invitation.list', { ...query, organisationId }, caller);
  }

  @Post('members')
  @ApiCreatedResponse({
    type: InvitationResponse,
    description:
      'An invitation bound to the e-mail; it becomes a membership at the first login with that verified e-mail',
  })
  @ApiConflictResponse({ description: 'MEMBER.ALREADY_MEMBER' })
  @ApiUnprocessableEntityResponse({ description: 'ORGANISATION.DEACTIVATED' })
  invite(
    @Param('id', UuidParamPipe) organisationId: string,
    @Body() body: InviteMemberDto,
    @Caller() caller: MessageContext,
  ): Promise<InvitationView> {
    return this.services.request('partners.member.invite', { ...body, organisationId }, caller);
  }

  @Patch('members/:memberId')
  @ApiOkResponse({ type: MemberResponse })
  @ApiUnprocessableEntityResponse({ description: 'MEMBER.SELF_CHANGE' })
  @ApiConflictResponse({ description: 'RESOURCE.CONFLICT: the member is deactivated' })
  update(
    @Param('id', UuidParamPipe) organisationId: string,
    @Param('memberId', UuidParamPipe) memberId: string,
    @Body() body: UpdateMemberDto,
    @Caller() caller: MessageContext,
  ): Promise<MemberView> {
    return this.services.request(
      'partners.member.update',
      { organisationId, memberId, role: body.role },
      caller,
    );
  }

  @Delete('members/:memberId')
  @ApiOkResponse({ type: MemberResponse, description: 'Deactivated: refused from their very next request' })
  @ApiUnprocessableEntityResponse({ description: 'MEMBER.SELF_CHANGE' })
  deactivate(
    @Param('id', UuidParamPipe) organisationId: string,
    @Param('memberId', UuidParamPipe) memberId: string,
    @Caller() caller: MessageContext,
  ): Promise<MemberView> {
    return this.services.request('partners.member.deactivate', { organisationId, memberId }, caller);
  }

  @Delete('invitations/:invitationId')
  @HttpCode(200)
  @ApiOkResponse({ type: InvitationResponse, description: 'Revoked' })
  @ApiConflictResponse({ description: 'INVITATION.CLOSED: accepted, revoked or expired already' })
  revoke(
    @Param('id', UuidParamPipe) organisationId: string,
    @Param('invitationId', UuidParamPipe) invitationId: string,
    @Caller() caller: MessageContext,
  ): Promise<InvitationView> {
    return this.services.request('partners.invitation.revoke', { organisationId, invitationId }, caller);
  }
}
