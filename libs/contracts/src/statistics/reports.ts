// The statistics service's reports (issue 15): what each counts, how it may be grouped, and the JSON
// every report answers. Counts under 5 are "<5" (suppression in apps/statistics).
import type { LocalisedName } from '../partners/views.js';

export const STATISTICS_REPORTS = [
  'contacts',
  'group-events',
  'participants',
  'referrals',
  'response-times',
  'broken-chain',
  'esf-participants',
] as const;
export type StatisticsReportName = (typeof STATISTICS_REPORTS)[number];

/** The dimensions each report may be grouped by (at most 2 at once) and its default grouping. */
export const REPORT_DIMENSIONS = {
  contacts: { allowed: ['month', 'channel', 'topic', 'language', 'interpreter', 'kind'], default: ['month'] },
  'group-events': { allowed: ['month', 'topic', 'language'], default: ['month'] },
  participants: {
    allowed: ['month', 'ageBand', 'gender', 'municipality', 'labourMarketStatus', 'education', 'result'],
    default: ['month'],
  },
  referrals: {
    allowed: ['month', 'need', 'sendingOrganisation', 'receivingOrganisation', 'status'],
    default: ['month'],
  },
  'response-times': { allowed: ['receivingOrganisation'], default: ['receivingOrganisation'] },
  'broken-chain': {
    allowed: ['end', 'reason', 'month', 'receivingOrganisation'],
    default: ['end', 'reason'],
  },
  'esf-participants': { allowed: ['indicator'], default: ['indicator'] },
} as const satisfies Record<StatisticsReportName, { allowed: readonly string[]; default: readonly string[] }>;

export type ReportDimension = (typeof REPORT_DIMENSIONS)[StatisticsReportName]['allowed'][number];

export const MAX_GROUP_BY = 2;
export const MAX_REPORT_MONTHS = 36;
/** Counts below this are shown as SUPPRESSED. */
export const SUPPRESSION_THRESHOLD = 5;
export const SUPPRESSED = '<5' as const;

/** A count as shown: the number, or "<5". */
export type Count = number | typeof SUPPRESSED;

export const STATISTICS_FORMATS = ['json', 'csv', 'xlsx'] as const;
export type StatisticsFormat = (typeof STATISTICS_FORMATS)[number];
/** A download's language: of the organisations' names beside their ids and of the codes' words. */
export const STATISTICS_EXPORT_LANGUAGES = ['fi', 'sv', 'en'] as const;
export type StatisticsExportLanguage = (typeof STATISTICS_EXPORT_LANGUAGES)[number];

/** How a broken chain ended (`expired`: cancelled with reason expired). */
export const CHAIN_ENDS = ['rejected', 'cancelled', 'expired', 'failed'] as const;
export type ChainEnd = (typeof CHAIN_ENDS)[number];

/** The rows of the ESF participant report, in the order of the ESF+ common indicators. */
export const ESF_INDICATORS = [
  'participants',
  'unemployed',
  'long_term_unemployed',
  'inactive',
  'employed',
  'under_18',
  'age_18_29',
  'age_55_plus',
  'isced_0_2',
  'isced_3_4',
  'isced_5_8',
  'result_job_searching',
  'result_in_education_or_training',
  'result_gained_qualification',
  'result_in_employment',
] as const;
export type EsfIndicator = (typeof ESF_INDICATORS)[number];

export type StatisticsScope = { kind: 'organisation'; organisationId: string } | { kind: 'network' };

/** A row: dimension values (codes, `YYYY-MM` months, `"true"`/`"false"`) and measures. */
export type StatisticsRow = Record<string, string | number | null>;

export interface StatisticsReport {
  report: StatisticsReportName;
  /** `YYYY-MM`, inclusive. */
  from: string;
  to: string;
  groupBy: string[];
  scope: StatisticsScope;
  generatedAt: string;
  /** The row keys in order: dimensions first, then measures (the CSV/XLSX header). */
  columns: string[];
  rows: StatisticsRow[];
  /** null where the report has no total (never: every report has one today). */
  total: Count | null;
  /** Names of the organisation ids in rows (organisation dimensions only). */
  organisations: Record<string, LocalisedName>;
  /** group-events: the attendance of all events in range. */
  attendanceTotal?: Count;
  /** participants: the plan's target and the participants of the scope up to `to`. */
  plan?: { target: number; reached: Count };
  /**
   * broken-chain: how far the referrals sent in the range got, up to `through` (`YYYY-MM`): the month
   * before this one when the range reaches this month from an earlier one, as this month's referrals
   * are still on their way; otherwise `to`.
   */
  funnel?: { through: string; sent: Count; received: Count; accepted: Count; completed: Count };
  /** broken-chain: referrals sent up to `funnel.through` that went past their response promise; rate = overdue / sent. */
  overdue?: { count: Count; rate: number | null };
}

// Rows of each report (documentation of `rows`; dimension keys appear only when grouped by them).

export interface ContactsRow {
  month?: string;
  channel?: string;
  topic?: string;
  language?: string;
  interpreter?: 'true' | 'false';
  kind?: 'registered' | 'anonymous';
  count: Count;
}

export interface GroupEventsRow {
  month?: string;
  topic?: string;
  language?: string;
  count: Count;
  attendance: Count;
}

export interface ParticipantsRow {
  month?: string;
  ageBand?: string;
  gender?: string;
  municipality?: string;
  labourMarketStatus?: string;
  education?: string;
  /** An EXIT_RESULTS code or `not_exited`. */
  result?: string;
  count: Count;
}

export interface ReferralsRow {
  month?: string;
  need?: string;
  sendingOrganisation?: string;
  /** An organisation id, or `not_on_platform` for a logged referral. */
  receivingOrganisation?: string;
  status?: string;
  count: Count;
}

export interface ResponseTimesRow {
  receivingOrganisation: string;
  count: Count;
  /** The organisation's response promise in working days (null when unknown). */
  promiseDays: number | null;
  receivedMedianDays: number | null;
  receivedP90Days: number | null;
  acceptedMedianDays: number | null;
  acceptedP90Days: number | null;
  completedMedianDays: number | null;
  completedP90Days: number | null;
  /** Share (0..1) answered by the due time; null when the row is suppressed. */
  withinPromiseShare: number | null;
}

export interface BrokenChainRow {
  end?: ChainEnd;
  reason?: string;
  month?: string;
  receivingOrganisation?: string;
  count: Count;
}

export interface EsfParticipantsRow {
  indicator: EsfIndicator;
  female: Count;
  male: Count;
  /** Other gender and not given. */
  other: Count;
  total: Count;
}
