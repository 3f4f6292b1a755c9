import type { DataSource, EntityManager, EntityTarget, ObjectLiteral } from 'typeorm';

export function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/** `"schema"."table"` of an entity as this DataSource maps it (the service's schema). */
export function tableOf(source: DataSource | EntityManager, entity: EntityTarget<ObjectLiteral>): string {
  const dataSource = 'connection' in source ? source.connection : source;
  const { schema, tableName } = dataSource.getMetadata(entity);
  return schema ? `${quoteIdent(schema)}.${quoteIdent(tableName)}` : quoteIdent(tableName);
}

export function schemaOf(source: DataSource | EntityManager, entity: EntityTarget<ObjectLiteral>): string {
  const dataSource = 'connection' in source ? source.connection : source;
  return dataSource.getMetadata(entity).schema ?? 'public';
}

/** The NOTIFY channel that wakes this schema's relay as soon as an event commits. */
export function outboxChannel(schema: string): string {
  return `moni_outbox_${schema}`.slice(0, 63);
}
