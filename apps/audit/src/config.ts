import { createSecretKey, type KeyObject } from 'node:crypto';
import { isProduction, readSecretKey } from '#config';

type Env = Record<string, string | undefined>;

export interface AuditConfig {
  /** The HMAC-SHA256 key of the hash chain: without it a rewritten record cannot be given a valid hash. */
  chainKey: KeyObject;
  /** Production refuses to run as a database role that could change the log (audit-log-guard.ts). */
  production: boolean;
}

/** AUDIT_CHAIN_KEY: the development key outside production; production refuses to start without its own. */
export function loadAuditConfig(env: Env = process.env): AuditConfig {
  // A key object, imported once: an HMAC given a Buffer imports the key again on every entry.
  const chainKey = createSecretKey(readSecretKey(env, 'AUDIT_CHAIN_KEY').key);
  return { chainKey, production: isProduction(env) };
}

export const AUDIT_CONFIG = Symbol('AUDIT_CONFIG');
