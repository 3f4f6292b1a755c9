import { ConfigError, readInt, readString } from '#config';

type Env = Record<string, string | undefined>;

/** For development and tests only; documented in README.md. Production sets CLIENTS_DATA_KEY. */
export const DEV_CLIENTS_DATA_KEY = 'bW9uaS1kZXYtb25seS1rZXktbm90LWZvci1wcm9kISE=';

export interface ClientsConfig {
  /** 32 bytes: the master key of the column encryption and of the search hashes. */
  dataEncryptionKey: Buffer;
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
}

export function parseEncryptionKey(raw: string): Buffer {
  const key = /^[0-9a-f]{64}$/i.test(raw) ? Buffer.from(raw, 'hex') : Buffer.from(raw, 'base64');
  if (key.length !== 32) {
    throw new ConfigError(
      'CLIENTS_DATA_KEY must be 32 bytes, as base64 (44 characters) or hex (64 characters)',
    );
  }
  return key;
}

export function loadClientsConfig(env: Env = process.env): ClientsConfig {
  const rawKey = readString(env, 'CLIENTS_DATA_KEY', DEV_CLIENTS_DATA_KEY);
  return {
    dataEncryptionKey: parseEncryptionKey(rawKey),
    usingDevKey: rawKey === DEV_CLIENTS_DATA_KEY,
    retentionDays: readInt(env, 'CLIENT_RETENTION_DAYS', 1095, 0),
    jobIntervalMs: readInt(env, 'CLIENTS_JOB_INTERVAL_MS', 60_000, 100),
    consentValidityMonths: readInt(env, 'CONSENT_VALIDITY_MONTHS', 12, 1),
    consentExpiryNoticeDays: readInt(env, 'CONSENT_EXPIRY_NOTICE_DAYS', 30, 0),
    controllerContact: readString(env, 'CONSENT_CONTROLLER_CONTACT', 'privacy@moni.example'),
  };
}

export const CLIENTS_CONFIG = Symbol('CLIENTS_CONFIG');
