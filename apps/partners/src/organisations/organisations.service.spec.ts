import type { DataSource, EntityManager } from 'typeorm';
import type { Actor } from '#contracts';
import type { OutboxWriter } from '#messaging';
import { CursorCodec } from '#service-core';
import type { PartnersConfig } from '../config.js';
import type { OrganisationsRepository } from './organisations.repository.js';
import { OrganisationsService } from './organisations.service.js';

const ORG = '11111111-1111-4111-8111-111111111111';
const OTHER = '22222222-2222-4222-8222-222222222222';

/** Fails on any use: these rules must refuse before touching the database or the outbox. */
const untouchable = <T extends object>(name: string, allowed: Partial<T> = {}): T =>
  new Proxy(allowed as T, {
    get: (target, property) => {
      if (property in target) {
        return target[property as keyof T];
      }
      throw new Error(`${name}.${String(property)} was used`);
    },
  });

/** What the refusals write: one audit entry each, in a transaction of their own. */
let appended: { type: string; data: Record<string, unknown>; correlationId: string }[] = [];
const transactionManager = untouchable<EntityManager>('manager');

const service = new OrganisationsService(
  untouchable<OrganisationsRepository>('repository', {
    dataSource: untouchable<DataSource>('dataSource', {
      transaction: (async (work: (manager: EntityManager) => Promise<unknown>) =>
        work(transactionManager)) as DataSource['transaction'],
    }),
  }),
  untouchable<OutboxWriter>('outbox', {
    append: ((
      manager: EntityManager,
      type: string,
      data: Record<string, unknown>,
      options: { correlationId: string },
    ) => {
      expect(manager).toBe(transactionManager);
      appended.push({ type, data, correlationId: options.correlationId });
      return Promise.resolve();
    }) as unknown as OutboxWriter['append'],
  }),
  { agreementVersion: '2026-1', invitationTtlDays: 14, demoData: false } satisfies PartnersConfig,
  new CursorCodec('test'),
);

beforeEach(() => {
  appended = [];
});

const refusal = (action: string, code: string, targetId: string | null, correlationId: string) => ({
  type: 'events.audit.entry.recorded',
  correlationId,
  data: {
    action,
    outcome: 'refused',
    targetType: 'organisation',
    targetId,
    organisationId: ORG,
    detail: { code, targetOrganisationId: targetId },
  },
});

const orgAdmin: Actor = {
  userId: '33333333-3333-4333-8333-333333333333',
  username: 'coordinator',
  organisationId: ORG,
  role: 'org_admin',
  realmRoles: [],
};

describe(OrganisationsService.name, () => {
  it('refuses an org_admin who changes what only platform_admin sets, naming the fields', async () => {
    await expect(
      service.update(orgAdmin, { id: ORG, canSend: true, kind: 'x' }, 'corr'),
    ).rejects.toMatchObject({
      code: 'AUTH.FORBIDDEN',
      details: [expect.objectContaining({ field: 'kind' }), expect.objectContaining({ field: 'canSend' })],
    });
    expect(appended).toEqual([refusal('organisation.update', 'AUTH.FORBIDDEN', ORG, 'corr')]);
  });

  it("gives an org_admin 404 for another organisation's profile", async () => {
    await expect(
      service.update(orgAdmin, { id: OTHER, intake: { responseDays: 2 } }, 'corr'),
    ).rejects.toMatchObject({
      code: 'RESOURCE.NOT_FOUND',
    });
    expect(appended).toEqual([refusal('organisation.update', 'RESOURCE.NOT_FOUND', OTHER, 'corr')]);
  });

  it('lets only the organisation’s own org_admin accept its agreement', async () => {
    await expect(
      service.acceptAgreement(orgAdmin, { id: OTHER, version: '2026-1' }, 'c'),
    ).rejects.toMatchObject({
      code: 'RESOURCE.NOT_FOUND',
    });
    const staff = { ...orgAdmin, role: 'partner_staff' as const };
    await expect(service.acceptAgreement(staff, { id: ORG, version: '2026-1' }, 'c')).rejects.toMatchObject({
      code: 'AUTH.FORBIDDEN',
    });
    expect(appended).toEqual([
      refusal('organisation.accept_agreement', 'RESOURCE.NOT_FOUND', OTHER, 'c'),
      refusal('organisation.accept_agreement', 'AUTH.FORBIDDEN', ORG, 'c'),
    ]);
  });

  it('refuses organisation creation and listing to anyone but platform_admin', async () => {
    await expect(service.create(orgAdmin, { name: { fi: 'X' }, kind: 'x' }, 'c')).rejects.toMatchObject({
      code: 'AUTH.FORBIDDEN',
    });
    await expect(service.list(orgAdmin, {}, 'l')).rejects.toMatchObject({ code: 'AUTH.FORBIDDEN' });
    await expect(service.deactivate(orgAdmin, { id: ORG }, 'd')).rejects.toMatchObject({
      code: 'AUTH.FORBIDDEN',
    });
    expect(appended).toEqual([
      refusal('organisation.create', 'AUTH.FORBIDDEN', null, 'c'),
      refusal('organisation.list', 'AUTH.FORBIDDEN', null, 'l'),
      refusal('organisation.deactivate', 'AUTH.FORBIDDEN', ORG, 'd'),
    ]);
  });

  it('records a request without an actor as refused, with no organisation', async () => {
    await expect(service.deactivate(null, { id: OTHER }, 'n')).rejects.toMatchObject({
      code: 'AUTH.FORBIDDEN',
    });
    expect(appended).toEqual([
      {
        ...refusal('organisation.deactivate', 'AUTH.FORBIDDEN', OTHER, 'n'),
        data: expect.objectContaining({ organisationId: null }),
      },
    ]);
  });
});
