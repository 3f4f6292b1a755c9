import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The name a member last signed in with, shown to their colleagues (who assign them work). */
export class MemberNames1764850000000 implements MigrationInterface {
  name = 'MemberNames1764850000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "partners"."memberships" ADD COLUMN "display_name" text NULL`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "partners"."memberships" DROP COLUMN "display_name"`);
  }
}
