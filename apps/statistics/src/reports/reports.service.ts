import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import {
  AGE_BANDS,
  AppError,
  CHAIN_ENDS,
  CLIENT_NEED_CATEGORIES,
  CONTACT_CHANNELS,
  CONTACT_GENDERS,
  CONTACT_KINDS,
  EDUCATION_LEVELS,
  EXIT_RESULTS,
  LABOUR_MARKET_STATUSES,
  REFERRAL_STATUSES,
  type Actor,
  type StatisticsReport,
  type StatisticsReportRequest,
  type StatisticsRow,
  type StatisticsScope,
} from '#contracts';
import { STATISTICS_CONFIG, type StatisticsConfig } from '../config.js';
import { OrganisationNames } from './organisation-names.js';
import { esfParticipantRows } from './esf-layout.js';
import { groupedCounts, type GroupedCount, type QuerySpec } from './report-queries.js';
import { parseReportParams, type ReportParams } from './report-params.js';
import { suppressCount, suppressTable } from './suppression.js';

/** Who sees which figures: their organisation's (advisors, org admins), the network's (platform admins). */
export function scopeOf(actor: Actor | null): StatisticsScope {
  if (actor?.role === 'platform_admin') {
    return { kind: 'network' };
  }
  if ((actor?.role === 'advisor' || actor?.role === 'org_admin') && actor.organisationId) {
    return { kind: 'organisation', organisationId: actor.organisationId };
  }
  throw new AppError(
    'AUTH.FORBIDDEN',
    'Statistics are for advisors, organisation admins and platform admins',
  );
}

/** The order rows are listed in: a code list's own order where there is one, else alphabetical. */
const ORDER: Record<string, readonly string[]> = {
  channel: CONTACT_CHANNELS,
  topic: CLIENT_NEED_CATEGORIES,
  need: CLIENT_NEED_CATEGORIES,
  kind: CONTACT_KINDS,
  interpreter: ['false', 'true'],
  ageBand: AGE_BANDS,
  gender: CONTACT_GENDERS,
  labourMarketStatus: LABOUR_MARKET_STATUSES,
  education: EDUCATION_LEVELS,
  result: [...EXIT_RESULTS, 'not_exited'],
  status: REFERRAL_STATUSES,
  end: CHAIN_ENDS,
};

function compareKeys(dimensions: string[]) {
  return (a: GroupedCount, b: GroupedCount): number => {
    for (const [i, dimension] of dimensions.entries()) {
      const order = ORDER[dimension];
      const diff = order
        ? order.indexOf(a.key[i]) - order.indexOf(b.key[i])
        : a.key[i].localeCompare(b.key[i]);
      if (diff !== 0) {
        return diff;
      }
    }
    return 0;
  };
}

const ORGANISATION_DIMENSIONS = ['sendingOrganisation', 'receivingOrganisation'];

/** The `count` measure of a row: `count(*)` is never null; the check keeps the type honest. */
function countOf(row: GroupedCount): number {
  const count = row.values.count;
  if (typeof count !== 'number') {
    throw new Error('A count(*) measure came back without a number');
  }
  return count;
}

const round = (value: number | null, digits: number): number | null =>
  value === null ? null : Math.round(value * 10 ** digits) / 10 ** digits;

/** Days from sending to a step: median and p90, only over referrals that reached it. */
const percentile = (column: string, p: number) =>
  `percentile_cont(${p}) WITHIN GROUP (ORDER BY extract(epoch FROM (c.${column} - c.sent_at)) / 86400)
     FILTER (WHERE c.${column} IS NOT NULL)`;

