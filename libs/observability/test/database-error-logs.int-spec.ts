// A failing query whose parameters are a name and a date of birth (and an e-mail) leaves neither in
// the logs: not through the apps' pino serializers, not in messaging's one-line error descriptions,
// and not in TypeORM's own log of the failed query.
import { Writable } from 'node:stream';
import { jest } from '@jest/globals';
import pino from 'pino';
import { DataSource, QueryFailedError } from 'typeorm';
import { serviceDataSourceOptions } from '#database';
import { describeError } from '#messaging';
import { createTestDatabase, type TestDatabase } from '#testing';
import { ERROR_SERIALIZERS } from '../src/error-serializer.js';

const NAME = 'Zainabkhatun Qurbanova';
const DATE_OF_BIRTH = '1987-03-15';
const BAD_DATE = '1987-13-45';
const EMAIL = 'zainab.qurbanova@example.org';
const SECRETS = [NAME, 'Zainabkhatun', 'Qurbanova', DATE_OF_BIRTH, BAD_DATE, EMAIL];

function pinoCapture(serializers: Record<string, (value: unknown) => unknown> | undefined) {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(chunk.toString());
      done();
    },
  });
  return { logger: pino({ serializers }, stream), lines };
}

describe('Database errors in the logs', () => {
  let db: TestDatabase;
  let dataSource: DataSource;
  const errors: { label: string; error: QueryFailedError }[] = [];
  const written: string[] = [];

  const failing = async (label: string, sql: string, params: unknown[]) => {
    try {
      await dataSource.query(sql, params);
    } catch (error) {
      expect(error).toBeInstanceOf(QueryFailedError);
      errors.push({ label, error: error as QueryFailedError });
      return;
    }
    throw new Error(`${label}: the query did not fail`);
  };

  beforeAll(async () => {
    db = await createTestDatabase('error_logs');
    dataSource = new DataSource(
      serviceDataSourceOptions({ url: db.url, schema: 'logtest', entities: [], migrations: [] }),
    );
    await dataSource.initialize();
    await dataSource.query(`CREATE SCHEMA logtest`);
    await dataSource.query(
      `CREATE TABLE logtest.people (name text NOT NULL CHECK (length(name) < 10), date_of_birth date, email text UNIQUE)`,
    );
    await dataSource.query(`INSERT INTO logtest.people (name, email) VALUES ('A', $1)`, [EMAIL]);

    // TypeORM logs the failed queries itself, through Nest's logger to stdout/stderr.
    for (const stream of [process.stdout, process.stderr]) {
      jest.spyOn(stream, 'write').mockImplementation((chunk: string | Uint8Array) => {
        written.push(chunk.toString());
        return true;
      });
    }
    try {
      // 22008: the message quotes the input. 23514: the detail holds the failing row.
      // 23505: the detail holds the duplicate key.
      await failing('bad date', `INSERT INTO logtest.people (name, date_of_birth) VALUES ($1, $2)`, [
        'A',
        BAD_DATE,
      ]);
      await failing('check', `INSERT INTO logtest.people (name, date_of_birth) VALUES ($1, $2)`, [
        NAME,
        DATE_OF_BIRTH,
      ]);
      await failing(
        'duplicate',
        `INSERT INTO logtest.people (name, date_of_birth, email) VALUES ($1, $2, $3)`,
        ['B', DATE_OF_BIRTH, EMAIL],
      );
    } finally {
      jest.restoreAllMocks();
    }
  });

  afterAll(async () => {
    await dataSource?.destroy();
    await db?.drop();
  });

  it('carry the personal data in the error itself (what the serializers are there for)', () => {
    const { logger, lines } = pinoCapture(undefined);
    for (const { error } of errors) {
      logger.error({ err: error }, 'unhandled error');
    }
    const raw = lines.join('');
    expect(raw).toContain(NAME);
    expect(raw).toContain(BAD_DATE);
    expect(raw).toContain(EMAIL);
  });

  it("log neither name nor date of birth through the apps' serializers, but the SQLSTATE and names", () => {
    const { logger, lines } = pinoCapture(ERROR_SERIALIZERS);
    for (const { error } of errors) {
      logger.error({ err: error }, 'unhandled error');
      logger.error({ error }, 'unhandled error');
    }
    const logged = lines.join('');
    for (const secret of SECRETS) {
      expect(logged).not.toContain(secret);
    }
    const entries = lines.map((line) => JSON.parse(line) as { err?: Record<string, unknown> });
    expect(entries[0].err).toMatchObject({
      type: 'QueryFailedError',
      code: '22008',
      message: 'SQLSTATE 22008',
    });
    expect(entries[2].err).toMatchObject({
      code: '23514',
      table: 'people',
      constraint: 'people_name_check',
    });
    expect(entries[4].err).toMatchObject({ code: '23505', constraint: 'people_email_key' });
    for (const entry of entries.filter((e) => e.err)) {
      expect(Object.keys(entry.err!)).not.toEqual(expect.arrayContaining(['parameters']));
      expect(entry.err).not.toHaveProperty('query');
      expect(entry.err).not.toHaveProperty('driverError');
      expect(entry.err).not.toHaveProperty('detail');
    }
  });

  it("log neither in messaging's one-line error descriptions", () => {
    const described = errors.map(({ error }) => describeError(error));
    expect(described).toEqual([
      'QueryFailedError: SQLSTATE 22008',
      'QueryFailedError: SQLSTATE 23514 (constraint people_name_check)',
      'QueryFailedError: SQLSTATE 23505 (constraint people_email_key)',
    ]);
  });

  it("log neither in TypeORM's own line about the failed query", () => {
    const output = written.join('');
    expect(output.match(/query failed/g)).toHaveLength(3);
    for (const secret of SECRETS) {
      expect(output).not.toContain(secret);
    }
    expect(output).not.toContain('INSERT INTO');
  });
});
