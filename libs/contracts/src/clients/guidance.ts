// Guidance work the clients service records besides client records (issue 15): contacts (a registered
// client's or an anonymous person's), group events, and the ESF participant data on a client. Codes
// only where the statistics read them: nothing here identifies an anonymous person.
import { ApiProperty, ApiPropertyOptional, ApiSchema } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsNotEmpty,
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateBy,
  ValidateNested,
  type ValidationOptions,
} from 'class-validator';
import { IsFreeText } from '../validation.js';
import { localDate } from '../finnish-time.js';
import { IsClientLanguageCode, MAX_PAGE_SIZE } from './payloads.js';
import { CLIENT_NEED_CATEGORIES, type ClientNeedCategory } from './subjects.js';
import type { ClientEsf } from './esf.js';

export const CONTACT_CHANNELS = ['walk_in', 'phone', 'remote', 'email_chat', 'outreach'] as const;
export type ContactChannel = (typeof CONTACT_CHANNELS)[number];

/** Minutes. */
export const CONTACT_DURATIONS = ['under_15', '15_30', '30_60', 'over_60'] as const;
export type ContactDuration = (typeof CONTACT_DURATIONS)[number];

/** `18_24` + `25_29` and `55_64` + `65_plus` give the ESF+ indicators "18–29" and "55 and over". */
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

/** Gender as the person gives it (`not_given` when they do not). */
export const CONTACT_GENDERS = ['female', 'male', 'other', 'not_given'] as const;
export type ContactGender = (typeof CONTACT_GENDERS)[number];

export const CONTACT_KINDS = ['registered', 'anonymous'] as const;
export type ContactKind = (typeof CONTACT_KINDS)[number];

/** Statistics Finland's municipality code (3 digits), or `unknown`. */
export const MUNICIPALITY_CODE_PATTERN = /^(\d{3}|unknown)$/;

/** The region's municipalities and the largest cities (codes of Statistics Finland), for forms and mapping. */
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

/** A client's municipality (free text) as a code: a known name in Finnish or Swedish, else `unknown`. */
export function municipalityCode(name: string | null | undefined): string {
  const wanted = name?.trim().toLocaleLowerCase('fi');
  if (!wanted) {
    return 'unknown';
  }
  if (MUNICIPALITY_CODE_PATTERN.test(wanted)) {
    return wanted;
  }
  const found = MUNICIPALITIES.find(
    (m) => m.fi.toLocaleLowerCase('fi') === wanted || m.sv.toLocaleLowerCase('fi') === wanted,
  );
  return found?.code ?? 'unknown';
}

/** The age band of someone born in `birthYear`, at `on` (by year: the birth date is not kept for this). */
export function ageBandOf(birthYear: number | null | undefined, on: Date): AgeBand {
  if (!birthYear) {
    return 'unknown';
  }
  const age = on.getUTCFullYear() - birthYear;
  const limits: Array<[number, AgeBand]> = [
    [18, 'under_18'],
    [25, '18_24'],
    [30, '25_29'],
    [40, '30_39'],
    [55, '40_54'],
    [65, '55_64'],
  ];
  return limits.find(([below]) => age < below)?.[1] ?? '65_plus';
}

/** Today's date in Helsinki (`YYYY-MM-DD`): the day the advisor lives in. */
export function helsinkiDate(at: Date = new Date()): string {
  return localDate(at);
}

/** How far back a contact or event may be recorded. */
export const GUIDANCE_MAX_DAYS_BACK = 366;

/** A date `YYYY-MM-DD` that exists (not 2026-02-30). */
export function isExistingCalendarDate(value: unknown): value is string {
  if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(value)) {
    return false;
  }
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
}

/** An existing date `YYYY-MM-DD`, not after today (Helsinki) and at most GUIDANCE_MAX_DAYS_BACK days back. */
export function isRecentCalendarDate(value: unknown, now: Date = new Date()): boolean {
  if (!isExistingCalendarDate(value)) {
    return false;
  }
  const date = new Date(`${value}T00:00:00Z`);
  const today = new Date(`${helsinkiDate(now)}T00:00:00Z`);
  const earliest = new Date(today.getTime() - GUIDANCE_MAX_DAYS_BACK * 86_400_000);
  return date <= today && date >= earliest;
}

