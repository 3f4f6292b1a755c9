// How the referrals report and the broken-chain report overlap by definition (issue 15,
// differencing): broken-chain counts the referrals whose status is rejected, cancelled or failed, and
// splits `cancelled` into `cancelled` and `expired` (cancelled for the reason expired). So its
// `rejected` and `failed` are the referrals report's figures by status, its `cancelled` + `expired`
// is status `cancelled` (status `cancelled` minus broken-chain's `cancelled` is `expired`), and its
// total is the sum of the three statuses (the referrals' total minus it, the sum of the others).
import { REFERRAL_STATUSES, SUPPRESSION_THRESHOLD } from '#contracts';
import { suppressMonth, type MonthOfCounts, type Overlap } from './monthly-suppression.js';

const ENDED_STATUSES = ['rejected', 'cancelled', 'failed'];
const OPEN_STATUSES = REFERRAL_STATUSES.filter((status) => !ENDED_STATUSES.includes(status));

/** Where a report's dimensions put its one-dimension table by `dimension` (none: not grouped by it). */
export function overlapTable(others: readonly string[], dimension: string): Overlap['table'] | null {
  const index = others.indexOf(dimension);
  if (index < 0) {
    return null;
  }
  return others.length === 1 ? 'cells' : (index as 0 | 1);
}

/** The referrals by status: the ended ones sum to broken-chain's total, so do the others to the rest. */
export function statusOverlap(table: Overlap['table']): Overlap {
  return {
    table,
    groups: [
      { values: ENDED_STATUSES, marginHidden: false },
      { values: OPEN_STATUSES, marginHidden: false },
    ],
  };
}

/**
 * Broken-chain by end, given the statuses the referrals report hides that month: the same figure
 * hidden in both (or shown in both), and `cancelled` + `expired` protected as status `cancelled` is.
 */
export function chainEndOverlap(table: Overlap['table'], hiddenStatuses: ReadonlySet<string>): Overlap {
  return {
    table,
    groups: [
      { values: ['rejected'], marginHidden: hiddenStatuses.has('rejected') },
      { values: ['failed'], marginHidden: hiddenStatuses.has('failed') },
      { values: ['cancelled', 'expired'], marginHidden: hiddenStatuses.has('cancelled') },
    ],
    pinned: ['rejected', 'failed'].filter((status) => !hiddenStatuses.has(status)),
  };
}

/** Broken-chain's total is hidden when the referrals' total shows and the two differ by 1–4. */
export function chainTotalHidden(referrals: number, referralsTotalHidden: boolean, broken: number): boolean {
  const rest = referrals - broken;
  return !referralsTotalHidden && rest > 0 && rest < SUPPRESSION_THRESHOLD;
}

/**
 * Broken-chain's months with the referrals report's figures of the same months (by status, as its
 * single-month report grouped by status shows them) that overlap them.
 */
export function brokenChainMonths(
  broken: MonthOfCounts[],
  byStatus: MonthOfCounts[],
  others: readonly string[],
): MonthOfCounts[] {
  const referrals = new Map(
    byStatus.map((month) => {
      const suppressed = suppressMonth({ ...month, overlaps: [statusOverlap('cells')] });
      const hidden = new Set(month.cells.filter((_, i) => suppressed.hidden[i]).map((cell) => cell.key[0]));
      return [month.month, { total: month.total, totalHidden: suppressed.totalHidden, hidden }];
    }),
  );
  const endTable = overlapTable(others, 'end');
  return broken.map((month) => {
    const shown = referrals.get(month.month);
    if (!shown) {
      return month;
    }
    return {
      ...month,
      overlaps: endTable === null ? [] : [chainEndOverlap(endTable, shown.hidden)],
      totalHidden: chainTotalHidden(shown.total, shown.totalHidden, month.total),
    };
  });
}
