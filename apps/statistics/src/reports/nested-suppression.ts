// Suppression across figures that contain one another by definition (issue 15, differencing): the
// ESF row `unemployed` includes `long_term_unemployed` (and `participants` every row), the funnel's
// `sent` includes `received`, which includes `accepted`, and so on. The difference of two nested
// figures is a group of people too, readable by subtracting them: when it is 1–4, the inner (smaller)
// figure is hidden. Within a month, as every other rule here, so that month ranges hold (see
// monthly-suppression.ts).
import { SUPPRESSED, SUPPRESSION_THRESHOLD } from '#contracts';
import { suppressTable } from './suppression.js';

/** [outer, inner]: indexes of two figures where the outer one counts everyone the inner one counts. */
export type Nesting = readonly [outer: number, inner: number];

const isSmall = (value: number): boolean => value > 0 && value < SUPPRESSION_THRESHOLD;

/**
 * Single figures (funnel steps): which are hidden, a small one or the inner one of a nested pair
 * whose difference is small, until no pair of shown figures differs by 1–4.
 */
export function suppressNestedCounts(values: readonly number[], nestings: readonly Nesting[]): boolean[] {
  const hidden = values.map(isSmall);
  for (let changed = true; changed;) {
    changed = false;
    for (const [outer, inner] of nestings) {
      if (!hidden[outer] && !hidden[inner] && isSmall(values[outer] - values[inner])) {
        hidden[inner] = true;
        changed = true;
      }
    }
  }
  return hidden;
}

export interface RowOfCounts {
  /** The row's cells (e.g. female, male, other), which sum to its total. */
  cells: number[];
  total: number;
}

export interface ProtectedRow {
  hidden: boolean[];
  totalHidden: boolean;
}

/** The row suppressed as a table of its own, with what is already hidden kept hidden. */
function protectRow(row: RowOfCounts, state: ProtectedRow): boolean {
  const table = suppressTable(
    row.cells.map((value, index) => ({ key: [String(index)], value })),
    row.total,
    { hidden: state.hidden, totalHidden: state.totalHidden },
  );
  const totalHidden = table.total === SUPPRESSED;
  const changed = totalHidden !== state.totalHidden || table.hidden.some((h, i) => h !== state.hidden[i]);
  state.hidden = table.hidden;
  state.totalHidden = totalHidden;
  return changed;
}

/**
 * The row of differences (outer − inner, cell by cell, and the totals): a difference is readable when
 * both its figures are shown. A small one hides the inner cell; and, as in any table, the differences'
 * total minus the readable ones must not give back one unreadable difference or a sum under 5.
 */
function protectDifference(outer: RowOfCounts & ProtectedRow, inner: RowOfCounts & ProtectedRow): boolean {
  const diff = outer.cells.map((value, index) => value - inner.cells[index]);
  const readable = (index: number) => !outer.hidden[index] && !inner.hidden[index];
  let changed = false;
  diff.forEach((value, index) => {
    if (readable(index) && isSmall(value)) {
      inner.hidden[index] = true;
      changed = true;
    }
  });
  if (outer.totalHidden || inner.totalHidden) {
    return changed;
  }
  if (isSmall(outer.total - inner.total)) {
    inner.totalHidden = true;
    return true;
  }
  const unreadable = diff.map((_, index) => index).filter((index) => !readable(index));
  const unreadableSum = unreadable.reduce((sum, index) => sum + diff[index], 0);
  if (unreadable.length === 0 || (unreadable.length > 1 && unreadableSum >= SUPPRESSION_THRESHOLD)) {
    return changed;
  }
  // Only an inner cell that counts someone: a 0 may be a row the inner report does not list at all.
  const candidates = diff
    .map((_, index) => index)
    .filter((index) => readable(index) && diff[index] > 0 && inner.cells[index] > 0);
  if (candidates.length === 0) {
    inner.totalHidden = true;
  } else {
    inner.hidden[candidates.reduce((a, b) => (diff[b] < diff[a] ? b : a))] = true;
  }
  return true;
}

/**
 * Rows that are each a table of their own (cells summing to the row's total), some nested in others:
 * each row suppressed as a table, then the inner rows hidden further until no nested pair gives a
 * small difference back, and each row re-protected, until nothing changes.
 */
export function suppressNestedRows(
  rows: readonly RowOfCounts[],
  nestings: readonly Nesting[],
): ProtectedRow[] {
  const state = rows.map((row) => ({
    ...row,
    hidden: row.cells.map(() => false),
    totalHidden: false,
  }));
  for (const row of state) {
    protectRow(row, row);
  }
  for (let changed = true; changed;) {
    changed = false;
    for (const [outer, inner] of nestings) {
      changed = protectDifference(state[outer], state[inner]) || changed;
    }
    for (const row of state) {
      changed = protectRow(row, row) || changed;
    }
  }
  return state.map(({ hidden, totalHidden }) => ({ hidden, totalHidden }));
}

/**
 * A table within another cell by cell (the same keys, e.g. broken-chain by receiver within the
 * referrals by receiver), the outer one as its own report shows it: the inner one's cells hidden
 * until no difference is small, the inner one protected as a table.
 */
export function suppressWithin(outer: RowOfCounts & ProtectedRow, inner: RowOfCounts): ProtectedRow {
  const fixedOuter = { ...outer, hidden: [...outer.hidden] };
  const state = { ...inner, hidden: inner.cells.map(() => false), totalHidden: false };
  protectRow(state, state);
  for (let changed = true; changed;) {
    changed = protectDifference(fixedOuter, state);
    changed = protectRow(state, state) || changed;
  }
  return { hidden: state.hidden, totalHidden: state.totalHidden };
}
