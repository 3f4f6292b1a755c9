// Environment variables, validated once at boot into typed values.
// Every variable and its default is listed in README.md ("Configuration").
import { loadGatewayLimits, type GatewayLimits } from './gateway-limits.js';
import { loadNatsClientSettings, type NatsClientSettings } from './nats.js';

export class ConfigError extends Error {}

type Env = Record<string, string | undefined>;

export function readString(env: Env, name: string, fallback: string): string {
  const value = env[name]?.trim();
  return value === undefined || value === '' ? fallback : value;
}

export function readInt(env: Env, name: string, fallback: number, min = 0): number {
  const raw = env[name]?.trim();
  if (raw === undefined || raw === '') {
    return fallback;
  }
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min) {
    throw new ConfigError(`${name} must be an integer >= ${min}, got "${raw}"`);
  }
  return value;
}

export function readUrl(env: Env, name: string, fallback: string): string {
  const value = readString(env, name, fallback);
  try {
    new URL(value);
  } catch {
    throw new ConfigError(`${name} must be a URL, got "${value}"`);
  }
  return value.replace(/\/+$/, '');
}

/** How long the outbox keeps published rows and the inbox processed event ids, and how often they are purged. */
export interface MessagingRetention {
  /** Published outbox rows older than this are deleted (JetStream holds the events). */
  outboxDays: number;
  /**
   * Inbox rows older than this are deleted. Keep it far beyond any redelivery (ack wait, back-off):
   * a redelivered event whose row is gone would be applied again.
   */
  inboxDays: number;
  intervalMs: number;
}

export interface CommonConfig {
  serviceName: string;
  databaseUrl: string;
  /**
   * Where the service's migrations run, when not on its own connection (MIGRATION_DATABASE_URL):
   * the audit service's schema belongs to a migration role, never to the role it runs as.
   */
  migrationDatabaseUrl?: string;
  /**
   * Prepare the statements that run often (DATABASE_PREPARED_STATEMENTS, default true). Set it
   * false when a pooler in transaction mode stands between the services and PostgreSQL.
   */
  databasePreparedStatements: boolean;
  natsUrl: string;
  /** Credentials, TLS and inbox prefix of the app's NATS connections (NATS_CREDS_FILE, NATS_TLS_*, ...). */
  nats: NatsClientSettings;
  natsRequestTimeoutMs: number;
  /** A namespace in front of every NATS subject (empty in production; one per test system). */
  natsSubjectPrefix: string;
  eventsStream: string;
  deadLetterStream: string;
  /**
   * Copies of every stream, durable consumer and KV bucket the apps create (EVENTS_STREAM_REPLICAS):
   * 1 on one server, 3 on a three-node JetStream cluster, so that one node may go away.
   */
  eventsStreamReplicas: number;
  logLevel: string;
  /** Append the JSON log lines to this file instead of stdout (LOG_FILE; unset: stdout). */
  logFile?: string;
  /** HTTP port for /health/live, /health/ready and /metrics of a back-end service (0 = any free port). */
  opsPort: number;
  host: string;
  messagingRetention: MessagingRetention;
  /** Keys the list cursors' MAC (CURSOR_SECRET; one per deployment, the same in every replica). */
  cursorSecret: string;
}

/** Only for development and tests: production sets CURSOR_SECRET. */
export const DEV_CURSOR_SECRET = 'moni-dev-cursor-secret-not-for-production';

export const DEFAULT_DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/moni';
export const DEFAULT_NATS_URL = 'nats://127.0.0.1:4222';
export const DEFAULT_KEYCLOAK_URL = 'http://127.0.0.1:8080';

const DEFAULT_OPS_PORTS: Record<string, number> = {
  clients: 3101,
  referrals: 3102,
  partners: 3103,
  notifications: 3104,
  audit: 3105,
};

