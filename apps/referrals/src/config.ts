import { ConfigError, loadCommonConfig, readInt, readString, type CommonConfig } from '#config';

export interface ReferralsConfig extends CommonConfig {
  /** AES-256-GCM key for the shared-data snapshot, reasons and messages (32 bytes, base64). */
  dataKey: Buffer;
  /** How often the response-promise job runs (ms); 0 turns it off. */
  schedulerIntervalMs: number;
  /** Working days after the due date before an unanswered referral is cancelled (`expired`). */
  expiryGraceWorkingDays: number;
  /** The response promise when the receiving organisation has set none. */
  defaultResponseDays: number;
}

type Env = Record<string, string | undefined>;

// Development only: README.md says to set REFERRALS_DATA_KEY everywhere else.
const DEV_DATA_KEY = 'bW9uaS1kZXZlbG9wbWVudC1rZXktbm90LWZvci1wcmQ=';

function readKey(env: Env): Buffer {
  const raw = readString(env, 'REFERRALS_DATA_KEY', DEV_DATA_KEY);
  const key = Buffer.from(raw, 'base64');
  if (key.length !== 32) {
    throw new ConfigError('REFERRALS_DATA_KEY must be 32 bytes, base64-encoded');
  }
  return key;
}

export function loadReferralsConfig(env: Env = process.env, common?: CommonConfig): ReferralsConfig {
  return {
    ...(common ?? loadCommonConfig('referrals', env)),
    dataKey: readKey(env),
    schedulerIntervalMs: readInt(env, 'REFERRALS_SCHEDULER_INTERVAL_MS', 60_000),
    expiryGraceWorkingDays: readInt(env, 'REFERRALS_EXPIRY_GRACE_DAYS', 10),
    defaultResponseDays: readInt(env, 'REFERRALS_DEFAULT_RESPONSE_DAYS', 5, 1),
  };
}
