// A PostgreSQL role per service, each owning only its schema; the audit schema owned by a
// migration role, the audit service's own role holding only INSERT and SELECT on the log. Run by
// an administrator (npm start, the test harnesses, compose's db-setup), idempotently; README.md
// has the same as SQL for a real server.
import pg from 'pg';
import { databaseName } from './pg-admin.js';

export const SERVICE_SCHEMAS = [
  'clients',
  'referrals',
  'partners',
  'notifications',
  'audit',
  'statistics',
] as const;
export type ServiceSchema = (typeof SERVICE_SCHEMAS)[number];

/** The role a service connects with. */
export const serviceRole = (service: ServiceSchema): string => `moni_${service}`;
/** The role that owns the audit schema and runs its migrations; never the running service. */
export const AUDIT_OWNER_ROLE = 'moni_audit_owner';
export const DATABASE_ROLES = [...SERVICE_SCHEMAS.map(serviceRole), AUDIT_OWNER_ROLE];

/** Who owns each schema: the service itself, except the audit log. */
export const schemaOwner = (service: ServiceSchema): string =>
  service === 'audit' ? AUDIT_OWNER_ROLE : serviceRole(service);

const ident = (name: string): string => `"${name.replace(/"/g, '""')}"`;

/** The URL with another user (and password, or none). */
export function roleUrl(url: string, role: string, password?: string): string {
  const parsed = new URL(url);
  parsed.username = encodeURIComponent(role);
  parsed.password = password ? encodeURIComponent(password) : '';
  return parsed.toString();
}

/** duplicate_object, or unique_violation when another session creates the same role at the same moment. */
const isDuplicate = (error: unknown): boolean =>
  ['42710', '23505'].includes((error as { code?: string }).code ?? '');

async function ensureRole(client: pg.Client, role: string, password: string | undefined): Promise<void> {
  // Roles are cluster-wide: tests on one server create the same set side by side.
  const exists = await client.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [role]);
  if (exists.rowCount === 0) {
    try {
      await client.query(`CREATE ROLE ${ident(role)} LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOINHERIT`);
    } catch (error) {
      if (!isDuplicate(error)) {
        throw error;
      }
    }
  }
  if (password) {
    await client.query(`ALTER ROLE ${ident(role)} PASSWORD ${client.escapeLiteral(password)}`);
  }
}

/** Hands every object of a schema that someone else owns (e.g. from before the roles) to its owner. */
async function reassignSchema(client: pg.Client, schema: string, owner: string): Promise<void> {
  const s = ident(schema);
  const o = ident(owner);
  await client.query(`ALTER SCHEMA ${s} OWNER TO ${o}`);
  const objects = await client.query<{ kind: string; name: string }>(
    `SELECT CASE c.relkind WHEN 'S' THEN 'SEQUENCE' WHEN 'v' THEN 'VIEW' WHEN 'm' THEN 'MATERIALIZED VIEW'
              ELSE 'TABLE' END AS kind, quote_ident(c.relname) AS name
       FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = $1 AND c.relkind IN ('r', 'p', 'v', 'm', 'S') AND pg_get_userbyid(c.relowner) <> $2
        AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = c.oid AND d.deptype IN ('a', 'i', 'e'))
     UNION ALL
     SELECT 'FUNCTION', quote_ident(p.proname) || '(' || pg_get_function_identity_arguments(p.oid) || ')'
       FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
      WHERE n.nspname = $1 AND pg_get_userbyid(p.proowner) <> $2
        AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = p.oid AND d.deptype = 'e')`,
    [schema, owner],
  );
  for (const { kind, name } of objects.rows) {
    await client.query(`ALTER ${kind} ${s}.${name} OWNER TO ${o}`);
  }
}

/** The audit service reads and appends the log, and uses its own messaging tables; nothing more. */
async function grantAuditService(client: pg.Client): Promise<void> {
  const owner = ident(AUDIT_OWNER_ROLE);
  const service = ident(serviceRole('audit'));
  await client.query(`GRANT USAGE ON SCHEMA "audit" TO ${service}`);
  // Tables the owner creates later (migrations) get these at once; the log itself is narrowed by
  // its migration (AuditLogPrivileges) and below.
  await client.query(
    `ALTER DEFAULT PRIVILEGES FOR ROLE ${owner} IN SCHEMA "audit" GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO ${service}`,
  );
  await client.query(
    `ALTER DEFAULT PRIVILEGES FOR ROLE ${owner} IN SCHEMA "audit" GRANT USAGE, SELECT ON SEQUENCES TO ${service}`,
  );
  await client.query(`GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA "audit" TO ${service}`);
  await client.query(`GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA "audit" TO ${service}`);
  const log = await client.query(`SELECT to_regclass('"audit"."audit_log"') IS NOT NULL AS found`);
  if ((log.rows[0] as { found: boolean }).found) {
    await client.query(
      `REVOKE UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER ON "audit"."audit_log" FROM PUBLIC, ${service}`,
    );
  }
}

export interface DatabaseRolesOptions {
  /** A password per role (when the server authenticates by password); none: the role has none. */
  passwords?: Partial<Record<string, string>>;
}

/**
 * Creates the roles (if missing) and, in the database of `adminUrl`, each service's schema owned
 * by its role (existing objects handed over), the audit schema owned by the migration role with
 * the audit service's grants, and the extensions the migrations need (which only an
 * administrator may create). Safe to run again, and side by side on one server.
 */
export async function ensureDatabaseRoles(
  adminUrl: string,
  options: DatabaseRolesOptions = {},
): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    for (const role of DATABASE_ROLES) {
      await ensureRole(client, role, options.passwords?.[role]);
    }
    await client.query('BEGIN');
    // One setup at a time per database (npm start and a deploy job could overlap).
    await client.query(`SELECT pg_advisory_xact_lock(hashtext('moni-database-roles'))`);
    await client.query(`REVOKE CREATE ON SCHEMA public FROM PUBLIC`);
    await client.query(`REVOKE ALL ON DATABASE ${ident(databaseName(adminUrl))} FROM PUBLIC`);
    for (const service of SERVICE_SCHEMAS) {
      const owner = schemaOwner(service);
      await client.query(
        `GRANT CONNECT, TEMPORARY ON DATABASE ${ident(databaseName(adminUrl))} TO ${ident(owner)}`,
      );
      if (owner !== serviceRole(service)) {
        await client.query(
          `GRANT CONNECT ON DATABASE ${ident(databaseName(adminUrl))} TO ${ident(serviceRole(service))}`,
        );
      }
      await client.query(`CREATE SCHEMA IF NOT EXISTS ${ident(service)} AUTHORIZATION ${ident(owner)}`);
      await reassignSchema(client, service, owner);
    }
    await grantAuditService(client);
    // The directory's text search (partners migration 1764500000000) needs pg_trgm.
    await client.query(`CREATE EXTENSION IF NOT EXISTS pg_trgm WITH SCHEMA "partners"`);
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    await client.end();
  }
}
