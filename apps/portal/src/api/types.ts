// The API's shapes as the portal uses them (apps/gateway/src/*/*.dto.ts is the source of truth).
// The code lists are copied from libs/contracts, which the browser cannot import (it carries the
// server's validators); the i18n parity test checks that each code has a label.

export const ROLES = ['advisor', 'partner_staff', 'org_admin', 'platform_admin'] as const;
export type Role = (typeof ROLES)[number];

export const NEED_CATEGORIES = [
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
export type NeedCategory = (typeof NEED_CATEGORIES)[number];

export const DATA_CATEGORIES = ['identity', 'contact', 'language', 'background', 'needs', 'health'] as const;
export type DataCategory = (typeof DATA_CATEGORIES)[number];
/** GDPR art. 9: shared only with explicit consent. */
export const SPECIAL_CATEGORIES: readonly DataCategory[] = ['health'];

export const CONSENT_PURPOSES = ['referral', 'follow_up', 'statistics'] as const;
export type ConsentPurpose = (typeof CONSENT_PURPOSES)[number];
export const CONSENT_METHODS = ['signed_form', 'verbal', 'electronic'] as const;
export type ConsentMethod = (typeof CONSENT_METHODS)[number];
export const CONSENT_GIVERS = ['client', 'representative'] as const;
export type ConsentGiver = (typeof CONSENT_GIVERS)[number];
export const CONSENT_STATUSES = ['active', 'refused', 'withdrawn', 'expired', 'superseded'] as const;
export type ConsentStatus = (typeof CONSENT_STATUSES)[number];

export const REFERRAL_STATUSES = [
  'draft',
  'requested',
  'received',
  'accepted',
  'rejected',
  'in_progress',
  'on_hold',
  'completed',
  'failed',
  'cancelled',
  'entered_in_error',
] as const;
export type ReferralStatus = (typeof REFERRAL_STATUSES)[number];
/** The API's limits on free text (libs/contracts referrals/payloads.ts): a transition's explanation, a message. */
export const REASON_TEXT_MAX_LENGTH = 2000;
export const MESSAGE_MAX_LENGTH = 4000;

export const OPEN_STATUSES: readonly ReferralStatus[] = [
  'requested',
  'received',
  'accepted',
  'in_progress',
  'on_hold',
];
export const CLOSED_STATUSES: readonly ReferralStatus[] = [
  'rejected',
  'completed',
  'failed',
  'cancelled',
  'entered_in_error',
];

export const REJECT_REASONS = [
  'not_eligible',
  'no_capacity',
  'outside_area',
  'could_not_contact',
  'client_declined',
  'duplicate',
  'missing_information',
  'other',
] as const;
export const CANCEL_REASONS = [
  'client_request',
  'referred_elsewhere',
  'consent_withdrawn',
  'expired',
  'error',
  'other',
] as const;
/** The reasons a sender may pick; consent_withdrawn and expired are the system's. */
export const SENDER_CANCEL_REASONS = ['client_request', 'referred_elsewhere', 'error', 'other'] as const;
export const FAIL_REASONS = [
  'did_not_attend',
  'could_not_contact',
  'not_eligible_after_assessment',
  'no_longer_interested',
  'other',
] as const;
export const HOLD_REASONS = ['info_requested', 'waitlisted', 'client_unavailable', 'other'] as const;
export const OUTCOMES = [
  'service_started',
  'enrolled_or_decided',
  'referred_elsewhere',
  'did_not_attend',
  'could_not_contact',
  'not_eligible_after_assessment',
  'no_longer_interested',
  'other',
] as const;
export const URGENCIES = ['routine', 'soon', 'urgent'] as const;
export type Urgency = (typeof URGENCIES)[number];
export const GENDERS = ['female', 'male', 'other', 'unknown'] as const;

/** Languages a client may be served in, offered in the forms (any ISO 639 code is valid). */
export const CLIENT_LANGUAGES = [
  'fi',
  'sv',
  'en',
  'ar',
  'ru',
  'uk',
  'so',
  'fa',
  'prs',
  'ku',
  'ti',
  'fr',
  'et',
] as const;
/** Receipts are printed in these; any other falls back to English. */
export const RECEIPT_LANGUAGES = ['fi', 'sv', 'en', 'ru', 'uk', 'ar'] as const;
export const RTL_LANGUAGES = ['ar', 'fa', 'prs', 'he', 'ur', 'ku', 'ckb', 'ps'];

export interface LocalisedText {
  fi: string;
  sv: string | null;
  en: string | null;
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export interface SessionUser {
  userId: string;
  username: string;
  email: string | null;
  name?: string;
}

export interface SessionOrganisation {
  id: string;
  name: LocalisedText | string;
  role: Role;
}

export interface Session {
  user: SessionUser;
  organisations: SessionOrganisation[];
  activeOrganisationId: string | null;
  role: Role | null;
  csrfToken: string;
  /** The earlier of the two limits below. */
  expiresAt: string;
  /** Ends if unused until then; each answered request moves it by the idle timeout (30 min). */
  idleExpiresAt: string;
  /** Ends then however it is used: the maximum lifetime (10 h). */
  absoluteExpiresAt: string;
}

export interface ClientNeed {
  category: NeedCategory;
  description: string | null;
}

export interface ClientListItem {
  id: string;
  firstName: string | null;
  lastName: string | null;
  dateOfBirth: string | null;
  personalIdentityCodeMasked: string | null;
  preferredLanguage: string | null;
  municipality: string | null;
  erased: boolean;
  createdAt: string;
}

export interface Client extends ClientListItem {
  personalIdentityCode: string | null;
  languages: string[];
  interpreterNeeded: boolean;
  phone: string | null;
  email: string | null;
  gender: string | null;
  needs: ClientNeed[];
}

export interface Consent {
  id: string;
  clientId: string;
  version: number;
  status: ConsentStatus;
  recipientOrganisationIds: string[];
  categories: DataCategory[];
  purposes: ConsentPurpose[];
  method: ConsentMethod;
  givenBy: ConsentGiver;
  noticeVersion: string;
  noticeLanguage: string;
  interpreterUsed: boolean;
  givenAt: string;
  validUntil: string | null;
  withdrawnAt: string | null;
  withdrawalMethod: ConsentMethod | null;
  withdrawalNote: string | null;
}

export interface ExpiringConsent {
  consentId: string;
  clientId: string;
  firstName: string | null;
  lastName: string | null;
  validUntil: string;
}

export interface DirectoryService {
  id: string;
  organisationId: string;
  name: LocalisedText;
  description: LocalisedText;
  needs: NeedCategory[];
  languages: string[];
  interpretationAvailable: boolean;
  organisation: { id: string; name: LocalisedText; acceptingReferrals: boolean; responseDays: number };
}

export interface OrganisationSnapshot {
  id: string | null;
  name: LocalisedText;
}

export interface ReferralSummary {
  id: string;
  kind: 'platform' | 'logged';
  status: ReferralStatus;
  version: number;
  clientId: string | null;
  need: NeedCategory;
  urgency: Urgency;
  serviceId: string | null;
  sendingOrganisation: OrganisationSnapshot;
  receivingOrganisation: OrganisationSnapshot;
  createdAt: string;
  sentAt: string | null;
  dueAt: string | null;
  overdue: boolean;
  closedAt: string | null;
}

export interface HistoryEntry {
  from: ReferralStatus | null;
  to: ReferralStatus;
  at: string;
  party: string;
  reasonCode: string | null;
  reasonText: string | null;
  outcomeCode: string | null;
  note: string | null;
}

export interface Referral extends ReferralSummary {
  sender: { id: string; username: string | null };
  reason: string;
  language: string | null;
  interpreterNeeded: boolean;
  categories: DataCategory[];
  consentId: string | null;
  sharedDataRedacted: boolean;
  reasonCode: string | null;
  reasonText: string | null;
  outcomeCode: string | null;
  history: HistoryEntry[];
}

export interface ReferralList extends Page<ReferralSummary> {
  counts: Record<string, number>;
}

export interface ReferralMessage {
  id: string;
  authorUserId: string;
  authorUsername: string | null;
  /** The author's name as they signed in; null for older messages. */
  authorName: string | null;
  authorOrganisationId: string;
  /** null once no longer shown (the receiver's after the consent ended; everyone's after erasure). */
  body: string | null;
  redacted: boolean;
  createdAt: string;
}

export interface Notification {
  id: string;
  kind: string;
  referralId: string | null;
  detail: Record<string, string | null>;
  link: string;
  createdAt: string;
  readAt: string | null;
}

export interface NotificationPage extends Page<Notification> {
  unreadCount: number;
}

export interface Preferences {
  language: 'fi' | 'sv' | 'en';
  email: Record<string, boolean>;
  digest: string;
}
