import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * One notice per user for a happening that arrives as several events (a consent's end cancels a
 * referral and redacts it): notifications sharing a `dedupe_key` are kept once per user.
 */
export class NotificationDedupe1764700000000 implements MigrationInterface {
  name = 'NotificationDedupe1764700000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "notifications"."notifications" ADD COLUMN "dedupe_key" text NULL`);
    await queryRunner.query(
      `CREATE UNIQUE INDEX "uq_notifications_user_dedupe" ON "notifications"."notifications" ("user_id", "dedupe_key")
       WHERE "dedupe_key" IS NOT NULL`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "notifications"."uq_notifications_user_dedupe"`);
    await queryRunner.query(`ALTER TABLE "notifications"."notifications" DROP COLUMN "dedupe_key"`);
  }
}
