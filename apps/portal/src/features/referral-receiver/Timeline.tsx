// The referral's history, oldest first: each step with who (which side), when and why.
import { useTranslation } from 'react-i18next';
import { useFormat } from '../../i18n/format';
import { StatusBadge } from '../../ui/StatusBadge';
import type { ReferralDetail } from './queries';

export function Timeline({ referral }: { referral: ReferralDetail }) {
  const { t } = useTranslation();
  const format = useFormat();
  return (
    <section className="panel" aria-labelledby="receiver-timeline">
      <h2 id="receiver-timeline">{t('receiver.timeline')}</h2>
      <ol className="timeline">
        {referral.history.map((entry, index) => (
          <li key={`${entry.at}-${index}`}>
            <StatusBadge status={entry.to} /> <time dateTime={entry.at}>{format.dateTime(entry.at)}</time>{' '}
            <span className="muted">{t(`receiver.party.${entry.party}`, { defaultValue: entry.party })}</span>
            {entry.reasonCode && (
              <div>
                {t('receiver.reasonLabel')}{' '}
                {t(`reason.${entry.reasonCode}`, {
                  defaultValue: t(`outcome.${entry.reasonCode}`, { defaultValue: entry.reasonCode }),
                })}
              </div>
            )}
            {entry.outcomeCode && (
              <div>
                {t('receiver.outcomeLabel')} {t(`outcome.${entry.outcomeCode}`)}
              </div>
            )}
            {entry.reasonText && <div>{entry.reasonText}</div>}
          </li>
        ))}
      </ol>
    </section>
  );
}
