// The participants report against the ESF layout of the same months (issue 15, differencing): an ESF
// row's figure minus the participants report's shown values of its group must not give a hidden one back.
import { SUPPRESSED, type Count } from '#contracts';
import { suppressOverMonths, type MonthOfCounts } from './monthly-suppression.js';
import { participantMonths } from './participant-overlaps.js';
import type { GroupedCount } from './report-queries.js';

const MONTH = '2026-03';
/** Participants of the month: [count, gender, age band, labour-market status]. */
type Group = [count: number, gender: string, ageBand: string, status: string];

const esfCounts = (groups: Group[]): GroupedCount[] =>
  groups.map(([count, gender, ageBand, status]) => ({
    key: [MONTH, gender, ageBand, status, 'isced_3_4', 'not_exited'],
    values: { count },
  }));

/** The participants report by one dimension (1: gender, 2: age band, 3: status) as it shows the month. */
function byDimension(groups: Group[], dimension: string, at: 1 | 2 | 3): Record<string, Count> {
  const values = new Map<string, number>();
  for (const group of groups) {
    values.set(group[at], (values.get(group[at]) ?? 0) + group[0]);
  }
  const month: MonthOfCounts = {
    month: MONTH,
    cells: [...values].map(([key, value]) => ({ key: [key], value })),
    total: groups.reduce((sum, group) => sum + group[0], 0),
  };
  const table = suppressOverMonths(participantMonths([month], esfCounts(groups), [dimension]), false);
  return { ...Object.fromEntries(table.cells.map((cell) => [cell.key[0], cell.value])), total: table.total };
}

describe('the participants report against the ESF layout', () => {
  it('by age band: ages 18–24 and 25–29 protected as the ESF row age_18_29 (their sum) shows', () => {
    // ESF shows age_18_29 13 and age_55_plus 8. Alone, the report would hide 18–24 3 and 55–64 8 (the
    // smallest), and 13 − 25–29 10 would give 18–24 back; 55–64 is the ESF figure age_55_plus itself.
    const groups: Group[] = [
      [3, 'female', '18_24', 'unemployed'],
      [10, 'female', '25_29', 'unemployed'],
      [8, 'female', '55_64', 'unemployed'],
    ];
    expect(byDimension(groups, 'ageBand', 2)).toEqual({
      '18_24': SUPPRESSED,
      '25_29': SUPPRESSED,
      '55_64': 8,
      total: 21,
    });
  });

  it('by labour-market status: the total hidden when only figures the ESF report shows are left', () => {
    // ESF shows unemployed 14, long-term unemployed 8 and employed 20 (inactive 3 hidden). The report
    // hides inactive 3 and unemployed 6; 14 − 8 gives the 6 back, and the total 37 − 6 − 8 − 20 the 3.
    const groups: Group[] = [
      [6, 'female', '30_54', 'unemployed'],
      [8, 'female', '30_54', 'long_term_unemployed'],
      [3, 'female', '30_54', 'inactive'],
      [20, 'female', '30_54', 'employed'],
    ];
    expect(byDimension(groups, 'labourMarketStatus', 3)).toEqual({
      unemployed: SUPPRESSED,
      long_term_unemployed: 8,
      inactive: SUPPRESSED,
      employed: 20,
      total: SUPPRESSED,
    });
  });

  it('by gender: other and not given protected as the ESF column other (their sum) shows', () => {
    // ESF participants: female 9, male 6, other 8. Alone, the report would hide other 1 and male 6
    // (the smallest); male 6 is shown by ESF, and 23 − 9 − 6 − not given 7 would give other 1 back.
    const groups: Group[] = [
      [9, 'female', '30_54', 'employed'],
      [6, 'male', '30_54', 'employed'],
      [1, 'other', '30_54', 'employed'],
      [7, 'not_given', '30_54', 'employed'],
    ];
    expect(byDimension(groups, 'gender', 1)).toEqual({
      female: 9,
      male: 6,
      other: SUPPRESSED,
      not_given: SUPPRESSED,
      total: 23,
    });
  });
});
