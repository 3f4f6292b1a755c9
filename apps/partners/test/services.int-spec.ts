import { AppError, type Actor } from '#contracts';
import {
  actor,
  context,
  insertOrganisation,
  servicePayload,
  startPartners,
  type RunningPartners,
} from './directory-test-support.js';

describe('The services of an organisation (partners service over NATS)', () => {
  let partners: RunningPartners;
  let ownOrg: string;
  let otherOrg: string;
  let pendingOrg: string;
  let admin: Actor;
  let otherAdmin: Actor;
  let staff: Actor;

  beforeAll(async () => {
    partners = await startPartners();
    ownOrg = await insertOrganisation(partners.sql, { name: 'Oma organisaatio' });
    otherOrg = await insertOrganisation(partners.sql, { name: 'Toinen organisaatio' });
    pendingOrg = await insertOrganisation(partners.sql, { name: 'Odottava', status: 'pending_agreement' });
    admin = actor('org_admin', ownOrg);
    otherAdmin = actor('org_admin', otherOrg);
    staff = actor('partner_staff', ownOrg);
  });

  afterAll(async () => {
    await partners?.stop();
  });

  const outbox = async (correlationId: string) =>
    (
      await partners.sql.query<{ type: string; data: Record<string, unknown> }>(
        `SELECT type, payload->'data' AS data FROM "partners"."outbox"
          WHERE payload->>'correlationId' = $1 ORDER BY created_at`,
        [correlationId],
      )
    ).rows;

  const serviceCount = async () =>
    Number((await partners.sql.query(`SELECT count(*)::int AS n FROM "partners"."services"`)).rows[0].n);

  async function refusal(promise: Promise<unknown>): Promise<AppError> {
    const error = await promise.then(
      () => null,
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(AppError);
    return error as AppError;
  }

  it('lets the org_admin add a service, with defaults, an audit entry and a service.changed event', async () => {
    const ctx = context(admin);
    const created = await partners.rpc.request('partners.service.create', servicePayload(ownOrg), ctx);
    expect(created).toEqual({
      id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      organisationId: ownOrg,
      name: { fi: 'Testipalvelu', sv: 'Testtjänst', en: 'Test service' },
      description: { fi: 'Palvelun kuvaus.', sv: 'Tjänstens beskrivning.', en: 'What the service does.' },
      needs: ['employment'],
      eligibility: null,
      languages: ['fi', 'en'],
      interpretationAvailable: false,
      address: null,
      contact: { phone: null, email: null, url: null },
      howToRefer: null,
      referralStatus: 'accepting',
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
    });
    expect(await outbox(ctx.correlationId)).toEqual([
      {
        type: 'events.audit.entry.recorded',
        data: {
          action: 'service.created',
          outcome: 'granted',
          targetType: 'service',
          targetId: created.id,
          organisationId: ownOrg,
          sourceService: 'partners',
          detail: { serviceOrganisationId: ownOrg },
        },
      },
      {
        type: 'events.partners.service.changed',
        data: { serviceId: created.id, organisationId: ownOrg, change: 'created' },
      },
    ]);
  });

  it('refuses invalid fields with VALIDATION.FAILED naming each field, and writes nothing', async () => {
    const before = await serviceCount();
    const error = await refusal(
      partners.rpc.request(
        'partners.service.create',
        {
          ...servicePayload(ownOrg, {
            name: { sv: 'Bara svenska' } as never,
            needs: ['cooking'] as never,
            languages: ['fi', 'xx'],
            contact: { email: 'not-an-email', phone: 'call me', url: 'ftp://example.com' },
            address: { street: 'Katu 1', postalCode: '601', city: 'Seinäjoki' },
          }),
          colour: 'red',
        } as never,
        context(admin),
      ),
    );
    expect(error.code).toBe('VALIDATION.FAILED');
    const fields = (error.details as { field: string }[]).map((detail) => detail.field);
    expect(fields).toEqual(
      expect.arrayContaining([
        'colour',
        'name.fi',
        'needs',
        'languages',
        'contact.email',
        'contact.phone',
        'contact.url',
        'address.postalCode',
      ]),
    );
    expect(await serviceCount()).toBe(before);
  });

  it('refuses partner_staff (403) and an org_admin of another organisation (404), and audits the refusal', async () => {
    const ctx = context(staff);
    expect(
      (await refusal(partners.rpc.request('partners.service.create', servicePayload(ownOrg), ctx))).code,
    ).toBe('AUTH.FORBIDDEN');
    expect(await outbox(ctx.correlationId)).toEqual([
      {
        type: 'events.audit.entry.recorded',
        data: expect.objectContaining({
          action: 'service.create',
          outcome: 'refused',
          detail: expect.objectContaining({ code: 'AUTH.FORBIDDEN' }),
        }),
      },
    ]);
    const other = context(otherAdmin);
    expect(
      (await refusal(partners.rpc.request('partners.service.create', servicePayload(ownOrg), other))).code,
    ).toBe('RESOURCE.NOT_FOUND');
    const advisor = actor('advisor', ownOrg);
    expect(
      (
        await refusal(
          partners.rpc.request('partners.service.create', servicePayload(ownOrg), context(advisor)),
        )
      ).code,
    ).toBe('AUTH.FORBIDDEN');
  });

  it('lets platform_admin add a service to any organisation; an unknown organisation is 404', async () => {
    const platformAdmin = actor('platform_admin', null);
    const created = await partners.rpc.request(
      'partners.service.create',
      servicePayload(otherOrg),
      context(platformAdmin),
    );
    expect(created.organisationId).toBe(otherOrg);
    const error = await refusal(
      partners.rpc.request(
        'partners.service.create',
        servicePayload('00000000-0000-4000-8000-000000000000'),
        context(platformAdmin),
      ),
    );
    expect(error.code).toBe('RESOURCE.NOT_FOUND');
  });

  it('replaces the given fields on PATCH, clears nullable ones and refuses to clear required ones', async () => {
    const created = await partners.rpc.request(
      'partners.service.create',
      servicePayload(ownOrg, {
        eligibility: { fi: 'Aikuiset', sv: null, en: null },
        address: {
          street: 'Kauppakatu 1',
          postalCode: '60100',
          city: 'Seinäjoki',
          region: null,
          latitude: 62.79,
          longitude: 22.84,
        },
      }),
      context(admin),
    );
    const ctx = context(admin);
    const updated = await partners.rpc.request(
      'partners.service.update',
      {
        serviceId: created.id,
        name: { fi: 'Uusi nimi', sv: null, en: 'New name' },
        eligibility: null,
        languages: ['fi', 'ar'],
        referralStatus: 'waitlist',
        interpretationAvailable: true,
      },
      ctx,
    );
    expect(updated).toMatchObject({
      id: created.id,
      name: { fi: 'Uusi nimi', sv: null, en: 'New name' },
      description: created.description,
      eligibility: null,
      languages: ['fi', 'ar'],
      referralStatus: 'waitlist',
      interpretationAvailable: true,
      address: {
        street: 'Kauppakatu 1',
        postalCode: '60100',
        city: 'Seinäjoki',
        region: null,
        latitude: 62.79,
        longitude: 22.84,
      },
    });
    expect(Date.parse(updated.updatedAt)).toBeGreaterThanOrEqual(Date.parse(created.updatedAt));
    expect(
      (await outbox(ctx.correlationId)).map((row) => [row.type, row.data.action ?? row.data.change]),
    ).toEqual([
      ['events.audit.entry.recorded', 'service.updated'],
      ['events.partners.service.changed', 'updated'],
    ]);

    const error = await refusal(
      partners.rpc.request(
        'partners.service.update',
        { serviceId: created.id, name: null, needs: [] } as never,
        context(admin),
      ),
    );
    expect(error.code).toBe('VALIDATION.FAILED');
    expect((error.details as { field: string }[]).map((detail) => detail.field)).toEqual(['name', 'needs']);
  });

  it("answers 404 to an org_admin changing another organisation's service, 403 to partner_staff, and changes nothing", async () => {
    const created = await partners.rpc.request(
      'partners.service.create',
      servicePayload(ownOrg),
      context(admin),
    );
    const other = context(otherAdmin);
    const notFound = await refusal(
      partners.rpc.request(
        'partners.service.update',
        { serviceId: created.id, referralStatus: 'waitlist' },
        other,
      ),
    );
    expect(notFound.code).toBe('RESOURCE.NOT_FOUND');
    expect(await outbox(other.correlationId)).toEqual([
      {
        type: 'events.audit.entry.recorded',
        data: expect.objectContaining({
          action: 'service.update',
          outcome: 'refused',
          targetId: created.id,
          organisationId: otherOrg,
          detail: { code: 'RESOURCE.NOT_FOUND', targetOrganisationId: ownOrg },
        }),
      },
    ]);
    expect(
      (
        await refusal(
          partners.rpc.request('partners.service.delete', { serviceId: created.id }, context(otherAdmin)),
        )
      ).code,
    ).toBe('RESOURCE.NOT_FOUND');
    expect(
      (
        await refusal(
          partners.rpc.request(
            'partners.service.update',
            { serviceId: created.id, referralStatus: 'waitlist' },
            context(staff),
          ),
        )
      ).code,
    ).toBe('AUTH.FORBIDDEN');
    const unchanged = await partners.rpc.request(
      'partners.service.get',
      { serviceId: created.id },
      context(admin),
    );
    expect(unchanged).toEqual(created);
  });

  it('removes a service: gone from reads, a deleted event, and a second delete is 404', async () => {
    const created = await partners.rpc.request(
      'partners.service.create',
      servicePayload(ownOrg),
      context(admin),
    );
    const ctx = context(admin);
    expect(await partners.rpc.request('partners.service.delete', { serviceId: created.id }, ctx)).toEqual({
      deleted: true,
    });
    expect((await outbox(ctx.correlationId)).map((row) => row.data.change ?? row.data.action)).toEqual([
      'service.deleted',
      'deleted',
    ]);
    expect(
      (await refusal(partners.rpc.request('partners.service.get', { serviceId: created.id }, context(admin))))
        .code,
    ).toBe('RESOURCE.NOT_FOUND');
    const list = await partners.rpc.request(
      'partners.service.list',
      { organisationId: ownOrg, limit: 100 },
      context(admin),
    );
    expect(list.items.map((item) => item.id)).not.toContain(created.id);
    expect(
      (
        await refusal(
          partners.rpc.request('partners.service.delete', { serviceId: created.id }, context(admin)),
        )
      ).code,
    ).toBe('RESOURCE.NOT_FOUND');
  });

  it('shows the services of an active organisation to anyone, those of a pending one only to its members', async () => {
    const pendingAdmin = actor('org_admin', pendingOrg);
    const hidden = await partners.rpc.request(
      'partners.service.create',
      servicePayload(pendingOrg),
      context(pendingAdmin),
    );
    const outsider = actor('advisor', otherOrg);

    const visible = await partners.rpc.request(
      'partners.service.list',
      { organisationId: ownOrg },
      context(outsider),
    );
    expect(visible.items.length).toBeGreaterThan(0);
    expect(
      (
        await refusal(
          partners.rpc.request('partners.service.list', { organisationId: pendingOrg }, context(outsider)),
        )
      ).code,
    ).toBe('RESOURCE.NOT_FOUND');
    expect(
      (
        await refusal(
          partners.rpc.request('partners.service.get', { serviceId: hidden.id }, context(outsider)),
        )
      ).code,
    ).toBe('RESOURCE.NOT_FOUND');
    expect(
      await partners.rpc.request('partners.service.get', { serviceId: hidden.id }, context(pendingAdmin)),
    ).toEqual(hidden);
    expect(
      (
        await partners.rpc.request(
          'partners.service.list',
          { organisationId: pendingOrg },
          context(actor('platform_admin', null)),
        )
      ).items,
    ).toEqual([hidden]);
  });

  it('pages through an organisation with keyset cursors, without gaps or repeats', async () => {
    const org = await insertOrganisation(partners.sql, { name: 'Sivutus' });
    const orgAdmin = actor('org_admin', org);
    const names = ['Öljy', 'Aamu', 'Bussi', 'Cello', 'Delfiini'];
    for (const fi of names) {
      await partners.rpc.request(
        'partners.service.create',
        servicePayload(org, { name: { fi, sv: null, en: null } }),
        context(orgAdmin),
      );
    }
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await partners.rpc.request(
        'partners.service.list',
        { organisationId: org, limit: 2, cursor },
        context(orgAdmin),
      );
      expect(page.items.length).toBeLessThanOrEqual(2);
      seen.push(...page.items.map((item) => item.name.fi));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect([...seen].sort()).toEqual([...names].sort());
    expect(new Set(seen).size).toBe(names.length);

    const error = await refusal(
      partners.rpc.request(
        'partners.service.list',
        { organisationId: org, cursor: 'garbage' },
        context(orgAdmin),
      ),
    );
    expect(error.code).toBe('VALIDATION.FAILED');
  });
});
