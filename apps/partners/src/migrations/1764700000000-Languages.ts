import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The organisation's preferred language (intake e-mails, invitations) and an invitation's own. */
export class Languages1764700000000 implements MigrationInterface {
  name = 'Languages1764700000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "partners"."organisations" ADD COLUMN "intake_language" text NULL`);
    await queryRunner.query(
      `ALTER TABLE "partners"."organisations" ADD CONSTRAINT "ck_organisations_intake_language"
       CHECK ("intake_language" IN ('fi', 'sv', 'en'))`,
    );
    await queryRunner.query(`ALTER TABLE "partners"."invitations" ADD COLUMN "language" text NULL`);
    await queryRunner.query(
      `ALTER TABLE "partners"."invitations" ADD CONSTRAINT "ck_invitations_language"
       CHECK ("language" IN ('fi', 'sv', 'en'))`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "partners"."invitations" DROP COLUMN "language"`);
    await queryRunner.query(`ALTER TABLE "partners"."organisations" DROP COLUMN "intake_language"`);
  }
}
