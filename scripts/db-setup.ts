// `npm run db:setup` (after npm run build): as the administrator of DATABASE_URL, creates the
// services' roles and schemas (README "Keys and database roles"); idempotent. A role's password
// comes from DB_PASSWORD_<ROLE> (e.g. DB_PASSWORD_CLIENTS, DB_PASSWORD_AUDIT_OWNER); without one
// the role has none (a server that trusts local connections). Compose runs it as `db-setup`.
import { DEFAULT_DATABASE_URL, loadConfigOrExit, readUrl } from '#config';
import { DATABASE_ROLES, ensureDatabase, ensureDatabaseRoles } from '#database';

const passwordVariable = (role: string): string => `DB_PASSWORD_${role.replace(/^moni_/, '').toUpperCase()}`;

const adminUrl = loadConfigOrExit(() => readUrl(process.env, 'DATABASE_URL', DEFAULT_DATABASE_URL));
const passwords = Object.fromEntries(
  DATABASE_ROLES.map((role) => [role, process.env[passwordVariable(role)]]),
);
await ensureDatabase(adminUrl);
await ensureDatabaseRoles(adminUrl, { passwords });
process.stdout.write(`database roles ready: ${DATABASE_ROLES.join(', ')}\n`);
