// A status as text with its code in data-status (portal.md's contract); colour is only a hint.
import { useTranslation } from 'react-i18next';

export function StatusBadge({
  status,
  kind = 'referral',
}: {
  status: string;
  kind?: 'referral' | 'consent';
}) {
  const { t } = useTranslation();
  return (
    <span className={`badge badge--${kind} badge--${status}`} data-status={status}>
      {t(`${kind === 'referral' ? 'status' : 'consentStatus'}.${status}`)}
    </span>
  );
}
