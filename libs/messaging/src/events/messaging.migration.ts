import type { MigrationInterface, QueryRunner } from 'typeorm';
import { quoteIdent } from './sql.js';

export const MESSAGING_MIGRATION_NAME = 'MessagingTables1764300000000';

/**
 * The outbox and inbox tables in a service's schema. A factory, because each service owns its
 * schema; list `createMessagingMigration('<schema>')` in the service's DataSource migrations.
 */
export function createMessagingMigration(schema: string): new () => MigrationInterface {
  const s = quoteIdent(schema);
  return class MessagingTables1764300000000 implements MigrationInterface {
    name = MESSAGING_MIGRATION_NAME;

    async up(queryRunner: QueryRunner): Promise<void> {
      await queryRunner.query(
        `CREATE TABLE ${s}."outbox" (
          "id" uuid NOT NULL,
          "type" text NOT NULL,
          "subject" text NOT NULL,
          "payload" jsonb NOT NULL,
          "created_at" timestamptz NOT NULL DEFAULT clock_timestamp(),
          "published_at" timestamptz,
          "attempts" integer NOT NULL DEFAULT 0,
          "last_error" text,
          CONSTRAINT "outbox_pkey" PRIMARY KEY ("id")
        )`,
      );
      // Only unpublished rows are ever scanned, so the index stays as small as the backlog.
      await queryRunner.query(
        `CREATE INDEX "outbox_unpublished_idx" ON ${s}."outbox" ("created_at", "id") WHERE "published_at" IS NULL`,
      );
      await queryRunner.query(
        `CREATE TABLE ${s}."inbox" (
          "consumer" text NOT NULL,
          "event_id" uuid NOT NULL,
          "processed_at" timestamptz NOT NULL DEFAULT now(),
          CONSTRAINT "inbox_pkey" PRIMARY KEY ("consumer", "event_id")
        )`,
      );
    }

    async down(queryRunner: QueryRunner): Promise<void> {
      await queryRunner.query(`DROP TABLE ${s}."inbox"`);
      await queryRunner.query(`DROP TABLE ${s}."outbox"`);
    }
  };
}
