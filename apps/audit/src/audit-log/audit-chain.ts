import { createHmac, type KeyObject } from 'node:crypto';

/** The prev_hash of the first record. */
export const GENESIS_HASH = '0'.repeat(64);

type Detail = Record<string, string | number | boolean | null>;

/** Exactly what the hash covers: every stored column but the hash itself. Ids and codes only. */
export interface ChainRecord {
  seq: string;
  id: string;
  action: string;
  outcome: 'granted' | 'refused';
  actorUserId: string | null;
  actorRole: string | null;
  organisationId: string | null;
  targetType: string;
  targetId: string | null;
  clientId: string | null;
  consentId: string | null;
  recipientOrganisationId: string | null;
  correlationId: string;
  sourceService: string | null;
  detail: Detail | null;
  occurredAt: string;
  recordedAt: string;
  prevHash: string;
}

type Canonical = string | number | boolean | null | Canonical[] | { [key: string]: Canonical };

/**
 * Canonical JSON: object keys sorted at every depth, no whitespace, undefined left out. The same
 * record gives the same bytes whatever the key order (jsonb reorders keys) or the writer.
 */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(canonicalise(value));
}

function canonicalise(value: unknown): Canonical {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') {
    return value;
  }
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) {
      throw new Error('canonical JSON has no encoding for a non-finite number');
    }
    return value;
  }
  if (Array.isArray(value)) {
    return value.map(canonicalise);
  }
  if (typeof value === 'object') {
    const object = value as Record<string, unknown>;
    return Object.fromEntries(
      Object.keys(object)
        .filter((key) => object[key] !== undefined)
        .sort()
        .map((key) => [key, canonicalise(object[key])]),
    );
  }
  throw new Error(`canonical JSON has no encoding for a ${typeof value}`);
}

/**
 * HMAC-SHA256 (hex, keyed with AUDIT_CHAIN_KEY) over the canonical encoding of the record, which
 * includes the previous hash: whoever can write the table but lacks the key cannot forge a record
 * or recompute the chain after changing one.
 */
export function chainHash(record: ChainRecord, key: KeyObject): string {
  return createHmac('sha256', key).update(canonicalJson(record), 'utf8').digest('hex');
}

export type ChainBreak =
  | { kind: 'gap'; seq: string; id: string; expectedSeq: string }
  | { kind: 'prev_hash'; seq: string; id: string }
  | { kind: 'hash'; seq: string; id: string };

/**
 * Walks records in seq order from `expected` (the previous record's seq and hash): returns the
 * first break, or the last seq and hash to carry into the next batch.
 */
export function verifyBatch(
  records: readonly (ChainRecord & { hash: string })[],
  expected: { seq: bigint; hash: string },
  key: KeyObject,
): { ok: true; seq: bigint; hash: string } | { ok: false; broken: ChainBreak } {
  let { seq, hash } = expected;
  for (const record of records) {
    const next = seq + 1n;
    if (BigInt(record.seq) !== next) {
      return {
        ok: false,
        broken: { kind: 'gap', seq: record.seq, id: record.id, expectedSeq: next.toString() },
      };
    }
    if (record.prevHash !== hash) {
      return { ok: false, broken: { kind: 'prev_hash', seq: record.seq, id: record.id } };
    }
    const { hash: stored, ...content } = record;
    if (chainHash(content, key) !== stored) {
      return { ok: false, broken: { kind: 'hash', seq: record.seq, id: record.id } };
    }
    seq = next;
    hash = stored;
  }
  return { ok: true, seq, hash };
}

export function describeBreak(broken: ChainBreak): string {
  switch (broken.kind) {
    case 'gap':
      return `record seq ${broken.seq} (id ${broken.id}) follows a gap: expected seq ${broken.expectedSeq} (a record was removed)`;
    case 'prev_hash':
      return `record seq ${broken.seq} (id ${broken.id}) does not link to the previous record's hash`;
    case 'hash':
      return `record seq ${broken.seq} (id ${broken.id}) was altered: its hash does not match its content`;
  }
}
