// Referral rows: each carries data-referral-id, its status as a badge, due date and overdue as text.
import { useTranslation } from 'react-i18next';
import type { ReferralSummary } from '../../api/types';
import { useFormat } from '../../i18n/format';
import { AppLink } from '../../ui/AppLink';
import { StatusBadge } from '../../ui/StatusBadge';

export function OverdueBadge() {
  const { t } = useTranslation();
  return <span className="badge badge--overdue">{t('referral.overdue')}</span>;
}

export function ReferralTable({ items, caption }: { items: ReferralSummary[]; caption: string }) {
  const { t } = useTranslation();
  const format = useFormat();
  return (
    <table className="data-table">
      <caption className="visually-hidden">{caption}</caption>
      <thead>
        <tr>
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
