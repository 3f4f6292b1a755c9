// How the referrals report and the broken-chain report overlap by definition (issue 15,
// differencing): broken-chain counts the referrals whose status is rejected, cancelled or failed, and
// splits `cancelled` into `cancelled` and `expired` (cancelled for the reason expired). So its
// `rejected` and `failed` are the referrals report's figures by status, its `cancelled` + `expired`
// is status `cancelled` (status `cancelled` minus broken-chain's `cancelled` is `expired`), and its
// total is the sum of the three statuses (the referrals' total minus it, the sum of the others).
// Likewise response-times counts the referrals sent to each partner on the platform: the referrals
// report's figures by receiver, but for `not_on_platform` (the logged ones), which its total leaves out.
import { REFERRAL_STATUSES, SUPPRESSION_THRESHOLD } from '#contracts';
import { suppressMonth, type MonthOfCounts, type Overlap } from './monthly-suppression.js';
import { suppressWithin } from './nested-suppression.js';

const ENDED_STATUSES = ['rejected', 'cancelled', 'failed'];
const NOT_ON_PLATFORM = 'not_on_platform';
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

/** The referrals by receiver: those on the platform sum to response-times' total, the rest to the difference. */
export function receiverOverlap(table: Overlap['table']): Overlap {
  return {
    table,
    groups: [
      { values: { except: [NOT_ON_PLATFORM] }, marginHidden: false },
      { values: [NOT_ON_PLATFORM], marginHidden: false },
    ],
  };
}

/** The overlaps of the referrals report's tables, by the dimensions it is grouped by (month aside). */
export function referralOverlaps(others: readonly string[]): Overlap[] {
  const byStatus = overlapTable(others, 'status');
  const byReceiver = overlapTable(others, 'receivingOrganisation');
  return [
    ...(byStatus === null ? [] : [statusOverlap(byStatus)]),
    ...(byReceiver === null ? [] : [receiverOverlap(byReceiver)]),
  ];
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

/** A report's total is hidden when a total containing it (the referrals') shows and they differ by 1–4. */
export function innerTotalHidden(outer: number, outerHidden: boolean, inner: number): boolean {
  const rest = outer - inner;
  return !outerHidden && rest > 0 && rest < SUPPRESSION_THRESHOLD;
}

interface ShownMonth {
  cells: MonthOfCounts['cells'];
  total: number;
  totalHidden: boolean;
  hidden: Set<string>;
}

/** The referrals report's one-dimension months as its single-month reports show them. */
function shownMonths(months: MonthOfCounts[], overlap: Overlap): Map<string, ShownMonth> {
  return new Map(
    months.map((month) => {
      const suppressed = suppressMonth({ ...month, overlaps: [overlap] });
      const hidden = new Set(month.cells.filter((_, i) => suppressed.hidden[i]).map((cell) => cell.key[0]));
      return [
        month.month,
        { cells: month.cells, total: month.total, totalHidden: suppressed.totalHidden, hidden },
      ];
    }),
  );
}

/**
 * Broken-chain by receiver within the referrals by receiver (the ended ones of each receiver's): its
 * cells hidden where the difference, the receiver's open referrals, would be small (nested-suppression.ts).
 */
function withinReceivers(month: MonthOfCounts, referrals: ShownMonth): MonthOfCounts {
  const receivers = referrals.cells.map((cell) => cell.key[0]);
  const ended = new Map(month.cells.map((cell) => [cell.key[0], cell.value]));
  const suppressed = suppressWithin(
    {
      cells: referrals.cells.map((cell) => cell.value),
      total: referrals.total,
      hidden: receivers.map((receiver) => referrals.hidden.has(receiver)),
      totalHidden: referrals.totalHidden,
    },
    { cells: receivers.map((receiver) => ended.get(receiver) ?? 0), total: month.total },
  );
  const hidden = new Set(receivers.filter((_, i) => suppressed.hidden[i]));
  return {
    ...month,
    hiddenCells: month.cells.map((cell) => hidden.has(cell.key[0])),
    totalHidden: suppressed.totalHidden,
  };
}

/**
 * Broken-chain's months with the referrals report's figures of the same months that overlap them
 * (by status and by receiver, as its single-month reports grouped by them show them).
 */
export function brokenChainMonths(
  broken: MonthOfCounts[],
  referrals: { byStatus: MonthOfCounts[]; byReceiver: MonthOfCounts[] },
  others: readonly string[],
): MonthOfCounts[] {
  const byStatus = shownMonths(referrals.byStatus, statusOverlap('cells'));
  const byReceiver = shownMonths(referrals.byReceiver, receiverOverlap('cells'));
  const endTable = overlapTable(others, 'end');
  return broken.map((month) => {
    const statuses = byStatus.get(month.month);
    const receivers = byReceiver.get(month.month);
    if (!statuses) {
      return month;
    }
    const overlapped = {
      ...month,
      overlaps: endTable === null ? [] : [chainEndOverlap(endTable, statuses.hidden)],
      totalHidden: innerTotalHidden(statuses.total, statuses.totalHidden, month.total),
    };
    return receivers && overlapTable(others, 'receivingOrganisation') === 'cells'
      ? withinReceivers(overlapped, receivers)
      : overlapped;
  });
}

/**
 * Response-times' months (by receiver) with the referrals report's by receiver: a partner's count is
 * the same figure in both, so hidden in both or shown in both.
 */
export function responseTimeMonths(sent: MonthOfCounts[], byReceiver: MonthOfCounts[]): MonthOfCounts[] {
  const referrals = shownMonths(byReceiver, receiverOverlap('cells'));
  return sent.map((month) => {
    const shown = referrals.get(month.month);
    if (!shown) {
      return month;
    }
    const receivers = month.cells.map((cell) => cell.key[0]);
    return {
      ...month,
      overlaps: [
        {
          table: 'cells',
          groups: receivers.map((receiver) => ({
            values: [receiver],
            marginHidden: shown.hidden.has(receiver),
          })),
          pinned: receivers.filter((receiver) => !shown.hidden.has(receiver)),
        },
      ],
      totalHidden: innerTotalHidden(shown.total, shown.totalHidden, month.total),
    };
  });
}
