// The summary's rows that need more than the referral: the client's name (the sending side's only)
// and the name of the service the referral was made to.
import { useTranslation } from 'react-i18next';
import { useClient } from '../../api/queries';
import { useSession } from '../../api/session';
import type { Referral } from '../../api/types';
import { useFormat } from '../../i18n/format';
import { AppLink } from '../../ui/AppLink';
import { useOrganisationServices } from '../inbox/queries';

/**
 * The client, named, with the link to their page: for the sending side only (the client's
 * advisors, who may read the client: GET /clients/{id}, audited as any read of client data). The
 * receiving partner gets no client id (null for it) and nothing is looked up for it: it sees what
 * was shared in the shared data section.
 */
export function ClientRow({ referral }: { referral: Referral }) {
  const { t } = useTranslation();
  const { session } = useSession();
  const clientId =
    referral.sendingOrganisation.id === session.activeOrganisationId ? referral.clientId : null;
  const client = useClient(clientId ?? '', clientId !== null);
  if (!clientId) {
    return null;
  }
  const name = client.data ? `${client.data.firstName ?? ''} ${client.data.lastName ?? ''}`.trim() : '';
  return (
    <>
      <dt>{t('referral.client')}</dt>
      <dd>
        <AppLink to="/clients/$clientId" params={{ clientId }}>
          {/* Until the name is read (or if it cannot be), the link says what it does. */}
          {client.data?.erased ? t('clients.erased') : name || t('referral.openClient')}
        </AppLink>
      </dd>
    </>
  );
}

/**
 * The service the referral was made to, named in the page's language. The receiving organisation's
 * services are readable by both sides (the inbox's service filter reads the same list); one
 * deleted since is no longer in it.
 */
export function ServiceRow({ referral }: { referral: Referral }) {
  const { t } = useTranslation();
  const format = useFormat();
  const services = useOrganisationServices(referral.serviceId ? referral.receivingOrganisation.id : null);
  if (!referral.serviceId) {
    return null;
  }
  const service = services.data?.items.find((item) => item.id === referral.serviceId);
  let name = service ? format.localised(service.name) : '–';
  if (!service && services.isPending) {
    name = t('common.loading');
  }
  return (
    <>
      <dt>{t('referral.service')}</dt>
      <dd>{name}</dd>
    </>
  );
}
