// A client: details, needs, consents (status as badges; receipt and withdrawal on each), the
// client's referrals, and the way on to record a consent or make a referral.
import { createLazyRoute, getRouteApi } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { isMissingRecord, isUuid } from '../../api/client';
import { useClient, useClientReferrals, useConsents } from '../../api/queries';
import type { Client } from '../../api/types';
import { useFormat } from '../../i18n/format';
import { AppLink } from '../../ui/AppLink';
import { LoadError, Loading } from '../../ui/Loading';
import { PageHeading } from '../../ui/PageHeading';
import { QueryView } from '../../ui/QueryView';
import { ReferralTable } from '../outbox/ReferralTable';
import { StatusBadge } from '../../ui/StatusBadge';
import { useOrganisationName } from './organisation-name';
import { ClientRights } from '../client-rights/ClientRights';
import { ClientContacts } from '../contacts/ClientContacts';
import { EsfPanel } from '../esf/EsfPanel';
import { NotFound } from '../not-found/NotFound';
import { LoadMore } from '../../ui/LoadMore';
import { TableScroll } from '../../ui/TableScroll';

const routeApi = getRouteApi('/clients/$clientId');

/** The client's details and needs as recorded ("–" where a field is empty). */
function ClientDetails({ client: c }: { client: Client }) {
  const { t } = useTranslation();
  const format = useFormat();
  return (
    <>
      <section className="panel" aria-labelledby="client-details">
        <h2 id="client-details">{t('client.details')}</h2>
        <dl className="definition-list">
          <dt>{t('fields.dateOfBirth')}</dt>
          <dd>{format.date(c.dateOfBirth) || '–'}</dd>
          <dt>{t('fields.personalIdentityCode')}</dt>
          <dd>{c.personalIdentityCodeMasked ?? '–'}</dd>
          <dt>{t('fields.languages')}</dt>
          <dd>{c.languages.map(format.languageName).join(', ') || '–'}</dd>
          <dt>{t('fields.preferredLanguage')}</dt>
          <dd>{c.preferredLanguage ? format.languageName(c.preferredLanguage) : '–'}</dd>
          <dt>{t('fields.interpreterNeeded')}</dt>
          <dd>{c.interpreterNeeded ? t('common.yes') : t('common.no')}</dd>
          <dt>{t('fields.phone')}</dt>
          <dd>{c.phone ?? '–'}</dd>
          <dt>{t('fields.email')}</dt>
          <dd>{c.email ?? '–'}</dd>
          <dt>{t('fields.municipality')}</dt>
          <dd>{c.municipality ?? '–'}</dd>
        </dl>
      </section>
      <section className="panel" aria-labelledby="client-needs">
        <h2 id="client-needs">{t('fields.needs')}</h2>
        {c.needs.length === 0 ? (
          <p>{t('client.noNeeds')}</p>
        ) : (
          <ul>
            {c.needs.map((need) => (
              <li key={need.category}>
                <strong>{t(`need.${need.category}`)}</strong>
                {need.description ? `: ${need.description}` : ''}
              </li>
            ))}
          </ul>
        )}
      </section>
    </>
  );
}

/** An address with no id in it names no client: the page says so without asking the API. */
function ClientPage() {
  const { clientId } = routeApi.useParams();
  return isUuid(clientId) ? <ClientPageFor clientId={clientId} /> : <NotFound />;
}

function ClientPageFor({ clientId }: { clientId: string }) {
  const { t } = useTranslation();
  const format = useFormat();
  const client = useClient(clientId);
  const consents = useConsents(clientId);
  const referrals = useClientReferrals(clientId);
  const clientReferrals = referrals.data?.pages.flatMap((page) => page.items) ?? [];
  const organisationName = useOrganisationName();
  if (client.isPending) {
    return (
      <>
        <PageHeading>{t('client.title')}</PageHeading>
        <Loading />
      </>
    );
  }
  if (client.isError && isMissingRecord(client.error)) {
    return <NotFound />;
  }
  if (client.isError) {
    return (
      <>
        <PageHeading>{t('client.title')}</PageHeading>
        <LoadError error={client.error} />
      </>
    );
  }
  const c = client.data;
  const name = c.erased ? t('clients.erased') : `${c.firstName ?? ''} ${c.lastName ?? ''}`.trim();
  return (
    <>
      <PageHeading title={name}>{name}</PageHeading>
      {c.erased ? (
        <p data-client-erased="">{t('client.erasedNoNewWork')}</p>
      ) : (
        <ul className="quick-links">
          <li>
            <AppLink to="/clients/$clientId/consents/new" params={{ clientId }}>
              {t('client.recordConsent')}
            </AppLink>
          </li>
          <li>
            <AppLink to="/referrals/new" search={{ clientId }}>
              {t('client.makeReferral')}
            </AppLink>
          </li>
        </ul>
      )}
      <ClientDetails client={c} />
      <section className="panel" aria-labelledby="client-consents">
        <h2 id="client-consents">{t('client.consents')}</h2>
        <QueryView
          query={consents}
          isEmpty={(data) => data.items.length === 0}
          empty={<p>{t('client.noConsents')}</p>}
        >
          {(data) => (
            <TableScroll label={t('client.consents')}>
              <table className="data-table">
                <thead>
                  <tr>
                    <th scope="col">{t('consent.status')}</th>
                    <th scope="col">{t('consent.recipients')}</th>
                    <th scope="col">{t('consent.categories')}</th>
                    <th scope="col">{t('consent.validUntil')}</th>
                    <th scope="col">
                      <span className="visually-hidden">{t('consent.open')}</span>
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {data.items.map((consent) => (
                    <tr key={consent.id} data-consent-id={consent.id}>
                      <td>
                        <StatusBadge kind="consent" status={consent.status} />
                      </td>
                      <td>{consent.recipientOrganisationIds.map(organisationName).join(', ')}</td>
                      <td>{consent.categories.map((category) => t(`category.${category}`)).join(', ')}</td>
                      <td>{format.date(consent.validUntil) || '–'}</td>
                      <td>
                        <AppLink
                          to="/clients/$clientId/consents/$consentId"
                          params={{ clientId, consentId: consent.id }}
                        >
                          {t('consent.openConsent', { date: format.date(consent.givenAt) })}
                        </AppLink>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </TableScroll>
          )}
        </QueryView>
      </section>
      <section className="panel" aria-labelledby="client-referrals">
        <h2 id="client-referrals">{t('client.referrals')}</h2>
        <QueryView
          query={referrals}
          isEmpty={() => clientReferrals.length === 0}
          empty={<p>{t('client.noReferrals')}</p>}
        >
          {() => (
            <>
              <ReferralTable items={clientReferrals} caption={t('client.referrals')} showClient={false} />
              <LoadMore query={referrals} />
            </>
          )}
        </QueryView>
      </section>
      <ClientContacts client={c} name={name} />
      {!c.erased && <EsfPanel client={c} />}
      <ClientRights clientId={clientId} erased={c.erased} />
    </>
  );
}

export const Route = createLazyRoute('/clients/$clientId')({ component: ClientPage });
