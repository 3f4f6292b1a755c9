// Request/reply subjects of the referrals service: `referrals.<resource>.<verb>`.
import type { DataCategory } from '../clients/subjects.js';
import type { ReferralStatus } from './events.js';
import type { ReferralsStatisticsSnapshotReply } from './statistics.js';

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

export const URGENCIES = ['routine', 'soon', 'urgent'] as const;
export type Urgency = (typeof URGENCIES)[number];

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
/** Cancel reasons only the system gives (consent follow-through, response promise). */
export const SYSTEM_CANCEL_REASONS = ['consent_withdrawn', 'expired'] as const;
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
/** Reasons a referral fails (in_progress → failed): the outcome codes that say why it did not work out. */
export const FAIL_REASONS = [
  'did_not_attend',
  'could_not_contact',
  'not_eligible_after_assessment',
  'no_longer_interested',
  'other',
] as const;

export type RejectReason = (typeof REJECT_REASONS)[number];
export type CancelReason = (typeof CANCEL_REASONS)[number];
export type HoldReason = (typeof HOLD_REASONS)[number];
export type Outcome = (typeof OUTCOMES)[number];

/** `platform`: to an organisation on the platform; `logged`: a hand-off recorded by hand, no data leaves. */
export type ReferralKind = 'platform' | 'logged';

export interface CreateReferralRequest {
  clientId: string;
  /** An organisation on the platform; or `loggedRecipientName` for one that is not (a logged referral). */
  receivingOrganisationId?: string;
  loggedRecipientName?: string;
  serviceId?: string;
  need: NeedCategory;
  reason: string;
  urgency: Urgency;
  categories: DataCategory[];
  language?: string;
  interpreterNeeded?: boolean;
  send: boolean;
  confirmDuplicate?: boolean;
}

export interface TransitionReferralRequest {
  referralId: string;
  /** From If-Match: the version the caller last saw; missing → RESOURCE.PRECONDITION_REQUIRED, stale → RESOURCE.PRECONDITION_FAILED. */
  expectedVersion?: number;
  to: ReferralStatus;
  reasonCode?: string;
  reasonText?: string;
  outcomeCode?: string;
  note?: string;
}

export interface AssignReferralRequest {
  referralId: string;
  expectedVersion?: number;
  assigneeId: string | null;
}

export type ReferralBox = 'incoming' | 'outgoing';

export interface ListReferralsRequest {
  box: ReferralBox;
  status?: ReferralStatus[];
  overdue?: boolean;
  need?: NeedCategory;
  serviceId?: string;
  /** One client's referrals: the sender's box only (the receiver knows no client ids of the sender). */
  clientId?: string;
  /** A user id, `me` or `none`. */
  assignee?: string;
  /** ISO 8601, on the time the referral was sent (or drafted). */
  from?: string;
  to?: string;
  cursor?: string;
  limit?: number;
}

export interface OrganisationSnapshot {
  id: string | null;
  name: { fi: string; sv: string | null; en: string | null };
}

export interface UserSnapshot {
  id: string;
  username: string | null;
}

export interface ReferralHistoryEntry {
  from: ReferralStatus | null;
  to: ReferralStatus;
  at: string;
  actorUserId: string | null;
  actorOrganisationId: string | null;
  /** `sender`, `receiver`, `admin` or `system`. */
  party: string;
  reasonCode: string | null;
  reasonText: string | null;
  outcomeCode: string | null;
  note: string | null;
}

/** A referral in a list: no client data, so listing is not a disclosure. */
export interface ReferralSummary {
  id: string;
  kind: ReferralKind;
  status: ReferralStatus;
  version: number;
  clientId: string | null;
  need: NeedCategory;
  urgency: Urgency;
  serviceId: string | null;
  sendingOrganisation: OrganisationSnapshot;
  receivingOrganisation: OrganisationSnapshot;
  assigneeId: string | null;
  createdAt: string;
  sentAt: string | null;
  receivedAt: string | null;
  dueAt: string | null;
  overdue: boolean;
  closedAt: string | null;
}

export interface ReferralView extends ReferralSummary {
  sender: UserSnapshot;
  /** null once removed: for the receiver after the consent ended, for everyone after erasure. */
  reason: string | null;
  language: string | null;
  interpreterNeeded: boolean;
  categories: DataCategory[];
  consentId: string | null;
  consentVersion: number | null;
  /** Only the consented categories; null in a draft, a logged referral, or once redacted. */
  sharedData: Partial<Record<DataCategory, Record<string, unknown>>> | null;
  sharedDataRedacted: boolean;
  redactedAt: string | null;
  expiresAt: string | null;
  reasonCode: string | null;
  reasonText: string | null;
  outcomeCode: string | null;
  history: ReferralHistoryEntry[];
}

/** All a platform administrator gets back from what it may do to a referral: never its data. */
export interface ReferralMinimalView {
  id: string;
  status: ReferralStatus;
  version: number;
}

export interface ReferralList {
  items: ReferralSummary[];
  nextCursor: string | null;
  /** Per status in the box (regardless of the other filters), plus `overdue`. */
  counts: Partial<Record<ReferralStatus | 'overdue', number>>;
}

export interface ReferralMessageView {
  id: string;
  referralId: string;
  authorUserId: string;
  authorUsername: string | null;
  /** The author's name as they signed in (null for older messages or a token without one). */
  authorName: string | null;
  authorOrganisationId: string;
  /** null when redacted (the receiver's after the consent ended; everyone's after erasure). */
  body: string | null;
  redacted: boolean;
  createdAt: string;
}

export interface ReferralMessageList {
  items: ReferralMessageView[];
  nextCursor: string | null;
}

export interface ReferralsRequests {
  /** The system actor only (the statistics service's rebuild). */
  'referrals.statistics.snapshot': {
    request: { after?: string; limit?: number };
    reply: ReferralsStatisticsSnapshotReply;
  };
  /** CONSENT.NOT_COVERED, REFERRAL.RECIPIENT_UNAVAILABLE, REFERRAL.POSSIBLE_DUPLICATE; nothing stored on refusal. */
  'referrals.referral.create': { request: CreateReferralRequest; reply: ReferralView };
  /** The sender's or the receiving organisation's; the receiver's first open sets `received`. */
  'referrals.referral.get': { request: { referralId: string }; reply: ReferralView };
  'referrals.referral.list': { request: ListReferralsRequest; reply: ReferralList };
  /** expectedVersion is required (RESOURCE.PRECONDITION_REQUIRED); a platform administrator gets the minimal view. */
  'referrals.referral.transition': {
    request: TransitionReferralRequest;
    reply: ReferralView | ReferralMinimalView;
  };
  'referrals.referral.assign': { request: AssignReferralRequest; reply: ReferralView };
  'referrals.message.list': {
    request: { referralId: string; cursor?: string; limit?: number };
    reply: ReferralMessageList;
  };
  'referrals.message.post': { request: { referralId: string; body: string }; reply: ReferralMessageView };
}
