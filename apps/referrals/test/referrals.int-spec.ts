import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import type { INestApplication } from '@nestjs/common';
import { getDataSourceToken } from '@nestjs/typeorm';
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/nats-core';
import { connect } from '@nats-io/transport-node';
import type { DataSource } from 'typeorm';
import {
  AppError,
  SYSTEM_ACTOR,
  type Actor,
  type CreateReferralRequest,
  type EventDataOf,
  type EventType,
  type ReferralView,
  type RequestOf,
  type RequestSubject,
} from '#contracts';
import { createEventEnvelope, eventSubject, ServiceClient } from '#messaging';
import { runService } from '#service-core';
import { createTestDatabase, eventually, testNatsUrl, uniqueSuffix, type TestDatabase } from '#testing';
import { ReferralsAppModule } from '../src/app.module.js';
import { loadReferralsConfig } from '../src/config.js';
import { ResponsePromiseJob } from '../src/scheduler/response-promise.job.js';
import { StandIns, type StandInClient, type StandInConsent } from './support/stand-ins.js';

const suffix = uniqueSuffix();
const prefix = `r${suffix}`;
const env = {
  NATS_URL: testNatsUrl(),
  NATS_SUBJECT_PREFIX: prefix,
  EVENTS_STREAM: `R${suffix}_EVENTS`,
  DEAD_LETTER_STREAM: `R${suffix}_DEAD_LETTER`,
  LOG_LEVEL: 'silent',
  REFERRALS_OPS_PORT: '0',
  REFERRALS_SCHEDULER_INTERVAL_MS: '0',
  REFERRALS_EXPIRY_GRACE_DAYS: '2',
};

let database: TestDatabase;
let app: INestApplication;
let dataSource: DataSource;
let nc: NatsConnection;
let rpc: ServiceClient;
let standIns: StandIns;

const moni = { id: '' };
const employment = { id: '' };
const kela = { id: '' };

function actor(organisationId: string, role: Actor['role'], username = 'user'): Actor {
  return { userId: randomUUID(), username, organisationId, role, realmRoles: role ? [role] : [] };
}
let advisor: Actor;
let advisor2: Actor;
let staff: Actor;
let kelaStaff: Actor;
const admin: Actor = {
  userId: randomUUID(),
  username: 'admin',
  organisationId: null,
  role: 'platform_admin',
  realmRoles: ['platform_admin'],
};

function call<S extends RequestSubject>(subject: S, data: RequestOf<S>, as: Actor) {
  return rpc.request(subject, data, { actor: as, correlationId: `test-${randomUUID()}` });
}

async function refusal(promise: Promise<unknown>): Promise<AppError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof AppError) {
      return error;
    }
    throw error;
  }
  throw new Error('expected a refusal');
}

function newClientWithConsent(): { client: StandInClient; consent: StandInConsent } {
  const client = standIns.addClient(moni.id);
  const consent = standIns.addConsent(client.id, [employment.id], ['identity', 'contact', 'language']);
  return { client, consent };
}

function createRequest(
  clientId: string,
  overrides: Partial<CreateReferralRequest> = {},
): CreateReferralRequest {
  return {
    clientId,
    receivingOrganisationId: employment.id,
    need: 'employment',
    reason: 'Looking for work in logistics; has a forklift licence',
    urgency: 'routine',
    categories: ['identity', 'contact'],
    language: 'so',
    interpreterNeeded: true,
    send: true,
    ...overrides,
  };
}

async function sent(overrides: Partial<CreateReferralRequest> = {}): Promise<ReferralView> {
  const { client } = newClientWithConsent();
  return call('referrals.referral.create', createRequest(client.id, overrides), advisor);
}

async function events(referralId: string): Promise<{ type: string; data: Record<string, unknown> }[]> {
  const rows = await dataSource.query<{ type: string; payload: { data: Record<string, unknown> } }[]>(
    `SELECT type, payload FROM referrals.outbox
      WHERE payload->'data'->>'referralId' = $1 OR payload->'data'->>'targetId' = $1
      ORDER BY created_at, id`,
    [referralId],
  );
  return rows.map((row) => ({ type: row.type, data: row.payload.data }));
}

async function countReferrals(): Promise<number> {
  const [{ count }] = await dataSource.query<{ count: string }[]>(
    'SELECT count(*) AS count FROM referrals.referrals',
  );
  return Number(count);
}

function transition(referral: { id: string; version: number }, to: string, as: Actor, extra: object = {}) {
  return call(
    'referrals.referral.transition',
    { referralId: referral.id, expectedVersion: referral.version, to: to as never, ...extra },
    as,
  ) as Promise<ReferralView>;
}

beforeAll(async () => {
  database = await createTestDatabase('referrals');
  const config = loadReferralsConfig({ ...env, DATABASE_URL: database.url });
  app = await runService(ReferralsAppModule.forRoot(config), config);
  dataSource = app.get<DataSource>(getDataSourceToken());
  nc = await connect({ servers: testNatsUrl() });
  standIns = new StandIns(nc, prefix);
  standIns.start();
  moni.id = standIns.addOrganisation({ name: { fi: 'MONI', sv: null, en: 'MONI' } }).id;
  employment.id = standIns.addOrganisation({
    name: { fi: 'Työllisyyspalvelut', sv: null, en: 'Employment' },
  }).id;
  kela.id = standIns.addOrganisation({ name: { fi: 'Kela', sv: 'FPA', en: 'Kela' } }).id;
  advisor = actor(moni.id, 'advisor', 'advisor');
  advisor2 = actor(moni.id, 'advisor', 'advisor2');
  staff = actor(employment.id, 'partner_staff', 'employment');
  kelaStaff = actor(kela.id, 'partner_staff', 'kela');
  rpc = new ServiceClient({
    natsUrl: testNatsUrl(),
    clientName: 'referrals-test',
    timeoutMs: 5000,
    subjectPrefix: prefix,
  });
  await rpc.connect();
});

afterAll(async () => {
  standIns?.stop();
  await rpc?.close();
  await app?.close();
  if (nc) {
    const jsm = await jetstreamManager(nc);
    await jsm.streams.delete(env.EVENTS_STREAM).catch(() => false);
    await jsm.streams.delete(env.DEAD_LETTER_STREAM).catch(() => false);
    await nc.close();
  }
  await database?.drop();
});

