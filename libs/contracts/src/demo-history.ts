// The demo history (DEMO_HISTORY=true, which npm start sets): a few months of guidance contacts,
// group events, participants and referrals so that the statistics have something to show. The
// clients and referrals services each load their part; they share the clients' ids from here.

/** How many months back (the current month included) the history reaches. */
export const DEMO_HISTORY_MONTHS = 4;
export const DEMO_HISTORY_CLIENTS = 120;

/** The id of demo history client `n` (0-based): the same in every service. */
export function demoHistoryClientId(n: number): string {
  return `d3e0a000-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;
}

/** A small deterministic generator (Park–Miller), so the demo data is the same on every start. */
export function demoRandom(seed: number): () => number {
  let state = seed % 2147483647 || 1;
  return () => (state = (state * 16807) % 2147483647) / 2147483647;
}

/** The first day (UTC midnight) of the month `monthsBack` months before the one `now` is in. */
export function monthStart(now: Date, monthsBack: number): Date {
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - monthsBack, 1));
}
