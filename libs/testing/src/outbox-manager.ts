import type { EntityManager } from 'typeorm';

/** An event appended to an outbox, as the statement that appends it says it. */
export interface AppendedEvent {
  table: string;
  type: string;
  subject: string;
  payload: { data: unknown };
  /** The NOTIFY channel the same statement wakes at commit. */
  channel: string;
}

/**
 * An EntityManager in an open transaction on a schema's `outbox` table that keeps what is
 * appended to it, for unit tests of the writers (integration tests use the real database).
 */
export function fakeOutboxManager(schema: string): { manager: EntityManager; appended: AppendedEvent[] } {
  const appended: AppendedEvent[] = [];
  const manager = {
    queryRunner: { isTransactionActive: true },
    connection: { getMetadata: () => ({ schema, tableName: 'outbox' }) },
    query: (sql: string, params: string[]) => {
      const table = /INSERT INTO ("[^"]+"\."[^"]+")/.exec(sql)?.[1];
      if (table === undefined) {
        return Promise.reject(new Error(`unexpected SQL: ${sql}`));
      }
      // Four parameters per row (id, type, subject, payload), then the channel.
      const channel = params[params.length - 1];
      for (let row = 0; row + 4 < params.length; row += 4) {
        const [, type, subject, payload] = params.slice(row, row + 4);
        appended.push({ table, type, subject, payload: JSON.parse(payload) as { data: unknown }, channel });
      }
      return Promise.resolve([]);
    },
  } as unknown as EntityManager;
  return { manager, appended };
}