describe('creating a referral', () => {
  it('sends at once with the consent behind it, a snapshot of the consented categories and both organisations', async () => {
    const { client, consent } = newClientWithConsent();
    const callsBefore = standIns.calls.length;
    const referral = await call('referrals.referral.create', createRequest(client.id), advisor);
    // The snapshot checks the client and the consent itself: sending asks the clients service once.
    expect(
      standIns.calls
        .slice(callsBefore)
        .map((c) => c.subject)
        .filter((subject) => subject.startsWith('clients.'))
        .sort(),
    ).toEqual(['clients.disclosure.snapshot']);

    expect(referral).toMatchObject({
      kind: 'platform',
      status: 'requested',
      version: 1,
      consentId: consent.id,
      consentVersion: 1,
      categories: ['identity', 'contact'],
      sendingOrganisation: { id: moni.id, name: { fi: 'MONI' } },
      receivingOrganisation: { id: employment.id, name: { fi: 'Työllisyyspalvelut' } },
      sender: { id: advisor.userId, username: 'advisor' },
      reason: 'Looking for work in logistics; has a forklift licence',
      overdue: false,
    });
    expect(Object.keys(referral.sharedData ?? {}).sort()).toEqual(['contact', 'identity']);
    expect(referral.dueAt).not.toBeNull();
    expect(referral.history).toEqual([
      expect.objectContaining({ from: null, to: 'requested', party: 'sender' }),
    ]);

    const [row] = await dataSource.query<{ shared_data_encrypted: string; reason_encrypted: string }[]>(
      'SELECT shared_data_encrypted, reason_encrypted FROM referrals.referrals WHERE id = $1',
      [referral.id],
    );
    expect(row.shared_data_encrypted).not.toContain('Amina');
    expect(row.reason_encrypted).not.toContain('forklift');

    const emitted = await events(referral.id);
    expect(emitted.map((event) => event.type)).toEqual([
      'events.referrals.referral.sent',
      'events.audit.entry.recorded',
    ]);
    expect(emitted[1].data).toMatchObject({
      action: 'referral.sent',
      clientId: client.id,
      consentId: consent.id,
      recipientOrganisationId: employment.id,
    });
    // Events carry ids and codes only.
    expect(JSON.stringify(emitted)).not.toMatch(/Amina|forklift|358401234567/);
  });

  it('refuses without a covering consent, naming what is missing, and stores nothing', async () => {
    const before = await countReferrals();
    const { client } = newClientWithConsent();
    const categories = await refusal(
      call(
        'referrals.referral.create',
        createRequest(client.id, { categories: ['identity', 'health'] }),
        advisor,
      ),
    );
    expect(categories.code).toBe('CONSENT.NOT_COVERED');
    expect(categories.details).toMatchObject({
      reason: 'CATEGORIES_NOT_COVERED',
      missingCategories: ['health'],
    });

    const organisation = await refusal(
      call(
        'referrals.referral.create',
        createRequest(client.id, { receivingOrganisationId: kela.id }),
        advisor,
      ),
    );
    expect(organisation.code).toBe('CONSENT.NOT_COVERED');
    expect(organisation.details).toMatchObject({ missingOrganisationId: kela.id });

    const other = standIns.addClient(moni.id);
    const none = await refusal(
      call('referrals.referral.create', createRequest(other.id, { send: false }), advisor),
    );
    expect(none.code).toBe('CONSENT.NOT_COVERED');
    expect(await countReferrals()).toBe(before);
  });

  it('refuses after the consent was withdrawn', async () => {
    const { client, consent } = newClientWithConsent();
    consent.active = false;
    const error = await refusal(call('referrals.referral.create', createRequest(client.id), advisor));
    expect(error.code).toBe('CONSENT.NOT_COVERED');
  });

  it.each([
    ['pending_agreement', { status: 'pending_agreement' as const }],
    ['deactivated', { status: 'deactivated' as const }],
    ['not_receiving', { canReceive: false }],
    ['not_accepting', { acceptingReferrals: false }],
  ])('refuses a receiving organisation that is %s', async (reason, overrides) => {
    const target = standIns.addOrganisation(overrides);
    const client = standIns.addClient(moni.id);
    standIns.addConsent(client.id, [target.id], ['identity']);
    const error = await refusal(
      call(
        'referrals.referral.create',
        createRequest(client.id, { receivingOrganisationId: target.id }),
        advisor,
      ),
    );
    expect(error.code).toBe('REFERRAL.RECIPIENT_UNAVAILABLE');
    expect(error.details).toMatchObject({ organisationId: target.id, reason });
  });

  it('refuses an unknown organisation, another organisation’s client and a non-advisor', async () => {
    const { client } = newClientWithConsent();
    expect(
      (
        await refusal(
          call(
            'referrals.referral.create',
            createRequest(client.id, { receivingOrganisationId: randomUUID() }),
            advisor,
          ),
        )
      ).code,
    ).toBe('REFERRAL.RECIPIENT_UNAVAILABLE');
    const foreign = standIns.addClient(kela.id);
    expect((await refusal(call('referrals.referral.create', createRequest(foreign.id), advisor))).code).toBe(
      'RESOURCE.NOT_FOUND',
    );
    expect((await refusal(call('referrals.referral.create', createRequest(client.id), staff))).code).toBe(
      'AUTH.FORBIDDEN',
    );
  });

  it('sending at once, refuses an erased client and another organisation’s as not found, before what is wrong with the organisations', async () => {
    const { client } = newClientWithConsent();
    client.erased = true;
    const foreign = standIns.addClient(kela.id);
    const before = await countReferrals();
    for (const clientId of [client.id, foreign.id]) {
      for (const receivingOrganisationId of [employment.id, randomUUID(), moni.id]) {
        const error = await refusal(
          call('referrals.referral.create', createRequest(clientId, { receivingOrganisationId }), advisor),
        );
        expect([clientId === client.id ? 'erased' : 'foreign', error.code]).toEqual([
          clientId === client.id ? 'erased' : 'foreign',
          'RESOURCE.NOT_FOUND',
        ]);
      }
    }
    expect(await countReferrals()).toBe(before);
  });

  it('refuses an erased client as not found also when it has an open referral, and as a draft', async () => {
    const { client } = newClientWithConsent();
    await call('referrals.referral.create', createRequest(client.id), advisor);
    client.erased = true;
    const before = await countReferrals();
    // The duplicate check finds the open referral first; the consent check then says the client is gone.
    expect((await refusal(call('referrals.referral.create', createRequest(client.id), advisor))).code).toBe(
      'RESOURCE.NOT_FOUND',
    );
    const foreign = standIns.addClient(kela.id);
    for (const clientId of [client.id, foreign.id]) {
      expect(
        (await refusal(call('referrals.referral.create', createRequest(clientId, { send: false }), advisor)))
          .code,
      ).toBe('RESOURCE.NOT_FOUND');
    }
    expect(await countReferrals()).toBe(before);
  });

  it('never names another organisation’s referral as a possible duplicate', async () => {
    const { client } = newClientWithConsent();
    const first = await call('referrals.referral.create', createRequest(client.id), advisor);
    // As if another organisation had sent it: only the sender's own referrals are its duplicates.
    await dataSource.query('UPDATE referrals.referrals SET sending_organisation_id = $2 WHERE id = $1', [
      first.id,
      kela.id,
    ]);
    const second = await call('referrals.referral.create', createRequest(client.id), advisor);
    expect(second).toMatchObject({ status: 'requested', clientId: client.id });
    expect(second.id).not.toBe(first.id);
  });

  it('refuses malformed input naming the field', async () => {
    const { client } = newClientWithConsent();
    const error = await refusal(
      call(
        'referrals.referral.create',
        { ...createRequest(client.id), urgency: 'now' as never, extra: 1 } as never,
        advisor,
      ),
    );
    expect(error.code).toBe('VALIDATION.FAILED');
    expect(JSON.stringify(error.details)).toMatch(/urgency/);
    expect(JSON.stringify(error.details)).toMatch(/extra/);
  });

  it('warns of a second open referral of the client to the same organisation and service, unless confirmed', async () => {
    const { client } = newClientWithConsent();
    const first = await call('referrals.referral.create', createRequest(client.id), advisor);
    const error = await refusal(call('referrals.referral.create', createRequest(client.id), advisor2));
    expect(error.code).toBe('REFERRAL.POSSIBLE_DUPLICATE');
    expect(error.details).toMatchObject({ referralId: first.id });
    const serviceId = randomUUID();
    await expect(
      call('referrals.referral.create', createRequest(client.id, { serviceId }), advisor),
    ).resolves.toMatchObject({
      serviceId,
    });
    await expect(
      call('referrals.referral.create', createRequest(client.id, { confirmDuplicate: true }), advisor),
    ).resolves.toMatchObject({ status: 'requested' });
  });

  it('keeps a draft from the receiving organisation until it is sent, then takes the snapshot', async () => {
    const { client } = newClientWithConsent();
    const draft = await call('referrals.referral.create', createRequest(client.id, { send: false }), advisor);
    expect(draft).toMatchObject({ status: 'draft', sharedData: null, dueAt: null });
    expect((await refusal(call('referrals.referral.get', { referralId: draft.id }, staff))).code).toBe(
      'RESOURCE.NOT_FOUND',
    );
    const inbox = await call('referrals.referral.list', { box: 'incoming' }, staff);
    expect(inbox.items.map((item) => item.id)).not.toContain(draft.id);

    const sentDraft = await transition(draft, 'requested', advisor);
    expect(sentDraft).toMatchObject({ status: 'requested', version: 2 });
    expect(Object.keys(sentDraft.sharedData ?? {}).sort()).toEqual(['contact', 'identity']);
    expect((await events(draft.id)).map((event) => event.data.action ?? event.type)).toEqual([
      'events.referrals.referral.drafted',
      'referral.drafted',
      // The receiving organisation's attempt to open the draft.
      'referral.read',
      'events.referrals.referral.sent',
      'referral.sent',
    ]);
  });

  it('records a logged referral to an organisation not on the platform: no consent asked, no data leaves', async () => {
    const client = standIns.addClient(moni.id);
    const callsBefore = standIns.calls.length;
    const logged = await call(
      'referrals.referral.create',
      {
        clientId: client.id,
        loggedRecipientName: 'Seinäjoen seurakunta',
        need: 'leisure_integration',
        reason: 'Diaconal work',
        urgency: 'routine',
        categories: [],
        send: true,
      },
      advisor,
    );
    expect(logged).toMatchObject({
      kind: 'logged',
      status: 'requested',
      receivingOrganisation: { id: null, name: { fi: 'Seinäjoen seurakunta' } },
      sharedData: null,
      consentId: null,
    });
    expect(standIns.calls.slice(callsBefore).map((c) => c.subject)).not.toContain(
      'clients.disclosure.snapshot',
    );
    expect(standIns.calls.slice(callsBefore).map((c) => c.subject)).not.toContain('clients.consent.check');
    // The sender closes the loop by hand.
    const received = await transition(logged, 'received', advisor);
    const accepted = await transition(received, 'accepted', advisor);
    const started = await transition(accepted, 'in_progress', advisor);
    await expect(
      transition(started, 'completed', advisor, { outcomeCode: 'service_started' }),
    ).resolves.toMatchObject({
      status: 'completed',
      outcomeCode: 'service_started',
    });
  });
});

