import { Body, Controller, Get, Post, Query } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiHeader,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiTags,
} from '@nestjs/swagger';
import type { ContactPage, ContactView, GroupEventPage, GroupEventView } from '#contracts';
import type { MessageContext } from '#messaging';
import { ActorRoles, Caller } from '../http/caller.js';
import { GatewayServiceClient } from '../http/service-client.provider.js';
import {
  ContactPageResponse,
  ContactResponse,
  GroupEventPageResponse,
  GroupEventResponse,
  ListContactsQuery,
  ListGroupEventsQuery,
  RecordContactDto,
  RecordGroupEventDto,
} from './guidance.dto.js';

const ORGANISATION_HEADER = {
  name: 'X-Organisation-Id',
  required: false,
  description: 'The organisation to act for',
};

@ApiTags('guidance')
@ApiBearerAuth()
@ApiHeader(ORGANISATION_HEADER)
@ApiForbiddenResponse({ description: 'AUTH.FORBIDDEN: only advisors record guidance contacts' })
@ActorRoles('advisor')
@Controller('contacts')
export class ContactsController {
  constructor(private readonly services: GatewayServiceClient) {}

  @Post()
  @ApiCreatedResponse({ type: ContactResponse })
  @ApiBadRequestResponse({
    description:
      'VALIDATION.FAILED naming the field (clientId when neither or both of clientId and anonymous)',
  })
  @ApiNotFoundResponse({ description: 'RESOURCE.NOT_FOUND: clientId is not a client of your organisation' })
  record(@Body() body: RecordContactDto, @Caller() caller: MessageContext): Promise<ContactView> {
    return this.services.request('clients.contact.record', { ...body }, caller);
  }

  @Get()
  @ApiOkResponse({ type: ContactPageResponse, description: 'Your organisation’s contacts, newest first' })
  @ApiNotFoundResponse({ description: 'RESOURCE.NOT_FOUND: clientId is not a client of your organisation' })
  list(@Query() query: ListContactsQuery, @Caller() caller: MessageContext): Promise<ContactPage> {
    return this.services.request('clients.contact.list', { ...query }, caller);
  }
}

@ApiTags('guidance')
@ApiBearerAuth()
@ApiHeader(ORGANISATION_HEADER)
@ApiForbiddenResponse({ description: 'AUTH.FORBIDDEN: only advisors record group events' })
@ActorRoles('advisor')
@Controller('events')
export class GroupEventsController {
  constructor(private readonly services: GatewayServiceClient) {}

  @Post()
  @ApiCreatedResponse({ type: GroupEventResponse })
  @ApiBadRequestResponse({ description: 'VALIDATION.FAILED naming the field' })
  record(@Body() body: RecordGroupEventDto, @Caller() caller: MessageContext): Promise<GroupEventView> {
    return this.services.request('clients.group_event.record', { ...body }, caller);
  }

  @Get()
  @ApiOkResponse({
    type: GroupEventPageResponse,
    description: 'Your organisation’s group events, newest first',
  })
  list(@Query() query: ListGroupEventsQuery, @Caller() caller: MessageContext): Promise<GroupEventPage> {
    return this.services.request('clients.group_event.list', { ...query }, caller);
  }
}
