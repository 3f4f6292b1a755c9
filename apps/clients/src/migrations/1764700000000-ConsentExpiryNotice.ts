import type { MigrationInterface, QueryRunner } from 'typeorm';

/** When the "consent expiring soon" notice went out: once per consent, whichever replica sends it. */
export class ConsentExpiryNotice1764700000000 implements MigrationInterface {
  name = 'ConsentExpiryNotice1764700000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE "clients"."consents" ADD COLUMN "expiry_notified_at" timestamptz NULL`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_consents_expiry_notice" ON "clients"."consents" ("valid_until")
       WHERE "status" = 'active' AND "expiry_notified_at" IS NULL`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "clients"."ix_consents_expiry_notice"`);
    await queryRunner.query(`ALTER TABLE "clients"."consents" DROP COLUMN "expiry_notified_at"`);
  }
}
