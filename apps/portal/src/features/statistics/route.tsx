// The statistics dashboard (issue 15): contacts and referrals over time, needs, the partners'
// response times against their promise, where the chain breaks, participants against the ESF plan,
// and the ESF participant report. Every figure has its table and downloads; the API decides the
// scope (an organisation's own figures, or the network's for a platform admin) and suppresses
// counts under 5. The period (months) lives in the URL.
import { createLazyRoute, getRouteApi } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { useSession } from '../../api/session';
import { CONTACT_CHANNELS, type StatisticsReport } from '../../api/statistics-types';
import { NEED_CATEGORIES } from '../../api/types';
import { useFormat } from '../../i18n/format';
import { PageHeading } from '../../ui/PageHeading';
import { BarChart, type Bar, type ChartValue } from './BarChart';
import { isSuppressed, useReportLabels } from './labels';
import { lastDayOf, monthsBetween, periodOf, type StatisticsSearch } from './period';
import { KeyFigures } from './KeyFigures';
import { PeriodForm } from './PeriodForm';
import { ReportPanel } from './ReportPanel';
import './statistics.css';

const routeApi = getRouteApi('/statistics');

const countOf = (value: unknown): ChartValue =>
  typeof value === 'number' || isSuppressed(value) ? value : null;

/** One bar per code (in the code list's order), 0 where the report has no row. */
function barsByCode(
  report: StatisticsReport,
  dimension: string,
  codes: readonly string[],
  label: (code: string) => string,
): Bar[] {
  const seen = new Set(codes);
  const extra = report.rows.map((row) => String(row[dimension])).filter((code) => !seen.has(code));
  return [...codes, ...extra].map((code) => {
    const row = report.rows.find((entry) => String(entry[dimension]) === code);
    return { key: code, label: label(code), value: row ? countOf(row.count) : 0 };
  });
}

const FUNNEL_STEPS = ['sent', 'received', 'accepted', 'completed'] as const;

/** The funnel's bars: each step counts referrals within the one before. */
function funnelBars(report: StatisticsReport, label: (step: (typeof FUNNEL_STEPS)[number]) => string): Bar[] {
  return FUNNEL_STEPS.map((step) => ({
    key: step,
    label: label(step),
    value: countOf(report.funnel?.[step]),
  }));
}

