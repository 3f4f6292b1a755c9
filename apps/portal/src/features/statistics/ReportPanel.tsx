// One figure of the dashboard: its heading, the chart (or whatever `children` draws from the
// report), the same figures as a table (the alternative a screen reader or a copy-paste wants), and
// the downloads (CSV, XLSX) made by the API with the same suppression.
import { useQuery } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { api, ApiError, withQuery } from '../../api/client';
import type { StatisticsReport, StatisticsReportName } from '../../api/statistics-types';
import { LoadError } from '../../ui/Loading';
import { QueryView } from '../../ui/QueryView';
import { useReportLabels } from './labels';
import type { Period } from './period';

export interface ReportQuery {
  report: StatisticsReportName;
  groupBy?: string[];
}

const queryOf = (query: ReportQuery, period: Period, format?: 'csv' | 'xlsx') => ({
  from: period.from,
  to: period.to,
  groupBy: query.groupBy?.join(','),
  format,
});

/** A download's address: the organisations' names in it are in `language` (the page's). */
export function downloadUrl(
  query: ReportQuery,
  period: Period,
  format: 'csv' | 'xlsx',
  language: string,
): string {
  return withQuery(`/api/v1/statistics/${query.report}`, {
    ...queryOf(query, period, format),
    lang: ['fi', 'sv', 'en'].includes(language) ? language : undefined,
  });
}

export function useReport(query: ReportQuery, period: Period) {
  return useQuery({
    queryKey: ['statistics', query.report, query.groupBy?.join(',') ?? '', period.from, period.to],
    queryFn: () => api.get<StatisticsReport>(`/api/v1/statistics/${query.report}`, queryOf(query, period)),
    staleTime: 60_000,
  });
}

/** The report's rows as a table, columns as the CSV has them (`columns`), plus its total. */
export function ReportTable({ report, caption }: { report: StatisticsReport; caption: string }) {
  const { t } = useTranslation();
  const labels = useReportLabels();
  const [first, ...rest] = report.columns;
  // The total goes under the counts (the ESF report's counts are by gender: under its "total").
  const totalColumn = report.columns.includes('count') ? 'count' : 'total';
  return (
    // A wide table scrolls on its own; focusable so that the keyboard can scroll it too.
    <div className="stats-table__scroll" role="group" aria-label={caption} tabIndex={0}>
      <table className="data-table stats-table" data-report-table={report.report}>
        <caption className="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            {report.columns.map((column) => (
              <th key={column} scope="col">
                {labels.header(column)}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {report.rows.length === 0 && (
            <tr>
              <td colSpan={report.columns.length}>{t('statistics.noRows')}</td>
            </tr>
          )}
          {report.rows.map((row) => (
            <tr
              key={report.groupBy.map((dimension) => String(row[dimension])).join('|') || String(row[first])}
            >
              {report.columns.map((column, index) => {
                const text = labels.cell(report, column, row[column] ?? null);
                return index === 0 ? (
                  <th key={column} scope="row">
                    {text}
                  </th>
                ) : (
                  <td key={column} data-suppressed={row[column] === '<5' ? '' : undefined}>
                    {text}
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
        {report.total !== null && first !== undefined && (
          <tfoot>
            <tr>
              <th scope="row">{t('statistics.total')}</th>
              {rest.map((column) => (
                <td key={column}>{column === totalColumn ? labels.count(report.total) : ''}</td>
              ))}
            </tr>
          </tfoot>
        )}
      </table>
    </div>
  );
}

/** A role the report is not for is told so in words; anything else is the usual load error. */
function ReportError({ error }: { error: Error }) {
  const { t } = useTranslation();
  if (error instanceof ApiError && error.status === 403) {
    return <p>{t('statistics.notForRole')}</p>;
  }
  return <LoadError error={error} />;
}

export function ReportPanel({
  id,
  title,
  description,
  query,
  period,
  children,
  showTable = false,
}: {
  id: string;
  title: string;
  description?: string;
  query: ReportQuery;
  period: Period;
  /** Draws the figure from the report (a chart); the table alternative and downloads come with it. */
  children(report: StatisticsReport): ReactNode;
  /** The table shown open (where it is the figure itself). */
  showTable?: boolean;
}) {
  const { t, i18n } = useTranslation();
  const report = useReport(query, period);
  const headingId = `${id}-heading`;
  return (
    <section className="panel stats-panel" aria-labelledby={headingId} data-stats-panel={id}>
      <h2 id={headingId}>{title}</h2>
      {description && <p className="stats-panel__description">{description}</p>}
      <QueryView query={report} error={(error) => <ReportError error={error} />}>
        {(data) => (
          <>
            {children(data)}
            {showTable ? (
              <ReportTable report={data} caption={title} />
            ) : (
              <details className="disclosure stats-panel__table">
                <summary>
                  {t('statistics.showTable')}
                  <span className="visually-hidden">: {title}</span>
                </summary>
                <ReportTable report={data} caption={title} />
              </details>
            )}
            <p className="stats-panel__downloads">
              {(['csv', 'xlsx'] as const).map((format) => (
                <a
                  key={format}
                  href={downloadUrl(query, period, format, i18n.language)}
                  download
                  data-download={format}
                >
                  {t(`statistics.download.${format}`)}
                  <span className="visually-hidden">: {title}</span>
                </a>
              ))}
            </p>
          </>
        )}
      </QueryView>
    </section>
  );
}
