// Who each work screen is for, as the API decides it (apps/clients access.ts, apps/referrals
// referral-access.ts): a role it is not for sees a page that says so before the screen calls the
// API, instead of a form that is refused only once filled in. A platform admin sees no client data
// (product.md), so the client and referral screens tell them why. The organisation's own pages are
// for its administrators (apps/partners decides who may change an organisation).
import type { ReactNode } from 'react';
import { useRouterState } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import type { Role } from '../api/types';
import { PageHeading } from '../ui/PageHeading';

type Audience = 'advisors' | 'referralWorkers' | 'organisationAdmins' | 'platformAdmins';

const FOR_AUDIENCE: Record<Audience, readonly Role[]> = {
  advisors: ['advisor'],
  // The receiving side works referrals too: an advisor's organisation may receive them.
  referralWorkers: ['advisor', 'partner_staff'],
  organisationAdmins: ['org_admin'],
  platformAdmins: ['platform_admin'],
};

/** The screens only some roles have, first match wins. */
const SCREENS: ReadonlyArray<{ pattern: RegExp; audience: Audience }> = [
  { pattern: /^\/clients(\/|$)/, audience: 'advisors' },
  { pattern: /^\/referrals\/new\/?$/, audience: 'advisors' },
  { pattern: /^\/outbox\/?$/, audience: 'advisors' },
  { pattern: /^\/referrals(\/|$)/, audience: 'referralWorkers' },
  { pattern: /^\/inbox\/?$/, audience: 'referralWorkers' },
  { pattern: /^\/organisation(\/|$)/, audience: 'organisationAdmins' },
  { pattern: /^\/admin(\/|$)/, audience: 'platformAdmins' },
];

/** The screens that show clients' data, which a platform admin is told they do not see. */
const CLIENT_DATA: ReadonlySet<Audience> = new Set(['advisors', 'referralWorkers']);

function audienceOf(pathname: string): Audience | null {
  return SCREENS.find(({ pattern }) => pattern.test(pathname))?.audience ?? null;
}

export function NotAvailableForRole({ text }: { text: string }) {
  const { t } = useTranslation();
  return (
    <div data-not-available="">
      <PageHeading>{t('roleGate.title')}</PageHeading>
      <p>{text}</p>
    </div>
  );
}

export function RoleGate({ role, children }: { role: Role | null; children: ReactNode }) {
  const { t } = useTranslation();
  const pathname = useRouterState({ select: (state) => state.location.pathname });
  const audience = audienceOf(pathname);
  if (audience === null || (role !== null && FOR_AUDIENCE[audience].includes(role))) {
    return <>{children}</>;
  }
  const text =
    role === 'platform_admin' && CLIENT_DATA.has(audience)
      ? t('roleGate.noClientData')
      : t(`roleGate.for.${audience}`);
  return <NotAvailableForRole text={text} />;
}
