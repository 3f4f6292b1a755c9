import { DataSource } from 'typeorm';
import { serviceDataSourceOptions } from '#database';
import { createTestDatabase, type TestDatabase } from '#testing';

const SCHEMA = 'prepared';

describe('Prepared statements (a service data source on PostgreSQL)', () => {
  let database: TestDatabase;
  const sources: DataSource[] = [];

  async function open(preparedStatements?: boolean): Promise<DataSource> {
    const source = new DataSource(
      serviceDataSourceOptions({
        url: database.url,
        schema: SCHEMA,
        entities: [],
        migrations: [],
        preparedStatements,
      }),
    );
    sources.push(await source.initialize());
    return source;
  }

  beforeAll(async () => {
    database = await createTestDatabase('prepared');
    const admin = await open(false);
    await admin.query(`CREATE SCHEMA "${SCHEMA}"`);
    await admin.query(`CREATE TABLE "${SCHEMA}"."item" ("id" int PRIMARY KEY, "name" text NOT NULL)`);
    await admin.query(`INSERT INTO "${SCHEMA}"."item" VALUES (1, 'one'), (2, 'two')`);
  });

  afterAll(async () => {
    await Promise.all(sources.map((source) => source.destroy()));
    await database?.drop();
  });

  /** Runs the statement `times` times on one connection; what that connection has prepared, after. */
  async function runOnOneConnection(
    source: DataSource,
    text: string,
    times: number,
  ): Promise<{ results: unknown[]; prepared: string[] }> {
    const runner = source.createQueryRunner();
    try {
      const results: unknown[] = [];
      for (let run = 0; run < times; run += 1) {
        results.push(await runner.query(text, [run % 2 === 0 ? 1 : 2]));
      }
      const prepared = (await runner.query(`SELECT statement FROM pg_prepared_statements`)) as {
        statement: string;
      }[];
      return { results, prepared: prepared.map((row) => row.statement) };
    } finally {
      await runner.release();
    }
  }

  it('prepares a statement that runs often, with the same answers as before', async () => {
    const text = `SELECT "name" FROM "${SCHEMA}"."item" WHERE "id" = $1`;
    const { results, prepared } = await runOnOneConnection(await open(), text, 5);

    expect(results).toEqual([1, 2, 1, 2, 1].map((id) => [{ name: id === 1 ? 'one' : 'two' }]));
    expect(prepared).toEqual([text]);
  });

  it('prepares nothing when turned off', async () => {
    const text = `SELECT "name" AS "n" FROM "${SCHEMA}"."item" WHERE "id" = $1`;
    const { prepared } = await runOnOneConnection(await open(false), text, 5);

    expect(prepared).toEqual([]);
  });

  it('keeps answering a select of every column after a migration adds one', async () => {
    const source = await open();
    const text = `SELECT * FROM "${SCHEMA}"."item" WHERE "id" = $1`;
    const runner = source.createQueryRunner();
    try {
      for (let run = 0; run < 4; run += 1) {
        expect(await runner.query(text, [1])).toEqual([{ id: 1, name: 'one' }]);
      }
      await runner.query(`ALTER TABLE "${SCHEMA}"."item" ADD COLUMN "note" text`);

      expect(await runner.query(text, [1])).toEqual([{ id: 1, name: 'one', note: null }]);
    } finally {
      await runner.release();
    }
  });
});
