// The gateway's defences against floods (issue 12, item 8), read once with the rest of its config.
import { ConfigError, readInt, readString } from './env.js';

type Env = Record<string, string | undefined>;

export interface GatewayLimits {
  /**
   * Express's `trust proxy`: how many proxy hops in front of the gateway to trust for the caller's
   * address (X-Forwarded-For), or `loopback` (the default: only a proxy on the same machine).
   */
  trustProxy: number | 'loopback';
  /** Requests per authenticated user (the token's subject) and minute, across all addresses. */
  userRateLimitPerMinute: number;
  /** Open live-update streams (GET /stream) per user, and in all (this replica). */
  streamMaxPerUser: number;
  streamMaxConnections: number;
  /** Failed authentications are counted per address and written to the audit log once per window. */
  authFailureWindowMs: number;
}

function readTrustProxy(env: Env): number | 'loopback' {
  const raw = readString(env, 'TRUST_PROXY', 'loopback');
  if (raw === 'loopback') {
    return raw;
  }
  if (!/^\d{1,2}$/.test(raw)) {
    throw new ConfigError(`TRUST_PROXY must be the number of proxy hops (0-99) or "loopback", got "${raw}"`);
  }
  return Number(raw);
}

export function loadGatewayLimits(env: Env = process.env): GatewayLimits {
  return {
    trustProxy: readTrustProxy(env),
    userRateLimitPerMinute: readInt(env, 'RATE_LIMIT_PER_USER_PER_MINUTE', 300, 1),
    streamMaxPerUser: readInt(env, 'STREAM_MAX_PER_USER', 5, 1),
    streamMaxConnections: readInt(env, 'STREAM_MAX_CONNECTIONS', 1000, 1),
    authFailureWindowMs: readInt(env, 'AUTH_FAILURE_AUDIT_WINDOW_MS', 60_000, 100),
  };
}