describe('the referral life cycle', () => {
  it('goes received on the first open by the receiver, then accepted, in progress, on hold, and completed', async () => {
    const referral = await sent();
    const opened = await call('referrals.referral.get', { referralId: referral.id }, staff);
    expect(opened).toMatchObject({ status: 'received', version: 2 });
    expect(opened.receivedAt).not.toBeNull();
    expect(Object.keys(opened.sharedData ?? {}).sort()).toEqual(['contact', 'identity']);
    // Opening again is only a read.
    expect(await call('referrals.referral.get', { referralId: referral.id }, staff)).toMatchObject({
      version: 2,
    });

    const accepted = await transition(opened, 'accepted', staff);
    const started = await transition(accepted, 'in_progress', staff, { note: 'First meeting booked' });
    const held = await transition(started, 'on_hold', staff, {
      reasonCode: 'info_requested',
      reasonText: 'Need CV',
    });
    expect(held).toMatchObject({ status: 'on_hold', reasonCode: 'info_requested', reasonText: 'Need CV' });
    const resumed = await transition(held, 'in_progress', staff);
    const completed = await transition(resumed, 'completed', staff, { outcomeCode: 'service_started' });
    expect(completed).toMatchObject({ status: 'completed', outcomeCode: 'service_started', version: 7 });
    expect(completed.closedAt).not.toBeNull();

    const seenBySender = await call('referrals.referral.get', { referralId: referral.id }, advisor);
    expect(seenBySender.history.map((entry) => [entry.from, entry.to, entry.party])).toEqual([
      [null, 'requested', 'sender'],
      ['requested', 'received', 'receiver'],
      ['received', 'accepted', 'receiver'],
      ['accepted', 'in_progress', 'receiver'],
      ['in_progress', 'on_hold', 'receiver'],
      ['on_hold', 'in_progress', 'receiver'],
      ['in_progress', 'completed', 'receiver'],
    ]);
    expect(seenBySender.history[3]).toMatchObject({
      note: 'First meeting booked',
      actorUserId: staff.userId,
    });

    const emitted = await events(referral.id);
    const changes = emitted.filter((event) => event.type === 'events.referrals.referral.status_changed');
    expect(changes.map((event) => event.data.to)).toEqual([
      'received',
      'accepted',
      'in_progress',
      'on_hold',
      'in_progress',
      'completed',
    ]);
    const reads = emitted.filter((event) => event.data.action === 'referral.shared_data.read');
    // Three GETs, and the five transitions whose replies carried the shared data.
    expect(reads).toHaveLength(8);
    expect(reads[0].data).toMatchObject({
      recipientOrganisationId: employment.id,
      consentId: referral.consentId,
    });
  });

  it('hides a referral from another organisation (404 for read and write) and from a platform admin', async () => {
    const referral = await sent();
    for (const as of [kelaStaff, actor(moni.id, 'org_admin'), admin]) {
      expect((await refusal(call('referrals.referral.get', { referralId: referral.id }, as))).code).toBe(
        'RESOURCE.NOT_FOUND',
      );
    }
    expect((await refusal(transition(referral, 'received', kelaStaff))).code).toBe('RESOURCE.NOT_FOUND');
    expect(
      (
        await refusal(
          call(
            'referrals.referral.assign',
            { referralId: referral.id, assigneeId: kelaStaff.userId },
            kelaStaff,
          ),
        )
      ).code,
    ).toBe('RESOURCE.NOT_FOUND');
    expect(
      (await refusal(call('referrals.message.post', { referralId: referral.id, body: 'hi' }, kelaStaff)))
        .code,
    ).toBe('RESOURCE.NOT_FOUND');
    expect((await refusal(call('referrals.referral.get', { referralId: randomUUID() }, advisor))).code).toBe(
      'RESOURCE.NOT_FOUND',
    );
  });

  it('refuses a stale version with 412 and changes nothing', async () => {
    const referral = await sent();
    const opened = await call('referrals.referral.get', { referralId: referral.id }, staff);
    const error = await refusal(transition(referral, 'cancelled', advisor, { reasonCode: 'client_request' }));
    expect(error.code).toBe('RESOURCE.PRECONDITION_FAILED');
    expect(error.details).toMatchObject({ currentVersion: opened.version });
    expect(await call('referrals.referral.get', { referralId: referral.id }, advisor)).toMatchObject({
      status: 'received',
      version: 2,
    });
  });

  it('refuses illegal transitions, the wrong side and missing reasons without changing anything', async () => {
    const referral = await call('referrals.referral.get', { referralId: (await sent()).id }, staff);
    const illegal = await refusal(transition(referral, 'completed', staff, { outcomeCode: 'other' }));
    expect(illegal.code).toBe('REFERRAL.ILLEGAL_TRANSITION');
    expect(illegal.details).toEqual({ from: 'received', to: 'completed' });
    expect((await refusal(transition(referral, 'accepted', advisor))).code).toBe(
      'REFERRAL.TRANSITION_NOT_ALLOWED',
    );
    expect((await refusal(transition(referral, 'cancelled', staff, { reasonCode: 'other' }))).code).toBe(
      'REFERRAL.TRANSITION_NOT_ALLOWED',
    );
    const missing = await refusal(transition(referral, 'rejected', staff));
    expect(missing.code).toBe('REFERRAL.REASON_REQUIRED');
    expect(missing.details).toMatchObject({ field: 'reasonCode' });
    expect(await call('referrals.referral.get', { referralId: referral.id }, advisor)).toMatchObject({
      status: 'received',
      version: referral.version,
    });
    await expect(
      transition(referral, 'rejected', staff, { reasonCode: 'no_capacity', reasonText: 'Full' }),
    ).resolves.toMatchObject({
      status: 'rejected',
      reasonCode: 'no_capacity',
    });
  });

  it('lets the sender cancel with a reason and mark an error; a platform admin marks an error without seeing data', async () => {
    const referral = await sent();
    const cancelled = await transition(referral, 'cancelled', advisor, { reasonCode: 'referred_elsewhere' });
    expect(cancelled).toMatchObject({ status: 'cancelled', reasonCode: 'referred_elsewhere' });
    const other = await sent();
    const byAdmin = await transition(other, 'entered_in_error', admin, { reasonText: 'Wrong client' });
    // The minimal view: nothing of the referral's content, the client or its history.
    expect(byAdmin).toEqual({ id: other.id, status: 'entered_in_error', version: other.version + 1 });
    expect((await refusal(transition(byAdmin, 'entered_in_error', admin, { reasonText: 'x' }))).code).toBe(
      'REFERRAL.ILLEGAL_TRANSITION',
    );
  });

  it('needs the version on every transition (428), even from a platform admin, and changes nothing', async () => {
    const referral = await sent();
    for (const as of [advisor, admin]) {
      const missing = await refusal(
        call(
          'referrals.referral.transition',
          { referralId: referral.id, to: 'entered_in_error', reasonText: 'x' },
          as,
        ),
      );
      expect(missing.code).toBe('RESOURCE.PRECONDITION_REQUIRED');
    }
    expect(await call('referrals.referral.get', { referralId: referral.id }, advisor)).toMatchObject({
      status: 'requested',
      version: referral.version,
    });
  });

  it('refuses an envelope without an actor instead of acting as the system', async () => {
    const referral = await sent();
    const error = await refusal(
      rpc.request('referrals.referral.get', { referralId: referral.id }, { actor: null, correlationId: 'c' }),
    );
    expect(error.code).toBe('AUTH.FORBIDDEN');
  });

  it('refuses the system actor on a user subject: only a job or consumer acts as the system, in its own code', async () => {
    const referral = await sent();
    for (const subject of ['referrals.referral.get', 'referrals.message.list'] as const) {
      const error = await refusal(
        rpc.request(subject, { referralId: referral.id }, { actor: SYSTEM_ACTOR, correlationId: 'c' }),
      );
      expect(error.code).toBe('AUTH.FORBIDDEN');
    }
  });

  it('records each refusal as a refusal of the action that was asked for, with its code', async () => {
    const referral = await sent();
    const granted = (await events(referral.id)).filter((event) => event.data.outcome !== 'refused');
    const refusedWith = async (promise: Promise<unknown>) => (await refusal(promise)).code;
    expect(await refusedWith(call('referrals.referral.get', { referralId: referral.id }, kelaStaff))).toBe(
      'RESOURCE.NOT_FOUND',
    );
    expect(await refusedWith(transition(referral, 'received', kelaStaff))).toBe('RESOURCE.NOT_FOUND');
    const assignment = {
      referralId: referral.id,
      expectedVersion: referral.version,
      assigneeId: kelaStaff.userId,
    };
    expect(await refusedWith(call('referrals.referral.assign', assignment, kelaStaff))).toBe(
      'RESOURCE.NOT_FOUND',
    );
    expect(await refusedWith(call('referrals.message.list', { referralId: referral.id }, kelaStaff))).toBe(
      'RESOURCE.NOT_FOUND',
    );
    expect(
      await refusedWith(call('referrals.message.post', { referralId: referral.id, body: 'Hei' }, kelaStaff)),
    ).toBe('RESOURCE.NOT_FOUND');
    // The sender sees the referral but does not assign it: a 403, recorded likewise.
    expect(await refusedWith(call('referrals.referral.assign', assignment, advisor))).toBe('AUTH.FORBIDDEN');

    const after = await events(referral.id);
    expect(
      after
        .filter((event) => event.data.outcome === 'refused')
        .map(({ type, data }) => [type, data.action, data.organisationId, data.detail]),
    ).toEqual([
      ['events.audit.entry.recorded', 'referral.read', kela.id, { code: 'RESOURCE.NOT_FOUND' }],
      ['events.audit.entry.recorded', 'referral.transition', kela.id, { code: 'RESOURCE.NOT_FOUND' }],
      ['events.audit.entry.recorded', 'referral.assign', kela.id, { code: 'RESOURCE.NOT_FOUND' }],
      ['events.audit.entry.recorded', 'referral.messages.read', kela.id, { code: 'RESOURCE.NOT_FOUND' }],
      ['events.audit.entry.recorded', 'referral.message.post', kela.id, { code: 'RESOURCE.NOT_FOUND' }],
      ['events.audit.entry.recorded', 'referral.assign', moni.id, { code: 'AUTH.FORBIDDEN' }],
    ]);
    // A refusal writes nothing but its audit entry.
    expect(after.filter((event) => event.data.outcome !== 'refused')).toEqual(granted);
  });

  it('treats partner staff and advisors of the receiving organisation as the receiver, never its org_admin', async () => {
    const referral = await sent();
    const receiverAdmin = actor(employment.id, 'org_admin');
    expect(
      (await refusal(call('referrals.referral.get', { referralId: referral.id }, receiverAdmin))).code,
    ).toBe('RESOURCE.NOT_FOUND');
    expect((await refusal(transition(referral, 'received', receiverAdmin))).code).toBe('RESOURCE.NOT_FOUND');
    expect((await call('referrals.referral.get', { referralId: referral.id }, advisor)).status).toBe(
      'requested',
    );
    // The network is two-way: an advisor of the receiving organisation answers it like its staff.
    const receiverAdvisor = actor(employment.id, 'advisor');
    expect((await call('referrals.referral.get', { referralId: referral.id }, receiverAdvisor)).status).toBe(
      'received',
    );
  });

  it('requires the health category for a health need, at creation and at sending', async () => {
    const { client } = newClientWithConsent();
    const before = await countReferrals();
    const error = await refusal(
      call(
        'referrals.referral.create',
        createRequest(client.id, { need: 'health', categories: ['contact'] }),
        advisor,
      ),
    );
    expect(error.code).toBe('REFERRAL.CATEGORY_REQUIRED');
    expect(error.details).toEqual({ field: 'categories', missingCategories: ['health'] });
    expect(await countReferrals()).toBe(before);
  });

  it('audits the shared data returned by an assignment as a read', async () => {
    const referral = await call('referrals.referral.get', { referralId: (await sent()).id }, staff);
    standIns.addMember(employment.id, staff.userId);
    await call(
      'referrals.referral.assign',
      { referralId: referral.id, expectedVersion: referral.version, assigneeId: staff.userId },
      staff,
    );
    const reads = (await events(referral.id)).filter(
      (event) => event.data.action === 'referral.shared_data.read',
    );
    // The first open (GET) and the assignment's reply.
    expect(reads).toHaveLength(2);
    expect(reads[1].data).toMatchObject({
      recipientOrganisationId: employment.id,
      consentId: referral.consentId,
    });
  });
});

