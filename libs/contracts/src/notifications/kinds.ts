// What a notification is about: the domain event it came from, named without the
// `events.<service>.` head. E-mail preferences are keyed by these.

/** Kinds a user can receive in the app and turn e-mail on or off for. */
export const NOTIFICATION_KINDS = [
  'referral.sent',
  'referral.status_changed',
  'referral.assigned',
  'message.posted',
  'referral.overdue',
  'referral.redacted',
  'consent.withdrawn',
  'consent.expiring',
  'consent.expired',
  /** To the organisation's administrators: a member invited, added, given another role or deactivated. */
  'membership.changed',
] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

/** Kinds that only ever go out by e-mail (the recipient has no account yet). */
export const EMAIL_ONLY_KINDS = ['invitation.created'] as const;
export type EmailKind = NotificationKind | (typeof EMAIL_ONLY_KINDS)[number];

export function isNotificationKind(value: unknown): value is NotificationKind {
  return typeof value === 'string' && (NOTIFICATION_KINDS as readonly string[]).includes(value);
}

/** Languages of the e-mail templates and the portal. */
export const NOTIFICATION_LANGUAGES = ['fi', 'sv', 'en'] as const;
export type NotificationLanguage = (typeof NOTIFICATION_LANGUAGES)[number];
export const DEFAULT_NOTIFICATION_LANGUAGE: NotificationLanguage = 'fi';

/** instant: one e-mail per event; daily: one summary a day. */
export const DIGEST_MODES = ['instant', 'daily'] as const;
export type DigestMode = (typeof DIGEST_MODES)[number];
