import { suppressCount, suppressTable, type CountCell } from './suppression.js';

const oneDim = (...values: number[]): CountCell[] => values.map((value, i) => ({ key: [`k${i}`], value }));
const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);

describe('suppressTable', () => {
  it('shows every count of 5 or more and the total', () => {
    expect(suppressTable(oneDim(5, 12, 30), 47)).toMatchObject({ cells: [5, 12, 30], total: 47 });
  });

  it('hides a small cell and, so that the total does not give it back, the next smallest', () => {
    const table = suppressTable(oneDim(3, 12, 30, 8), 53);
    expect(table.cells).toEqual(['<5', 12, 30, '<5']);
    expect(table.total).toBe(53);
  });

  it('hides more cells while the hidden ones sum to under 5 (1 + 1 could be read back as two ones)', () => {
    expect(suppressTable(oneDim(1, 1, 9, 20), 31).cells).toEqual(['<5', '<5', '<5', 20]);
  });

  it('accepts two small hidden cells summing to 5 or more', () => {
    expect(suppressTable(oneDim(2, 4, 9, 20), 35).cells).toEqual(['<5', '<5', 9, 20]);
  });

  it('hides the total when it is small, and when one small cell is the whole table', () => {
    expect(suppressTable(oneDim(3), 3)).toMatchObject({ cells: ['<5'], total: '<5' });
    expect(suppressTable(oneDim(2, 1), 3)).toMatchObject({ cells: ['<5', '<5'], total: '<5' });
    expect(suppressTable([], 0)).toMatchObject({ cells: [], total: 0 });
  });

  it('hides the total when the only other cell cannot protect a lone small one', () => {
    // 4 + 6: hiding both leaves 10 = total; hidden sum 10 >= 5 is fine, so the total may show.
    expect(suppressTable(oneDim(4, 6), 10)).toMatchObject({ cells: ['<5', '<5'], total: 10 });
  });

  it('protects every margin of a two-dimension table (rows and columns)', () => {
    // month × channel: Jan walk_in 2 is small; its month (Jan) and channel (walk_in) lines need a second hidden cell each.
    const cells: CountCell[] = [
      { key: ['2026-01', 'walk_in'], value: 2 },
      { key: ['2026-01', 'phone'], value: 10 },
      { key: ['2026-02', 'walk_in'], value: 7 },
      { key: ['2026-02', 'phone'], value: 20 },
    ];
    const table = suppressTable(cells, 39);
    expect(table.cells).toEqual(['<5', '<5', '<5', '<5']);
    // No line holds exactly one hidden cell or a hidden sum under 5.
    const lines = [
      [0, 1],
      [2, 3],
      [0, 2],
      [1, 3],
    ];
    for (const line of lines) {
      const hidden = line.filter((i) => table.hidden[i]);
      expect(hidden.length === 0 || (hidden.length > 1 && sum(hidden.map((i) => cells[i].value)) >= 5)).toBe(
        true,
      );
    }
  });

  it('never lets a total minus the shown cells equal one hidden cell (random tables)', () => {
    let seed = 7;
    const random = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
    for (let round = 0; round < 500; round++) {
      const values = Array.from(
        { length: 1 + Math.floor(random() * 6) },
        () => 1 + Math.floor(random() * 12),
      );
      const table = suppressTable(oneDim(...values), sum(values));
      const hiddenValues = values.filter((_, i) => table.hidden[i]);
      if (table.total !== '<5' && hiddenValues.length > 0) {
        expect(hiddenValues.length).toBeGreaterThan(1);
        expect(sum(hiddenValues)).toBeGreaterThanOrEqual(5);
      }
      values.forEach((value, i) => {
        if (value < 5) {
          expect(table.cells[i]).toBe('<5');
        }
      });
    }
  });
});

describe('suppressCount', () => {
  it('hides 1 to 4 only', () => {
    expect([0, 1, 4, 5, 100].map(suppressCount)).toEqual([0, '<5', '<5', 5, 100]);
  });
});

describe('suppressTable with figures from outside the table', () => {
  it('keeps cells hidden by another rule hidden, and protects them as its own', () => {
    // 12 hidden because of an overlapping figure: alone on the line, so 20 is hidden too.
    expect(suppressTable(oneDim(12, 20, 30), 62, { hidden: [true, false, false] }).cells).toEqual([
      '<5',
      '<5',
      30,
    ]);
  });

  it('with the total hidden elsewhere, needs one hidden cell (else the cells add up to it)', () => {
    expect(suppressTable(oneDim(12, 20), 32, { totalHidden: true })).toMatchObject({
      cells: ['<5', 20],
      total: '<5',
    });
  });

  it('protects a group whose sum another report shows, never hiding a figure the other shows', () => {
    // Cells 0 + 1 are shown elsewhere as one figure; cell 2 is pinned (the other report shows it).
    const table = suppressTable(oneDim(3, 9, 6, 40), 58, {
      groups: [{ cells: [0, 1], marginHidden: false }],
      pinned: [false, false, true, false],
    });
    expect(table.cells).toEqual(['<5', '<5', 6, 40]);
  });

  it('hides one cell of a group whose sum another report hides', () => {
    // 8 hidden for the group, then 9 so that the total does not give 8 back.
    expect(
      suppressTable(oneDim(9, 8, 40), 57, { groups: [{ cells: [0, 1], marginHidden: true }] }).cells,
    ).toEqual(['<5', '<5', 40]);
  });
});
