// The dashboard's key figures: contacts, referrals, participants against the plan, and the share
// of referrals that went past their response promise.
import { useTranslation } from 'react-i18next';
import type { StatisticsReport } from '../../api/statistics-types';
import { useReportLabels } from './labels';
import type { Period } from './period';
import { useReport } from './ReportPanel';

/** The figures at a glance (the same queries as the panels below, so no extra requests). */
export function KeyFigures({ period }: { period: Period }) {
  const { t } = useTranslation();
  const labels = useReportLabels();
  const contacts = useReport({ report: 'contacts', groupBy: ['month'] }, period);
  const referrals = useReport({ report: 'referrals', groupBy: ['month'] }, period);
  const participants = useReport({ report: 'participants', groupBy: ['month'] }, period);
  const chain = useReport({ report: 'broken-chain' }, period);
  /** The share of referrals past their promise; "–" without a rate; null while loading. */
  const overdueShare = (report: StatisticsReport | undefined): string | null => {
    if (!report) {
      return null;
    }
    return report.overdue && report.overdue.rate !== null
      ? labels.measure('withinPromiseShare', report.overdue.rate)
      : '–';
  };
  const figures = [
    { key: 'contacts', value: contacts.data ? labels.count(contacts.data.total) : null },
    { key: 'referrals', value: referrals.data ? labels.count(referrals.data.total) : null },
    {
      key: 'participants',
      value: participants.data?.plan
        ? `${labels.count(participants.data.plan.reached)} / ${labels.count(participants.data.plan.target)}`
        : null,
    },
    {
      key: 'overdue',
      value: overdueShare(chain.data),
    },
  ];
  return (
    <section aria-labelledby="key-figures-heading">
      <h2 id="key-figures-heading" className="visually-hidden">
        {t('statistics.keyFigures.title')}
      </h2>
      <dl className="stats-figures">
        {figures.map((figure) => (
          <div key={figure.key} className="stats-figures__item" data-key-figure={figure.key}>
            <dt>{t(`statistics.keyFigures.${figure.key}`)}</dt>
            <dd>{figure.value ?? '…'}</dd>
          </div>
        ))}
      </dl>
    </section>
  );
}
