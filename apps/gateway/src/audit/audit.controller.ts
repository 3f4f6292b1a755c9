import { Controller, Get, Header, Param, Query, Res, StreamableFile } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiTags,
} from '@nestjs/swagger';
import type { Response } from 'express';
import { AuditSearchPayload, type AuditChainVerificationView, type AuditSearchReply } from '#contracts';
import { type MessageContext, ServiceClient } from '#messaging';
import { ActorRoles, Caller } from '../http/caller.js';
import { IdParam } from '../http/path-params.js';
import {
  AuditPageResponse,
  ChainVerificationResponse,
  DisclosureListResponse,
  DisclosureQuery,
} from './audit.dto.js';
import { renderDisclosurePdf } from './disclosure-pdf.js';
import { namedDisclosures } from './disclosure-list.js';

@ApiTags('audit')
@ApiBearerAuth()
@Controller()
export class AuditController {
  constructor(private readonly services: ServiceClient) {}

  @Get('audit')
  @ActorRoles('platform_admin')
  @ApiOperation({ summary: 'Search the audit log (platform_admin): newest first, keyset pagination' })
  @ApiOkResponse({ type: AuditPageResponse })
  @ApiForbiddenResponse({ description: 'AUTH.FORBIDDEN: only platform_admin' })
  search(@Query() query: AuditSearchPayload, @Caller() caller: MessageContext): Promise<AuditSearchReply> {
    return this.services.request('audit.entry.search', { ...query }, caller);
  }

  @Get('audit/verification')
  @ActorRoles('platform_admin')
  @Header('Cache-Control', 'no-store')
  @ApiOperation({
    summary:
      "Verify the audit chain now (platform_admin, read-only): every record's hash and link, and the newest checkpoint outside the database",
  })
  @ApiOkResponse({ type: ChainVerificationResponse })
  @ApiForbiddenResponse({ description: 'AUTH.FORBIDDEN: only platform_admin' })
  verification(@Caller() caller: MessageContext): Promise<AuditChainVerificationView> {
    return this.services.request('audit.chain.verification', {}, caller);
  }

  @Get('clients/:id/disclosures')
  @ActorRoles('advisor')
  @Header('Cache-Control', 'no-store')
  @ApiOperation({ summary: "Who received or viewed the client's data, when, on which consent (JSON or PDF)" })
  @ApiProduces('application/json', 'application/pdf')
  @ApiOkResponse({ type: DisclosureListResponse })
  @ApiNotFoundResponse({ description: "RESOURCE.NOT_FOUND: no such client in the caller's organisation" })
  async disclosures(
    @Param() params: IdParam,
    @Query() query: DisclosureQuery,
    @Caller() caller: MessageContext,
    @Res({ passthrough: true }) res: Response,
  ): Promise<DisclosureListResponse | StreamableFile> {
    // The clients service owns the client: RESOURCE.NOT_FOUND unless it belongs to the caller's organisation.
    const client = await this.services.request('clients.client.summary', { clientId: params.id }, caller);
    const { list: body, names } = await namedDisclosures(this.services, client.id, caller);
    if (query.format !== 'pdf') {
      return body;
    }
    const pdf = await renderDisclosurePdf(body, query.lang ?? client.preferredLanguage, names);
    res.setHeader('Content-Type', 'application/pdf');
    res.setHeader('Content-Disposition', `inline; filename="disclosures-${client.id}.pdf"`);
    return new StreamableFile(pdf);
  }
}
