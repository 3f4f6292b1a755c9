// Clients: search by name, date of birth or identity code (the query is in the URL), identity codes
// masked, keyset paging with "Load more".
import { createLazyRoute, getRouteApi, useNavigate } from '@tanstack/react-router';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { SearchInput } from 'suomifi-ui-components';
import { useClientSearch } from '../../api/queries';
import { useFormat } from '../../i18n/format';
import { AppLink } from '../../ui/AppLink';
import { QueryView } from '../../ui/QueryView';
import { PageHeading } from '../../ui/PageHeading';
import { LoadMore } from '../../ui/LoadMore';
import { TableScroll } from '../../ui/TableScroll';

const routeApi = getRouteApi('/clients');

function Clients() {
  const { t } = useTranslation();
  const format = useFormat();
  const { q } = routeApi.useSearch();
  const navigate = useNavigate();
  const [text, setText] = useState(q ?? '');
  const clients = useClientSearch(q);
  const items = clients.data?.pages.flatMap((page) => page.items) ?? [];
  return (
    <>
      <PageHeading>{t('clients.title')}</PageHeading>
      <p>
        <AppLink to="/clients/new">{t('clients.new')}</AppLink>
      </p>
      <form
        role="search"
        className="filters"
        onSubmit={(event) => {
          event.preventDefault();
          void navigate({ to: '/clients', search: { q: text.trim() || undefined } });
        }}
      >
        <SearchInput
          labelText={t('clients.search')}
          clearButtonLabel={t('clients.clearSearch')}
          searchButtonLabel={t('clients.searchButton')}
          value={text}
          onChange={setText}
          onSearch={(value) => void navigate({ to: '/clients', search: { q: value.trim() || undefined } })}
          name="q"
        />
      </form>
      <QueryView
        query={clients}
        isEmpty={() => items.length === 0}
        empty={<p role="status">{q ? t('clients.noMatches', { q }) : t('clients.none')}</p>}
      >
        {() => (
          <>
            <p role="status" className="muted">
              {t('common.showing', { count: format.number(items.length) })}
            </p>
            <TableScroll label={t('clients.title')}>
              <table className="data-table">
                <caption className="visually-hidden">{t('clients.title')}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('clients.name')}</th>
                    <th scope="col">{t('clients.dateOfBirth')}</th>
                    <th scope="col">{t('clients.identityCode')}</th>
                    <th scope="col">{t('clients.preferredLanguage')}</th>
                    <th scope="col">{t('clients.municipality')}</th>
                  </tr>
                </thead>
                <tbody>
                  {items.map((client) => (
                    <tr key={client.id} data-client-id={client.id}>
                      <td>
                        {client.erased ? (
                          t('clients.erased')
                        ) : (
                          <AppLink to="/clients/$clientId" params={{ clientId: client.id }}>
                            {client.lastName}, {client.firstName}
                          </AppLink>
                        )}
                      </td>
                      <td>{format.date(client.dateOfBirth) || '–'}</td>
                      <td>{client.personalIdentityCodeMasked ?? '–'}</td>
                      <td>{client.preferredLanguage ? format.languageName(client.preferredLanguage) : ''}</td>
                      <td>{client.municipality ?? ''}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </TableScroll>
            <LoadMore query={clients} />
          </>
        )}
      </QueryView>
    </>
  );
}

export const Route = createLazyRoute('/clients')({ component: Clients });
