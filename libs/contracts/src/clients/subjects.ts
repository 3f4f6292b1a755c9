// Request/reply subjects of the clients service: `clients.<resource>.<verb>`.
import type { ClientEsf, ClientEsfPayload } from './esf.js';
import type {
  ClientsStatisticsSnapshotReply,
  ClientsStatisticsSnapshotRequest,
  ContactPage,
  ContactView,
  GroupEventPage,
  GroupEventView,
  ListContactsRequest,
  ListGroupEventsRequest,
  RecordContactRequest,
  RecordGroupEventRequest,
} from './guidance.js';

/** The least other services need to know of a client the caller may see: no personal data. */
export interface ClientSummary {
  id: string;
  organisationId: string;
  preferredLanguage: string | null;
  erased: boolean;
}

export const DATA_CATEGORIES = ['identity', 'contact', 'language', 'background', 'needs', 'health'] as const;
export type DataCategory = (typeof DATA_CATEGORIES)[number];

export const CONSENT_PURPOSES = ['referral', 'follow_up', 'statistics'] as const;
export type ConsentPurpose = (typeof CONSENT_PURPOSES)[number];

export const CONSENT_METHODS = ['signed_form', 'verbal', 'electronic'] as const;
export type ConsentMethod = (typeof CONSENT_METHODS)[number];

export const CONSENT_GIVERS = ['client', 'representative'] as const;
export type ConsentGiver = (typeof CONSENT_GIVERS)[number];

export const CONSENT_STATUSES = ['active', 'refused', 'withdrawn', 'expired', 'superseded'] as const;
export type ConsentStatus = (typeof CONSENT_STATUSES)[number];

/** The client's service needs (product.md); the same codes as the referrals' need categories. */
export const CLIENT_NEED_CATEGORIES = [
  'employment',
  'education',
  'language_training',
  'housing',
  'benefits',
  'health',
  'family',
  'residence',
  'leisure_integration',
] as const;
export type ClientNeedCategory = (typeof CLIENT_NEED_CATEGORIES)[number];

export const GENDERS = ['female', 'male', 'other', 'unknown'] as const;
export type Gender = (typeof GENDERS)[number];

export interface ClientNeed {
  category: ClientNeedCategory;
  /** Free text, encrypted at rest. */
  description: string | null;
}

/**
 * Residence status in Finland (the permit types of the Finnish Immigration Service, simplified);
 * the note says more in free text.
 */
export const RESIDENCE_STATUSES = [
  'finnish_citizen',
  'eu_registered',
  'permanent_residence_permit',
  'continuous_residence_permit',
  'temporary_residence_permit',
  'international_protection',
  'temporary_protection',
  'asylum_seeker',
  'other',
] as const;
export type ResidenceStatus = (typeof RESIDENCE_STATUSES)[number];

/** The `background` data category: education, work history, residence status. Encrypted at rest. */
export interface ClientBackground {
  education: string | null;
  workHistory: string | null;
  residenceStatus: ResidenceStatus | null;
  residenceStatusNote: string | null;
}

/** What a create or update sends: a missing key keeps the value, `null` clears it. */
export type ClientBackgroundInput = Partial<ClientBackground>;

export interface ClientNeedInput {
  category: ClientNeedCategory;
  description?: string | null;
}

/** The fields an advisor writes (POST /clients, PATCH /clients/{id}). */
export interface ClientFields {
  firstName: string;
  lastName: string;
  /** ISO date `YYYY-MM-DD`; derived from the identity code when only that is given. */
  dateOfBirth?: string | null;
  /** Finnish personal identity code (henkilötunnus), validated with its check character. */
  personalIdentityCode?: string | null;
  /** ISO 639 codes. */
  languages?: string[];
  preferredLanguage?: string | null;
  interpreterNeeded?: boolean;
  phone?: string | null;
  email?: string | null;
  municipality?: string | null;
  gender?: Gender | null;
  needs?: ClientNeedInput[];
  /** `null` clears the whole background. */
  background?: ClientBackgroundInput | null;
  /** ESF participant data; a missing key keeps its value. */
  esf?: Partial<ClientEsfPayload>;
}

export interface CreateClientRequest extends ClientFields {
  /** Register even though a likely duplicate exists (after CLIENT.POSSIBLE_DUPLICATE). */
  confirmDuplicate?: boolean;
}

export type UpdateClientRequest = { clientId: string } & Partial<ClientFields>;

