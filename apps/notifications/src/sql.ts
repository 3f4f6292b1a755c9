import type { EntityManager } from 'typeorm';

/** TypeORM answers UPDATE … RETURNING with [rows, count] on PostgreSQL, INSERT/SELECT with rows. */
export async function updateReturning<T>(
  manager: Pick<EntityManager, 'query'>,
  sql: string,
  params: unknown[],
): Promise<T[]> {
  const result = await manager.query<unknown[]>(sql, params);
  return (Array.isArray(result[0]) ? result[0] : result) as T[];
}
