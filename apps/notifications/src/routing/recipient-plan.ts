// Who should hear of an event: worked out from the event's ids alone (pure, so it is unit-tested);
// the router then asks the partners service for the members and addresses behind the ids.
import type { EmailKind, MembershipEventData, ReferralParties } from '#contracts';
import type { EventEnvelope } from '#messaging';

export interface RecipientPlan {
  kind: EmailKind;
  referralId: string | null;
  /** Codes from the event, shown in the app; never free text. */
  detail: Record<string, string | null>;
  /** Every active member of these organisations. */
  organisationMembers: string[];
  /** The active org_admins of these organisations (membership changes; in the app as `membership.changed`). */
  organisationAdmins: string[];
  /** These users, if they are still active members of the organisation. */
  users: { userId: string; organisationId: string }[];
  /** The intake e-mail address of these organisations (e-mail only). */
  intakeOf: string[];
  /** The person who caused the event does not need to hear of it. */
  excludeUserId: string | null;
  /** An invited person, reached by e-mail only. */
  invitation: { organisationId: string; invitationId: string } | null;
  /**
   * Notices of one happening that arrive as several events share a key: a user gets the first
   * only (a consent's end cancels a referral AND redacts it: one notice per referral).
   */
  dedupeKey: string | null;
}

const plan = (kind: EmailKind, parts: Partial<RecipientPlan>): RecipientPlan => ({
  kind,
  referralId: null,
  detail: {},
  organisationMembers: [],
  organisationAdmins: [],
  users: [],
  intakeOf: [],
  excludeUserId: null,
  invitation: null,
  dedupeKey: null,
  ...parts,
});

/** Why the system cancels or redacts a referral when its consent ends (referrals' consent follow-through). */
const CONSENT_END_REASONS = new Set(['consent_withdrawn', 'consent_expired', 'client_erased']);

/** The one notice per referral and user of the end of its consent. */
export const consentEndKey = (referralId: string): string => `consent_end:${referralId}`;

const sender = (parties: ReferralParties) => ({
  userId: parties.senderUserId,
  organisationId: parties.sendingOrganisationId,
});

/** The events the notifications service routes; each is one durable consumer (one filter subject). */
export const ROUTED_EVENTS = [
  'events.referrals.referral.sent',
  'events.referrals.referral.status_changed',
  'events.referrals.referral.assigned',
  'events.referrals.message.posted',
  'events.referrals.referral.overdue',
  'events.referrals.referral.redacted',
  'events.clients.consent.withdrawn',
  'events.clients.consent.expiring',
  'events.clients.consent.expired',
  'events.partners.invitation.created',
  'events.partners.membership.created',
  'events.partners.membership.updated',
  'events.partners.membership.deactivated',
] as const;
export type RoutedEvent = (typeof ROUTED_EVENTS)[number];

type Planner<E extends RoutedEvent> = (event: EventEnvelope<E>) => RecipientPlan | null;

