// What the notifications service answers: plain data, never ORM entities. Ids and codes only.
import type { DigestMode, NotificationKind, NotificationLanguage } from './kinds.js';

export interface NotificationView {
  id: string;
  kind: NotificationKind;
  /** The domain event it came from. */
  eventId: string;
  /** The organisation the notification concerns the user as a member of (null: the user personally). */
  organisationId: string | null;
  referralId: string | null;
  /** Codes from the event (status from/to, reason code, due date); never free text. */
  detail: Record<string, string | null>;
  /** Where in the portal to look, relative to the portal's root. */
  link: string;
  createdAt: string;
  readAt: string | null;
}

export interface NotificationPage {
  items: NotificationView[];
  nextCursor: string | null;
  unreadCount: number;
}

export interface PreferencesView {
  language: NotificationLanguage;
  email: Record<NotificationKind, boolean>;
  digest: DigestMode;
  /** null while the user has never saved preferences (the defaults apply). */
  updatedAt: string | null;
}
