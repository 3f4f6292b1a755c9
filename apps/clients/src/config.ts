import { hkdfSync } from 'node:crypto';
import {
  DEVELOPMENT_KEYS,
  readInt,
  readPreviousKeys,
  readSecretKey,
  readString,
  requireDistinctKeys,
} from '#config';

type Env = Record<string, string | undefined>;

/** For development and tests only; documented in README.md. Production refuses it. */
export const DEV_CLIENTS_DATA_KEY = DEVELOPMENT_KEYS.CLIENTS_DATA_KEY;

export interface ClientsConfig {
  /** 32 bytes: the master key of the column encryption. */
  dataEncryptionKey: Buffer;
  /** Master keys retired by a rotation (CLIENTS_DATA_KEY_PREVIOUS): read, never written. */
  previousDataKeys: Buffer[];
  /** 32 bytes: the key of the identity-code search hash (HMAC). */
  searchKey: Buffer;
  usingDevKey: boolean;
  /** Clients without activity for this many days are erased automatically (0: never). */
  retentionDays: number;
  /** How often the consent expiry and retention jobs run. */
  jobIntervalMs: number;
  /** How many days before a consent ends its recorder is told (0: never). */
  consentExpiryNoticeDays: number;
  /** Default validity of a consent. */
  consentValidityMonths: number;
  /** How the client reaches the controller to withdraw (printed on the receipt). */
  controllerContact: string;
  /** DEMO_HISTORY=true: load a few months of demo clients, contacts and group events (npm start). */
  demoHistory: boolean;
}

/**
 * Outside production an unset CLIENTS_SEARCH_KEY is derived from the data key (as it was before
 * the two were separated, so existing search hashes stay valid); production sets its own.
 */
const derivedSearchKey = (dataKey: Buffer): Buffer =>
  Buffer.from(hkdfSync('sha256', dataKey, Buffer.alloc(0), 'moni/clients/blind-index', 32));

export function loadClientsConfig(env: Env = process.env): ClientsConfig {
  const data = readSecretKey(env, 'CLIENTS_DATA_KEY');
  const search = readSecretKey(env, 'CLIENTS_SEARCH_KEY', () => derivedSearchKey(data.key));
  requireDistinctKeys(env, { CLIENTS_DATA_KEY: data.key, CLIENTS_SEARCH_KEY: search.key });
  return {
    dataEncryptionKey: data.key,
    previousDataKeys: readPreviousKeys(env, 'CLIENTS_DATA_KEY'),
    searchKey: search.key,
    usingDevKey: data.development,
    retentionDays: readInt(env, 'CLIENT_RETENTION_DAYS', 1095, 0),
    jobIntervalMs: readInt(env, 'CLIENTS_JOB_INTERVAL_MS', 60_000, 100),
    consentValidityMonths: readInt(env, 'CONSENT_VALIDITY_MONTHS', 12, 1),
    consentExpiryNoticeDays: readInt(env, 'CONSENT_EXPIRY_NOTICE_DAYS', 30, 0),
    controllerContact: readString(env, 'CONSENT_CONTROLLER_CONTACT', 'privacy@moni.example'),
    demoHistory: env.DEMO_HISTORY === 'true',
  };
}

export const CLIENTS_CONFIG = Symbol('CLIENTS_CONFIG');
