import { DataSource, type DataSourceOptions, type MixedList, type EntitySchema } from 'typeorm';
import { PreparingClient } from './prepared-statements.js';
import { SafeQueryLogger } from './query-logger.js';

export interface ServiceDataSourceOptions {
  url: string;
  /** The PostgreSQL schema this service owns. */
  schema: string;
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  entities: MixedList<Function | string | EntitySchema>;
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  migrations: MixedList<Function | string>;
  poolSize?: number;
  /** Prepare the statements that run often (default true; false behind a pooler that cannot keep them). */
  preparedStatements?: boolean;
}

export function serviceDataSourceOptions(options: ServiceDataSourceOptions): DataSourceOptions {
  return {
    type: 'postgres',
    url: options.url,
    schema: options.schema,
    entities: options.entities,
    migrations: options.migrations,
    migrationsTableName: 'migrations',
    migrationsTransactionMode: 'each',
    synchronize: false,
    migrationsRun: false,
    // The migrations make everything the schema needs (uuids come from PostgreSQL's own
    // gen_random_uuid). Without this TypeORM tries CREATE EXTENSION "uuid-ossp" at every connect,
    // which a service's role may not do: an ERROR in PostgreSQL's log at every start.
    installExtensions: false,
    // Failed queries are logged without the query or its parameters (personal data).
    logging: ['error'],
    logger: new SafeQueryLogger(),
    extra: {
      max: options.poolSize ?? 10,
      application_name: `moni-${options.schema}`,
      ...(options.preparedStatements === false ? {} : { Client: PreparingClient }),
    },
  };
}

/**
 * Creates the service's schema if needed, then applies pending migrations, under a PostgreSQL
 * advisory lock per schema: replicas that start together wait for each other instead of racing to
 * create the same objects (or running a data migration twice). The lock is a session lock on a
 * connection of its own, so it ends with that connection even if this process dies mid-migration.
 * A schema made for the service's role beforehand (ensureDatabaseRoles) is left alone: the role
 * may not create schemas.
 */
export async function migrate(dataSource: DataSource, schema: string): Promise<void> {
  const lock = dataSource.createQueryRunner();
  await lock.connect();
  try {
    await lock.query('SELECT pg_advisory_lock(hashtext($1))', [`moni:migrations:${schema}`]);
    const found = await dataSource.query<unknown[]>('SELECT 1 FROM pg_namespace WHERE nspname = $1', [
      schema,
    ]);
    if (found.length === 0) {
      await dataSource.query(`CREATE SCHEMA IF NOT EXISTS "${schema}"`);
    }
    await dataSource.runMigrations({ transaction: 'each' });
  } finally {
    await lock.query('SELECT pg_advisory_unlock_all()').catch(() => undefined);
    await lock.release();
  }
}

export async function openServiceDataSource(options: ServiceDataSourceOptions): Promise<DataSource> {
  const dataSource = new DataSource(serviceDataSourceOptions(options));
  await dataSource.initialize();
  await migrate(dataSource, options.schema);
  return dataSource;
}
