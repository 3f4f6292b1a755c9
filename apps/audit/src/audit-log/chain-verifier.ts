import type { KeyObject } from 'node:crypto';
import { jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import pg from 'pg';
import type { NatsClientSettings } from '#config';
import { natsConnectionOptions } from '#messaging';
import { readLatestCheckpoint, type AuditAnchorLocation, type AuditCheckpoint } from './audit-anchor.js';
import { loadAuditConfig } from '../config.js';
import { describeBreak, GENESIS_HASH, verifyBatch, type ChainBreak } from './audit-chain.js';
import {
  AUDIT_LOG_COLUMNS,
  AUDIT_LOG_TABLE,
  chainRecordOf,
  type AuditLogRow,
} from './audit-log.repository.js';

export type RowQuery = (sql: string, params: unknown[]) => Promise<AuditLogRow[]>;

export type ChainVerdict =
  { valid: true; count: bigint; headHash: string } | { valid: false; broken: ChainBreak; message: string };

/** Walks the whole chain in seq order, batch by batch, and stops at the first broken record. */
export async function verifyAuditChain(
  query: RowQuery,
  key: KeyObject,
  batchSize = 1000,
): Promise<ChainVerdict> {
  let expected = { seq: 0n, hash: GENESIS_HASH };
  for (;;) {
    const rows = await query(
      `SELECT ${AUDIT_LOG_COLUMNS} FROM ${AUDIT_LOG_TABLE} WHERE "seq" > $1 ORDER BY "seq" ASC LIMIT $2`,
      [expected.seq.toString(), batchSize],
    );
    if (rows.length === 0) {
      return { valid: true, count: expected.seq, headHash: expected.hash };
    }
    const result = verifyBatch(rows.map(chainRecordOf), expected, key);
    if (!result.ok) {
      return { valid: false, broken: result.broken, message: describeBreak(result.broken) };
    }
    expected = result;
  }
}

export interface VerifyRun {
  exitCode: 0 | 1 | 2;
  message: string;
}

/** Where the checkpoints outside the database are: NATS and the anchor stream (see audit-anchor.ts). */
export interface AnchorSource {
  natsUrl: string;
  /** The credentials and TLS settings of the verifier's NATS connection (NATS_CREDS_FILE, ...). */
  nats?: NatsClientSettings;
  location: AuditAnchorLocation;
}

/** The newest checkpoint of this database's chain (named by its first record), if any. */
async function readAnchor(
  client: pg.Client,
  anchor: AnchorSource,
): Promise<{ checkpoint: AuditCheckpoint | null; note: string }> {
  const { rows } = await client.query<{ hash: string }>(
    `SELECT "hash" FROM ${AUDIT_LOG_TABLE} WHERE "seq" = 1`,
  );
  if (rows.length === 0) {
    return { checkpoint: null, note: 'empty log, nothing to anchor' };
  }
  const nc = await connect({
    ...natsConnectionOptions(anchor, 'moni-audit-verify'),
    timeout: 5000,
    reconnect: false,
  });
  try {
    const latest = await readLatestCheckpoint(await jetstreamManager(nc), anchor.location, rows[0].hash);
    return latest
      ? { checkpoint: latest.checkpoint, note: `checkpoint at seq ${latest.checkpoint.seq} matches` }
      : { checkpoint: null, note: 'no checkpoint outside the database yet' };
  } finally {
    await nc.close().catch(() => undefined);
  }
}

/**
 * A chain cut after a checkpoint is still a valid chain: only the anchor outside the database shows
 * that its tail is gone. The checkpointed record must be there, with the checkpointed hash.
 */
async function compareWithCheckpoint(
  client: pg.Client,
  checkpoint: AuditCheckpoint,
  count: bigint,
): Promise<string | null> {
  if (BigInt(checkpoint.seq) > count) {
    return `records after seq ${count} are missing: the checkpoint outside the database (${checkpoint.at}) names seq ${checkpoint.seq} (the log was cut)`;
  }
  const { rows } = await client.query<{ hash: string }>(
    `SELECT "hash" FROM ${AUDIT_LOG_TABLE} WHERE "seq" = $1`,
    [checkpoint.seq],
  );
  return rows[0]?.hash === checkpoint.hash
    ? null
    : `record seq ${checkpoint.seq} does not match the checkpoint outside the database (${checkpoint.at}): the chain was rewritten`;
}

/**
 * What `npm run audit:verify` does: 0 with the count when the chain is intact (and, given an anchor,
 * still holds the newest checkpoint published outside the database; every hash checked with the
 * chain key, AUDIT_CHAIN_KEY unless given), 1 naming the first broken
 * record or the missing tail, 2 when it could not check (no database, no audit table, no NATS).
 */
export async function runAuditVerify(
  databaseUrl: string,
  anchor?: AnchorSource,
  chainKey: KeyObject = loadAuditConfig().chainKey,
): Promise<VerifyRun> {
  const client = new pg.Client({ connectionString: databaseUrl });
  try {
    await client.connect();
    // The checkpoint first: it only ever names committed records, so the snapshot taken next holds it.
    const anchored = anchor ? await readAnchor(client, anchor) : undefined;
    // One snapshot for the whole walk, so that appends during the walk cannot look like a break.
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    const verdict = await verifyAuditChain(
      async (sql, params) => (await client.query<AuditLogRow>(sql, params)).rows,
      chainKey,
    );
    const cut =
      verdict.valid && anchored?.checkpoint
        ? await compareWithCheckpoint(client, anchored.checkpoint, verdict.count)
        : null;
    await client.query('COMMIT');
    if (!verdict.valid) {
      return { exitCode: 1, message: `audit chain BROKEN: ${verdict.message}` };
    }
    if (cut) {
      return { exitCode: 1, message: `audit chain BROKEN: ${cut}` };
    }
    return {
      exitCode: 0,
      message: `audit chain valid: ${verdict.count} records${anchored ? ` (${anchored.note})` : ''}`,
    };
  } catch (error) {
    return {
      exitCode: 2,
      message: `audit:verify could not check the chain: ${error instanceof Error ? error.message : String(error)}`,
    };
  } finally {
    await client.end().catch(() => undefined);
  }
}
