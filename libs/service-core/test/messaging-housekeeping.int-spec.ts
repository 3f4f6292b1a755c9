// The outbox and inbox are kept small: old published rows and old processed ids go, nothing else.
import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { loadCommonConfig } from '#config';
import { createMessagingMigration, MESSAGING_ENTITIES } from '#messaging';
import { migrate, serviceDataSourceOptions } from '#database';
import { createTestDatabase, type TestDatabase } from '#testing';
import { MessagingHousekeeping } from '../src/index.js';

const DAY_MS = 24 * 60 * 60 * 1000;

describe(MessagingHousekeeping.name, () => {
  let database: TestDatabase;
  let dataSource: DataSource;
  let housekeeping: MessagingHousekeeping;
  const now = new Date('2026-11-27T12:00:00Z');
  const daysAgo = (days: number) => new Date(now.getTime() - days * DAY_MS);

  beforeAll(async () => {
    database = await createTestDatabase('housekeeping');
    dataSource = new DataSource(
      serviceDataSourceOptions({
        url: database.url,
        schema: 'clients',
        entities: MESSAGING_ENTITIES,
        migrations: [createMessagingMigration('clients')],
      }),
    );
    await dataSource.initialize();
    await migrate(dataSource, 'clients');
    const config = loadCommonConfig('clients', { OUTBOX_RETENTION_DAYS: '7', INBOX_RETENTION_DAYS: '30' });
    housekeeping = new MessagingHousekeeping(dataSource, config);
  });

  afterAll(async () => {
    await dataSource?.destroy();
    await database?.drop();
  });

  async function addOutboxRow(createdDaysAgo: number, publishedDaysAgo: number | null): Promise<string> {
    const id = randomUUID();
    await dataSource.query(
      `INSERT INTO "clients"."outbox" ("id", "type", "subject", "payload", "created_at", "published_at")
       VALUES ($1, 'events.system.probe.recorded', 'events.system.probe.recorded', '{}', $2, $3)`,
      [id, daysAgo(createdDaysAgo), publishedDaysAgo === null ? null : daysAgo(publishedDaysAgo)],
    );
    return id;
  }

  async function addInboxRow(processedDaysAgo: number): Promise<string> {
    const id = randomUUID();
    await dataSource.query(
      `INSERT INTO "clients"."inbox" ("consumer", "event_id", "processed_at") VALUES ('audit', $1, $2)`,
      [id, daysAgo(processedDaysAgo)],
    );
    return id;
  }

  const ids = async (table: 'outbox' | 'inbox', column: 'id' | 'event_id') =>
    (await dataSource.query<{ id: string }[]>(`SELECT "${column}" AS id FROM "clients"."${table}"`))
      .map((row) => row.id)
      .sort();

  it('deletes published outbox rows and processed inbox ids past their retention, and keeps the rest', async () => {
    const oldPublished = await addOutboxRow(10, 10);
    const recentPublished = await addOutboxRow(3, 3);
    const oldUnpublished = await addOutboxRow(40, null);
    const oldProcessed = await addInboxRow(31);
    const recentProcessed = await addInboxRow(29);

    expect(await housekeeping.runOnce(now)).toEqual({ outbox: 1, inbox: 1 });

    expect(await ids('outbox', 'id')).toEqual([recentPublished, oldUnpublished].sort());
    expect(await ids('inbox', 'event_id')).toEqual([recentProcessed]);
    expect(await ids('outbox', 'id')).not.toContain(oldPublished);
    expect(await ids('inbox', 'event_id')).not.toContain(oldProcessed);
  });

  it('is harmless when several replicas run it at once', async () => {
    await addOutboxRow(9, 9);
    await addInboxRow(45);
    const results = await Promise.all([housekeeping.runOnce(now), housekeeping.runOnce(now)]);
    expect(results.reduce((sum, r) => sum + r.outbox, 0)).toBe(1);
    expect(results.reduce((sum, r) => sum + r.inbox, 0)).toBe(1);
  });
});