export function IsRecentCalendarDate(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isRecentCalendarDate',
      validator: {
        validate: (value) => isRecentCalendarDate(value),
        defaultMessage: (args) =>
          `${args?.property} must be an existing date YYYY-MM-DD, not in the future and at most ${GUIDANCE_MAX_DAYS_BACK} days back`,
      },
    },
    options,
  );
}

const IsCalendarDate = (): PropertyDecorator =>
  ValidateBy({
    name: 'isCalendarDate',
    validator: {
      validate: (value) => isExistingCalendarDate(value),
      defaultMessage: (args) => `${args?.property} must be an existing date YYYY-MM-DD`,
    },
  });

// ---- contacts ----

export interface AnonymousContact {
  ageBand: AgeBand;
  gender: ContactGender;
  /** Statistics Finland's 3-digit code or `unknown`. */
  municipality: string;
}

@ApiSchema({ name: 'AnonymousContactDto' })
export class AnonymousContactPayload implements AnonymousContact {
  @ApiProperty({ enum: AGE_BANDS })
  @IsIn(AGE_BANDS)
  ageBand!: AgeBand;

  @ApiProperty({ enum: CONTACT_GENDERS })
  @IsIn(CONTACT_GENDERS)
  gender!: ContactGender;

  @ApiProperty({
    example: '743',
    description: "Statistics Finland's municipality code (3 digits) or `unknown`",
  })
  @IsString()
  @Matches(MUNICIPALITY_CODE_PATTERN, {
    message: 'municipality must be a 3-digit municipality code or unknown',
  })
  municipality!: string;
}

const TopicsProperty = (): PropertyDecorator => (target, key) => {
  ApiProperty({
    enum: CLIENT_NEED_CATEGORIES,
    isArray: true,
    description: 'The need categories, at least one',
  })(target, key);
  IsArray()(target, key);
  ArrayMinSize(1)(target, key);
  ArrayMaxSize(CLIENT_NEED_CATEGORIES.length)(target, key);
  ArrayUnique()(target, key);
  IsIn(CLIENT_NEED_CATEGORIES, { each: true })(target, key);
};

export class RecordContactPayload {
  @ApiProperty({ format: 'date', description: 'Not in the future, at most 366 days back' })
  @IsRecentCalendarDate()
  date!: string;

  @ApiProperty({ enum: CONTACT_CHANNELS })
  @IsIn(CONTACT_CHANNELS)
  channel!: ContactChannel;

  @TopicsProperty()
  topics!: ClientNeedCategory[];

  @ApiProperty({ example: 'ar', description: 'ISO 639 code of the language the guidance was given in' })
  @IsClientLanguageCode()
  language!: string;

  @ApiProperty()
  @IsBoolean()
  interpreter!: boolean;

  @ApiProperty({ enum: CONTACT_DURATIONS })
  @IsIn(CONTACT_DURATIONS)
  duration!: ContactDuration;

  @ApiPropertyOptional({ format: 'uuid', description: 'A client of your organisation; or give `anonymous`' })
  @IsOptional()
  @IsUUID()
  clientId?: string;

  @ApiPropertyOptional({
    type: AnonymousContactPayload,
    description: 'Instead of clientId: nothing that identifies',
  })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => AnonymousContactPayload)
  anonymous?: AnonymousContactPayload;
}

export type RecordContactRequest = Omit<RecordContactPayload, 'anonymous'> & { anonymous?: AnonymousContact };

export interface ContactView {
  id: string;
  organisationId: string;
  date: string;
  channel: ContactChannel;
  topics: ClientNeedCategory[];
  language: string;
  interpreter: boolean;
  duration: ContactDuration;
  kind: ContactKind;
  clientId: string | null;
  anonymous: AnonymousContact | null;
  recordedBy: string;
  createdAt: string;
}

class DateRangePage {
  @ApiPropertyOptional({ format: 'date', description: 'From this date (inclusive)' })
  @IsOptional()
  @IsCalendarDate()
  from?: string;

  @ApiPropertyOptional({ format: 'date', description: 'Up to this date (inclusive)' })
  @IsOptional()
  @IsCalendarDate()
  to?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: MAX_PAGE_SIZE, default: 20 })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(MAX_PAGE_SIZE)
  limit?: number;

  @ApiPropertyOptional({ description: 'nextCursor of the previous page' })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  cursor?: string;
}