export function loadCommonConfig(serviceName: string, env: Env = process.env): CommonConfig {
  return {
    serviceName,
    databaseUrl: readUrl(env, 'DATABASE_URL', DEFAULT_DATABASE_URL),
    migrationDatabaseUrl: env.MIGRATION_DATABASE_URL?.trim()
      ? readUrl(env, 'MIGRATION_DATABASE_URL', DEFAULT_DATABASE_URL)
      : undefined,
    databasePreparedStatements:
      readString(env, 'DATABASE_PREPARED_STATEMENTS', 'true').toLowerCase() !== 'false',
    natsUrl: readString(env, 'NATS_URL', DEFAULT_NATS_URL),
    nats: loadNatsClientSettings(serviceName, env),
    natsRequestTimeoutMs: readInt(env, 'NATS_REQUEST_TIMEOUT_MS', 5000, 100),
    natsSubjectPrefix: readString(env, 'NATS_SUBJECT_PREFIX', ''),
    eventsStream: readString(env, 'EVENTS_STREAM', 'MONI_EVENTS'),
    deadLetterStream: readString(env, 'DEAD_LETTER_STREAM', 'MONI_DEAD_LETTER'),
    eventsStreamReplicas: readInt(env, 'EVENTS_STREAM_REPLICAS', 1, 1),
    logLevel: readString(env, 'LOG_LEVEL', 'info'),
    logFile: readString(env, 'LOG_FILE', '') || undefined,
    opsPort: readInt(env, `${serviceName.toUpperCase()}_OPS_PORT`, DEFAULT_OPS_PORTS[serviceName] ?? 0),
    host: readString(env, 'HOST', '127.0.0.1'),
    messagingRetention: {
      outboxDays: readInt(env, 'OUTBOX_RETENTION_DAYS', 7, 1),
      inboxDays: readInt(env, 'INBOX_RETENTION_DAYS', 30, 1),
      intervalMs: readInt(env, 'MESSAGING_HOUSEKEEPING_INTERVAL_MS', 3_600_000, 1000),
    },
    cursorSecret: readCursorSecret(env),
  };
}

/** CURSOR_SECRET: refused in production when unset, the development one, or shorter than 32 characters. */
export function readCursorSecret(env: Env): string {
  const secret = readString(env, 'CURSOR_SECRET', DEV_CURSOR_SECRET);
  if (env.NODE_ENV?.trim() === 'production' && (secret === DEV_CURSOR_SECRET || secret.length < 32)) {
    throw new ConfigError(
      'CURSOR_SECRET must be set in production: a secret of its own, at least 32 characters (e.g. openssl rand -base64 32)',
    );
  }
  return secret;
}

export interface IdentityConfig {
  keycloakUrl: string;
  realm: string;
  audience: string;
  /** Clients whose tokens the API accepts (the token's azp). */
  allowedClients: string[];
}

/** The clients a production gateway accepts unless OIDC_ALLOWED_CLIENTS says otherwise: no password grant (moni-cli). */
export const PRODUCTION_ALLOWED_CLIENTS = 'moni-portal,moni-partner-system';
const DEVELOPMENT_ALLOWED_CLIENTS = 'moni-portal,moni-cli,moni-partner-system';

/** 127.0.0.0/8, ::1 and localhost: where plain http never leaves the machine. */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  return host === 'localhost' || host === '::1' || /^127(\.\d{1,3}){3}$/.test(host);
}

export function loadIdentityConfig(env: Env = process.env): IdentityConfig {
  const production = env.NODE_ENV?.trim() === 'production';
  const keycloakUrl = readUrl(env, 'KEYCLOAK_URL', DEFAULT_KEYCLOAK_URL);
  const parsed = new URL(keycloakUrl);
  // The signing keys (JWKS) come from there: over plain http anyone on the way could swap them.
  if (
    production &&
    parsed.protocol !== 'https:' &&
    !(parsed.protocol === 'http:' && isLoopbackHost(parsed.hostname))
  ) {
    throw new ConfigError(
      `KEYCLOAK_URL must be https in production (plain http only to a loopback address), got "${parsed.protocol}//${parsed.host}"`,
    );
  }
  return {
    keycloakUrl,
    realm: readString(env, 'KEYCLOAK_REALM', 'moni'),
    audience: readString(env, 'OIDC_AUDIENCE', 'moni-api'),
    // The password grant client (moni-cli) only where it is explicitly listed, or outside production.
    allowedClients: readString(
      env,
      'OIDC_ALLOWED_CLIENTS',
      production ? PRODUCTION_ALLOWED_CLIENTS : DEVELOPMENT_ALLOWED_CLIENTS,
    )
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean),
  };
}

