import type { Actor } from '#contracts';
import type { OutboxWriter } from '#messaging';
import type { PartnersConfig } from '../config.js';
import type { OrganisationsRepository } from './organisations.repository.js';
import { OrganisationsService } from './organisations.service.js';

const ORG = '11111111-1111-4111-8111-111111111111';
const OTHER = '22222222-2222-4222-8222-222222222222';

/** Fails on any use: these rules must refuse before touching the database or the outbox. */
const untouchable = <T extends object>(name: string): T =>
  new Proxy({} as T, {
    get: (_target, property) => {
      throw new Error(`${name}.${String(property)} was used`);
    },
  });

const service = new OrganisationsService(
  untouchable<OrganisationsRepository>('repository'),
  untouchable<OutboxWriter>('outbox'),
  { agreementVersion: '2026-1', invitationTtlDays: 14, demoData: false } satisfies PartnersConfig,
);

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
  });

  it("gives an org_admin 404 for another organisation's profile", async () => {
    await expect(
      service.update(orgAdmin, { id: OTHER, intake: { responseDays: 2 } }, 'corr'),
    ).rejects.toMatchObject({
      code: 'RESOURCE.NOT_FOUND',
    });
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
  });

  it('refuses organisation creation and listing to anyone but platform_admin', async () => {
    await expect(service.create(orgAdmin, { name: { fi: 'X' }, kind: 'x' }, 'c')).rejects.toMatchObject({
      code: 'AUTH.FORBIDDEN',
    });
    await expect(service.list(orgAdmin, {})).rejects.toMatchObject({ code: 'AUTH.FORBIDDEN' });
  });
});
