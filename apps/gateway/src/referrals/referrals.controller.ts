import { Body, Controller, Get, Headers, HttpCode, Param, Patch, Post, Query, Res } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiHeader,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiPreconditionFailedResponse,
  ApiResponse,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import type { Response } from 'express';
import type {
  ReferralList,
  ReferralMessageList,
  ReferralMessageView,
  ReferralMinimalView,
  ReferralView,
} from '#contracts';
import { type MessageContext, ServiceClient } from '#messaging';
import { WithoutOrganisation } from '../http/actor.guard.js';
import { ActorRoles, Caller } from '../http/caller.js';
import {
  AssignReferralDto,
  CreateReferralDto,
  ListMessagesQuery,
  ListReferralsQuery,
  PostMessageDto,
  ReferralListResponse,
  ReferralMessageListResponse,
  ReferralMessageResponse,
  ReferralResponse,
  TransitionReferralDto,
} from './referrals.dto.js';
import {
  requiredVersionFromIfMatch,
  setETag,
  UuidParamPipe,
  versionFromIfMatch,
} from '../http/path-params.js';

const IF_MATCH = {
  name: 'If-Match',
  required: false,
  description: 'The version last read, e.g. "3"; 412 if it changed',
};

const IF_MATCH_REQUIRED = {
  name: 'If-Match',
  required: true,
  description:
    'The version last read, e.g. "3": 428 RESOURCE.PRECONDITION_REQUIRED without it, 412 if it changed',
};

@ApiTags('referrals')
@ApiBearerAuth()
@ApiHeader({ name: 'X-Organisation-Id', required: false, description: 'The organisation to act for' })
@ApiForbiddenResponse({ description: 'AUTH.FORBIDDEN: the role does not allow this' })
@ApiNotFoundResponse({ description: 'RESOURCE.NOT_FOUND: no such referral, or not your organisation’s' })
@Controller('referrals')
export class ReferralsController {
  constructor(private readonly services: ServiceClient) {}

  @Post()
  @ActorRoles('advisor')
  @ApiCreatedResponse({
    type: ReferralResponse,
    description: 'Sent (requested), a draft, or a logged referral',
  })
  @ApiBadRequestResponse({ description: 'VALIDATION.FAILED naming the field' })
  @ApiConflictResponse({ description: 'REFERRAL.POSSIBLE_DUPLICATE: confirm with confirmDuplicate: true' })
  @ApiUnprocessableEntityResponse({
    description:
      'CONSENT.NOT_COVERED (details name the organisation or categories), REFERRAL.RECIPIENT_UNAVAILABLE, REFERRAL.CATEGORY_REQUIRED (need health without the health category)',
  })
  async create(
    @Body() body: CreateReferralDto,
    @Caller() caller: MessageContext,
    @Res({ passthrough: true }) res: Response,
  ): Promise<ReferralView> {
    const referral = await this.services.request('referrals.referral.create', { ...body }, caller);
    setETag(res, referral.version);
    res.setHeader('Location', `/api/v1/referrals/${referral.id}`);
    return referral;
  }

  @Get()
  @ActorRoles('advisor', 'partner_staff')
  @ApiOkResponse({
    type: ReferralListResponse,
    description: 'incoming: the receiving organisation’s; outgoing: the sender’s',
  })
  list(@Query() query: ListReferralsQuery, @Caller() caller: MessageContext): Promise<ReferralList> {
    return this.services.request('referrals.referral.list', { ...query }, caller);
  }

  @Get(':id')
  @ActorRoles('advisor', 'partner_staff')
  @ApiOkResponse({
    type: ReferralResponse,
    description:
      'The receiving organisation’s first open marks it received; every read of shared data is audited',
  })
  async get(
    @Param('id', UuidParamPipe) id: string,
    @Caller() caller: MessageContext,
    @Res({ passthrough: true }) res: Response,
  ): Promise<ReferralView> {
    const referral = await this.services.request('referrals.referral.get', { referralId: id }, caller);
    setETag(res, referral.version);
    return referral;
  }

  @Post(':id/transitions')
  @HttpCode(200)
  @WithoutOrganisation()
  @ActorRoles('advisor', 'partner_staff', 'platform_admin')
  @ApiHeader(IF_MATCH_REQUIRED)
  @ApiOkResponse({
    type: ReferralResponse,
    description: 'The referral; a platform administrator gets only { id, status, version }',
  })
  @ApiResponse({ status: 428, description: 'RESOURCE.PRECONDITION_REQUIRED: If-Match is missing' })
  @ApiForbiddenResponse({ description: 'REFERRAL.TRANSITION_NOT_ALLOWED: the other side’s step' })
  @ApiConflictResponse({ description: 'REFERRAL.ILLEGAL_TRANSITION (details: from, to)' })
  @ApiPreconditionFailedResponse({
    description: 'RESOURCE.PRECONDITION_FAILED: the version in If-Match is stale',
  })
  @ApiUnprocessableEntityResponse({
    description:
      'REFERRAL.REASON_REQUIRED (details: field, allowed), CONSENT.NOT_COVERED when sending a draft',
  })
  async transition(
    @Param('id', UuidParamPipe) id: string,
    @Body() body: TransitionReferralDto,
    @Headers('if-match') ifMatch: string | undefined,
    @Caller() caller: MessageContext,
    @Res({ passthrough: true }) res: Response,
  ): Promise<ReferralView | ReferralMinimalView> {
    const referral = await this.services.request(
      'referrals.referral.transition',
      { referralId: id, expectedVersion: requiredVersionFromIfMatch(ifMatch), ...body },
      caller,
    );
    setETag(res, referral.version);
    return referral;
  }

  @Patch(':id')
  @ActorRoles('advisor', 'partner_staff')
  @ApiHeader(IF_MATCH)
  @ApiOkResponse({
    type: ReferralResponse,
    description: 'The receiving organisation assigns it to one of its members',
  })
  @ApiPreconditionFailedResponse({ description: 'RESOURCE.PRECONDITION_FAILED' })
  async assign(
    @Param('id', UuidParamPipe) id: string,
    @Body() body: AssignReferralDto,
    @Headers('if-match') ifMatch: string | undefined,
    @Caller() caller: MessageContext,
    @Res({ passthrough: true }) res: Response,
  ): Promise<ReferralView> {
    const referral = await this.services.request(
      'referrals.referral.assign',
      { referralId: id, expectedVersion: versionFromIfMatch(ifMatch), assigneeId: body.assigneeId },
      caller,
    );
    setETag(res, referral.version);
    return referral;
  }

  @Get(':id/messages')
  @ActorRoles('advisor', 'partner_staff')
  @ApiOkResponse({ type: ReferralMessageListResponse, description: 'Oldest first' })
  listMessages(
    @Param('id', UuidParamPipe) id: string,
    @Query() query: ListMessagesQuery,
    @Caller() caller: MessageContext,
  ): Promise<ReferralMessageList> {
    return this.services.request('referrals.message.list', { referralId: id, ...query }, caller);
  }

  @Post(':id/messages')
  @ActorRoles('advisor', 'partner_staff')
  @ApiCreatedResponse({ type: ReferralMessageResponse })
  @ApiUnprocessableEntityResponse({
    description: 'RULE.VIOLATED: a draft or a logged referral has no thread',
  })
  postMessage(
    @Param('id', UuidParamPipe) id: string,
    @Body() body: PostMessageDto,
    @Caller() caller: MessageContext,
  ): Promise<ReferralMessageView> {
    return this.services.request('referrals.message.post', { referralId: id, body: body.body }, caller);
  }
}
