// /referrals/new?clientId=: the wizard for that client; without one, pick the client first.
import { useQueryClient } from '@tanstack/react-query';
import { createLazyRoute, getRouteApi, useNavigate } from '@tanstack/react-router';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { SearchInput } from 'suomifi-ui-components';
import { useClient, useClientSearch } from '../../api/queries';
import { useFormat } from '../../i18n/format';
import { useAnnouncer } from '../../shell/Announcer';
import { AppLink } from '../../ui/AppLink';
import { LoadError, Loading } from '../../ui/Loading';
import { PageHeading } from '../../ui/PageHeading';
import { ReferralWizard } from './ReferralWizard';

const routeApi = getRouteApi('/referrals/new');

function ClientPicker() {
  const { t } = useTranslation();
  const format = useFormat();
  const [q, setQ] = useState('');
  const [submitted, setSubmitted] = useState('');
  const clients = useClientSearch(submitted || undefined);
  const items = clients.data?.pages.flatMap((page) => page.items) ?? [];
  return (
    <section className="panel" aria-labelledby="pick-client">
      <h2 id="pick-client">{t('referralForm.pickClient')}</h2>
      <form
        role="search"
        onSubmit={(event) => {
          event.preventDefault();
          setSubmitted(q.trim());
        }}
      >
        <SearchInput
          labelText={t('clients.search')}
          clearButtonLabel={t('clients.clearSearch')}
          searchButtonLabel={t('clients.searchButton')}
          value={q}
          onChange={setQ}
          onSearch={(value) => setSubmitted(value.trim())}
        />
      </form>
      {clients.isPending ? (
        <Loading />
      ) : (
        <ul>
          {items
            .filter((client) => !client.erased)
            .map((client) => (
              <li key={client.id}>
                <AppLink to="/referrals/new" search={{ clientId: client.id }}>
                  {client.lastName}, {client.firstName}
                </AppLink>{' '}
                <span className="muted">{format.date(client.dateOfBirth)}</span>
              </li>
            ))}
        </ul>
      )}
    </section>
  );
}

function NewReferral() {
  const { t } = useTranslation();
  const { clientId } = routeApi.useSearch();
  return (
    <>
      <PageHeading>{t('referralForm.title')}</PageHeading>
      {clientId ? <WizardFor clientId={clientId} /> : <ClientPicker />}
    </>
  );
}

function WizardFor({ clientId }: { clientId: string }) {
  const { t } = useTranslation();
  const client = useClient(clientId);
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const { toast } = useAnnouncer();
  if (client.isPending) {
    return <Loading />;
  }
  if (client.isError) {
    return <LoadError error={client.error} />;
  }
  if (client.data.erased) {
    // The API refuses a referral for an erased client: say why before the wizard is filled in.
    return <p data-client-erased="">{t('client.erasedNoNewWork')}</p>;
  }
  return (
    <>
      <p>
        {t('consentForm.forClient', {
          name: `${client.data.firstName ?? ''} ${client.data.lastName ?? ''}`.trim(),
        })}{' '}
        <AppLink to="/clients/$clientId" params={{ clientId }}>
          {t('consentForm.backToClient')}
        </AppLink>
      </p>
      <ReferralWizard
        client={client.data}
        onDone={(referral, sent) => {
          void queryClient.invalidateQueries({ queryKey: ['referrals'] });
          toast(sent ? t('referralForm.sent') : t('referralForm.draftSaved'));
          void navigate({ to: '/referrals/$referralId', params: { referralId: referral.id } });
        }}
      />
    </>
  );
}

export const Route = createLazyRoute('/referrals/new')({ component: NewReferral });
