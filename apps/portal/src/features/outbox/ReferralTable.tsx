// Referral rows: each carries data-referral-id, its status as a badge, due date and overdue as text;
// the clients' names come from one lookup for the whole table.
import { useTranslation } from 'react-i18next';
import { useClientNames } from '../../api/queries';
import type { ReferralSummary } from '../../api/types';
import { useFormat } from '../../i18n/format';
import { AppLink } from '../../ui/AppLink';
import { StatusBadge } from '../../ui/StatusBadge';
import { TableScroll } from '../../ui/TableScroll';

export function OverdueBadge() {
  const { t } = useTranslation();
  return <span className="badge badge--overdue">{t('referral.overdue')}</span>;
}

/** The client's name from the table's one lookup of all its clients' names. */
function ClientName({
  clientId,
  names,
}: {
  clientId: string | null;
  names: ReturnType<typeof useClientNames>;
}) {
  const { t } = useTranslation();
  if (!clientId) {
    return <span className="muted">–</span>;
  }
  if (!names.data) {
    return <span className="muted">{names.isError ? '–' : t('common.loading')}</span>;
  }
  const client = names.data.get(clientId);
  return !client || client.erased
    ? t('clients.erased')
    : `${client.firstName ?? ''} ${client.lastName ?? ''}`.trim();
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
  const names = useClientNames(showClient ? items.map((referral) => referral.clientId) : []);
  return (
    <TableScroll label={caption}>
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
                  <ClientName clientId={referral.clientId} names={names} />
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
              <td>{format.deadline(referral.dueAt) || '–'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableScroll>
  );
}
