import type { Actor } from '#contracts';
import { actorHasRole } from './actor.guard.js';

const actor = (overrides: Partial<Actor>): Actor => ({
  userId: '33333333-3333-4333-8333-333333333333',
  username: 'someone',
  organisationId: '11111111-1111-4111-8111-111111111111',
  role: 'advisor',
  realmRoles: [],
  ...overrides,
});

describe(actorHasRole.name, () => {
  it('passes an actor whose membership role is listed', () => {
    expect(actorHasRole(actor({ role: 'org_admin' }), ['platform_admin', 'org_admin'])).toBe(true);
  });

  it('refuses an actor whose role is not listed, whatever their realm roles say', () => {
    expect(actorHasRole(actor({ role: 'partner_staff' }), ['org_admin'])).toBe(false);
    expect(actorHasRole(actor({ role: 'advisor', realmRoles: ['org_admin'] }), ['org_admin'])).toBe(false);
    expect(actorHasRole(actor({ role: null }), ['advisor'])).toBe(false);
  });

  it('counts the realm role platform_admin only where platform_admin is listed', () => {
    const admin = actor({ organisationId: null, role: 'platform_admin', realmRoles: ['platform_admin'] });
    expect(actorHasRole(admin, ['platform_admin'])).toBe(true);
    expect(actorHasRole(admin, ['org_admin'])).toBe(false);
    const memberAdmin = actor({ role: 'advisor', realmRoles: ['platform_admin'] });
    expect(actorHasRole(memberAdmin, ['platform_admin'])).toBe(true);
  });
});
