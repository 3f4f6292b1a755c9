// The audit service's migrations on their own, as the audit schema's owner (MIGRATION_DATABASE_URL,
// else DATABASE_URL), then exit: the Helm chart runs this as an init container, so the running
// service never holds the owner's credentials. `node dist/apps/audit/src/migrate.js`
import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { loadCommonConfig, loadConfigOrExit } from '#config';
import { migrate, serviceDataSourceOptions } from '#database';
import { serviceMigrations } from '#service-core';
import { AUDIT_MIGRATIONS } from './app.module.js';

const config = loadConfigOrExit(() => loadCommonConfig('audit'));
const dataSource = new DataSource(
  serviceDataSourceOptions({
    url: config.migrationDatabaseUrl ?? config.databaseUrl,
    schema: 'audit',
    entities: [],
    migrations: serviceMigrations('audit', AUDIT_MIGRATIONS),
  }),
);
await dataSource.initialize();
try {
  await migrate(dataSource, 'audit');
  process.stdout.write('audit: migrations applied\n');
} finally {
  await dataSource.destroy();
}
