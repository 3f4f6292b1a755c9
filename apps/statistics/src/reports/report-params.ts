// The query of a report checked against its definition: months in order and in range, dimensions the
// report has. A bad one is 400 VALIDATION.FAILED naming the field, before any SQL runs.
import {
  AppError,
  MAX_GROUP_BY,
  MAX_REPORT_MONTHS,
  REPORT_DIMENSIONS,
  helsinkiDate,
  type StatisticsReportName,
  type StatisticsReportRequest,
} from '#contracts';

/** The dimensions whose values are organisation ids (named in the report's `organisations`). */
export const ORGANISATION_DIMENSIONS = ['sendingOrganisation', 'receivingOrganisation'] as const;

export interface ReportParams {
  report: StatisticsReportName;
  /** `YYYY-MM`, inclusive. */
  from: string;
  to: string;
  groupBy: string[];
  /** The first day of `from` and the first day after `to` (`YYYY-MM-DD`): the range as dates. */
  start: string;
  end: string;
  /** This month in Finland (`YYYY-MM`), the one still under way. */
  currentMonth: string;
}

const invalid = (field: string, reason: string): AppError =>
  new AppError('VALIDATION.FAILED', 'The request is invalid', [{ field, reasons: [reason] }]);

export const monthIndex = (month: string): number =>
  Number(month.slice(0, 4)) * 12 + Number(month.slice(5, 7)) - 1;
export const monthOf = (index: number): string =>
  `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`;

export function parseReportParams(input: StatisticsReportRequest, now: Date = new Date()): ReportParams {
  const definition = REPORT_DIMENSIONS[input.report];
  const currentMonth = helsinkiDate(now).slice(0, 7);
  const to = input.to ?? currentMonth;
  const from = input.from ?? monthOf(monthIndex(to) - 11);
  if (monthIndex(from) > monthIndex(to)) {
    throw invalid('from', 'from must not be after to');
  }
  if (monthIndex(to) - monthIndex(from) + 1 > MAX_REPORT_MONTHS) {
    throw invalid('from', `the range may span at most ${MAX_REPORT_MONTHS} months`);
  }
  const groupBy = input.groupBy && input.groupBy.length > 0 ? input.groupBy : [...definition.default];
  const allowed: readonly string[] = definition.allowed;
  const unknown = groupBy.find((dimension) => !allowed.includes(dimension));
  if (unknown !== undefined) {
    throw invalid('groupBy', `${input.report} can be grouped by ${allowed.join(', ')}`);
  }
  if (groupBy.length > MAX_GROUP_BY || new Set(groupBy).size !== groupBy.length) {
    throw invalid('groupBy', `at most ${MAX_GROUP_BY} different dimensions`);
  }
  return {
    report: input.report,
    from,
    to,
    groupBy,
    start: `${from}-01`,
    end: `${monthOf(monthIndex(to) + 1)}-01`,
    currentMonth,
  };
}
