import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import {
  ListNotificationsPayload,
  NotificationIdPayload,
  type Envelope,
  type NotificationPage,
  type NotificationsRequests,
  type NotificationView,
} from '#contracts';
import { EnvelopePayloadPipe } from '#messaging';
import { NotificationService } from './notification.service.js';

const subject = <S extends keyof NotificationsRequests>(name: S): S => name;

@Controller()
export class NotificationController {
  constructor(private readonly notifications: NotificationService) {}

  @MessagePattern(subject('notifications.notification.list'))
  list(
    @Payload(new EnvelopePayloadPipe(ListNotificationsPayload)) msg: Envelope<ListNotificationsPayload>,
  ): Promise<NotificationPage> {
    return this.notifications.list(msg.actor, msg.data);
  }

  @MessagePattern(subject('notifications.notification.unread_count'))
  unreadCount(@Payload(new EnvelopePayloadPipe()) msg: Envelope<unknown>): Promise<{ unread: number }> {
    return this.notifications.unreadCount(msg.actor);
  }

  @MessagePattern(subject('notifications.notification.mark_read'))
  markRead(
    @Payload(new EnvelopePayloadPipe(NotificationIdPayload)) msg: Envelope<NotificationIdPayload>,
  ): Promise<NotificationView> {
    return this.notifications.markRead(msg.actor, msg.data.id, msg.correlationId);
  }

  @MessagePattern(subject('notifications.notification.mark_all_read'))
  markAllRead(@Payload(new EnvelopePayloadPipe()) msg: Envelope<unknown>): Promise<{ updated: number }> {
    return this.notifications.markAllRead(msg.actor, msg.correlationId);
  }
}