export class ListContactsPayload extends DateRangePage {
  @ApiPropertyOptional({ format: 'uuid', description: "One client's contacts" })
  @IsOptional()
  @IsUUID()
  clientId?: string;
}

export type ListContactsRequest = Pick<ListContactsPayload, 'clientId' | 'from' | 'to' | 'limit' | 'cursor'>;

export interface ContactPage {
  items: ContactView[];
  nextCursor: string | null;
}

// ---- group events ----

export const GROUP_EVENT_TITLE_MAX = 200;
export const GROUP_EVENT_ATTENDANCE_MAX = 10_000;

export class RecordGroupEventPayload {
  @ApiProperty({ format: 'date', description: 'Not in the future, at most 366 days back' })
  @IsRecentCalendarDate()
  date!: string;

  @TopicsProperty()
  topics!: ClientNeedCategory[];

  @ApiProperty({ minimum: 1, maximum: GROUP_EVENT_ATTENDANCE_MAX })
  @IsInt()
  @Min(1)
  @Max(GROUP_EVENT_ATTENDANCE_MAX)
  attendance!: number;

  @ApiPropertyOptional({ example: 'fi', description: 'ISO 639 code' })
  @IsOptional()
  @IsClientLanguageCode()
  language?: string;

  @ApiPropertyOptional({
    maxLength: GROUP_EVENT_TITLE_MAX,
    description: 'A label such as "Job-search workshop"; no personal data. Never in events or statistics',
  })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @IsFreeText()
  @MaxLength(GROUP_EVENT_TITLE_MAX)
  title?: string;
}

export type RecordGroupEventRequest = RecordGroupEventPayload;

export interface GroupEventView {
  id: string;
  organisationId: string;
  date: string;
  topics: ClientNeedCategory[];
  attendance: number;
  language: string | null;
  title: string | null;
  recordedBy: string;
  createdAt: string;
}

export class ListGroupEventsPayload extends DateRangePage {}

export type ListGroupEventsRequest = Pick<ListGroupEventsPayload, 'from' | 'to' | 'limit' | 'cursor'>;

export interface GroupEventPage {
  items: GroupEventView[];
  nextCursor: string | null;
}

// ---- what the statistics service reads (events and its rebuild snapshot) ----

/** `events.clients.contact.recorded`: no free text, nothing that identifies an anonymous person. */
export interface ContactRecordedData {
  contactId: string;
  organisationId: string;
  date: string;
  channel: ContactChannel;
  topics: ClientNeedCategory[];
  language: string;
  interpreter: boolean;
  duration: ContactDuration;
  kind: ContactKind;
  clientId: string | null;
  anonymous: AnonymousContact | null;
}

/** `events.clients.group_event.recorded`: the title stays in the clients service. */
export interface GroupEventRecordedData {
  groupEventId: string;
  organisationId: string;
  date: string;
  topics: ClientNeedCategory[];
  attendance: number;
  language: string | null;
}

/**
 * `events.clients.participant.recorded`: a registered client's statistical attributes, banded (the age
 * band at entry from the birth year, the municipality as a code). Emitted on registration and on every
 * change of one of them; the newest (by the event's time) wins.
 */
export interface ParticipantRecordedData {
  clientId: string;
  organisationId: string;
  /** The date of registration (Helsinki), YYYY-MM-DD. */
  entryDate: string;
  ageBand: AgeBand;
  gender: ContactGender;
  municipality: string;
  esf: ClientEsf;
  /** When the attributes were read (ISO): a newer record replaces an older one. */
  recordedAt: string;
}

export class StatisticsSnapshotPayload {
  @IsIn(['contacts', 'group_events', 'participants'])
  part!: 'contacts' | 'group_events' | 'participants';

  @IsOptional()
  @IsString()
  @MaxLength(200)
  after?: string;

  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(5000)
  limit?: number;
}

export type ClientsStatisticsSnapshotRequest = Pick<StatisticsSnapshotPayload, 'part' | 'after' | 'limit'>;

/** One page of the clients service's statistical records, in id order (`after`: the last id). */
export interface ClientsStatisticsSnapshotReply {
  contacts: ContactRecordedData[];
  groupEvents: GroupEventRecordedData[];
  participants: ParticipantRecordedData[];
  /** The id to pass as `after` for the next page; null at the end. */
  next: string | null;
}
