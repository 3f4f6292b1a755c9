import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The audit service runs as a role of its own (README "Keys and database roles"): the log belongs
 * to the migration role, and nobody else keeps more than SELECT and INSERT on it, whatever default
 * privileges granted when the table was made. Without ownership the service can neither disable
 * the append-only triggers nor alter or drop the table.
 */
export class AuditLogPrivileges1764900000000 implements MigrationInterface {
  name = 'AuditLogPrivileges1764900000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `REVOKE UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER ON TABLE "audit"."audit_log" FROM PUBLIC`,
    );
    await queryRunner.query(`
      DO $$
      DECLARE
        grantee_name text;
      BEGIN
        FOR grantee_name IN
          SELECT DISTINCT pg_get_userbyid(acl.grantee)
            FROM pg_class c, aclexplode(c.relacl) acl
           WHERE c.oid = '"audit"."audit_log"'::regclass AND acl.grantee <> 0 AND acl.grantee <> c.relowner
        LOOP
          EXECUTE format('REVOKE UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER ON TABLE "audit"."audit_log" FROM %I',
            grantee_name);
        END LOOP;
      END
      $$`);
  }

  async down(): Promise<void> {
    // Nothing to give back: the privileges revoked were never meant to be held.
  }
}
