import type { MigrationInterface, QueryRunner } from 'typeorm';
import { boxCountsStatementFunction } from './1764800000000-InboxCountsSentOnly.js';

const STATEMENT_TRIGGERS = {
  insert: `AFTER INSERT ON "referrals"."referrals" REFERENCING NEW TABLE AS "new_rows"`,
  update: `AFTER UPDATE ON "referrals"."referrals" REFERENCING OLD TABLE AS "old_rows" NEW TABLE AS "new_rows"`,
  delete: `AFTER DELETE ON "referrals"."referrals" REFERENCING OLD TABLE AS "old_rows"`,
};

/**
 * The box counters are changed when the transaction commits, not when its statement runs. Every
 * referral of an organisation changes the same few counter rows (its `outgoing`/`requested`, the
 * employment services' `incoming`/`requested`), and a counter stays locked until the commit: changed
 * at the statement, it was held over the rest of the transaction (the history, the events, the reply,
 * each a round trip), and the organisation's creates and transitions waited in line for it. Changed by
 * a deferred row trigger, it is held over the commit alone.
 *
 * A transaction that changes one referral changes its counters in one statement, in key order (so two
 * of them cannot deadlock); one that changes several (the batch jobs, the consent follow-through)
 * locks every counter it will change first, in key order (`ReferralRepository.lockCounters`).
 */
export class BoxCountsAtCommit1765100000000 implements MigrationInterface {
  name = 'BoxCountsAtCommit1765100000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    for (const operation of Object.keys(STATEMENT_TRIGGERS)) {
      await queryRunner.query(`DROP TRIGGER "referrals_box_counts_${operation}" ON "referrals"."referrals"`);
    }
    await queryRunner.query(`DROP FUNCTION "referrals"."referral_box_counts_apply"()`);
    // A referral is in the receiver's incoming box once sent; NEW is null on DELETE, OLD on INSERT.
    await queryRunner.query(`
      CREATE FUNCTION "referrals"."referral_box_counts_apply"() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        INSERT INTO "referrals"."referral_box_counts" AS c ("organisation_id", "box", "status", "count")
        SELECT "organisation_id", "box", "status", sum("delta") FROM (
          SELECT NEW."receiving_organisation_id" AS "organisation_id", 'incoming' AS "box", NEW."status" AS "status",
                 1 AS "delta" WHERE TG_OP <> 'DELETE' AND NEW."sent_at" IS NOT NULL
          UNION ALL SELECT NEW."sending_organisation_id", 'outgoing', NEW."status", 1 WHERE TG_OP <> 'DELETE'
          UNION ALL SELECT OLD."receiving_organisation_id", 'incoming', OLD."status", -1
                     WHERE TG_OP <> 'INSERT' AND OLD."sent_at" IS NOT NULL
          UNION ALL SELECT OLD."sending_organisation_id", 'outgoing', OLD."status", -1 WHERE TG_OP <> 'INSERT'
        ) AS d
         WHERE "organisation_id" IS NOT NULL
         GROUP BY "organisation_id", "box", "status" HAVING sum("delta") <> 0
         ORDER BY "organisation_id", "box", "status"
        ON CONFLICT ("organisation_id", "box", "status") DO UPDATE SET "count" = c."count" + EXCLUDED."count";
        RETURN NULL;
      END $$`);
    const counted = ['status', 'sent_at', 'receiving_organisation_id', 'sending_organisation_id'];
    const deferred = (operation: string, when = '') => `
      CREATE CONSTRAINT TRIGGER "referrals_box_counts_${operation}" AFTER ${operation.toUpperCase()}
        ON "referrals"."referrals" DEFERRABLE INITIALLY DEFERRED FOR EACH ROW ${when}
        EXECUTE FUNCTION "referrals"."referral_box_counts_apply"()`;
    await queryRunner.query(deferred('insert'));
    // An assignment, a redaction or a new version of the row leaves the counters as they were.
    await queryRunner.query(
      deferred(
        'update',
        `WHEN (${counted.map((c) => `OLD."${c}" IS DISTINCT FROM NEW."${c}"`).join(' OR ')})`,
      ),
    );
    await queryRunner.query(deferred('delete'));
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const operation of Object.keys(STATEMENT_TRIGGERS)) {
      await queryRunner.query(`DROP TRIGGER "referrals_box_counts_${operation}" ON "referrals"."referrals"`);
    }
    await queryRunner.query(boxCountsStatementFunction(`AND "sent_at" IS NOT NULL`));
    for (const [operation, event] of Object.entries(STATEMENT_TRIGGERS)) {
      await queryRunner.query(`CREATE TRIGGER "referrals_box_counts_${operation}" ${event}
        FOR EACH STATEMENT EXECUTE FUNCTION "referrals"."referral_box_counts_apply"()`);
    }
  }
}
