// The notifications service's own settings, on top of the common ones (README, "Configuration").
import { ConfigError, readInt, readString, readUrl, type CommonConfig } from '#config';

type Env = Record<string, string | undefined>;

export interface NotificationsConfig extends CommonConfig {
  /** Where e-mail goes: smtp://[user:pass@]host:port (smtps:// for TLS). */
  smtpUrl: string;
  mailFrom: string;
  /** The portal's base URL: e-mails carry only a link into it. */
  portalUrl: string;
  /** Attempts per e-mail before it is dead-lettered. */
  emailMaxAttempts: number;
  emailRetryInitialMs: number;
  emailRetryMaxMs: number;
  /** How often the dispatcher looks for due e-mails. */
  emailPollMs: number;
  smtpTimeoutMs: number;
  /** The hour of the Helsinki clock at which daily digests go out (summer and winter alike). */
  digestHour: number;
}

export const DEFAULT_SMTP_URL = 'smtp://127.0.0.1:1025';
export const DEFAULT_PORTAL_URL = 'http://127.0.0.1:3000';

export function loadNotificationsConfig(common: CommonConfig, env: Env = process.env): NotificationsConfig {
  if (env.DIGEST_HOUR_UTC !== undefined) {
    // Replaced, not kept beside it: a UTC hour drifts by one on the Finnish clock twice a year.
    throw new ConfigError(
      'DIGEST_HOUR_UTC was replaced by DIGEST_HOUR, an hour of the Helsinki clock (default 7)',
    );
  }
  const digestHour = readInt(env, 'DIGEST_HOUR', 7);
  if (digestHour > 23) {
    throw new ConfigError(`DIGEST_HOUR must be 0..23, got ${digestHour}`);
  }
  return {
    ...common,
    smtpUrl: readUrl(env, 'SMTP_URL', DEFAULT_SMTP_URL),
    mailFrom: readString(env, 'MAIL_FROM', 'MONI <no-reply@moni.localhost>'),
    portalUrl: readUrl(env, 'PORTAL_URL', DEFAULT_PORTAL_URL),
    emailMaxAttempts: readInt(env, 'EMAIL_MAX_ATTEMPTS', 6, 1),
    emailRetryInitialMs: readInt(env, 'EMAIL_RETRY_INITIAL_MS', 30_000, 1),
    emailRetryMaxMs: readInt(env, 'EMAIL_RETRY_MAX_MS', 3_600_000, 1),
    emailPollMs: readInt(env, 'EMAIL_POLL_MS', 5_000, 10),
    smtpTimeoutMs: readInt(env, 'SMTP_TIMEOUT_MS', 10_000, 100),
    digestHour,
  };
}

export const NOTIFICATIONS_CONFIG = Symbol('NOTIFICATIONS_CONFIG');