describe('inbox, outbox and assignment', () => {
  it('lists the boxes newest first with keyset pagination, filters and counts per status', async () => {
    const inboxOrg = standIns.addOrganisation();
    const sender = actor(moni.id, 'advisor', 'lister');
    const receiver = actor(inboxOrg.id, 'partner_staff', 'inbox');
    const created: ReferralView[] = [];
    for (let i = 0; i < 7; i += 1) {
      const client = standIns.addClient(moni.id);
      standIns.addConsent(client.id, [inboxOrg.id], ['identity']);
      created.push(
        await call(
          'referrals.referral.create',
          createRequest(client.id, {
            receivingOrganisationId: inboxOrg.id,
            categories: ['identity'],
            need: i % 2 === 0 ? 'employment' : 'housing',
          }),
          sender,
        ),
      );
    }
    await call('referrals.referral.get', { referralId: created[0].id }, receiver);

    const pages: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await call('referrals.referral.list', { box: 'incoming', limit: 3, cursor }, receiver);
      pages.push(...page.items.map((item) => item.id));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(pages).toEqual(created.map((referral) => referral.id).reverse());

    const inbox = await call('referrals.referral.list', { box: 'incoming' }, receiver);
    expect(inbox.counts).toMatchObject({ requested: 6, received: 1, overdue: 0 });
    const housing = await call('referrals.referral.list', { box: 'incoming', need: 'housing' }, receiver);
    expect(housing.items).toHaveLength(3);
    const received = await call(
      'referrals.referral.list',
      { box: 'incoming', status: ['received'] },
      receiver,
    );
    expect(received.items.map((item) => item.id)).toEqual([created[0].id]);
    const both = await call(
      'referrals.referral.list',
      { box: 'incoming', status: ['received', 'requested', 'draft'], limit: 4, overdue: false },
      receiver,
    );
    expect(both.items.map((item) => item.id)).toEqual(
      created
        .slice(3)
        .map((r) => r.id)
        .reverse(),
    );
    const rest = await call(
      'referrals.referral.list',
      { box: 'incoming', status: ['received', 'requested'], limit: 4, cursor: both.nextCursor! },
      receiver,
    );
    expect(rest.items.map((item) => item.id)).toEqual(
      created
        .slice(0, 3)
        .map((r) => r.id)
        .reverse(),
    );
    expect(rest.nextCursor).toBeNull();
    expect(
      (await call('referrals.referral.list', { box: 'incoming', status: ['draft'] }, receiver)).items,
    ).toEqual([]);
    expect(JSON.stringify(inbox.items)).not.toMatch(/Amina|forklift/);

    const outbox = await call(
      'referrals.referral.list',
      { box: 'outgoing', status: ['requested', 'received'] },
      sender,
    );
    expect(outbox.items.map((item) => item.id)).toEqual(
      expect.arrayContaining(created.map((referral) => referral.id)),
    );

    // Only an active member of the receiving organisation takes a referral (partners answers).
    const notMember = await refusal(
      call('referrals.referral.assign', { referralId: created[1].id, assigneeId: randomUUID() }, receiver),
    );
    expect(notMember).toMatchObject({
      code: 'RULE.VIOLATED',
      details: { field: 'assigneeId', reason: 'not_a_member' },
    });
    const kelaMember = randomUUID();
    standIns.addMember(kela.id, kelaMember);
    expect(
      (
        await refusal(
          call('referrals.referral.assign', { referralId: created[1].id, assigneeId: kelaMember }, receiver),
        )
      ).code,
    ).toBe('RULE.VIOLATED');
    expect(standIns.calls.filter((c) => c.subject === 'partners.membership.check').at(-1)?.data).toEqual({
      organisationId: inboxOrg.id,
      userId: kelaMember,
    });
    standIns.addMember(inboxOrg.id, receiver.userId);
    const assigned = await call(
      'referrals.referral.assign',
      { referralId: created[1].id, assigneeId: receiver.userId },
      receiver,
    );
    expect(assigned).toMatchObject({ assigneeId: receiver.userId });
    const mine = await call('referrals.referral.list', { box: 'incoming', assignee: 'me' }, receiver);
    expect(mine.items.map((item) => item.id)).toEqual([created[1].id]);
    const unassigned = await call('referrals.referral.list', { box: 'incoming', assignee: 'none' }, receiver);
    expect(unassigned.items).toHaveLength(6);
    expect(
      (
        await refusal(
          call('referrals.referral.assign', { referralId: created[2].id, assigneeId: null }, sender),
        )
      ).code,
    ).toBe('AUTH.FORBIDDEN');
    expect(
      (
        await refusal(
          call(
            'referrals.referral.assign',
            { referralId: created[2].id, expectedVersion: 9, assigneeId: null },
            receiver,
          ),
        )
      ).code,
    ).toBe('RESOURCE.PRECONDITION_FAILED');

    expect((await refusal(call('referrals.referral.list', { box: 'outgoing' }, receiver))).code).toBe(
      'AUTH.FORBIDDEN',
    );
    expect(
      (await refusal(call('referrals.referral.list', { box: 'incoming', cursor: 'nonsense' }, receiver)))
        .code,
    ).toBe('VALIDATION.FAILED');
  });
});

