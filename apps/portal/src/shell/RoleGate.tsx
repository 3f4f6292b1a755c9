// Who each work screen is for, as the API decides it (apps/clients access.ts, apps/referrals
// referral-access.ts): a role it is not for sees a page that says so before the screen calls the
// API, instead of a form that is refused only once filled in. A platform admin sees no client data
// (product.md), so the client and referral screens tell them why.
import type { ReactNode } from 'react';
import { useRouterState } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import type { Role } from '../api/types';
import { PageHeading } from '../ui/PageHeading';

type Audience = 'advisors' | 'referralWorkers';

const FOR_AUDIENCE: Record<Audience, readonly Role[]> = {
  advisors: ['advisor'],
  // The receiving side works referrals too: an advisor's organisation may receive them.
  referralWorkers: ['advisor', 'partner_staff'],
};

/** The screens that show clients or referrals (and so client data), first match wins. */
const CLIENT_SCREENS: ReadonlyArray<{ pattern: RegExp; audience: Audience }> = [
  { pattern: /^\/clients(\/|$)/, audience: 'advisors' },
  { pattern: /^\/referrals\/new\/?$/, audience: 'advisors' },
  { pattern: /^\/outbox\/?$/, audience: 'advisors' },
  { pattern: /^\/referrals(\/|$)/, audience: 'referralWorkers' },
  { pattern: /^\/inbox\/?$/, audience: 'referralWorkers' },
];

function audienceOf(pathname: string): Audience | null {
  return CLIENT_SCREENS.find(({ pattern }) => pattern.test(pathname))?.audience ?? null;
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
  const text = role === 'platform_admin' ? t('roleGate.noClientData') : t(`roleGate.for.${audience}`);
  return <NotAvailableForRole text={text} />;
}
