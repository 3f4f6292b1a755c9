import { DataSource, type MigrationInterface, type QueryRunner } from 'typeorm';
import { migrate, serviceDataSourceOptions } from '#database';
import { createTestDatabase, type TestDatabase } from '#testing';

const SCHEMA = 'replicated';

class CreateTables1700000000000 implements MigrationInterface {
  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`CREATE TABLE "${SCHEMA}"."item" ("id" serial PRIMARY KEY, "name" text NOT NULL)`);
    await runner.query(`CREATE TYPE "${SCHEMA}"."kind" AS ENUM ('a', 'b')`);
  }
  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP TYPE "${SCHEMA}"."kind"`);
    await runner.query(`DROP TABLE "${SCHEMA}"."item"`);
  }
}

/** A data migration: run twice, it would leave two rows. */
class SeedItem1700000000001 implements MigrationInterface {
  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`SELECT pg_sleep(0.2)`); // widens the window a race would need
    await runner.query(`INSERT INTO "${SCHEMA}"."item" ("name") VALUES ('seed')`);
  }
  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DELETE FROM "${SCHEMA}"."item" WHERE "name" = 'seed'`);
  }
}

describe('migrate', () => {
  let database: TestDatabase;
  const sources: DataSource[] = [];

  beforeAll(async () => {
    database = await createTestDatabase('migrate');
  });

  afterAll(async () => {
    await Promise.all(sources.map((source) => source.destroy()));
    await database?.drop();
  });

  it('runs each migration exactly once when eight replicas start together on an empty database', async () => {
    for (let replica = 0; replica < 8; replica += 1) {
      sources.push(
        new DataSource(
          serviceDataSourceOptions({
            url: database.url,
            schema: SCHEMA,
            entities: [],
            migrations: [CreateTables1700000000000, SeedItem1700000000001],
            poolSize: 2,
          }),
        ),
      );
    }
    await Promise.all(sources.map((source) => source.initialize()));

    const results = await Promise.allSettled(sources.map((source) => migrate(source, SCHEMA)));

    expect(results.filter((result) => result.status === 'rejected')).toEqual([]);
    const [first] = sources;
    expect(await first.query(`SELECT "name" FROM "${SCHEMA}"."item"`)).toEqual([{ name: 'seed' }]);
    const applied: { name: string }[] = await first.query(
      `SELECT "name" FROM "${SCHEMA}"."migrations" ORDER BY "id"`,
    );
    expect(applied.map((row) => row.name)).toEqual(['CreateTables1700000000000', 'SeedItem1700000000001']);
    // The lock is released: no session still holds it.
    expect(
      await first.query(`SELECT count(*)::int AS "held" FROM pg_locks
         WHERE locktype = 'advisory' AND database = (SELECT oid FROM pg_database WHERE datname = current_database())`),
    ).toEqual([{ held: 0 }]);
  });
});
