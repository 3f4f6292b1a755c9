import {
  AUDIT_OWNER_ROLE,
  dropDatabase,
  ensureDatabase,
  ensureDatabaseRoles,
  roleUrl,
  serviceRole,
  withDatabase,
  type ServiceSchema,
} from '#database';
import { testDatabaseUrl, uniqueSuffix } from './test-env.js';

export interface TestDatabase {
  /** The administrator's URL (tests use it to look at and tamper with what the services wrote). */
  url: string;
  /** The URL a service connects with: its own role, which owns only its schema. */
  serviceUrl(service: ServiceSchema): string;
  /** The audit schema's owner, which runs the audit service's migrations. */
  auditOwnerUrl: string;
  drop(): Promise<void>;
}

/**
 * A fresh database of its own for one test file, so test files never see each other's data, with
 * the services' roles and schemas set up as on a real server (the roles are shared by the cluster).
 */
export async function createTestDatabase(label = 'test'): Promise<TestDatabase> {
  const url = withDatabase(testDatabaseUrl(), `moni_${label.replace(/[^a-z0-9_]/gi, '_')}_${uniqueSuffix()}`);
  await ensureDatabase(url);
  await ensureDatabaseRoles(url);
  return {
    url,
    serviceUrl: (service) => roleUrl(url, serviceRole(service)),
    auditOwnerUrl: roleUrl(url, AUDIT_OWNER_ROLE),
    drop: () => dropDatabase(url),
  };
}
