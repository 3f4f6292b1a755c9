// The demo history (DEMO_HISTORY=true, set by npm start): what the dashboard's charts have to show,
// written as the API would have written it. Over the real NATS and PostgreSQL.
import type { INestApplication, INestMicroservice } from '@nestjs/common';
import { jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import pg from 'pg';
import { loadCommonConfig, type CommonConfig } from '#config';
import { CLIENT_NEED_CATEGORIES, DEMO_HISTORY_CLIENTS, DEMO_HISTORY_MONTHS } from '#contracts';
import { runService } from '#service-core';
import { createTestDatabase, testNatsUrl, uniqueSuffix, type TestDatabase } from '#testing';
import { ClientsAppModule } from '../src/app.module.js';
import { DemoHistoryLoader } from '../src/demo/demo-history.js';
import { startPartnersStub } from './support/partners-stub.js';

describe('The demo history of the clients service', () => {
  let db: TestDatabase;
  let config: CommonConfig;
  let app: INestApplication;
  let partners: INestMicroservice;
  let sql: pg.Client;

  const rows = async <T extends pg.QueryResultRow>(query: string) => (await sql.query<T>(query)).rows;
  const counts = async () =>
    rows<{ clients: number; contacts: number; events: number; outbox: number }>(
      `SELECT (SELECT count(*)::int FROM clients.clients) AS clients,
              (SELECT count(*)::int FROM clients.contacts) AS contacts,
              (SELECT count(*)::int FROM clients.group_events) AS events,
              (SELECT count(*)::int FROM clients.outbox) AS outbox`,
    );

  beforeAll(async () => {
    db = await createTestDatabase('clients_demo_history');
    const suffix = uniqueSuffix();
    config = loadCommonConfig('clients', {
      DATABASE_URL: db.url,
      NATS_URL: testNatsUrl(),
      NATS_SUBJECT_PREFIX: `t${suffix}`,
      EVENTS_STREAM: `T${suffix}_EVENTS`,
      DEAD_LETTER_STREAM: `T${suffix}_DEAD_LETTER`,
      LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
      CLIENTS_OPS_PORT: '0',
    });
    partners = await startPartnersStub(config.natsUrl, config.natsSubjectPrefix);
    app = await runService(
      ClientsAppModule.forRoot(config, { DEMO_HISTORY: 'true', CLIENTS_JOB_INTERVAL_MS: '3600000' }),
      config,
    );
    sql = new pg.Client({ connectionString: db.url });
    await sql.connect();
  });

  afterAll(async () => {
    await sql?.end();
    await app?.close();
    await partners?.close();
    const nc = await connect({ servers: testNatsUrl() });
    const jsm = await jetstreamManager(nc);
    await jsm.streams.delete(config.eventsStream).catch(() => false);
    await jsm.streams.delete(config.deadLetterStream).catch(() => false);
    await nc.close();
    await db?.drop();
  });

  it('has contacts on every channel, five or more a month, in months that differ, on every topic', async () => {
    const byMonth = await rows<{ month: string; channel: string; n: number }>(
      `SELECT to_char(date, 'YYYY-MM') AS month, channel, count(*)::int AS n
         FROM clients.contacts GROUP BY 1, 2 ORDER BY 1, 2`,
    );
    const months = new Set(byMonth.map((row) => row.month));
    expect(months.size).toBe(DEMO_HISTORY_MONTHS);
    expect(byMonth).toHaveLength(DEMO_HISTORY_MONTHS * 5);
    expect(Math.min(...byMonth.map((row) => row.n))).toBeGreaterThanOrEqual(5);
    const totals = [...months].map((month) =>
      byMonth.filter((row) => row.month === month).reduce((sum, row) => sum + row.n, 0),
    );
    expect(new Set(totals).size).toBe(DEMO_HISTORY_MONTHS);

    const topics = await rows<{ topic: string }>(
      'SELECT DISTINCT unnest(topics) AS topic FROM clients.contacts ORDER BY 1',
    );
    expect(topics.map((row) => row.topic)).toEqual([...CLIENT_NEED_CATEGORIES].sort());
  });

  it('registers each client as the API does: its created event and audit entry, for its statistics and disclosure log', async () => {
    const [registered] = await rows<{ events: number; audited: number }>(
      `SELECT count(*) FILTER (WHERE type = 'events.clients.client.created')::int AS events,
              count(*) FILTER (WHERE type = 'events.audit.entry.recorded'
                                 AND payload->'data'->>'action' = 'client.created')::int AS audited
         FROM clients.outbox`,
    );
    expect(registered).toEqual({ events: DEMO_HISTORY_CLIENTS, audited: DEMO_HISTORY_CLIENTS });
    const [participants] = await rows<{ n: number }>(
      `SELECT count(*)::int AS n FROM clients.outbox WHERE type = 'events.clients.participant.recorded'`,
    );
    expect(participants.n).toBe(DEMO_HISTORY_CLIENTS);
  });

  it('loads once: a second start adds nothing', async () => {
    const before = await counts();
    expect(before[0].clients).toBe(DEMO_HISTORY_CLIENTS);
    await app.get(DemoHistoryLoader).onApplicationBootstrap();
    expect(await counts()).toEqual(before);
  });
});
