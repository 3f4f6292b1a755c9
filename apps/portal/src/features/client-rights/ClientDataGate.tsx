// A platform admin sees no client data (product.md): the client screens' routes show this page
// instead, before any of them calls the API.
import type { ReactNode } from 'react';
import { useRouterState } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import type { Role } from '../../api/types';
import { PageHeading } from '../../ui/PageHeading';

/** The routes that show clients or referrals (and so client data). */
const CLIENT_ROUTES = [/^\/clients(\/|$)/, /^\/referrals(\/|$)/, /^\/outbox\/?$/, /^\/inbox\/?$/];

export function showsClientData(pathname: string): boolean {
  return CLIENT_ROUTES.some((pattern) => pattern.test(pathname));
}

export function NotAvailableForRole() {
  const { t } = useTranslation();
  return (
    <div data-not-available="">
      <PageHeading>{t('clientRights.notAvailable.title')}</PageHeading>
      <p>{t('clientRights.notAvailable.text')}</p>
    </div>
  );
}

export function ClientDataGate({ role, children }: { role: Role | null; children: ReactNode }) {
  const pathname = useRouterState({ select: (state) => state.location.pathname });
  if (role === 'platform_admin' && showsClientData(pathname)) {
    return <NotAvailableForRole />;
  }
  return <>{children}</>;
}
