import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';
import type { MigrationInterface, QueryRunner } from 'typeorm';
import { reencryptRows, type FieldCipher, type FieldRef } from '#database';
import { backgroundContext, needContext, picContext } from '../clients/client.mapper.js';
import type { StoredNeed } from '../clients/client.entity.js';
import { withdrawalNoteContext } from '../consents/consent.mapper.js';

/**
 * The clients service's first format (`v1.<iv>.<tag>.<ciphertext>`): one key for every column
 * (HKDF of CLIENTS_DATA_KEY), the column and row as associated data, and no key id.
 */
export const legacyFormat = {
  test: (value: string): boolean => value.startsWith('v1.'),
  key: (master: Buffer): Buffer =>
    Buffer.from(hkdfSync('sha256', master, Buffer.alloc(0), 'moni/clients/aes-256-gcm', 32)),
  decrypt(value: string, context: string, masters: Buffer[]): string {
    const [, iv, tag, ciphertext] = value.split('.');
    for (const master of masters) {
      try {
        const decipher = createDecipheriv(
          'aes-256-gcm',
          legacyFormat.key(master),
          Buffer.from(iv, 'base64url'),
        );
        decipher.setAAD(Buffer.from(context, 'utf8'));
        decipher.setAuthTag(Buffer.from(tag, 'base64url'));
        return Buffer.concat([
          decipher.update(Buffer.from(ciphertext, 'base64url')),
          decipher.final(),
        ]).toString('utf8');
      } catch {
        // the next key
      }
    }
    throw new Error('A value in the old format does not decrypt with CLIENTS_DATA_KEY or its previous keys');
  },
  encrypt(plain: string, context: string, master: Buffer): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', legacyFormat.key(master), iv);
    cipher.setAAD(Buffer.from(context, 'utf8'));
    const ciphertext = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    return ['v1', ...[iv, cipher.getAuthTag(), ciphertext].map((part) => part.toString('base64url'))].join(
      '.',
    );
  },
};

/** The old associated data of a field: `<column>:<row>`. */
const legacyContext = (ref: FieldRef): string => `${ref.column}:${ref.row}`;

/**
 * Re-encrypts the clients' identity codes, need descriptions, background and withdrawal notes from
 * the first format into the platform's column scheme (a key per column, the key id in front).
 */
export function createClientsFieldEncryptionMigration(
  cipher: FieldCipher,
  masters: Buffer[],
): new () => MigrationInterface {
  type Convert = (value: string, ref: FieldRef) => string | null;
  const convertNullable = (value: string | null, ref: FieldRef, convert: Convert): string | null =>
    value ? convert(value, ref) : null;

  const rewrite = async (queryRunner: QueryRunner, convert: Convert): Promise<void> => {
    await reencryptRows(queryRunner, {
      table: '"clients"."clients"',
      columns: ['personal_identity_code_enc', 'background_enc', 'needs'],
      where: 'TRUE',
      rewrite(row) {
        const id = row.__id as string;
        const changes: Record<string, unknown> = {};
        const pic = convertNullable(row.personal_identity_code_enc as string | null, picContext(id), convert);
        if (pic !== null) {
          changes.personal_identity_code_enc = pic;
        }
        const background = convertNullable(
          row.background_enc as string | null,
          backgroundContext(id),
          convert,
        );
        if (background !== null) {
          changes.background_enc = background;
        }
        const needs = row.needs as StoredNeed[];
        const converted = needs.map((need) => ({
          ...need,
          description: convertNullable(need.description, needContext(id, need.category), convert),
        }));
        if (converted.some((need) => need.description !== null)) {
          changes.needs = converted.map((need, i) => ({
            ...need,
            description: need.description ?? needs[i].description,
          }));
        }
        return changes;
      },
    });
    await reencryptRows(queryRunner, {
      table: '"clients"."consents"',
      columns: ['withdrawal_note_enc'],
      where: '"withdrawal_note_enc" IS NOT NULL',
      rewrite(row) {
        const note = convert(row.withdrawal_note_enc as string, withdrawalNoteContext(row.__id as string));
        return note === null ? null : { withdrawal_note_enc: note };
      },
    });
  };

  return class ClientsFieldEncryption1764900000000 implements MigrationInterface {
    name = 'ClientsFieldEncryption1764900000000';

    async up(queryRunner: QueryRunner): Promise<void> {
      await rewrite(queryRunner, (value, ref) =>
        legacyFormat.test(value)
          ? cipher.encrypt(legacyFormat.decrypt(value, legacyContext(ref), masters), ref)
          : null,
      );
    }

    async down(queryRunner: QueryRunner): Promise<void> {
      await rewrite(queryRunner, (value, ref) =>
        legacyFormat.test(value)
          ? null
          : legacyFormat.encrypt(cipher.decrypt(value, ref), legacyContext(ref), masters[0]),
      );
    }
  };
}
