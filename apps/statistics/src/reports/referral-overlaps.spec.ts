// The referrals report by status against broken-chain by end (issue 15, differencing): status
// `cancelled` is broken-chain's `cancelled` + `expired`, `rejected` and `failed` are the same figures
// in both, and broken-chain's total is the sum of the ended statuses.
import { SUPPRESSED, type Count } from '#contracts';
import { suppressOverMonths, type MonthOfCounts } from './monthly-suppression.js';
import {
  brokenChainMonths,
  receiverOverlap,
  responseTimeMonths,
  statusOverlap,
} from './referral-overlaps.js';

const month = (values: Record<string, number>): MonthOfCounts => ({
  month: '2025-09',
  cells: Object.entries(values).map(([key, value]) => ({ key: [key], value })),
  total: Object.values(values).reduce((a, b) => a + b, 0),
});
const shown = (table: { cells: Array<{ key: string[]; value: Count }>; total: Count }) => ({
  ...Object.fromEntries(table.cells.map((cell) => [cell.key[0], cell.value])),
  total: table.total,
});
const referrals = (values: Record<string, number>) =>
  shown(suppressOverMonths([{ ...month(values), overlaps: [statusOverlap('cells')] }], false));
const brokenChain = (ends: Record<string, number>, statuses: Record<string, number>) =>
  shown(
    suppressOverMonths(
      brokenChainMonths([month(ends)], { byStatus: [month(statuses)], byReceiver: [] }, ['end']),
      false,
    ),
  );

describe('broken-chain by end against the referrals by status', () => {
  it('hides cancelled with expired when the referrals show status cancelled (= both)', () => {
    const statuses = { requested: 5, rejected: 5, cancelled: 9 };
    expect(referrals(statuses)).toEqual({ ...statuses, total: 19 });
    // Hiding rejected 5 instead (the smallest) would protect nothing: the referrals show it, and
    // status cancelled 9 − cancelled 6 would give expired 3 back.
    expect(brokenChain({ rejected: 5, cancelled: 6, expired: 3 }, statuses)).toEqual({
      rejected: 5,
      cancelled: SUPPRESSED,
      expired: SUPPRESSED,
      total: 14,
    });
  });

  it('hides what the referrals hide of the same figures, and one of cancelled/expired when they hide cancelled', () => {
    // The referrals hide failed 2 and, on the line of ended statuses (broken-chain's total), the
    // smallest other ended one: cancelled 6.
    const statuses = { requested: 10, rejected: 7, cancelled: 6, failed: 2 };
    expect(referrals(statuses)).toEqual({
      requested: 10,
      rejected: 7,
      cancelled: SUPPRESSED,
      failed: SUPPRESSED,
      total: 25,
    });
    expect(brokenChain({ rejected: 7, cancelled: 6, failed: 2 }, statuses)).toEqual({
      rejected: 7,
      cancelled: SUPPRESSED,
      failed: SUPPRESSED,
      total: 15,
    });
  });

  it('keeps a figure hidden in broken-chain that the referrals hide, though broken-chain alone would show it', () => {
    const statuses = { requested: 10, rejected: 7, cancelled: 8, failed: 2 };
    expect(referrals(statuses)).toMatchObject({ rejected: SUPPRESSED, cancelled: 8, failed: SUPPRESSED });
    expect(brokenChain({ rejected: 7, cancelled: 8, failed: 2 }, statuses)).toEqual({
      rejected: SUPPRESSED,
      cancelled: 8,
      failed: SUPPRESSED,
      total: 17,
    });
  });

  it("protects the open statuses against the referrals' total minus broken-chain's", () => {
    // Requested 2 hides cancelled 8 (the smallest); broken-chain's total is 8 too, so 30 − 8 − a shown
    // completed 20 would give requested back: completed is hidden as well. Broken-chain, whose only
    // figure is that cancelled 8, hides its total.
    const statuses = { requested: 2, cancelled: 8, completed: 20 };
    expect(referrals(statuses)).toEqual({
      requested: SUPPRESSED,
      cancelled: SUPPRESSED,
      completed: SUPPRESSED,
      total: 30,
    });
    expect(brokenChain({ cancelled: 8 }, statuses)).toEqual({ cancelled: SUPPRESSED, total: SUPPRESSED });
  });

  it("hides broken-chain's total when the referrals' total differs from it by 1–4", () => {
    // 18 referrals, 15 ended: shown, 18 − 15 would give the 3 requested back (the referrals hide
    // requested, rejected and cancelled, so broken-chain hides its cells too).
    const statuses = { requested: 3, rejected: 7, cancelled: 8 };
    expect(referrals(statuses)).toEqual({
      requested: SUPPRESSED,
      rejected: SUPPRESSED,
      cancelled: SUPPRESSED,
      total: 18,
    });
    expect(brokenChain({ rejected: 7, cancelled: 8 }, statuses)).toEqual({
      rejected: SUPPRESSED,
      cancelled: SUPPRESSED,
      total: SUPPRESSED,
    });
  });
});

