import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The statistics read model, built from the domain events (or the owners' snapshots): ids, dates,
 * codes and bands only. One row per contact, group event, participant and referral; a redelivered
 * or replayed event rewrites the same row.
 */
export class StatisticsReadModel1765100000000 implements MigrationInterface {
  name = 'StatisticsReadModel1765100000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE "statistics"."contacts" (
        "id" uuid PRIMARY KEY,
        "organisation_id" uuid NOT NULL,
        "date" date NOT NULL,
        "channel" text NOT NULL,
        "topics" text[] NOT NULL,
        "language" text NOT NULL,
        "interpreter" boolean NOT NULL,
        "duration" text NOT NULL,
        "kind" text NOT NULL)`);
    await queryRunner.query(
      `CREATE INDEX "ix_contacts_date" ON "statistics"."contacts" ("date", "organisation_id")`,
    );
    await queryRunner.query(`
      CREATE TABLE "statistics"."group_events" (
        "id" uuid PRIMARY KEY,
        "organisation_id" uuid NOT NULL,
        "date" date NOT NULL,
        "topics" text[] NOT NULL,
        "attendance" integer NOT NULL,
        "language" text NULL)`);
    await queryRunner.query(`
      CREATE TABLE "statistics"."participants" (
        "client_id" uuid PRIMARY KEY,
        "organisation_id" uuid NOT NULL,
        "entry_date" date NOT NULL,
        "age_band" text NOT NULL,
        "gender" text NOT NULL,
        "municipality" text NOT NULL,
        "labour_market_status" text NOT NULL,
        "education" text NOT NULL,
        "result_at_exit" text NULL,
        "recorded_at" timestamptz NOT NULL)`);
    // A referral's events arrive through several consumers in any order: every column may be
    // filled by whichever comes first; reports count the rows that have been sent.
    await queryRunner.query(`
      CREATE TABLE "statistics"."referrals" (
        "id" uuid PRIMARY KEY,
        "kind" text NULL,
        "sending_organisation_id" uuid NULL,
        "receiving_organisation_id" uuid NULL,
        "need" text NULL,
        "status" text NULL,
        "status_at" timestamptz NULL,
        "reason_code" text NULL,
        "outcome_code" text NULL,
        "sent_at" timestamptz NULL,
        "due_at" timestamptz NULL,
        "received_at" timestamptz NULL,
        "accepted_at" timestamptz NULL,
        "answered_at" timestamptz NULL,
        "completed_at" timestamptz NULL,
        "overdue" boolean NOT NULL DEFAULT false)`);
    await queryRunner.query(`CREATE INDEX "ix_referrals_sent_at" ON "statistics"."referrals" ("sent_at")`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of ['referrals', 'participants', 'group_events', 'contacts']) {
      await queryRunner.query(`DROP TABLE "statistics"."${table}"`);
    }
  }
}
