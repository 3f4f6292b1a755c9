// Who should hear of an event: worked out from the event's ids alone (pure, so it is unit-tested);
// the router then asks the partners service for the members and addresses behind the ids.
import type { EmailKind, ReferralParties } from '#contracts';
import type { EventEnvelope } from '#messaging';

export interface RecipientPlan {
  kind: EmailKind;
  referralId: string | null;
  /** Codes from the event, shown in the app; never free text. */
  detail: Record<string, string | null>;
  /** Every active member of these organisations. */
  organisationMembers: string[];
  /** These users, if they are still active members of the organisation. */
  users: { userId: string; organisationId: string }[];
  /** The intake e-mail address of these organisations (e-mail only). */
  intakeOf: string[];
  /** The person who caused the event does not need to hear of it. */
  excludeUserId: string | null;
  /** An invited person, reached by e-mail only. */
  invitation: { organisationId: string; invitationId: string } | null;
}

const plan = (kind: EmailKind, parts: Partial<RecipientPlan>): RecipientPlan => ({
  kind,
  referralId: null,
  detail: {},
  organisationMembers: [],
  users: [],
  intakeOf: [],
  excludeUserId: null,
  invitation: null,
  ...parts,
});

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
  'events.clients.consent.expired',
  'events.partners.invitation.created',
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
    return plan('referral.status_changed', {
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

  // The partner learns that the client's data is no longer shown (consent withdrawn or expired).
  'events.referrals.referral.redacted': ({ data }) =>
    plan('referral.redacted', {
      referralId: data.referralId,
      detail: { reasonCode: data.reasonCode },
      organisationMembers: [data.receivingOrganisationId],
    }),

  // Withdrawal stops disclosure at once: every recipient organisation hears of it.
  'events.clients.consent.withdrawn': ({ data, actor }) =>
    plan('consent.withdrawn', {
      detail: { reason: data.reason },
      organisationMembers: data.recipientOrganisationIds,
      excludeUserId: actor?.userId ?? null,
    }),

  // Same effect as a withdrawal; the client's own organisation (the advisors) hears of it too.
  'events.clients.consent.expired': ({ data }) =>
    plan('consent.expired', {
      organisationMembers: [...new Set([data.organisationId, ...data.recipientOrganisationIds])],
    }),

  'events.partners.invitation.created': ({ data }) =>
    plan('invitation.created', {
      detail: { role: data.role, expiresAt: data.expiresAt },
      invitation: { organisationId: data.organisationId, invitationId: data.invitationId },
    }),
};

export function planRecipients<E extends RoutedEvent>(event: EventEnvelope<E>): RecipientPlan | null {
  return (PLANNERS[event.type] as Planner<E>)(event);
}
