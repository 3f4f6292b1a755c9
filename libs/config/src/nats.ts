// How an app authenticates to NATS and whether it uses TLS: read once, with the rest of the config.
// The options themselves are built in one place (#messaging natsConnectionOptions).
import { ConfigError, readString } from './env.js';

type Env = Record<string, string | undefined>;

/** At most one way to authenticate; none means an anonymous connection (development only). */
export type NatsAuth =
  | { kind: 'none' }
  | { kind: 'creds'; credsFile: string }
  | { kind: 'user'; user: string; password: string }
  | { kind: 'token'; token: string };

export interface NatsTls {
  caFile?: string;
  certFile?: string;
  keyFile?: string;
}

export interface NatsClientSettings {
  auth: NatsAuth;
  /** Set when any NATS_TLS_* variable is: the connection then requires TLS. */
  tls?: NatsTls;
  /**
   * Replies come back on `<inboxPrefix>.<unique>`: one prefix per app, so the server can let each
   * app subscribe to its own replies only (`_INBOX.gateway.>`), never to everybody's `_INBOX.>`.
   */
  inboxPrefix: string;
}

/** The inbox prefix of an app: `_INBOX.<app>` (the NATS permissions in deploy/nats rely on it). */
export const natsInboxPrefix = (app: string): string => `_INBOX.${app}`;

function readAuth(env: Env): NatsAuth {
  const credsFile = readString(env, 'NATS_CREDS_FILE', '');
  const user = readString(env, 'NATS_USER', '');
  const password = env.NATS_PASSWORD ?? '';
  const token = env.NATS_TOKEN ?? '';
  const chosen = [credsFile && 'NATS_CREDS_FILE', user && 'NATS_USER', token && 'NATS_TOKEN'].filter(Boolean);
  if (chosen.length > 1) {
    throw new ConfigError(`set only one way to authenticate to NATS, got ${chosen.join(' and ')}`);
  }
  if (password && !user) {
    throw new ConfigError('NATS_PASSWORD is set without NATS_USER');
  }
  if (credsFile) {
    return { kind: 'creds', credsFile };
  }
  if (user) {
    if (!password) {
      throw new ConfigError('NATS_USER is set without NATS_PASSWORD');
    }
    return { kind: 'user', user, password };
  }
  return token ? { kind: 'token', token } : { kind: 'none' };
}

function readTls(env: Env): NatsTls | undefined {
  const tls: NatsTls = {
    caFile: readString(env, 'NATS_TLS_CA_FILE', '') || undefined,
    certFile: readString(env, 'NATS_TLS_CERT_FILE', '') || undefined,
    keyFile: readString(env, 'NATS_TLS_KEY_FILE', '') || undefined,
  };
  if (Boolean(tls.certFile) !== Boolean(tls.keyFile)) {
    throw new ConfigError(
      'NATS_TLS_CERT_FILE and NATS_TLS_KEY_FILE go together (a client certificate and its key)',
    );
  }
  return tls.caFile || tls.certFile ? tls : undefined;
}

export function loadNatsClientSettings(app: string, env: Env = process.env): NatsClientSettings {
  return { auth: readAuth(env), tls: readTls(env), inboxPrefix: natsInboxPrefix(app) };
}
