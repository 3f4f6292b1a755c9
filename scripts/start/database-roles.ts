import { randomBytes } from 'node:crypto';
import {
  AUDIT_OWNER_ROLE,
  DATABASE_ROLES,
  ensureDatabaseRoles,
  roleUrl,
  SERVICE_SCHEMAS,
  serviceRole,
  type ServiceSchema,
} from '#database/admin';
import { log, StartError } from './log.js';
import { redactUrl } from './postgres.js';

/** What each back-end service gets instead of the administrator's DATABASE_URL. */
export type DatabaseEnv = Record<ServiceSchema, NodeJS.ProcessEnv>;

/**
 * Sets up a role per service (and the audit log's owner) in the database npm start uses, and
 * returns each service's connection as its own role. A server that asks for passwords (the
 * administrator's URL has one) gets a fresh random password per role at every start.
 */
export async function prepareDatabaseRoles(adminUrl: string): Promise<DatabaseEnv> {
  const withPasswords = new URL(adminUrl).password !== '';
  const passwords = Object.fromEntries(
    DATABASE_ROLES.map((role) => [role, withPasswords ? randomBytes(18).toString('base64url') : undefined]),
  );
  try {
    await ensureDatabaseRoles(adminUrl, { passwords });
  } catch (error) {
    throw new StartError(
      `could not set up the services' database roles as ${redactUrl(adminUrl)} (it must be able to create roles and schemas): ${(error as Error).message}`,
    );
  }
  log(`PostgreSQL: each service connects as its own role (${SERVICE_SCHEMAS.map(serviceRole).join(', ')})`);
  const url = (role: string) => roleUrl(adminUrl, role, passwords[role]);
  const databaseEnv = {} as DatabaseEnv;
  for (const service of SERVICE_SCHEMAS) {
    databaseEnv[service] = { DATABASE_URL: url(serviceRole(service)) };
  }
  databaseEnv.audit.MIGRATION_DATABASE_URL = url(AUDIT_OWNER_ROLE);
  return databaseEnv;
}
