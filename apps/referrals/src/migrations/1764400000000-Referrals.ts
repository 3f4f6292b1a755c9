import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Referrals1764400000000 implements MigrationInterface {
  name = 'Referrals1764400000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE "referrals"."referrals" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "kind" text NOT NULL,
        "client_id" uuid NOT NULL,
        "sending_organisation_id" uuid NOT NULL,
        "sending_organisation_name" jsonb NOT NULL,
        "sender_user_id" text NOT NULL,
        "sender_username" text,
        "receiving_organisation_id" uuid,
        "receiving_organisation_name" jsonb NOT NULL,
        "service_id" uuid,
        "need" text NOT NULL,
        "reason_encrypted" text NOT NULL,
        "urgency" text NOT NULL,
        "language" text,
        "interpreter_needed" boolean NOT NULL DEFAULT false,
        "categories" text[] NOT NULL DEFAULT '{}',
        "consent_id" uuid,
        "consent_version" integer,
        "shared_data_encrypted" text,
        "redacted_at" timestamptz,
        "redaction_reason" text,
        "status" text NOT NULL,
        "version" integer NOT NULL DEFAULT 1,
        "assignee_id" text,
        "status_reason_code" text,
        "outcome_code" text,
        "created_at" timestamptz NOT NULL DEFAULT now(),
        "updated_at" timestamptz NOT NULL DEFAULT now(),
        "listed_at" timestamptz NOT NULL DEFAULT date_trunc('milliseconds', now()),
        "sent_at" timestamptz,
        "received_at" timestamptz,
        "due_at" timestamptz,
        "expires_at" timestamptz,
        "overdue_notified_at" timestamptz,
        "closed_at" timestamptz,
        CONSTRAINT "referrals_pkey" PRIMARY KEY ("id"),
        CONSTRAINT "referrals_kind_check" CHECK ("kind" IN ('platform', 'logged')),
        CONSTRAINT "referrals_status_check" CHECK ("status" IN ('draft', 'requested', 'received', 'accepted',
          'rejected', 'in_progress', 'on_hold', 'completed', 'failed', 'cancelled', 'entered_in_error')),
        CONSTRAINT "referrals_receiver_check" CHECK (("kind" = 'platform') = ("receiving_organisation_id" IS NOT NULL)),
        CONSTRAINT "referrals_version_check" CHECK ("version" >= 1),
        -- Keyset cursors carry JavaScript times (milliseconds): finer times would skip or repeat rows.
        CONSTRAINT "referrals_listed_at_ms_check" CHECK ("listed_at" = date_trunc('milliseconds', "listed_at"))
      )`);
    // Inbox and outbox: keyset pagination newest first, with and without a status filter.
    await queryRunner.query(`CREATE INDEX "referrals_incoming_idx" ON "referrals"."referrals"
      ("receiving_organisation_id", "listed_at" DESC, "id" DESC) WHERE "status" NOT IN ('draft', 'entered_in_error')`);
    await queryRunner.query(`CREATE INDEX "referrals_incoming_status_idx" ON "referrals"."referrals"
      ("receiving_organisation_id", "status", "listed_at" DESC, "id" DESC)`);
    await queryRunner.query(`CREATE INDEX "referrals_outgoing_idx" ON "referrals"."referrals"
      ("sending_organisation_id", "listed_at" DESC, "id" DESC) WHERE "status" <> 'entered_in_error'`);
    await queryRunner.query(`CREATE INDEX "referrals_outgoing_status_idx" ON "referrals"."referrals"
      ("sending_organisation_id", "status", "listed_at" DESC, "id" DESC)`);
    // The response promise: only referrals still waiting for an answer.
    await queryRunner.query(`CREATE INDEX "referrals_awaiting_answer_idx" ON "referrals"."referrals"
      ("due_at") WHERE "status" IN ('requested', 'received')`);
    await queryRunner.query(`CREATE INDEX "referrals_expiry_idx" ON "referrals"."referrals"
      ("expires_at") WHERE "status" IN ('requested', 'received')`);
    // Duplicates, and consent follow-through.
    await queryRunner.query(`CREATE INDEX "referrals_client_idx" ON "referrals"."referrals" ("client_id")`);
    await queryRunner.query(
      `CREATE INDEX "referrals_consent_idx" ON "referrals"."referrals" ("consent_id") WHERE "consent_id" IS NOT NULL`,
    );

    await queryRunner.query(`
      CREATE TABLE "referrals"."referral_history" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "referral_id" uuid NOT NULL,
        "seq" integer NOT NULL,
        "from_status" text,
        "to_status" text NOT NULL,
        "party" text NOT NULL,
        "actor_user_id" text,
        "actor_organisation_id" uuid,
        "reason_code" text,
        "reason_text_encrypted" text,
        "outcome_code" text,
        "note_encrypted" text,
        "at" timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT "referral_history_pkey" PRIMARY KEY ("id"),
        CONSTRAINT "referral_history_referral_fkey" FOREIGN KEY ("referral_id")
          REFERENCES "referrals"."referrals" ("id") ON DELETE CASCADE,
        CONSTRAINT "referral_history_seq_key" UNIQUE ("referral_id", "seq")
      )`);

    await queryRunner.query(`
      CREATE TABLE "referrals"."referral_messages" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "referral_id" uuid NOT NULL,
        "author_user_id" text NOT NULL,
        "author_username" text,
        "author_organisation_id" uuid NOT NULL,
        "body_encrypted" text NOT NULL,
        "created_at" timestamptz NOT NULL DEFAULT clock_timestamp(),
        CONSTRAINT "referral_messages_pkey" PRIMARY KEY ("id"),
        CONSTRAINT "referral_messages_referral_fkey" FOREIGN KEY ("referral_id")
          REFERENCES "referrals"."referrals" ("id") ON DELETE CASCADE
      )`);
    await queryRunner.query(`CREATE INDEX "referral_messages_thread_idx" ON "referrals"."referral_messages"
      ("referral_id", "created_at", "id")`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "referrals"."referral_messages"`);
    await queryRunner.query(`DROP TABLE "referrals"."referral_history"`);
    await queryRunner.query(`DROP TABLE "referrals"."referrals"`);
  }
}
