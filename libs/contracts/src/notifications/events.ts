// Events of the notifications service: `events.notifications.<resource>.<event>`. Ids and codes only.
import type { NotificationKind } from './kinds.js';

export interface NotificationCreatedData {
  notificationId: string;
  /** The recipient: the live stream pushes it to this user only. */
  userId: string;
  kind: NotificationKind;
  referralId: string | null;
}

export interface NotificationsReadData {
  userId: string;
  /** null: all of the user's notifications were marked read. */
  notificationId: string | null;
}

export interface NotificationsEvents {
  'events.notifications.notification.created': NotificationCreatedData;
  /** Other open tabs of the user update their unread count. */
  'events.notifications.notification.read': NotificationsReadData;
}
