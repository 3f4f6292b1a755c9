import { AppError, type DirectoryServiceView, type SearchDirectoryPayload } from '#contracts';
import {
  DEMO_ORG_KAKSKATTA,
  DEMO_ORG_MONI,
  DEMO_ORG_PENDING,
  DEMO_ORG_RED_CROSS,
  DEMO_ORG_SEDU,
} from '../src/demo/demo-organisations.js';
import {
  DEMO_SERVICE_EMPLOYMENT_JOB_SEARCH,
  DEMO_SERVICE_KELA_BENEFITS,
  DEMO_SERVICE_MONI_GUIDANCE,
  DEMO_SERVICE_RED_CROSS_FRIEND,
  DEMO_SERVICE_SEDU_FINNISH,
  DEMO_SERVICES,
} from '../src/directory/demo-services.js';
import { describeErrors, hsdsValidators } from './directory-hsds-schema.js';
import {
  actor,
  context,
  insertOrganisation,
  servicePayload,
  startPartners,
  type RunningPartners,
} from './directory-test-support.js';

const advisor = actor('advisor', DEMO_ORG_MONI);

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Loose = any;

describe('The service directory (search and HSDS export) over the demo network', () => {
  let partners: RunningPartners;

  beforeAll(async () => {
    partners = await startPartners({ DEMO_DATA: 'true' });
  });

  afterAll(async () => {
    await partners?.stop();
  });

  const search = (query: SearchDirectoryPayload = {}) =>
    partners.rpc.request('partners.directory.search', query, context(advisor));

  /** Every hit, following nextCursor. */
  async function searchAll(query: SearchDirectoryPayload = {}, limit = 100): Promise<DirectoryServiceView[]> {
    const items: DirectoryServiceView[] = [];
    let cursor: string | undefined;
    do {
      const page = await search({ ...query, limit, cursor });
      items.push(...page.items);
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    return items;
  }

  const ids = (items: DirectoryServiceView[]) => items.map((item) => item.id);
  const listedDemoServices = DEMO_SERVICES.filter((service) => service.organisationId !== DEMO_ORG_PENDING);

  it('loads the demo services once, however often the service starts', async () => {
    const count = async () =>
      Number((await partners.sql.query(`SELECT count(*)::int AS n FROM "partners"."services"`)).rows[0].n);
    expect(await count()).toBe(DEMO_SERVICES.length);
    await partners.restart();
    expect(await count()).toBe(DEMO_SERVICES.length);
  });

  it('lists the services of active, receiving organisations only, each with its organisation', async () => {
    const all = await searchAll();
    expect(ids(all).sort()).toEqual(listedDemoServices.map((service) => service.id).sort());
    const friend = all.find((item) => item.id === DEMO_SERVICE_RED_CROSS_FRIEND)!;
    expect(friend).toMatchObject({
      organisationId: DEMO_ORG_RED_CROSS,
      referralStatus: 'waitlist',
      organisation: {
        id: DEMO_ORG_RED_CROSS,
        name: { en: 'Finnish Red Cross, Seinäjoki branch' },
        acceptingReferrals: true,
        responseDays: 5,
      },
    });
  });

  it('finds services by need', async () => {
    const found = await searchAll({ need: 'language_training' });
    expect(found.length).toBeGreaterThan(0);
    expect(found.every((item) => item.needs.includes('language_training'))).toBe(true);
    expect(ids(found)).toEqual(
      expect.arrayContaining([DEMO_SERVICE_SEDU_FINNISH, DEMO_SERVICE_RED_CROSS_FRIEND]),
    );
    expect(ids(found)).not.toContain(DEMO_SERVICE_KELA_BENEFITS);
    expect(ids(found).sort()).toEqual(
      listedDemoServices
        .filter((service) => service.needs.includes('language_training'))
        .map((s) => s.id)
        .sort(),
    );
  });

  it('finds services by the language they are offered in, and by need and language together', async () => {
    const arabic = await searchAll({ language: 'ar' });
    expect(arabic.length).toBeGreaterThan(0);
    expect(arabic.every((item) => item.languages.includes('ar'))).toBe(true);
    expect(ids(arabic)).toContain(DEMO_SERVICE_MONI_GUIDANCE);
    expect(ids(arabic)).not.toContain(DEMO_SERVICE_RED_CROSS_FRIEND);

    const both = await searchAll({ need: 'employment', language: 'ru' });
    expect(ids(both)).toContain(DEMO_SERVICE_EMPLOYMENT_JOB_SEARCH);
    expect(ids(both).sort()).toEqual(
      listedDemoServices
        .filter((service) => service.needs.includes('employment') && service.languages.includes('ru'))
        .map((service) => service.id)
        .sort(),
    );
    expect(await searchAll({ need: 'housing', language: 'ti' })).toHaveLength(1);
    expect(await searchAll({ language: 'zu' })).toEqual([]);
  });

  it('finds free text in any language, inside Finnish compounds, every word required, case-insensitively', async () => {
    expect(ids(await searchAll({ q: 'kurssi' }))).toContain(DEMO_SERVICE_SEDU_FINNISH);
    expect(ids(await searchAll({ q: 'SPRÅKCAFÉ' }))).toEqual([DEMO_SERVICES[6].id]);
    expect(ids(await searchAll({ q: 'volunteer friend' }))).toEqual([DEMO_SERVICE_RED_CROSS_FRIEND]);
    expect(ids(await searchAll({ q: 'ystävä kurssi' }))).toEqual([]);
    expect(ids(await searchAll({ q: 'Finnish', need: 'education', language: 'ru' }))).toEqual([
      DEMO_SERVICE_SEDU_FINNISH,
    ]);
    // LIKE wildcards are text, not patterns.
    expect(await searchAll({ q: '%' })).toEqual([]);
    expect(await searchAll({ q: '_' })).toEqual([]);
  });

  it('pages with keyset cursors over the whole result, without gaps or repeats', async () => {
    const paged = await searchAll({}, 3);
    const whole = await searchAll({}, 100);
    expect(ids(paged)).toEqual(ids(whole));
    const first = await search({ limit: 3 });
    expect(first.items).toHaveLength(3);
    expect(first.nextCursor).toEqual(expect.any(String));
  });

  it('leaves out organisations that are pending, deactivated or do not receive, and removed services', async () => {
    const nonReceiving = await insertOrganisation(partners.sql, { name: 'Lähettäjä', canReceive: false });
    const platformAdmin = actor('platform_admin', null);
    await partners.rpc.request(
      'partners.service.create',
      servicePayload(nonReceiving, { name: { fi: 'Piilopalvelu', sv: null, en: null } }),
      context(platformAdmin),
    );
    expect(await searchAll({ q: 'Piilopalvelu' })).toEqual([]);
    expect(await searchAll({ q: 'perhekerho' })).toEqual([]);

    await partners.sql.query(`UPDATE "partners"."organisations" SET status = 'deactivated' WHERE id = $1`, [
      DEMO_ORG_KAKSKATTA,
    ]);
    try {
      expect((await searchAll()).some((item) => item.organisationId === DEMO_ORG_KAKSKATTA)).toBe(false);
    } finally {
      await partners.sql.query(`UPDATE "partners"."organisations" SET status = 'active' WHERE id = $1`, [
        DEMO_ORG_KAKSKATTA,
      ]);
    }

    const sedu = actor('org_admin', DEMO_ORG_SEDU);
    const temporary = await partners.rpc.request(
      'partners.service.create',
      servicePayload(DEMO_ORG_SEDU, { name: { fi: 'Väliaikainen kurssi', sv: null, en: null } }),
      context(sedu),
    );
    expect(ids(await searchAll({ q: 'Väliaikainen' }))).toEqual([temporary.id]);
    await partners.rpc.request('partners.service.delete', { serviceId: temporary.id }, context(sedu));
    expect(await searchAll({ q: 'Väliaikainen' })).toEqual([]);
  });

  it('is for advisors: partner_staff and org_admin are refused', async () => {
    for (const role of ['partner_staff', 'org_admin'] as const) {
      const error = await partners.rpc
        .request('partners.directory.search', {}, context(actor(role, DEMO_ORG_SEDU)))
        .then(
          () => null,
          (caught: unknown) => caught,
        );
      expect(error).toBeInstanceOf(AppError);
      expect((error as AppError).code).toBe('AUTH.FORBIDDEN');
    }
  });

  it('refuses bad search parameters naming them', async () => {
    const error = await partners.rpc
      .request(
        'partners.directory.search',
        { need: 'cooking', language: 'finnish', limit: 500 } as never,
        context(advisor),
      )
      .then(
        () => null,
        (caught: unknown) => caught as AppError,
      );
    expect(error?.code).toBe('VALIDATION.FAILED');
    expect((error?.details as { field: string }[]).map((detail) => detail.field).sort()).toEqual([
      'language',
      'limit',
      'need',
    ]);
  });

  it('has a trigram index for the free text and GIN indexes for need and language', async () => {
    const { rows } = await partners.sql.query<{ indexname: string; indexdef: string }>(
      `SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = 'partners' AND tablename = 'services'`,
    );
    const byName = Object.fromEntries(rows.map((row) => [row.indexname, row.indexdef]));
    expect(byName.ix_services_search_text).toMatch(/USING gin \(search_text partners\.gin_trgm_ops\)/);
    expect(byName.ix_services_needs).toMatch(/USING gin \(needs\)/);
    expect(byName.ix_services_languages).toMatch(/USING gin \(languages\)/);
  });

  describe('GET /directory/hsds (partners.directory.hsds)', () => {
    const validators = hsdsValidators();

    it.each(['fi', 'sv', 'en'] as const)(
      'exports the directory in %s as HSDS 3.0 that validates',
      async (lang) => {
        const directory = await partners.rpc.request(
          'partners.directory.hsds',
          { lang },
          context(actor('partner_staff', DEMO_ORG_SEDU)),
        );
        const valid = validators.official(directory);
        expect(describeErrors(validators.official.errors)).toBe('');
        expect(valid).toBe(true);
        expect(validators.strict(directory)).toBe(true);

        const organisationIds = directory.contents.map((org) => org.id);
        expect(organisationIds).toContain(DEMO_ORG_RED_CROSS);
        expect(organisationIds).not.toContain(DEMO_ORG_PENDING);
        const services = directory.contents.flatMap((org) => org.services as { id: string; name: string }[]);
        expect(services.map((service) => service.id).sort()).toEqual(
          (await searchAll()).map((item) => item.id).sort(),
        );
        const friend = services.find((service) => service.id === DEMO_SERVICE_RED_CROSS_FRIEND)!;
        expect(friend.name).toBe({ fi: 'Ystävätoiminta', sv: 'Vänverksamhet', en: 'Friend activity' }[lang]);
      },
    );

    it('refuses a broken export: the validator is wired to the schemas', async () => {
      const directory = await partners.rpc.request('partners.directory.hsds', {}, context(advisor));
      const broken: Loose = structuredClone(directory);
      delete broken.contents[0].services[0].name;
      broken.contents[0].services[0].languages[0].id = 42;
      expect(validators.official(broken)).toBe(false);
      const errors = describeErrors(validators.official.errors);
      expect(errors).toContain("/contents/0/services/0 must have required property 'name'");
      expect(errors).toContain('/contents/0/services/0/languages/0/id must be string');
    });
  });
});