describe('messages', () => {
  it('keeps a thread between the two organisations', async () => {
    const referral = await sent();
    await call(
      'referrals.message.post',
      { referralId: referral.id, body: 'Does the client have a CV?' },
      staff,
    );
    await call(
      'referrals.message.post',
      { referralId: referral.id, body: 'Yes, attached at the meeting.' },
      advisor,
    );
    const thread = await call('referrals.message.list', { referralId: referral.id }, advisor);
    expect(thread.items.map((message) => [message.body, message.authorOrganisationId])).toEqual([
      ['Does the client have a CV?', employment.id],
      ['Yes, attached at the meeting.', moni.id],
    ]);
    const firstPage = await call('referrals.message.list', { referralId: referral.id, limit: 1 }, staff);
    const secondPage = await call(
      'referrals.message.list',
      { referralId: referral.id, limit: 1, cursor: firstPage.nextCursor! },
      staff,
    );
    expect(secondPage.items[0].body).toBe('Yes, attached at the meeting.');
    expect((await refusal(call('referrals.message.list', { referralId: referral.id }, kelaStaff))).code).toBe(
      'RESOURCE.NOT_FOUND',
    );
    const posted = (await events(referral.id)).filter(
      (event) => event.type === 'events.referrals.message.posted',
    );
    expect(posted).toHaveLength(2);
    expect(JSON.stringify(posted)).not.toMatch(/CV/);
  });
});