@Injectable()
export class ReportsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(STATISTICS_CONFIG) private readonly config: StatisticsConfig,
    private readonly organisations: OrganisationNames,
  ) {}

  async report(
    actor: Actor | null,
    input: StatisticsReportRequest,
    now = new Date(),
  ): Promise<StatisticsReport> {
    const scope = scopeOf(actor);
    const params = parseReportParams(input, now);
    // One snapshot of the read model for the whole report, so its figures agree with each other.
    const body = await this.dataSource.transaction('REPEATABLE READ', (manager) =>
      this.build(manager, scope, params),
    );
    const organisationIds = new Set<string>();
    for (const row of body.rows) {
      for (const dimension of ORGANISATION_DIMENSIONS) {
        const id = row[dimension];
        if (typeof id === 'string' && id !== 'not_on_platform') {
          organisationIds.add(id);
        }
      }
    }
    const organisations = await this.organisations.names([...organisationIds]);
    if (params.report === 'response-times') {
      const promises = await this.organisations.responseDays([...organisationIds]);
      for (const row of body.rows) {
        row.promiseDays = promises[row.receivingOrganisation as string] ?? null;
      }
    }
    return {
      report: params.report,
      from: params.from,
      to: params.to,
      groupBy: params.groupBy,
      scope,
      generatedAt: now.toISOString(),
      organisations,
      ...body,
    };
  }

  private async build(
    manager: EntityManager,
    scope: StatisticsScope,
    params: ReportParams,
  ): Promise<Pick<StatisticsReport, 'columns' | 'rows' | 'total'> & Partial<StatisticsReport>> {
    const counts = (spec: QuerySpec) => groupedCounts(manager, scope, params, spec);
    const total = async (spec: Omit<QuerySpec, 'dimensions'>) =>
      countOf((await counts({ ...spec, dimensions: [] }))[0]);
    const dims = params.groupBy;
    switch (params.report) {
      case 'contacts':
        return this.countTable(
          dims,
          await counts({ source: 'contacts', dimensions: dims, measures: { count: 'count(*)' } }),
          await total({ source: 'contacts', measures: { count: 'count(*)' } }),
        );
      case 'participants': {
        const table = this.countTable(
          dims,
          await counts({ source: 'participants', dimensions: dims, measures: { count: 'count(*)' } }),
          await total({ source: 'participants', measures: { count: 'count(*)' } }),
        );
        const [reached] = await counts({
          source: 'participants',
          dimensions: [],
          measures: { count: 'count(*)' },
          cumulative: true,
        });
        return {
          ...table,
          plan: { target: this.config.participantTarget, reached: suppressCount(countOf(reached)) },
        };
      }
      case 'referrals':
        return this.countTable(
          dims,
          await counts({ source: 'referrals', dimensions: dims, measures: { count: 'count(*)' } }),
          await total({ source: 'referrals', measures: { count: 'count(*)' } }),
        );
      case 'group-events':
        return this.groupEvents(
          dims,
          await counts({
            source: 'group-events',
            dimensions: dims,
            measures: { count: 'count(*)', attendance: 'sum(c.attendance)' },
          }),
          (
            await counts({
              source: 'group-events',
              dimensions: [],
              measures: { count: 'count(*)', attendance: 'coalesce(sum(c.attendance), 0)' },
            })
          )[0],
        );
      case 'response-times':
        return this.responseTimes(
          await counts({
            source: 'referrals',
            dimensions: ['receivingOrganisation'],
            where: [`c.kind = 'sent'`],
            measures: {
              count: 'count(*)',
              receivedN: 'count(c.received_at)',
              acceptedN: 'count(c.accepted_at)',
              completedN: 'count(c.completed_at)',
              receivedMedianDays: percentile('received_at', 0.5),
              receivedP90Days: percentile('received_at', 0.9),
              acceptedMedianDays: percentile('accepted_at', 0.5),
              acceptedP90Days: percentile('accepted_at', 0.9),
              completedMedianDays: percentile('completed_at', 0.5),
              completedP90Days: percentile('completed_at', 0.9),
              withinPromise:
                'count(*) FILTER (WHERE c.answered_at IS NOT NULL AND c.answered_at <= c.due_at)',
            },
          }),
        );
      case 'broken-chain': {
        const ended = [`c.status IN ('rejected', 'cancelled', 'failed')`];
        const table = this.countTable(
          dims,
          await counts({
            source: 'referrals',
            dimensions: dims,
            where: ended,
            measures: { count: 'count(*)' },
          }),
          await total({ source: 'referrals', where: ended, measures: { count: 'count(*)' } }),
        );
        const [funnel] = await counts({
          source: 'referrals',
          dimensions: [],
          measures: {
            sent: 'count(*)',
            received: 'count(c.received_at)',
            accepted: 'count(c.accepted_at)',
            completed: 'count(c.completed_at)',
            overdue: 'count(*) FILTER (WHERE c.overdue)',
          },
        });
        const v = funnel.values as Record<string, number>;
        const overdue = suppressCount(v.overdue);
        return {
          ...table,
          funnel: {
            sent: suppressCount(v.sent),
            received: suppressCount(v.received),
            accepted: suppressCount(v.accepted),
            completed: suppressCount(v.completed),
          },
          overdue: {
            count: overdue,
            rate: typeof overdue === 'number' && v.sent >= 5 ? round(v.overdue / v.sent, 3) : null,
          },
        };
      }
      case 'esf-participants': {
        const rows = await counts({
          source: 'participants',
          dimensions: ['gender', 'ageBand', 'labourMarketStatus', 'education', 'result'],
          measures: { count: 'count(*)' },
        });
        return esfParticipantRows(rows);
      }
    }
  }

  /** Rows of one count, suppressed with the table's total. */
  private countTable(dimensions: string[], grouped: GroupedCount[], total: number) {
    const sorted = [...grouped].sort(compareKeys(dimensions));
    const table = suppressTable(
      sorted.map((row) => ({ key: row.key, value: row.values.count ?? 0 })),
      total,
    );
    const rows: StatisticsRow[] = sorted.map((row, i) => ({
      ...Object.fromEntries(dimensions.map((dimension, d) => [dimension, row.key[d]])),
      count: table.cells[i],
    }));
    return { columns: [...dimensions, 'count'], rows, total: table.total };
  }

  private groupEvents(dimensions: string[], grouped: GroupedCount[], totals: GroupedCount) {
    const sorted = [...grouped].sort(compareKeys(dimensions));
    const events = suppressTable(
      sorted.map((row) => ({ key: row.key, value: row.values.count ?? 0 })),
      totals.values.count ?? 0,
    );
    const attendance = suppressTable(
      sorted.map((row) => ({ key: row.key, value: row.values.attendance ?? 0 })),
      totals.values.attendance ?? 0,
    );
    const rows: StatisticsRow[] = sorted.map((row, i) => ({
      ...Object.fromEntries(dimensions.map((dimension, d) => [dimension, row.key[d]])),
      count: events.cells[i],
      attendance: attendance.cells[i],
    }));
    return {
      columns: [...dimensions, 'count', 'attendance'],
      rows,
      total: events.total,
      attendanceTotal: attendance.total,
    };
  }

  /** A partner's times only when its count shows, and each step's only over 5 or more referrals. */
  private responseTimes(grouped: GroupedCount[]) {
    const sorted = [...grouped].sort(compareKeys(['receivingOrganisation']));
    const total = sorted.reduce((sum, row) => sum + (row.values.count ?? 0), 0);
    const table = suppressTable(
      sorted.map((row) => ({ key: row.key, value: row.values.count ?? 0 })),
      total,
    );
    const step = (row: GroupedCount, shown: boolean, n: string, value: string): number | null =>
      shown && (row.values[n] ?? 0) >= 5 ? round(row.values[value], 1) : null;
    const rows: StatisticsRow[] = sorted.map((row, i) => {
      const shown = !table.hidden[i];
      const count = row.values.count ?? 0;
      return {
        receivingOrganisation: row.key[0],
        count: table.cells[i],
        promiseDays: null,
        receivedMedianDays: step(row, shown, 'receivedN', 'receivedMedianDays'),
        receivedP90Days: step(row, shown, 'receivedN', 'receivedP90Days'),
        acceptedMedianDays: step(row, shown, 'acceptedN', 'acceptedMedianDays'),
        acceptedP90Days: step(row, shown, 'acceptedN', 'acceptedP90Days'),
        completedMedianDays: step(row, shown, 'completedN', 'completedMedianDays'),
        completedP90Days: step(row, shown, 'completedN', 'completedP90Days'),
        withinPromiseShare: shown && count > 0 ? round((row.values.withinPromise ?? 0) / count, 2) : null,
      };
    });
    return {
      columns: [
        'receivingOrganisation',
        'count',
        'promiseDays',
        'receivedMedianDays',
        'receivedP90Days',
        'acceptedMedianDays',
        'acceptedP90Days',
        'completedMedianDays',
        'completedP90Days',
        'withinPromiseShare',
      ],
      rows,
      total: table.total,
    };
  }
}
