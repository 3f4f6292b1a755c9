import type { DataSource } from 'typeorm';
import type { TestDatabase } from '#testing';
import { createMessagingMigration, MESSAGING_MIGRATION_NAME } from '../src/index.js';
import { createMessagingDatabase, SCHEMA } from './support/events-harness.js';

describe(createMessagingMigration.name, () => {
  let db: TestDatabase;
  let dataSource: DataSource;

  beforeAll(async () => {
    ({ db, dataSource } = await createMessagingDatabase('messaging_schema'));
  }, 30_000);

  afterAll(async () => {
    await dataSource?.destroy();
    await db?.drop();
  }, 30_000);

  const tables = async (): Promise<string[]> =>
    (
      await dataSource.query<{ table_name: string }[]>(
        `SELECT table_name FROM information_schema.tables
          WHERE table_schema = $1 AND table_name IN ('outbox', 'inbox') ORDER BY table_name`,
        [SCHEMA],
      )
    ).map((row) => row.table_name);

  it('creates tables that match the entities exactly', async () => {
    const pending = await dataSource.driver.createSchemaBuilder().log();

    expect(await tables()).toEqual(['inbox', 'outbox']);
    expect(pending.upQueries.map((q) => q.query)).toEqual([]);
  });

  it('is reversible', async () => {
    await dataSource.undoLastMigration({ transaction: 'each' });
    expect(await tables()).toEqual([]);

    await dataSource.runMigrations({ transaction: 'each' });
    expect(await tables()).toEqual(['inbox', 'outbox']);
    const [applied] = await dataSource.query<{ name: string }[]>(`SELECT name FROM ${SCHEMA}.migrations`);
    expect(applied.name).toBe(MESSAGING_MIGRATION_NAME);
  });
});