/** A client in lists: the identity code masked (`010190-****`). */
export interface ClientListItem {
  id: string;
  organisationId: string;
  firstName: string | null;
  lastName: string | null;
  dateOfBirth: string | null;
  personalIdentityCodeMasked: string | null;
  preferredLanguage: string | null;
  municipality: string | null;
  erased: boolean;
  createdAt: string;
  updatedAt: string;
}

/** A client on their own page: everything, the identity code in full. */
export interface ClientView extends ClientListItem {
  personalIdentityCode: string | null;
  languages: string[];
  interpreterNeeded: boolean;
  phone: string | null;
  email: string | null;
  gender: Gender | null;
  needs: ClientNeed[];
  /** Every key present (null when not recorded). */
  background: ClientBackground;
  /** Year of birth: kept after erasure, for age bands in the statistics. */
  birthYear: number | null;
  /** ESF participant data (statistics only). */
  esf: ClientEsf;
  createdBy: string;
  lastActivityAt: string;
  erasedAt: string | null;
}

export interface ClientPage {
  items: ClientListItem[];
  nextCursor: string | null;
}

export interface ListClientsRequest {
  /** A name (or part of one), a date of birth (`YYYY-MM-DD` or `D.M.YYYY`) or an identity code. */
  q?: string;
  cursor?: string;
  limit?: number;
}

/** Details of CLIENT.POSSIBLE_DUPLICATE: the likely match, masked. */
export interface DuplicateMatch {
  id: string;
  matchedOn: 'personal_identity_code' | 'name_and_date_of_birth';
  /** Initials only (`A*** H***`): the advisor opens the client by id to see more. */
  nameMasked: string;
  dateOfBirth: string | null;
  personalIdentityCodeMasked: string | null;
}

export interface ConsentView {
  id: string;
  clientId: string;
  /** Grows by one for each consent that supersedes another. */
  version: number;
  status: ConsentStatus;
  recipientOrganisationIds: string[];
  categories: DataCategory[];
  purposes: ConsentPurpose[];
  method: ConsentMethod;
  givenBy: ConsentGiver;
  recordedBy: string;
  recordedByOrganisationId: string;
  noticeVersion: string;
  noticeLanguage: string;
  interpreterUsed: boolean;
  givenAt: string;
  /** null for a refusal. */
  validUntil: string | null;
  supersedesConsentId: string | null;
  supersededByConsentId: string | null;
  withdrawnAt: string | null;
  withdrawnBy: string | null;
  withdrawalMethod: ConsentMethod | null;
  withdrawalNote: string | null;
  expiredAt: string | null;
}

export interface RecordConsentRequest {
  clientId: string;
  /** `given` (default) or `refused`: a refusal is recorded too. */
  decision?: 'given' | 'refused';
  recipientOrganisationIds: string[];
  categories: DataCategory[];
  purposes: ConsentPurpose[];
  method: ConsentMethod;
  givenBy: ConsentGiver;
  noticeVersion: string;
  /** The language the notice was given in (ISO 639-1). */
  noticeLanguage: string;
  interpreterUsed: boolean;
  /** ISO date-time; default 12 months from now. */
  validUntil?: string;
  /** The active consent of the same client this one replaces (it becomes `superseded`). */
  supersedesConsentId?: string;
}

export interface WithdrawConsentRequest {
  consentId: string;
  method: ConsentMethod;
  note?: string;
}

export interface ConsentReceiptRequest {
  consentId: string;
  format: 'pdf' | 'html';
  /** The receipt's language; default the client's preferred language; unknown ones fall back to English. */
  lang?: string;
}

export interface ConsentReceiptReply {
  contentType: string;
  filename: string;
  language: string;
  /** The document, base64. */
  body: string;
}

export interface ClientExport {
  exportedAt: string;
  client: ClientView;
  consents: ConsentView[];
}

/** May organisation X receive categories Y of client Z now, for purpose P? */
export interface ConsentCheckRequest {
  clientId: string;
  organisationId: string;
  categories: DataCategory[];
  purpose: ConsentPurpose;
}

export type ConsentCheckReply =
  | { allowed: true; consentId: string; consentVersion: number }
  | {
      allowed: false;
      /** Stable reason: no active consent names the organisation, or categories are missing. */
      reason:
        | 'CLIENT_NOT_FOUND'
        | 'NO_ACTIVE_CONSENT'
        | 'ORGANISATION_NOT_COVERED'
        | 'CATEGORIES_NOT_COVERED'
        | 'PURPOSE_NOT_COVERED';
      missingOrganisationId?: string;
      missingCategories?: DataCategory[];
      missingPurpose?: ConsentPurpose;
    };

