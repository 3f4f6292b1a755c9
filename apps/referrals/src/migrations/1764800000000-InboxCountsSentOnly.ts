import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A referral belongs to the receiving organisation's inbox only once it was sent (`sent_at`): a
 * draft cancelled before sending (by the sender, or when its consent ended) is never the
 * receiver's. The incoming counters now count sent referrals only, and are recounted.
 */
export class InboxCountsSentOnly1764800000000 implements MigrationInterface {
  name = 'InboxCountsSentOnly1764800000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await this.replace(queryRunner, `AND "sent_at" IS NOT NULL`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await this.replace(queryRunner, '');
  }

  private async replace(queryRunner: QueryRunner, sentOnly: string): Promise<void> {
    await queryRunner.query(boxCountsStatementFunction(sentOnly));
    // Recount the incoming counters under the new rule (the table locked against concurrent changes).
    await queryRunner.query(`LOCK TABLE "referrals"."referrals" IN SHARE MODE`);
    await queryRunner.query(`DELETE FROM "referrals"."referral_box_counts" WHERE "box" = 'incoming'`);
    await queryRunner.query(
      `INSERT INTO "referrals"."referral_box_counts" ("organisation_id", "box", "status", "count")
       SELECT "receiving_organisation_id", 'incoming', "status", count(*) FROM "referrals"."referrals"
        WHERE "receiving_organisation_id" IS NOT NULL ${sentOnly}
        GROUP BY "receiving_organisation_id", "status"`,
    );
  }
}

/**
 * The statement-level counter function (one aggregate per statement, from its transition tables),
 * with `sentOnly` the condition for the incoming box. The counters are changed at commit since
 * BoxCountsAtCommit1765100000000, whose `down` puts this back.
 */
export function boxCountsStatementFunction(sentOnly: string): string {
  const apply = (deltas: string) => `
      INSERT INTO "referrals"."referral_box_counts" AS c ("organisation_id", "box", "status", "count")
      SELECT "organisation_id", "box", "status", sum("delta") FROM (${deltas}) AS d
       WHERE "organisation_id" IS NOT NULL
       GROUP BY "organisation_id", "box", "status" HAVING sum("delta") <> 0
       ORDER BY "organisation_id", "box", "status"
      ON CONFLICT ("organisation_id", "box", "status") DO UPDATE SET "count" = c."count" + EXCLUDED."count";`;
  const rows = (table: string, delta: number) => `
      SELECT "receiving_organisation_id" AS "organisation_id", 'incoming' AS "box", "status", ${delta} AS "delta"
        FROM ${table} WHERE true ${sentOnly}
      UNION ALL
      SELECT "sending_organisation_id", 'outgoing', "status", ${delta} FROM ${table}`;
  return `
      CREATE OR REPLACE FUNCTION "referrals"."referral_box_counts_apply"() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'INSERT' THEN
          ${apply(rows('"new_rows"', 1))}
        ELSIF TG_OP = 'UPDATE' THEN
          ${apply(`${rows('"new_rows"', 1)} UNION ALL ${rows('"old_rows"', -1)}`)}
        ELSE
          ${apply(rows('"old_rows"', -1))}
        END IF;
        RETURN NULL;
      END $$`;
}
