import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The `background` data category (education, work history, residence status) as one encrypted
 * JSON value; erasure removes it, so the erased-row check covers it too.
 */
export class ClientBackground1764800000000 implements MigrationInterface {
  name = 'ClientBackground1764800000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "clients"."clients" ADD COLUMN "background_enc" text NULL`);
    await queryRunner.query(`ALTER TABLE "clients"."clients" DROP CONSTRAINT "ck_clients_erased"`);
    await queryRunner.query(`
      ALTER TABLE "clients"."clients" ADD CONSTRAINT "ck_clients_erased" CHECK ("erased_at" IS NULL OR (
        "first_name" IS NULL AND "last_name" IS NULL
        AND "date_of_birth" IS NULL AND "personal_identity_code_enc" IS NULL AND "personal_identity_code_hash" IS NULL
        AND "personal_identity_code_masked" IS NULL
        AND "phone" IS NULL AND "email" IS NULL AND "background_enc" IS NULL))`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "clients"."clients" DROP CONSTRAINT "ck_clients_erased"`);
    await queryRunner.query(`
      ALTER TABLE "clients"."clients" ADD CONSTRAINT "ck_clients_erased" CHECK ("erased_at" IS NULL OR (
        "first_name" IS NULL AND "last_name" IS NULL
        AND "date_of_birth" IS NULL AND "personal_identity_code_enc" IS NULL AND "personal_identity_code_hash" IS NULL
        AND "personal_identity_code_masked" IS NULL
        AND "phone" IS NULL AND "email" IS NULL))`);
    await queryRunner.query(`ALTER TABLE "clients"."clients" DROP COLUMN "background_enc"`);
  }
}
