import { Controller, Get, Query } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiForbiddenResponse,
  ApiHeader,
  ApiOkResponse,
  ApiTags,
} from '@nestjs/swagger';
import type { DirectoryServiceView, HsdsDirectory, Page } from '#contracts';
import { type MessageContext, ServiceClient } from '#messaging';
import { WithoutOrganisation } from '../http/actor.guard.js';
import { ActorRoles, Caller } from '../http/caller.js';
import {
  DirectoryPageResponse,
  HsdsDirectoryResponse,
  HsdsQuery,
  SearchDirectoryQuery,
} from './directory.dto.js';

/** The service directory: services of active organisations that receive referrals. */
@ApiTags('directory')
@ApiBearerAuth()
@ApiHeader({ name: 'X-Organisation-Id', required: false, description: 'The organisation to act for' })
@ApiBadRequestResponse({ description: 'VALIDATION.FAILED: details name each invalid or unknown parameter' })
@Controller('directory')
export class DirectoryController {
  constructor(private readonly services: ServiceClient) {}

  @Get('services')
  @ActorRoles('advisor', 'platform_admin')
  @ApiOkResponse({ type: DirectoryPageResponse, description: 'Ordered by Finnish name; keyset pages' })
  @ApiForbiddenResponse({ description: 'AUTH.FORBIDDEN: advisors search the directory' })
  search(
    @Query() query: SearchDirectoryQuery,
    @Caller() caller: MessageContext,
  ): Promise<Page<DirectoryServiceView>> {
    return this.services.request('partners.directory.search', { ...query }, caller);
  }

  @Get('hsds')
  @WithoutOrganisation()
  @ApiOkResponse({
    type: HsdsDirectoryResponse,
    description:
      'The directory as Open Referral HSDS 3.0: a Page of organizations with their services nested',
  })
  hsds(@Query() query: HsdsQuery, @Caller() caller: MessageContext): Promise<HsdsDirectory> {
    return this.services.request('partners.directory.hsds', { ...query }, caller);
  }
}
