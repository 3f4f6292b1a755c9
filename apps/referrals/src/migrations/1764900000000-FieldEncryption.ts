import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { MigrationInterface, QueryRunner } from 'typeorm';
import { reencryptRows, type FieldCipher, type FieldRef } from '#database';
import { referralFields } from '../crypto/field-cipher.js';

/**
 * The old format (`v1:<base64 of iv, tag, ciphertext>`): AES-256-GCM under the master key itself,
 * bound to no row or column, so a value could be moved to another row and still decrypt.
 */
export const legacyFormat = {
  test: (value: string): boolean => value.startsWith('v1:'),
  decrypt(value: string, keys: Buffer[]): string {
    const raw = Buffer.from(value.slice(3), 'base64');
    for (const key of keys) {
      try {
        const decipher = createDecipheriv('aes-256-gcm', key, raw.subarray(0, 12));
        decipher.setAuthTag(raw.subarray(12, 28));
        return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8');
      } catch {
        // the next key
      }
    }
    throw new Error(
      'A value in the old format does not decrypt with REFERRALS_DATA_KEY or its previous keys',
    );
  },
  encrypt(plain: string, key: Buffer): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', key, iv);
    const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    return `v1:${Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64')}`;
  },
};

type Ref = (id: string) => FieldRef;

const TABLES: { table: string; columns: Record<string, Ref> }[] = [
  {
    table: '"referrals"."referrals"',
    columns: { reason_encrypted: referralFields.reason, shared_data_encrypted: referralFields.sharedData },
  },
  {
    table: '"referrals"."referral_history"',
    columns: {
      reason_text_encrypted: referralFields.historyReasonText,
      note_encrypted: referralFields.historyNote,
    },
  },
  { table: '"referrals"."referral_messages"', columns: { body_encrypted: referralFields.messageBody } },
];

/**
 * Re-encrypts what referrals stored in the old format into the platform's column scheme (a key per
 * column, the row bound in, the key id in front). Built with the service's keys, which a migration
 * class cannot otherwise reach.
 */
export function createFieldEncryptionMigration(
  cipher: FieldCipher,
  keys: Buffer[],
): new () => MigrationInterface {
  const rewrite = async (
    queryRunner: QueryRunner,
    convert: (value: string, ref: FieldRef) => string | null,
  ): Promise<void> => {
    for (const { table, columns } of TABLES) {
      await reencryptRows(queryRunner, {
        table,
        columns: Object.keys(columns),
        where: Object.keys(columns)
          .map((column) => `"${column}" <> ''`)
          .join(' OR '),
        rewrite(row) {
          const id = row.__id as string;
          const changes: Record<string, unknown> = {};
          for (const [column, ref] of Object.entries(columns)) {
            const value = row[column] as string | null;
            const converted = value ? convert(value, ref(id)) : null;
            if (converted !== null) {
              changes[column] = converted;
            }
          }
          return changes;
        },
      });
    }
  };

  return class FieldEncryption1764900000000 implements MigrationInterface {
    name = 'FieldEncryption1764900000000';

    async up(queryRunner: QueryRunner): Promise<void> {
      await rewrite(queryRunner, (value, ref) =>
        legacyFormat.test(value) ? cipher.encrypt(legacyFormat.decrypt(value, keys), ref) : null,
      );
    }

    async down(queryRunner: QueryRunner): Promise<void> {
      await rewrite(queryRunner, (value, ref) =>
        legacyFormat.test(value) ? null : legacyFormat.encrypt(cipher.decrypt(value, ref), keys[0]),
      );
    }
  };
}
