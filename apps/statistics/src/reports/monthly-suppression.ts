// Suppression that holds across month ranges (issue 15, differencing). Any user may ask for any range
// of months, so a figure over several months could be subtracted from the same figure over a range
// one month shorter, giving that month's figure back even when that month's own report hides it.
// So suppression is decided month by month, as each single month's report shows it, and a figure
// over several months is shown only when every month it sums is shown: it then tells nothing the
// single months do not. Within a month, a two-dimension table also respects the months' one-dimension
// tables (their hidden margins), so the same figures grouped two ways do not give each other back.
import { SUPPRESSED, SUPPRESSION_THRESHOLD, type Count } from '#contracts';
import { suppressTable, type CountCell, type SuppressOptions } from './suppression.js';

/**
 * Figures of another report that overlap a one-dimension table of this month by definition: groups
 * of its values whose sum the other report shows (or hides), and values it shows as the same figure.
 */
export interface Overlap {
  /** The table it applies to: the month's cells (one dimension), or the margin by dimension 0 or 1. */
  table: 'cells' | 0 | 1;
  /** The values of a group, or every value but those given. */
  groups: Array<{ values: readonly string[] | { except: readonly string[] }; marginHidden: boolean }>;
  pinned?: readonly string[];
  /**
   * The other report's figures are decided first: a shown group with one cell counting anyone shows
   * that cell, so it is pinned too (else the other report adapts to this one, as broken-chain does).
   */
  pinSole?: boolean;
}

export interface MonthOfCounts {
  month: string;
  /** The month's cells, keyed by the non-month dimensions (0, 1 or 2). */
  cells: CountCell[];
  /** The month's total (may exceed the cells' sum when a unit counts in several cells, e.g. topics). */
  total: number;
  /** With two dimensions: per dimension, the month's counts by that dimension alone. */
  margins?: [CountCell[], CountCell[]];
  overlaps?: Overlap[];
  /** The total is hidden by a rule outside the table (a figure of another report containing it). */
  totalHidden?: boolean;
  /** Cells (one dimension) hidden by a rule outside the table, e.g. a report's table within another's. */
  hiddenCells?: boolean[];
}

export interface RangeCell {
  /** The non-month dimension values (the month is given separately when grouped by month). */
  key: string[];
  month?: string;
  value: Count;
  hidden: boolean;
}

export interface RangeTable {
  cells: RangeCell[];
  total: Count;
}

const keyOf = (key: readonly string[]) => JSON.stringify(key);
const isSmallTotal = (total: number) => total > 0 && total < SUPPRESSION_THRESHOLD;

/** The overlaps of one table as the suppression's options (cell indexes). */
function overlapOptions(month: MonthOfCounts, table: Overlap['table'], cells: CountCell[]): SuppressOptions {
  const indexesOf = (values: Overlap['groups'][number]['values']) =>
    cells.flatMap((cell, index) => {
      const inGroup =
        'except' in values ? !values.except.includes(cell.key[0]) : values.includes(cell.key[0]);
      return inGroup ? [index] : [];
    });
  const overlaps = (month.overlaps ?? []).filter((overlap) => overlap.table === table);
  const groupsOf = (of: Overlap[]) =>
    of.flatMap((overlap) =>
      overlap.groups.map((group) => ({
        cells: indexesOf(group.values),
        marginHidden: group.marginHidden,
        hidesTotal: overlap.pinSole,
      })),
    );
  const groups = groupsOf(overlaps);
  const soleOfShownGroup = new Set(
    groupsOf(overlaps.filter((overlap) => overlap.pinSole))
      .filter((group) => !group.marginHidden)
      .map((group) => group.cells.filter((index) => cells[index].value > 0))
      .filter((counting) => counting.length === 1)
      .map((counting) => counting[0]),
  );
  return {
    totalHidden: month.totalHidden,
    groups,
    pinned: cells.map(
      (cell, index) =>
        soleOfShownGroup.has(index) || overlaps.some((overlap) => overlap.pinned?.includes(cell.key[0])),
    ),
  };
}

/** One month's table as its single-month report shows it: which cells are hidden, and the total. */
export function suppressMonth(month: MonthOfCounts): { hidden: boolean[]; totalHidden: boolean } {
  // A margin's total is the month's total: hidden there (an overlap could not be protected), hidden here.
  let marginTotalHidden = false;
  const hiddenMargins = month.margins?.map((margin, dimension) => {
    const table = suppressTable(margin, month.total, overlapOptions(month, dimension as 0 | 1, margin));
    marginTotalHidden ||= table.total === SUPPRESSED && !isSmallTotal(month.total);
    return new Set(margin.filter((_, i) => table.hidden[i]).map((cell) => cell.key[0]));
  });
  const options = overlapOptions(month, 'cells', month.cells);
  const table = suppressTable(month.cells, month.total, {
    hiddenMargins,
    ...options,
    totalHidden: (options.totalHidden ?? false) || marginTotalHidden,
    hidden: month.hiddenCells,
  });
  return { hidden: table.hidden, totalHidden: table.total === SUPPRESSED };
}

/**
 * The cells of a report over the months given: per month (`byMonth`) or summed over the range, each
 * hidden when any month's cell it is made of is hidden; the total likewise.
 */
export function suppressOverMonths(months: readonly MonthOfCounts[], byMonth: boolean): RangeTable {
  const cells: RangeCell[] = [];
  const summed = new Map<string, { key: string[]; value: number; hidden: boolean }>();
  let total = 0;
  let totalHidden = false;
  for (const month of months) {
    const suppressed = suppressMonth(month);
    total += month.total;
    totalHidden ||= suppressed.totalHidden;
    month.cells.forEach((cell, i) => {
      const hidden = suppressed.hidden[i];
      if (byMonth) {
        cells.push({
          key: [...cell.key],
          month: month.month,
          value: hidden ? SUPPRESSED : cell.value,
          hidden,
        });
        return;
      }
      const sum = summed.get(keyOf(cell.key)) ?? { key: [...cell.key], value: 0, hidden: false };
      sum.value += cell.value;
      sum.hidden ||= hidden;
      summed.set(keyOf(cell.key), sum);
    });
  }
  for (const sum of summed.values()) {
    cells.push({ key: sum.key, value: sum.hidden ? SUPPRESSED : sum.value, hidden: sum.hidden });
  }
  return { cells, total: totalHidden ? SUPPRESSED : total };
}
