// What the partners service answers: plain data, never ORM entities.
import type { NotificationLanguage } from '../notifications/kinds.js';
import type { Role } from '../roles.js';

export const ORGANISATION_STATUSES = ['pending_agreement', 'active', 'deactivated'] as const;
export type OrganisationStatus = (typeof ORGANISATION_STATUSES)[number];

/** Roles a membership can have; platform_admin is a realm role, never a membership. */
export const MEMBER_ROLES = ['advisor', 'partner_staff', 'org_admin'] as const satisfies readonly Role[];
export type MemberRole = (typeof MEMBER_ROLES)[number];

export const MEMBERSHIP_STATUSES = ['active', 'deactivated'] as const;
export type MembershipStatus = (typeof MEMBERSHIP_STATUSES)[number];

/** A person, or a partner system's service account (client credentials), which is never assigned work. */
export const MEMBER_KINDS = ['person', 'system'] as const;
export type MemberKind = (typeof MEMBER_KINDS)[number];

export interface LocalisedName {
  fi: string;
  sv: string | null;
  en: string | null;
}

export interface UnitView {
  id: string;
  name: LocalisedName;
}

export interface IntakeView {
  email: string | null;
  responseDays: number;
  accepting: boolean;
  /** The language of e-mails to the intake address; null: Finnish. */
  language: NotificationLanguage | null;
}

export interface AgreementView {
  version: string;
  acceptedBy: string;
  acceptedAt: string;
}

export interface OrganisationView {
  id: string;
  name: LocalisedName;
  businessId: string | null;
  kind: string;
  units: UnitView[];
  canSend: boolean;
  canReceive: boolean;
  intake: IntakeView;
  status: OrganisationStatus;
  /** The accepted data-sharing agreement, null while pending. */
  agreement: AgreementView | null;
  deactivatedAt: string | null;
  createdAt: string;
  updatedAt: string;
  /** Optimistic concurrency: PATCH may send it back as If-Match. */
  version: number;
}

export interface MemberView {
  id: string;
  userId: string;
  organisationId: string;
  email: string | null;
  /** The name the member last signed in with (the token's name, else the username); null until then. */
  displayName: string | null;
  kind: MemberKind;
  role: MemberRole;
  status: MembershipStatus;
  createdAt: string;
  updatedAt: string;
}

export type InvitationStatus = 'open' | 'accepted' | 'revoked' | 'expired';

export interface InvitationView {
  id: string;
  organisationId: string;
  email: string;
  role: MemberRole;
  status: InvitationStatus;
  invitedBy: string;
  /** The language of the invitation e-mail (given, else the organisation's); null: Finnish. */
  language: NotificationLanguage | null;
  expiresAt: string;
  acceptedAt: string | null;
  createdAt: string;
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export type OrganisationPage = Page<OrganisationView>;

export interface MemberPage extends Page<MemberView> {
  /** The first page of open invitations (all of them: GET .../invitations, paged). */
  invitations: InvitationView[];
}

export type InvitationPage = Page<InvitationView>;

/** A colleague as the organisation's staff see them (to assign work): no e-mail. */
export interface ColleagueView {
  /** The member's user id (what a referral's assigneeId holds). */
  userId: string;
  /** The name the member last signed in with (the token's name, else the username); null until then. */
  displayName: string | null;
  role: MemberRole;
}

export type ColleaguePage = Page<ColleagueView>;
