// The migrations of the idempotency keys table, which ServiceCoreModule adds to every service.
import type { MigrationInterface, QueryRunner } from 'typeorm';
import { quoteIdent } from '#messaging';

export const IDEMPOTENCY_MIGRATION_NAME = 'IdempotencyKeys1769900000000';
export const IDEMPOTENCY_SCOPE_MIGRATION_NAME = 'IdempotencyScope1770000000000';

/** The schema's table of keys, quoted for SQL. */
export const idempotencyTable = (schema: string) => `${quoteIdent(schema)}."idempotency_keys"`;

/**
 * The table of idempotency keys in a service's schema. ServiceCoreModule adds it to every service,
 * like the outbox and inbox tables.
 */
export function createIdempotencyMigration(schema: string): new () => MigrationInterface {
  const t = idempotencyTable(schema);
  return class IdempotencyKeys1769900000000 implements MigrationInterface {
    name = IDEMPOTENCY_MIGRATION_NAME;

    async up(queryRunner: QueryRunner): Promise<void> {
      await queryRunner.query(
        `CREATE TABLE ${t} (
          "subject" text NOT NULL,
          "user_id" text NOT NULL,
          "key" text NOT NULL,
          "request_hash" text NOT NULL,
          "reply" jsonb,
          "error" jsonb,
          "created_at" timestamptz NOT NULL DEFAULT now(),
          CONSTRAINT "idempotency_keys_pkey" PRIMARY KEY ("subject", "user_id", "key"),
          CONSTRAINT "idempotency_keys_one_outcome_chk" CHECK ("reply" IS NULL OR "error" IS NULL)
        )`,
      );
      await queryRunner.query(`CREATE INDEX "idempotency_keys_created_at_idx" ON ${t} ("created_at")`);
    }

    async down(queryRunner: QueryRunner): Promise<void> {
      await queryRunner.query(`DROP TABLE ${t}`);
    }
  };
}

/**
 * Replies are no longer kept in clear: the stored reply is encrypted (bound to its key's row), the
 * key is scoped to the organisation too, and the ids a reply names are kept apart so that an
 * erasure can find them. Rows written before (replies in clear) are dropped.
 */
export function createIdempotencyScopeMigration(schema: string): new () => MigrationInterface {
  const t = idempotencyTable(schema);
  return class IdempotencyScope1770000000000 implements MigrationInterface {
    name = IDEMPOTENCY_SCOPE_MIGRATION_NAME;

    async up(queryRunner: QueryRunner): Promise<void> {
      await queryRunner.query(`DELETE FROM ${t}`);
      await queryRunner.query(`ALTER TABLE ${t} DROP CONSTRAINT "idempotency_keys_pkey"`);
      await queryRunner.query(`ALTER TABLE ${t} ADD COLUMN "organisation_id" text NOT NULL DEFAULT ''`);
      await queryRunner.query(`ALTER TABLE ${t} ADD COLUMN "resource_ids" text[] NOT NULL DEFAULT '{}'`);
      await queryRunner.query(
        `ALTER TABLE ${t} ADD CONSTRAINT "idempotency_keys_pkey" PRIMARY KEY ("subject", "user_id", "organisation_id", "key")`,
      );
      await queryRunner.query(
        `CREATE INDEX "idempotency_keys_resource_ids_idx" ON ${t} USING gin ("resource_ids")`,
      );
    }

    async down(queryRunner: QueryRunner): Promise<void> {
      await queryRunner.query(`DELETE FROM ${t}`);
      await queryRunner.query(`DROP INDEX "idempotency_keys_resource_ids_idx"`);
      await queryRunner.query(`ALTER TABLE ${t} DROP CONSTRAINT "idempotency_keys_pkey"`);
      await queryRunner.query(`ALTER TABLE ${t} DROP COLUMN "resource_ids"`);
      await queryRunner.query(`ALTER TABLE ${t} DROP COLUMN "organisation_id"`);
      await queryRunner.query(
        `ALTER TABLE ${t} ADD CONSTRAINT "idempotency_keys_pkey" PRIMARY KEY ("subject", "user_id", "key")`,
      );
    }
  };
}
