// The referrals' demo history (DEMO_HISTORY=true, set by npm start): MONI's referrals to three
// partners over the last months, busier and quieter, each with its history and the events it would
// have emitted. Over the real NATS and PostgreSQL.
import 'reflect-metadata';
import type { INestApplication } from '@nestjs/common';
import { jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import pg from 'pg';
import { DEMO_HISTORY_MONTHS } from '#contracts';
import { runService } from '#service-core';
import { createTestDatabase, testNatsUrl, uniqueSuffix, type TestDatabase } from '#testing';
import { ReferralsAppModule } from '../src/app.module.js';
import { loadReferralsConfig } from '../src/config.js';
import { ReferralsDemoHistory } from '../src/demo/demo-history.js';

const suffix = uniqueSuffix();
const env = {
  NATS_URL: testNatsUrl(),
  NATS_SUBJECT_PREFIX: `rd${suffix}`,
  EVENTS_STREAM: `RD${suffix}_EVENTS`,
  DEAD_LETTER_STREAM: `RD${suffix}_DEAD_LETTER`,
  LOG_LEVEL: 'silent',
  REFERRALS_OPS_PORT: '0',
  REFERRALS_SCHEDULER_INTERVAL_MS: '0',
  DEMO_HISTORY: 'true',
};

describe("The referrals service's demo history", () => {
  let database: TestDatabase;
  let app: INestApplication;
  let sql: pg.Client;

  const rows = async <T extends pg.QueryResultRow>(query: string) => (await sql.query<T>(query)).rows;
  const counts = () =>
    rows<{ referrals: number; history: number; outbox: number }>(
      `SELECT (SELECT count(*)::int FROM referrals.referrals) AS referrals,
              (SELECT count(*)::int FROM referrals.referral_history) AS history,
              (SELECT count(*)::int FROM referrals.outbox) AS outbox`,
    );

  beforeAll(async () => {
    database = await createTestDatabase('referrals_demo_history');
    const config = loadReferralsConfig({ ...env, DATABASE_URL: database.url });
    app = await runService(ReferralsAppModule.forRoot(config), config);
    sql = new pg.Client({ connectionString: database.url });
    await sql.connect();
  });

  afterAll(async () => {
    await sql?.end();
    await app?.close();
    const nc = await connect({ servers: testNatsUrl() });
    const jsm = await jetstreamManager(nc);
    await jsm.streams.delete(env.EVENTS_STREAM).catch(() => false);
    await jsm.streams.delete(env.DEAD_LETTER_STREAM).catch(() => false);
    await nc.close();
    await database?.drop();
  });

  it('sends five or more a month to each of three partners, in months that differ, each with its sent event', async () => {
    const byMonth = await rows<{ month: string; receiver: string; n: number }>(
      `SELECT to_char(sent_at AT TIME ZONE 'Europe/Helsinki', 'YYYY-MM') AS month,
              receiving_organisation_id AS receiver, count(*)::int AS n
         FROM referrals.referrals GROUP BY 1, 2 ORDER BY 1, 2`,
    );
    const months = [...new Set(byMonth.map((row) => row.month))];
    expect(months).toHaveLength(DEMO_HISTORY_MONTHS);
    expect(byMonth).toHaveLength(DEMO_HISTORY_MONTHS * 3);
    expect(Math.min(...byMonth.map((row) => row.n))).toBeGreaterThanOrEqual(5);
    const totals = months.map((month) =>
      byMonth.filter((row) => row.month === month).reduce((sum, row) => sum + row.n, 0),
    );
    expect(new Set(totals).size).toBe(DEMO_HISTORY_MONTHS);

    const [sent] = await rows<{ referrals: number; events: number }>(
      `SELECT (SELECT count(*)::int FROM referrals.referrals) AS referrals,
              (SELECT count(*)::int FROM referrals.outbox WHERE type = 'events.referrals.referral.sent') AS events`,
    );
    expect(sent.events).toBe(sent.referrals);
  });

  it('loads once: a second start adds nothing', async () => {
    const before = await counts();
    expect(before[0].referrals).toBeGreaterThan(0);
    await app.get(ReferralsDemoHistory).onApplicationBootstrap();
    expect(await counts()).toEqual(before);
  });
});
