// The inbox query with 1,000,000 referrals: p50/p95 of the real repository queries (keyset page
// plus counts per status) and of the same queries before the plain-SQL rewrite (legacy-inbox.ts),
// beside a trivial primary-key lookup measured in the same rounds as the ceiling of what any query
// can do on this machine. A report, not a timed test.
import 'reflect-metadata';
import { performance } from 'node:perf_hooks';
import type { DataSource, EntityManager } from 'typeorm';
import { openServiceDataSource } from '#database';
import { createMessagingMigration, MESSAGING_ENTITIES } from '#messaging';
import { createTestDatabase, type TestDatabase } from '#testing';
import { Referrals1764400000000 } from '../../apps/referrals/src/migrations/1764400000000-Referrals.js';
import { InboxCounts1764700000000 } from '../../apps/referrals/src/migrations/1764700000000-InboxCounts.js';
import { REFERRAL_ENTITIES } from '../../apps/referrals/src/referral/referral.entity.js';
import {
  ReferralRepository,
  type ReferralListFilter,
} from '../../apps/referrals/src/referral/referral.repository.js';
import { legacyCounts, legacyList } from './legacy-inbox.js';

const ROWS = Number(process.env.BENCH_REFERRALS ?? 1_000_000);
const RECEIVERS = 200;
const SENDERS = 20;
const ITERATIONS = Number(process.env.BENCH_ITERATIONS ?? 300);
const TARGET_P95_MS = 10;
const INBOX_REQUEST = 'inbox request: first page + counts';

const orgId = (kind: 'r' | 's', n: number) =>
  `00000000-0000-4000-${kind === 'r' ? '8' : '9'}000-${String(n).padStart(12, '0')}`;

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

interface Stats {
  p50: number;
  p95: number;
  p99: number;
}

/**
 * Runs the functions interleaved (the order rotating every round), so that the primary-key
 * baseline, the queries before the rewrite and the current ones share the same moments of the
 * machine's noise: their ratios hold even on a busy machine, where the absolute times do not.
 */
async function measureTogether(runs: (() => Promise<unknown>)[]): Promise<Stats[]> {
  for (let i = 0; i < 30; i += 1) {
    for (const run of runs) {
      await run();
    }
  }
  const samples: number[][] = runs.map(() => []);
  for (let i = 0; i < ITERATIONS; i += 1) {
    for (let k = 0; k < runs.length; k += 1) {
      const index = (i + k) % runs.length;
      const start = performance.now();
      await runs[index]();
      samples[index].push(performance.now() - start);
    }
  }
  return samples.map((values) => {
    values.sort((a, b) => a - b);
    return { p50: percentile(values, 50), p95: percentile(values, 95), p99: percentile(values, 99) };
  });
}

/** The SQL (and parameters) a repository method sends, captured instead of run. */
async function captured(
  manager: EntityManager,
  call: (manager: EntityManager) => Promise<unknown>,
): Promise<{ sql: string; params: unknown[] }> {
  let seen: { sql: string; params: unknown[] } | undefined;
  const spy = Object.create(manager) as EntityManager;
  spy.query = ((sql: string, params: unknown[] = []) => {
    seen = { sql, params };
    return Promise.resolve([]);
  }) as EntityManager['query'];
  await call(spy);
  if (!seen) {
    throw new Error('no query was sent');
  }
  return seen;
}

