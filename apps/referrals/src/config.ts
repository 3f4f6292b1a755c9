import { loadCommonConfig, readInt, readPreviousKeys, readSecretKey, type CommonConfig } from '#config';

export interface ReferralsConfig extends CommonConfig {
  /** The master key of the column encryption of snapshots, reasons, notes and messages (32 bytes). */
  dataKey: Buffer;
  /** Master keys retired by a rotation (REFERRALS_DATA_KEY_PREVIOUS): read, never written. */
  previousDataKeys: Buffer[];
  /** How often the response-promise job runs (ms); 0 turns it off. */
  schedulerIntervalMs: number;
  /** Working days after the due date before an unanswered referral is cancelled (`expired`). */
  expiryGraceWorkingDays: number;
  /** The response promise when the receiving organisation has set none. */
  defaultResponseDays: number;
}

type Env = Record<string, string | undefined>;

export function loadReferralsConfig(env: Env = process.env, common?: CommonConfig): ReferralsConfig {
  return {
    ...(common ?? loadCommonConfig('referrals', env)),
    // The development key outside production; production refuses to start without its own.
    dataKey: readSecretKey(env, 'REFERRALS_DATA_KEY').key,
    previousDataKeys: readPreviousKeys(env, 'REFERRALS_DATA_KEY'),
    schedulerIntervalMs: readInt(env, 'REFERRALS_SCHEDULER_INTERVAL_MS', 60_000),
    expiryGraceWorkingDays: readInt(env, 'REFERRALS_EXPIRY_GRACE_DAYS', 10),
    defaultResponseDays: readInt(env, 'REFERRALS_DEFAULT_RESPONSE_DAYS', 5, 1),
  };
}

/** Nest's injection token of the ReferralsConfig. */
export const REFERRALS_CONFIG = Symbol('REFERRALS_CONFIG');
