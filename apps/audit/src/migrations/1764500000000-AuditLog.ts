import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The append-only, hash-chained audit log. Foreign ids are text, not uuid: the log must store
 * whatever a service recorded rather than lose an entry to a type error.
 */
export class AuditLog1764500000000 implements MigrationInterface {
  name = 'AuditLog1764500000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "audit"."audit_log" (
        "seq" bigint NOT NULL,
        "id" uuid NOT NULL,
        "action" text NOT NULL,
        "outcome" text NOT NULL,
        "actor_user_id" text,
        "actor_role" text,
        "organisation_id" text,
        "target_type" text NOT NULL,
        "target_id" text,
        "client_id" text,
        "consent_id" text,
        "recipient_organisation_id" text,
        "correlation_id" text NOT NULL,
        "source_service" text,
        "detail" jsonb,
        "occurred_at" timestamptz NOT NULL,
        "recorded_at" timestamptz NOT NULL,
        "prev_hash" text NOT NULL,
        "hash" text NOT NULL,
        CONSTRAINT "audit_log_pkey" PRIMARY KEY ("seq"),
        CONSTRAINT "audit_log_id_key" UNIQUE ("id"),
        CONSTRAINT "audit_log_seq_check" CHECK ("seq" > 0),
        CONSTRAINT "audit_log_outcome_check" CHECK ("outcome" IN ('granted', 'refused')),
        CONSTRAINT "audit_log_hash_check" CHECK ("hash" ~ '^[0-9a-f]{64}$' AND "prev_hash" ~ '^[0-9a-f]{64}$')
      )`,
    );
    // Searches are newest first by seq within one filter; the disclosure log reads one client's entries.
    await queryRunner.query(
      `CREATE INDEX "audit_log_client_idx" ON "audit"."audit_log" ("client_id", "seq") WHERE "client_id" IS NOT NULL`,
    );
    await queryRunner.query(
      `CREATE INDEX "audit_log_actor_idx" ON "audit"."audit_log" ("actor_user_id", "seq")`,
    );
    await queryRunner.query(
      `CREATE INDEX "audit_log_organisation_idx" ON "audit"."audit_log" ("organisation_id", "seq")`,
    );
    await queryRunner.query(`CREATE INDEX "audit_log_action_idx" ON "audit"."audit_log" ("action", "seq")`);
    await queryRunner.query(`CREATE INDEX "audit_log_occurred_idx" ON "audit"."audit_log" ("occurred_at")`);

    // Append-only: the database itself refuses changes, whoever asks (a superuser can still disable
    // the trigger, which is what the hash chain and `npm run audit:verify` are there to catch).
    await queryRunner.query(
      `CREATE FUNCTION "audit"."audit_log_refuse_change"() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'audit.audit_log is append-only: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
      END
      $$`,
    );
    await queryRunner.query(
      `CREATE TRIGGER "audit_log_append_only" BEFORE UPDATE OR DELETE ON "audit"."audit_log"
        FOR EACH ROW EXECUTE FUNCTION "audit"."audit_log_refuse_change"()`,
    );
    await queryRunner.query(
      `CREATE TRIGGER "audit_log_no_truncate" BEFORE TRUNCATE ON "audit"."audit_log"
        FOR EACH STATEMENT EXECUTE FUNCTION "audit"."audit_log_refuse_change"()`,
    );
    // And by grants: nobody, the owning (service) role included, holds UPDATE, DELETE or TRUNCATE.
    await queryRunner.query(
      `REVOKE UPDATE, DELETE, TRUNCATE ON TABLE "audit"."audit_log" FROM PUBLIC, CURRENT_USER`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "audit"."audit_log"`);
    await queryRunner.query(`DROP FUNCTION "audit"."audit_log_refuse_change"()`);
  }
}
