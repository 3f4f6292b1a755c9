// Request/reply subjects of the partners service: `partners.<resource>.<verb>`.
import type { Role } from '../roles.js';
import type { OrganisationRecipients, OrganisationRecipientsPayload } from './recipients.js';
import type { ServiceDirectoryRequests } from './services.js';
import type {
  AcceptAgreementPayload,
  CreateOrganisationPayload,
  InvitationRefPayload,
  InviteMemberPayload,
  ListMembersPayload,
  ListOrganisationsPayload,
  MemberRefPayload,
  OrganisationIdPayload,
  UpdateMemberPayload,
  UpdateOrganisationPayload,
} from './payloads.js';
import type {
  ColleaguePage,
  InvitationPage,
  InvitationView,
  LocalisedName,
  MemberPage,
  MemberRole,
  MemberKind,
  MemberView,
  OrganisationStatus,
  OrganisationPage,
  OrganisationView,
} from './views.js';

/** The gateway asks this on every authenticated request (no cache: deactivation bites at once). */
export interface ResolveMembershipRequest {
  userId: string;
  email: string | null;
  emailVerified: boolean;
  username: string | null;
  /** The token's `name` claim: the member's display name for colleagues. */
  name?: string | null;
  /** A service account's token (client credentials): its memberships are systems, not people. */
  serviceAccount?: boolean;
  realmRoles: Role[];
  /** From X-Organisation-Id, when the user names the organisation they act for. */
  requestedOrganisationId: string | null;
}

export interface MembershipView {
  organisationId: string;
  organisationName: LocalisedName;
  organisationStatus: OrganisationStatus;
  role: MemberRole;
}

export interface ResolveMembershipReply {
  /** The user's active memberships in organisations that are not deactivated. */
  memberships: MembershipView[];
  /**
   * The organisation the request is bound to: the requested one, or the only membership; null for
   * platform_admin acting without an organisation and for a user who must name one of several.
   */
  activeOrganisationId: string | null;
  /** The role in that organisation, platform_admin when acting as such, else null. */
  role: Role | null;
}

/** Is the user an active member of the organisation (and the organisation not deactivated)? */
export interface MembershipCheckRequest {
  organisationId: string;
  userId: string;
}

export interface MembershipCheckReply {
  member: boolean;
  /** A member's kind: a system account is not assigned work. */
  kind?: MemberKind;
}

export interface OrganisationSummary {
  id: string;
  name: LocalisedName;
  status: OrganisationStatus;
  canSend: boolean;
  canReceive: boolean;
  acceptingReferrals: boolean;
  responseDays: number;
}

/** Request data: the payload classes' fields (the classes validate them on receipt). */
type Data<T> = { [K in keyof T]: T[K] };

export interface PartnersRequests extends ServiceDirectoryRequests {
  /** Refuses (AUTH.FORBIDDEN) a requested organisation that is not one of the user's active memberships. */
  'partners.membership.resolve': { request: ResolveMembershipRequest; reply: ResolveMembershipReply };
  /**
   * For services acting for a member of the organisation (another organisation's: 404) or as the
   * system, e.g. the referrals service before assigning a referral.
   */
  'partners.membership.check': { request: MembershipCheckRequest; reply: MembershipCheckReply };
  /** Organisations by id, for other services (consent recipients, referral targets); unknown ids are left out. */
  'partners.organisation.lookup': {
    request: { ids: string[] };
    reply: { organisations: OrganisationSummary[] };
  };
  'partners.organisation.list': { request: Data<ListOrganisationsPayload>; reply: OrganisationPage };
  'partners.organisation.get': { request: Data<OrganisationIdPayload>; reply: OrganisationView };
  'partners.organisation.create': { request: Data<CreateOrganisationPayload>; reply: OrganisationView };
  'partners.organisation.update': { request: Data<UpdateOrganisationPayload>; reply: OrganisationView };
  'partners.organisation.accept_agreement': {
    request: Data<AcceptAgreementPayload>;
    reply: OrganisationView;
  };
  'partners.organisation.deactivate': { request: Data<OrganisationIdPayload>; reply: OrganisationView };
  /** A deactivated organisation back: active if it has accepted the agreement, else pending it. */
  'partners.organisation.activate': { request: Data<OrganisationIdPayload>; reply: OrganisationView };
  'partners.member.list': { request: Data<ListMembersPayload>; reply: MemberPage };
  /** The active members of one's own organisation, for its staff (no e-mail); not for platform admins. */
  'partners.member.colleagues': { request: Data<ListMembersPayload>; reply: ColleaguePage };
  /** Open invitations, keyset-paged (the organisation's admins). */
  'partners.invitation.list': { request: Data<ListMembersPayload>; reply: InvitationPage };
  'partners.member.invite': { request: Data<InviteMemberPayload>; reply: InvitationView };
  'partners.member.update': { request: Data<UpdateMemberPayload>; reply: MemberView };
  'partners.member.deactivate': { request: Data<MemberRefPayload>; reply: MemberView };
  /** For the notifications service (system actor) and the organisation's admins: includes the e-mail. */
  'partners.invitation.get': { request: Data<InvitationRefPayload>; reply: InvitationView };
  'partners.invitation.revoke': { request: Data<InvitationRefPayload>; reply: InvitationView };
  /** Members (ids, e-mails) and intake address of an organisation: for the notifications service only. */
  'partners.organisation.recipients': {
    request: Data<OrganisationRecipientsPayload>;
    reply: OrganisationRecipients;
  };
}

/** A partners subject for `@MessagePattern`, checked against PartnersRequests (a typo fails to compile). */
export const partnersSubject = <S extends keyof PartnersRequests>(name: S): S => name;
