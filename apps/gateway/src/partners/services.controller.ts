import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiHeader,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiTags,
} from '@nestjs/swagger';
import type { Page, ServiceView } from '#contracts';
import { type MessageContext, ServiceClient } from '#messaging';
import { ActorRoles, Caller } from '../http/caller.js';
import { UuidParamPipe } from '../http/path-params.js';
import {
  CreateServiceDto,
  PageQuery,
  ServicePageResponse,
  ServiceResponse,
  UpdateServiceDto,
} from './services.dto.js';

/**
 * An organisation's services (HSDS-shaped). Everyone reads those of an active organisation; its
 * org_admin (and platform_admin) writes them. Another organisation's service is 404 to an org_admin.
 */
@ApiTags('services')
@ApiBearerAuth()
@ApiHeader({ name: 'X-Organisation-Id', required: false, description: 'The organisation to act for' })
@ApiBadRequestResponse({ description: 'VALIDATION.FAILED: details name each invalid or unknown field' })
@ApiNotFoundResponse({ description: 'RESOURCE.NOT_FOUND: no such organisation or service, or not yours' })
@Controller()
export class ServicesController {
  constructor(private readonly services: ServiceClient) {}

  @Get('organisations/:id/services')
  @ApiOkResponse({ type: ServicePageResponse })
  list(
    @Param('id', UuidParamPipe) organisationId: string,
    @Query() query: PageQuery,
    @Caller() caller: MessageContext,
  ): Promise<Page<ServiceView>> {
    return this.services.request('partners.service.list', { ...query, organisationId }, caller);
  }

  @Post('organisations/:id/services')
  @ActorRoles('org_admin', 'platform_admin')
  @ApiCreatedResponse({ type: ServiceResponse })
  @ApiForbiddenResponse({
    description: 'AUTH.FORBIDDEN: only an org_admin (or platform_admin) adds services',
  })
  create(
    @Param('id', UuidParamPipe) organisationId: string,
    @Body() body: CreateServiceDto,
    @Caller() caller: MessageContext,
  ): Promise<ServiceView> {
    return this.services.request('partners.service.create', { ...body, organisationId }, caller);
  }

  @Get('services/:serviceId')
  @ApiOkResponse({ type: ServiceResponse })
  get(
    @Param('serviceId', UuidParamPipe) serviceId: string,
    @Caller() caller: MessageContext,
  ): Promise<ServiceView> {
    return this.services.request('partners.service.get', { serviceId }, caller);
  }

  @Patch('services/:serviceId')
  @ActorRoles('org_admin', 'platform_admin')
  @ApiOkResponse({ type: ServiceResponse })
  @ApiForbiddenResponse({
    description: 'AUTH.FORBIDDEN: only an org_admin (or platform_admin) edits services',
  })
  update(
    @Param('serviceId', UuidParamPipe) serviceId: string,
    @Body() body: UpdateServiceDto,
    @Caller() caller: MessageContext,
  ): Promise<ServiceView> {
    return this.services.request('partners.service.update', { ...body, serviceId }, caller);
  }

  @Delete('services/:serviceId')
  @HttpCode(204)
  @ActorRoles('org_admin', 'platform_admin')
  @ApiNoContentResponse({ description: 'Removed from the directory' })
  @ApiForbiddenResponse({
    description: 'AUTH.FORBIDDEN: only an org_admin (or platform_admin) removes services',
  })
  async remove(
    @Param('serviceId', UuidParamPipe) serviceId: string,
    @Caller() caller: MessageContext,
  ): Promise<void> {
    await this.services.request('partners.service.delete', { serviceId }, caller);
  }
}
