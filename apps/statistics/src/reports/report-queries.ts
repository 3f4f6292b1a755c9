// The SQL of each report over the read model: counts grouped by the asked dimensions, within the
// caller's scope and the months asked. Only parameterised values; dimension expressions come from
// the fixed tables below, never from the request.
import type { EntityManager } from 'typeorm';
import type { StatisticsScope } from '#contracts';
import type { ReportParams } from './report-params.js';

export interface GroupedCount {
  key: string[];
  values: Record<string, number | null>;
}

const HELSINKI_MONTH = (column: string) => `to_char(${column} AT TIME ZONE 'Europe/Helsinki', 'YYYY-MM')`;
const HELSINKI_DATE = (column: string) => `(${column} AT TIME ZONE 'Europe/Helsinki')::date`;

/** Dimension → SQL expression, per table; `topic` unnests the topics array (a row per topic). */
export const DIMENSION_SQL: Record<string, Record<string, string>> = {
  contacts: {
    month: `to_char(c.date, 'YYYY-MM')`,
    channel: 'c.channel',
    topic: 't.topic',
    language: 'c.language',
    interpreter: `CASE WHEN c.interpreter THEN 'true' ELSE 'false' END`,
    kind: 'c.kind',
  },
  'group-events': {
    month: `to_char(c.date, 'YYYY-MM')`,
    topic: 't.topic',
    language: `coalesce(c.language, 'unknown')`,
  },
  participants: {
    month: `to_char(c.entry_date, 'YYYY-MM')`,
    ageBand: 'c.age_band',
    gender: 'c.gender',
    municipality: 'c.municipality',
    labourMarketStatus: 'c.labour_market_status',
    education: 'c.education',
    result: `coalesce(c.result_at_exit, 'not_exited')`,
    indicator: `''`,
  },
  referrals: {
    month: HELSINKI_MONTH('c.sent_at'),
    need: 'c.need',
    sendingOrganisation: 'c.sending_organisation_id::text',
    receivingOrganisation: `coalesce(c.receiving_organisation_id::text, 'not_on_platform')`,
    status: 'c.status',
    end: `CASE WHEN c.status = 'cancelled' AND c.reason_code = 'expired' THEN 'expired' ELSE c.status END`,
    reason: `coalesce(CASE WHEN c.status = 'failed' THEN coalesce(c.outcome_code, c.reason_code) ELSE c.reason_code END, 'unknown')`,
  },
};

interface Source {
  table: string;
  /** The date column the months apply to, as a date. */
  date: string;
  /** The scope's condition (`$1` is the organisation). */
  organisation: string;
  extra?: string;
}

const SOURCES: Record<'contacts' | 'group-events' | 'participants' | 'referrals', Source> = {
  contacts: { table: '"statistics"."contacts"', date: 'c.date', organisation: 'c.organisation_id = $1' },
  'group-events': {
    table: '"statistics"."group_events"',
    date: 'c.date',
    organisation: 'c.organisation_id = $1',
  },
  participants: {
    table: '"statistics"."participants"',
    date: 'c.entry_date',
    organisation: 'c.organisation_id = $1',
  },
  referrals: {
    table: '"statistics"."referrals"',
    date: HELSINKI_DATE('c.sent_at'),
    organisation: '(c.sending_organisation_id = $1 OR c.receiving_organisation_id = $1)',
    extra: `c.sent_at IS NOT NULL AND c.kind IS NOT NULL AND c.status <> 'entered_in_error'`,
  },
};

export type SourceName = keyof typeof SOURCES;

export interface QuerySpec {
  source: SourceName;
  dimensions: string[];
  /** Measure name → aggregate SQL (over `c`). */
  measures: Record<string, string>;
  /** More conditions on `c` (fixed SQL). */
  where?: string[];
  /** Count up to `end` from the beginning (the plan), instead of the range. */
  cumulative?: boolean;
}

/** The rows grouped by the dimensions, and (with no dimensions) the one total row. */
export async function groupedCounts(
  manager: EntityManager,
  scope: StatisticsScope,
  params: Pick<ReportParams, 'start' | 'end'>,
  spec: QuerySpec,
): Promise<GroupedCount[]> {
  const source = SOURCES[spec.source];
  const sqlOf = DIMENSION_SQL[spec.source === 'group-events' ? 'group-events' : spec.source];
  const values: unknown[] = [scope.kind === 'organisation' ? scope.organisationId : null];
  const where = [
    scope.kind === 'organisation' ? source.organisation : '$1::uuid IS NULL',
    ...(source.extra ? [source.extra] : []),
    ...(spec.where ?? []),
  ];
  values.push(params.end);
  where.push(`${source.date} < $${values.length}::date`);
  if (!spec.cumulative) {
    values.push(params.start);
    where.push(`${source.date} >= $${values.length}::date`);
  }
  const unnest = spec.dimensions.includes('topic') ? ', unnest(c.topics) AS t(topic)' : '';
  const keys = spec.dimensions.map((dimension, i) => `${sqlOf[dimension]} AS d${i}`);
  const measures = Object.entries(spec.measures).map(([name, sql]) => `${sql} AS "${name}"`);
  const group =
    spec.dimensions.length > 0 ? `GROUP BY ${spec.dimensions.map((_, i) => `d${i}`).join(', ')}` : '';
  const rows: Array<Record<string, unknown>> = await manager.query(
    `SELECT ${[...keys, ...measures].join(', ')} FROM ${source.table} c${unnest}
      WHERE ${where.join(' AND ')} ${group}`,
    values,
  );
  return rows.map((row) => ({
    key: spec.dimensions.map((_, i) => String(row[`d${i}`])),
    values: Object.fromEntries(
      Object.keys(spec.measures).map((name) => [name, row[name] === null ? null : Number(row[name])]),
    ),
  }));
}
