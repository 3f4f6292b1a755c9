import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Organisations, their units, memberships (user + organisation + role) and e-mail invitations. */
export class Organisations1764400000000 implements MigrationInterface {
  name = 'Organisations1764400000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE "partners"."organisations" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "name_fi" text NOT NULL,
        "name_sv" text NULL,
        "name_en" text NULL,
        "business_id" text NULL,
        "kind" text NOT NULL,
        "can_send" boolean NOT NULL DEFAULT false,
        "can_receive" boolean NOT NULL DEFAULT false,
        "intake_email" text NULL,
        "response_days" integer NOT NULL DEFAULT 5,
        "accepting_referrals" boolean NOT NULL DEFAULT true,
        "status" text NOT NULL DEFAULT 'pending_agreement',
        "agreement_version" text NULL,
        "agreement_accepted_by" uuid NULL,
        "agreement_accepted_at" timestamptz NULL,
        "deactivated_at" timestamptz NULL,
        "created_at" timestamptz NOT NULL DEFAULT now(),
        "updated_at" timestamptz NOT NULL DEFAULT now(),
        "version" integer NOT NULL DEFAULT 1,
        CONSTRAINT "pk_organisations" PRIMARY KEY ("id"),
        CONSTRAINT "uq_organisations_business_id" UNIQUE ("business_id"),
        CONSTRAINT "ck_organisations_status" CHECK ("status" IN ('pending_agreement', 'active', 'deactivated')),
        CONSTRAINT "ck_organisations_response_days" CHECK ("response_days" > 0)
      )`);
    await queryRunner.query(
      `CREATE INDEX "ix_organisations_name" ON "partners"."organisations" ("name_fi", "id")`,
    );
    await queryRunner.query(`
      CREATE TABLE "partners"."units" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "organisation_id" uuid NOT NULL,
        "name_fi" text NOT NULL,
        "name_sv" text NULL,
        "name_en" text NULL,
        "created_at" timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT "pk_units" PRIMARY KEY ("id"),
        CONSTRAINT "fk_units_organisation" FOREIGN KEY ("organisation_id")
          REFERENCES "partners"."organisations" ("id") ON DELETE CASCADE
      )`);
    await queryRunner.query(`CREATE INDEX "ix_units_organisation" ON "partners"."units" ("organisation_id")`);
    await queryRunner.query(`
      CREATE TABLE "partners"."memberships" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "user_id" uuid NOT NULL,
        "organisation_id" uuid NOT NULL,
        "role" text NOT NULL,
        "status" text NOT NULL DEFAULT 'active',
        "email" text NULL,
        "created_at" timestamptz NOT NULL DEFAULT now(),
        "updated_at" timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT "pk_memberships" PRIMARY KEY ("id"),
        CONSTRAINT "uq_memberships_user_organisation" UNIQUE ("user_id", "organisation_id"),
        CONSTRAINT "fk_memberships_organisation" FOREIGN KEY ("organisation_id")
          REFERENCES "partners"."organisations" ("id") ON DELETE CASCADE,
        CONSTRAINT "ck_memberships_role" CHECK ("role" IN ('advisor', 'partner_staff', 'org_admin', 'platform_admin')),
        CONSTRAINT "ck_memberships_status" CHECK ("status" IN ('active', 'deactivated'))
      )`);
    await queryRunner.query(
      `CREATE INDEX "ix_memberships_organisation" ON "partners"."memberships" ("organisation_id", "created_at", "id")`,
    );
    await queryRunner.query(`
      CREATE TABLE "partners"."invitations" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "organisation_id" uuid NOT NULL,
        "email" text NOT NULL,
        "role" text NOT NULL,
        "invited_by" uuid NOT NULL,
        "expires_at" timestamptz NOT NULL,
        "accepted_at" timestamptz NULL,
        "accepted_by" uuid NULL,
        "revoked_at" timestamptz NULL,
        "created_at" timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT "pk_invitations" PRIMARY KEY ("id"),
        CONSTRAINT "fk_invitations_organisation" FOREIGN KEY ("organisation_id")
          REFERENCES "partners"."organisations" ("id") ON DELETE CASCADE,
        CONSTRAINT "ck_invitations_role" CHECK ("role" IN ('advisor', 'partner_staff', 'org_admin')),
        CONSTRAINT "ck_invitations_email_lower" CHECK ("email" = lower("email"))
      )`);
    // The resolve on every request looks up open invitations by e-mail.
    await queryRunner.query(
      `CREATE INDEX "ix_invitations_open_email" ON "partners"."invitations" ("email")
         WHERE "accepted_at" IS NULL AND "revoked_at" IS NULL`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_invitations_organisation" ON "partners"."invitations" ("organisation_id", "created_at")`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "partners"."invitations"`);
    await queryRunner.query(`DROP TABLE "partners"."memberships"`);
    await queryRunner.query(`DROP TABLE "partners"."units"`);
    await queryRunner.query(`DROP TABLE "partners"."organisations"`);
  }
}