function useCharts() {
  const { t } = useTranslation();
  const labels = useReportLabels();
  const format = useFormat();
  const spoken = (bar: Bar) => `${bar.label}: ${bar.valueText ?? labels.countSpoken(bar.value)}`;

  const overTime = (report: StatisticsReport, headingId: string) => (
    <BarChart
      labelledBy={headingId}
      bars={monthsBetween(report.from, report.to).map((month, index) => {
        const row = report.rows.find((entry) => entry.month === month);
        return {
          key: month,
          label: labels.monthName(month),
          sublabel: index === 0 || month.endsWith('-01') ? month.slice(0, 4) : undefined,
          value: row ? countOf(row.count) : 0,
        };
      })}
      formatValue={labels.count}
      describe={(bar) => `${labels.month(bar.key)}: ${labels.countSpoken(bar.value)}`}
    />
  );

  const byCode = (
    report: StatisticsReport,
    dimension: string,
    codes: readonly string[],
    headingId: string,
  ) => (
    <BarChart
      labelledBy={headingId}
      orientation="bars"
      bars={barsByCode(report, dimension, codes, (code) => labels.dimension(dimension, code, report))}
      formatValue={labels.count}
      describe={spoken}
    />
  );

  const responseTimes = (report: StatisticsReport) => {
    const bars = report.rows.map((row) => ({
      key: String(row.receivingOrganisation),
      label: labels.dimension('receivingOrganisation', row.receivingOrganisation ?? null, report),
      value: typeof row.acceptedMedianDays === 'number' ? row.acceptedMedianDays : null,
      target: typeof row.promiseDays === 'number' ? row.promiseDays : null,
      row,
    }));
    if (bars.length === 0) {
      return <p>{t('statistics.noRows')}</p>;
    }
    return (
      <>
        <p className="stats-legend" aria-hidden="true">
          <span className="stats-legend__bar" /> {t('statistics.responseTimes.median')}{' '}
          <span className="stats-legend__target" /> {t('statistics.responseTimes.promise')}
        </p>
        <BarChart
          labelledBy="response-times-heading"
          orientation="bars"
          bars={bars}
          formatValue={(value) => (value === null ? '–' : labels.measure('acceptedMedianDays', value))}
          describe={(bar) => {
            const row = bars.find((entry) => entry.key === bar.key)?.row;
            return t('statistics.responseTimes.name', {
              organisation: bar.label,
              median:
                bar.value === null
                  ? t('statistics.responseTimes.tooFew')
                  : labels.measure('acceptedMedianDays', bar.value),
              promise: labels.measure('promiseDays', row?.promiseDays ?? null),
              share: labels.measure('withinPromiseShare', row?.withinPromiseShare ?? null),
              count: labels.countSpoken(countOf(row?.count)),
            });
          }}
        />
      </>
    );
  };

  const funnel = (report: StatisticsReport) => {
    const overdue = report.overdue;
    const through = report.funnel?.through;
    return (
      <>
        {report.funnel && (
          <>
            <h3 id="funnel-heading">{t('statistics.brokenChain.funnel')}</h3>
            {through && through < report.to && (
              <p data-funnel-through={through}>
                {t('statistics.brokenChain.through', { date: format.date(lastDayOf(through)) })}
              </p>
            )}
            <BarChart
              labelledBy="funnel-heading"
              orientation="bars"
              bars={funnelBars(report, (step) => t(`statistics.funnel.${step}`))}
              formatValue={labels.count}
              describe={spoken}
            />
          </>
        )}
        {overdue && (
          <p data-overdue="">
            {t('statistics.brokenChain.overdue', {
              count: labels.count(overdue.count),
              rate: overdue.rate === null ? '–' : labels.measure('withinPromiseShare', overdue.rate),
            })}
          </p>
        )}
        <h3 id="ends-heading">{t('statistics.brokenChain.ends')}</h3>
        {report.rows.length === 0 ? (
          <p>{t('statistics.noRows')}</p>
        ) : (
          <BarChart
            labelledBy="ends-heading"
            orientation="bars"
            bars={report.rows.map((row) => ({
              key: `${row.end}|${row.reason}`,
              label: [
                labels.dimension('end', row.end ?? null),
                // An expiry's reason is "expired": said once.
                row.reason && row.reason !== row.end ? labels.dimension('reason', row.reason) : null,
              ]
                .filter(Boolean)
                .join(': '),
              value: countOf(row.count),
            }))}
            formatValue={labels.count}
            describe={spoken}
          />
        )}
      </>
    );
  };

  const plan = (report: StatisticsReport) => {
    if (!report.plan) {
      return null;
    }
    const { target, reached } = report.plan;
    const share = typeof reached === 'number' ? Math.min(1, reached / target) : 0;
    const text = t('statistics.participants.plan', {
      reached: labels.countSpoken(reached),
      target: labels.count(target),
      share: typeof reached === 'number' ? labels.measure('withinPromiseShare', reached / target) : '–',
    });
    return (
      <div className="stats-plan" data-plan="">
        <p className="stats-plan__figure">{text}</p>
        <svg className="stats-plan__bar" viewBox="0 0 400 28" role="img" aria-label={text}>
          <rect x="0" y="0" width="400" height="28" className="stats-plan__track" />
          <rect x="0" y="0" width={400 * share} height="28" className="chart__rect" />
        </svg>
      </div>
    );
  };

  return { overTime, byCode, responseTimes, funnel, plan };
}

function Scope() {
  const { t } = useTranslation();
  const format = useFormat();
  const { session } = useSession();
  if (session.role === 'platform_admin') {
    return <p>{t('statistics.scope.network')}</p>;
  }
  const organisation = session.organisations.find((entry) => entry.id === session.activeOrganisationId);
  return <p>{t('statistics.scope.organisation', { name: format.localised(organisation?.name) })}</p>;
}

