// Events of the partners service: `events.partners.<resource>.<event>`. Ids and codes only.
import type { Role } from '../roles.js';
import type { ServiceDirectoryEvents } from './services.js';

export interface OrganisationEventData {
  organisationId: string;
}

export interface OrganisationAgreementEventData {
  organisationId: string;
  agreementVersion: string;
}

export interface InvitationCreatedData {
  invitationId: string;
  organisationId: string;
  role: Role;
  expiresAt: string;
}

export interface MembershipEventData {
  membershipId: string;
  organisationId: string;
  userId: string;
  role: Role;
}

export interface PartnersEvents extends ServiceDirectoryEvents {
  'events.partners.organisation.created': OrganisationEventData;
  'events.partners.organisation.updated': OrganisationEventData;
  /** The org_admin accepted the data-sharing agreement (pending_agreement → active, or a new version). */
  'events.partners.organisation.agreement_accepted': OrganisationAgreementEventData;
  /** Its members lost access at once; open work addressed to it should stop. */
  'events.partners.organisation.deactivated': OrganisationEventData;
  /** A platform administrator brought a deactivated organisation back (its members regain access). */
  'events.partners.organisation.activated': OrganisationEventData;
  /** The invitee's e-mail is not in the event: the notifications service asks `partners.invitation.get`. */
  'events.partners.invitation.created': InvitationCreatedData;
  'events.partners.membership.created': MembershipEventData;
  'events.partners.membership.updated': MembershipEventData;
  'events.partners.membership.deactivated': MembershipEventData;
}
