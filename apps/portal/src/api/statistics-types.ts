// Guidance contacts, group events, the client's ESF participant data and the statistics reports
// (issue 15), as the portal uses them. The shapes are the contracts' own, imported as types only
// (erased from the bundle: the browser cannot load #contracts, which carries the server's
// validators). The code lists the screens iterate are values, so they are copies here;
// statistics-code-lists.spec.ts checks them against the contracts, and the i18n parity test that
// each code has a label.
import type {
  ClientEsf,
  ContactView,
  GroupEventView,
  RecordContactRequest,
  RecordGroupEventRequest,
} from '#contracts';

export type {
  AgeBand,
  AnonymousContact,
  ContactChannel,
  ContactDuration,
  ContactGender,
  Count,
  EducationLevel,
  ExitResult,
  LabourMarketStatus,
  StatisticsReport,
  StatisticsReportName,
  StatisticsRow,
} from '#contracts';

export type Contact = ContactView;
export type ContactPayload = RecordContactRequest;
export type GroupEvent = GroupEventView;
export type EventPayload = RecordGroupEventRequest;
/** On the client (GET /clients/{id}); PATCH { esf: { key: value } } replaces the keys given. */
export type EsfData = ClientEsf;

export const CONTACT_CHANNELS = ['walk_in', 'phone', 'remote', 'email_chat', 'outreach'] as const;
export const CONTACT_DURATIONS = ['under_15', '15_30', '30_60', 'over_60'] as const;
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
export const EDUCATION_LEVELS = ['isced_0_2', 'isced_3_4', 'isced_5_8', ...ESF_NO_ANSWER] as const;
export const EXIT_RESULTS = [
  'in_employment',
  'in_education_or_training',
  'job_seeking',
  'gained_qualification',
  'other',
  ...ESF_NO_ANSWER,
] as const;

export const STATISTICS_REPORTS = [
  'contacts',
  'group-events',
  'participants',
  'referrals',
  'response-times',
  'broken-chain',
  'esf-participants',
] as const;

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