export function StatisticsDashboard({ search }: { search: StatisticsSearch }) {
  const { t } = useTranslation();
  const labels = useReportLabels();
  const { session } = useSession();
  const period = periodOf(search);
  const charts = useCharts();
  if (session.role === 'partner_staff' || session.role === null) {
    return (
      <>
        <PageHeading>{t('statistics.title')}</PageHeading>
        <p>{t('statistics.notForRole')}</p>
      </>
    );
  }
  const periodText = t('statistics.period.showing', {
    from: labels.month(period.from),
    to: labels.month(period.to),
  });
  return (
    <>
      <PageHeading>{t('statistics.title')}</PageHeading>
      <Scope />
      <p>{t('statistics.suppressionNote')}</p>
      <PeriodForm period={period} />
      <p className="stats-period__showing" aria-live="polite">
        {periodText}
      </p>
      <KeyFigures period={period} />
      <div className="stats-grid">
        <ReportPanel
          id="contacts-month"
          title={t('statistics.contacts.byMonth')}
          query={{ report: 'contacts', groupBy: ['month'] }}
          period={period}
        >
          {(report) => charts.overTime(report, 'contacts-month-heading')}
        </ReportPanel>
        <ReportPanel
          id="referrals-month"
          title={t('statistics.referrals.byMonth')}
          query={{ report: 'referrals', groupBy: ['month'] }}
          period={period}
        >
          {(report) => charts.overTime(report, 'referrals-month-heading')}
        </ReportPanel>
        <ReportPanel
          id="contacts-channel"
          title={t('statistics.contacts.byChannel')}
          query={{ report: 'contacts', groupBy: ['channel'] }}
          period={period}
        >
          {(report) => charts.byCode(report, 'channel', CONTACT_CHANNELS, 'contacts-channel-heading')}
        </ReportPanel>
        <ReportPanel
          id="contacts-topic"
          title={t('statistics.contacts.byTopic')}
          description={t('statistics.contacts.byTopicNote')}
          query={{ report: 'contacts', groupBy: ['topic'] }}
          period={period}
        >
          {(report) => charts.byCode(report, 'topic', NEED_CATEGORIES, 'contacts-topic-heading')}
        </ReportPanel>
        <ReportPanel
          id="referrals-need"
          title={t('statistics.referrals.byNeed')}
          query={{ report: 'referrals', groupBy: ['need'] }}
          period={period}
        >
          {(report) => charts.byCode(report, 'need', NEED_CATEGORIES, 'referrals-need-heading')}
        </ReportPanel>
        <ReportPanel
          id="participants-month"
          title={t('statistics.participants.title')}
          query={{ report: 'participants', groupBy: ['month'] }}
          period={period}
        >
          {(report) => (
            <>
              {charts.plan(report)}
              <h3 id="participants-month-chart">{t('statistics.participants.byMonth')}</h3>
              {charts.overTime(report, 'participants-month-chart')}
            </>
          )}
        </ReportPanel>
      </div>
      <ReportPanel
        id="response-times"
        title={t('statistics.responseTimes.title')}
        description={t('statistics.responseTimes.description')}
        query={{ report: 'response-times' }}
        period={period}
      >
        {charts.responseTimes}
      </ReportPanel>
      <ReportPanel
        id="broken-chain"
        title={t('statistics.brokenChain.title')}
        description={t('statistics.brokenChain.description')}
        query={{ report: 'broken-chain' }}
        period={period}
      >
        {charts.funnel}
      </ReportPanel>
      <ReportPanel
        id="group-events"
        title={t('statistics.groupEvents.title')}
        query={{ report: 'group-events', groupBy: ['month'] }}
        period={period}
      >
        {(report) => charts.overTime(report, 'group-events-heading')}
      </ReportPanel>
      <ReportPanel
        id="esf-participants"
        title={t('statistics.esf.title')}
        description={t('statistics.esf.description')}
        query={{ report: 'esf-participants' }}
        period={period}
        showTable
      >
        {() => null}
      </ReportPanel>
    </>
  );
}

function Dashboard() {
  return <StatisticsDashboard search={routeApi.useSearch()} />;
}

export const Route = createLazyRoute('/statistics')({ component: Dashboard });
