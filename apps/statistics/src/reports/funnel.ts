// The broken-chain report's funnel: how far the referrals of the range got, step by step.
import { SUPPRESSED, type Count } from '#contracts';
import { suppressNestedCounts, type Nesting } from './nested-suppression.js';
import type { GroupedCount } from './report-queries.js';

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
 * The funnel over months: a step hidden when any month hides it, as that month's report does (small,
 * or the inner step of two whose difference, the referrals that stopped between them, is 1–4).
 */
export function funnelOverMonths(months: GroupedCount[]): Record<(typeof FUNNEL)[number], Count> {
  const perMonth = months.map((month) => {
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
