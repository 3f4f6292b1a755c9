import type { Role } from '../api/types';
import { renderInPortal, screen } from '../../test/render';
import { RoleGate } from './RoleGate';

async function show(
  role: Role | null,
  path: string,
  language: 'en' | 'fi' | 'sv' = 'en',
): Promise<string | null> {
  await renderInPortal(
    <RoleGate role={role}>
      <p>the screen itself</p>
    </RoleGate>,
    language,
    path,
  );
  return screen.queryByText('the screen itself')
    ? 'screen'
    : document.querySelector('main, body')!.textContent;
}

describe('RoleGate', () => {
  it.each([
    ['advisor', '/clients'],
    ['advisor', '/clients/new'],
    ['advisor', '/clients/c1/consents/new'],
    ['advisor', '/referrals/new'],
    ['advisor', '/outbox'],
    ['advisor', '/inbox'],
    ['advisor', '/referrals/r1'],
    ['partner_staff', '/inbox'],
    ['partner_staff', '/referrals/r1'],
    ['partner_staff', '/settings'],
    ['org_admin', '/organisation'],
    ['org_admin', '/organisation/members'],
    ['org_admin', '/organisation/services'],
    ['platform_admin', '/admin/audit'],
    ['platform_admin', '/admin/organisations'],
  ] as const)('lets a %s open %s', async (role, path) => {
    expect(await show(role, path)).toBe('screen');
  });

  it.each([
    ['partner_staff', '/clients', 'This page is for advisors'],
    ['partner_staff', '/clients/new', 'This page is for advisors'],
    ['partner_staff', '/referrals/new', 'This page is for advisors'],
    ['partner_staff', '/outbox', 'This page is for advisors'],
    ['org_admin', '/clients/c1', 'This page is for advisors'],
    ['org_admin', '/inbox', 'This page is for advisors and partner staff'],
    ['org_admin', '/referrals/r1', 'This page is for advisors and partner staff'],
    [null, '/inbox', 'This page is for advisors and partner staff'],
    ['platform_admin', '/clients/c1', 'Platform administrators do not see clients'],
    ['platform_admin', '/referrals/r1', 'Platform administrators do not see clients'],
    ['advisor', '/admin/audit', "This page is for the platform's administrators"],
    ['org_admin', '/admin/organisations', "This page is for the platform's administrators"],
    ['partner_staff', '/admin/audit', "This page is for the platform's administrators"],
    ['advisor', '/organisation', "This page is for the organisation's administrators"],
    ['partner_staff', '/organisation/members', "This page is for the organisation's administrators"],
    ['advisor', '/organisation/services', "This page is for the organisation's administrators"],
    // Not a client screen: the organisation's text, not the one about clients' data.
    ['platform_admin', '/organisation/members', "This page is for the organisation's administrators"],
    [null, '/organisation', "This page is for the organisation's administrators"],
  ] as const)(
    'tells a %s that %s is not for their role, before the screen renders',
    async (role, path, text) => {
      const shown = await show(role, path);
      expect(shown).toContain('Not available for your role');
      expect(shown).toContain(text);
      expect(screen.getByRole('heading', { level: 1 })).toBeTruthy();
    },
  );

  it('says it in the interface’s language', async () => {
    expect(await show('partner_staff', '/clients/new', 'fi')).toContain('Tämä sivu on ohjaajille');
  });

  it('says whom the organisation’s pages are for in the interface’s language', async () => {
    expect(await show('advisor', '/organisation/members', 'sv')).toContain(
      'Den här sidan är för organisationens administratörer',
    );
  });
});
