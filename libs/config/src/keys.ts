// Secret keys from the environment (data keys, the audit chain key). Production refuses to start
// without them, or with a development key, before anything connects: a development key is
// public (it is in this repository), so data encrypted with it is as good as plain text.
import { ConfigError } from './env.js';

type Env = Record<string, string | undefined>;

/**
 * The development keys in this repository. Only development and tests fall back on them; in
 * production each one is refused wherever it is given.
 */
export const DEVELOPMENT_KEYS = {
  CLIENTS_DATA_KEY: 'bW9uaS1kZXYtb25seS1rZXktbm90LWZvci1wcm9kISE=',
  REFERRALS_DATA_KEY: 'bW9uaS1kZXZlbG9wbWVudC1rZXktbm90LWZvci1wcmQ=',
  AUDIT_CHAIN_KEY: 'bW9uaS1kZXYtYXVkaXQtY2hhaW4ta2V5LW5vdC1wcmQ=',
} as const;

export type SecretKeyName = keyof typeof DEVELOPMENT_KEYS | 'CLIENTS_SEARCH_KEY';

export const isProduction = (env: Env): boolean => env.NODE_ENV?.trim() === 'production';

/** 32 bytes as base64 (44 characters) or hex (64 digits). */
export function parseKey(name: string, raw: string): Buffer {
  const key = /^[0-9a-f]{64}$/i.test(raw) ? Buffer.from(raw, 'hex') : Buffer.from(raw, 'base64');
  if (key.length !== 32 || (!/^[0-9a-f]{64}$/i.test(raw) && key.toString('base64') !== raw)) {
    throw new ConfigError(
      `${name} must be 32 bytes, as base64 (44 characters) or hex (64 digits), e.g. from: openssl rand -base64 32`,
    );
  }
  return key;
}

const developmentKeyBytes = Object.values(DEVELOPMENT_KEYS).map((raw) => Buffer.from(raw, 'base64'));

export const isDevelopmentKey = (key: Buffer): boolean => developmentKeyBytes.some((dev) => dev.equals(key));

export interface SecretKey {
  key: Buffer;
  /** True when the public development key is in use (never in production). */
  development: boolean;
}

/**
 * Reads one secret key. Unset: the development fallback (by default the variable's development key),
 * except in production, where a missing key or any of the development keys is a ConfigError naming
 * the variable.
 */
export function readSecretKey(
  env: Env,
  name: SecretKeyName,
  developmentFallback: () => Buffer = () =>
    Buffer.from(DEVELOPMENT_KEYS[name as keyof typeof DEVELOPMENT_KEYS], 'base64'),
): SecretKey {
  const raw = env[name]?.trim();
  const production = isProduction(env);
  if (raw === undefined || raw === '') {
    if (production) {
      throw new ConfigError(
        `${name} is not set: production needs its own secret key (32 bytes, base64), e.g. from: openssl rand -base64 32`,
      );
    }
    return { key: developmentFallback(), development: true };
  }
  const key = parseKey(name, raw);
  const development = isDevelopmentKey(key);
  if (development && production) {
    throw new ConfigError(
      `${name} is a development key from the source code: production needs its own secret key`,
    );
  }
  return { key, development };
}

/**
 * Keys retired by a rotation (`<NAME>_PREVIOUS`, comma-separated): still read, never written. Each
 * is checked like the current key.
 */
export function readPreviousKeys(env: Env, name: SecretKeyName): Buffer[] {
  const variable = `${name}_PREVIOUS`;
  const raw = env[variable]?.trim();
  if (!raw) {
    return [];
  }
  return raw
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean)
    .map((part) => {
      const key = parseKey(variable, part);
      if (isProduction(env) && isDevelopmentKey(key)) {
        throw new ConfigError(`${variable} holds a development key from the source code`);
      }
      return key;
    });
}

/** Refuses one secret used for two purposes (e.g. the search key equal to the data key). */
export function requireDistinctKeys(env: Env, keys: Partial<Record<SecretKeyName, Buffer>>): void {
  const entries = Object.entries(keys) as [SecretKeyName, Buffer][];
  for (let i = 0; i < entries.length; i++) {
    for (let j = i + 1; j < entries.length; j++) {
      if (entries[i][1].equals(entries[j][1]) && isProduction(env)) {
        throw new ConfigError(`${entries[j][0]} must not be the same key as ${entries[i][0]}`);
      }
    }
  }
}

/**
 * Loads an app's configuration at start: a ConfigError ends the process with status 78
 * (EX_CONFIG) and one line naming the variable, before anything connects.
 */
export function loadConfigOrExit<T>(load: () => T): T {
  try {
    return load();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`configuration error: ${error.message}\n`);
      process.exit(78);
    }
    throw error;
  }
}
