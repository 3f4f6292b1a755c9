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
  receivingOrganisationId: string;
  /** Its `referral.sent` event and its audit entry in the referrals outbox. */
  sentEventId: string;
  auditEventId: string;
}

/**
 * The create transaction as the referrals service commits it: per-client advisory lock, duplicate
 * check, referral row (copied from a real one, so that the encrypted columns have their real size,
 * and the box-count triggers run), history entry, the domain event and the audit entry in the
 * outbox. The outbox rows are born published, so that the relay leaves them alone.
 */
export function createScript(t: CreateTemplate): string {
  return `BEGIN;
SELECT gen_random_uuid() AS rid, gen_random_uuid() AS cid \\gset
SELECT pg_advisory_xact_lock(hashtext('referral-client:' || ':cid'));
SELECT id FROM referrals.referrals WHERE client_id = ':cid' AND receiving_organisation_id = '${t.receivingOrganisationId}'
  AND service_id IS NULL AND status IN ('draft', 'requested', 'received', 'accepted', 'in_progress', 'on_hold') LIMIT 1;
INSERT INTO referrals.referrals SELECT (jsonb_populate_record(NULL::referrals.referrals,
  to_jsonb(t) || jsonb_build_object('id', ':rid', 'client_id', ':cid'))).* FROM referrals.referrals t WHERE t.id = '${t.referralId}';
SELECT coalesce(max(seq), 0) + 1 AS next FROM referrals.referral_history WHERE referral_id = ':rid';
INSERT INTO referrals.referral_history SELECT (jsonb_populate_record(NULL::referrals.referral_history,
  to_jsonb(h) || jsonb_build_object('id', gen_random_uuid(), 'referral_id', ':rid'))).*
  FROM referrals.referral_history h WHERE h.referral_id = '${t.referralId}' AND h.seq = 1;
INSERT INTO referrals.outbox (id, type, subject, payload, published_at)
  SELECT gen_random_uuid(), type, subject, payload, now() FROM referrals.outbox WHERE id = '${t.sentEventId}';
INSERT INTO referrals.outbox (id, type, subject, payload, published_at)
  SELECT gen_random_uuid(), type, subject, payload, now() FROM referrals.outbox WHERE id = '${t.auditEventId}';
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
SELECT * FROM referrals.referrals WHERE id = ':rid';
SELECT * FROM referrals.referral_history WHERE referral_id = ':rid' ORDER BY seq;
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
): Promise<PgbenchResult> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'moni-pgbench-'));
  const file = path.join(dir, 'script.sql');
  writeFileSync(file, script);
  try {
    const { stdout } = await run(
      'pgbench',
      [
        '-n',
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