const PLANNERS: { [E in RoutedEvent]: Planner<E> } = {
  // The receiving organisation's inbox has something new: its members and its intake address.
  'events.referrals.referral.sent': ({ data, actor }) =>
    plan('referral.sent', {
      referralId: data.referralId,
      detail: { need: data.need, urgency: data.urgency },
      organisationMembers: [data.receivingOrganisationId],
      intakeOf: [data.receivingOrganisationId],
      excludeUserId: actor?.userId ?? data.senderUserId,
    }),

  // The other side hears of a change; a change the system made (consent withdrawn, expired) both sides.
  'events.referrals.referral.status_changed': ({ data, actor }) => {
    const byReceiver = actor?.organisationId === data.receivingOrganisationId && data.actorUserId !== null;
    const bySender = actor?.organisationId === data.sendingOrganisationId && data.actorUserId !== null;
    const consentEnded =
      data.to === 'cancelled' && data.actorUserId === null && CONSENT_END_REASONS.has(data.reasonCode ?? '');
    return plan('referral.status_changed', {
      dedupeKey: consentEnded ? consentEndKey(data.referralId) : null,
      referralId: data.referralId,
      detail: { from: data.from, to: data.to, reasonCode: data.reasonCode, outcomeCode: data.outcomeCode },
      users: bySender ? [] : [sender(data)],
      organisationMembers: byReceiver ? [] : [data.receivingOrganisationId],
      excludeUserId: data.actorUserId,
    });
  },

  'events.referrals.referral.assigned': ({ data, actor }) =>
    data.assigneeUserId === null
      ? null
      : plan('referral.assigned', {
          referralId: data.referralId,
          users: [{ userId: data.assigneeUserId, organisationId: data.receivingOrganisationId }],
          excludeUserId: actor?.userId ?? null,
        }),

  'events.referrals.message.posted': ({ data }) => {
    const fromSender = data.authorOrganisationId === data.sendingOrganisationId;
    return plan('message.posted', {
      referralId: data.referralId,
      detail: { messageId: data.messageId },
      users: fromSender ? [] : [sender(data)],
      organisationMembers: fromSender ? [data.receivingOrganisationId] : [],
      excludeUserId: data.authorUserId,
    });
  },

  // Both sides are reminded.
  'events.referrals.referral.overdue': ({ data }) =>
    plan('referral.overdue', {
      referralId: data.referralId,
      detail: { dueAt: data.dueAt },
      users: [sender(data)],
      organisationMembers: [data.receivingOrganisationId],
    }),

  // The partner learns that the client's data is no longer shown (consent withdrawn or expired):
  // one notice per referral, whether the cancellation or the redaction reaches it first.
  'events.referrals.referral.redacted': ({ data }) =>
    plan('referral.redacted', {
      referralId: data.referralId,
      dedupeKey: CONSENT_END_REASONS.has(data.reasonCode) ? consentEndKey(data.referralId) : null,
      detail: { reasonCode: data.reasonCode },
      organisationMembers: [data.receivingOrganisationId],
    }),

  // Withdrawal stops disclosure at once. Everyone concerned hears of it per referral, once: the
  // receiving organisation and the sending advisor through the referral's cancellation (or, for a
  // closed one, its redaction). A recipient organisation without referrals on it had nothing shared,
  // and the advisor recorded the withdrawal themselves: the consent event itself notifies nobody.
  'events.clients.consent.withdrawn': () => null,

  // The advisor who recorded the consent may renew it before it ends.
  'events.clients.consent.expiring': ({ data }) =>
    plan('consent.expiring', {
      detail: { validUntil: data.validUntil },
      users: [{ userId: data.recordedByUserId, organisationId: data.organisationId }],
    }),

  // Same effect as a withdrawal (partners hear of it per referral); the client's own organisation
  // (the advisors) hears of it.
  'events.clients.consent.expired': ({ data }) =>
    plan('consent.expired', {
      organisationMembers: [data.organisationId],
    }),

  // The invitee by e-mail; the organisation's administrators in the app (whoever invited, even a
  // platform administrator: they see every change to who may act for them).
  'events.partners.invitation.created': ({ data, actor }) =>
    plan('invitation.created', {
      detail: { role: data.role, expiresAt: data.expiresAt },
      invitation: { organisationId: data.organisationId, invitationId: data.invitationId },
      organisationAdmins: [data.organisationId],
      excludeUserId: actor?.userId ?? null,
    }),

  'events.partners.membership.created': ({ data, actor }) => membershipChanged('created', data, actor),
  'events.partners.membership.updated': ({ data, actor }) => membershipChanged('role_changed', data, actor),
  'events.partners.membership.deactivated': ({ data, actor }) =>
    membershipChanged('deactivated', data, actor),
};

function membershipChanged(
  change: string,
  data: MembershipEventData,
  actor: { userId: string } | null,
): RecipientPlan {
  return plan('membership.changed', {
    detail: { change, role: data.role, membershipId: data.membershipId },
    organisationAdmins: [data.organisationId],
    excludeUserId: actor?.userId ?? null,
  });
}

export function planRecipients<E extends RoutedEvent>(event: EventEnvelope<E>): RecipientPlan | null {
  return (PLANNERS[event.type] as Planner<E>)(event);
}
