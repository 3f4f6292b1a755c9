// Words for a report's cells: dimension codes as labels in the interface language, counts with
// "hidden" where suppressed, days and shares as numbers. The table alternative and the charts share
// them. A suppressed cell may be under five or hidden to protect one that is (the API's "<5" marks
// both, and must: telling them apart could give a small one away), so it is never called "< 5".
import { useTranslation } from 'react-i18next';
import { MUNICIPALITIES, type Count, type StatisticsReport } from '../../api/statistics-types';
import { locale, useFormat } from '../../i18n/format';

/** Dimension columns and the label group of their codes. */
const CODE_GROUPS: Record<string, string> = {
  channel: 'channel',
  topic: 'need',
  need: 'need',
  kind: 'contactKind',
  ageBand: 'ageBand',
  labourMarketStatus: 'labourMarketStatus',
  education: 'educationLevel',
  result: 'exitResult',
  status: 'status',
  end: 'statistics.end',
  indicator: 'statistics.indicator',
};

/** A dimension's code in words (`report` names the organisations). */
type Labeller = (text: string, report?: StatisticsReport) => string;

export const SUPPRESSED = '<5';

export const isSuppressed = (value: unknown): value is '<5' => value === SUPPRESSED;

export function useReportLabels() {
  const { t } = useTranslation();
  const format = useFormat();
  const monthFormat = (style: 'short' | 'long') =>
    new Intl.DateTimeFormat(locale(format.language), {
      month: style,
      year: 'numeric',
      timeZone: 'UTC',
    });

  /** "Jan 2026" (charts) or "January 2026" (tables). */
  const month = (code: string, style: 'short' | 'long' = 'long') =>
    monthFormat(style).format(new Date(`${code}-15T12:00:00Z`));

  /** "Jan" and "2026" apart: a column's label and, under January, its year. */
  const monthName = (code: string) =>
    new Intl.DateTimeFormat(locale(format.language), { month: 'short', timeZone: 'UTC' }).format(
      new Date(`${code}-15T12:00:00Z`),
    );

  const count = (value: Count | null | undefined): string => {
    if (value === null || value === undefined) {
      return '–';
    }
    return isSuppressed(value) ? t('statistics.hidden') : format.number(value);
  };

  /** What a screen reader says for a count (the same words as shown). */
  const countSpoken = (value: Count | null | undefined): string => count(value);

  const organisation: Labeller = (text, report) =>
    text === 'not_on_platform'
      ? t('statistics.notOnPlatform')
      : format.localised(report?.organisations[text]) || text;

  const municipality: Labeller = (text) => {
    const found = MUNICIPALITIES.find((entry) => entry.code === text);
    if (found) {
      return format.language === 'sv' ? found.sv : found.fi;
    }
    return text === 'unknown' ? t('contacts.municipalityUnknown') : text;
  };

  /** Dimensions whose codes are not simply a label group's keys. */
  const labellers = new Map<string, Labeller>([
    ['month', (text) => month(text)],
    ['language', (text) => format.languageName(text)],
    [
      'interpreter',
      (text) => (text === 'true' ? t('statistics.interpreterUsed') : t('statistics.noInterpreter')),
    ],
    ['sendingOrganisation', organisation],
    ['receivingOrganisation', organisation],
    ['municipality', municipality],
    [
      'gender',
      (text) => t(`contactGender.${text}`, { defaultValue: t(`gender.${text}`, { defaultValue: text }) }),
    ],
    ['reason', (text) => t(`reason.${text}`, { defaultValue: t(`outcome.${text}`, { defaultValue: text }) })],
  ]);

  const dimension = (column: string, code: string | number | null, report?: StatisticsReport): string => {
    if (code === null) {
      return '–';
    }
    const text = String(code);
    const labeller = labellers.get(column);
    if (labeller) {
      return labeller(text, report);
    }
    if (column === 'result' && text === 'not_exited') {
      return t('esf.notExited');
    }
    const group = CODE_GROUPS[column];
    return group ? t(`${group}.${text}`, { defaultValue: text }) : text;
  };

  const measure = (column: string, value: string | number | null): string => {
    if (value === null || value === undefined) {
      return '–';
    }
    if (isSuppressed(value)) {
      return t('statistics.hidden');
    }
    if (typeof value !== 'number') {
      return String(value);
    }
    if (column.endsWith('Share')) {
      return new Intl.NumberFormat(locale(format.language), { style: 'percent' }).format(value);
    }
    if (column.endsWith('Days')) {
      return t('statistics.days', {
        days: new Intl.NumberFormat(locale(format.language), { maximumFractionDigits: 1 }).format(value),
      });
    }
    return format.number(value);
  };

  const header = (column: string) => t(`statistics.column.${column}`, { defaultValue: column });

  const isDimension = (report: StatisticsReport, column: string) =>
    report.groupBy.includes(column) || column === 'receivingOrganisation' || column === 'indicator';

  const cell = (report: StatisticsReport, column: string, value: string | number | null) =>
    isDimension(report, column) ? dimension(column, value, report) : measure(column, value);

  return { month, monthName, count, countSpoken, dimension, measure, header, cell, isDimension };
}