describe('response-times by receiver against the referrals by receiver', () => {
  const byReceiver = (values: Record<string, number>) =>
    shown(suppressOverMonths([{ ...month(values), overlaps: [receiverOverlap('cells')] }], false));
  const responseTimes = (sent: Record<string, number>, all: Record<string, number>) =>
    shown(suppressOverMonths(responseTimeMonths([month(sent)], [month(all)]), false));

  it("hides a partner's count the referrals hide, and a total 1–4 under the referrals'", () => {
    // February of the system test: Kela 5, and 1 logged (not on the platform). The referrals hide the
    // logged one and, with it, Kela 5: response-times showing Kela 5 and its total 5 would give it back.
    const all = { kela: 5, not_on_platform: 1 };
    expect(byReceiver(all)).toEqual({ kela: SUPPRESSED, not_on_platform: SUPPRESSED, total: 6 });
    expect(responseTimes({ kela: 5 }, all)).toEqual({ kela: SUPPRESSED, total: SUPPRESSED });
  });

  it('protects the receivers on the platform as a line of their own (their sum is the total of response-times)', () => {
    // employment 3 would hide not_on_platform 6 (the smallest); response-times' total 3 + 20 would
    // then give employment 3 back from kela 20: kela is hidden too.
    expect(byReceiver({ employment: 3, kela: 20, not_on_platform: 6 })).toEqual({
      employment: SUPPRESSED,
      kela: SUPPRESSED,
      not_on_platform: SUPPRESSED,
      total: 29,
    });
  });

  it('shows and hides the same partners as the referrals by receiver', () => {
    const all = { employment: 3, kela: 20, other: 7, not_on_platform: 30 };
    expect(byReceiver(all)).toEqual({
      employment: SUPPRESSED,
      kela: 20,
      other: SUPPRESSED,
      not_on_platform: 30,
      total: 60,
    });
    expect(responseTimes({ employment: 3, kela: 20, other: 7 }, all)).toEqual({
      employment: SUPPRESSED,
      kela: 20,
      other: SUPPRESSED,
      total: 30,
    });
  });
});

describe('broken-chain by receiver within the referrals by receiver', () => {
  const brokenByReceiver = (ended: Record<string, number>, all: Record<string, number>) =>
    shown(
      suppressOverMonths(
        brokenChainMonths([month(ended)], { byStatus: [month(all)], byReceiver: [month(all)] }, [
          'receivingOrganisation',
        ]),
        false,
      ),
    );

  it("hides a receiver's ended count 1–4 under its referrals, and protects the rest of the table", () => {
    // Employment: 10 referrals, 7 ended (3 open); Kela: 20 and 10. Shown, 10 − 7 = 3.
    expect(brokenByReceiver({ employment: 7, kela: 10 }, { employment: 10, kela: 20 })).toEqual({
      employment: SUPPRESSED,
      kela: SUPPRESSED,
      total: 17,
    });
  });

  it('shows the ended counts when every difference is 0 or 5 or more', () => {
    expect(brokenByReceiver({ employment: 5, kela: 10 }, { employment: 10, kela: 20 })).toEqual({
      employment: 5,
      kela: 10,
      total: 15,
    });
  });
});
