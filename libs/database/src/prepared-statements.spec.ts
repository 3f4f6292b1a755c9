import { StatementNames } from './prepared-statements.js';

describe('StatementNames', () => {
  const runs = (names: StatementNames, text: string, times: number) =>
    Array.from({ length: times }, () => names.nameFor(text));

  it('names a statement from its third run on, the same name every time, another for another text', () => {
    const names = new StatementNames();
    const select = 'SELECT "a" FROM "s"."t" WHERE "id" = $1';
    const insert = 'INSERT INTO "s"."t" ("a") VALUES ($1)';

    const selects = runs(names, select, 4);
    const inserts = runs(names, insert, 3);

    expect(selects.slice(0, 2)).toEqual([undefined, undefined]);
    expect(selects[2]).toMatch(/^moni_\d+$/);
    expect(selects[3]).toBe(selects[2]);
    expect(inserts[2]).toMatch(/^moni_\d+$/);
    expect(inserts[2]).not.toBe(selects[2]);
    expect(names.prepared).toBe(2);
  });

  it('never names a statement whose result is every column, which a migration could change', () => {
    const names = new StatementNames();
    for (const text of [
      'SELECT * FROM "s"."t" WHERE "id" = $1',
      'SELECT i."open", m.* FROM "s"."m" m WHERE m."user_id" = $1',
      'SELECT "x"."a", "m".* FROM "s"."m" "m" WHERE "m"."id" = $1',
      'UPDATE "s"."t" SET "a" = $1 RETURNING *',
    ]) {
      expect(runs(names, text, 5)).toEqual([undefined, undefined, undefined, undefined, undefined]);
    }
    // A count of rows is one column of its own.
    expect(runs(names, 'SELECT count(*) AS n FROM "s"."t" WHERE "a" = $1', 3)[2]).toMatch(/^moni_/);
    expect(names.prepared).toBe(1);
  });

  it('stops naming at its limit, and keeps the names it gave', () => {
    const names = new StatementNames();
    const given = Array.from({ length: 300 }, (_, n) => runs(names, `SELECT $1::int + ${n}`, 3)[2]);

    expect(given.filter((name) => name !== undefined)).toHaveLength(250);
    expect(given.slice(250)).toEqual(Array.from({ length: 50 }, () => undefined));
    expect(names.nameFor('SELECT $1::int + 0')).toBe(given[0]);
  });
});