describe('the response promise', () => {
  it('flags an overdue referral once and cancels it as expired after the grace', async () => {
    const referral = await sent();
    const job = app.get(ResponsePromiseJob);
    const dueAt = new Date(referral.dueAt!);
    const expiresAt = new Date(
      (await call('referrals.referral.get', { referralId: referral.id }, advisor)).expiresAt!,
    );
    expect(expiresAt.getTime()).toBeGreaterThan(dueAt.getTime());

    const afterDue = new Date(dueAt.getTime() + 1000);
    const first = await job.runOnce(afterDue);
    expect(first.overdue).toBeGreaterThanOrEqual(1);
    await job.runOnce(afterDue);
    const overdueEvents = (await events(referral.id)).filter(
      (event) => event.type === 'events.referrals.referral.overdue',
    );
    expect(overdueEvents).toHaveLength(1);

    // The overdue flag is computed against the real clock; move the due date to the past to see it.
    await dataSource.query(
      `UPDATE referrals.referrals SET due_at = now() - interval '1 hour' WHERE id = $1`,
      [referral.id],
    );
    expect(await call('referrals.referral.get', { referralId: referral.id }, advisor)).toMatchObject({
      overdue: true,
    });
    const overdueList = await call('referrals.referral.list', { box: 'outgoing', overdue: true }, advisor);
    expect(overdueList.items.map((item) => item.id)).toContain(referral.id);

    await job.runOnce(new Date(expiresAt.getTime() + 1000));
    const expired = await call('referrals.referral.get', { referralId: referral.id }, advisor);
    expect(expired).toMatchObject({ status: 'cancelled', reasonCode: 'expired' });
    expect(expired.history.at(-1)).toMatchObject({
      party: 'system',
      reasonCode: 'expired',
      actorUserId: null,
    });
  });

  it('does not hand the same referral to two replicas running the job at once', async () => {
    const referrals = await Promise.all([sent(), sent(), sent()]);
    const job = app.get(ResponsePromiseJob);
    const later = new Date(Math.max(...referrals.map((r) => new Date(r.dueAt!).getTime())) + 1000);
    await Promise.all([job.runOnce(later), job.runOnce(later), job.runOnce(later)]);
    for (const referral of referrals) {
      const overdue = (await events(referral.id)).filter(
        (event) => event.type === 'events.referrals.referral.overdue',
      );
      expect(overdue).toHaveLength(1);
    }
  });
});

