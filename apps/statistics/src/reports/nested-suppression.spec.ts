// Figures that contain one another by definition (issue 15, differencing): each test subtracts the
// inner figure from the outer one where both are shown and finds no count of 1–4.
import { SUPPRESSED, SUPPRESSION_THRESHOLD, type Count, type StatisticsRow } from '#contracts';
import { esfParticipantRows } from './esf-layout.js';
import { funnelOverMonths } from './funnel.js';
import {
  suppressNestedCounts,
  suppressNestedRows,
  type Nesting,
  type RowOfCounts,
} from './nested-suppression.js';

const isSmall = (value: number) => value > 0 && value < SUPPRESSION_THRESHOLD;
const row = (...cells: number[]): RowOfCounts => ({ cells, total: cells.reduce((a, b) => a + b, 0) });

/** Every difference of two shown figures of a nested pair, cell by cell and of the totals. */
function readableDifferences(rows: RowOfCounts[], nestings: Nesting[]) {
  const hidden = suppressNestedRows(rows, nestings);
  const differences: number[] = [];
  for (const [outer, inner] of nestings) {
    rows[outer].cells.forEach((value, i) => {
      if (!hidden[outer].hidden[i] && !hidden[inner].hidden[i]) {
        differences.push(value - rows[inner].cells[i]);
      }
    });
    if (!hidden[outer].totalHidden && !hidden[inner].totalHidden) {
      differences.push(rows[outer].total - rows[inner].total);
    }
  }
  return { hidden, differences };
}

describe('suppressNestedCounts (the funnel steps)', () => {
  it('hides the inner of two shown steps that differ by 1–4, and the small ones', () => {
    // sent 6, received 6, accepted 5, completed 5, overdue 1: received − accepted = 1 rejected.
    const hidden = suppressNestedCounts(
      [6, 6, 5, 5, 1],
      [
        [0, 1],
        [1, 2],
        [2, 3],
        [1, 3],
        [0, 4],
      ],
    );
    expect(hidden).toEqual([false, false, true, true, true]);
  });

  it('keeps steps whose differences are 0 or 5 or more', () => {
    expect(
      suppressNestedCounts(
        [20, 20, 10, 5],
        [
          [0, 1],
          [1, 2],
          [2, 3],
        ],
      ),
    ).toEqual([false, false, false, false]);
  });

  it('also protects a pair further apart once the step between them is hidden', () => {
    // received − accepted = 2 hides accepted; sent − accepted = 3 could still be read without [0, 2].
    const hidden = suppressNestedCounts(
      [9, 8, 6],
      [
        [0, 1],
        [1, 2],
        [0, 2],
      ],
    );
    expect(hidden).toEqual([false, true, true]);
  });

  it('over months: a step hidden in any month is hidden over the range', () => {
    const months = [
      { key: ['2026-01'], values: { sent: 6, received: 6, accepted: 5, completed: 5, overdue: 1 } },
      { key: ['2026-02'], values: { sent: 20, received: 20, accepted: 10, completed: 10, overdue: 0 } },
    ];
    expect(funnelOverMonths(months, '2026-02')).toEqual({
      sent: 26,
      received: 26,
      accepted: SUPPRESSED,
      completed: SUPPRESSED,
      overdue: SUPPRESSED,
    });
    expect(funnelOverMonths(months.slice(1), '2026-02')).toEqual({
      sent: 20,
      received: 20,
      accepted: 10,
      completed: 10,
      overdue: 0,
    });
  });
});

