import pg from 'pg';
import { describeBreak, GENESIS_HASH, verifyBatch, type ChainBreak } from './audit-chain.js';
import {
  AUDIT_LOG_COLUMNS,
  AUDIT_LOG_TABLE,
  chainRecordOf,
  type AuditLogRow,
} from './audit-log.repository.js';

export type RowQuery = (sql: string, params: unknown[]) => Promise<AuditLogRow[]>;

export type ChainVerdict =
  { valid: true; count: bigint } | { valid: false; broken: ChainBreak; message: string };

/** Walks the whole chain in seq order, batch by batch, and stops at the first broken record. */
export async function verifyAuditChain(query: RowQuery, batchSize = 1000): Promise<ChainVerdict> {
  let expected = { seq: 0n, hash: GENESIS_HASH };
  for (;;) {
    const rows = await query(
      `SELECT ${AUDIT_LOG_COLUMNS} FROM ${AUDIT_LOG_TABLE} WHERE "seq" > $1 ORDER BY "seq" ASC LIMIT $2`,
      [expected.seq.toString(), batchSize],
    );
    if (rows.length === 0) {
      return { valid: true, count: expected.seq };
    }
    const result = verifyBatch(rows.map(chainRecordOf), expected);
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

/**
 * What `npm run audit:verify` does: 0 with the count when the chain is intact, 1 naming the first
 * broken record, 2 when it could not check (no database, no audit table).
 */
export async function runAuditVerify(databaseUrl: string): Promise<VerifyRun> {
  const client = new pg.Client({ connectionString: databaseUrl });
  try {
    await client.connect();
    // One snapshot for the whole walk, so that appends during the walk cannot look like a break.
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    const verdict = await verifyAuditChain(
      async (sql, params) => (await client.query<AuditLogRow>(sql, params)).rows,
    );
    await client.query('COMMIT');
    return verdict.valid
      ? { exitCode: 0, message: `audit chain valid: ${verdict.count} records` }
      : { exitCode: 1, message: `audit chain BROKEN: ${verdict.message}` };
  } catch (error) {
    return {
      exitCode: 2,
      message: `audit:verify could not check the chain: ${error instanceof Error ? error.message : String(error)}`,
    };
  } finally {
    await client.end().catch(() => undefined);
  }
}
