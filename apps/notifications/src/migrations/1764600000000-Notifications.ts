import type { MigrationInterface, QueryRunner } from 'typeorm';

/** In-app notifications, preferences, and the e-mail deliveries with their log. */
export class Notifications1764600000000 implements MigrationInterface {
  name = 'Notifications1764600000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE "notifications"."notifications" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "user_id" uuid NOT NULL,
        "organisation_id" uuid NULL,
        "event_id" uuid NOT NULL,
        "kind" text NOT NULL,
        "referral_id" uuid NULL,
        "detail" jsonb NOT NULL DEFAULT '{}',
        "created_at" timestamptz NOT NULL DEFAULT now(),
        "read_at" timestamptz NULL,
        CONSTRAINT "pk_notifications" PRIMARY KEY ("id"),
        CONSTRAINT "uq_notifications_event_user" UNIQUE ("event_id", "user_id")
      )`);
    await queryRunner.query(
      `CREATE INDEX "ix_notifications_user_created" ON "notifications"."notifications" ("user_id", "created_at" DESC, "id" DESC)`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_notifications_user_unread" ON "notifications"."notifications" ("user_id") WHERE "read_at" IS NULL`,
    );
    await queryRunner.query(`
      CREATE TABLE "notifications"."preferences" (
        "user_id" uuid NOT NULL,
        "language" text NOT NULL,
        "email" jsonb NOT NULL DEFAULT '{}',
        "digest" text NOT NULL DEFAULT 'instant',
        "updated_at" timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT "pk_preferences" PRIMARY KEY ("user_id"),
        CONSTRAINT "ck_preferences_language" CHECK ("language" IN ('fi', 'sv', 'en')),
        CONSTRAINT "ck_preferences_digest" CHECK ("digest" IN ('instant', 'daily'))
      )`);
    // One row per event and recipient address: a redelivered event cannot send a second e-mail.
    await queryRunner.query(`
      CREATE TABLE "notifications"."email_deliveries" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "event_id" uuid NOT NULL,
        "kind" text NOT NULL,
        "recipient" text NOT NULL,
        "recipient_user_id" uuid NULL,
        "language" text NOT NULL,
        "link" text NOT NULL,
        "detail" jsonb NOT NULL DEFAULT '{}',
        "digest" boolean NOT NULL DEFAULT false,
        "status" text NOT NULL DEFAULT 'queued',
        "attempts" integer NOT NULL DEFAULT 0,
        "next_attempt_at" timestamptz NOT NULL DEFAULT now(),
        "claimed_until" timestamptz NULL,
        "last_error" text NULL,
        "message_id" text NULL,
        "correlation_id" text NULL,
        "created_at" timestamptz NOT NULL DEFAULT now(),
        "updated_at" timestamptz NOT NULL DEFAULT now(),
        "sent_at" timestamptz NULL,
        CONSTRAINT "pk_email_deliveries" PRIMARY KEY ("id"),
        CONSTRAINT "uq_email_deliveries_event_recipient" UNIQUE ("event_id", "recipient"),
        CONSTRAINT "ck_email_deliveries_status" CHECK ("status" IN ('queued', 'retrying', 'sent', 'failed')),
        CONSTRAINT "ck_email_deliveries_language" CHECK ("language" IN ('fi', 'sv', 'en')),
        CONSTRAINT "ck_email_deliveries_recipient_lower" CHECK ("recipient" = lower("recipient"))
      )`);
    await queryRunner.query(
      `CREATE INDEX "ix_email_deliveries_due" ON "notifications"."email_deliveries" ("next_attempt_at")
         WHERE "status" IN ('queued', 'retrying')`,
    );
    await queryRunner.query(`
      CREATE TABLE "notifications"."email_delivery_log" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "delivery_id" uuid NOT NULL,
        "status" text NOT NULL,
        "attempt" integer NOT NULL,
        "detail" text NULL,
        "at" timestamptz NOT NULL DEFAULT clock_timestamp(),
        CONSTRAINT "pk_email_delivery_log" PRIMARY KEY ("id"),
        CONSTRAINT "fk_email_delivery_log_delivery" FOREIGN KEY ("delivery_id")
          REFERENCES "notifications"."email_deliveries" ("id") ON DELETE CASCADE,
        CONSTRAINT "ck_email_delivery_log_status" CHECK ("status" IN ('queued', 'retrying', 'sent', 'failed'))
      )`);
    await queryRunner.query(
      `CREATE INDEX "ix_email_delivery_log_delivery" ON "notifications"."email_delivery_log" ("delivery_id", "at")`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "notifications"."email_delivery_log"`);
    await queryRunner.query(`DROP TABLE "notifications"."email_deliveries"`);
    await queryRunner.query(`DROP TABLE "notifications"."preferences"`);
    await queryRunner.query(`DROP TABLE "notifications"."notifications"`);
  }
}
