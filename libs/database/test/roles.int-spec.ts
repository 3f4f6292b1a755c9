// The database roles' set-up: idempotent, safe side by side on one server (roles are
// cluster-wide), and it hands a schema made before the roles to its service.
import pg from 'pg';
import { createTestDatabase, testDatabaseUrl, uniqueSuffix, type TestDatabase } from '#testing';
import {
  AUDIT_OWNER_ROLE,
  dropDatabase,
  ensureDatabase,
  ensureDatabaseRoles,
  roleUrl,
  serviceRole,
  withDatabase,
} from '../src/index.js';

async function query<T extends pg.QueryResultRow>(url: string, sql: string): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(sql)).rows;
  } finally {
    await client.end();
  }
}

describe(ensureDatabaseRoles.name, () => {
  const extra: string[] = [];
  let db: TestDatabase;

  beforeAll(async () => {
    db = await createTestDatabase('roles');
  });

  afterAll(async () => {
    await Promise.all(extra.map((url) => dropDatabase(url)));
    await db?.drop();
  });

  it('runs side by side on several databases of one server, and again on the same one', async () => {
    const urls = [1, 2, 3, 4].map((n) =>
      withDatabase(testDatabaseUrl(), `moni_roles_${n}_${uniqueSuffix()}`),
    );
    extra.push(...urls);
    await Promise.all(urls.map((url) => ensureDatabase(url)));
    await Promise.all([...urls, urls[0], db.url, db.url].map((url) => ensureDatabaseRoles(url)));
    for (const url of urls) {
      const owners = await query<{ nspname: string; owner: string }>(
        url,
        `SELECT nspname, pg_get_userbyid(nspowner) AS owner FROM pg_namespace
          WHERE nspname IN ('clients', 'referrals', 'partners', 'notifications', 'audit') ORDER BY 1`,
      );
      expect(owners).toEqual([
        { nspname: 'audit', owner: AUDIT_OWNER_ROLE },
        { nspname: 'clients', owner: serviceRole('clients') },
        { nspname: 'notifications', owner: serviceRole('notifications') },
        { nspname: 'partners', owner: serviceRole('partners') },
        { nspname: 'referrals', owner: serviceRole('referrals') },
      ]);
    }
  });

  it('hands what an administrator made in a schema before the roles to the schema owner', async () => {
    const url = withDatabase(testDatabaseUrl(), `moni_roles_old_${uniqueSuffix()}`);
    extra.push(url);
    await ensureDatabase(url);
    await query(url, `CREATE SCHEMA referrals; CREATE TABLE referrals.referrals (id bigserial PRIMARY KEY)`);
    await ensureDatabaseRoles(url);
    expect(
      await query(
        url,
        `SELECT pg_get_userbyid(relowner) AS owner FROM pg_class WHERE oid = 'referrals.referrals'::regclass`,
      ),
    ).toEqual([{ owner: serviceRole('referrals') }]);
    // The service's role can now use what it owns.
    expect(
      await query(
        roleUrl(url, serviceRole('referrals')),
        'INSERT INTO referrals.referrals DEFAULT VALUES RETURNING id',
      ),
    ).toEqual([{ id: '1' }]);
  });

  it("leaves a service's role no way into another service's schema, the public schema or a new one", async () => {
    const asPartners = roleUrl(db.url, serviceRole('partners'));
    await query(roleUrl(db.url, serviceRole('clients')), 'CREATE TABLE clients.secrets (id int)');
    await expect(query(asPartners, 'SELECT * FROM clients.secrets')).rejects.toMatchObject({ code: '42501' });
    await expect(query(asPartners, 'CREATE TABLE clients.planted (id int)')).rejects.toMatchObject({
      code: '42501',
    });
    await expect(query(asPartners, 'CREATE TABLE public.planted (id int)')).rejects.toMatchObject({
      code: '42501',
    });
    await expect(query(asPartners, 'CREATE SCHEMA planted')).rejects.toMatchObject({ code: '42501' });
  });
});
