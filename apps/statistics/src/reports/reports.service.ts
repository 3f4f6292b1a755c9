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
  SUPPRESSED,
  SUPPRESSION_THRESHOLD,
  type Actor,
  type StatisticsReport,
  type StatisticsReportRequest,
  type StatisticsRow,
  type StatisticsScope,
} from '#contracts';
import { STATISTICS_CONFIG, type StatisticsConfig } from '../config.js';
import { OrganisationNames } from './organisation-names.js';
import { esfOverMonths } from './esf-layout.js';
import { suppressOverMonths, type MonthOfCounts, type RangeCell } from './monthly-suppression.js';
import { groupedCounts, type GroupedCount, type QuerySpec, type SourceName } from './report-queries.js';
import { ORGANISATION_DIMENSIONS, parseReportParams, type ReportParams } from './report-params.js';
import { funnelOverMonths, funnelThrough } from './funnel.js';
import { ESF_COUNTS, participantMonths } from './participant-overlaps.js';
import { brokenChainMonths, referralOverlaps, responseTimeMonths } from './referral-overlaps.js';
import { suppressCount } from './suppression.js';

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
  return (a: { key: string[] }, b: { key: string[] }): number => {
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

/** A range cell's key in the report's dimension order (the month where the report has it). */
const fullKey = (dimensions: string[], cell: RangeCell): string[] => {
  const others = [...cell.key];
  // A cell has its month whenever the report is grouped by month, and one key value per other dimension.
  return dimensions.map((dimension) => (dimension === 'month' ? cell.month : others.shift()) ?? '');
};

const isSmallCount = (value: number): boolean => value > 0 && value < SUPPRESSION_THRESHOLD;

const without = (dimensions: string[], dimension: string) => dimensions.filter((d) => d !== dimension);

const SENT = `c.kind = 'sent'`;
const ENDED = `c.status IN ('rejected', 'cancelled', 'failed')`;
const WITHIN_PROMISE = 'count(*) FILTER (WHERE c.answered_at IS NOT NULL AND c.answered_at <= c.due_at)';

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
    const dims = params.groupBy;
    switch (params.report) {
      case 'contacts':
        return this.countTable(dims, await this.monthly(counts, 'contacts', dims));
      case 'referrals': {
        const overlaps = referralOverlaps(without(dims, 'month'));
        const months = await this.monthly(counts, 'referrals', dims);
        return this.countTable(
          dims,
          months.map((month) => ({ ...month, overlaps })),
        );
      }
      case 'participants': {
        const table = this.countTable(
          dims,
          participantMonths(
            await this.monthly(counts, 'participants', dims),
            await counts(ESF_COUNTS),
            without(dims, 'month'),
          ),
        );
        // From the first month on, so the months before the range too; a month with 1–4 new
        // participants is left out, else the plan up to it minus the plan up to the month before
        // would give that month's small count back.
        const months = await counts({
          source: 'participants',
          dimensions: ['month'],
          measures: { count: 'count(*)' },
          cumulative: true,
        });
        const reached = months
          .map((month) => month.values.count ?? 0)
          .filter((count) => suppressCount(count) !== SUPPRESSED)
          .reduce((sum, count) => sum + count, 0);
        return { ...table, plan: { target: this.config.participantTarget, reached } };
      }
      case 'group-events':
        return this.groupEvents(dims, {
          count: await this.monthly(counts, 'group-events', dims),
          attendance: await this.monthly(counts, 'group-events', dims, [], 'coalesce(sum(c.attendance), 0)'),
        });
      case 'response-times':
        return this.responseTimes(
          await counts({
            source: 'referrals',
            dimensions: ['receivingOrganisation'],
            where: [SENT],
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
              withinPromise: WITHIN_PROMISE,
            },
          }),
          await counts({
            source: 'referrals',
            dimensions: ['month', 'receivingOrganisation'],
            where: [SENT],
            measures: { count: 'count(*)', withinPromise: WITHIN_PROMISE },
          }),
          await this.monthly(counts, 'referrals', ['receivingOrganisation']),
        );
      case 'broken-chain': {
        const table = this.countTable(
          dims,
          brokenChainMonths(
            await this.monthly(counts, 'referrals', dims, [ENDED]),
            {
              byStatus: await this.monthly(counts, 'referrals', ['status']),
              byReceiver: await this.monthly(counts, 'referrals', ['receivingOrganisation']),
            },
            without(dims, 'month'),
          ),
        );
        const months = await counts({
          source: 'referrals',
          dimensions: ['month'],
          measures: {
            sent: 'count(*)',
            received: 'count(c.received_at)',
            accepted: 'count(c.accepted_at)',
            completed: 'count(c.completed_at)',
            overdue: 'count(*) FILTER (WHERE c.overdue)',
          },
        });
        const through = funnelThrough(params);
        const steps = funnelOverMonths(months, through);
        const { overdue, sent } = steps;
        return {
          ...table,
          funnel: {
            through,
            sent,
            received: steps.received,
            accepted: steps.accepted,
            completed: steps.completed,
          },
          overdue: {
            count: overdue,
            rate:
              typeof overdue === 'number' && typeof sent === 'number' && sent >= 5
                ? round(overdue / sent, 3)
                : null,
          },
        };
      }
      case 'esf-participants': {
        return esfOverMonths(await counts(ESF_COUNTS));
      }
    }
  }

  /** A report's counts month by month: the cells, the month's total and (two dimensions) the margins. */
  private async monthly(
    counts: (spec: QuerySpec) => Promise<GroupedCount[]>,
    source: SourceName,
    dimensions: string[],
    where: string[] = [],
    measure = 'count(*)',
  ): Promise<MonthOfCounts[]> {
    const others = dimensions.filter((dimension) => dimension !== 'month');
    const by = (dims: string[]) =>
      counts({ source, dimensions: ['month', ...dims], where, measures: { count: measure } });
    const cells = await by(others);
    const totals = await by([]);
    const margins = others.length === 2 ? [await by([others[0]]), await by([others[1]])] : undefined;
    const ofMonth = (rows: GroupedCount[], month: string) =>
      rows
        .filter((row) => row.key[0] === month)
        .map((row) => ({ key: row.key.slice(1), value: row.values.count ?? 0 }));
    return totals.map((total) => {
      const month = total.key[0];
      return {
        month,
        cells: ofMonth(cells, month),
        total: total.values.count ?? 0,
        margins: margins && [ofMonth(margins[0], month), ofMonth(margins[1], month)],
      };
    });
  }

  /** Rows of one count, suppressed month by month. */
  private countTable(dimensions: string[], months: MonthOfCounts[]) {
    const table = suppressOverMonths(months, dimensions.includes('month'));
    const rows = table.cells
      .map((cell) => ({ key: fullKey(dimensions, cell), count: cell.value }))
      .sort(compareKeys(dimensions))
      .map(({ key, count }): StatisticsRow => ({
        ...Object.fromEntries(dimensions.map((dimension, d) => [dimension, key[d]])),
        count,
      }));
    return { columns: [...dimensions, 'count'], rows, total: table.total };
  }

  private groupEvents(dimensions: string[], months: { count: MonthOfCounts[]; attendance: MonthOfCounts[] }) {
    const byMonth = dimensions.includes('month');
    const events = suppressOverMonths(months.count, byMonth);
    const attendance = suppressOverMonths(months.attendance, byMonth);
    const attendanceOf = new Map(
      attendance.cells.map((cell) => [JSON.stringify(fullKey(dimensions, cell)), cell.value]),
    );
    const rows = events.cells
      .map((cell) => ({ key: fullKey(dimensions, cell), count: cell.value }))
      .sort(compareKeys(dimensions))
      .map(({ key, count }): StatisticsRow => ({
        ...Object.fromEntries(dimensions.map((dimension, d) => [dimension, key[d]])),
        count,
        attendance: attendanceOf.get(JSON.stringify(key)) ?? 0,
      }));
    return {
      columns: [...dimensions, 'count', 'attendance'],
      rows,
      total: events.total,
      attendanceTotal: attendance.total,
    };
  }

  /** A partner's times only when its count shows, and each step's only over 5 or more referrals. */
  private responseTimes(grouped: GroupedCount[], monthly: GroupedCount[], byReceiver: MonthOfCounts[]) {
    const sorted = [...grouped].sort(compareKeys(['receivingOrganisation']));
    const months = [...new Set(monthly.map((row) => row.key[0]))].map((month): MonthOfCounts => {
      const cells = monthly
        .filter((row) => row.key[0] === month)
        .map((row) => ({ key: row.key.slice(1), value: row.values.count ?? 0 }));
      return { month, cells, total: cells.reduce((sum, cell) => sum + cell.value, 0) };
    });
    const table = suppressOverMonths(responseTimeMonths(months, byReceiver), false);
    const hiddenOf = new Map(table.cells.map((cell) => [cell.key[0], cell.hidden]));
    // The share times the count gives the referrals answered within the promise (and those not):
    // shown only when, in every month, both are 0 or 5 or more.
    const shareHidden = new Set(
      monthly
        .filter((row) => {
          const within = row.values.withinPromise ?? 0;
          return isSmallCount(within) || isSmallCount((row.values.count ?? 0) - within);
        })
        .map((row) => row.key[1]),
    );
    const step = (row: GroupedCount, shown: boolean, n: string, value: string): number | null =>
      shown && (row.values[n] ?? 0) >= 5 ? round(row.values[value], 1) : null;
    const rows: StatisticsRow[] = sorted.map((row) => {
      const organisation = row.key[0];
      const shown = hiddenOf.get(organisation) === false;
      const count = row.values.count ?? 0;
      return {
        receivingOrganisation: organisation,
        count: shown ? count : SUPPRESSED,
        promiseDays: null,
        receivedMedianDays: step(row, shown, 'receivedN', 'receivedMedianDays'),
        receivedP90Days: step(row, shown, 'receivedN', 'receivedP90Days'),
        acceptedMedianDays: step(row, shown, 'acceptedN', 'acceptedMedianDays'),
        acceptedP90Days: step(row, shown, 'acceptedN', 'acceptedP90Days'),
        completedMedianDays: step(row, shown, 'completedN', 'completedMedianDays'),
        completedP90Days: step(row, shown, 'completedN', 'completedP90Days'),
        withinPromiseShare:
          shown && count > 0 && !shareHidden.has(organisation)
            ? round((row.values.withinPromise ?? 0) / count, 2)
            : null,
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
