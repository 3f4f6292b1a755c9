// The partners API's shapes as the administration screens use them
// (apps/gateway/src/partners/*.dto.ts and libs/contracts/src/partners are the source of truth).
import type { LocalisedText, NeedCategory, Page } from '../../api/types';

export const MEMBER_ROLES = ['advisor', 'partner_staff', 'org_admin'] as const;
export type MemberRole = (typeof MEMBER_ROLES)[number];
export const ORGANISATION_STATUSES = ['pending_agreement', 'active', 'deactivated'] as const;
export type OrganisationStatus = (typeof ORGANISATION_STATUSES)[number];
export const SERVICE_REFERRAL_STATUSES = ['accepting', 'waitlist'] as const;
export type ServiceReferralStatus = (typeof SERVICE_REFERRAL_STATUSES)[number];
/** The data-sharing agreement the portal offers; the API names the current one if this is stale. */
export const AGREEMENT_VERSION = '2026-1';

export interface Organisation {
  id: string;
  name: LocalisedText;
  businessId: string | null;
  kind: string;
  canSend: boolean;
  canReceive: boolean;
  intake: { email: string | null; responseDays: number; accepting: boolean; language: string | null };
  status: OrganisationStatus;
  agreement: { version: string; acceptedBy: string; acceptedAt: string } | null;
  deactivatedAt: string | null;
  createdAt: string;
  version: number;
}

export interface Member {
  id: string;
  userId: string;
  organisationId: string;
  email: string | null;
  /** The name the member last signed in with; null until then. */
  displayName: string | null;
  /** A partner system's service account is a system, never assigned work. */
  kind: 'person' | 'system';
  role: MemberRole;
  status: 'active' | 'deactivated';
  createdAt: string;
}

export interface Invitation {
  id: string;
  organisationId: string;
  email: string;
  role: MemberRole;
  status: 'open' | 'accepted' | 'revoked' | 'expired';
  language: string | null;
  expiresAt: string;
  createdAt: string;
}

export interface MemberPage extends Page<Member> {
  invitations: Invitation[];
}

export interface Service {
  id: string;
  organisationId: string;
  name: LocalisedText;
  description: LocalisedText;
  needs: NeedCategory[];
  eligibility: LocalisedText | null;
  languages: string[];
  interpretationAvailable: boolean;
  contact: { phone: string | null; email: string | null; url: string | null };
  referralStatus: ServiceReferralStatus;
}
