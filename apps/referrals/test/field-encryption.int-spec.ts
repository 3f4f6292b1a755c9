// The referrals service's move to the platform's column scheme: what was stored in the old format
// (not bound to its row or column) reads the same after the migration, and a value can no longer
// be moved to another row or column.
import { randomBytes, randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { serviceDataSourceOptions } from '#database';
import { createTestDatabase, type TestDatabase } from '#testing';
import { referralFields, referralsCipher } from '../src/crypto/field-cipher.js';
import { Referrals1764400000000 } from '../src/migrations/1764400000000-Referrals.js';
import { InboxCounts1764700000000 } from '../src/migrations/1764700000000-InboxCounts.js';
import { InboxCountsSentOnly1764800000000 } from '../src/migrations/1764800000000-InboxCountsSentOnly.js';
import {
  createFieldEncryptionMigration,
  legacyFormat,
} from '../src/migrations/1764900000000-FieldEncryption.js';
import { MessageAuthorNames1765000000000 } from '../src/migrations/1765000000000-MessageAuthorNames.js';
import { BoxCountsAtCommit1765100000000 } from '../src/migrations/1765100000000-BoxCountsAtCommit.js';
import {
  REFERRAL_ENTITIES,
  ReferralEntity,
  ReferralHistoryEntity,
  ReferralMessageEntity,
} from '../src/referral/referral.entity.js';
import { toHistoryEntry, toMessageView, toView } from '../src/referral/referral.mapper.js';

const OLD_MIGRATIONS = [Referrals1764400000000, InboxCounts1764700000000, InboxCountsSentOnly1764800000000];
/** Those after the encryption: the service's entities (read through the mappers) need their columns. */
const LATER_MIGRATIONS = [MessageAuthorNames1765000000000, BoxCountsAtCommit1765100000000];

describe('Referrals field encryption migration', () => {
  const key = randomBytes(32);
  // A key retired by an earlier rotation: what it wrote is still read, and rewritten under `key`.
  const retired = randomBytes(32);
  const cipher = referralsCipher(key, [retired]);
  const snapshot = { identity: { firstName: 'Amina', dateOfBirth: '1990-01-01' } };
  const ids = {
    a: randomUUID(),
    b: randomUUID(),
    entry: randomUUID(),
    message: randomUUID(),
    other: randomUUID(),
  };
  let db: TestDatabase;
  let dataSource: DataSource;

  const open = async (migrations: (new () => unknown)[]): Promise<DataSource> => {
    const source = new DataSource(
      serviceDataSourceOptions({ url: db.url, schema: 'referrals', entities: REFERRAL_ENTITIES, migrations }),
    );
    await source.initialize();
    await source.query('CREATE SCHEMA IF NOT EXISTS "referrals"');
    await source.runMigrations({ transaction: 'each' });
    return source;
  };

  const insertReferral = (id: string, reason: string, sharedData: string | null) =>
    dataSource.query(
      `INSERT INTO "referrals"."referrals" ("id", "kind", "client_id", "sending_organisation_id",
        "sending_organisation_name", "sender_user_id", "receiving_organisation_id", "receiving_organisation_name",
        "need", "reason_encrypted", "urgency", "shared_data_encrypted", "status")
       VALUES ($1, 'platform', $2, $3, '{"fi":"MONI"}', 'user-1', $4, '{"fi":"Kela"}', 'employment', $5, 'normal',
        $6, 'draft')`,
      [id, randomUUID(), randomUUID(), randomUUID(), reason, sharedData],
    );

  beforeAll(async () => {
    db = await createTestDatabase('referrals_fields');
    // Rows as the service wrote them before: the old format under the same master key.
    dataSource = await open(OLD_MIGRATIONS);
    await insertReferral(
      ids.a,
      legacyFormat.encrypt('Needs a Finnish course', key),
      legacyFormat.encrypt(JSON.stringify(snapshot), key),
    );
    await insertReferral(ids.b, legacyFormat.encrypt('Another reason', retired), null);
    await dataSource.query(
      `INSERT INTO "referrals"."referral_history" ("id", "referral_id", "seq", "from_status", "to_status", "party",
        "reason_text_encrypted", "note_encrypted") VALUES ($1, $2, 1, NULL, 'draft', 'sender', $3, $4)`,
      [ids.entry, ids.a, legacyFormat.encrypt('Typed by mistake', key), legacyFormat.encrypt('A note', key)],
    );
    for (const [id, body] of [
      [ids.message, 'Can she start on Monday?'],
      [ids.other, 'Yes'],
    ]) {
      await dataSource.query(
        `INSERT INTO "referrals"."referral_messages" ("id", "referral_id", "author_user_id", "author_organisation_id",
          "body_encrypted") VALUES ($1, $2, 'user-1', $3, $4)`,
        [id, ids.a, randomUUID(), legacyFormat.encrypt(body, key)],
      );
    }
    await dataSource.destroy();
    dataSource = await open([
      ...OLD_MIGRATIONS,
      createFieldEncryptionMigration(cipher, [key, retired]),
      ...LATER_MIGRATIONS,
    ]);
  });

  afterAll(async () => {
    await dataSource?.destroy();
    await db?.drop();
  });

  const reasonOf = async (id: string): Promise<string> =>
    (
      await dataSource.query<{ reason_encrypted: string }[]>(
        `SELECT "reason_encrypted" FROM "referrals"."referrals" WHERE "id" = $1`,
        [id],
      )
    )[0].reason_encrypted;

  it('rewrites every old value into the new format, under the current key', async () => {
    const rows = await dataSource.query<{ v: string }[]>(
      `SELECT "reason_encrypted" AS v FROM "referrals"."referrals"
       UNION ALL SELECT "shared_data_encrypted" FROM "referrals"."referrals" WHERE "shared_data_encrypted" IS NOT NULL
       UNION ALL SELECT "reason_text_encrypted" FROM "referrals"."referral_history"
       UNION ALL SELECT "note_encrypted" FROM "referrals"."referral_history"
       UNION ALL SELECT "body_encrypted" FROM "referrals"."referral_messages"`,
    );
    expect(rows).toHaveLength(7);
    for (const { v } of rows) {
      expect(v.startsWith(`${cipher.currentKeyId}.`)).toBe(true);
      expect(v).not.toContain('Amina');
    }
  });

  it('reads what was stored in the old format through the service mappers', async () => {
    const referral = await dataSource.getRepository(ReferralEntity).findOneByOrFail({ id: ids.a });
    const history = await dataSource.getRepository(ReferralHistoryEntity).findBy({ referralId: ids.a });
    const view = toView(referral, history, cipher, new Date(), { withSharedData: true, asSender: true });
    expect(view.reason).toBe('Needs a Finnish course');
    expect(view.sharedData).toEqual(snapshot);
    expect(toHistoryEntry(history[0], cipher)).toMatchObject({
      reasonText: 'Typed by mistake',
      note: 'A note',
    });
    const message = await dataSource
      .getRepository(ReferralMessageEntity)
      .findOneByOrFail({ id: ids.message });
    expect(toMessageView(message, cipher).body).toBe('Can she start on Monday?');
  });

  it('refuses a value copied to another row or another column', async () => {
    const reasonOfA = await reasonOf(ids.a);
    const reasonOfB = await reasonOf(ids.b);
    await dataSource.query(`UPDATE "referrals"."referrals" SET "reason_encrypted" = $1 WHERE "id" = $2`, [
      reasonOfA,
      ids.b,
    ]);
    const b = await dataSource.getRepository(ReferralEntity).findOneByOrFail({ id: ids.b });
    expect(() => toView(b, [], cipher, new Date(), { withSharedData: false, asSender: true })).toThrow();
    expect(() => cipher.decrypt(reasonOfA, referralFields.sharedData(ids.a))).toThrow();
    expect(() => cipher.decrypt(reasonOfA, referralFields.messageBody(ids.a))).toThrow();
    await dataSource.query(`UPDATE "referrals"."referrals" SET "reason_encrypted" = $1 WHERE "id" = $2`, [
      reasonOfB,
      ids.b,
    ]);
    expect(cipher.decrypt(await reasonOf(ids.b), referralFields.reason(ids.b))).toBe('Another reason');

    const [{ body_encrypted: body }] = await dataSource.query<{ body_encrypted: string }[]>(
      `SELECT "body_encrypted" FROM "referrals"."referral_messages" WHERE "id" = $1`,
      [ids.message],
    );
    expect(() => cipher.decrypt(body, referralFields.messageBody(ids.other))).toThrow();
    expect(cipher.decrypt(body, referralFields.messageBody(ids.message))).toBe('Can she start on Monday?');
  });

  it('is reversible: down writes the old format back', async () => {
    for (let later = 0; later <= LATER_MIGRATIONS.length; later += 1) {
      await dataSource.undoLastMigration({ transaction: 'each' });
    }
    const stored = await reasonOf(ids.a);
    expect(legacyFormat.test(stored)).toBe(true);
    expect(legacyFormat.decrypt(stored, [key])).toBe('Needs a Finnish course');
    await dataSource.runMigrations({ transaction: 'each' });
    expect(cipher.decrypt(await reasonOf(ids.a), referralFields.reason(ids.a))).toBe(
      'Needs a Finnish course',
    );
  });
});
