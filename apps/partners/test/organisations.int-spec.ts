import { randomUUID } from 'node:crypto';
import { jest } from '@jest/globals';
import { AppError, SYSTEM_ACTOR, type Actor, type ResolveMembershipPayload } from '#contracts';
import { actor, context, startPartners, type RunningPartners } from './directory-test-support.js';

/** A valid Finnish business ID (Y-tunnus) no other test uses. */
function businessId(): string {
  const weights = [7, 9, 10, 5, 8, 4, 2];
  for (;;) {
    const digits = String(Math.floor(Math.random() * 10_000_000)).padStart(7, '0');
    const remainder = [...digits].reduce((sum, d, i) => sum + Number(d) * weights[i], 0) % 11;
    if (remainder !== 1) {
      return `${digits}-${remainder === 0 ? 0 : 11 - remainder}`;
    }
  }
}

describe('Organisations and memberships (partners service over NATS and PostgreSQL)', () => {
  let partners: RunningPartners;
  let admin: Actor;

  beforeAll(async () => {
    partners = await startPartners();
    admin = actor('platform_admin', null);
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

  const count = async (table: string) =>
    Number((await partners.sql.query(`SELECT count(*)::int AS n FROM "partners"."${table}"`)).rows[0].n);

  async function refusal(promise: Promise<unknown>): Promise<AppError> {
    const error = await promise.then(
      () => null,
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(AppError);
    return error as AppError;
  }

  const createOrganisation = (ctx = context(admin), overrides: Record<string, unknown> = {}) =>
    partners.rpc.request(
      'partners.organisation.create',
      {
        name: { fi: 'Testiyhdistys ry' },
        kind: 'non-governmental organisation',
        businessId: businessId(),
        ...overrides,
      },
      ctx,
    );

  const resolution = (userId: string, overrides: Partial<ResolveMembershipPayload> = {}) => ({
    userId,
    username: 'tester',
    email: null,
    emailVerified: false,
    realmRoles: [],
    requestedOrganisationId: null,
    ...overrides,
  });

  const resolve = (payload: ResolveMembershipPayload) =>
    partners.rpc.request('partners.membership.resolve', payload, {
      actor: null,
      correlationId: `corr-${randomUUID()}`,
    });

  it('creates an organisation with its audit entry and event, written in one transaction', async () => {
    const ctx = context(admin);
    const org = await createOrganisation(ctx);
    expect(org).toMatchObject({ status: 'pending_agreement', name: { fi: 'Testiyhdistys ry' } });

    expect(await outbox(ctx.correlationId)).toEqual([
      {
        type: 'events.audit.entry.recorded',
        data: {
          action: 'organisation.created',
          outcome: 'granted',
          targetType: 'organisation',
          targetId: org.id,
          organisationId: null,
          sourceService: 'partners',
        },
      },
      { type: 'events.partners.organisation.created', data: { organisationId: org.id } },
    ]);

    // One transaction: when the event cannot be written, neither the organisation nor its audit entry is.
    await partners.sql.query(`
      CREATE FUNCTION "partners"."test_refuse_created"() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN RAISE EXCEPTION 'refused by the test'; END $$;
      CREATE TRIGGER "test_refuse_created" BEFORE INSERT ON "partners"."outbox"
        FOR EACH ROW WHEN (NEW.type = 'events.partners.organisation.created')
        EXECUTE FUNCTION "partners"."test_refuse_created"();`);
    try {
      const [organisations, events] = [await count('organisations'), await count('outbox')];
      const failed = context(admin);
      // TypeORM logs the failed INSERT; the test expects it.
      const quiet = jest.spyOn(console, 'log').mockImplementation(() => undefined);
      await expect(createOrganisation(failed, { name: { fi: 'Keskeneräinen ry' } })).rejects.toBeDefined();
      quiet.mockRestore();
      expect(await outbox(failed.correlationId)).toEqual([]);
      expect(await count('organisations')).toBe(organisations);
      expect(await count('outbox')).toBe(events);
    } finally {
      await partners.sql.query(`
        DROP TRIGGER "test_refuse_created" ON "partners"."outbox";
        DROP FUNCTION "partners"."test_refuse_created"();`);
    }
  });

  it('answers a second organisation with the same business ID with 409 and writes nothing', async () => {
    const taken = businessId();
    await createOrganisation(context(admin), { businessId: taken });
    const [organisations, units, events] = [
      await count('organisations'),
      await count('units'),
      await count('outbox'),
    ];

    const ctx = context(admin);
    const error = await refusal(
      createOrganisation(ctx, { businessId: taken, units: [{ name: { fi: 'Toimipiste' } }] }),
    );
    expect(error.code).toBe('ORGANISATION.BUSINESS_ID_TAKEN');
    expect(error.details).toEqual([{ field: 'businessId', reasons: ['businessId is already registered'] }]);
    expect(await outbox(ctx.correlationId)).toEqual([]);
    expect([await count('organisations'), await count('units'), await count('outbox')]).toEqual([
      organisations,
      units,
      events,
    ]);
  });

  it('refuses a stale expected version with 412 and the details every service gives it', async () => {
    const org = await createOrganisation();
    const error = await refusal(
      partners.rpc.request(
        'partners.organisation.update',
        { id: org.id, expectedVersion: org.version + 1, kind: 'association' },
        context(admin),
      ),
    );
    expect(error.code).toBe('RESOURCE.PRECONDITION_FAILED');
    expect(error.details).toEqual({ currentVersion: org.version, expectedVersion: org.version + 1 });
  });

  it('turns an invitation into a membership only for a verified, matching e-mail', async () => {
    const org = await createOrganisation();
    const email = `new.member.${randomUUID().slice(0, 8)}@partner.example`;
    const invitation = await partners.rpc.request(
      'partners.member.invite',
      { organisationId: org.id, email, role: 'org_admin' },
      context(admin),
    );
    expect(invitation).toMatchObject({ email, role: 'org_admin', status: 'open' });
    const userId = randomUUID();

    // The e-mail not verified, or another e-mail: nothing is claimed.
    expect(await resolve(resolution(userId, { email, emailVerified: false }))).toEqual({
      memberships: [],
      activeOrganisationId: null,
      role: null,
    });
    expect(await resolve(resolution(userId, { email: `other.${email}`, emailVerified: true }))).toMatchObject(
      { memberships: [], role: null },
    );
    const stillOpen = await partners.sql.query(
      `SELECT accepted_at FROM "partners"."invitations" WHERE id = $1`,
      [invitation.id],
    );
    expect(stillOpen.rows[0].accepted_at).toBeNull();

    // Verified and matching (in any case): the membership, with its audit entry and event.
    const correlationId = `corr-${randomUUID()}`;
    const resolved = await partners.rpc.request(
      'partners.membership.resolve',
      resolution(userId, { email: email.toUpperCase(), emailVerified: true }),
      { actor: null, correlationId },
    );
    expect(resolved).toMatchObject({
      memberships: [{ organisationId: org.id, role: 'org_admin', organisationStatus: 'pending_agreement' }],
      activeOrganisationId: org.id,
      role: 'org_admin',
    });
    const written = await outbox(correlationId);
    expect(written.map((row) => [row.type, row.data.action ?? null])).toEqual([
      ['events.audit.entry.recorded', 'invitation.accepted'],
      ['events.partners.membership.created', null],
    ]);
    expect(written[1].data).toMatchObject({ organisationId: org.id, userId, role: 'org_admin' });
    // Ids and codes only.
    expect(JSON.stringify(written)).not.toContain('@');

    // Claimed once: another user with the same verified e-mail gets nothing.
    expect(await resolve(resolution(randomUUID(), { email, emailVerified: true }))).toMatchObject({
      memberships: [],
      role: null,
    });
  });

  it("names an organisation's active members who are people, in the order they joined, and its intake, to the system only", async () => {
    const org = await createOrganisation();
    await partners.sql.query(
      `UPDATE "partners"."organisations" SET intake_email = 'intake@partner.example', intake_language = 'sv' WHERE id = $1`,
      [org.id],
    );
    const [first, second, gone, machine] = [randomUUID(), randomUUID(), randomUUID(), randomUUID()];
    await partners.sql.query(
      `INSERT INTO "partners"."memberships" (user_id, organisation_id, role, status, email, kind, created_at) VALUES
         ($2, $1, 'partner_staff', 'active', 'second@partner.example', 'person', now()),
         ($3, $1, 'org_admin', 'active', NULL, 'person', now() - interval '1 day'),
         ($4, $1, 'partner_staff', 'deactivated', 'gone@partner.example', 'person', now() - interval '2 days'),
         ($5, $1, 'partner_staff', 'active', NULL, 'system', now() - interval '3 days')`,
      [org.id, second, first, gone, machine],
    );
    const system = { actor: SYSTEM_ACTOR, correlationId: `corr-${randomUUID()}` };
    const ask = (organisationId: string) =>
      partners.rpc.request('partners.organisation.recipients', { organisationId }, system);

    expect(await ask(org.id)).toEqual({
      organisationId: org.id,
      members: [
        { userId: first, email: null, role: 'org_admin', language: null },
        { userId: second, email: 'second@partner.example', role: 'partner_staff', language: null },
      ],
      intakeEmail: 'intake@partner.example',
      intakeLanguage: 'sv',
    });
    const nobody = { members: [], intakeEmail: null, intakeLanguage: null };
    const unknown = randomUUID();
    expect(await ask(unknown)).toEqual({ organisationId: unknown, ...nobody });
    expect(
      (
        await refusal(
          partners.rpc.request(
            'partners.organisation.recipients',
            { organisationId: org.id },
            context(admin),
          ),
        )
      ).code,
    ).toBe('AUTH.FORBIDDEN');

    await partners.rpc.request('partners.organisation.deactivate', { id: org.id }, context(admin));
    expect(await ask(org.id)).toEqual({ organisationId: org.id, ...nobody });
  });

  it('refuses the members of a deactivated organisation, and its open invitations', async () => {
    const org = await createOrganisation();
    const member = randomUUID();
    const email = `member.${randomUUID().slice(0, 8)}@partner.example`;
    const late = `late.${randomUUID().slice(0, 8)}@partner.example`;
    for (const address of [email, late]) {
      await partners.rpc.request(
        'partners.member.invite',
        { organisationId: org.id, email: address, role: 'org_admin' },
        context(admin),
      );
    }
    expect(await resolve(resolution(member, { email, emailVerified: true }))).toMatchObject({
      activeOrganisationId: org.id,
      role: 'org_admin',
    });

    await partners.rpc.request('partners.organisation.deactivate', { id: org.id }, context(admin));

    expect(await resolve(resolution(member, { email, emailVerified: true }))).toEqual({
      memberships: [],
      activeOrganisationId: null,
      role: null,
    });
    const error = await refusal(resolve(resolution(member, { requestedOrganisationId: org.id })));
    expect(error.code).toBe('AUTH.FORBIDDEN');
    // An invitation of the deactivated organisation no longer becomes a membership.
    expect(await resolve(resolution(randomUUID(), { email: late, emailVerified: true }))).toMatchObject({
      memberships: [],
      role: null,
    });
    const members = await partners.sql.query(
      `SELECT user_id FROM "partners"."memberships" WHERE organisation_id = $1`,
      [org.id],
    );
    expect(members.rows).toEqual([{ user_id: member }]);
  });

  it('lets a platform admin invite only an org_admin, and nobody invite themselves', async () => {
    const org = await createOrganisation();
    const before = await count('invitations');
    const staff = await refusal(
      partners.rpc.request(
        'partners.member.invite',
        { organisationId: org.id, email: `s.${randomUUID().slice(0, 8)}@x.example`, role: 'advisor' },
        context(admin),
      ),
    );
    expect(staff.code).toBe('AUTH.FORBIDDEN');
    expect(staff.details).toEqual([{ field: 'role', reasons: ['role must be org_admin'] }]);
    const self = await refusal(
      partners.rpc.request(
        'partners.member.invite',
        { organisationId: org.id, email: 'Admin@Moni.Example', role: 'org_admin' },
        context({ ...admin, email: 'admin@moni.example' }),
      ),
    );
    expect(self.code).toBe('MEMBER.SELF_CHANGE');
    expect(self.details).toEqual([{ field: 'email', reasons: ['email is your own'] }]);
    expect(await count('invitations')).toBe(before);
  });

  it('never lets the inviter accept their own invitation', async () => {
    const org = await createOrganisation();
    const email = `own.${randomUUID().slice(0, 8)}@partner.example`;
    // The platform admin's token did not say its e-mail: the invitation is stored, but it cannot claim it.
    await partners.rpc.request(
      'partners.member.invite',
      { organisationId: org.id, email, role: 'org_admin' },
      context(admin),
    );
    expect(await resolve(resolution(admin.userId, { email, emailVerified: true }))).toMatchObject({
      memberships: [],
    });
    // The invited person does.
    expect(await resolve(resolution(randomUUID(), { email, emailVerified: true }))).toMatchObject({
      activeOrganisationId: org.id,
      role: 'org_admin',
    });
  });

  it('audits a refused admin action without writing anything else', async () => {
    const org = await createOrganisation();
    const other = await createOrganisation();
    const orgAdmin = actor('org_admin', org.id);
    const [organisations, events] = [await count('organisations'), await count('outbox')];
    const ctx = context(orgAdmin);

    const error = await refusal(
      partners.rpc.request('partners.organisation.update', { id: other.id, kind: 'changed' }, ctx),
    );
    expect(error.code).toBe('RESOURCE.NOT_FOUND');
    expect(await outbox(ctx.correlationId)).toEqual([
      {
        type: 'events.audit.entry.recorded',
        data: {
          action: 'organisation.update',
          outcome: 'refused',
          targetType: 'organisation',
          targetId: other.id,
          organisationId: org.id,
          sourceService: 'partners',
          detail: { code: 'RESOURCE.NOT_FOUND', targetOrganisationId: other.id },
        },
      },
    ]);
    expect(await count('organisations')).toBe(organisations);
    expect(await count('outbox')).toBe(events + 1);
    expect(
      (await partners.rpc.request('partners.organisation.get', { id: other.id }, context(admin))).kind,
    ).toBe('non-governmental organisation');
  });
});
