// The main navigation by role (portal.md); every role also has Notifications and Settings.
import type { Role } from '../api/types';

export interface NavItem {
  to: string;
  /** Translation key of the link text. */
  label: string;
}

const BY_ROLE: Record<Role, NavItem[]> = {
  advisor: [
    { to: '/', label: 'nav.home' },
    { to: '/clients', label: 'nav.clients' },
    { to: '/outbox', label: 'nav.outbox' },
    { to: '/referrals/new', label: 'nav.newReferral' },
    { to: '/statistics', label: 'nav.statistics' },
  ],
  partner_staff: [
    { to: '/', label: 'nav.home' },
    { to: '/inbox', label: 'nav.inbox' },
  ],
  org_admin: [
    { to: '/', label: 'nav.home' },
    { to: '/organisation', label: 'nav.organisation' },
    { to: '/statistics', label: 'nav.statistics' },
  ],
  platform_admin: [
    { to: '/', label: 'nav.home' },
    { to: '/admin/organisations', label: 'nav.organisations' },
    { to: '/admin/audit', label: 'nav.audit' },
    { to: '/statistics', label: 'nav.statistics' },
  ],
};

const EVERYONE: NavItem[] = [
  { to: '/notifications', label: 'nav.notifications' },
  { to: '/settings', label: 'nav.settings' },
];

export function navigationFor(role: Role | null): NavItem[] {
  return [...(role ? BY_ROLE[role] : [{ to: '/', label: 'nav.home' }]), ...EVERYONE];
}
