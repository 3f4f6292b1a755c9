import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The inbox and outbox counts per status, kept by statement-level triggers in the same transaction
 * as every change of the referrals table (so reading them costs a handful of rows, not a scan of an
 * organisation's history), and the partial indexes behind the `overdue` count.
 */
export class InboxCounts1764700000000 implements MigrationInterface {
  name = 'InboxCounts1764700000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE "referrals"."referral_box_counts" (
        "organisation_id" uuid NOT NULL,
        "box" text NOT NULL,
        "status" text NOT NULL,
        "count" bigint NOT NULL,
        CONSTRAINT "referral_box_counts_pkey" PRIMARY KEY ("organisation_id", "box", "status"),
        CONSTRAINT "referral_box_counts_box_check" CHECK ("box" IN ('incoming', 'outgoing'))
      )`);
    // Incoming rows count every status (drafts too: the reader leaves them out), outgoing ones every
    // referral of the sender. Deltas are applied in key order, so two transactions moving referrals
    // of one organisation in opposite directions lock the counter rows in the same order (no deadlock);
    // a change that leaves the statuses as they were (assignment, redaction) touches no counter.
    const apply = (deltas: string) => `
      INSERT INTO "referrals"."referral_box_counts" AS c ("organisation_id", "box", "status", "count")
      SELECT "organisation_id", "box", "status", sum("delta") FROM (${deltas}) AS d
       WHERE "organisation_id" IS NOT NULL
       GROUP BY "organisation_id", "box", "status" HAVING sum("delta") <> 0
       ORDER BY "organisation_id", "box", "status"
      ON CONFLICT ("organisation_id", "box", "status") DO UPDATE SET "count" = c."count" + EXCLUDED."count";`;
    const rows = (table: string, delta: number) => `
      SELECT "receiving_organisation_id" AS "organisation_id", 'incoming' AS "box", "status", ${delta} AS "delta" FROM ${table}
      UNION ALL
      SELECT "sending_organisation_id", 'outgoing', "status", ${delta} FROM ${table}`;
    await queryRunner.query(`
      CREATE FUNCTION "referrals"."referral_box_counts_apply"() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'INSERT' THEN
          ${apply(rows('"new_rows"', 1))}
        ELSIF TG_OP = 'UPDATE' THEN
          ${apply(`${rows('"new_rows"', 1)} UNION ALL ${rows('"old_rows"', -1)}`)}
        ELSE
          ${apply(rows('"old_rows"', -1))}
        END IF;
        RETURN NULL;
      END $$`);
    await queryRunner.query(`CREATE TRIGGER "referrals_box_counts_insert" AFTER INSERT ON "referrals"."referrals"
      REFERENCING NEW TABLE AS "new_rows" FOR EACH STATEMENT EXECUTE FUNCTION "referrals"."referral_box_counts_apply"()`);
    await queryRunner.query(`CREATE TRIGGER "referrals_box_counts_update" AFTER UPDATE ON "referrals"."referrals"
      REFERENCING OLD TABLE AS "old_rows" NEW TABLE AS "new_rows"
      FOR EACH STATEMENT EXECUTE FUNCTION "referrals"."referral_box_counts_apply"()`);
    await queryRunner.query(`CREATE TRIGGER "referrals_box_counts_delete" AFTER DELETE ON "referrals"."referrals"
      REFERENCING OLD TABLE AS "old_rows" FOR EACH STATEMENT EXECUTE FUNCTION "referrals"."referral_box_counts_apply"()`);
    await queryRunner.query(
      `INSERT INTO "referrals"."referral_box_counts" ("organisation_id", "box", "status", "count")
       SELECT "organisation_id", "box", "status", sum("delta") FROM (${rows('"referrals"."referrals"', 1)}) AS d
        WHERE "organisation_id" IS NOT NULL GROUP BY "organisation_id", "box", "status"`,
    );
    // The `overdue` count: referrals still waiting for an answer, by organisation and due date.
    await queryRunner.query(`CREATE INDEX "referrals_incoming_awaiting_idx" ON "referrals"."referrals"
      ("receiving_organisation_id", "due_at") WHERE "status" IN ('requested', 'received')`);
    await queryRunner.query(`CREATE INDEX "referrals_outgoing_awaiting_idx" ON "referrals"."referrals"
      ("sending_organisation_id", "due_at") WHERE "status" IN ('requested', 'received')`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "referrals"."referrals_outgoing_awaiting_idx"`);
    await queryRunner.query(`DROP INDEX "referrals"."referrals_incoming_awaiting_idx"`);
    await queryRunner.query(`DROP TRIGGER "referrals_box_counts_delete" ON "referrals"."referrals"`);
    await queryRunner.query(`DROP TRIGGER "referrals_box_counts_update" ON "referrals"."referrals"`);
    await queryRunner.query(`DROP TRIGGER "referrals_box_counts_insert" ON "referrals"."referrals"`);
    await queryRunner.query(`DROP FUNCTION "referrals"."referral_box_counts_apply"()`);
    await queryRunner.query(`DROP TABLE "referrals"."referral_box_counts"`);
  }
}
