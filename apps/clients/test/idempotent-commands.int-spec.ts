// The clients commands store their idempotent reply in the transaction that makes their change
// (replyWithin): a crash between that commit and the answer leaves the reply stored, so the
// client's retry gets it replayed instead of a second contact or group event, or a refusal of the
// change it already made (F2 of libs/service-core/test/idempotency.int-spec.ts). Over the real NATS
// and PostgreSQL.
import { randomUUID } from 'node:crypto';
import type { INestApplication, INestMicroservice } from '@nestjs/common';
import { jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import pg from 'pg';
import { loadCommonConfig, type CommonConfig } from '#config';
import { helsinkiDate, type Actor, type RequestOf, type RequestSubject, type ReplyOf } from '#contracts';
import { ServiceClient } from '#messaging';
import { runService } from '#service-core';
import { createTestDatabase, testNatsUrl, uniqueSuffix, type TestDatabase } from '#testing';
import { ClientsAppModule } from '../src/app.module.js';
import { EMPLOYMENT, KELA, MONI, startPartnersStub } from './support/partners-stub.js';

const advisor: Actor = {
  userId: randomUUID(),
  username: null,
  organisationId: MONI,
  role: 'advisor',
  realmRoles: ['advisor'],
};

describe('Idempotent clients commands: the reply commits with the change', () => {
  let db: TestDatabase;
  let config: CommonConfig;
  let app: INestApplication;
  let partners: INestMicroservice;
  let rpc: ServiceClient;
  let sql: pg.Client;

  function call<S extends RequestSubject>(
    subject: S,
    data: RequestOf<S>,
    idempotencyKey?: string,
  ): Promise<ReplyOf<S>> {
    return rpc.request(subject, data, {
      actor: advisor,
      correlationId: `corr-${uniqueSuffix()}`,
      ...(idempotencyKey ? { idempotencyKey } : {}),
    });
  }

  const key = () => `key-${randomUUID()}`;
  const newClient = () =>
    call('clients.client.create', {
      firstName: 'Test',
      lastName: `Idem${uniqueSuffix()}`,
      preferredLanguage: 'fi',
    });

  /**
   * The transactions that last wrote the changed row and the key's stored reply: the same one when
   * the reply committed with the change. (A reply stored after the command returned is written by
   * a later transaction, and is lost if the replica dies in between.)
   */
  async function writers(table: string, id: string, idempotencyKey: string) {
    const { rows } = await sql.query<{ change: string; reply: string; stored: boolean }>(
      `SELECT (SELECT xmin::text FROM "clients"."${table}" WHERE "id" = $1) AS "change",
              k.xmin::text AS "reply", k."reply" IS NOT NULL AS "stored"
         FROM "clients"."idempotency_keys" k WHERE k."key" = $2`,
      [id, idempotencyKey],
    );
    return rows[0];
  }

  async function expectCommittedTogether(table: string, id: string, idempotencyKey: string) {
    const written = await writers(table, id, idempotencyKey);
    expect(written).toEqual({ change: written.reply, reply: expect.any(String) as string, stored: true });
  }

  const countOf = async (table: string, id: string) =>
    (await sql.query(`SELECT 1 FROM "clients"."${table}" WHERE "id" = $1`, [id])).rowCount;

  beforeAll(async () => {
    db = await createTestDatabase('clients_idempotent');
    const suffix = uniqueSuffix();
    config = loadCommonConfig('clients', {
      DATABASE_URL: db.url,
      NATS_URL: testNatsUrl(),
      NATS_SUBJECT_PREFIX: `t${suffix}`,
      EVENTS_STREAM: `T${suffix}_EVENTS`,
      DEAD_LETTER_STREAM: `T${suffix}_DEAD_LETTER`,
      LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
      CLIENTS_OPS_PORT: '0',
    });
    partners = await startPartnersStub(config.natsUrl, config.natsSubjectPrefix);
    app = await runService(ClientsAppModule.forRoot(config, { CLIENTS_JOB_INTERVAL_MS: '3600000' }), config);
    rpc = new ServiceClient({
      natsUrl: config.natsUrl,
      clientName: 'clients-idempotent-test',
      timeoutMs: 10_000,
      subjectPrefix: config.natsSubjectPrefix,
    });
    await rpc.connect();
    sql = new pg.Client({ connectionString: db.url });
    await sql.connect();
  });

  afterAll(async () => {
    await sql?.end();
    await rpc?.close();
    await app?.close();
    await partners?.close();
    const nc = await connect({ servers: testNatsUrl() });
    const jsm = await jetstreamManager(nc);
    await jsm.streams.delete(config.eventsStream).catch(() => false);
    await jsm.streams.delete(config.deadLetterStream).catch(() => false);
    await nc.close();
    await db?.drop();
  });

  it('contact.record: one contact, its reply stored in its transaction and replayed', async () => {
    const client = await newClient();
    const k = key();
    const payload = {
      clientId: client.id,
      date: helsinkiDate(),
      channel: 'walk_in',
      topics: ['employment'],
      language: 'fi',
      interpreter: false,
      duration: '15_30',
    } as RequestOf<'clients.contact.record'>;
    const contact = await call('clients.contact.record', payload, k);
    await expectCommittedTogether('contacts', contact.id, k);
    const again = await call('clients.contact.record', payload, k);
    expect(again.id).toBe(contact.id);
    const { rows } = await sql.query(`SELECT "id" FROM "clients"."contacts" WHERE "client_id" = $1`, [
      client.id,
    ]);
    expect(rows).toEqual([{ id: contact.id }]);
  });

  it('group_event.record: one group event, its reply stored in its transaction', async () => {
    const k = key();
    const payload = {
      date: helsinkiDate(),
      topics: ['health'],
      attendance: 7,
      title: `Idem ${uniqueSuffix()}`,
    };
    const event = await call(
      'clients.group_event.record',
      payload as RequestOf<'clients.group_event.record'>,
      k,
    );
    await expectCommittedTogether('group_events', event.id, k);
    expect((await call('clients.group_event.record', payload as never, k)).id).toBe(event.id);
    expect(await countOf('group_events', event.id)).toBe(1);
  });

  it('client.update, consent.withdraw and client.erase: each reply commits with its change', async () => {
    const client = await newClient();
    const updateKey = key();
    await call('clients.client.update', { clientId: client.id, phone: '+358 40 123 4567' }, updateKey);
    await expectCommittedTogether('clients', client.id, updateKey);

    const consent = await call('clients.consent.record', {
      clientId: client.id,
      recipientOrganisationIds: [KELA, EMPLOYMENT],
      categories: ['identity'],
      purposes: ['referral'],
      method: 'signed_form',
      givenBy: 'client',
      noticeVersion: '2026-1',
      noticeLanguage: 'fi',
      interpreterUsed: false,
    });
    const withdrawKey = key();
    const withdrawal = { consentId: consent.id, method: 'verbal' } as RequestOf<'clients.consent.withdraw'>;
    const withdrawn = await call('clients.consent.withdraw', withdrawal, withdrawKey);
    await expectCommittedTogether('consents', consent.id, withdrawKey);
    // The retry is the first answer, not a refusal of a consent already withdrawn.
    expect(await call('clients.consent.withdraw', withdrawal, withdrawKey)).toEqual(withdrawn);

    const eraseKey = key();
    const erased = await call('clients.client.erase', { clientId: client.id }, eraseKey);
    await expectCommittedTogether('clients', client.id, eraseKey);
    // The retry is the erased view (no personal data), not 409 CLIENT.ERASED.
    expect(await call('clients.client.erase', { clientId: client.id }, eraseKey)).toEqual(erased);
  });
});
