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

const isSmall = (value: number): boolean => value > 0 && value < SUPPRESSION_THRESHOLD;

/** The lines of a table: every cell together, and for each dimension the cells sharing the other values. */
function linesOf(cells: readonly CountCell[]): number[][] {
  const all = cells.map((_, index) => index);
  const dimensions = cells[0]?.key.length ?? 0;
  const lines: number[][] = [all];
  if (dimensions < 2) {
    return lines;
  }
  for (let varying = 0; varying < dimensions; varying++) {
    const groups = new Map<string, number[]>();
    cells.forEach((cell, index) => {
      const fixed = JSON.stringify(cell.key.filter((_, d) => d !== varying));
      groups.set(fixed, [...(groups.get(fixed) ?? []), index]);
    });
    lines.push(...groups.values());
  }
  return lines;
}

/**
 * Hides the small counts of a table and enough others that no line's total gives one back.
 * `total` is the table's total (which may exceed the cells' sum when a unit counts in several cells).
 */
export function suppressTable(cells: readonly CountCell[], total: number): SuppressedTable {
  const hidden = cells.map((cell) => isSmall(cell.value));
  let totalHidden = isSmall(total);
  const lines = linesOf(cells);
  for (let changed = true; changed;) {
    changed = false;
    for (const [lineIndex, line] of lines.entries()) {
      const hiddenCells = line.filter((index) => hidden[index]);
      const hiddenSum = hiddenCells.reduce((sum, index) => sum + cells[index].value, 0);
      if (hiddenCells.length === 0 || (hiddenCells.length > 1 && hiddenSum >= SUPPRESSION_THRESHOLD)) {
        continue;
      }
      const candidates = line.filter((index) => !hidden[index] && cells[index].value > 0);
      if (candidates.length === 0) {
        // Nothing left to hide in the line: only the whole table's total can still be hidden.
        if (lineIndex === 0 && !totalHidden) {
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
