import { useQueryClient } from '@tanstack/react-query';
import { createLazyRoute, getRouteApi, useNavigate } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import { useClient, useDirectoryOrganisations } from '../../api/queries';
import { useSession } from '../../api/session';
import { DATA_CATEGORIES, type Consent, type DataCategory } from '../../api/types';
import { useAnnouncer } from '../../shell/Announcer';
import { AppLink } from '../../ui/AppLink';
import { Loading } from '../../ui/Loading';
import { QueryView } from '../../ui/QueryView';
import { PageHeading } from '../../ui/PageHeading';
import { ConsentForm } from './ConsentForm';

const routeApi = getRouteApi('/clients/$clientId/consents/new');

function ConsentWizard() {
  const { t } = useTranslation();
  const { clientId } = routeApi.useParams();
  const search = routeApi.useSearch();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const { toast } = useAnnouncer();
  const client = useClient(clientId);
  const directory = useDirectoryOrganisations();
  const { session } = useSession();
  // The client's data stays in the own organisation without a consent: only others are recipients.
  const recipients = directory.organisations.filter(
    (organisation) => organisation.id !== session.activeOrganisationId,
  );
  const categories = (search.categories ?? '')
    .split(',')
    .filter((entry): entry is DataCategory => (DATA_CATEGORIES as readonly string[]).includes(entry));
  const name = client.data?.erased
    ? t('clients.erased')
    : `${client.data?.firstName ?? ''} ${client.data?.lastName ?? ''}`.trim();
  return (
    <>
      <PageHeading title={t('consentForm.title')}>{t('consentForm.title')}</PageHeading>
      <p>
        {t('consentForm.forClient', { name })}{' '}
        <AppLink to="/clients/$clientId" params={{ clientId }}>
          {t('consentForm.backToClient')}
        </AppLink>
      </p>
      {client.isPending || directory.isPending ? (
        <Loading />
      ) : (
        <QueryView query={client}>
          {(data) =>
            // The API refuses a consent for an erased client: say why before the form is filled in.
            data.erased ? (
              <p data-client-erased="">{t('client.erasedNoNewWork')}</p>
            ) : (
              <ConsentForm
                organisations={recipients}
                clientLanguage={data.preferredLanguage}
                initialRecipients={search.organisationId ? [search.organisationId] : []}
                initialCategories={categories}
                onSubmit={async (payload) => {
                  const consent = await api.post<Consent>(
                    `/api/v1/clients/${encodeURIComponent(clientId)}/consents`,
                    payload,
                  );
                  void queryClient.invalidateQueries({ queryKey: ['consents', clientId] });
                  toast(
                    payload.decision === 'given'
                      ? t('consentForm.recorded')
                      : t('consentForm.refusalRecorded'),
                  );
                  void navigate({
                    to: '/clients/$clientId/consents/$consentId',
                    params: { clientId, consentId: consent.id },
                  });
                }}
              />
            )
          }
        </QueryView>
      )}
    </>
  );
}

export const Route = createLazyRoute('/clients/$clientId/consents/new')({ component: ConsentWizard });
