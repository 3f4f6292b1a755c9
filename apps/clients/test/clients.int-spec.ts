import { randomUUID } from 'node:crypto';
import type { INestApplication, INestMicroservice } from '@nestjs/common';
import { getDataSourceToken } from '@nestjs/typeorm';
import { jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import type { DataSource } from 'typeorm';
import { loadCommonConfig, type CommonConfig } from '#config';
import {
  AppError,
  SYSTEM_ACTOR,
  helsinkiDate,
  type Actor,
  type ClientView,
  type ConsentView,
  type RequestSubject,
  type RequestOf,
  type ReplyOf,
} from '#contracts';
import { ServiceClient } from '#messaging';
import { runService } from '#service-core';
import { createTestDatabase, testNatsUrl, uniqueSuffix, type TestDatabase } from '#testing';
import { ClientsAppModule } from '../src/app.module.js';
import { ScheduledJobs } from '../src/jobs/scheduled-jobs.js';
import { CLOSED, EMPLOYMENT, KELA, MONI, REDCROSS, startPartnersStub } from './support/partners-stub.js';

const OTHER_ORG = '66666666-6666-4666-8666-666666666666';

const actor = (role: Actor['role'], organisationId: string | null = MONI, userId = randomUUID()): Actor => ({
  userId,
  username: null,
  organisationId,
  role,
  realmRoles: role ? [role] : [],
});

const advisor = actor('advisor');
const advisor2 = actor('advisor');
const otherAdvisor = actor('advisor', OTHER_ORG);
const partnerStaff = actor('partner_staff', KELA);
const platformAdmin = actor('platform_admin', null);

describe('The clients service (over NATS, real PostgreSQL)', () => {
  let db: TestDatabase;
  let config: CommonConfig;
  let app: INestApplication;
  let replica: INestApplication;
  let partners: INestMicroservice;
  let rpc: ServiceClient;
  let dataSource: DataSource;

  function call<S extends RequestSubject>(
    subject: S,
    data: RequestOf<S>,
    as: Actor | null = advisor,
  ): Promise<ReplyOf<S>> {
    return rpc.request(subject, data, { actor: as, correlationId: `corr-${uniqueSuffix()}` });
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

  async function outbox(type: string, where = 'TRUE', params: unknown[] = []) {
    return dataSource.query<{ payload: { data: Record<string, unknown>; actor: Actor | null } }[]>(
      `SELECT payload FROM clients.outbox WHERE type = $1 AND ${where} ORDER BY created_at`,
      [type, ...params],
    );
  }

  const auditFor = (clientId: string, action: string) =>
    outbox(
      'events.audit.entry.recorded',
      `payload->'data'->>'clientId' = $2 AND payload->'data'->>'action' = $3`,
      [clientId, action],
    );

  let seq = 0;
  const newClient = (overrides: Partial<RequestOf<'clients.client.create'>> = {}, as: Actor = advisor) =>
    call(
      'clients.client.create',
      {
        firstName: 'Test',
        lastName: `Person${seq++}${uniqueSuffix()}`,
        preferredLanguage: 'ar',
        ...overrides,
      },
      as,
    );

  const consentFor = (clientId: string, overrides: Partial<RequestOf<'clients.consent.record'>> = {}) =>
    call('clients.consent.record', {
      clientId,
      recipientOrganisationIds: [KELA, EMPLOYMENT],
      categories: ['identity', 'contact', 'needs'],
      purposes: ['referral'],
      method: 'signed_form',
      givenBy: 'client',
      noticeVersion: '2026-1',
      noticeLanguage: 'ar',
      interpreterUsed: true,
      ...overrides,
    });

  beforeAll(async () => {
    db = await createTestDatabase('clients');
    const suffix = uniqueSuffix();
    const env = {
      DATABASE_URL: db.url,
      NATS_URL: testNatsUrl(),
      NATS_SUBJECT_PREFIX: `t${suffix}`,
      EVENTS_STREAM: `T${suffix}_EVENTS`,
      DEAD_LETTER_STREAM: `T${suffix}_DEAD_LETTER`,
      LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
      CLIENTS_OPS_PORT: '0',
    };
    config = loadCommonConfig('clients', env);
    const clientsEnv = { CLIENTS_JOB_INTERVAL_MS: '3600000', CLIENT_RETENTION_DAYS: '30' };
    partners = await startPartnersStub(config.natsUrl, config.natsSubjectPrefix);
    app = await runService(ClientsAppModule.forRoot(config, clientsEnv), config);
    replica = await runService(ClientsAppModule.forRoot(config, clientsEnv), config);
    dataSource = app.get<DataSource>(getDataSourceToken());
    rpc = new ServiceClient({
      natsUrl: config.natsUrl,
      clientName: 'clients-test',
      timeoutMs: 10_000,
      subjectPrefix: config.natsSubjectPrefix,
    });
    await rpc.connect();
  });

  afterAll(async () => {
    await rpc?.close();
    await replica?.close();
    await app?.close();
    await partners?.close();
    const nc = await connect({ servers: testNatsUrl() });
    const jsm = await jetstreamManager(nc);
    await jsm.streams.delete(config.eventsStream).catch(() => false);
    await jsm.streams.delete(config.deadLetterStream).catch(() => false);
    await nc.close();
    await db?.drop();
    // Two service instances each drain their NATS requests and stop their jobs: under a loaded CI
    // machine this once took over a minute (cause not found yet; see the issue notes).
  }, 180_000);

  describe('clients', () => {
    it('registers a client, encrypts the identity code and free text at rest, and masks the code in lists', async () => {
      const created = await newClient({
        firstName: 'Amina',
        personalIdentityCode: '010594y9021',
        languages: ['ar', 'fi'],
        preferredLanguage: 'ar',
        phone: '+358 40 123 4567',
        needs: [{ category: 'housing', description: 'Needs a flat near the school' }],
      });
      expect(created).toMatchObject({
        firstName: 'Amina',
        personalIdentityCode: '010594Y9021',
        personalIdentityCodeMasked: '010594Y****',
        dateOfBirth: '1994-05-01',
        birthYear: 1994,
        needs: [{ category: 'housing', description: 'Needs a flat near the school' }],
        erased: false,
      });
      const [row] = await dataSource.query<Record<string, unknown>[]>(
        'SELECT * FROM clients.clients WHERE id = $1',
        [created.id],
      );
      const stored = JSON.stringify(row);
      expect(stored).not.toContain('9021');
      expect(stored).not.toContain('flat near the school');
      expect(row.personal_identity_code_enc).toMatch(/^k[0-9a-f]{8}\./);
      expect(row.personal_identity_code_hash).toMatch(/^[0-9a-f]{64}$/);

      const page = await call('clients.client.list', { q: 'amina' });
      const item = page.items.find((client) => client.id === created.id);
      expect(item).toMatchObject({ personalIdentityCodeMasked: '010594Y****' });
      expect(JSON.stringify(page)).not.toContain('010594Y9021');

      const events = await outbox('events.clients.client.created', `payload->'data'->>'clientId' = $2`, [
        created.id,
      ]);
      expect(events.map((event) => event.payload.data)).toEqual([
        { clientId: created.id, organisationId: MONI },
      ]);
      expect(await auditFor(created.id, 'client.created')).toHaveLength(1);
      expect(await auditFor(created.id, 'client.listed')).toHaveLength(1);
    });

    it('searches by name, date of birth and identity code, and pages by cursor', async () => {
      const lastName = `Virtanen${uniqueSuffix()}`;
      const a = await newClient({ firstName: 'Aino', lastName, personalIdentityCode: '020594X903P' });
      const b = await newClient({ firstName: 'Bertta', lastName, dateOfBirth: '1980-02-29' });
      const c = await newClient({ firstName: 'Celine', lastName });

      expect((await call('clients.client.list', { q: '020594x903p' })).items.map((x) => x.id)).toEqual([
        a.id,
      ]);
      expect((await call('clients.client.list', { q: '29.2.1980' })).items.map((x) => x.id)).toContain(b.id);
      expect((await call('clients.client.list', { q: `bertta ${lastName}` })).items.map((x) => x.id)).toEqual(
        [b.id],
      );

      const first = await call('clients.client.list', { q: lastName, limit: 2 });
      expect(first.items.map((x) => x.id)).toEqual([a.id, b.id]);
      const second = await call('clients.client.list', { q: lastName, limit: 2, cursor: first.nextCursor! });
      expect(second).toEqual({ items: [expect.objectContaining({ id: c.id })], nextCursor: null });
      // The cursor carries no name.
      expect(JSON.parse(Buffer.from(first.nextCursor!.split('.')[0], 'base64url').toString())).toBe(b.id);
    });

    it('refuses a cursor written for another organisation: 400 naming cursor', async () => {
      const lastName = `Cursor${uniqueSuffix()}`;
      await newClient({ firstName: 'Aino', lastName });
      await newClient({ firstName: 'Bertta', lastName });
      const mine = await call('clients.client.list', { q: lastName, limit: 1 });
      expect(mine.nextCursor).toEqual(expect.any(String));
      // Another organisation's advisor probing with it (a binary search over names once worked so).
      const foreign = await refusal(
        call('clients.client.list', { q: 'a', limit: 1, cursor: mine.nextCursor! }, otherAdvisor),
      );
      expect(foreign).toMatchObject({
        code: 'VALIDATION.FAILED',
        details: [expect.objectContaining({ field: 'cursor' })],
      });
    });

    it('refuses bad identity codes, naming the field', async () => {
      for (const code of ['131052-308U', '311352-308T', '131052Z308T', '131052-30']) {
        const error = await refusal(newClient({ personalIdentityCode: code }));
        expect(error.code).toBe('VALIDATION.FAILED');
        expect(error.details).toEqual([expect.objectContaining({ field: 'personalIdentityCode' })]);
      }
      const mismatch = await refusal(
        newClient({ personalIdentityCode: '131052-308T', dateOfBirth: '1952-10-14' }),
      );
      expect(mismatch.details).toEqual([expect.objectContaining({ field: 'dateOfBirth' })]);
    });

    it('refuses unknown fields', async () => {
      const error = await refusal(
        call('clients.client.create', {
          firstName: 'A',
          lastName: 'B',
          favouriteColour: 'blue',
        } as unknown as RequestOf<'clients.client.create'>),
      );
      expect(error).toMatchObject({
        code: 'VALIDATION.FAILED',
        details: [expect.objectContaining({ field: 'favouriteColour' })],
      });
    });

    it('warns of a likely duplicate (same code, or same name and date of birth) unless confirmed', async () => {
      const original = await newClient({
        firstName: 'Olga',
        lastName: `Ivanova${uniqueSuffix()}`,
        personalIdentityCode: '010516B903X',
      });
      const byCode = await refusal(
        newClient({ firstName: 'Someone', lastName: 'Else', personalIdentityCode: '010516b903x' }),
      );
      expect(byCode).toMatchObject({
        code: 'CLIENT.POSSIBLE_DUPLICATE',
        details: {
          id: original.id,
          matchedOn: 'personal_identity_code',
          nameMasked: 'O*** I***',
          personalIdentityCodeMasked: '010516B****',
        },
      });
      const byName = await refusal(
        newClient({
          firstName: 'olga',
          lastName: original.lastName!.toUpperCase(),
          dateOfBirth: '2016-05-01',
        }),
      );
      expect(byName).toMatchObject({
        code: 'CLIENT.POSSIBLE_DUPLICATE',
        details: { id: original.id, matchedOn: 'name_and_date_of_birth' },
      });
      // Another organisation's clients are not duplicates of ours.
      await expect(newClient({ personalIdentityCode: '010516B903X' }, otherAdvisor)).resolves.toMatchObject({
        organisationId: OTHER_ORG,
      });
      const confirmed = await newClient({
        firstName: 'Olga',
        lastName: original.lastName!,
        personalIdentityCode: '010516B903X',
        confirmDuplicate: true,
      });
      expect(confirmed.id).not.toBe(original.id);
    });

    it("hides another organisation's client (404, audited as refused) and refuses partner staff and platform admins (403)", async () => {
      const client = await newClient();
      expect(await refusal(call('clients.client.get', { clientId: client.id }, otherAdvisor))).toMatchObject({
        code: 'RESOURCE.NOT_FOUND',
      });
      expect(
        await refusal(
          call('clients.client.update', { clientId: client.id, phone: '+358401111111' }, otherAdvisor),
        ),
      ).toMatchObject({
        code: 'RESOURCE.NOT_FOUND',
      });
      expect(
        await refusal(call('clients.client.export', { clientId: client.id }, otherAdvisor)),
      ).toMatchObject({ code: 'RESOURCE.NOT_FOUND' });
      expect((await call('clients.client.list', { q: client.lastName! }, otherAdvisor)).items).toEqual([]);
      const refused = await auditFor(client.id, 'client.read');
      expect(refused.map((event) => event.payload.data)).toEqual([
        expect.objectContaining({ outcome: 'refused', organisationId: OTHER_ORG }),
      ]);

      for (const who of [partnerStaff, platformAdmin]) {
        expect(await refusal(call('clients.client.list', {}, who))).toMatchObject({ code: 'AUTH.FORBIDDEN' });
        expect(await refusal(call('clients.client.get', { clientId: client.id }, who))).toMatchObject({
          code: 'AUTH.FORBIDDEN',
        });
        expect(await refusal(newClient({}, who))).toMatchObject({ code: 'AUTH.FORBIDDEN' });
      }
    });

    it('shows the full identity code on the client page and records the read', async () => {
      const client = await newClient({ personalIdentityCode: '020594W903P' });
      const view = await call('clients.client.get', { clientId: client.id }, advisor2);
      expect(view.personalIdentityCode).toBe('020594W903P');
      const reads = await auditFor(client.id, 'client.read');
      expect(reads.map((event) => event.payload.data)).toEqual([
        {
          action: 'client.read',
          outcome: 'granted',
          organisationId: MONI,
          sourceService: 'clients',
          targetType: 'client',
          targetId: client.id,
          clientId: client.id,
        },
      ]);
    });

    it('updates fields, keeping the identity code and date of birth in agreement', async () => {
      const client = await newClient({ personalIdentityCode: '020594V903P' });
      const updated = await call('clients.client.update', {
        clientId: client.id,
        phone: '+358 50 765 4321',
        needs: [{ category: 'health', description: 'Diabetes' }],
      });
      expect(updated).toMatchObject({
        phone: '+358 50 765 4321',
        personalIdentityCode: '020594V903P',
        needs: [{ category: 'health', description: 'Diabetes' }],
      });
      const error = await refusal(
        call('clients.client.update', { clientId: client.id, dateOfBirth: '1999-01-01' }),
      );
      expect(error.details).toEqual([expect.objectContaining({ field: 'dateOfBirth' })]);
      const audit = await auditFor(client.id, 'client.updated');
      expect(audit[0].payload.data.detail).toEqual({ fields: 'needs,phone' });
    });
  });

  describe('consents', () => {
    it('records a consent for two organisations and three categories; the check answers yes for those and no for anything else', async () => {
      const client = await newClient();
      const consent = await consentFor(client.id);
      expect(consent).toMatchObject({
        status: 'active',
        version: 1,
        recipientOrganisationIds: [KELA, EMPLOYMENT],
        categories: ['identity', 'contact', 'needs'],
        recordedBy: advisor.userId,
        recordedByOrganisationId: MONI,
      });
      // Default validity: 12 months.
      const months = (Date.parse(consent.validUntil!) - Date.parse(consent.givenAt)) / (30.4 * 86_400_000);
      expect(Math.round(months)).toBe(12);

      for (const organisationId of [KELA, EMPLOYMENT]) {
        expect(
          await call('clients.consent.check', {
            clientId: client.id,
            organisationId,
            categories: ['identity', 'contact', 'needs'],
            purpose: 'referral',
          }),
        ).toEqual({
          allowed: true,
          consentId: consent.id,
          consentVersion: 1,
        });
      }
      expect(
        await call('clients.consent.check', {
          clientId: client.id,
          organisationId: REDCROSS,
          categories: ['identity'],
          purpose: 'referral',
        }),
      ).toEqual({
        allowed: false,
        reason: 'ORGANISATION_NOT_COVERED',
        missingOrganisationId: REDCROSS,
      });
      expect(
        await call('clients.consent.check', {
          clientId: client.id,
          organisationId: KELA,
          categories: ['identity', 'health'],
          purpose: 'referral',
        }),
      ).toEqual({
        allowed: false,
        reason: 'CATEGORIES_NOT_COVERED',
        missingCategories: ['health'],
      });
      expect(
        await call('clients.consent.check', {
          clientId: client.id,
          organisationId: KELA,
          categories: ['identity'],
          purpose: 'statistics',
        }),
      ).toMatchObject({
        allowed: false,
        reason: 'PURPOSE_NOT_COVERED',
      });
      // Another organisation cannot even learn whether the client exists.
      expect(
        await call(
          'clients.consent.check',
          { clientId: client.id, organisationId: KELA, categories: ['identity'], purpose: 'referral' },
          otherAdvisor,
        ),
      ).toEqual({
        allowed: false,
        reason: 'CLIENT_NOT_FOUND',
      });

      const given = await outbox('events.clients.consent.given', `payload->'data'->>'consentId' = $2`, [
        consent.id,
      ]);
      expect(given.map((event) => event.payload.data)).toEqual([
        {
          consentId: consent.id,
          consentVersion: 1,
          clientId: client.id,
          organisationId: MONI,
          recipientOrganisationIds: [KELA, EMPLOYMENT],
          categories: ['identity', 'contact', 'needs'],
          purposes: ['referral'],
        },
      ]);
    });

    it('refuses an unknown or deactivated organisation and an unknown category, naming the field', async () => {
      const client = await newClient();
      const unknownOrg = await refusal(
        consentFor(client.id, { recipientOrganisationIds: [KELA, randomUUID()] }),
      );
      expect(unknownOrg).toMatchObject({
        code: 'VALIDATION.FAILED',
        details: [expect.objectContaining({ field: 'recipientOrganisationIds[1]' })],
      });
      const closed = await refusal(consentFor(client.id, { recipientOrganisationIds: [CLOSED] }));
      expect(closed.details).toEqual([expect.objectContaining({ field: 'recipientOrganisationIds[0]' })]);
      const badCategory = await refusal(
        consentFor(client.id, { categories: ['identity', 'shoe_size' as never] }),
      );
      expect(badCategory).toMatchObject({
        code: 'VALIDATION.FAILED',
        details: [expect.objectContaining({ field: 'categories' })],
      });
      const past = await refusal(consentFor(client.id, { validUntil: '2020-01-01T00:00:00Z' }));
      expect(past.details).toEqual([expect.objectContaining({ field: 'validUntil' })]);
      expect(await call('clients.consent.list', { clientId: client.id })).toEqual({ items: [] });
    });

    it('withdraws at once (the check flips), refuses a second withdrawal with 409, and records a refusal too', async () => {
      const client = await newClient();
      const consent = await consentFor(client.id);
      const request = {
        clientId: client.id,
        organisationId: KELA,
        categories: ['identity' as const],
        purpose: 'referral' as const,
      };
      expect(await call('clients.consent.check', request)).toMatchObject({ allowed: true });

      const withdrawn = await call('clients.consent.withdraw', {
        consentId: consent.id,
        method: 'verbal',
        note: 'Client phoned',
      });
      expect(withdrawn).toMatchObject({
        status: 'withdrawn',
        withdrawalMethod: 'verbal',
        withdrawalNote: 'Client phoned',
        withdrawnBy: advisor.userId,
      });
      expect(await call('clients.consent.check', request)).toMatchObject({
        allowed: false,
        reason: 'NO_ACTIVE_CONSENT',
      });
      expect(
        await refusal(call('clients.consent.withdraw', { consentId: consent.id, method: 'verbal' })),
      ).toMatchObject({ code: 'CONSENT.ALREADY_WITHDRAWN' });
      expect(
        await refusal(
          call('clients.consent.withdraw', { consentId: consent.id, method: 'verbal' }, otherAdvisor),
        ),
      ).toMatchObject({ code: 'RESOURCE.NOT_FOUND' });
      const events = await outbox('events.clients.consent.withdrawn', `payload->'data'->>'consentId' = $2`, [
        consent.id,
      ]);
      expect(events.map((event) => event.payload.data)).toEqual([
        expect.objectContaining({ consentId: consent.id, reason: 'withdrawn' }),
      ]);
      expect(JSON.stringify(events)).not.toContain('Client phoned');

      const refused = await consentFor(client.id, {
        decision: 'refused',
        recipientOrganisationIds: [REDCROSS],
      });
      expect(refused).toMatchObject({ status: 'refused', validUntil: null });
      expect(await call('clients.consent.check', { ...request, organisationId: REDCROSS })).toMatchObject({
        allowed: false,
      });
      expect(
        await refusal(call('clients.consent.withdraw', { consentId: refused.id, method: 'verbal' })),
      ).toMatchObject({ code: 'CONSENT.NOT_ACTIVE' });
      expect(
        (await call('clients.consent.list', { clientId: client.id })).items.map((c) => c.status).sort(),
      ).toEqual(['refused', 'withdrawn']);
    });

    it('supersedes a consent with a new version', async () => {
      const client = await newClient();
      const first = await consentFor(client.id);
      const second = await consentFor(client.id, {
        categories: ['identity', 'health'],
        supersedesConsentId: first.id,
      });
      expect(second).toMatchObject({ version: 2, supersedesConsentId: first.id, status: 'active' });
      const consents = (await call('clients.consent.list', { clientId: client.id })).items;
      expect(consents.find((c) => c.id === first.id)).toMatchObject({
        status: 'superseded',
        supersededByConsentId: second.id,
      });
      expect(
        await call('clients.consent.check', {
          clientId: client.id,
          organisationId: KELA,
          categories: ['health'],
          purpose: 'referral',
        }),
      ).toEqual({ allowed: true, consentId: second.id, consentVersion: 2 });
      expect(await refusal(consentFor(client.id, { supersedesConsentId: first.id }))).toMatchObject({
        code: 'CONSENT.NOT_ACTIVE',
      });
      expect(
        (await outbox('events.clients.consent.superseded', `payload->'data'->>'consentId' = $2`, [first.id]))
          .length,
      ).toBe(1);
    });

    it('expires consents past their end once, even with two replicas running the job at the same moment', async () => {
      const client = await newClient();
      const consents: ConsentView[] = [];
      for (let i = 0; i < 5; i++) {
        consents.push(await consentFor(client.id));
      }
      const ids = consents.map((c) => c.id);
      await dataSource.query(
        `UPDATE clients.consents SET valid_until = now() - interval '1 minute' WHERE id = ANY($1)`,
        [ids],
      );
      const request = {
        clientId: client.id,
        organisationId: KELA,
        categories: ['identity' as const],
        purpose: 'referral' as const,
      };
      // Refused from the moment validity ends, before the job has run.
      expect(await call('clients.consent.check', request)).toMatchObject({
        allowed: false,
        reason: 'NO_ACTIVE_CONSENT',
      });
      expect(
        await refusal(call('clients.consent.withdraw', { consentId: ids[0], method: 'verbal' })),
      ).toMatchObject({ code: 'CONSENT.NOT_ACTIVE' });

      await Promise.all([
        app.get(ScheduledJobs).runOnce(),
        replica.get(ScheduledJobs).runOnce(),
        app.get(ScheduledJobs).runOnce(),
      ]);
      const rows = await dataSource.query<{ status: string; expired_at: Date | null }[]>(
        'SELECT status, expired_at FROM clients.consents WHERE id = ANY($1)',
        [ids],
      );
      expect(rows.every((row) => row.status === 'expired' && row.expired_at !== null)).toBe(true);
      const events = await outbox('events.clients.consent.expired', `payload->'data'->>'clientId' = $2`, [
        client.id,
      ]);
      expect(events.map((event) => event.payload.data.consentId).sort()).toEqual([...ids].sort());
      expect(events[0].payload.actor).toMatchObject({ username: 'system' });
      expect(await auditFor(client.id, 'consent.expired')).toHaveLength(5);
    });

    it('tells the recorder once that a consent ends soon, even with two replicas running the job at the same moment', async () => {
      const client = await newClient();
      const soon = [await consentFor(client.id), await consentFor(client.id), await consentFor(client.id)];
      const later = await consentFor(client.id);
      const withdrawn = await consentFor(client.id);
      await call('clients.consent.withdraw', { consentId: withdrawn.id, method: 'verbal' });
      await dataSource.query(
        `UPDATE clients.consents SET valid_until = now() + interval '10 days' WHERE id = ANY($1)`,
        [[...soon.map((c) => c.id), withdrawn.id]],
      );
      // CONSENT_EXPIRY_NOTICE_DAYS is 30 by default.
      await dataSource.query(
        `UPDATE clients.consents SET valid_until = now() + interval '45 days' WHERE id = $1`,
        [later.id],
      );

      await Promise.all([
        app.get(ScheduledJobs).runOnce(),
        replica.get(ScheduledJobs).runOnce(),
        app.get(ScheduledJobs).runOnce(),
      ]);
      await Promise.all([app.get(ScheduledJobs).runOnce(), replica.get(ScheduledJobs).runOnce()]);

      const events = await outbox('events.clients.consent.expiring', `payload->'data'->>'clientId' = $2`, [
        client.id,
      ]);
      expect(events.map((event) => event.payload.data.consentId).sort()).toEqual(
        soon.map((c) => c.id).sort(),
      );
      const [row] = await dataSource.query<{ valid_until: Date }[]>(
        'SELECT valid_until FROM clients.consents WHERE id = $1',
        [soon[0].id],
      );
      expect(events.find((event) => event.payload.data.consentId === soon[0].id)?.payload.data).toEqual({
        consentId: soon[0].id,
        clientId: client.id,
        organisationId: MONI,
        validUntil: new Date(row.valid_until).toISOString(),
        recordedByUserId: advisor.userId,
      });
      expect(events[0].payload.actor).toMatchObject({ username: 'system' });
      // The consents themselves are untouched: still in force.
      const statuses = await dataSource.query<{ status: string }[]>(
        'SELECT status FROM clients.consents WHERE id = ANY($1)',
        [soon.map((c) => c.id)],
      );
      expect(statuses.every((s) => s.status === 'active')).toBe(true);
    });

    it('gives a disclosure snapshot limited to the consented categories and records the disclosure', async () => {
      const client = await newClient({
        personalIdentityCode: '131052-308T',
        phone: '+358 40 555 0101',
        needs: [
          { category: 'employment', description: 'Looking for work as a welder' },
          { category: 'health', description: 'Back pain' },
        ],
      });
      const consent = await consentFor(client.id);
      const referralId = randomUUID();
      const snapshot = await call('clients.disclosure.snapshot', {
        clientId: client.id,
        organisationId: KELA,
        categories: ['identity', 'needs'],
        purpose: 'referral',
        targetType: 'referral',
        targetId: referralId,
      });
      expect(snapshot).toEqual({
        consentId: consent.id,
        consentVersion: 1,
        data: {
          identity: {
            firstName: 'Test',
            lastName: client.lastName,
            dateOfBirth: '1952-10-13',
            personalIdentityCode: '131052-308T',
          },
          needs: { needs: [{ category: 'employment', description: 'Looking for work as a welder' }] },
        },
      });
      const [disclosure] = await auditFor(client.id, 'client.disclosed');
      expect(disclosure.payload.data).toMatchObject({
        consentId: consent.id,
        recipientOrganisationId: KELA,
        targetType: 'referral',
        targetId: referralId,
        detail: { categories: 'identity,needs', purpose: 'referral' },
      });
      const notCovered = await refusal(
        call('clients.disclosure.snapshot', {
          clientId: client.id,
          organisationId: KELA,
          categories: ['health'],
          purpose: 'referral',
          targetType: 'referral',
          targetId: referralId,
        }),
      );
      expect(notCovered).toMatchObject({
        code: 'CONSENT.NOT_COVERED',
        details: { reason: 'CATEGORIES_NOT_COVERED', missingCategories: ['health'] },
      });
    });

    it('gives a disclosure snapshot to advisors of the client’s organisation only', async () => {
      const client = await newClient();
      await consentFor(client.id);
      const request = {
        clientId: client.id,
        organisationId: KELA,
        categories: ['identity' as const],
        purpose: 'referral' as const,
        targetType: 'referral',
        targetId: randomUUID(),
      };
      for (const as of [actor('org_admin'), actor('partner_staff'), partnerStaff, null]) {
        expect((await refusal(call('clients.disclosure.snapshot', request, as))).code).toBe('AUTH.FORBIDDEN');
      }
      expect((await refusal(call('clients.disclosure.snapshot', request, otherAdvisor))).code).toBe(
        'RESOURCE.NOT_FOUND',
      );
    });

    it('holds the background category encrypted, updates it field by field, and discloses it only when consented', async () => {
      const background = {
        education: 'Vocational degree in welding (Iraq)',
        workHistory: 'Welder for eight years',
        residenceStatus: 'international_protection' as const,
        residenceStatusNote: 'Permit valid until 2027',
      };
      const client = await newClient({ background });
      expect(client.background).toEqual(background);
      const [row] = await dataSource.query<Record<string, unknown>[]>(
        'SELECT * FROM clients.clients WHERE id = $1',
        [client.id],
      );
      expect(row.background_enc).toMatch(/^k[0-9a-f]{8}\./);
      for (const text of ['welding', 'Welder', 'international_protection', '2027']) {
        expect(JSON.stringify(row)).not.toContain(text);
      }
      // A client without a background answers every key, null.
      expect((await newClient()).background).toEqual({
        education: null,
        workHistory: null,
        residenceStatus: null,
        residenceStatusNote: null,
      });

      // An update changes what it names and keeps the rest; null clears.
      const updated = await call('clients.client.update', {
        clientId: client.id,
        background: { workHistory: 'Welder for nine years', residenceStatusNote: null },
      });
      expect(updated.background).toEqual({
        ...background,
        workHistory: 'Welder for nine years',
        residenceStatusNote: null,
      });
      expect((await call('clients.client.get', { clientId: client.id })).background).toEqual(
        updated.background,
      );
      const bad = await refusal(
        call('clients.client.update', {
          clientId: client.id,
          background: { residenceStatus: 'tourist' },
        } as unknown as RequestOf<'clients.client.update'>),
      );
      expect(bad).toMatchObject({
        code: 'VALIDATION.FAILED',
        details: [expect.objectContaining({ field: 'background.residenceStatus' })],
      });
      const unknown = await refusal(
        call('clients.client.update', {
          clientId: client.id,
          background: { hobbies: 'chess' },
        } as unknown as RequestOf<'clients.client.update'>),
      );
      expect(unknown.details).toEqual([expect.objectContaining({ field: 'background.hobbies' })]);

      const snapshot = (categories: RequestOf<'clients.disclosure.snapshot'>['categories']) =>
        call('clients.disclosure.snapshot', {
          clientId: client.id,
          organisationId: KELA,
          categories,
          purpose: 'referral',
          targetType: 'referral',
          targetId: randomUUID(),
        });
      // Without background in the consent: refused, and nothing of it in a snapshot of other categories.
      await consentFor(client.id, { categories: ['identity', 'needs'] });
      expect(await refusal(snapshot(['identity', 'background']))).toMatchObject({
        code: 'CONSENT.NOT_COVERED',
        details: { missingCategories: ['background'] },
      });
      const without = await snapshot(['identity', 'needs']);
      expect(Object.keys(without.data).sort()).toEqual(['identity', 'needs']);
      expect(JSON.stringify(without)).not.toContain('Welder');

      // With background consented: the whole category, as recorded.
      const [active] = (await call('clients.consent.list', { clientId: client.id })).items;
      await consentFor(client.id, {
        categories: ['identity', 'background'],
        supersedesConsentId: active.id,
      });
      const withBackground = await snapshot(['background']);
      expect(withBackground.data).toEqual({ background: updated.background });
    });

    it('prints the receipt as PDF and HTML in the client language, with English for unknown languages', async () => {
      const client = await newClient({ preferredLanguage: 'ar' });
      const consent = await consentFor(client.id, { categories: ['identity', 'contact', 'health'] });
      const ar = await call('clients.consent.receipt', { consentId: consent.id, format: 'pdf' });
      expect(ar).toMatchObject({
        contentType: 'application/pdf',
        language: 'ar',
        filename: `consent-receipt-${consent.id}.pdf`,
      });
      expect(Buffer.from(ar.body, 'base64').subarray(0, 5).toString()).toBe('%PDF-');
      const fi = await call('clients.consent.receipt', { consentId: consent.id, format: 'pdf', lang: 'fi' });
      expect(fi.language).toBe('fi');

      const html = await call('clients.consent.receipt', { consentId: consent.id, format: 'html' });
      const page = Buffer.from(html.body, 'base64').toString('utf8');
      expect(page).toContain('<html lang="ar" dir="rtl">');
      expect(page).toContain('إيصال الموافقة');
      expect(page).toContain('Kela, Seinäjoki office');
      const somali = await call('clients.consent.receipt', {
        consentId: consent.id,
        format: 'html',
        lang: 'so',
      });
      expect(somali.language).toBe('en');
      expect(Buffer.from(somali.body, 'base64').toString('utf8')).toContain('Consent receipt');
      const finnish = Buffer.from(
        (await call('clients.consent.receipt', { consentId: consent.id, format: 'html', lang: 'fi' })).body,
        'base64',
      ).toString();
      expect(finnish).toContain('Kela, Seinäjoen toimisto');
      expect(finnish).toContain('Terveystiedot ovat erityisiä henkilötietoja');
      expect(await auditFor(client.id, 'consent.receipt_printed')).toHaveLength(5);
      expect(
        await refusal(
          call('clients.consent.receipt', { consentId: consent.id, format: 'pdf' }, otherAdvisor),
        ),
      ).toMatchObject({ code: 'RESOURCE.NOT_FOUND' });
    });

    it('lists consents that end soon for the advisor', async () => {
      const client = await newClient();
      const soon = await consentFor(client.id, {
        validUntil: new Date(Date.now() + 5 * 86_400_000).toISOString(),
      });
      await consentFor(client.id);
      const { items } = await call('clients.consent.expiring', { withinDays: 10 });
      expect(items.filter((item) => item.clientId === client.id)).toEqual([
        expect.objectContaining({ consentId: soon.id, lastName: client.lastName }),
      ]);
    });

    it('names each client of the expiring list once, with one audit entry per client', async () => {
      const [first, second] = [await newClient(), await newClient()];
      const soon = (days: number) => ({ validUntil: new Date(Date.now() + days * 86_400_000).toISOString() });
      const a = await consentFor(first.id, soon(3));
      const b = await consentFor(first.id, soon(4));
      const c = await consentFor(second.id, soon(5));
      const { items } = await call('clients.consent.expiring', { withinDays: 10 });
      const ours = items.filter((item) => item.clientId === first.id || item.clientId === second.id);
      expect(ours).toEqual([
        expect.objectContaining({ consentId: a.id, clientId: first.id, lastName: first.lastName }),
        expect.objectContaining({ consentId: b.id, clientId: first.id, lastName: first.lastName }),
        expect.objectContaining({ consentId: c.id, clientId: second.id, lastName: second.lastName }),
      ]);
      expect(await auditFor(first.id, 'consent.expiring_listed')).toHaveLength(1);
      expect(await auditFor(second.id, 'consent.expiring_listed')).toHaveLength(1);
    });
  });

  describe('rights', () => {
    it('exports everything held on a client', async () => {
      const client = await newClient({
        personalIdentityCode: '010594-9021',
        email: 'amina@example.org',
        background: { education: 'Nurse (Syria)', residenceStatus: 'temporary_residence_permit' },
      });
      const consent = await consentFor(client.id);
      const exported = await call('clients.client.export', { clientId: client.id });
      expect(exported).toMatchObject({
        client: {
          id: client.id,
          personalIdentityCode: '010594-9021',
          email: 'amina@example.org',
          background: {
            education: 'Nurse (Syria)',
            workHistory: null,
            residenceStatus: 'temporary_residence_permit',
            residenceStatusNote: null,
          },
        },
        consents: [expect.objectContaining({ id: consent.id })],
      });
      expect(await auditFor(client.id, 'client.exported')).toHaveLength(1);
    });

    it('erases a client: personal fields gone, ids and statistics kept, consents withdrawn, client.erased emitted', async () => {
      const client: ClientView = await newClient({
        personalIdentityCode: '010516C903X',
        gender: 'female',
        municipality: 'Seinäjoki',
        phone: '+358 40 000 0000',
        needs: [{ category: 'housing', description: 'Secret text' }],
        background: { workHistory: 'Cook', residenceStatus: 'asylum_seeker' },
      });
      const consent = await consentFor(client.id);
      const erased = await call('clients.client.erase', { clientId: client.id });
      expect(erased).toMatchObject({
        id: client.id,
        erased: true,
        firstName: null,
        lastName: null,
        dateOfBirth: null,
        personalIdentityCode: null,
        personalIdentityCodeMasked: null,
        phone: null,
        birthYear: 2016,
        gender: 'female',
        municipality: 'Seinäjoki',
        languages: ['ar'],
        needs: [{ category: 'housing', description: null }],
        background: { education: null, workHistory: null, residenceStatus: null, residenceStatusNote: null },
      });
      const [row] = await dataSource.query<Record<string, unknown>[]>(
        'SELECT * FROM clients.clients WHERE id = $1',
        [client.id],
      );
      expect(row.personal_identity_code_hash).toBeNull();
      expect(row.background_enc).toBeNull();
      expect(JSON.stringify(row)).not.toContain('Test');
      expect(
        await call('clients.consent.check', {
          clientId: client.id,
          organisationId: KELA,
          categories: ['identity'],
          purpose: 'referral',
        }),
      ).toEqual({
        allowed: false,
        reason: 'CLIENT_NOT_FOUND',
      });
      expect(
        (await outbox('events.clients.client.erased', `payload->'data'->>'clientId' = $2`, [client.id]))
          .length,
      ).toBe(1);
      const withdrawn = await outbox(
        'events.clients.consent.withdrawn',
        `payload->'data'->>'consentId' = $2`,
        [consent.id],
      );
      expect(withdrawn.map((event) => event.payload.data.reason)).toEqual(['client_erased']);
      expect(await refusal(call('clients.client.erase', { clientId: client.id }))).toMatchObject({
        code: 'CLIENT.ERASED',
      });
      expect(
        await refusal(call('clients.client.update', { clientId: client.id, phone: '+358401234567' })),
      ).toMatchObject({ code: 'CLIENT.ERASED' });
      expect(await refusal(consentFor(client.id))).toMatchObject({ code: 'CLIENT.ERASED' });
      expect(await call('clients.client.summary', { clientId: client.id })).toEqual({
        id: client.id,
        organisationId: MONI,
        preferredLanguage: 'ar',
        erased: true,
      });
      // The same identity code can be registered again: the erased record no longer matches.
      await expect(newClient({ personalIdentityCode: '010516C903X' })).resolves.toMatchObject({
        erased: false,
      });
    });

    it('erases clients inactive past the retention period automatically, not those with a consent in force', async () => {
      const idle = await newClient();
      const kept = await newClient();
      await consentFor(kept.id);
      await dataSource.query(
        `UPDATE clients.clients SET last_activity_at = now() - interval '31 days' WHERE id = ANY($1)`,
        [[idle.id, kept.id]],
      );
      await Promise.all([app.get(ScheduledJobs).runOnce(), replica.get(ScheduledJobs).runOnce()]);
      expect((await call('clients.client.get', { clientId: idle.id })).erased).toBe(true);
      expect((await call('clients.client.get', { clientId: kept.id })).erased).toBe(false);
      const erasures = await auditFor(idle.id, 'client.erased');
      expect(erasures.map((event) => event.payload.data.detail)).toEqual([{ reason: 'retention' }]);
    });
  });

  describe('guidance contacts, group events and ESF data (issue 15)', () => {
    const today = helsinkiDate();
    const daysAgo = (days: number) => helsinkiDate(new Date(Date.now() - days * 86_400_000));
    const contact = (overrides: Partial<RequestOf<'clients.contact.record'>> = {}) => ({
      date: today,
      channel: 'walk_in' as const,
      topics: ['employment' as const, 'housing' as const],
      language: 'ar',
      interpreter: true,
      duration: '15_30' as const,
      ...overrides,
    });
    const fieldsOf = (error: AppError) => (error.details as Array<{ field: string }>).map((d) => d.field);

    it('keeps ESF data on the client (default not_asked), updates it key by key and emits banded participant records only', async () => {
      const client = await newClient({
        dateOfBirth: '1990-05-01',
        gender: 'female',
        municipality: 'Seinäjoki',
        esf: { labourMarketStatusAtEntry: 'long_term_unemployed' },
      });
      expect(client.esf).toEqual({
        labourMarketStatusAtEntry: 'long_term_unemployed',
        educationAtEntry: 'not_asked',
        resultAtExit: null,
      });
      const updated = await call('clients.client.update', {
        clientId: client.id,
        esf: { educationAtEntry: 'isced_3_4', resultAtExit: 'in_employment' },
      });
      expect(updated.esf).toEqual({
        labourMarketStatusAtEntry: 'long_term_unemployed',
        educationAtEntry: 'isced_3_4',
        resultAtExit: 'in_employment',
      });
      expect((await call('clients.client.get', { clientId: client.id })).esf).toEqual(updated.esf);
      // A change of a field the statistics do not hold emits no participant record.
      await call('clients.client.update', { clientId: client.id, phone: '+358 40 111 2222' });
      const records = await outbox(
        'events.clients.participant.recorded',
        `payload->'data'->>'clientId' = $2`,
        [client.id],
      );
      expect(records.map((r) => r.payload.data)).toEqual([
        expect.objectContaining({ ageBand: '30_39', gender: 'female', municipality: '743', esf: client.esf }),
        expect.objectContaining({ esf: updated.esf }),
      ]);
      const keys = Object.keys(records[0].payload.data).sort();
      expect(keys).toEqual([
        'ageBand',
        'clientId',
        'entryDate',
        'esf',
        'gender',
        'municipality',
        'organisationId',
        'recordedAt',
      ]);
      // Never part of a disclosure: no consented category carries it.
      await consentFor(client.id, { categories: ['identity', 'contact', 'language', 'background', 'needs'] });
      const snapshot = await call('clients.disclosure.snapshot', {
        clientId: client.id,
        organisationId: KELA,
        categories: ['identity', 'contact', 'language', 'background', 'needs'],
        purpose: 'referral',
        targetType: 'referral',
        targetId: randomUUID(),
      });
      expect(JSON.stringify(snapshot)).not.toContain('long_term_unemployed');
      const bad = await refusal(newClient({ esf: { labourMarketStatusAtEntry: 'retired' as never } }));
      expect(bad.code).toBe('VALIDATION.FAILED');
      expect(fieldsOf(bad)).toEqual(['esf.labourMarketStatusAtEntry']);
    });

    it('records a registered and an anonymous contact with their events and audit entries, and lists them newest first', async () => {
      const client = await newClient();
      const registered = await call(
        'clients.contact.record',
        contact({ clientId: client.id, date: daysAgo(1) }),
      );
      expect(registered).toMatchObject({
        kind: 'registered',
        clientId: client.id,
        anonymous: null,
        organisationId: MONI,
      });
      const anonymous = await call(
        'clients.contact.record',
        contact({
          channel: 'phone',
          anonymous: { ageBand: '25_29', gender: 'not_given', municipality: '743' },
        }),
      );
      expect(anonymous).toMatchObject({
        kind: 'anonymous',
        clientId: null,
        anonymous: { ageBand: '25_29', gender: 'not_given', municipality: '743' },
      });
      const [event] = await outbox('events.clients.contact.recorded', `payload->'data'->>'contactId' = $2`, [
        anonymous.id,
      ]);
      expect(event.payload.data).toEqual({
        contactId: anonymous.id,
        organisationId: MONI,
        date: today,
        channel: 'phone',
        topics: ['employment', 'housing'],
        language: 'ar',
        interpreter: true,
        duration: '15_30',
        kind: 'anonymous',
        clientId: null,
        anonymous: { ageBand: '25_29', gender: 'not_given', municipality: '743' },
      });
      expect(await auditFor(client.id, 'contact.recorded')).toHaveLength(1);

      const clientPage = await call('clients.contact.list', { clientId: client.id });
      expect(clientPage.items.map((c) => c.id)).toEqual([registered.id]);
      expect(await auditFor(client.id, 'contact.listed')).toHaveLength(1);
      const first = await call('clients.contact.list', { limit: 1 });
      expect(first.items.map((c) => c.id)).toEqual([anonymous.id]);
      const second = await call('clients.contact.list', { limit: 1, cursor: first.nextCursor! });
      expect(second.items[0].date <= today).toBe(true);
      expect(second.items[0].id).not.toBe(anonymous.id);
      // Another organisation sees none of them, and cannot use the cursor.
      expect((await call('clients.contact.list', {}, otherAdvisor)).items).toEqual([]);
      expect(
        fieldsOf(await refusal(call('clients.contact.list', { cursor: first.nextCursor! }, otherAdvisor))),
      ).toEqual(['cursor']);
    });

    it('refuses a contact naming both or neither subject, a bad date or code, and other organisations’ clients', async () => {
      const client = await newClient();
      const both = await refusal(
        call(
          'clients.contact.record',
          contact({
            clientId: client.id,
            anonymous: { ageBand: 'unknown', gender: 'male', municipality: 'unknown' },
          }),
        ),
      );
      expect([both.code, fieldsOf(both)]).toEqual(['VALIDATION.FAILED', ['clientId']]);
      expect(fieldsOf(await refusal(call('clients.contact.record', contact())))).toEqual(['clientId']);
      const tomorrow = helsinkiDate(new Date(Date.now() + 2 * 86_400_000));
      for (const [overrides, field] of [
        [{ date: tomorrow }, 'date'],
        [{ date: daysAgo(400) }, 'date'],
        [{ date: '2026-02-30' }, 'date'],
        [{ channel: 'fax' }, 'channel'],
        [{ topics: [] }, 'topics'],
        [{ duration: 'long' }, 'duration'],
        [{ language: 'Arabic' }, 'language'],
      ] as const) {
        const error = await refusal(
          call('clients.contact.record', contact({ clientId: client.id, ...(overrides as object) })),
        );
        expect([error.code, fieldsOf(error)]).toEqual(['VALIDATION.FAILED', [field]]);
      }
      const badPlace = await refusal(
        call(
          'clients.contact.record',
          contact({ anonymous: { ageBand: '18_24', gender: 'female', municipality: 'Seinäjoki' } }),
        ),
      );
      expect(fieldsOf(badPlace)).toEqual(['anonymous.municipality']);
      const foreign = await refusal(
        call('clients.contact.record', contact({ clientId: client.id }), otherAdvisor),
      );
      expect(foreign.code).toBe('RESOURCE.NOT_FOUND');
      const refused = await outbox(
        'events.audit.entry.recorded',
        `payload->'data'->>'clientId' = $2 AND payload->'data'->>'outcome' = 'refused'`,
        [client.id],
      );
      expect(refused.map((r) => r.payload.data.action)).toContain('contact.recorded');
      expect((await refusal(call('clients.contact.list', { clientId: client.id }, otherAdvisor))).code).toBe(
        'RESOURCE.NOT_FOUND',
      );
      for (const who of [partnerStaff, platformAdmin, actor('org_admin')]) {
        expect(
          (await refusal(call('clients.contact.record', contact({ clientId: client.id }), who))).code,
        ).toBe('AUTH.FORBIDDEN');
        expect((await refusal(call('clients.group_event.list', {}, who))).code).toBe('AUTH.FORBIDDEN');
      }
      expect(
        await outbox('events.clients.contact.recorded', `payload->'data'->>'clientId' = $2`, [client.id]),
      ).toEqual([]);
    });

    it('records group events without their title in the event, and refuses a bad attendance', async () => {
      const event = await call('clients.group_event.record', {
        date: today,
        topics: ['employment'],
        attendance: 14,
        language: 'fi',
        title: 'Job-search workshop',
      });
      expect(event).toMatchObject({ attendance: 14, title: 'Job-search workshop', organisationId: MONI });
      const [emitted] = await outbox(
        'events.clients.group_event.recorded',
        `payload->'data'->>'groupEventId' = $2`,
        [event.id],
      );
      expect(emitted.payload.data).toEqual({
        groupEventId: event.id,
        organisationId: MONI,
        date: today,
        topics: ['employment'],
        attendance: 14,
        language: 'fi',
      });
      expect(
        (await call('clients.group_event.list', { from: today, to: today })).items.map((e) => e.id),
      ).toContain(event.id);
      expect((await call('clients.group_event.list', {}, otherAdvisor)).items).toEqual([]);
      for (const attendance of [0, 10_001, 2.5]) {
        const error = await refusal(
          call('clients.group_event.record', { date: today, topics: ['health'], attendance }),
        );
        expect(fieldsOf(error)).toEqual(['attendance']);
      }
    });

    it('answers the statistics snapshot to the system only, in pages, without names or texts', async () => {
      expect((await refusal(call('clients.statistics.snapshot', { part: 'contacts' }))).code).toBe(
        'AUTH.FORBIDDEN',
      );
      const system = SYSTEM_ACTOR;
      const participants = await call(
        'clients.statistics.snapshot',
        { part: 'participants', limit: 2 },
        system,
      );
      expect(participants.participants).toHaveLength(2);
      expect(participants.next).toBe(participants.participants[1].clientId);
      const rest = await call(
        'clients.statistics.snapshot',
        { part: 'participants', after: participants.next!, limit: 5000 },
        system,
      );
      expect(rest.next).toBeNull();
      const contacts = await call('clients.statistics.snapshot', { part: 'contacts' }, system);
      expect(contacts.contacts.length).toBeGreaterThan(0);
      expect(JSON.stringify([participants, rest, contacts])).not.toMatch(/Person|Test|Job-search/);
    });
  });

  it('answers the client summary only to the client organisation', async () => {
    const client = await newClient();
    expect(
      await refusal(call('clients.client.summary', { clientId: client.id }, partnerStaff)),
    ).toMatchObject({ code: 'RESOURCE.NOT_FOUND' });
    expect(
      await refusal(call('clients.client.summary', { clientId: client.id }, otherAdvisor)),
    ).toMatchObject({ code: 'RESOURCE.NOT_FOUND' });
    expect(await call('clients.client.summary', { clientId: client.id })).toEqual({
      id: client.id,
      organisationId: MONI,
      preferredLanguage: 'ar',
      erased: false,
    });
  });
});
