// How the participants report and the ESF layout overlap by definition (issue 15, differencing): an
// ESF row counts the participants of one value, or of a few, of a dimension the participants report
// may be grouped by (`age_18_29` is ages 18_24 + 25_29, `unemployed` the statuses unemployed +
// long_term_unemployed, the column `other` the genders other + not_given). So, month by month, the
// participants report by such a dimension protects those groups as the ESF report shows them: a group
// whose ESF figure is hidden keeps one of its values hidden, a group whose figure shows is protected
// as a line (its hidden values never alone, never under 5), and a value that is an ESF figure on its
// own is never the one hidden for the others (the ESF report would show it).
import { SUPPRESSED, type EsfIndicator } from '#contracts';
import { esfParticipantRows } from './esf-layout.js';
import type { MonthOfCounts, Overlap } from './monthly-suppression.js';
import type { GroupedCount, QuerySpec } from './report-queries.js';
import { overlapTable } from './referral-overlaps.js';

/** The counts the ESF layout is made of, month by month. */
export const ESF_COUNTS: QuerySpec = {
  source: 'participants',
  dimensions: ['month', 'gender', 'ageBand', 'labourMarketStatus', 'education', 'result'],
  measures: { count: 'count(*)' },
};

/** An ESF figure: a row's total, or a gender cell of the row `participants`. */
type EsfFigure = { row: EsfIndicator; column: 'total' | 'female' | 'male' | 'other' };
const total = (row: EsfIndicator): EsfFigure => ({ row, column: 'total' });

/** Per dimension of the participants report, its values as the ESF figures group them. */
const ESF_GROUPS: Record<string, Array<{ values: string[]; figure: EsfFigure }>> = {
  gender: [
    { values: ['female'], figure: { row: 'participants', column: 'female' } },
    { values: ['male'], figure: { row: 'participants', column: 'male' } },
    { values: ['other', 'not_given'], figure: { row: 'participants', column: 'other' } },
  ],
  ageBand: [
    { values: ['under_18'], figure: total('under_18') },
    { values: ['18_24', '25_29'], figure: total('age_18_29') },
    { values: ['55_64', '65_plus'], figure: total('age_55_plus') },
  ],
  labourMarketStatus: [
    { values: ['unemployed', 'long_term_unemployed'], figure: total('unemployed') },
    { values: ['long_term_unemployed'], figure: total('long_term_unemployed') },
    { values: ['inactive', 'in_education'], figure: total('inactive') },
    { values: ['employed'], figure: total('employed') },
  ],
  education: ['isced_0_2', 'isced_3_4', 'isced_5_8'].map((level) => ({
    values: [level],
    figure: total(level as EsfIndicator),
  })),
  result: [
    { values: ['job_seeking'], figure: total('result_job_searching') },
    { values: ['in_education_or_training'], figure: total('result_in_education_or_training') },
    { values: ['gained_qualification'], figure: total('result_gained_qualification') },
    { values: ['in_employment'], figure: total('result_in_employment') },
  ],
};

/** The ESF figures a month's ESF report hides. */
function hiddenEsfFigures(rows: GroupedCount[]): (figure: EsfFigure) => boolean {
  const esf = esfParticipantRows(rows.map((row) => ({ ...row, key: row.key.slice(1) })));
  return ({ row, column }) => esf.rows.find((r) => r.indicator === row)?.[column] === SUPPRESSED;
}

/** The overlap of the participants report's table by `dimension` with the month's ESF report. */
function esfOverlap(
  table: Overlap['table'],
  dimension: string,
  hidden: (figure: EsfFigure) => boolean,
): Overlap {
  const groups = ESF_GROUPS[dimension];
  return {
    table,
    groups: groups.map((group) => ({ values: group.values, marginHidden: hidden(group.figure) })),
    pinned: groups
      .filter((group) => group.values.length === 1 && !hidden(group.figure))
      .map((group) => group.values[0]),
    pinSole: true,
  };
}

/** The participants report's months with the ESF figures of the same months that overlap them. */
export function participantMonths(
  months: MonthOfCounts[],
  esfCounts: GroupedCount[],
  others: readonly string[],
): MonthOfCounts[] {
  return months.map((month) => {
    const hidden = hiddenEsfFigures(esfCounts.filter((row) => row.key[0] === month.month));
    const overlaps = others.flatMap((dimension) => {
      const table = overlapTable(others, dimension);
      return table !== null && ESF_GROUPS[dimension] ? [esfOverlap(table, dimension, hidden)] : [];
    });
    return { ...month, overlaps };
  });
}
