import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The name a message's author signed in with (the token's `name`), shown to the other organisation
 * beside the username. Earlier messages keep only the username.
 */
export class MessageAuthorNames1765000000000 implements MigrationInterface {
  name = 'MessageAuthorNames1765000000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "referrals"."referral_messages" ADD COLUMN "author_name" text NULL`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "referrals"."referral_messages" DROP COLUMN "author_name"`);
  }
}