describe('suppressNestedRows (rows that are each a table, one inside another)', () => {
  it('hides the inner cell, and the inner total, where the difference is 1–4', () => {
    // unemployed: female 10, male 8; long-term unemployed: female 7, male 8 (female difference 3).
    const { hidden, differences } = readableDifferences([row(10, 8, 0), row(7, 8, 0)], [[0, 1]]);
    expect(hidden).toEqual([
      { hidden: [false, false, false], totalHidden: false },
      { hidden: [true, false, false], totalHidden: true },
    ]);
    expect(differences.filter(isSmall)).toEqual([]);
  });

  it('hides an inner total whose difference is small even when every cell differs by 0 or 5+', () => {
    // outer male and other hidden (5, 2); inner 0, 5, 0: totals 7 − 5 = 2, read from the totals alone.
    const { hidden, differences } = readableDifferences([row(0, 5, 2), row(0, 5, 0)], [[0, 1]]);
    expect(hidden[1]).toEqual({ hidden: [false, true, false], totalHidden: true });
    expect(differences.filter(isSmall)).toEqual([]);
  });

  it("protects the differences' own line: their total minus the readable ones gives no small sum", () => {
    // outer 3, 6, 20 (hides female and male); inner 2, 5, 10 (hides female and male): differences
    // 1, 1, 10 with total 12; 12 − 10 would give the two hidden differences (2) back.
    const { hidden, differences } = readableDifferences([row(3, 6, 20), row(2, 5, 10)], [[0, 1]]);
    expect(hidden[1]).toEqual({ hidden: [true, true, true], totalHidden: false });
    expect(differences).toEqual([12]);
  });

  it('keeps each row protected as a table after hiding more of it', () => {
    // inner other 18 differs by 2: hidden, then alone on its row, so male 5 is hidden too.
    const { hidden } = readableDifferences([row(3, 6, 20), row(0, 5, 18)], [[0, 1]]);
    expect(hidden[0]).toEqual({ hidden: [true, true, false], totalHidden: false });
    expect(hidden[1]).toEqual({ hidden: [false, true, true], totalHidden: false });
  });

  it('never lets two shown nested figures differ by 1–4, nor a row give a hidden cell back (random)', () => {
    let seed = 11;
    const random = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
    const nestings: Nesting[] = [
      [0, 1],
      [0, 2],
      [1, 2],
    ];
    for (let round = 0; round < 500; round++) {
      const outer = [0, 1, 2].map(() => Math.floor(random() * 14));
      const middle = outer.map((value) => Math.floor(random() * (value + 1)));
      const inner = middle.map((value) => Math.floor(random() * (value + 1)));
      const rows = [row(...outer), row(...middle), row(...inner)];
      const { hidden, differences } = readableDifferences(rows, nestings);
      expect(differences.filter(isSmall)).toEqual([]);
      for (const [outer, inner] of nestings) {
        // The differences' total minus the readable ones: no lone unreadable difference, no small sum.
        if (hidden[outer].totalHidden || hidden[inner].totalHidden) {
          continue;
        }
        const unreadable = [0, 1, 2]
          .filter((c) => hidden[outer].hidden[c] || hidden[inner].hidden[c])
          .map((c) => rows[outer].cells[c] - rows[inner].cells[c]);
        const rest = unreadable.reduce((a, b) => a + b, 0);
        expect(unreadable.length === 0 || (unreadable.length > 1 && rest >= SUPPRESSION_THRESHOLD)).toBe(
          true,
        );
      }
      rows.forEach((r, i) => {
        const hiddenValues = r.cells.filter((_, c) => hidden[i].hidden[c]);
        if (!hidden[i].totalHidden && hiddenValues.length > 0) {
          expect(hiddenValues.length).toBeGreaterThan(1);
          expect(hiddenValues.reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(SUPPRESSION_THRESHOLD);
        }
      });
    }
  });
});

describe('the ESF layout', () => {
  /** One group of participants: gender, age band, labour-market status, education, result. */
  const group = (count: number, ...key: string[]) => ({ key, values: { count } });
  const byIndicator = (rows: StatisticsRow[]) =>
    Object.fromEntries(rows.map((r): [string, StatisticsRow] => [String(r.indicator), r]));
  const cells = (r: StatisticsRow): Count[] => [r.female, r.male, r.other, r.total] as Count[];

  it('hides unemployed − long-term unemployed when it is 1–4', () => {
    const rows = byIndicator(
      esfParticipantRows([
        group(7, 'female', '25_29', 'long_term_unemployed', 'isced_3_4', 'not_exited'),
        group(3, 'female', '25_29', 'unemployed', 'isced_3_4', 'not_exited'),
        group(8, 'male', '30_54', 'long_term_unemployed', 'isced_3_4', 'not_exited'),
      ]).rows,
    );
    expect(cells(rows.unemployed)).toEqual([10, 8, 0, 18]);
    // Were both shown, 10 − 7 = 3 and 18 − 15 = 3 short-term unemployed women.
    expect(cells(rows.long_term_unemployed)).toEqual([SUPPRESSED, 8, 0, SUPPRESSED]);
  });

  it('hides a row whose difference to all participants is 1–4', () => {
    // February of the system test: 5 long-term unemployed men, 2 inactive of no given gender.
    const rows = byIndicator(
      esfParticipantRows([
        group(5, 'male', '55_64', 'long_term_unemployed', 'isced_0_2', 'in_employment'),
        group(2, 'not_given', 'under_18', 'inactive', 'not_asked', 'not_exited'),
      ]).rows,
    );
    expect(cells(rows.participants)).toEqual([0, SUPPRESSED, SUPPRESSED, 7]);
    // 7 participants − 5 unemployed would give the 2 who are not.
    for (const indicator of ['unemployed', 'long_term_unemployed', 'age_55_plus', 'isced_0_2']) {
      expect(cells(rows[indicator])).toEqual([0, SUPPRESSED, 0, SUPPRESSED]);
    }
    expect(cells(rows.inactive)).toEqual([0, 0, SUPPRESSED, SUPPRESSED]);
  });
});
