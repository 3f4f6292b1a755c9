import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import {
  AppError,
  NOTIFICATIONS_PAGE_DEFAULT,
  type Actor,
  type ListNotificationsPayload,
  type NotificationPage,
  type NotificationView,
  requireActor,
} from '#contracts';
import { OutboxWriter } from '#messaging';
import { AuditRecorder, CursorCodec, isTimeAndId, replyWithin } from '#service-core';
import { NotificationRepository } from './notification.repository.js';

/** The caller's own in-app notifications: nobody reads or marks another user's. */
@Injectable()
export class NotificationService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly notifications: NotificationRepository,
    private readonly writer: OutboxWriter,
    private readonly cursors: CursorCodec,
    private readonly auditor: AuditRecorder,
  ) {}

  async list(actor: Actor | null, query: ListNotificationsPayload): Promise<NotificationPage> {
    const user = requireActor(actor);
    const scope = { list: 'notifications', organisationId: user.organisationId, userId: user.userId };
    const after = this.cursors.decode(scope, query.cursor, isTimeAndId);
    const manager = this.dataSource.manager;
    const { items, next } = await this.notifications.listForUser(manager, user.userId, {
      unread: query.unread === true,
      after,
      limit: query.limit ?? NOTIFICATIONS_PAGE_DEFAULT,
    });
    return {
      items,
      nextCursor: next ? this.cursors.encode(scope, next) : null,
      unreadCount: await this.notifications.unreadCount(manager, user.userId),
    };
  }

  async unreadCount(actor: Actor | null): Promise<{ unread: number }> {
    const user = requireActor(actor);
    return { unread: await this.notifications.unreadCount(this.dataSource.manager, user.userId) };
  }

  async markRead(actor: Actor | null, id: string, correlationId: string): Promise<NotificationView> {
    const user = requireActor(actor);
    return this.dataSource.transaction(async (manager) => {
      const view = await this.notifications.markRead(manager, user.userId, id);
      if (!view) {
        throw new AppError('RESOURCE.NOT_FOUND', 'No such notification');
      }
      await this.recordRead(manager, user, id, correlationId);
      return replyWithin(manager, view);
    });
  }

  async markAllRead(actor: Actor | null, correlationId: string): Promise<{ updated: number }> {
    const user = requireActor(actor);
    return this.dataSource.transaction(async (manager) => {
      const updated = await this.notifications.markAllRead(manager, user.userId);
      if (updated > 0) {
        await this.recordRead(manager, user, null, correlationId);
      }
      return replyWithin(manager, { updated });
    });
  }

  // The change is the user's own; the event lets their other tabs update the unread count.
  private async recordRead(
    manager: EntityManager,
    user: Actor,
    notificationId: string | null,
    correlationId: string,
  ): Promise<void> {
    await this.writer.append(
      manager,
      'events.notifications.notification.read',
      { userId: user.userId, notificationId },
      { actor: user, correlationId },
    );
    await this.auditor.record(
      manager,
      { actor: user, correlationId },
      {
        action: notificationId ? 'notification.marked_read' : 'notification.marked_all_read',
        targetType: 'notification',
        targetId: notificationId,
      },
    );
  }
}
