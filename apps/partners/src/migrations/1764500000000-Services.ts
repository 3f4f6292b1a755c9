import type { MigrationInterface, QueryRunner } from 'typeorm';

const NEEDS = `'employment', 'education', 'language_training', 'housing', 'benefits', 'health', 'family', 'residence', 'leisure_integration'`;

/**
 * The service directory: each organisation's services (HSDS-shaped), searchable by need, language
 * served and free text. The free text is a trigram index over the names and descriptions in all
 * three languages, so that a word inside a Finnish compound ("kurssi" in "kielikurssi") is found.
 */
export class Services1764500000000 implements MigrationInterface {
  name = 'Services1764500000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    // pg_trgm is a trusted extension: the database owner may create it. An existing one (in any
    // schema) is used as it is.
    await queryRunner.query(`CREATE EXTENSION IF NOT EXISTS pg_trgm WITH SCHEMA "partners"`);
    await queryRunner.query(`
      CREATE TABLE "partners"."services" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "organisation_id" uuid NOT NULL,
        "name_fi" text NOT NULL,
        "name_sv" text NULL,
        "name_en" text NULL,
        "description_fi" text NOT NULL,
        "description_sv" text NULL,
        "description_en" text NULL,
        "needs" text[] NOT NULL,
        "eligibility_fi" text NULL,
        "eligibility_sv" text NULL,
        "eligibility_en" text NULL,
        "languages" text[] NOT NULL,
        "interpretation_available" boolean NOT NULL DEFAULT false,
        "street_address" text NULL,
        "postal_code" text NULL,
        "city" text NULL,
        "region" text NULL,
        "latitude" double precision NULL,
        "longitude" double precision NULL,
        "phone" text NULL,
        "email" text NULL,
        "url" text NULL,
        "how_to_refer_fi" text NULL,
        "how_to_refer_sv" text NULL,
        "how_to_refer_en" text NULL,
        "referral_status" text NOT NULL DEFAULT 'accepting',
        "created_at" timestamptz NOT NULL DEFAULT now(),
        "updated_at" timestamptz NOT NULL DEFAULT now(),
        "deleted_at" timestamptz NULL,
        "search_text" text GENERATED ALWAYS AS (
          "name_fi" || ' ' || coalesce("name_sv", '') || ' ' || coalesce("name_en", '') || ' ' ||
          "description_fi" || ' ' || coalesce("description_sv", '') || ' ' || coalesce("description_en", '')
        ) STORED,
        CONSTRAINT "pk_services" PRIMARY KEY ("id"),
        CONSTRAINT "fk_services_organisation" FOREIGN KEY ("organisation_id")
          REFERENCES "partners"."organisations" ("id") ON DELETE CASCADE,
        CONSTRAINT "ck_services_needs" CHECK (cardinality("needs") > 0 AND "needs" <@ ARRAY[${NEEDS}]::text[]),
        CONSTRAINT "ck_services_languages" CHECK (cardinality("languages") > 0),
        CONSTRAINT "ck_services_referral_status" CHECK ("referral_status" IN ('accepting', 'waitlist')),
        CONSTRAINT "ck_services_address" CHECK (
          ("street_address" IS NULL) = ("postal_code" IS NULL) AND ("street_address" IS NULL) = ("city" IS NULL)
        )
      )`);
    await queryRunner.query(
      `CREATE INDEX "ix_services_organisation" ON "partners"."services" ("organisation_id", "name_fi", "id")
         WHERE "deleted_at" IS NULL`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_services_needs" ON "partners"."services" USING gin ("needs") WHERE "deleted_at" IS NULL`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_services_languages" ON "partners"."services" USING gin ("languages") WHERE "deleted_at" IS NULL`,
    );
    // The operator class lives in whichever schema holds the extension.
    await queryRunner.query(`
      DO $$
      DECLARE trgm_schema text;
      BEGIN
        SELECT n.nspname INTO trgm_schema
          FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace
         WHERE e.extname = 'pg_trgm';
        EXECUTE format(
          'CREATE INDEX "ix_services_search_text" ON "partners"."services" USING gin ("search_text" %I.gin_trgm_ops) WHERE "deleted_at" IS NULL',
          trgm_schema);
      END $$`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "partners"."services"`);
    // Only the extension this migration created (in the partners schema); one elsewhere was there before.
    await queryRunner.query(`
      DO $$
      BEGIN
        IF EXISTS (SELECT 1 FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace
                    WHERE e.extname = 'pg_trgm' AND n.nspname = 'partners') THEN
          DROP EXTENSION pg_trgm;
        END IF;
      END $$`);
  }
}
