import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The audit search filters by target (type and id) too: an index like the other filters'. */
export class AuditTargetIndex1765000000000 implements MigrationInterface {
  name = 'AuditTargetIndex1765000000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE INDEX "audit_log_target_idx" ON "audit"."audit_log" ("target_type", "target_id", "seq")`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "audit"."audit_log_target_idx"`);
  }
}
