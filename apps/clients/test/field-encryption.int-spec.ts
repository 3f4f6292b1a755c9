// The clients service's move to the platform's column scheme: identity codes, need descriptions,
// background and withdrawal notes stored in the first format read the same after the migration,
// under a key per column with the key id in front, and do not decrypt in another row.
import { randomBytes, randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { serviceDataSourceOptions } from '#database';
import { createTestDatabase, type TestDatabase } from '#testing';
import { ClientEntity } from '../src/clients/client.entity.js';
import { backgroundContext, picContext, toClientView } from '../src/clients/client.mapper.js';
import { ConsentEntity } from '../src/consents/consent.entity.js';
import { toConsentView, withdrawalNoteContext } from '../src/consents/consent.mapper.js';
import { FieldCipher } from '../src/crypto/field-cipher.js';
import { ClientsAndConsents1764600000000 } from '../src/migrations/1764600000000-ClientsAndConsents.js';
import { ConsentExpiryNotice1764700000000 } from '../src/migrations/1764700000000-ConsentExpiryNotice.js';
import { ClientBackground1764800000000 } from '../src/migrations/1764800000000-ClientBackground.js';
import { GuidanceAndEsf1765100000000 } from '../src/migrations/1765100000000-GuidanceAndEsf.js';
import {
  createClientsFieldEncryptionMigration,
  legacyFormat,
} from '../src/migrations/1764900000000-FieldEncryption.js';

const OLD_MIGRATIONS = [
  ClientsAndConsents1764600000000,
  ConsentExpiryNotice1764700000000,
  ClientBackground1764800000000,
];

describe('Clients field encryption migration', () => {
  const key = randomBytes(32);
  const cipher = new FieldCipher({ key, searchKey: randomBytes(32) });
  const ids = { client: randomUUID(), other: randomUUID(), consent: randomUUID() };
  const background = { education: 'Trained as a pharmacist' };
  let db: TestDatabase;
  let dataSource: DataSource;

  const open = async (migrations: (new () => unknown)[]): Promise<DataSource> => {
    const source = new DataSource(
      serviceDataSourceOptions({
        url: db.url,
        schema: 'clients',
        entities: [ClientEntity, ConsentEntity],
        migrations,
      }),
    );
    await source.initialize();
    await source.runMigrations({ transaction: 'each' });
    return source;
  };

  const insertClient = (id: string, code: string | null) =>
    dataSource.query(
      `INSERT INTO "clients"."clients" ("id", "organisation_id", "first_name", "last_name", "created_by",
        "personal_identity_code_enc", "needs", "background_enc") VALUES ($1, $2, 'Amina', 'Test', $2, $3, $4, $5)`,
      [
        id,
        randomUUID(),
        code === null ? null : legacyFormat.encrypt(code, `pic:${id}`, key),
        JSON.stringify([
          {
            category: 'employment',
            description: legacyFormat.encrypt('Seeks a welding course', `need:${id}:employment`, key),
          },
          { category: 'housing', description: null },
        ]),
        legacyFormat.encrypt(JSON.stringify(background), `background:${id}`, key),
      ],
    );

  beforeAll(async () => {
    db = await createTestDatabase('clients_fields');
    dataSource = await open(OLD_MIGRATIONS);
    await insertClient(ids.client, '150387-912Y');
    await insertClient(ids.other, null);
    await dataSource.query(
      `INSERT INTO "clients"."consents" ("id", "client_id", "organisation_id", "status", "recipient_organisation_ids",
        "categories", "purposes", "method", "given_by", "recorded_by", "notice_version", "notice_language",
        "interpreter_used", "given_at", "valid_until", "withdrawn_at", "withdrawal_note_enc")
       VALUES ($1, $2, $3, 'withdrawn', ARRAY[$3]::uuid[], ARRAY['contact'], ARRAY['referral'], 'verbal', 'client', $3,
        '2026-1', 'fi', false, now(), now() + interval '1 year', now(), $4)`,
      [
        ids.consent,
        ids.client,
        randomUUID(),
        legacyFormat.encrypt('Moved away', `withdrawal-note:${ids.consent}`, key),
      ],
    );
    await dataSource.destroy();
    // The later migrations too: the service's entities read their columns.
    dataSource = await open([
      ...OLD_MIGRATIONS,
      createClientsFieldEncryptionMigration(cipher, [key]),
      GuidanceAndEsf1765100000000,
    ]);
  });

  afterAll(async () => {
    await dataSource?.destroy();
    await db?.drop();
  });

  it('reads what was stored in the first format through the service mappers, now under the key id', async () => {
    const client = await dataSource.getRepository(ClientEntity).findOneByOrFail({ id: ids.client });
    expect(client.personalIdentityCodeEnc!.startsWith(`${cipher.currentKeyId}.`)).toBe(true);
    expect(client.backgroundEnc!.startsWith(`${cipher.currentKeyId}.`)).toBe(true);
    expect(client.needs[0].description!.startsWith(`${cipher.currentKeyId}.`)).toBe(true);
    const view = toClientView(client, cipher);
    expect(view.personalIdentityCode).toBe('150387-912Y');
    expect(view.needs).toEqual([
      { category: 'employment', description: 'Seeks a welding course' },
      { category: 'housing', description: null },
    ]);
    expect(view.background).toMatchObject(background);
    const consent = await dataSource.getRepository(ConsentEntity).findOneByOrFail({ id: ids.consent });
    expect(toConsentView(consent, cipher).withdrawalNote).toBe('Moved away');
  });

  it('refuses a value copied to another row or another column', async () => {
    const client = await dataSource.getRepository(ClientEntity).findOneByOrFail({ id: ids.client });
    expect(() => cipher.decrypt(client.personalIdentityCodeEnc!, picContext(ids.other))).toThrow();
    expect(() => cipher.decrypt(client.personalIdentityCodeEnc!, backgroundContext(ids.client))).toThrow();
    expect(() => cipher.decrypt(client.backgroundEnc!, withdrawalNoteContext(ids.client))).toThrow();
  });

  it('is reversible: down writes the first format back', async () => {
    await dataSource.undoLastMigration({ transaction: 'each' }); // the later GuidanceAndEsf
    await dataSource.undoLastMigration({ transaction: 'each' });
    const [row] = await dataSource.query<{ personal_identity_code_enc: string }[]>(
      `SELECT "personal_identity_code_enc" FROM "clients"."clients" WHERE "id" = $1`,
      [ids.client],
    );
    expect(legacyFormat.decrypt(row.personal_identity_code_enc, `pic:${ids.client}`, [key])).toBe(
      '150387-912Y',
    );
  });
});
