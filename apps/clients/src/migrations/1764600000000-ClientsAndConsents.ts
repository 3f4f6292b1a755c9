import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Clients (identity codes and free text encrypted) and their consents. */
export class ClientsAndConsents1764600000000 implements MigrationInterface {
  name = 'ClientsAndConsents1764600000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE "clients"."clients" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "organisation_id" uuid NOT NULL,
        "first_name" text NULL,
        "last_name" text NULL,
        "date_of_birth" date NULL,
        "birth_year" integer NULL,
        "personal_identity_code_enc" text NULL,
        "personal_identity_code_hash" text NULL,
        "personal_identity_code_masked" text NULL,
        "languages" text[] NOT NULL DEFAULT '{}',
        "preferred_language" text NULL,
        "interpreter_needed" boolean NOT NULL DEFAULT false,
        "phone" text NULL,
        "email" text NULL,
        "municipality" text NULL,
        "gender" text NULL,
        "needs" jsonb NOT NULL DEFAULT '[]',
        "created_by" uuid NOT NULL,
        "created_at" timestamptz NOT NULL DEFAULT now(),
        "updated_at" timestamptz NOT NULL DEFAULT now(),
        "last_activity_at" timestamptz NOT NULL DEFAULT now(),
        "erased_at" timestamptz NULL,
        "version" integer NOT NULL DEFAULT 1,
        CONSTRAINT "pk_clients" PRIMARY KEY ("id"),
        CONSTRAINT "ck_clients_gender" CHECK ("gender" IN ('female', 'male', 'other', 'unknown')),
        CONSTRAINT "ck_clients_names" CHECK ("erased_at" IS NOT NULL OR ("first_name" IS NOT NULL AND "last_name" IS NOT NULL)),
        CONSTRAINT "ck_clients_erased" CHECK ("erased_at" IS NULL OR ("first_name" IS NULL AND "last_name" IS NULL
          AND "date_of_birth" IS NULL AND "personal_identity_code_enc" IS NULL AND "personal_identity_code_hash" IS NULL
          AND "personal_identity_code_masked" IS NULL
          AND "phone" IS NULL AND "email" IS NULL))
      )`);
    await queryRunner.query(
      `CREATE INDEX "ix_clients_identity_code" ON "clients"."clients" ("organisation_id", "personal_identity_code_hash")
       WHERE "personal_identity_code_hash" IS NOT NULL`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_clients_name" ON "clients"."clients" ("organisation_id", lower("last_name"), lower("first_name"), "id")
       WHERE "erased_at" IS NULL`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_clients_date_of_birth" ON "clients"."clients" ("organisation_id", "date_of_birth")
       WHERE "erased_at" IS NULL`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_clients_last_activity" ON "clients"."clients" ("last_activity_at") WHERE "erased_at" IS NULL`,
    );
    await queryRunner.query(`
      CREATE TABLE "clients"."consents" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "client_id" uuid NOT NULL,
        "organisation_id" uuid NOT NULL,
        "version" integer NOT NULL DEFAULT 1,
        "status" text NOT NULL,
        "recipient_organisation_ids" uuid[] NOT NULL,
        "categories" text[] NOT NULL,
        "purposes" text[] NOT NULL,
        "method" text NOT NULL,
        "given_by" text NOT NULL,
        "recorded_by" uuid NOT NULL,
        "notice_version" text NOT NULL,
        "notice_language" text NOT NULL,
        "interpreter_used" boolean NOT NULL,
        "given_at" timestamptz NOT NULL,
        "valid_until" timestamptz NULL,
        "supersedes_id" uuid NULL,
        "superseded_by_id" uuid NULL,
        "withdrawn_at" timestamptz NULL,
        "withdrawn_by" uuid NULL,
        "withdrawal_method" text NULL,
        "withdrawal_reason" text NULL,
        "withdrawal_note_enc" text NULL,
        "expired_at" timestamptz NULL,
        "created_at" timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT "pk_consents" PRIMARY KEY ("id"),
        CONSTRAINT "fk_consents_client" FOREIGN KEY ("client_id") REFERENCES "clients"."clients" ("id"),
        CONSTRAINT "fk_consents_supersedes" FOREIGN KEY ("supersedes_id") REFERENCES "clients"."consents" ("id"),
        CONSTRAINT "ck_consents_status" CHECK ("status" IN ('active', 'refused', 'withdrawn', 'expired', 'superseded')),
        CONSTRAINT "ck_consents_method" CHECK ("method" IN ('signed_form', 'verbal', 'electronic')),
        CONSTRAINT "ck_consents_given_by" CHECK ("given_by" IN ('client', 'representative')),
        CONSTRAINT "ck_consents_recipients" CHECK (cardinality("recipient_organisation_ids") > 0),
        CONSTRAINT "ck_consents_categories" CHECK (cardinality("categories") > 0
          AND "categories" <@ ARRAY['identity', 'contact', 'language', 'background', 'needs', 'health']::text[]),
        CONSTRAINT "ck_consents_purposes" CHECK (cardinality("purposes") > 0
          AND "purposes" <@ ARRAY['referral', 'follow_up', 'statistics']::text[]),
        CONSTRAINT "ck_consents_valid_until" CHECK ("status" = 'refused' OR "valid_until" IS NOT NULL),
        CONSTRAINT "ck_consents_withdrawn" CHECK ("status" <> 'withdrawn' OR "withdrawn_at" IS NOT NULL)
      )`);
    await queryRunner.query(
      `CREATE INDEX "ix_consents_client" ON "clients"."consents" ("client_id", "given_at")`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_consents_active_until" ON "clients"."consents" ("valid_until") WHERE "status" = 'active'`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_consents_organisation_active" ON "clients"."consents" ("organisation_id", "valid_until")
       WHERE "status" = 'active'`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "clients"."consents"`);
    await queryRunner.query(`DROP TABLE "clients"."clients"`);
  }
}
