// Request/reply subjects of the notifications service: `notifications.<resource>.<verb>`.
// Every request concerns the caller's own notifications and preferences (the envelope's actor).
import type {
  ListNotificationsPayload,
  NotificationIdPayload,
  UpdatePreferencesPayload,
} from './payloads.js';
import type { NotificationPage, NotificationView, PreferencesView } from './views.js';

type Data<T> = { [K in keyof T]: T[K] };
type Empty = Record<string, never>;

export interface NotificationsRequests {
  'notifications.notification.list': { request: Data<ListNotificationsPayload>; reply: NotificationPage };
  'notifications.notification.unread_count': { request: Empty; reply: { unread: number } };
  /** RESOURCE.NOT_FOUND for another user's notification. */
  'notifications.notification.mark_read': { request: Data<NotificationIdPayload>; reply: NotificationView };
  'notifications.notification.mark_all_read': { request: Empty; reply: { updated: number } };
  'notifications.preferences.get': { request: Empty; reply: PreferencesView };
  'notifications.preferences.update': { request: Data<UpdatePreferencesPayload>; reply: PreferencesView };
}
