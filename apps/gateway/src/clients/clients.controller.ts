import {
  Body,
  Controller,
  Get,
  Header,
  HttpCode,
  Param,
  Patch,
  Post,
  Query,
  Res,
  StreamableFile,
} from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiHeader,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiProduces,
  ApiTags,
} from '@nestjs/swagger';
import type { Response } from 'express';
import type { ClientPage, ClientView, ConsentView, ExpiringConsent } from '#contracts';
import { type MessageContext, ServiceClient } from '#messaging';
import { ActorRoles, Caller } from '../http/caller.js';
import { IdParam } from '../http/path-params.js';
import { exportClient, type FullClientExport } from './client-export.js';
import {
  ClientExportResponse,
  ClientPageResponse,
  ClientResponse,
  ConsentListResponse,
  ConsentResponse,
  CreateClientDto,
  ExpiringConsentListResponse,
  ExpiringConsentsQuery,
  ListClientsQuery,
  ReceiptQuery,
  RecordConsentDto,
  UpdateClientDto,
  WithdrawConsentDto,
} from './clients.dto.js';

const ORGANISATION_HEADER = {
  name: 'X-Organisation-Id',
  required: false,
  description: 'The organisation to act for',
};

@ApiTags('clients')
@ApiBearerAuth()
@ApiHeader(ORGANISATION_HEADER)
@ApiForbiddenResponse({ description: 'AUTH.FORBIDDEN: only advisors work with client records' })
@ApiNotFoundResponse({ description: "RESOURCE.NOT_FOUND: no such client, or another organisation's" })
@ActorRoles('advisor')
@Controller('clients')
export class ClientsController {
  constructor(private readonly services: ServiceClient) {}

  @Get()
  @ApiOkResponse({ type: ClientPageResponse, description: 'Identity codes masked' })
  @ApiBadRequestResponse({
    description: 'VALIDATION.FAILED (e.g. q looks like an identity code but is not valid)',
  })
  list(@Query() query: ListClientsQuery, @Caller() caller: MessageContext): Promise<ClientPage> {
    return this.services.request('clients.client.list', { ...query }, caller);
  }

  @Post()
  @ApiCreatedResponse({ type: ClientResponse })
  @ApiBadRequestResponse({ description: 'VALIDATION.FAILED naming the field (e.g. personalIdentityCode)' })
  @ApiConflictResponse({
    description:
      'CLIENT.POSSIBLE_DUPLICATE: details hold the match (id, masked); send confirmDuplicate: true to register anyway',
  })
  async create(
    @Body() body: CreateClientDto,
    @Caller() caller: MessageContext,
    @Res({ passthrough: true }) res: Response,
  ): Promise<ClientView> {
    const client = await this.services.request('clients.client.create', { ...body }, caller);
    res.setHeader('Location', `/api/v1/clients/${client.id}`);
    return client;
  }

  @Get(':id')
  @ApiOkResponse({ type: ClientResponse, description: 'The identity code in full' })
  get(@Param() { id }: IdParam, @Caller() caller: MessageContext): Promise<ClientView> {
    return this.services.request('clients.client.get', { clientId: id }, caller);
  }

  @Patch(':id')
  @ApiOkResponse({ type: ClientResponse })
  @ApiBadRequestResponse({ description: 'VALIDATION.FAILED naming the field' })
  @ApiConflictResponse({ description: 'CLIENT.ERASED' })
  update(
    @Param() { id }: IdParam,
    @Body() body: UpdateClientDto,
    @Caller() caller: MessageContext,
  ): Promise<ClientView> {
    return this.services.request('clients.client.update', { ...body, clientId: id }, caller);
  }

  @Get(':id/export')
  @ApiOkResponse({
    type: ClientExportResponse,
    description:
      "Everything held on the client (GDPR art. 15): the client, consents, guidance contacts, the organisation's referrals with history and messages, the disclosure log",
  })
  export(@Param() { id }: IdParam, @Caller() caller: MessageContext): Promise<FullClientExport> {
    return exportClient(this.services, id, caller);
  }

