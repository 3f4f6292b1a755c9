// Guidance contacts, group events, the client's ESF participant data and the statistics reports
// (issue 15), as the portal uses them. The code lists are copied from libs/contracts as types.ts's
// are; the i18n parity test checks that each code has a label.
// (.js: the server's tsconfig compiles this file too, for the check of the code lists.)
import type { LocalisedText, NeedCategory } from './types.js';

export const CONTACT_CHANNELS = ['walk_in', 'phone', 'remote', 'email_chat', 'outreach'] as const;
export type ContactChannel = (typeof CONTACT_CHANNELS)[number];
export const CONTACT_DURATIONS = ['under_15', '15_30', '30_60', 'over_60'] as const;
export type ContactDuration = (typeof CONTACT_DURATIONS)[number];
/** 18–24 + 25–29 and 55–64 + 65+ give the ESF+ indicators' "18–29" and "55 and over". */
export const AGE_BANDS = [
  'under_18',
  '18_24',
  '25_29',
  '30_39',
  '40_54',
  '55_64',
  '65_plus',
  'unknown',
] as const;
export type AgeBand = (typeof AGE_BANDS)[number];
/** The region's municipalities (Statistics Finland codes) for the anonymous contact's select. */
export const MUNICIPALITIES: ReadonlyArray<{ code: string; fi: string; sv: string }> = [
  { code: '743', fi: 'Seinäjoki', sv: 'Seinäjoki' },
  { code: '005', fi: 'Alajärvi', sv: 'Alajärvi' },
  { code: '010', fi: 'Alavus', sv: 'Alavo' },
  { code: '052', fi: 'Evijärvi', sv: 'Evijärvi' },
  { code: '145', fi: 'Ilmajoki', sv: 'Ilmajoki' },
  { code: '151', fi: 'Isojoki', sv: 'Storå' },
  { code: '218', fi: 'Karijoki', sv: 'Bötom' },
  { code: '232', fi: 'Kauhajoki', sv: 'Kauhajoki' },
  { code: '233', fi: 'Kauhava', sv: 'Kauhava' },
  { code: '300', fi: 'Kuortane', sv: 'Kuortane' },
  { code: '301', fi: 'Kurikka', sv: 'Kurikka' },
  { code: '403', fi: 'Lappajärvi', sv: 'Lappajärvi' },
  { code: '408', fi: 'Lapua', sv: 'Lappo' },
  { code: '759', fi: 'Soini', sv: 'Soini' },
  { code: '846', fi: 'Teuva', sv: 'Östermark' },
  { code: '934', fi: 'Vimpeli', sv: 'Vindala' },
  { code: '989', fi: 'Ähtäri', sv: 'Etseri' },
  { code: '049', fi: 'Espoo', sv: 'Esbo' },
  { code: '091', fi: 'Helsinki', sv: 'Helsingfors' },
  { code: '564', fi: 'Oulu', sv: 'Uleåborg' },
  { code: '837', fi: 'Tampere', sv: 'Tammerfors' },
  { code: '853', fi: 'Turku', sv: 'Åbo' },
  { code: '092', fi: 'Vantaa', sv: 'Vanda' },
  { code: '905', fi: 'Vaasa', sv: 'Vasa' },
];

export const CONTACT_GENDERS = ['female', 'male', 'other', 'not_given'] as const;
export type ContactGender = (typeof CONTACT_GENDERS)[number];

/** Each ESF answer may also be "not asked" or "declined" (given by the client). */
export const ESF_NO_ANSWER = ['not_asked', 'declined'] as const;
export const LABOUR_MARKET_STATUSES = [
  'employed',
  'unemployed',
  'long_term_unemployed',
  'inactive',
  'in_education',
  ...ESF_NO_ANSWER,
] as const;
export type LabourMarketStatus = (typeof LABOUR_MARKET_STATUSES)[number];
export const EDUCATION_LEVELS = ['isced_0_2', 'isced_3_4', 'isced_5_8', ...ESF_NO_ANSWER] as const;
export type EducationLevel = (typeof EDUCATION_LEVELS)[number];
export const EXIT_RESULTS = [
  'in_employment',
  'in_education_or_training',
  'job_seeking',
  'gained_qualification',
  'other',
  ...ESF_NO_ANSWER,
] as const;
export type ExitResult = (typeof EXIT_RESULTS)[number];

/** An anonymous contact: bands and codes only. Municipality: Statistics Finland's code or `unknown`. */
export interface AnonymousContact {
  ageBand: AgeBand;
  gender: ContactGender;
  municipality: string;
}

export interface ContactPayload {
  date: string;
  channel: ContactChannel;
  topics: NeedCategory[];
  language: string;
  interpreter: boolean;
  duration: ContactDuration;
  clientId?: string;
  anonymous?: AnonymousContact;
}

export interface Contact {
  id: string;
  organisationId: string;
  date: string;
  channel: ContactChannel;
  topics: NeedCategory[];
  language: string;
  interpreter: boolean;
  duration: ContactDuration;
  kind: 'registered' | 'anonymous';
  clientId: string | null;
  anonymous: AnonymousContact | null;
  recordedBy: string;
  createdAt: string;
}

export interface EventPayload {
  date: string;
  topics: NeedCategory[];
  attendance: number;
  language?: string;
  title?: string;
}

export interface GroupEvent {
  id: string;
  organisationId: string;
  date: string;
  topics: NeedCategory[];
  attendance: number;
  language: string | null;
  title: string | null;
  recordedBy: string;
  createdAt: string;
}

/** On the client (GET /clients/{id}); PATCH { esf: { key: value } } replaces the keys given. */
export interface EsfData {
  labourMarketStatusAtEntry: LabourMarketStatus;
  educationAtEntry: EducationLevel;
  /** null: the client has not exited. */
  resultAtExit: ExitResult | null;
}

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

/** How a broken chain ended (`expired`: cancelled with reason expired). */
export const CHAIN_ENDS = ['rejected', 'cancelled', 'expired', 'failed'] as const;

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

/** A count, or "<5" where the cell is suppressed (primary or secondary). */
export type Count = number | '<5';

/** A row: dimension codes (strings; `month` is YYYY-MM) and measures (Counts, days, shares). */
export type StatisticsRow = Record<string, string | number | null>;

export interface StatisticsReport {
  report: StatisticsReportName;
  /** Months, YYYY-MM, inclusive. */
  from: string;
  to: string;
  groupBy: string[];
  scope: { kind: 'organisation'; organisationId: string } | { kind: 'network' };
  generatedAt: string;
  /** The row keys in order (as the CSV and XLSX show them). */
  columns: string[];
  rows: StatisticsRow[];
  total: Count | null;
  /** Names of the organisation ids in rows (organisation dimensions only). */
  organisations: Record<string, LocalisedText>;
  /** participants */
  plan?: { target: number; reached: Count };
  /** group-events */
  attendanceTotal?: Count;
  /** broken-chain */
  funnel?: { sent: Count; received: Count; accepted: Count; completed: Count };
  overdue?: { count: Count; rate: number | null };
}
