import { isPlatformAdmin, type Actor } from '#contracts';
import { requireOrganisationAdmin, requireOrganisationReader, requirePlatformAdmin } from './access.js';

const ORG = '11111111-1111-4111-8111-111111111111';
const OTHER = '22222222-2222-4222-8222-222222222222';

const actor = (overrides: Partial<Actor> = {}): Actor => ({
  userId: '33333333-3333-4333-8333-333333333333',
  username: 'someone',
  organisationId: ORG,
  role: 'org_admin',
  realmRoles: [],
  ...overrides,
});
const platformAdmin = actor({ organisationId: null, role: 'platform_admin', realmRoles: ['platform_admin'] });

const codeOf = (fn: () => unknown): string | undefined => {
  try {
    fn();
    return undefined;
  } catch (error) {
    return (error as { code?: string }).code;
  }
};

describe('partners access rules', () => {
  it('knows platform_admin by the acting role or the realm role', () => {
    expect(isPlatformAdmin(platformAdmin)).toBe(true);
    expect(isPlatformAdmin(actor({ realmRoles: ['platform_admin'] }))).toBe(true);
    expect(isPlatformAdmin(actor())).toBe(false);
    expect(isPlatformAdmin(null)).toBe(false);
  });

  it('lets only platform_admin do platform work', () => {
    expect(codeOf(() => requirePlatformAdmin(platformAdmin))).toBeUndefined();
    expect(codeOf(() => requirePlatformAdmin(actor()))).toBe('AUTH.FORBIDDEN');
    expect(codeOf(() => requirePlatformAdmin(null))).toBe('AUTH.FORBIDDEN');
  });

  it("lets an org_admin administer their own organisation, hides another's (404) and refuses staff (403)", () => {
    expect(codeOf(() => requireOrganisationAdmin(actor(), ORG))).toBeUndefined();
    expect(codeOf(() => requireOrganisationAdmin(actor(), OTHER))).toBe('RESOURCE.NOT_FOUND');
    expect(codeOf(() => requireOrganisationAdmin(actor({ role: 'partner_staff' }), ORG))).toBe(
      'AUTH.FORBIDDEN',
    );
    expect(codeOf(() => requireOrganisationAdmin(actor({ role: 'advisor' }), OTHER))).toBe(
      'RESOURCE.NOT_FOUND',
    );
    expect(codeOf(() => requireOrganisationAdmin(platformAdmin, OTHER))).toBeUndefined();
  });

  it('lets members read their own organisation only', () => {
    expect(codeOf(() => requireOrganisationReader(actor({ role: 'advisor' }), ORG))).toBeUndefined();
    expect(codeOf(() => requireOrganisationReader(actor({ role: 'advisor' }), OTHER))).toBe(
      'RESOURCE.NOT_FOUND',
    );
    expect(codeOf(() => requireOrganisationReader(platformAdmin, OTHER))).toBeUndefined();
  });
});