describe(`the inbox with ${ROWS.toLocaleString('en')} referrals`, () => {
  let database: TestDatabase;
  let dataSource: DataSource;
  const repository = new ReferralRepository();

  beforeAll(async () => {
    database = await createTestDatabase('bench');
    dataSource = await openServiceDataSource({
      url: database.url,
      schema: 'referrals',
      entities: [...MESSAGING_ENTITIES, ...REFERRAL_ENTITIES],
      migrations: [createMessagingMigration('referrals'), Referrals1764400000000, InboxCounts1764700000000],
    });
    const started = performance.now();
    // Bulk load as one would: the migration's own indexes are dropped and rebuilt from their definitions.
    const indexes = await dataSource.query<{ indexname: string; indexdef: string }[]>(
      `SELECT indexname, indexdef FROM pg_indexes
        WHERE schemaname = 'referrals' AND tablename = 'referrals' AND indexname <> 'referrals_pkey'`,
    );
    for (const index of indexes) {
      await dataSource.query(`DROP INDEX referrals."${index.indexname}"`);
    }
    // Statuses weighted like a living network: most closed, a working set open. Status and assignee
    // vary with i / RECEIVERS, so that every organisation gets the whole mix (with i alone, each
    // organisation would have one status, as 20 divides 200).
    await dataSource.query(
      `INSERT INTO referrals.referrals (id, kind, client_id, sending_organisation_id, sending_organisation_name,
         sender_user_id, receiving_organisation_id, receiving_organisation_name, need, reason_encrypted, urgency,
         categories, status, version, assignee_id, created_at, updated_at, listed_at, sent_at, due_at, expires_at)
       SELECT gen_random_uuid(), 'platform', gen_random_uuid(),
         ('00000000-0000-4000-9000-' || lpad((i % ${SENDERS})::text, 12, '0'))::uuid, '{"fi":"S","sv":null,"en":null}',
         'user-' || (i % 500),
         ('00000000-0000-4000-8000-' || lpad((i % ${RECEIVERS})::text, 12, '0'))::uuid, '{"fi":"R","sv":null,"en":null}',
         (ARRAY['employment','education','language_training','housing','benefits','health','family','residence','leisure_integration'])[1 + i % 9],
         'v1:bench', (ARRAY['routine','soon','urgent'])[1 + i % 3], '{identity}',
         (ARRAY['completed','completed','completed','rejected','cancelled','failed','completed','accepted','in_progress',
                'on_hold','requested','received','completed','completed','draft','completed','entered_in_error','completed',
                'completed','requested'])[1 + ((i / ${RECEIVERS}) * 7) % 20],
         1, CASE WHEN (i / ${RECEIVERS}) % 4 = 0 THEN 'user-' || (i % 50) END,
         t, t, t, t, t + interval '7 days', t + interval '21 days'
       FROM (SELECT i, date_trunc('milliseconds', now() - (i * interval '63 seconds')) AS t
               FROM generate_series(1, ${ROWS}) AS i) AS rows`,
    );
    for (const index of indexes) {
      await dataSource.query(index.indexdef);
    }
    await dataSource.query('VACUUM ANALYZE referrals.referrals');
    process.stdout.write(
      `\nloaded ${ROWS.toLocaleString('en')} referrals in ${((performance.now() - started) / 1000).toFixed(1)} s\n`,
    );
  });

  afterAll(async () => {
    await dataSource?.destroy();
    await database?.drop();
  });

  it('reports p50/p95 of the inbox queries against a primary-key lookup', async () => {
    const manager = dataSource.manager;
    const now = new Date();
    const organisationId = orgId('r', 7);
    const base: ReferralListFilter = { box: 'incoming', organisationId, limit: 25, now };
    const firstPage = await repository.list(manager, base);
    const last = firstPage[24];
    const [{ id: someId }] = await dataSource.query<{ id: string }[]>(
      `SELECT id FROM referrals.referrals OFFSET ${Math.floor(ROWS / 2)} LIMIT 1`,
    );

    const baseline = () => dataSource.query('SELECT * FROM referrals.referrals WHERE id = $1', [someId]);
    const outbox: ReferralListFilter = { ...base, box: 'outgoing', organisationId: orgId('s', 3) };
    const page2: ReferralListFilter = { ...base, after: { listedAt: last.listedAt, id: last.id } };
    const awaiting: ReferralListFilter = { ...base, statuses: ['requested', 'received'] };
    const overdue: ReferralListFilter = { ...base, overdue: true };
    const housing: ReferralListFilter = { ...base, need: 'housing', assigneeId: null };
    // Each case: before the rewrite (query builder, GROUP BY counts), and now.
    const cases: [string, () => Promise<unknown>, () => Promise<unknown>][] = [
      ['inbox first page (25)', () => legacyList(manager, base), () => repository.list(manager, base)],
      ['inbox page 2 by cursor', () => legacyList(manager, page2), () => repository.list(manager, page2)],
      [
        'inbox status=requested,received',
        () => legacyList(manager, awaiting),
        () => repository.list(manager, awaiting),
      ],
      ['inbox overdue=true', () => legacyList(manager, overdue), () => repository.list(manager, overdue)],
      [
        'inbox need=housing, unassigned',
        () => legacyList(manager, housing),
        () => repository.list(manager, housing),
      ],
      [
        'inbox counts per status + overdue',
        () => legacyCounts(manager, 'incoming', organisationId, now),
        () => repository.counts(manager, 'incoming', organisationId, now),
      ],
      [
        INBOX_REQUEST,
        () =>
          Promise.all([legacyList(manager, base), legacyCounts(manager, 'incoming', organisationId, now)]),
        () =>
          Promise.all([
            repository.list(manager, base),
            repository.counts(manager, 'incoming', organisationId, now),
          ]),
      ],
      ['outbox first page (25)', () => legacyList(manager, outbox), () => repository.list(manager, outbox)],
    ];
    const ms = (value: number) => value.toFixed(2).padStart(6);
    const times = (stats: Stats, baselineP95: number) =>
      `p50 ${ms(stats.p50)}  p95 ${ms(stats.p95)} (${(stats.p95 / baselineP95).toFixed(1).padStart(4)}x)`;
    const lines: string[] = [];
    let request: { before: Stats; after: Stats; baseline: Stats } | undefined;
    for (const [name, before, after] of cases) {
      const [baselineStats, beforeStats, afterStats] = await measureTogether([baseline, before, after]);
      if (name === INBOX_REQUEST) {
        request = { before: beforeStats, after: afterStats, baseline: baselineStats };
      }
      lines.push(
        `  ${name.padEnd(36)} pk p95 ${ms(baselineStats.p95)} | before ${times(beforeStats, baselineStats.p95)} | after ${times(afterStats, baselineStats.p95)}`,
      );
    }

    const explain = async (call: (manager: EntityManager) => Promise<unknown>) => {
      const { sql, params } = await captured(manager, call);
      const rows = await dataSource.query<{ 'QUERY PLAN': string }[]>(
        `EXPLAIN (ANALYZE, BUFFERS) ${sql}`,
        params,
      );
      return rows.map((row) => row['QUERY PLAN']);
    };
    const plans = {
      'the first page': await explain((spy) => repository.list(spy, base)),
      'status=requested,received': await explain((spy) => repository.list(spy, awaiting)),
      'the counts': await explain((spy) => repository.counts(spy, 'incoming', organisationId, now)),
    };
    const rowsPerOrganisation = Math.round(ROWS / RECEIVERS);
    const met = request!.after.p95 < TARGET_P95_MS;
    process.stdout.write(
      [
        '',
        `inbox of one receiving organisation (~${rowsPerOrganisation.toLocaleString('en')} of ${ROWS.toLocaleString('en')} referrals), ${ITERATIONS} rounds, each round the primary-key lookup, the query before the rewrite and the current one, interleaved; ms, (x) = p95 / the primary-key p95 of the same rounds:`,
        ...lines,
        `inbox request p95: before ${request!.before.p95.toFixed(2)} ms (${(request!.before.p95 / request!.baseline.p95).toFixed(1)}x), after ${request!.after.p95.toFixed(2)} ms (${(request!.after.p95 / request!.baseline.p95).toFixed(1)}x) (aim < ${TARGET_P95_MS} ms): ${met ? 'met' : 'NOT met'}`,
        ...Object.entries(plans).flatMap(([name, plan]) => [
          `plan of ${name}:`,
          ...plan.map((line) => `  ${line}`),
        ]),
        '',
      ].join('\n'),
    );
    // What the benchmark guards is the shape, not the clock: index scans, no sequential scan, and
    // no sort of the organisation's rows (the status query sorts at most one page per status).
    const first = plans['the first page'].join('\n');
    expect(first).toMatch(/Index Scan using referrals_incoming_idx/);
    expect(first).not.toMatch(/Seq Scan|Sort/);
    const byStatus = plans['status=requested,received'].join('\n');
    expect(byStatus).toMatch(/Index Scan (using|on) referrals_incoming_status_idx/);
    expect(byStatus).not.toMatch(/Seq Scan/);
    const counts = plans['the counts'].join('\n');
    expect(counts).toMatch(/referral_box_counts_pkey/);
    expect(counts).toMatch(/referrals_incoming_awaiting_idx/);
    expect(counts).not.toMatch(/Seq Scan/);
  });
});
