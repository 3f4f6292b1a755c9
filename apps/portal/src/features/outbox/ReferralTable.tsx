// Referral rows: each carries data-referral-id, its status as a badge, due date and overdue as text.
import { useTranslation } from 'react-i18next';
import { useClient } from '../../api/queries';
import type { ReferralSummary } from '../../api/types';
import { useFormat } from '../../i18n/format';
import { AppLink } from '../../ui/AppLink';
import { StatusBadge } from '../../ui/StatusBadge';

export function OverdueBadge() {
  const { t } = useTranslation();
  return <span className="badge badge--overdue">{t('referral.overdue')}</span>;
}

/** The client's name (the list carries only the id; the client is cached once read). */
function ClientName({ clientId }: { clientId: string | null }) {
  const { t } = useTranslation();
  const client = useClient(clientId ?? '', clientId !== null);
  if (!clientId || !client.data) {
    return <span className="muted">{clientId ? t('common.loading') : '–'}</span>;
  }
  return client.data.erased
    ? t('clients.erased')
    : `${client.data.firstName ?? ''} ${client.data.lastName ?? ''}`.trim();
}

export function ReferralTable({
  items,
  caption,
  showClient = true,
}: {
  items: ReferralSummary[];
  caption: string;
  showClient?: boolean;
}) {
  const { t } = useTranslation();
  const format = useFormat();
  return (
    <table className="data-table">
      <caption className="visually-hidden">{caption}</caption>
      <thead>
        <tr>
          {showClient && <th scope="col">{t('referral.client')}</th>}
          <th scope="col">{t('referral.recipient')}</th>
          <th scope="col">{t('referral.need')}</th>
          <th scope="col">{t('referral.status')}</th>
          <th scope="col">{t('referral.sentAt')}</th>
          <th scope="col">{t('referral.dueAt')}</th>
        </tr>
      </thead>
      <tbody>
        {items.map((referral) => (
          <tr key={referral.id} data-referral-id={referral.id}>
            {showClient && (
              <td>
                <ClientName clientId={referral.clientId} />
              </td>
            )}
            <td>
              <AppLink to="/referrals/$referralId" params={{ referralId: referral.id }}>
                {format.localised(referral.receivingOrganisation.name)}
              </AppLink>
              {referral.kind === 'logged' && <span className="muted"> ({t('referral.logged')})</span>}
            </td>
            <td>{t(`need.${referral.need}`)}</td>
            <td>
              <StatusBadge status={referral.status} /> {referral.overdue && <OverdueBadge />}
            </td>
            <td>{format.date(referral.sentAt) || '–'}</td>
            <td>{format.date(referral.dueAt) || '–'}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