describe('the batch jobs and the box counters', () => {
  it('expire referrals of several organisations without deadlocking a user’s change of the same counters', async () => {
    // Counter rows are locked in key order (organisation, box, status). The sender sorts last and
    // the second receiver first: cancelling R1 and then R2 one statement at a time would hold the
    // sender's counter while waiting for the second receiver's, the reverse of a user's change.
    const sender = standIns.addOrganisation({ id: 'eeeeeeee-0000-4000-8000-000000000001' });
    const first = standIns.addOrganisation({ id: 'aaaaaaaa-0000-4000-8000-000000000001' });
    const second = standIns.addOrganisation({ id: '11111111-0000-4000-8000-000000000001' });
    const advisorOfSender = actor(sender.id, 'advisor', 'batch');
    const make = async (receiver: string) => {
      const client = standIns.addClient(sender.id);
      standIns.addConsent(client.id, [receiver], ['identity']);
      return call(
        'referrals.referral.create',
        createRequest(client.id, { receivingOrganisationId: receiver, categories: ['identity'] }),
        advisorOfSender,
      );
    };
    const r1 = await make(first.id);
    const r2 = await make(second.id);
    // Only these two are expired at the job's "now" (in 2000), R1 first.
    await dataSource.query(
      `UPDATE referrals.referrals SET expires_at = CASE id WHEN $1::uuid THEN timestamptz '2000-01-01'
         ELSE timestamptz '2000-01-02' END WHERE id IN ($1::uuid, $2::uuid)`,
      [r1.id, r2.id],
    );
    const counter = `SELECT 1 FROM referrals.referral_box_counts
      WHERE organisation_id = $1 AND box = $2 AND status = 'requested' FOR UPDATE`;

    // A user's change holds the second receiver's counter (it comes first in key order) ...
    const user = dataSource.createQueryRunner();
    await user.connect();
    try {
      await user.startTransaction();
      await user.query(counter, [second.id, 'incoming']);
      const job = app.get(ResponsePromiseJob).runOnce(new Date('2000-01-03T00:00:00Z'));
      const outcome = job.then(
        (result) => ({ result, error: null }),
        (error: unknown) => ({ result: null, error }),
      );
      // ... while the job waits for a lock ...
      await eventually(async () => {
        const [{ waiting }] = await dataSource.query<{ waiting: number }[]>(
          `SELECT count(*)::int AS waiting FROM pg_stat_activity
            WHERE datname = current_database() AND wait_event_type = 'Lock'`,
        );
        expect(waiting).toBeGreaterThan(0);
      });
      // ... and then wants the sender's (the next one in key order): the job must not hold it.
      await user.query(`SET LOCAL lock_timeout = '5s'`);
      await user.query(counter, [sender.id, 'outgoing']);
      await user.commitTransaction();
      const { result, error } = await outcome;
      expect(error).toBeNull();
      expect(result).toMatchObject({ expired: 2 });
    } finally {
      if (user.isTransactionActive) {
        await user.rollbackTransaction();
      }
      await user.release();
    }
    for (const referral of [r1, r2]) {
      expect(
        await call('referrals.referral.get', { referralId: referral.id }, advisorOfSender),
      ).toMatchObject({
        status: 'cancelled',
        reasonCode: 'expired',
      });
    }
    const outbox = await call('referrals.referral.list', { box: 'outgoing' }, advisorOfSender);
    expect(outbox.counts).toMatchObject({ cancelled: 2 });
    expect(outbox.counts.requested ?? 0).toBe(0);
  });
});

