import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 15: the ESF participant data on the client (codes, purpose statistics), guidance contacts
 * (a client's or an anonymous person's: then only bands and codes) and group events.
 */
export class GuidanceAndEsf1765100000000 implements MigrationInterface {
  name = 'GuidanceAndEsf1765100000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      ALTER TABLE "clients"."clients"
        ADD COLUMN "esf_labour_market_status" text NOT NULL DEFAULT 'not_asked',
        ADD COLUMN "esf_education" text NOT NULL DEFAULT 'not_asked',
        ADD COLUMN "esf_result_at_exit" text NULL`);
    await queryRunner.query(`
      CREATE TABLE "clients"."contacts" (
        "id" uuid PRIMARY KEY,
        "organisation_id" uuid NOT NULL,
        "date" date NOT NULL,
        "channel" text NOT NULL,
        "topics" text[] NOT NULL,
        "language" text NOT NULL,
        "interpreter" boolean NOT NULL,
        "duration" text NOT NULL,
        "client_id" uuid NULL REFERENCES "clients"."clients" ("id"),
        "age_band" text NULL,
        "gender" text NULL,
        "municipality" text NULL,
        "recorded_by" text NOT NULL,
        "created_at" timestamptz NOT NULL,
        CONSTRAINT "ck_contacts_kind" CHECK (
          ("client_id" IS NOT NULL AND "age_band" IS NULL AND "gender" IS NULL AND "municipality" IS NULL)
          OR ("client_id" IS NULL AND "age_band" IS NOT NULL AND "gender" IS NOT NULL AND "municipality" IS NOT NULL)))`);
    await queryRunner.query(`
      CREATE INDEX "ix_contacts_organisation_date" ON "clients"."contacts" ("organisation_id", "date" DESC, "created_at" DESC, "id")`);
    await queryRunner.query(`
      CREATE INDEX "ix_contacts_client" ON "clients"."contacts" ("client_id", "date" DESC, "created_at" DESC, "id")
        WHERE "client_id" IS NOT NULL`);
    await queryRunner.query(`
      CREATE TABLE "clients"."group_events" (
        "id" uuid PRIMARY KEY,
        "organisation_id" uuid NOT NULL,
        "date" date NOT NULL,
        "topics" text[] NOT NULL,
        "attendance" integer NOT NULL CHECK ("attendance" BETWEEN 1 AND 10000),
        "language" text NULL,
        "title" text NULL,
        "recorded_by" text NOT NULL,
        "created_at" timestamptz NOT NULL)`);
    await queryRunner.query(`
      CREATE INDEX "ix_group_events_organisation_date" ON "clients"."group_events" ("organisation_id", "date" DESC, "created_at" DESC, "id")`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "clients"."group_events"`);
    await queryRunner.query(`DROP TABLE "clients"."contacts"`);
    await queryRunner.query(`
      ALTER TABLE "clients"."clients"
        DROP COLUMN "esf_labour_market_status", DROP COLUMN "esf_education", DROP COLUMN "esf_result_at_exit"`);
  }
}
