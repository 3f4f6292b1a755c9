// The dashboard's period: months (YYYY-MM, inclusive) in the URL, as the statistics API takes them.
// Without one: the last 12 months up to this month (the API's default too).
import { helsinkiDate } from '../../i18n/helsinki-time';

export interface StatisticsSearch {
  from?: string;
  to?: string;
}

export interface Period {
  from: string;
  to: string;
}

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;

export function parseStatisticsSearch(search: Record<string, unknown>): StatisticsSearch {
  const month = (value: unknown) => (typeof value === 'string' && MONTH.test(value) ? value : undefined);
  return { from: month(search.from), to: month(search.to) };
}

/** This month in Finland. */
export function thisMonth(now = new Date()): string {
  return helsinkiDate(now).slice(0, 7);
}

export function addMonths(month: string, count: number): string {
  const [year, number] = month.split('-').map(Number) as [number, number];
  const index = year * 12 + (number - 1) + count;
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`;
}

/** The last day of a month (`YYYY-MM` → `YYYY-MM-DD`). */
export function lastDayOf(month: string): string {
  const firstOfNext = Date.parse(`${addMonths(month, 1)}-01T00:00:00Z`);
  return new Date(firstOfNext - 86_400_000).toISOString().slice(0, 10);
}

/** Every month from `from` to `to` (inclusive), so a chart over time shows the empty months too. */
export function monthsBetween(from: string, to: string): string[] {
  const months: string[] = [];
  for (let month = from; month <= to && months.length < 120; month = addMonths(month, 1)) {
    months.push(month);
  }
  return months;
}

/** A month (`YYYY-MM`) as the period's fields show it: `m.yyyy` (1.2026), like the portal's dates. */
export function monthText(month: string): string {
  return `${Number(month.slice(5, 7))}.${month.slice(0, 4)}`;
}

/** A month as typed (`m.yyyy`, `mm.yyyy`, or `yyyy-mm`) as `YYYY-MM`, or null when it is none. */
export function parseMonth(text: string): string | null {
  const typed = text.trim();
  const dotted = /^(\d{1,2})\.(\d{4})$/.exec(typed);
  const month = dotted ? `${dotted[2]}-${dotted[1].padStart(2, '0')}` : typed;
  return MONTH.test(month) ? month : null;
}

/** The longest period the statistics API answers for (apps/statistics report-params.ts). */
export const MAX_PERIOD_MONTHS = 36;

/** What is wrong with a period as asked: its first month after its last, or more months than the API takes. */
export type PeriodProblem = 'reversed' | 'tooLong';

export function periodProblem(from: string, to: string): PeriodProblem | null {
  if (from > to) {
    return 'reversed';
  }
  return monthsApart(from, to) >= MAX_PERIOD_MONTHS ? 'tooLong' : null;
}

function monthsApart(from: string, to: string): number {
  const index = (month: string) => Number(month.slice(0, 4)) * 12 + Number(month.slice(5, 7));
  return index(to) - index(from);
}

/**
 * The period to show. An address asking for one the API refuses shows the last 12 months up to its
 * last month (reversed) or the longest period ending there (too long), and says so (`problem`).
 */
export function periodOf(search: StatisticsSearch, now = new Date()): Period & { problem?: PeriodProblem } {
  const to = search.to ?? (search.from && search.from > thisMonth(now) ? search.from : thisMonth(now));
  const problem = search.from ? periodProblem(search.from, to) : null;
  if (problem === 'tooLong') {
    return { from: addMonths(to, -(MAX_PERIOD_MONTHS - 1)), to, problem };
  }
  const from = search.from && !problem ? search.from : addMonths(to, -11);
  return problem ? { from, to, problem } : { from, to };
}

export type PresetName = 'thisMonth' | 'last3' | 'last12' | 'thisYear';

export function presets(now = new Date()): Record<PresetName, Period> {
  const current = thisMonth(now);
  return {
    thisMonth: { from: current, to: current },
    last3: { from: addMonths(current, -2), to: current },
    last12: { from: addMonths(current, -11), to: current },
    thisYear: { from: `${current.slice(0, 4)}-01`, to: current },
  };
}