describe('consent follows through', () => {
  async function publish<E extends EventType>(type: E, data: EventDataOf<E>): Promise<void> {
    const envelope = createEventEnvelope(type, data, { actor: null, correlationId: `test-${randomUUID()}` });
    await jetstream(nc).publish(eventSubject(type, `${prefix}.events`), JSON.stringify(envelope), {
      msgID: envelope.id,
    });
  }

  it('cancels open referrals resting on a withdrawn consent and redacts the partner’s view', async () => {
    const { client, consent } = newClientWithConsent();
    const open = await call('referrals.referral.create', createRequest(client.id), advisor);
    await call('referrals.message.post', { referralId: open.id, body: 'Her phone is new' }, advisor);
    const done = await call(
      'referrals.referral.create',
      createRequest(client.id, { serviceId: randomUUID() }),
      advisor,
    );
    let current = await call('referrals.referral.get', { referralId: done.id }, staff);
    for (const [to, extra] of [
      ['accepted', {}],
      ['in_progress', {}],
      ['completed', { outcomeCode: 'service_started' }],
    ] as const) {
      current = await transition(current, to, staff, extra);
    }

    await publish('events.clients.consent.withdrawn', {
      consentId: consent.id,
      consentVersion: 1,
      clientId: client.id,
      organisationId: moni.id,
      recipientOrganisationIds: [employment.id],
      categories: consent.categories,
      purposes: ['referral'],
      reason: 'withdrawn',
    });

    const cancelled = await eventually(async () => {
      const view = await call('referrals.referral.get', { referralId: open.id }, staff);
      expect(view.status).toBe('cancelled');
      return view;
    });
    expect(cancelled).toMatchObject({
      reasonCode: 'consent_withdrawn',
      sharedData: null,
      sharedDataRedacted: true,
    });
    // The partner keeps the timeline, not the texts: no reason, history texts or message bodies.
    expect(cancelled.reason).toBeNull();
    expect(cancelled.history.every((entry) => entry.reasonText === null && entry.note === null)).toBe(true);
    const partnerThread = await call('referrals.message.list', { referralId: open.id }, staff);
    expect(partnerThread.items).toEqual([
      expect.objectContaining({ body: null, redacted: true, authorOrganisationId: moni.id }),
    ]);
    expect(
      (await refusal(call('referrals.message.post', { referralId: open.id, body: 'more' }, advisor))).code,
    ).toBe('RULE.VIOLATED');
    // The sender still has its own texts (the client's advisor).
    const senderView = await call('referrals.referral.get', { referralId: open.id }, advisor);
    expect(senderView.reason).toBe(createRequest(client.id).reason);
    expect((await call('referrals.message.list', { referralId: open.id }, advisor)).items[0].body).toBe(
      'Her phone is new',
    );
    const completed = await call('referrals.referral.get', { referralId: done.id }, staff);
    expect(completed).toMatchObject({ status: 'completed', sharedData: null, sharedDataRedacted: true });
    expect(completed.reason).toBeNull();
    const types = (await events(open.id)).map((event) => event.type);
    expect(types).toEqual(
      expect.arrayContaining([
        'events.referrals.referral.status_changed',
        'events.referrals.referral.redacted',
      ]),
    );
  });

  it('moves referrals of a superseded consent to the new one when it covers them, else ends them', async () => {
    const { client, consent: first } = newClientWithConsent();
    const covered = await call('referrals.referral.create', createRequest(client.id), advisor);
    const wider = await call(
      'referrals.referral.create',
      createRequest(client.id, { serviceId: randomUUID(), categories: ['identity', 'language'] }),
      advisor,
    );
    const elsewhere = standIns.addOrganisation();
    standIns.consents.get(first.id)!.organisationIds.push(elsewhere.id);
    const toElsewhere = await call(
      'referrals.referral.create',
      createRequest(client.id, { receivingOrganisationId: elsewhere.id, categories: ['identity'] }),
      advisor,
    );
    const closed = await call(
      'referrals.referral.create',
      createRequest(client.id, { serviceId: randomUUID(), categories: ['identity'] }),
      advisor,
    );
    await transition(
      await call('referrals.referral.get', { referralId: closed.id }, staff),
      'rejected',
      staff,
      {
        reasonCode: 'not_eligible',
      },
    );

    // The new consent names employment only, and without `language`.
    standIns.consents.get(first.id)!.active = false;
    const second = standIns.addConsent(client.id, [employment.id], ['identity', 'contact']);
    second.version = 2;
    const callsBeforeSupersede = standIns.calls.length;
    await publish('events.clients.consent.superseded', {
      consentId: first.id,
      consentVersion: 1,
      clientId: client.id,
      organisationId: moni.id,
      recipientOrganisationIds: [employment.id, elsewhere.id],
      categories: first.categories,
      purposes: ['referral'],
      supersededByConsentId: second.id,
    });

    const ended = await eventually(async () => {
      const view = await call('referrals.referral.get', { referralId: wider.id }, advisor);
      expect(view.status).toBe('cancelled');
      return view;
    });
    expect(ended).toMatchObject({
      reasonCode: 'consent_withdrawn',
      sharedData: null,
      sharedDataRedacted: true,
    });
    expect(await call('referrals.referral.get', { referralId: toElsewhere.id }, advisor)).toMatchObject({
      status: 'cancelled',
      sharedDataRedacted: true,
    });
    const moved = await call('referrals.referral.get', { referralId: covered.id }, staff);
    expect(moved).toMatchObject({
      status: 'received',
      consentId: second.id,
      consentVersion: 2,
      sharedDataRedacted: false,
      version: covered.version + 2, // moved, then received on this first open
    });
    expect(moved.sharedData).not.toBeNull();
    expect(await call('referrals.referral.get', { referralId: closed.id }, advisor)).toMatchObject({
      status: 'rejected',
      consentId: second.id,
    });
    const audit = (await events(covered.id)).filter((event) => event.type === 'events.audit.entry.recorded');
    expect(audit.map((event) => event.data)).toContainEqual(
      expect.objectContaining({
        action: 'referral.consent.moved',
        detail: { fromConsentId: first.id, toConsentId: second.id, toConsentVersion: 2 },
      }),
    );
    // The system asked the clients service about each receiving organisation (a redelivered or
    // retried event may ask again, so the organisations asked are compared, not the call count).
    const checks = standIns.calls
      .slice(callsBeforeSupersede)
      .filter(
        (c) =>
          c.subject === 'clients.consent.check' && (c.data as { clientId: string }).clientId === client.id,
      );
    expect(new Set(checks.map((c) => (c.data as { organisationId: string }).organisationId))).toEqual(
      new Set([employment.id, elsewhere.id]),
    );

    // Withdrawing the new consent now ends the referrals that moved onto it.
    second.active = false;
    await publish('events.clients.consent.withdrawn', {
      consentId: second.id,
      consentVersion: 2,
      clientId: client.id,
      organisationId: moni.id,
      recipientOrganisationIds: [employment.id],
      categories: second.categories,
      purposes: ['referral'],
      reason: 'withdrawn',
    });
    await eventually(async () => {
      expect(await call('referrals.referral.get', { referralId: covered.id }, staff)).toMatchObject({
        status: 'cancelled',
        reasonCode: 'consent_withdrawn',
        sharedData: null,
        sharedDataRedacted: true,
      });
    });
    expect(await call('referrals.referral.get', { referralId: closed.id }, advisor)).toMatchObject({
      status: 'rejected',
      sharedDataRedacted: true,
    });
  });

  it('does the same when a consent expires, and on erasure also blanks the reason and messages', async () => {
    const { client, consent } = newClientWithConsent();
    const first = await call('referrals.referral.create', createRequest(client.id), advisor);
    await publish('events.clients.consent.expired', {
      consentId: consent.id,
      consentVersion: 1,
      clientId: client.id,
      organisationId: moni.id,
      recipientOrganisationIds: [employment.id],
      categories: consent.categories,
      purposes: ['referral'],
    });
    await eventually(async () => {
      expect(await call('referrals.referral.get', { referralId: first.id }, advisor)).toMatchObject({
        status: 'cancelled',
        sharedDataRedacted: true,
      });
    });

    const other = newClientWithConsent();
    const referral = await call('referrals.referral.create', createRequest(other.client.id), advisor);
    const opened = await call('referrals.referral.get', { referralId: referral.id }, staff);
    const accepted = await transition(opened, 'accepted', staff);
    await transition(accepted, 'on_hold', staff, {
      reasonCode: 'info_requested',
      reasonText: 'Needs her CV',
    });
    await call('referrals.message.post', { referralId: referral.id, body: 'Personal detail' }, advisor);
    const ciphertexts = () =>
      dataSource.query<{ reason: string; bodies: string; texts: string }[]>(
        `SELECT r.reason_encrypted AS reason,
                (SELECT string_agg(body_encrypted, ',') FROM referrals.referral_messages WHERE referral_id = r.id) AS bodies,
                (SELECT count(*) FROM referrals.referral_history
                  WHERE referral_id = r.id AND (reason_text_encrypted IS NOT NULL OR note_encrypted IS NOT NULL))::text AS texts
           FROM referrals.referrals r WHERE r.id = $1`,
        [referral.id],
      );
    const [before] = await ciphertexts();
    expect(before.texts).toBe('1');
    await publish('events.clients.client.erased', { clientId: other.client.id, organisationId: moni.id });
    await eventually(async () => {
      const view = await call('referrals.referral.get', { referralId: referral.id }, advisor);
      expect(view).toMatchObject({ status: 'cancelled', sharedData: null, reason: null });
    });
    // Gone for the sender too, and from the database: no ciphertext of a text is left to decrypt.
    const view = await call('referrals.referral.get', { referralId: referral.id }, advisor);
    expect(view.history.every((entry) => entry.reasonText === null && entry.note === null)).toBe(true);
    const thread = await call('referrals.message.list', { referralId: referral.id }, advisor);
    expect(thread.items[0]).toMatchObject({ body: null, redacted: true });
    const [after] = await ciphertexts();
    expect(after.texts).toBe('0');
    expect(after.reason).not.toBe(before.reason);
    expect(after.bodies).not.toBe(before.bodies);
  });
});

describe('the box counters', () => {
  it('agree with the rows after every change the tests above made', async () => {
    const recount = await dataSource.query<{ key: string; count: string }[]>(
      `SELECT organisation_id || '|' || box || '|' || status AS key, count(*)::text AS count FROM (
         SELECT receiving_organisation_id AS organisation_id, 'incoming' AS box, status FROM referrals.referrals
          WHERE receiving_organisation_id IS NOT NULL AND sent_at IS NOT NULL
         UNION ALL SELECT sending_organisation_id, 'outgoing', status FROM referrals.referrals) AS rows
        GROUP BY 1 ORDER BY 1`,
    );
    const kept = await dataSource.query<{ key: string; count: string }[]>(
      `SELECT organisation_id || '|' || box || '|' || status AS key, count::text AS count
         FROM referrals.referral_box_counts WHERE count <> 0 ORDER BY 1`,
    );
    expect(recount.length).toBeGreaterThan(5);
    expect(kept).toEqual(recount);
  });
});
