import { Body, Controller, Get, HttpCode, Param, Post, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiNotFoundResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { NotificationPage, NotificationView, PreferencesView } from '#contracts';
import { type MessageContext, ServiceClient } from '#messaging';
import { WithoutOrganisation } from '../http/actor.guard.js';
import { Caller } from '../http/caller.js';
import { UuidParamPipe } from '../http/path-params.js';
import {
  ListNotificationsQuery,
  MarkAllReadResponse,
  NotificationPageResponse,
  NotificationResponse,
  PreferencesResponse,
  UnreadCountResponse,
  UpdatePreferencesDto,
} from './notifications.dto.js';

/** The caller's own in-app notifications (any role, with or without an organisation). */
@ApiTags('notifications')
@ApiBearerAuth()
@WithoutOrganisation()
@Controller('notifications')
export class NotificationsController {
  constructor(private readonly services: ServiceClient) {}

  @Get()
  @ApiOkResponse({ type: NotificationPageResponse, description: 'Newest first' })
  list(@Query() query: ListNotificationsQuery, @Caller() caller: MessageContext): Promise<NotificationPage> {
    return this.services.request('notifications.notification.list', query, caller);
  }

  @Get('unread-count')
  @ApiOkResponse({ type: UnreadCountResponse })
  unreadCount(@Caller() caller: MessageContext): Promise<{ unread: number }> {
    return this.services.request('notifications.notification.unread_count', {}, caller);
  }

  @Post('read-all')
  @HttpCode(200)
  @ApiOkResponse({ type: MarkAllReadResponse })
  markAllRead(@Caller() caller: MessageContext): Promise<{ updated: number }> {
    return this.services.request('notifications.notification.mark_all_read', {}, caller);
  }

  @Post(':id/read')
  @HttpCode(200)
  @ApiOkResponse({ type: NotificationResponse })
  @ApiNotFoundResponse({ description: 'RESOURCE.NOT_FOUND: no such notification, or another user’s' })
  markRead(
    @Param('id', UuidParamPipe) id: string,
    @Caller() caller: MessageContext,
  ): Promise<NotificationView> {
    return this.services.request('notifications.notification.mark_read', { id }, caller);
  }
}

/** Language, e-mail per notification kind, and instant or daily digest. */
@ApiTags('notifications')
@ApiBearerAuth()
@WithoutOrganisation()
@Controller('me/preferences')
export class PreferencesController {
  constructor(private readonly services: ServiceClient) {}

  @Get()
  @ApiOkResponse({ type: PreferencesResponse })
  get(@Caller() caller: MessageContext): Promise<PreferencesView> {
    return this.services.request('notifications.preferences.get', {}, caller);
  }

  @Put()
  @ApiOkResponse({ type: PreferencesResponse })
  update(@Body() body: UpdatePreferencesDto, @Caller() caller: MessageContext): Promise<PreferencesView> {
    return this.services.request('notifications.preferences.update', body, caller);
  }
}
