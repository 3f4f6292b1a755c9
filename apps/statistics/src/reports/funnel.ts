// The broken-chain report's funnel: how far the referrals of the range got, step by step.
import { SUPPRESSED, type Count } from '#contracts';
import { suppressNestedCounts, type Nesting } from './nested-suppression.js';
import type { GroupedCount } from './report-queries.js';
import { monthIndex, monthOf, type ReportParams } from './report-params.js';

const FUNNEL = ['sent', 'received', 'accepted', 'completed', 'overdue'] as const;
/** Each step counts the referrals of the next (the state machine goes through them); overdue ⊆ sent. */
const FUNNEL_NESTINGS: Nesting[] = [
  [0, 1],
  [0, 2],
  [0, 3],
  [1, 2],
  [1, 3],
  [2, 3],
  [0, 4],
];

/**
 * The last month the funnel counts. This month's referrals are still on their way (most sent, few
 * received yet): counted in, they would hide the later steps of every range that reaches today and
 * make the ended months look broken. So a range that also holds ended months stops at the last of
 * them; a range of this month (or later) alone is counted as it is.
 */
export function funnelThrough({
  from,
  to,
  currentMonth,
}: Pick<ReportParams, 'from' | 'to' | 'currentMonth'>): string {
  if (to < currentMonth || from >= currentMonth) {
    return to;
  }
  return monthOf(monthIndex(currentMonth) - 1);
}

/**
 * The funnel over months: a step hidden when any month hides it, as that month's report does (small,
 * or the inner step of two whose difference, the referrals that stopped between them, is 1–4).
 */
export function funnelOverMonths(
  months: GroupedCount[],
  through: string,
): Record<(typeof FUNNEL)[number], Count> {
  const perMonth = months
    .filter((month) => month.key[0] <= through)
    .map((month) => {
      const values = FUNNEL.map((step) => month.values[step] ?? 0);
      return { values, hidden: suppressNestedCounts(values, FUNNEL_NESTINGS) };
    });
  return Object.fromEntries(
    FUNNEL.map((step, i) => [
      step,
      perMonth.some((month) => month.hidden[i])
        ? SUPPRESSED
        : perMonth.reduce((sum, month) => sum + month.values[i], 0),
    ]),
  ) as Record<(typeof FUNNEL)[number], Count>;
}
