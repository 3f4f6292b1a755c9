import { describeErrors, hsdsValidators } from '../../apps/partners/test/directory-hsds-schema.js';
import {
  DEMO_ORG_EMPLOYMENT,
  DEMO_ORG_KELA,
  DEMO_ORG_MONI,
  DEMO_ORG_PENDING,
} from '../../apps/partners/src/demo/demo-organisations.js';
import {
  DEMO_SERVICE_EMPLOYMENT_JOB_SEARCH,
  DEMO_SERVICE_KELA_BENEFITS,
  DEMO_SERVICE_MONI_GUIDANCE,
  DEMO_SERVICE_SEDU_FINNISH,
} from '../../apps/partners/src/directory/demo-services.js';
import { json, loginAs, startSystem, type ApiCaller, type RunningSystem } from '../support/system.js';

const newService = (overrides: Record<string, unknown> = {}) => ({
  name: { fi: 'Työhaastatteluvalmennus', sv: 'Träning inför arbetsintervjuer', en: 'Job interview coaching' },
  description: {
    fi: 'Harjoittelemme työhaastattelua yhdessä.',
    sv: 'Vi övar arbetsintervjuer tillsammans.',
    en: 'We practise job interviews together.',
  },
  needs: ['employment'],
  languages: ['fi', 'en', 'so'],
  interpretationAvailable: true,
  address: { street: 'Kauppakatu 17', postalCode: '60100', city: 'Seinäjoki', region: 'Etelä-Pohjanmaa' },
  contact: {
    phone: '+358 6 555 0199',
    email: 'valmennus@seinajoki.example',
    url: 'https://moni.seinajoki.example/valmennus',
  },
  howToRefer: { fi: 'Lähete palvelussa.', sv: 'Remiss i tjänsten.', en: 'Referral through the platform.' },
  ...overrides,
});

