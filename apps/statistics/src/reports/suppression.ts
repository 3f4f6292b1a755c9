// Small-count suppression, in one place (issue 15): no published figure may tell how many people are
// behind a count of 1–4, neither directly nor by subtracting the figures shown from a total.
//
// Primary: a count under SUPPRESSION_THRESHOLD is shown as "<5".
// Secondary: a table's total is the sum of each of its "lines" (all cells, and in a two-dimension
// table the cells sharing one value of a dimension, whose sum another report shows as a margin). A
// line whose hidden cells are exactly one, or sum to under the threshold, would give them back, so
// its smallest shown cell is hidden too, until every line holds either no hidden cell or several
// that sum to the threshold or more. A line that cannot be protected by its cells (it has no shown
// cell left) when it is the whole table hides the total.
// Margins hidden elsewhere: a two-dimension table's line whose margin the one-dimension report of the
// same months hides must hold a hidden cell too, else its shown cells would add up to that margin
// (and the one-dimension table's total minus its shown cells would give its small cell back).
import { SUPPRESSED, SUPPRESSION_THRESHOLD, type Count } from '#contracts';

export interface CountCell {
  /** The cell's dimension values, one per dimension of the table (0, 1 or 2 of them). */
  key: readonly string[];
  value: number;
}

export interface SuppressedTable {
  /** The cells as shown, in the order given. */
  cells: Count[];
  total: Count;
  /** Which cells are hidden (primary or secondary). */
  hidden: boolean[];
}

export interface Group {
  cells: readonly number[];
  marginHidden: boolean;
  /**
   * The other report does not adapt to this table: when the group cannot be protected by its own
   * cells (those left are pinned), this table's total is hidden instead.
   */
  hidesTotal?: boolean;
}

export interface SuppressOptions {
  /**
   * Per dimension of a two-dimension table, the values whose one-dimension margin is hidden in the
   * report grouped by that dimension alone (same scope and months).
   */
  hiddenMargins?: ReadonlyArray<ReadonlySet<string>>;
  /** Cells already hidden by a rule outside the table (an overlapping figure): kept hidden. */
  hidden?: readonly boolean[];
  /** The total is already hidden: then one hidden cell is enough (and needed) to keep it hidden. */
  totalHidden?: boolean;
  /**
   * More lines: groups of cells whose sum another report shows (or, `marginHidden`, hides), e.g.
   * broken-chain's `cancelled` + `expired`, which the referrals report shows as status `cancelled`.
   */
  groups?: ReadonlyArray<Group>;
  /** Cells another report shows as the same figure: hiding them here would protect nothing. */
  pinned?: readonly boolean[];
}

const isSmall = (value: number): boolean => value > 0 && value < SUPPRESSION_THRESHOLD;

interface Line {
  /** Unprotectable by its cells: hide the table's total (the whole table, and fixed groups). */
  hidesTotal?: boolean;
  cells: number[];
  /** Its margin is hidden elsewhere: one hidden cell is enough (and needed). */
  marginHidden: boolean;
}

/** The lines of a table: every cell together, and for each dimension the cells sharing the other values. */
function linesOf(cells: readonly CountCell[], options: SuppressOptions): Line[] {
  const all = cells.map((_, index) => index);
  const dimensions = cells[0]?.key.length ?? 0;
  const lines: Line[] = [
    { cells: all, marginHidden: options.totalHidden ?? false, hidesTotal: true },
    ...(options.groups ?? []).map((group) => ({
      cells: [...group.cells],
      marginHidden: group.marginHidden,
      hidesTotal: group.hidesTotal,
    })),
  ];
  if (dimensions < 2) {
    return lines;
  }
  if (dimensions > 2) {
    throw new Error('suppressTable protects tables of at most two dimensions');
  }
  for (let varying = 0; varying < dimensions; varying++) {
    const fixedDimension = 1 - varying;
    const groups = new Map<string, number[]>();
    cells.forEach((cell, index) => {
      const fixed = cell.key[fixedDimension];
      groups.set(fixed, [...(groups.get(fixed) ?? []), index]);
    });
    for (const [value, line] of groups) {
      const marginHidden = options.hiddenMargins?.[fixedDimension]?.has(value) ?? false;
      lines.push({ cells: line, marginHidden });
    }
  }
  return lines;
}

/** A line is safe when its shown cells and its margin give no hidden cell (nor a small sum of them) back. */
function isSafe(line: Line, hidden: readonly boolean[], cells: readonly CountCell[]): boolean {
  const hiddenCells = line.cells.filter((index) => hidden[index]);
  if (line.marginHidden) {
    return hiddenCells.length > 0 || line.cells.every((index) => cells[index].value === 0);
  }
  const hiddenSum = hiddenCells.reduce((sum, index) => sum + cells[index].value, 0);
  return hiddenCells.length === 0 || (hiddenCells.length > 1 && hiddenSum >= SUPPRESSION_THRESHOLD);
}

/**
 * Hides the small counts of a table and enough others that no line's total gives one back.
 * `total` is the table's total (which may exceed the cells' sum when a unit counts in several cells).
 */
export function suppressTable(
  cells: readonly CountCell[],
  total: number,
  options: SuppressOptions = {},
): SuppressedTable {
  const hidden = cells.map((cell, index) => isSmall(cell.value) || (options.hidden?.[index] ?? false));
  let totalHidden = isSmall(total) || (options.totalHidden ?? false);
  const lines = linesOf(cells, options);
  for (let changed = true; changed;) {
    changed = false;
    for (const line of lines) {
      if (isSafe(line, hidden, cells)) {
        continue;
      }
      const candidates = line.cells.filter(
        (index) => !hidden[index] && cells[index].value > 0 && !options.pinned?.[index],
      );
      if (candidates.length === 0) {
        // Nothing left to hide in the line: only the whole table's total can still be hidden.
        if (line.hidesTotal && !totalHidden) {
          totalHidden = true;
        }
        continue;
      }
      const smallest = candidates.reduce((a, b) => (cells[b].value < cells[a].value ? b : a));
      hidden[smallest] = true;
      changed = true;
    }
  }
  return {
    cells: cells.map((cell, index) => (hidden[index] ? SUPPRESSED : cell.value)),
    total: totalHidden ? SUPPRESSED : total,
    hidden,
  };
}

/** One figure on its own (e.g. a funnel step): "<5" when small. */
export function suppressCount(value: number): Count {
  return isSmall(value) ? SUPPRESSED : value;
}
