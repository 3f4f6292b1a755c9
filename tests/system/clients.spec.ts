// Clients and consent through the gateway with real tokens: the "done when" of issue 4.
import { randomUUID } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { getDataSourceToken } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { helsinkiDate, type Actor, type ConsentCheckRequest } from '#contracts';
import { ServiceClient } from '#messaging';
import { eventually } from '#testing';
import {
  DEMO_ORG_EMPLOYMENT,
  DEMO_ORG_KELA,
  DEMO_ORG_MONI,
  DEMO_ORG_RED_CROSS,
} from '../../apps/partners/src/demo/demo-organisations.js';
import { json, loginAs, startSystem, type ApiCaller, type RunningSystem } from '../support/system.js';

describe('Clients and consent (through the gateway)', () => {
  let system: RunningSystem;
  let advisor: ApiCaller;
  let advisor2: ApiCaller;
  let kela: ApiCaller;
  let admin: ApiCaller;
  let rpc: ServiceClient;
  let advisorActor: Actor;

  const consentBody = {
    recipientOrganisationIds: [DEMO_ORG_KELA, DEMO_ORG_EMPLOYMENT],
    categories: ['identity', 'contact', 'needs'],
    purposes: ['referral'],
    method: 'signed_form',
    givenBy: 'client',
    noticeVersion: '2026-1',
    noticeLanguage: 'ar',
    interpreterUsed: true,
  };

  /** What the referrals service asks before any disclosure (a NATS request, not an HTTP route). */
  const check = (
    request: Omit<ConsentCheckRequest, 'purpose'> & { purpose?: ConsentCheckRequest['purpose'] },
  ) =>
    rpc.request(
      'clients.consent.check',
      { purpose: 'referral', ...request },
      { actor: advisorActor, correlationId: `corr-${randomUUID()}` },
    );

  beforeAll(async () => {
    system = await startSystem();
    [advisor, advisor2, kela, admin] = await Promise.all(
      ['advisor', 'advisor2', 'kela', 'admin'].map((user) => loginAs(system, user)),
    );
    const me = await json(await advisor.get('/api/v1/me'));
    advisorActor = {
      userId: me.userId,
      username: 'advisor',
      organisationId: DEMO_ORG_MONI,
      role: 'advisor',
      realmRoles: ['advisor'],
    };
    rpc = new ServiceClient({
      natsUrl: system.env.NATS_URL,
      clientName: 'clients-system-test',
      timeoutMs: 10_000,
      subjectPrefix: system.env.NATS_SUBJECT_PREFIX,
    });
    await rpc.connect();
  });

  afterAll(async () => {
    await rpc?.close();
    await system?.stop();
  });

  async function register(body: Record<string, unknown>, as = advisor) {
    const res = await as.post('/api/v1/clients', body);
    return { status: res.status, body: await json(res) };
  }

  it('registers a client, records a consent for two organisations and three categories, prints receipts, checks, withdraws, exports and erases', async () => {
    const created = await register({
      firstName: 'Amina',
      lastName: 'Hassan',
      personalIdentityCode: '010594Y9021',
      languages: ['ar', 'fi'],
      preferredLanguage: 'ar',
      interpreterNeeded: true,
      phone: '+358 40 123 4567',
      municipality: 'Seinäjoki',
      gender: 'female',
      needs: [{ category: 'housing', description: 'Looking for a flat' }],
    });
    expect(created.status).toBe(201);
    const client = created.body;
    expect(client).toMatchObject({
      personalIdentityCode: '010594Y9021',
      personalIdentityCodeMasked: '010594Y****',
      dateOfBirth: '1994-05-01',
    });

    // Lists mask the code; the client's own page shows it; another advisor of the organisation sees the client too.
    const list = await json(await advisor.get('/api/v1/clients?q=Hassan'));
    expect(list.items).toEqual([
      expect.objectContaining({ id: client.id, personalIdentityCodeMasked: '010594Y****' }),
    ]);
    expect(JSON.stringify(list)).not.toContain('010594Y9021');
    expect(
      (await json(await advisor.get('/api/v1/clients?q=010594Y9021'))).items.map((c: { id: string }) => c.id),
    ).toEqual([client.id]);
    expect((await json(await advisor2.get(`/api/v1/clients/${client.id}`))).personalIdentityCode).toBe(
      '010594Y9021',
    );

    // Consent: two organisations, three categories.
    const consentRes = await advisor.post(`/api/v1/clients/${client.id}/consents`, consentBody);
    expect(consentRes.status).toBe(201);
    const consent = await json(consentRes);
    expect(consent).toMatchObject({
      status: 'active',
      version: 1,
      recipientOrganisationIds: consentBody.recipientOrganisationIds,
    });

    // Receipts: PDF in Finnish and Arabic, HTML right to left.
    for (const lang of ['fi', 'ar']) {
      const res = await advisor.get(`/api/v1/consents/${consent.id}/receipt?format=pdf&lang=${lang}`);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('application/pdf');
      expect(res.headers.get('content-language')).toBe(lang);
      const pdf = Buffer.from(await res.arrayBuffer());
      expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
      if (process.env.RECEIPT_DIR) {
        mkdirSync(process.env.RECEIPT_DIR, { recursive: true });
        writeFileSync(path.join(process.env.RECEIPT_DIR, `receipt-${lang}.pdf`), pdf);
      }
    }
    const html = await advisor.get(`/api/v1/consents/${consent.id}/receipt?format=html`);
    expect(html.headers.get('content-type')).toMatch(/^text\/html/);
    const page = await html.text();
    expect(page).toContain('dir="rtl"');
    expect(page).toContain('Kela, Seinäjoki office');

    // The consent check: yes for those, no for anything else.
    for (const organisationId of [DEMO_ORG_KELA, DEMO_ORG_EMPLOYMENT]) {
      expect(
        await check({ clientId: client.id, organisationId, categories: ['identity', 'contact', 'needs'] }),
      ).toEqual({
        allowed: true,
        consentId: consent.id,
        consentVersion: 1,
      });
    }
    expect(
      await check({ clientId: client.id, organisationId: DEMO_ORG_RED_CROSS, categories: ['identity'] }),
    ).toMatchObject({
      allowed: false,
      reason: 'ORGANISATION_NOT_COVERED',
      missingOrganisationId: DEMO_ORG_RED_CROSS,
    });
    expect(
      await check({ clientId: client.id, organisationId: DEMO_ORG_KELA, categories: ['identity', 'health'] }),
    ).toMatchObject({
      allowed: false,
      missingCategories: ['health'],
    });
    expect(
      await check({
        clientId: client.id,
        organisationId: DEMO_ORG_KELA,
        categories: ['contact'],
        purpose: 'statistics',
      }),
    ).toMatchObject({
      allowed: false,
      reason: 'PURPOSE_NOT_COVERED',
    });

    // Withdrawal flips it at once; a second withdrawal is a conflict.
    const withdrawn = await advisor.post(`/api/v1/consents/${consent.id}/withdraw`, {
      method: 'verbal',
      note: 'Asked by phone',
    });
    expect(withdrawn.status).toBe(200);
    expect(await json(withdrawn)).toMatchObject({ status: 'withdrawn' });
    expect(
      await check({ clientId: client.id, organisationId: DEMO_ORG_KELA, categories: ['identity'] }),
    ).toMatchObject({ allowed: false });
    const again = await advisor.post(`/api/v1/consents/${consent.id}/withdraw`, { method: 'verbal' });
    expect(again.status).toBe(409);
    expect(await json(again)).toMatchObject({
      code: 'CONSENT.ALREADY_WITHDRAWN',
      correlationId: expect.any(String),
    });

    // Export and erasure.
    const exported = await json(await advisor.get(`/api/v1/clients/${client.id}/export`));
    expect(exported).toMatchObject({
      client: { id: client.id, phone: '+358 40 123 4567' },
      consents: [expect.objectContaining({ id: consent.id, status: 'withdrawn' })],
    });
    const erased = await advisor.post(`/api/v1/clients/${client.id}/erase`);
    expect(erased.status).toBe(200);
    expect(await json(erased)).toMatchObject({
      id: client.id,
      erased: true,
      firstName: null,
      personalIdentityCode: null,
      gender: 'female',
      birthYear: 1994,
    });
    expect((await advisor.post(`/api/v1/clients/${client.id}/erase`)).status).toBe(409);
    expect((await json(await advisor.get('/api/v1/clients?q=Hassan'))).items).toEqual([]);
  });

  it('exports everything held on the client: consents, guidance contacts, the referrals with history and messages, the disclosure log', async () => {
    const created = await register({
      firstName: 'Export',
      lastName: `Everything${randomUUID().slice(0, 6)}`,
    });
    expect(created.status).toBe(201);
    const clientId = created.body.id as string;
    const consent = await json(
      await advisor.post(`/api/v1/clients/${clientId}/consents`, {
        ...consentBody,
        recipientOrganisationIds: [DEMO_ORG_KELA],
        categories: ['identity'],
        decision: 'given',
      }),
    );
    const contact = await advisor.post('/api/v1/contacts', {
      clientId,
      date: helsinkiDate(),
      channel: 'phone',
      topics: ['employment'],
      language: 'fi',
      interpreter: false,
      duration: 'under_15',
    });
    expect(contact.status).toBe(201);
    const sent = await advisor.post('/api/v1/referrals', {
      clientId,
      receivingOrganisationId: DEMO_ORG_KELA,
      need: 'benefits',
      reason: 'Housing allowance application',
      urgency: 'routine',
      categories: ['identity'],
      send: true,
    });
    expect(sent.status).toBe(201);
    const referral = await json(sent);
    // Kela opens it (a disclosure) and writes to the sender.
    expect((await kela.get(`/api/v1/referrals/${referral.id}`)).status).toBe(200);
    expect(
      (await kela.post(`/api/v1/referrals/${referral.id}/messages`, { body: 'Which month?' })).status,
    ).toBe(201);

    const res = await advisor.get(`/api/v1/clients/${clientId}/export`);
    expect(res.status).toBe(200);
    const exported = await json(res);
    expect(exported.client).toMatchObject({ id: clientId, firstName: 'Export' });
    expect(exported.consents).toEqual([expect.objectContaining({ id: consent.id })]);
    expect(exported.contacts).toEqual([expect.objectContaining({ clientId, channel: 'phone' })]);
    expect(exported.referrals).toHaveLength(1);
    expect(exported.referrals[0]).toMatchObject({
      id: referral.id,
      reason: 'Housing allowance application',
      status: 'received',
      messages: [expect.objectContaining({ body: 'Which month?' })],
    });
    expect(exported.referrals[0].history.map((entry: { to: string }) => entry.to)).toEqual([
      'requested',
      'received',
    ]);
    // The disclosure log is the audit service's, written from the services' outboxes: Kela's read
    // reaches it a moment after the read.
    await eventually(
      async () => {
        const { disclosures } = await json(await advisor.get(`/api/v1/clients/${clientId}/export`));
        expect(disclosures.map((entry: { action: string }) => entry.action)).toEqual(
          expect.arrayContaining(['referral.sent', 'referral.shared_data.read']),
        );
        // Named as the disclosures route names them.
        expect(disclosures[0].recipientOrganisation.names).toMatchObject({ sv: 'FPA, Seinäjoki byrå' });
        expect(
          disclosures.every(
            (entry: { recipientOrganisation: { id: string } }) =>
              entry.recipientOrganisation.id === DEMO_ORG_KELA,
          ),
        ).toBe(true);
      },
      { intervalMs: 250 },
    );

    // The organisation's client: a colleague exports the same; a partner may not export at all (another
    // organisation's advisor gets 404: consents.spec.ts).
    const byColleague = await json(await advisor2.get(`/api/v1/clients/${clientId}/export`));
    expect(byColleague.referrals.map((entry: { id: string }) => entry.id)).toEqual([referral.id]);
    expect((await kela.get(`/api/v1/clients/${clientId}/export`)).status).toBe(403);
  });

  it('refuses a consent check after expiry', async () => {
    const client = (await register({ firstName: 'Pavel', lastName: `Petrov${randomUUID().slice(0, 6)}` }))
      .body;
    const consent = await json(await advisor.post(`/api/v1/clients/${client.id}/consents`, consentBody));
    expect(
      await check({ clientId: client.id, organisationId: DEMO_ORG_KELA, categories: ['identity'] }),
    ).toMatchObject({ allowed: true });
    const clients = system.services.get('clients')!.get<DataSource>(getDataSourceToken());
    await clients.query(
      `UPDATE clients.consents SET valid_until = now() - interval '1 second' WHERE id = $1`,
      [consent.id],
    );
    expect(
      await check({ clientId: client.id, organisationId: DEMO_ORG_KELA, categories: ['identity'] }),
    ).toMatchObject({ allowed: false });
    const res = await advisor.post(`/api/v1/consents/${consent.id}/withdraw`, { method: 'verbal' });
    expect(res.status).toBe(409);
    expect(await json(res)).toMatchObject({ code: 'CONSENT.NOT_ACTIVE' });
  });

  it('refuses bad identity codes with 400 naming the field', async () => {
    for (const code of ['010594Y9022', '310294Y9021', '010594Z9021', '010594Y902']) {
      const { status, body } = await register({ firstName: 'X', lastName: 'Y', personalIdentityCode: code });
      expect(status).toBe(400);
      expect(body).toMatchObject({
        code: 'VALIDATION.FAILED',
        details: [expect.objectContaining({ field: 'personalIdentityCode' })],
      });
    }
  });

  it('refuses unknown fields with 400 naming them', async () => {
    const { status, body } = await register({ firstName: 'X', lastName: 'Y', shoeSize: 42 });
    expect(status).toBe(400);
    expect(body.details).toEqual([expect.objectContaining({ field: 'shoeSize' })]);
    const client = (await register({ firstName: 'Unknown', lastName: `Fields${randomUUID().slice(0, 6)}` }))
      .body;
    const consent = await advisor.post(`/api/v1/clients/${client.id}/consents`, {
      ...consentBody,
      forever: true,
    });
    expect(consent.status).toBe(400);
  });

  it('warns of a likely duplicate with 409 and the masked match, unless confirmed', async () => {
    const lastName = `Korhonen${randomUUID().slice(0, 6)}`;
    const first = (await register({ firstName: 'Liisa', lastName, personalIdentityCode: '010516B903X' }))
      .body;
    const duplicate = await register({ firstName: 'Liisa', lastName, dateOfBirth: '2016-05-01' });
    expect(duplicate.status).toBe(409);
    expect(duplicate.body).toMatchObject({
      code: 'CLIENT.POSSIBLE_DUPLICATE',
      details: {
        id: first.id,
        matchedOn: 'name_and_date_of_birth',
        personalIdentityCodeMasked: '010516B****',
      },
    });
    expect(JSON.stringify(duplicate.body)).not.toContain('010516B903X');
    expect(
      (await register({ firstName: 'Liisa', lastName, dateOfBirth: '2016-05-01', confirmDuplicate: true }))
        .status,
    ).toBe(201);
  });

  it('refuses a consent naming an unknown organisation or category with 400 naming the field', async () => {
    const client = (await register({ firstName: 'Omar', lastName: `Ali${randomUUID().slice(0, 6)}` })).body;
    const unknownOrg = await advisor.post(`/api/v1/clients/${client.id}/consents`, {
      ...consentBody,
      recipientOrganisationIds: [DEMO_ORG_KELA, randomUUID()],
    });
    expect(unknownOrg.status).toBe(400);
    expect((await json(unknownOrg)).details).toEqual([
      expect.objectContaining({ field: 'recipientOrganisationIds[1]' }),
    ]);
    const unknownCategory = await advisor.post(`/api/v1/clients/${client.id}/consents`, {
      ...consentBody,
      categories: ['identity', 'dreams'],
    });
    expect(unknownCategory.status).toBe(400);
    expect((await json(unknownCategory)).details).toEqual([expect.objectContaining({ field: 'categories' })]);
  });

  it('refuses partner staff and platform admins (403) and hides clients from another organisation (404)', async () => {
    const client = (await register({ firstName: 'Hidden', lastName: `Client${randomUUID().slice(0, 6)}` }))
      .body;
    for (const caller of [kela, admin]) {
      expect((await caller.get('/api/v1/clients')).status).toBe(403);
      expect((await caller.get(`/api/v1/clients/${client.id}`)).status).toBe(403);
      expect((await caller.post('/api/v1/clients', { firstName: 'A', lastName: 'B' })).status).toBe(403);
    }

    // The Kela user becomes an advisor of Kela: MONI's client still does not exist for them.
    const members = await json(await admin.get(`/api/v1/organisations/${DEMO_ORG_KELA}/members`));
    const kelaMe = await json(await kela.get('/api/v1/me'));
    const membership = members.items.find((member: { userId: string }) => member.userId === kelaMe.userId);
    const promoted = await admin.patch(`/api/v1/organisations/${DEMO_ORG_KELA}/members/${membership.id}`, {
      role: 'advisor',
    });
    expect(promoted.status).toBe(200);
    const notFound = await kela.get(`/api/v1/clients/${client.id}`);
    expect(notFound.status).toBe(404);
    expect(await json(notFound)).toMatchObject({ code: 'RESOURCE.NOT_FOUND' });
    expect((await kela.get(`/api/v1/clients/${client.id}/consents`)).status).toBe(404);
    expect((await kela.post(`/api/v1/clients/${client.id}/erase`)).status).toBe(404);
    expect((await json(await kela.get('/api/v1/clients'))).items).toEqual([]);
  });

  it('names listed clients in one read (?ids=), auditing each, leaving out other organisations’ clients', async () => {
    // Runs after the test above made kela an advisor of Kela, with clients of its own.
    const suffix = randomUUID().slice(0, 6);
    const a = (await register({ firstName: 'Idsa', lastName: `Listed${suffix}` })).body;
    const b = (await register({ firstName: 'Idsb', lastName: `Listed${suffix}` })).body;
    const foreign = (await register({ firstName: 'Idsk', lastName: `Kela${suffix}` }, kela)).body;
    expect(foreign.id).toEqual(expect.any(String));
    const correlationId = `ids-${randomUUID()}`;
    const res = await advisor.get(`/api/v1/clients?ids=${a.id},${b.id},${foreign.id}`, {
      'X-Correlation-Id': correlationId,
    });
    expect(res.status).toBe(200);
    const page = await json(res);
    expect(page.items.map((item: { id: string }) => item.id).sort()).toEqual([a.id, b.id].sort());
    expect((await json(await kela.get(`/api/v1/clients?ids=${a.id}`))).items).toEqual([]);

    const audited = await system.services
      .get('clients')!
      .get<DataSource>(getDataSourceToken())
      .query<{ target: string; search: string }[]>(
        `SELECT payload->'data'->>'targetId' AS target, payload->'data'->'detail'->>'search' AS search
           FROM clients.outbox
          WHERE type = 'events.audit.entry.recorded' AND payload->>'correlationId' = $1
            AND payload->'data'->>'action' = 'client.listed'`,
        [correlationId],
      );
    expect(audited.map((row) => row.target).sort()).toEqual([a.id, b.id].sort());
    expect(audited.every((row) => row.search === 'ids')).toBe(true);

    const tooMany = Array.from({ length: 101 }, () => randomUUID()).join(',');
    for (const query of [`ids=${a.id}&q=Listed`, 'ids=not-a-uuid', `ids=${tooMany}`, `ids=${a.id},${a.id}`]) {
      const bad = await advisor.get(`/api/v1/clients?${query}`);
      expect(bad.status).toBe(400);
      expect(JSON.stringify(await json(bad))).toContain('ids');
    }
  });

  it('documents the routes and their error codes in the OpenAPI document', async () => {
    const doc = await json(await fetch(`${system.gatewayUrl}/api/docs/openapi.json`));
    for (const route of [
      '/api/v1/clients',
      '/api/v1/clients/{id}',
      '/api/v1/clients/{id}/consents',
      '/api/v1/consents/{id}/withdraw',
      '/api/v1/consents/{id}/receipt',
      '/api/v1/clients/{id}/export',
      '/api/v1/clients/{id}/erase',
    ]) {
      expect(Object.keys(doc.paths)).toContain(route);
    }
    expect(JSON.stringify(doc.paths['/api/v1/clients'])).toContain('CLIENT.POSSIBLE_DUPLICATE');
  });
});