/** The portal's login through the gateway (backend-for-frontend) and its static files. */
export interface PortalConfig {
  /** The public origin of the portal and gateway (PORTAL_URL); redirect_uri is <url>/auth/callback. */
  url: string;
  /** The confidential OIDC client the gateway logs users in as. */
  clientId: string;
  clientSecret: string;
  /** AES-256-GCM key (32 bytes) that encrypts sessions at rest (SESSION_KEY, base64). */
  sessionKey: Buffer;
  sessionIdleMs: number;
  sessionMaxMs: number;
  /** The built portal (index.html + assets/), served on `/`. */
  dir: string;
}

/**
 * The key used when SESSION_KEY is unset outside production: public, so it protects nothing; with
 * NODE_ENV=production the gateway refuses to start with it.
 */
export const DEVELOPMENT_SESSION_KEY = Buffer.from('moni-development-session-key-32b').toString('base64');

export function readSessionKey(env: Env): Buffer {
  const production = env.NODE_ENV?.trim() === 'production';
  const raw = readString(env, 'SESSION_KEY', '');
  if (raw === '' || raw === DEVELOPMENT_SESSION_KEY) {
    if (production) {
      throw new ConfigError(
        'SESSION_KEY must be set to a secret of 32 random bytes (base64) when NODE_ENV=production; ' +
          'generate one with `openssl rand -base64 32`',
      );
    }
    return Buffer.from(DEVELOPMENT_SESSION_KEY, 'base64');
  }
  const key = Buffer.from(raw, 'base64');
  if (key.length !== 32 || key.toString('base64') !== raw) {
    throw new ConfigError('SESSION_KEY must be 32 bytes in base64 (e.g. `openssl rand -base64 32`)');
  }
  return key;
}

export function loadPortalConfig(env: Env = process.env): PortalConfig {
  const url = readUrl(env, 'PORTAL_URL', 'http://127.0.0.1:3000');
  return {
    url: new URL(url).origin,
    clientId: 'moni-portal',
    clientSecret: readString(env, 'PORTAL_CLIENT_SECRET', 'moni-portal-dev-secret'),
    sessionKey: readSessionKey(env),
    sessionIdleMs: readInt(env, 'SESSION_IDLE_MINUTES', 30, 1) * 60_000,
    sessionMaxMs: readInt(env, 'SESSION_MAX_HOURS', 10, 1) * 3_600_000,
    dir: readString(env, 'PORTAL_DIR', 'dist/portal'),
  };
}

export interface GatewayConfig extends CommonConfig {
  identity: IdentityConfig;
  portal: PortalConfig;
  port: number;
  bodyLimit: string;
  rateLimitPerMinute: number;
  /** How often an open live-update stream re-checks its user's membership (ms). */
  streamRecheckMs: number;
  /** Proxy hops, per-user rate limit, stream caps, failed-authentication audit window. */
  limits: GatewayLimits;
}

export function loadGatewayConfig(env: Env = process.env): GatewayConfig {
  return {
    ...loadCommonConfig('gateway', env),
    identity: loadIdentityConfig(env),
    portal: loadPortalConfig(env),
    port: readInt(env, 'PORT', 3000),
    bodyLimit: readString(env, 'BODY_LIMIT', '100kb'),
    rateLimitPerMinute: readInt(env, 'RATE_LIMIT_PER_MINUTE', 600, 1),
    streamRecheckMs: readInt(env, 'STREAM_RECHECK_MS', 15_000, 50),
    limits: loadGatewayLimits(env),
  };
}