/** Client data limited to the given categories; recorded as a disclosure (audit event). */
export interface DisclosureSnapshotRequest extends ConsentCheckRequest {
  /** What the disclosure is for, e.g. the referral id (kept in the audit trail). */
  targetType: string;
  targetId: string;
}

/** The shape of each category in a disclosure snapshot. */
export interface SnapshotCategories {
  identity: {
    firstName: string | null;
    lastName: string | null;
    dateOfBirth: string | null;
    personalIdentityCode: string | null;
  };
  contact: { phone: string | null; email: string | null; municipality: string | null };
  language: { languages: string[]; preferredLanguage: string | null; interpreterNeeded: boolean };
  /** Education, work history and residence status. */
  background: ClientBackground;
  /** Needs other than health, with their descriptions. */
  needs: { needs: ClientNeed[] };
  /** The health need and its description, only with a consent that names `health`. */
  health: { needs: ClientNeed[] };
}

export interface DisclosureSnapshotReply {
  consentId: string;
  consentVersion: number;
  /** Only the keys of the consented categories are present. */
  data: Partial<{ [C in DataCategory]: SnapshotCategories[C] }>;
}

export interface ExpiringConsentsRequest {
  /** Consents of the actor's organisation's clients that end within this many days (default 30). */
  withinDays?: number;
}

export interface ExpiringConsent {
  consentId: string;
  clientId: string;
  firstName: string | null;
  lastName: string | null;
  validUntil: string;
  recipientOrganisationIds: string[];
}

export interface ClientsRequests {
  /** RESOURCE.NOT_FOUND unless the client belongs to the actor's organisation. */
  'clients.client.summary': { request: { clientId: string }; reply: ClientSummary };
  /** Advisor only. 409 CLIENT.POSSIBLE_DUPLICATE (details: DuplicateMatch) unless confirmDuplicate. */
  'clients.client.create': { request: CreateClientRequest; reply: ClientView };
  'clients.client.list': { request: ListClientsRequest; reply: ClientPage };
  'clients.client.get': { request: { clientId: string }; reply: ClientView };
  'clients.client.update': { request: UpdateClientRequest; reply: ClientView };
  /** GDPR art. 15: everything held on the client. */
  'clients.client.export': { request: { clientId: string }; reply: ClientExport };
  /** Personal fields removed, ids and statistical fields kept; active consents withdrawn. */
  'clients.client.erase': { request: { clientId: string }; reply: ClientView };
  'clients.consent.list': { request: { clientId: string }; reply: { items: ConsentView[] } };
  /** Give or refuse; recipients must be known organisations (400 naming the field otherwise). */
  'clients.consent.record': { request: RecordConsentRequest; reply: ConsentView };
  /** Effective at once; 409 CONSENT.ALREADY_WITHDRAWN, 409 CONSENT.NOT_ACTIVE. */
  'clients.consent.withdraw': { request: WithdrawConsentRequest; reply: ConsentView };
  'clients.consent.receipt': { request: ConsentReceiptRequest; reply: ConsentReceiptReply };
  'clients.consent.expiring': { request: ExpiringConsentsRequest; reply: { items: ExpiringConsent[] } };
  /** The consent check every disclosure goes through. The actor must belong to the client's organisation (or be the system). */
  'clients.consent.check': { request: ConsentCheckRequest; reply: ConsentCheckReply };
  /** Refuses with CONSENT.NOT_COVERED (details as in a refused check) when the consent does not cover it. */
  'clients.disclosure.snapshot': { request: DisclosureSnapshotRequest; reply: DisclosureSnapshotReply };
  /** Advisor only. A clientId of another organisation: 404. */
  'clients.contact.record': { request: RecordContactRequest; reply: ContactView };
  'clients.contact.list': { request: ListContactsRequest; reply: ContactPage };
  /** Advisor only. */
  'clients.group_event.record': { request: RecordGroupEventRequest; reply: GroupEventView };
  'clients.group_event.list': { request: ListGroupEventsRequest; reply: GroupEventPage };
  /** The system actor only (the statistics service's rebuild): statistical records, no personal data. */
  'clients.statistics.snapshot': {
    request: ClientsStatisticsSnapshotRequest;
    reply: ClientsStatisticsSnapshotReply;
  };
}
