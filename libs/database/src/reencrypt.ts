import type { QueryRunner } from 'typeorm';

export interface ReencryptOptions {
  /** Schema-qualified and quoted, e.g. `"referrals"."referrals"`. */
  table: string;
  /** The uuid primary key column. */
  idColumn?: string;
  /** The columns `rewrite` reads and may change. */
  columns: string[];
  /** Only rows matching this SQL condition are read (e.g. those still in an old format). */
  where: string;
  /** The new values of the columns that change (jsonb values as objects), or null when none does. */
  rewrite(row: Record<string, unknown>): Record<string, unknown> | null;
  batchSize?: number;
}

/**
 * Rewrites encrypted columns row by row inside the migration's transaction, reading in id order
 * one batch at a time, so a large table is never held in memory. Returns the rows changed.
 */
export async function reencryptRows(queryRunner: QueryRunner, options: ReencryptOptions): Promise<number> {
  const id = options.idColumn ?? 'id';
  const batchSize = options.batchSize ?? 500;
  const columns = options.columns.map((column) => `"${column}"`).join(', ');
  let after: string | null = null;
  let changed = 0;
  for (;;) {
    const rows = (await queryRunner.query(
      `SELECT "${id}" AS "__id", ${columns} FROM ${options.table}
        WHERE (${options.where}) AND ($1::uuid IS NULL OR "${id}" > $1::uuid)
        ORDER BY "${id}" LIMIT ${batchSize}`,
      [after],
    )) as Record<string, unknown>[];
    for (const row of rows) {
      const values = options.rewrite(row);
      if (values && Object.keys(values).length > 0) {
        const names = Object.keys(values);
        const params = names.map((name) => {
          const value = values[name];
          return value !== null && typeof value === 'object' ? JSON.stringify(value) : value;
        });
        await queryRunner.query(
          `UPDATE ${options.table} SET ${names.map((name, i) => `"${name}" = $${i + 2}`).join(', ')}
            WHERE "${id}" = $1`,
          [row.__id, ...params],
        );
        changed += 1;
      }
    }
    if (rows.length < batchSize) {
      return changed;
    }
    after = rows[rows.length - 1].__id as string;
  }
}
