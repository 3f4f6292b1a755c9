// Home by role: the role's quick links; for an advisor also the consents that expire soon.
import { useQuery } from '@tanstack/react-query';
import { createLazyRoute } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import { useSession } from '../../api/session';
import type { ExpiringConsent } from '../../api/types';
import { useFormat } from '../../i18n/format';
import { navigationFor } from '../../shell/navigation';
import { AppLink } from '../../ui/AppLink';
import { QueryView } from '../../ui/QueryView';
import { PageHeading } from '../../ui/PageHeading';
import { QuickEntry } from '../contacts/QuickEntry';

function ExpiringConsents() {
  const { t } = useTranslation();
  const format = useFormat();
  const expiring = useQuery({
    queryKey: ['consents', 'expiring'],
    queryFn: () => api.get<{ items: ExpiringConsent[] }>('/api/v1/consents/expiring', { withinDays: 30 }),
  });
  return (
    <section className="panel" aria-labelledby="expiring-heading">
      <h2 id="expiring-heading">{t('home.expiring')}</h2>
      <QueryView
        query={expiring}
        isEmpty={(data) => data.items.length === 0}
        empty={<p>{t('home.noExpiring')}</p>}
      >
        {(data) => (
          <ul>
            {data.items.map((consent) => (
              <li key={consent.consentId}>
                <AppLink
                  to="/clients/$clientId/consents/$consentId"
                  params={{ clientId: consent.clientId, consentId: consent.consentId }}
                >
                  {consent.firstName} {consent.lastName}
                </AppLink>{' '}
                – {t('home.validUntil', { date: format.date(consent.validUntil) })}
              </li>
            ))}
          </ul>
        )}
      </QueryView>
    </section>
  );
}

function Home() {
  const { t } = useTranslation();
  const { session } = useSession();
  const name = session.user.name ?? session.user.username;
  const links = navigationFor(session.role).filter((item) => item.to !== '/');
  return (
    <>
      <PageHeading>{t('home.title', { name })}</PageHeading>
      <nav aria-label={t('home.quickLinks')}>
        <ul className="quick-links">
          {session.role === 'advisor' && (
            <li>
              <AppLink to="/clients/new">{t('clients.new')}</AppLink>
            </li>
          )}
          {links.map((item) => (
            <li key={item.to}>
              <AppLink to={item.to}>{t(item.label)}</AppLink>
            </li>
          ))}
        </ul>
      </nav>
      {session.role === 'advisor' && <QuickEntry />}
      {session.role === 'advisor' && <ExpiringConsents />}
    </>
  );
}

export const Route = createLazyRoute('/')({ component: Home });
