import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Whether a member is a person or a partner system's service account (client credentials): a
 * system is not offered as a colleague to assign work to. Existing service accounts are known by
 * Keycloak's name for them, `service-account-<client>`, and by having no e-mail.
 */
export class MemberKinds1765000000000 implements MigrationInterface {
  name = 'MemberKinds1765000000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE "partners"."memberships"
         ADD COLUMN "kind" text NOT NULL DEFAULT 'person' CHECK ("kind" IN ('person', 'system'))`,
    );
    await queryRunner.query(
      `UPDATE "partners"."memberships" SET "kind" = 'system'
        WHERE "email" IS NULL AND "display_name" LIKE 'service-account-%'`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "partners"."memberships" DROP COLUMN "kind"`);
  }
}
