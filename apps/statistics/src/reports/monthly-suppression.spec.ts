// The differencing attacks of issue 15 against the pure suppression: each test subtracts figures a
// user may read from one another and checks that no hidden count of 1–4 comes back.
import { SUPPRESSED, type Count } from '#contracts';
import { suppressOverMonths, suppressMonth, type MonthOfCounts } from './monthly-suppression.js';
import { suppressTable, type CountCell } from './suppression.js';

const cells = (values: Record<string, number>): CountCell[] =>
  Object.entries(values).map(([key, value]) => ({ key: [key], value }));
const month = (name: string, values: Record<string, number>): MonthOfCounts => ({
  month: name,
  cells: cells(values),
  total: Object.values(values).reduce((a, b) => a + b, 0),
});
const shown = (table: { cells: Array<{ key: string[]; value: Count }> }, key: string) =>
  table.cells.find((cell) => cell.key[0] === key)?.value;

describe('a month range against a wider one', () => {
  // January: walk-in 7, phone 3; February: walk-in 6, remote 5, e-mail 1 (the system test's history).
  const january = month('2026-01', { walk_in: 7, phone: 3 });
  const february = month('2026-02', { walk_in: 6, remote: 5, email_chat: 1 });

  it('does not show a figure over two months when one of its months is hidden', () => {
    const february_ = suppressOverMonths([february], false);
    const both = suppressOverMonths([january, february], false);
    // February alone shows walk-in 6; were January–February to show walk-in 13, 13 − 6 = January's 7,
    // and January's total 10 − 7 = phone 3.
    expect(shown(february_, 'walk_in')).toBe(6);
    expect(shown(both, 'walk_in')).toBe(SUPPRESSED);
    const wider = shown(both, 'walk_in');
    const narrower = shown(february_, 'walk_in');
    if (typeof wider === 'number' && typeof narrower === 'number') {
      expect(10 - (wider - narrower)).toBeGreaterThanOrEqual(5);
    }
    expect(both.total).toBe(22);
  });

  it('shows a figure over months when every month shows it', () => {
    const table = suppressOverMonths(
      [month('2026-01', { walk_in: 7, phone: 9 }), month('2026-02', { walk_in: 6, phone: 5 })],
      false,
    );
    expect(table.cells.map((cell) => cell.value)).toEqual([13, 14]);
    expect(table.total).toBe(27);
  });

  it('hides a total over months when one month total is small (else minus the other months gives it)', () => {
    const table = suppressOverMonths(
      [month('2026-01', { walk_in: 40 }), month('2026-02', { walk_in: 3 })],
      true,
    );
    expect(table.cells.map((cell) => [cell.month, cell.value])).toEqual([
      ['2026-01', 40],
      ['2026-02', SUPPRESSED],
    ]);
    expect(table.total).toBe(SUPPRESSED);
  });

  it('holds for random histories: no difference of two nested ranges is a count of 1–4', () => {
    let seed = 11;
    const random = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
    const keys = ['a', 'b', 'c'];
    for (let round = 0; round < 200; round++) {
      const months = Array.from({ length: 4 }, (_, m) =>
        month(`2026-0${m + 1}`, Object.fromEntries(keys.map((key) => [key, Math.floor(random() * 10)]))),
      );
      for (let from = 0; from < 4; from++) {
        for (let to = from; to < 4; to++) {
          for (let from2 = from; from2 <= to; from2++) {
            for (let to2 = from2; to2 <= to; to2++) {
              const wide = suppressOverMonths(months.slice(from, to + 1), false);
              const narrow = suppressOverMonths(months.slice(from2, to2 + 1), false);
              for (const key of keys) {
                const [w, n] = [shown(wide, key), shown(narrow, key)];
                if (typeof w === 'number' && typeof n === 'number') {
                  expect(w - n === 0 || w - n >= 5).toBe(true);
                }
              }
              if (typeof wide.total === 'number' && typeof narrow.total === 'number') {
                const difference = wide.total - narrow.total;
                expect(difference === 0 || difference >= 5).toBe(true);
              }
            }
          }
        }
      }
    }
  });
});

describe('the same figures grouped two ways', () => {
  // One month: channel × language. By channel alone: walk-in 3 (small), phone 8 (hidden so that the
  // total does not give walk-in back), remote 16.
  const twoWay: MonthOfCounts = {
    month: '2026-03',
    cells: [
      { key: ['walk_in', 'fi'], value: 3 },
      { key: ['phone', 'sv'], value: 8 },
      { key: ['remote', 'fi'], value: 6 },
      { key: ['remote', 'ar'], value: 10 },
    ],
    total: 27,
    margins: [cells({ walk_in: 3, phone: 8, remote: 16 }), cells({ fi: 9, sv: 8, ar: 10 })],
  };

  it('hides a cell of the two-way table whose line would add up to a margin the one-way table hides', () => {
    const byChannel = suppressTable(twoWay.margins![0], 27);
    expect(byChannel.cells).toEqual([SUPPRESSED, SUPPRESSED, 16]);
    const { hidden } = suppressMonth(twoWay);
    // Phone × sv shown would be phone's 8, and 27 − 16 − 8 = walk-in's 3.
    expect(hidden[1]).toBe(true);
    // Without the margins, the two-way table alone would have shown it.
    expect(suppressTable(twoWay.cells, 27).hidden[1]).toBe(false);
  });

  it('lets no line of shown cells add up to a hidden margin (random tables)', () => {
    let seed = 5;
    const random = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
    for (let round = 0; round < 300; round++) {
      const rows = ['r0', 'r1', 'r2'];
      const columns = ['c0', 'c1'];
      const grid = rows.flatMap((row) =>
        columns.map((column) => ({ key: [row, column], value: Math.floor(random() * 9) })),
      );
      const total = grid.reduce((sum, cell) => sum + cell.value, 0);
      const margin = (d: number, values: string[]) =>
        values.map((value) => ({
          key: [value],
          value: grid.filter((cell) => cell.key[d] === value).reduce((sum, cell) => sum + cell.value, 0),
        }));
      const margins: [CountCell[], CountCell[]] = [margin(0, rows), margin(1, columns)];
      const { hidden } = suppressMonth({ month: 'm', cells: grid, total, margins });
      for (const [d, values] of [rows, columns].entries()) {
        const oneWay = suppressTable(margins[d], total);
        values.forEach((value, i) => {
          const line = grid
            .map((cell, index) => ({ cell, index }))
            .filter(({ cell }) => cell.key[d] === value);
          if (oneWay.hidden[i] && margins[d][i].value > 0) {
            expect(line.some(({ index }) => hidden[index])).toBe(true);
          }
        });
      }
    }
  });
});
