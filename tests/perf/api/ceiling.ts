// The ceilings: pgbench running the SQL of a request, on the same PostgreSQL in the same run, so
// that the API's figures can be read as a fraction of what the database alone does here.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface PgbenchResult {
  clients: number;
  seconds: number;
  tps: number;
  latencyAvgMs: number;
}

export interface CreateTemplate {
  /** A referral created through the API: its row and first history entry are copied. */
  referralId: string;
  /** Its `referral.sent` event and its audit entry in the referrals outbox. */
  sentEventId: string;
  auditEventId: string;
  /** The columns of `referrals.referrals` and `referrals.referral_history` (not generated ones). */
  referralColumns: string[];
  historyColumns: string[];
}

/** A SELECT list copying `alias`'s columns, with some replaced by other expressions. */
function copyOf(columns: string[], alias: string, replaced: Record<string, string>): string {
  return columns.map((column) => replaced[column] ?? `${alias}."${column}"`).join(', ');
}

const columnList = (columns: string[]) => columns.map((column) => `"${column}"`).join(', ');

/**
 * The create transaction as the referrals service commits it for the benchmark's requests (sent
 * with `confirmDuplicate`, so without the duplicate check): the per-client advisory lock, the
 * referral row (copied column by column from a real one, so that the encrypted columns have their
 * real size and the box-count triggers run), its first history entry, and the domain event and the
 * audit entry in the outbox, each with the NOTIFY that goes with it (on a channel nobody listens
 * to). The ids go in as parameters: pgbench runs it prepared (-M prepared), as the services run
 * the statements they repeat. The outbox rows are born published, so that the relay leaves them alone. One statement more
 * than the service: pgbench cannot make the new ids, so it asks the server for them.
 */
export function createScript(t: CreateTemplate): string {
  const outbox = (
    eventId: string,
  ) => `WITH appended AS (INSERT INTO referrals.outbox (id, type, subject, payload, published_at)
  SELECT gen_random_uuid(), type, subject, payload, now() FROM referrals.outbox WHERE id = '${eventId}')
  SELECT pg_notify('moni_bench_ceiling', '');`;
  return `BEGIN;
SELECT gen_random_uuid() AS rid, gen_random_uuid() AS cid \\gset
SELECT pg_advisory_xact_lock(hashtext('referral-client:' || :cid::text));
INSERT INTO referrals.referrals (${columnList(t.referralColumns)})
  SELECT ${copyOf(t.referralColumns, 't', { id: ':rid::uuid', client_id: ':cid::uuid' })}
  FROM referrals.referrals t WHERE t.id = '${t.referralId}';
INSERT INTO referrals.referral_history (${columnList(t.historyColumns)})
  SELECT ${copyOf(t.historyColumns, 'h', { id: 'gen_random_uuid()', referral_id: ':rid::uuid' })}
  FROM referrals.referral_history h WHERE h.referral_id = '${t.referralId}' AND h.seq = 1;
${outbox(t.sentEventId)}
${outbox(t.auditEventId)}
END;
`;
}

/**
 * The partner's read with its audit write: the referral row and its history by id (one of
 * `public.bench_read_ids`, 1..count), and one outbox row.
 */
export function readScript(count: number, auditEventId: string): string {
  return `\\set n random(1, ${count})
BEGIN;
SELECT id AS rid FROM public.bench_read_ids WHERE n = :n \\gset
SELECT * FROM referrals.referrals WHERE id = :rid::uuid;
SELECT * FROM referrals.referral_history WHERE referral_id = :rid::uuid ORDER BY seq;
INSERT INTO referrals.outbox (id, type, subject, payload, published_at)
  SELECT gen_random_uuid(), type, subject, payload, now() FROM referrals.outbox WHERE id = '${auditEventId}';
END;
`;
}

export async function pgbench(
  databaseUrl: string,
  script: string,
  clients: number,
  seconds: number,
  /** `prepared`, as the services run the statements they repeat; `extended`: parsed and planned every time. */
  protocol: 'prepared' | 'extended' = 'prepared',
): Promise<PgbenchResult> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'moni-pgbench-'));
  const file = path.join(dir, 'script.sql');
  writeFileSync(file, script);
  try {
    const { stdout } = await run(
      'pgbench',
      [
        '-n',
        // Prepared, as the services run the statements they repeat (libs/database/src/prepared-statements.ts).
        '-M',
        protocol,
        '-c',
        String(clients),
        '-j',
        String(Math.min(clients, 2)),
        '-T',
        String(seconds),
        '-f',
        file,
        databaseUrl,
      ],
      { maxBuffer: 1 << 20 },
    );
    const tps = /tps = ([\d.]+)/.exec(stdout);
    const latency = /latency average = ([\d.]+) ms/.exec(stdout);
    const failed = /number of failed transactions: (\d+)/.exec(stdout);
    if (!tps || !latency) {
      throw new Error(`pgbench said:\n${stdout}`);
    }
    if (failed && Number(failed[1]) > 0) {
      throw new Error(`pgbench: ${failed[1]} failed transactions:\n${stdout}`);
    }
    return { clients, seconds, tps: Number(tps[1]), latencyAvgMs: Number(latency[1]) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
