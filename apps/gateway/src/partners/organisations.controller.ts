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
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import type { Response } from 'express';
import type { OrganisationPage, OrganisationView } from '#contracts';
import { type MessageContext, ServiceClient } from '#messaging';
import { ActorRoles, Caller } from '../http/caller.js';
import { setETag, UuidParamPipe, versionFromIfMatch } from '../http/path-params.js';
import {
  AcceptAgreementDto,
  CreateOrganisationDto,
  ListOrganisationsQuery,
  OrganisationPageResponse,
  OrganisationResponse,
  UpdateOrganisationDto,
} from './organisations.dto.js';

@ApiTags('organisations')
@ApiBearerAuth()
@ApiHeader({ name: 'X-Organisation-Id', required: false, description: 'The organisation to act for' })
@ApiForbiddenResponse({ description: 'AUTH.FORBIDDEN: the role does not allow this' })
@Controller('organisations')
export class OrganisationsController {
  constructor(private readonly services: ServiceClient) {}

  @Get()
  @ActorRoles('platform_admin')
  @ApiOkResponse({ type: OrganisationPageResponse })
  list(@Query() query: ListOrganisationsQuery, @Caller() caller: MessageContext): Promise<OrganisationPage> {
    return this.services.request('partners.organisation.list', { ...query }, caller);
  }

  @Post()
  @ActorRoles('platform_admin')
  @ApiCreatedResponse({ type: OrganisationResponse, description: 'Created with status pending_agreement' })
  @ApiBadRequestResponse({ description: 'VALIDATION.FAILED (e.g. businessId with a wrong check digit)' })
  @ApiConflictResponse({ description: 'ORGANISATION.BUSINESS_ID_TAKEN' })
  async create(
    @Body() body: CreateOrganisationDto,
    @Caller() caller: MessageContext,
    @Res({ passthrough: true }) res: Response,
  ): Promise<OrganisationView> {
    const org = await this.services.request('partners.organisation.create', { ...body }, caller);
    setETag(res, org.version);
    return org;
  }

  @Get(':id')
  @ApiOkResponse({ type: OrganisationResponse, description: 'platform_admin any; a member their own' })
  @ApiNotFoundResponse({ description: 'RESOURCE.NOT_FOUND: no such organisation, or not yours' })
  async get(
    @Param('id', UuidParamPipe) id: string,
    @Caller() caller: MessageContext,
    @Res({ passthrough: true }) res: Response,
  ): Promise<OrganisationView> {
    const org = await this.services.request('partners.organisation.get', { id }, caller);
    setETag(res, org.version);
    return org;
  }

  @Patch(':id')
  @ActorRoles('platform_admin', 'org_admin')
  @ApiHeader({
    name: 'If-Match',
    required: false,
    description: 'The version last read ("3"); 412 if it changed',
  })
  @ApiOkResponse({ type: OrganisationResponse })
  @ApiNotFoundResponse({
    description: 'RESOURCE.NOT_FOUND: another organisation (an org_admin edits only their own)',
  })
  @ApiConflictResponse({ description: 'ORGANISATION.BUSINESS_ID_TAKEN' })
  @ApiPreconditionFailedResponse({ description: 'RESOURCE.PRECONDITION_FAILED' })
  async update(
    @Param('id', UuidParamPipe) id: string,
    @Body() body: UpdateOrganisationDto,
    @Headers('if-match') ifMatch: string | undefined,
    @Caller() caller: MessageContext,
    @Res({ passthrough: true }) res: Response,
  ): Promise<OrganisationView> {
    const expectedVersion = versionFromIfMatch(ifMatch);
    const org = await this.services.request(
      'partners.organisation.update',
      { ...body, id, ...(expectedVersion === undefined ? {} : { expectedVersion }) },
      caller,
    );
    setETag(res, org.version);
    return org;
  }

  @Post(':id/agreement')
  @HttpCode(200)
  @ActorRoles('org_admin')
  @ApiOkResponse({ type: OrganisationResponse, description: 'The organisation, now active' })
  @ApiUnprocessableEntityResponse({
    description: 'ORGANISATION.AGREEMENT_VERSION_MISMATCH, ORGANISATION.DEACTIVATED',
  })
  @ApiNotFoundResponse({ description: 'RESOURCE.NOT_FOUND: not your organisation' })
  accept(
    @Param('id', UuidParamPipe) id: string,
    @Body() body: AcceptAgreementDto,
    @Caller() caller: MessageContext,
  ): Promise<OrganisationView> {
    return this.services.request(
      'partners.organisation.accept_agreement',
      { id, version: body.version },
      caller,
    );
  }

  @Post(':id/deactivate')
  @HttpCode(200)
  @ActorRoles('platform_admin')
  @ApiOkResponse({ type: OrganisationResponse, description: 'Its members lose access at once' })
  @ApiUnprocessableEntityResponse({ description: 'ORGANISATION.DEACTIVATED: already deactivated' })
  deactivate(
    @Param('id', UuidParamPipe) id: string,
    @Caller() caller: MessageContext,
  ): Promise<OrganisationView> {
    return this.services.request('partners.organisation.deactivate', { id }, caller);
  }

  @Post(':id/activate')
  @HttpCode(200)
  @ActorRoles('platform_admin')
  @ApiOkResponse({
    type: OrganisationResponse,
    description:
      'Active again (its members regain access), or pending_agreement if it never accepted the agreement',
  })
  @ApiConflictResponse({ description: 'RESOURCE.CONFLICT: the organisation is not deactivated' })
  activate(
    @Param('id', UuidParamPipe) id: string,
    @Caller() caller: MessageContext,
  ): Promise<OrganisationView> {
    return this.services.request('partners.organisation.activate', { id }, caller);
  }
}
