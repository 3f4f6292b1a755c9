// Request/reply subjects of the partners service: `partners.<resource>.<verb>`.
import type { Role } from '../roles.js';

/** The gateway asks this on every authenticated request (no cache: deactivation bites at once). */
export interface ResolveMembershipRequest {
  userId: string;
  email: string | null;
  emailVerified: boolean;
  username: string | null;
  realmRoles: Role[];
  /** From X-Organisation-Id, when the user names the organisation they act for. */
  requestedOrganisationId: string | null;
}

export interface MembershipView {
  organisationId: string;
  organisationName: { fi: string; sv: string | null; en: string | null };
  role: Role;
}

export interface ResolveMembershipReply {
  memberships: MembershipView[];
  /** The organisation the request is bound to, or null (platform_admin without membership). */
  activeOrganisationId: string | null;
  role: Role | null;
}

export interface OrganisationSummary {
  id: string;
  name: { fi: string; sv: string | null; en: string | null };
  status: 'pending_agreement' | 'active' | 'deactivated';
  canSend: boolean;
  canReceive: boolean;
  acceptingReferrals: boolean;
  responseDays: number;
}

export interface PartnersRequests {
  'partners.membership.resolve': { request: ResolveMembershipRequest; reply: ResolveMembershipReply };
  /** Organisations by id, for other services (consent recipients, referral targets); unknown ids are left out. */
  'partners.organisation.lookup': { request: { ids: string[] }; reply: { organisations: OrganisationSummary[] } };
}
