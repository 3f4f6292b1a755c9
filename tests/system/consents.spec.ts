// Clients and consent through the gateway, the requirements clients.spec.ts leaves out: search by
// each key, the masked code, every route hidden from another organisation, the expiring list,
// receipts read back as text, the background category reaching a referral, refusals.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { getDataSourceToken } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { ClientView, ConsentView } from '#contracts';
import { ScheduledJobs } from '../../apps/clients/src/jobs/scheduled-jobs.js';
import { DEMO_ORG_EMPLOYMENT, DEMO_ORG_KELA } from '../../apps/partners/src/demo/demo-organisations.js';
import { json, loginAs, startSystem, type ApiCaller, type RunningSystem } from '../support/system.js';

const hasPdftotext = (() => {
  try {
    execFileSync('pdftotext', ['-v'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

/** The text of a PDF (poppler's pdftotext), or null where it is not installed. */
function pdfText(pdf: Buffer): string | null {
  if (!hasPdftotext) {
    return null;
  }
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'receipt-')), 'receipt.pdf');
  writeFileSync(file, pdf);
  return execFileSync('pdftotext', ['-enc', 'UTF-8', file, '-'], { encoding: 'utf8' });
}

describe('Clients and consent: search, access, expiring consents, receipts (through the gateway)', () => {
  let system: RunningSystem;
  let advisor: ApiCaller;
  let employment: ApiCaller;
  let admin: ApiCaller;
  /** The Kela user, made an advisor of Kela: an advisor of another organisation. */
  let kelaAdvisor: ApiCaller;
  let clientsDb: DataSource;

  const consentBody = {
    recipientOrganisationIds: [DEMO_ORG_KELA, DEMO_ORG_EMPLOYMENT],
    categories: ['identity', 'contact', 'needs'],
    purposes: ['referral'],
    method: 'signed_form',
    givenBy: 'client',
    noticeVersion: '2026-1',
    noticeLanguage: 'fi',
    interpreterUsed: false,
  };

  beforeAll(async () => {
    system = await startSystem();
    [advisor, employment, admin, kelaAdvisor] = await Promise.all(
      ['advisor', 'employment', 'admin', 'kela'].map((user) => loginAs(system, user)),
    );
    const members = await json(await admin.get(`/api/v1/organisations/${DEMO_ORG_KELA}/members`));
    const kelaMe = await json(await kelaAdvisor.get('/api/v1/me'));
    const membership = members.items.find((member: { userId: string }) => member.userId === kelaMe.userId);
    const promoted = await admin.patch(`/api/v1/organisations/${DEMO_ORG_KELA}/members/${membership.id}`, {
      role: 'advisor',
    });
    expect(promoted.status).toBe(200);
    clientsDb = system.services.get('clients')!.get<DataSource>(getDataSourceToken());
  });

  afterAll(async () => {
    await system?.stop();
  });

  async function register(body: Record<string, unknown>): Promise<ClientView> {
    const res = await advisor.post('/api/v1/clients', body);
    expect(res.status).toBe(201);
    return (await json(res)) as ClientView;
  }

  async function consentFor(clientId: string, body: Record<string, unknown> = {}): Promise<ConsentView> {
    const res = await advisor.post(`/api/v1/clients/${clientId}/consents`, { ...consentBody, ...body });
    expect(res.status).toBe(201);
    return (await json(res)) as ConsentView;
  }

  const ids = (page: { items: { id: string }[] }) => page.items.map((item) => item.id);

  it('searches by name, date of birth and identity code; lists mask the code, the client page shows it', async () => {
    const lastName = `Nieminen${randomUUID().slice(0, 6)}`;
    const coded = await register({ firstName: 'Leyla', lastName, personalIdentityCode: '131052-308T' });
    const dated = await register({ firstName: 'Farid', lastName, dateOfBirth: '1987-03-15' });

    // Ordered by name: Farid before Leyla.
    expect(ids(await json(await advisor.get(`/api/v1/clients?q=${lastName.toLowerCase()}`)))).toEqual([
      dated.id,
      coded.id,
    ]);
    expect(
      ids(await json(await advisor.get(`/api/v1/clients?q=${encodeURIComponent(`farid ${lastName}`)}`))),
    ).toEqual([dated.id]);
    for (const q of ['1987-03-15', '15.3.1987']) {
      expect(ids(await json(await advisor.get(`/api/v1/clients?q=${q}`)))).toContain(dated.id);
    }
    const byCode = await json(await advisor.get('/api/v1/clients?q=131052-308t'));
    expect(byCode.items).toEqual([
      expect.objectContaining({ id: coded.id, personalIdentityCodeMasked: '131052-****' }),
    ]);
    expect(byCode.items[0]).not.toHaveProperty('personalIdentityCode');
    expect(JSON.stringify(byCode)).not.toContain('308T');
    expect((await json(await advisor.get(`/api/v1/clients/${coded.id}`))).personalIdentityCode).toBe(
      '131052-308T',
    );

    // A search that looks like a code but is not one, or an impossible date, is 400 naming q.
    for (const q of ['131052-308U', '31.2.1987']) {
      const res = await advisor.get(`/api/v1/clients?q=${q}`);
      expect(res.status).toBe(400);
      expect((await json(res)).details).toEqual([expect.objectContaining({ field: 'q' })]);
    }
  });

  it('refuses bad identity codes: wrong check character, impossible date, bad century sign', async () => {
    for (const code of ['131052-308U', '310290-123X', '290201A123J', '131052G308T', '131052/308T']) {
      const res = await advisor.post('/api/v1/clients', {
        firstName: 'Bad',
        lastName: 'Code',
        personalIdentityCode: code,
      });
      expect(res.status).toBe(400);
      const body = await json(res);
      expect(body).toMatchObject({
        code: 'VALIDATION.FAILED',
        details: [expect.objectContaining({ field: 'personalIdentityCode' })],
      });
      expect(JSON.stringify(body)).not.toContain(code);
    }
    // The century signs of 2023 are accepted.
    for (const code of ['010594Y9021', '010516B903X']) {
      const res = await advisor.post('/api/v1/clients', {
        firstName: 'Good',
        lastName: `Code${randomUUID().slice(0, 6)}`,
        personalIdentityCode: code,
        confirmDuplicate: true,
      });
      expect(res.status).toBe(201);
    }
  });

  it("hides another organisation's client and consent on every route (404)", async () => {
    const client = await register({ firstName: 'Hidden', lastName: `Person${randomUUID().slice(0, 6)}` });
    const consent = await consentFor(client.id);
    const attempts: [string, Promise<Response>][] = [
      ['get', kelaAdvisor.get(`/api/v1/clients/${client.id}`)],
      ['patch', kelaAdvisor.patch(`/api/v1/clients/${client.id}`, { municipality: 'Vaasa' })],
      ['export', kelaAdvisor.get(`/api/v1/clients/${client.id}/export`)],
      ['erase', kelaAdvisor.post(`/api/v1/clients/${client.id}/erase`)],
      ['consents', kelaAdvisor.get(`/api/v1/clients/${client.id}/consents`)],
      ['record', kelaAdvisor.post(`/api/v1/clients/${client.id}/consents`, consentBody)],
      ['receipt', kelaAdvisor.get(`/api/v1/consents/${consent.id}/receipt?format=html`)],
      ['withdraw', kelaAdvisor.post(`/api/v1/consents/${consent.id}/withdraw`, { method: 'verbal' })],
    ];
    for (const [route, attempt] of attempts) {
      const res = await attempt;
      expect({ route, status: res.status }).toEqual({ route, status: 404 });
      expect(await json(res)).toMatchObject({ code: 'RESOURCE.NOT_FOUND' });
    }
    // Nothing changed.
    const mine = await json(await advisor.get(`/api/v1/clients/${client.id}`));
    expect(mine).toMatchObject({ erased: false, municipality: null });
    expect((await json(await advisor.get(`/api/v1/clients/${client.id}/consents`))).items).toEqual([
      expect.objectContaining({ id: consent.id, status: 'active' }),
    ]);
    expect(ids(await json(await kelaAdvisor.get(`/api/v1/clients?q=${client.lastName}`)))).toEqual([]);
  });

  it('refuses partner staff and platform admins on client and consent routes (403)', async () => {
    const client = await register({ firstName: 'Guarded', lastName: `Person${randomUUID().slice(0, 6)}` });
    const consent = await consentFor(client.id);
    for (const caller of [employment, admin]) {
      for (const res of await Promise.all([
        caller.get('/api/v1/clients'),
        caller.get('/api/v1/clients?q=Guarded'),
        caller.get(`/api/v1/clients/${client.id}`),
        caller.get(`/api/v1/clients/${client.id}/export`),
        caller.get(`/api/v1/clients/${client.id}/consents`),
        caller.get('/api/v1/consents/expiring'),
        caller.get(`/api/v1/consents/${consent.id}/receipt`),
        caller.post(`/api/v1/consents/${consent.id}/withdraw`, { method: 'verbal' }),
      ])) {
        expect(res.status).toBe(403);
        expect(await json(res)).toMatchObject({ code: 'AUTH.FORBIDDEN' });
      }
    }
  });

  it('shows the advisor the consents of the organisation that end soon', async () => {
    const client = await register({ firstName: 'Soon', lastName: `Ending${randomUUID().slice(0, 6)}` });
    const soon = await consentFor(client.id, {
      validUntil: new Date(Date.now() + 3 * 86_400_000).toISOString(),
      recipientOrganisationIds: [DEMO_ORG_KELA],
    });
    const later = await consentFor(client.id, { recipientOrganisationIds: [DEMO_ORG_EMPLOYMENT] });

    const res = await advisor.get('/api/v1/consents/expiring?withinDays=7');
    expect(res.status).toBe(200);
    const { items } = await json(res);
    const ofClient = items.filter((item: { clientId: string }) => item.clientId === client.id);
    expect(ofClient).toEqual([
      {
        consentId: soon.id,
        clientId: client.id,
        firstName: 'Soon',
        lastName: client.lastName,
        validUntil: soon.validUntil,
        recipientOrganisationIds: [DEMO_ORG_KELA],
      },
    ]);
    // The default window (30 days) holds it too; a year holds the other as well.
    const byDefault = await json(await advisor.get('/api/v1/consents/expiring'));
    expect(byDefault.items.map((item: { consentId: string }) => item.consentId)).toContain(soon.id);
    expect(byDefault.items.map((item: { consentId: string }) => item.consentId)).not.toContain(later.id);
    const year = await json(await advisor.get('/api/v1/consents/expiring?withinDays=365'));
    expect(year.items.map((item: { consentId: string }) => item.consentId)).toEqual(
      expect.arrayContaining([soon.id, later.id]),
    );
    // Another organisation's advisor does not see them.
    const other = await json(await kelaAdvisor.get('/api/v1/consents/expiring?withinDays=365'));
    expect(other.items.filter((item: { clientId: string }) => item.clientId === client.id)).toEqual([]);

    for (const withinDays of ['0', '366', 'soon']) {
      const bad = await advisor.get(`/api/v1/consents/expiring?withinDays=${withinDays}`);
      expect(bad.status).toBe(400);
      expect((await json(bad)).details).toEqual([expect.objectContaining({ field: 'withinDays' })]);
    }
    expect((await advisor.get('/api/v1/consents/expiring?days=7')).status).toBe(400);
  });

  it('refuses the consent check once the expiry job has ended a consent, and the list says expired', async () => {
    const client = await register({ firstName: 'Expiring', lastName: `Now${randomUUID().slice(0, 6)}` });
    const consent = await consentFor(client.id);
    await clientsDb.query(
      `UPDATE clients.consents SET valid_until = now() - interval '1 second' WHERE id = $1`,
      [consent.id],
    );
    await system.services.get('clients')!.get(ScheduledJobs).runOnce();
    const [listed] = (await json(await advisor.get(`/api/v1/clients/${client.id}/consents`))).items;
    expect(listed).toMatchObject({ id: consent.id, status: 'expired', expiredAt: expect.any(String) });
    const res = await advisor.post('/api/v1/referrals', {
      clientId: client.id,
      receivingOrganisationId: DEMO_ORG_EMPLOYMENT,
      need: 'employment',
      reason: 'Looking for work',
      urgency: 'routine',
      categories: ['identity'],
      send: true,
    });
    expect(res.status).toBe(422);
    expect(await json(res)).toMatchObject({ code: 'CONSENT.NOT_COVERED' });
    const withdraw = await advisor.post(`/api/v1/consents/${consent.id}/withdraw`, { method: 'verbal' });
    expect(withdraw.status).toBe(409);
    expect(await json(withdraw)).toMatchObject({ code: 'CONSENT.NOT_ACTIVE' });
  });

  it('prints the receipt as a real PDF in Finnish and Arabic, HTML right to left, English for unknown languages', async () => {
    const client = await register({
      firstName: 'Receipt',
      lastName: `Reader${randomUUID().slice(0, 6)}`,
      languages: ['ar', 'fi'],
      preferredLanguage: 'ar',
    });
    const consent = await consentFor(client.id);
    const receipt = async (query: string) => {
      const res = await advisor.get(`/api/v1/consents/${consent.id}/receipt?${query}`);
      expect(res.status).toBe(200);
      return { res, body: Buffer.from(await res.arrayBuffer()) };
    };
    const expected: Record<string, { language: string; title: string; status: string }> = {
      'format=pdf&lang=fi': { language: 'fi', title: 'Kuitti suostumuksesta', status: 'Voimassa' },
      'format=pdf&lang=ar': { language: 'ar', title: 'إيصال الموافقة', status: 'سارية' },
      // The client's preferred language when none is asked for.
      'format=pdf': { language: 'ar', title: 'إيصال الموافقة', status: 'سارية' },
      'format=pdf&lang=so': { language: 'en', title: 'Consent receipt', status: 'In force' },
    };
    for (const [query, want] of Object.entries(expected)) {
      const { res, body } = await receipt(query);
      expect(res.headers.get('content-type')).toBe('application/pdf');
      expect(res.headers.get('content-language')).toBe(want.language);
      expect(res.headers.get('content-disposition')).toContain(`consent-receipt-${consent.id}.pdf`);
      expect(res.headers.get('cache-control')).toBe('no-store');
      expect(body.subarray(0, 5).toString()).toBe('%PDF-');
      expect(body.subarray(-8).toString()).toContain('%%EOF');
      // A font covering Cyrillic and Arabic is embedded (not one of the 14 standard fonts).
      expect(body.toString('latin1')).toMatch(/\/BaseFont \/[A-Z]{6}\+DejaVuSans/);
      const text = pdfText(body);
      if (text !== null) {
        expect(text).toContain(want.title);
        expect(text).toContain(want.status);
        expect(text).toContain(client.lastName);
        expect(text).toContain(consent.id);
      }
    }

    const ar = await receipt('format=html&lang=ar');
    expect(ar.res.headers.get('content-type')).toMatch(/^text\/html/);
    expect(ar.body.toString('utf8')).toContain('<html lang="ar" dir="rtl">');
    expect(ar.body.toString('utf8')).toContain('إيصال الموافقة');
    const fi = await receipt('format=html&lang=fi');
    expect(fi.body.toString('utf8')).toContain('<html lang="fi" dir="ltr">');
    expect(fi.body.toString('utf8')).toContain('Kuitti suostumuksesta');
    const unknown = await receipt('format=html&lang=so');
    expect(unknown.res.headers.get('content-language')).toBe('en');
    expect(unknown.body.toString('utf8')).toContain('<html lang="en" dir="ltr">');
    expect(unknown.body.toString('utf8')).toContain('Consent receipt');

    for (const query of ['format=docx', 'lang=%3Cscript%3E', 'format=pdf&colour=red']) {
      expect((await advisor.get(`/api/v1/consents/${consent.id}/receipt?${query}`)).status).toBe(400);
    }
  });

  it("prints a refusal's receipt as a refusal throughout: refused on, what would have been shared, no 'given' or 'shared'", async () => {
    const client = await register({ firstName: 'Refusal', lastName: `Receipt${randomUUID().slice(0, 6)}` });
    const refusal = await consentFor(client.id, {
      decision: 'refused',
      recipientOrganisationIds: [DEMO_ORG_KELA],
      categories: ['health'],
    });
    expect(refusal.status).toBe('refused');
    const page = async (lang: string) => {
      const res = await advisor.get(`/api/v1/consents/${refusal.id}/receipt?format=html&lang=${lang}`);
      expect(res.status).toBe(200);
      return res.text();
    };
    const fi = await page('fi');
    for (const text of [
      '<dt>Kieltäydytty</dt>',
      '<h2>Tiedot, joiden jakamiseen et suostunut</h2>',
      '<h2>Kenelle tietoja olisi jaettu</h2>',
      'Terveystiedot',
    ]) {
      expect(fi).toContain(text);
    }
    for (const text of [
      '<dt>Annettu</dt>',
      'Mitä tietoja jaetaan',
      '<h2>Kenelle</h2>',
      'Näin perut suostumuksen',
    ]) {
      expect(fi).not.toContain(text);
    }
    const en = await page('en');
    for (const text of [
      '<dt>Refused on</dt>',
      '<h2>Information you did not agree to share</h2>',
      '<h2>Who would have received it</h2>',
    ]) {
      expect(en).toContain(text);
    }
    for (const text of ['<dt>Given on</dt>', 'What is shared', '<h2>With whom</h2>', 'How to withdraw']) {
      expect(en).not.toContain(text);
    }
  });

  it('records the background category, exports it, shares it on a referral only when consented, and erases it', async () => {
    const background = {
      education: 'Upper secondary school in Kabul',
      workHistory: 'Tailor for ten years',
      residenceStatus: 'international_protection',
      residenceStatusNote: 'Continuous permit since 2024',
    };
    const client = await register({
      firstName: 'Background',
      lastName: `Shared${randomUUID().slice(0, 6)}`,
      background,
    });
    expect(client.background).toEqual(background);
    const listed = await json(await advisor.get(`/api/v1/clients?q=${client.lastName}`));
    expect(JSON.stringify(listed)).not.toContain('Tailor');

    const badStatus = await advisor.patch(`/api/v1/clients/${client.id}`, {
      background: { residenceStatus: 'tourist' },
    });
    expect(badStatus.status).toBe(400);
    expect((await json(badStatus)).details).toEqual([
      expect.objectContaining({ field: 'background.residenceStatus' }),
    ]);
    const unknownField = await advisor.patch(`/api/v1/clients/${client.id}`, {
      background: { hobby: 'chess' },
    });
    expect(unknownField.status).toBe(400);
    expect((await json(unknownField)).details).toEqual([
      expect.objectContaining({ field: 'background.hobby' }),
    ]);

    const referral = (categories: string[]) =>
      advisor.post('/api/v1/referrals', {
        clientId: client.id,
        receivingOrganisationId: DEMO_ORG_EMPLOYMENT,
        need: 'employment',
        reason: 'Tailor looking for work',
        urgency: 'routine',
        categories,
        send: true,
        confirmDuplicate: true,
      });
    const first = await consentFor(client.id, { categories: ['identity'] });
    const refused = await referral(['identity', 'background']);
    expect(refused.status).toBe(422);
    expect(await json(refused)).toMatchObject({
      code: 'CONSENT.NOT_COVERED',
      details: { missingCategories: ['background'] },
    });
    const withoutBackground = await json(await referral(['identity']));
    expect(JSON.stringify(withoutBackground.sharedData ?? {})).not.toContain('Tailor');

    await consentFor(client.id, { categories: ['identity', 'background'], supersedesConsentId: first.id });
    const sent = await referral(['identity', 'background']);
    expect(sent.status).toBe(201);
    const shared = await json(sent);
    const seen = await json(await employment.get(`/api/v1/referrals/${shared.id}`));
    expect(seen.sharedData.background).toEqual(background);

    const exported = await json(await advisor.get(`/api/v1/clients/${client.id}/export`));
    expect(exported.client.background).toEqual(background);
    const erased = await json(await advisor.post(`/api/v1/clients/${client.id}/erase`));
    expect(erased.background).toEqual({
      education: null,
      workHistory: null,
      residenceStatus: null,
      residenceStatusNote: null,
    });
    const [row] = await clientsDb.query<{ background_enc: string | null }[]>(
      'SELECT background_enc FROM clients.clients WHERE id = $1',
      [client.id],
    );
    expect(row.background_enc).toBeNull();
  });

  it('refuses unknown fields on every client and consent command with 400 naming them', async () => {
    const client = await register({ firstName: 'Strict', lastName: `Fields${randomUUID().slice(0, 6)}` });
    const consent = await consentFor(client.id);
    const attempts: [Promise<Response>, string][] = [
      [advisor.patch(`/api/v1/clients/${client.id}`, { shoeSize: 42 }), 'shoeSize'],
      [
        advisor.patch(`/api/v1/clients/${client.id}`, { needs: [{ category: 'housing', urgent: true }] }),
        'needs.0.urgent',
      ],
      [advisor.post(`/api/v1/consents/${consent.id}/withdraw`, { method: 'verbal', reason: 'x' }), 'reason'],
      [advisor.get('/api/v1/clients?name=Strict'), 'name'],
    ];
    for (const [attempt, field] of attempts) {
      const res = await attempt;
      expect(res.status).toBe(400);
      expect((await json(res)).details).toEqual([expect.objectContaining({ field })]);
    }
    expect((await json(await advisor.get(`/api/v1/clients/${client.id}/consents`))).items).toEqual([
      expect.objectContaining({ id: consent.id, status: 'active' }),
    ]);
  });

  it('documents the expiring list and the background fields in the OpenAPI document', async () => {
    const doc = await json(await fetch(`${system.gatewayUrl}/api/docs/openapi.json`));
    expect(Object.keys(doc.paths)).toContain('/api/v1/consents/expiring');
    const schemas = JSON.stringify(doc.components.schemas);
    for (const field of ['education', 'workHistory', 'residenceStatus', 'residenceStatusNote']) {
      expect(schemas).toContain(`"${field}"`);
    }
    expect(doc.components.schemas.ClientBackgroundDto.properties.residenceStatus.enum).toContain(
      'international_protection',
    );
  });
});