describe('The service directory, through the gateway with real tokens', () => {
  let system: RunningSystem;
  let advisor: ApiCaller;
  let moniAdmin: ApiCaller;
  let employment: ApiCaller;
  let kela: ApiCaller;

  beforeAll(async () => {
    system = await startSystem();
    [advisor, moniAdmin, employment, kela] = await Promise.all(
      ['advisor', 'moni-admin', 'employment', 'kela'].map((username) => loginAs(system, username)),
    );
  });

  afterAll(async () => {
    await system?.stop();
  });

  it('lets an advisor find services by need and by the language they are offered in', async () => {
    const res = await advisor.get('/api/v1/directory/services?need=language_training&language=ru');
    expect(res.status).toBe(200);
    const body = await json(res);
    expect(body.items.map((item: { id: string }) => item.id)).toContain(DEMO_SERVICE_SEDU_FINNISH);
    for (const item of body.items) {
      expect(item.needs).toContain('language_training');
      expect(item.languages).toContain('ru');
    }
    const sedu = body.items.find((item: { id: string }) => item.id === DEMO_SERVICE_SEDU_FINNISH);
    expect(sedu).toMatchObject({
      name: {
        fi: 'Suomen kielen kurssit aikuisille maahanmuuttajille',
        en: 'Finnish language courses for adult immigrants',
      },
      referralStatus: 'waitlist',
      organisation: { name: { en: 'Sedu Education Consortium' }, acceptingReferrals: true },
    });
    expect(body.nextCursor).toBeNull();

    const text = await json(
      await advisor.get(`/api/v1/directory/services?q=${encodeURIComponent('housing allowance')}`),
    );
    expect(text.items.map((item: { id: string }) => item.id)).toEqual([DEMO_SERVICE_KELA_BENEFITS]);
  });

  it('pages the search with nextCursor', async () => {
    const first = await json(await advisor.get('/api/v1/directory/services?limit=2'));
    expect(first.items).toHaveLength(2);
    const second = await json(
      await advisor.get(`/api/v1/directory/services?limit=2&cursor=${encodeURIComponent(first.nextCursor)}`),
    );
    expect(second.items).toHaveLength(2);
    expect(second.items[0].id).not.toBe(first.items[1].id);
  });

  it('refuses bad or unknown search parameters with 400 naming them, and non-advisors with 403', async () => {
    const bad = await advisor.get('/api/v1/directory/services?need=cooking&language=xx&limit=0&colour=red');
    expect(bad.status).toBe(400);
    const body = await json(bad);
    expect(body.code).toBe('VALIDATION.FAILED');
    expect(body.details.map((detail: { field: string }) => detail.field).sort()).toEqual([
      'colour',
      'language',
      'limit',
      'need',
    ]);
    const staff = await employment.get('/api/v1/directory/services?need=employment');
    expect(staff.status).toBe(403);
    expect((await json(staff)).code).toBe('AUTH.FORBIDDEN');
  });

  it('lets an org_admin create, edit and remove their own services, and advisors see the change', async () => {
    const created = await moniAdmin.post(`/api/v1/organisations/${DEMO_ORG_MONI}/services`, newService());
    expect(created.status).toBe(201);
    const service = await json(created);
    expect(service).toMatchObject({
      organisationId: DEMO_ORG_MONI,
      languages: ['fi', 'en', 'so'],
      address: {
        street: 'Kauppakatu 17',
        postalCode: '60100',
        city: 'Seinäjoki',
        region: 'Etelä-Pohjanmaa',
        latitude: null,
      },
      referralStatus: 'accepting',
    });

    const found = await json(
      await advisor.get('/api/v1/directory/services?need=employment&language=so&q=haastattelu'),
    );
    expect(found.items.map((item: { id: string }) => item.id)).toEqual([service.id]);

    const patched = await moniAdmin.patch(`/api/v1/services/${service.id}`, {
      referralStatus: 'waitlist',
      languages: ['fi'],
    });
    expect(patched.status).toBe(200);
    expect(await json(patched)).toMatchObject({
      id: service.id,
      referralStatus: 'waitlist',
      languages: ['fi'],
    });
    expect(
      (await json(await advisor.get('/api/v1/directory/services?language=so&q=haastattelu'))).items,
    ).toEqual([]);

    const listed = await json(await advisor.get(`/api/v1/organisations/${DEMO_ORG_MONI}/services`));
    expect(listed.items.map((item: { id: string }) => item.id)).toEqual(
      expect.arrayContaining([service.id, DEMO_SERVICE_MONI_GUIDANCE]),
    );

    const removed = await moniAdmin.request('DELETE', `/api/v1/services/${service.id}`);
    expect(removed.status).toBe(204);
    expect((await advisor.get(`/api/v1/services/${service.id}`)).status).toBe(404);
    expect((await moniAdmin.request('DELETE', `/api/v1/services/${service.id}`)).status).toBe(404);
  });

  it("answers 404 to an org_admin editing or removing another organisation's service, and changes nothing", async () => {
    const before = await json(await moniAdmin.get(`/api/v1/services/${DEMO_SERVICE_KELA_BENEFITS}`));
    expect(before.organisationId).toBe(DEMO_ORG_KELA);

    const patch = await moniAdmin.patch(`/api/v1/services/${DEMO_SERVICE_KELA_BENEFITS}`, {
      referralStatus: 'waitlist',
    });
    expect(patch.status).toBe(404);
    const body = await json(patch);
    expect(body.code).toBe('RESOURCE.NOT_FOUND');
    expect(body.correlationId).toEqual(expect.any(String));
    expect((await moniAdmin.request('DELETE', `/api/v1/services/${DEMO_SERVICE_KELA_BENEFITS}`)).status).toBe(
      404,
    );
    expect(
      (await moniAdmin.post(`/api/v1/organisations/${DEMO_ORG_KELA}/services`, newService())).status,
    ).toBe(404);

    expect(await json(await kela.get(`/api/v1/services/${DEMO_SERVICE_KELA_BENEFITS}`))).toEqual(before);
  });

  it('refuses partner_staff and advisors on the write routes with 403', async () => {
    const create = await employment.post(
      `/api/v1/organisations/${DEMO_ORG_EMPLOYMENT}/services`,
      newService(),
    );
    expect(create.status).toBe(403);
    expect((await json(create)).code).toBe('AUTH.FORBIDDEN');
    expect(
      (
        await employment.patch(`/api/v1/services/${DEMO_SERVICE_EMPLOYMENT_JOB_SEARCH}`, {
          referralStatus: 'waitlist',
        })
      ).status,
    ).toBe(403);
    expect(
      (await employment.request('DELETE', `/api/v1/services/${DEMO_SERVICE_EMPLOYMENT_JOB_SEARCH}`)).status,
    ).toBe(403);
    expect((await advisor.post(`/api/v1/organisations/${DEMO_ORG_MONI}/services`, newService())).status).toBe(
      403,
    );
  });

  it('refuses unknown and invalid fields with 400 naming each field, and writes nothing', async () => {
    const before = (
      await json(await advisor.get(`/api/v1/organisations/${DEMO_ORG_MONI}/services?limit=100`))
    ).items.length;
    const res = await moniAdmin.post(
      `/api/v1/organisations/${DEMO_ORG_MONI}/services`,
      newService({
        colour: 'red',
        languages: ['fi', 'klingon'],
        needs: [],
        name: { sv: 'Bara svenska' },
        address: { street: 'Kauppakatu 17', postalCode: 'ABCDE', city: 'Seinäjoki', floor: 3 },
      }),
    );
    expect(res.status).toBe(400);
    const body = await json(res);
    expect(body.code).toBe('VALIDATION.FAILED');
    expect(body.details.map((detail: { field: string }) => detail.field)).toEqual(
      expect.arrayContaining([
        'colour',
        'languages',
        'needs',
        'name.fi',
        'address.postalCode',
        'address.floor',
      ]),
    );
    const patch = await moniAdmin.patch(`/api/v1/services/${DEMO_SERVICE_MONI_GUIDANCE}`, {
      name: null,
      id: 'x',
    });
    expect(patch.status).toBe(400);
    expect((await json(patch)).details.map((detail: { field: string }) => detail.field).sort()).toEqual([
      'id',
      'name',
    ]);
    expect((await moniAdmin.get('/api/v1/services/not-a-uuid')).status).toBe(400);
    expect(
      (await json(await advisor.get(`/api/v1/organisations/${DEMO_ORG_MONI}/services?limit=100`))).items,
    ).toHaveLength(before);
  });

  it("hides a pending organisation's services from others", async () => {
    expect((await advisor.get(`/api/v1/organisations/${DEMO_ORG_PENDING}/services`)).status).toBe(404);
  });

  describe('GET /api/v1/directory/hsds', () => {
    const validators = hsdsValidators();

    it('exports the directory as HSDS 3.0 JSON that validates against the schemas, for any authenticated caller', async () => {
      for (const caller of [advisor, employment]) {
        const res = await caller.get('/api/v1/directory/hsds?lang=en');
        expect(res.status).toBe(200);
        const directory = await json(res);
        const valid = validators.official(directory);
        expect(describeErrors(validators.official.errors)).toBe('');
        expect(valid).toBe(true);
        expect(validators.strict(directory)).toBe(true);
        expect(directory.total_items).toBeGreaterThan(5);
        const services = directory.contents.flatMap((org: { services: { id: string }[] }) => org.services);
        expect(services.map((service: { id: string }) => service.id)).toContain(DEMO_SERVICE_SEDU_FINNISH);
        expect(directory.contents.map((org: { id: string }) => org.id)).not.toContain(DEMO_ORG_PENDING);
      }
    });

    it('does not validate a deliberately broken document: the validator is wired', async () => {
      const directory = await json(await advisor.get('/api/v1/directory/hsds'));
      const broken = structuredClone(directory);
      broken.contents[0].services[0].status = 'sometimes';
      delete broken.contents[1].id;
      broken.contents[2].services[0].email = 'not an e-mail';
      expect(validators.official(broken)).toBe(false);
      const errors = describeErrors(validators.official.errors);
      expect(errors).toContain('/contents/0/services/0/status must be equal to one of the allowed values');
      expect(errors).toContain("/contents/1 must have required property 'id'");
      expect(errors).toContain('/contents/2/services/0/email must match format "email"');
    });

    it('refuses an unknown language and an unauthenticated caller', async () => {
      const bad = await advisor.get('/api/v1/directory/hsds?lang=de');
      expect(bad.status).toBe(400);
      expect((await json(bad)).details[0].field).toBe('lang');
      expect((await fetch(`${system.gatewayUrl}/api/v1/directory/hsds`)).status).toBe(401);
    });
  });

  it('documents the directory routes in the OpenAPI document', async () => {
    const doc = await json(await fetch(`${system.gatewayUrl}/api/docs/openapi.json`));
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining([
        '/api/v1/organisations/{id}/services',
        '/api/v1/services/{serviceId}',
        '/api/v1/directory/services',
        '/api/v1/directory/hsds',
      ]),
    );
    expect(doc.components.schemas.CreateServiceDto.required).toEqual(
      expect.arrayContaining(['name', 'description', 'needs', 'languages']),
    );
  });
});
