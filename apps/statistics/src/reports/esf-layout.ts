// The ESF participant report in the layout the project reports in: one row per ESF+ common indicator
// (Regulation (EU) 2021/1057, Annex I: participants by labour-market status, age and education at
// entry, and the immediate results at exit), counted by gender, each row suppressed as a table of
// its own (female + male + other = total), and the rows nested in another (every row in
// `participants`, `long_term_unemployed` in `unemployed`) hidden further where the difference of
// the two would be 1–4 (nested-suppression.ts).
import { ESF_INDICATORS, SUPPRESSED, type Count, type EsfIndicator, type StatisticsRow } from '#contracts';
import type { GroupedCount } from './report-queries.js';
import { suppressNestedRows, type Nesting } from './nested-suppression.js';

/** Keys: gender, ageBand, labourMarketStatus, education, result (the query's dimension order). */
type Participant = { gender: string; ageBand: string; status: string; education: string; result: string };

const COUNTS: Record<EsfIndicator, (p: Participant) => boolean> = {
  participants: () => true,
  unemployed: (p) => p.status === 'unemployed' || p.status === 'long_term_unemployed',
  long_term_unemployed: (p) => p.status === 'long_term_unemployed',
  inactive: (p) => p.status === 'inactive' || p.status === 'in_education',
  employed: (p) => p.status === 'employed',
  under_18: (p) => p.ageBand === 'under_18',
  age_18_29: (p) => p.ageBand === '18_24' || p.ageBand === '25_29',
  age_55_plus: (p) => p.ageBand === '55_64' || p.ageBand === '65_plus',
  isced_0_2: (p) => p.education === 'isced_0_2',
  isced_3_4: (p) => p.education === 'isced_3_4',
  isced_5_8: (p) => p.education === 'isced_5_8',
  result_job_searching: (p) => p.result === 'job_seeking',
  result_in_education_or_training: (p) => p.result === 'in_education_or_training',
  result_gained_qualification: (p) => p.result === 'gained_qualification',
  result_in_employment: (p) => p.result === 'in_employment',
};

/** Rows that count everyone another row counts: `participants` all, `unemployed` the long-term unemployed. */
const NESTINGS: Nesting[] = [
  ...ESF_INDICATORS.slice(1).map((_, i): Nesting => [0, i + 1]),
  [ESF_INDICATORS.indexOf('unemployed'), ESF_INDICATORS.indexOf('long_term_unemployed')],
];

const GENDER_COLUMNS = ['female', 'male', 'other'] as const;
const columnOf = (gender: string): (typeof GENDER_COLUMNS)[number] =>
  gender === 'female' || gender === 'male' ? gender : 'other';

export function esfParticipantRows(grouped: GroupedCount[]) {
  const participants = grouped.map((row) => ({
    who: {
      gender: row.key[0],
      ageBand: row.key[1],
      status: row.key[2],
      education: row.key[3],
      result: row.key[4],
    },
    count: row.values.count ?? 0,
  }));
  const counts = ESF_INDICATORS.map((indicator) => {
    const byGender = { female: 0, male: 0, other: 0 };
    for (const { who, count } of participants) {
      if (COUNTS[indicator](who)) {
        byGender[columnOf(who.gender)] += count;
      }
    }
    const cells = GENDER_COLUMNS.map((gender) => byGender[gender]);
    return { cells, total: cells.reduce((sum, value) => sum + value, 0) };
  });
  const suppressed = suppressNestedRows(counts, NESTINGS);
  const shown = (value: number, hidden: boolean): Count => (hidden ? SUPPRESSED : value);
  const rows: StatisticsRow[] = ESF_INDICATORS.map((indicator, i) => ({
    indicator,
    ...Object.fromEntries(
      GENDER_COLUMNS.map((gender, g) => [gender, shown(counts[i].cells[g], suppressed[i].hidden[g])]),
    ),
    total: shown(counts[i].total, suppressed[i].totalHidden),
  }));
  const participantsTotal = rows[0].total as Count;
  return { columns: ['indicator', 'female', 'male', 'other', 'total'], rows, total: participantsTotal };
}

const CELL_COLUMNS = ['female', 'male', 'other', 'total'] as const;

/**
 * The layout over several months (keys: month, then as above): each month's cells as its own report
 * shows them, and a cell over the range hidden when any month's is (see monthly-suppression.ts).
 */
export function esfOverMonths(grouped: GroupedCount[]) {
  const months = [...new Set(grouped.map((row) => row.key[0]))];
  const perMonth = months.map((month) =>
    esfParticipantRows(
      grouped.filter((row) => row.key[0] === month).map((row) => ({ ...row, key: row.key.slice(1) })),
    ),
  );
  const sum = (values: Count[]): Count =>
    values.includes(SUPPRESSED) ? SUPPRESSED : values.reduce<number>((a, b) => a + (b as number), 0);
  const rows: StatisticsRow[] = ESF_INDICATORS.map((indicator, i) => ({
    indicator,
    ...Object.fromEntries(
      CELL_COLUMNS.map((column) => [column, sum(perMonth.map((month) => month.rows[i][column] as Count))]),
    ),
  }));
  return {
    columns: ['indicator', ...CELL_COLUMNS],
    rows,
    total: sum(perMonth.map((month) => month.total)),
  };
}