  @Post(':id/erase')
  @HttpCode(200)
  @ApiOkResponse({
    type: ClientResponse,
    description: 'Personal fields removed; ids and statistical fields kept',
  })
  @ApiConflictResponse({ description: 'CLIENT.ERASED: erased already' })
  erase(@Param() { id }: IdParam, @Caller() caller: MessageContext): Promise<ClientView> {
    return this.services.request('clients.client.erase', { clientId: id }, caller);
  }

  @Get(':id/consents')
  @ApiOkResponse({ type: ConsentListResponse })
  consents(@Param() { id }: IdParam, @Caller() caller: MessageContext): Promise<{ items: ConsentView[] }> {
    return this.services.request('clients.consent.list', { clientId: id }, caller);
  }

  @Post(':id/consents')
  @ApiCreatedResponse({ type: ConsentResponse })
  @ApiBadRequestResponse({
    description:
      'VALIDATION.FAILED naming the field: an unknown organisation (recipientOrganisationIds[i]) or category',
  })
  @ApiConflictResponse({
    description: 'CLIENT.ERASED; CONSENT.NOT_ACTIVE when the superseded consent is not in force',
  })
  recordConsent(
    @Param() { id }: IdParam,
    @Body() body: RecordConsentDto,
    @Caller() caller: MessageContext,
  ): Promise<ConsentView> {
    return this.services.request('clients.consent.record', { ...body, clientId: id }, caller);
  }
}

@ApiTags('consents')
@ApiBearerAuth()
@ApiHeader(ORGANISATION_HEADER)
@ApiForbiddenResponse({ description: 'AUTH.FORBIDDEN: only advisors work with consents' })
@ApiNotFoundResponse({ description: "RESOURCE.NOT_FOUND: no such consent, or another organisation's" })
@ActorRoles('advisor')
@Controller('consents')
export class ConsentsController {
  constructor(private readonly services: ServiceClient) {}

  @Get('expiring')
  @ApiOkResponse({
    type: ExpiringConsentListResponse,
    description: "Consents of the organisation's clients that end soon",
  })
  expiring(
    @Query() query: ExpiringConsentsQuery,
    @Caller() caller: MessageContext,
  ): Promise<{ items: ExpiringConsent[] }> {
    return this.services.request('clients.consent.expiring', { ...query }, caller);
  }

  @Post(':id/withdraw')
  @HttpCode(200)
  @ApiOkResponse({ type: ConsentResponse, description: 'Effective at once' })
  @ApiConflictResponse({
    description: 'CONSENT.ALREADY_WITHDRAWN; CONSENT.NOT_ACTIVE (refused, expired or superseded)',
  })
  withdraw(
    @Param() { id }: IdParam,
    @Body() body: WithdrawConsentDto,
    @Caller() caller: MessageContext,
  ): Promise<ConsentView> {
    return this.services.request('clients.consent.withdraw', { ...body, consentId: id }, caller);
  }

  @Get(':id/receipt')
  @Header('Cache-Control', 'no-store')
  @ApiProduces('application/pdf', 'text/html')
  @ApiOkResponse({ description: "The client's receipt, in the client's language (PDF or HTML)" })
  async receipt(
    @Param() { id }: IdParam,
    @Query() query: ReceiptQuery,
    @Caller() caller: MessageContext,
    @Res({ passthrough: true }) res: Response,
  ): Promise<StreamableFile> {
    const receipt = await this.services.request(
      'clients.consent.receipt',
      { consentId: id, format: query.format ?? 'pdf', ...(query.lang ? { lang: query.lang } : {}) },
      caller,
    );
    res.setHeader('Content-Language', receipt.language);
    return new StreamableFile(Buffer.from(receipt.body, 'base64'), {
      type: receipt.contentType,
      disposition: `inline; filename="${receipt.filename}"`,
    });
  }
}
