// Events of the referrals service: `events.referrals.<resource>.<event>`. Ids and codes only.

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

/** Who is concerned by a referral: what notifications and live updates route on. */
export interface ReferralParties {
  referralId: string;
  sendingOrganisationId: string;
  receivingOrganisationId: string;
  senderUserId: string;
  assigneeUserId: string | null;
}

/** A referral only the sending organisation is concerned by: a draft, or a logged referral. */
export interface LoggedReferralParties {
  referralId: string;
  sendingOrganisationId: string;
  senderUserId: string;
}

export interface ReferralsEvents {
  /** A referral reached the receiving organisation (created with send, or a draft sent). */
  'events.referrals.referral.sent': ReferralParties & {
    need: string;
    urgency: string;
    serviceId: string | null;
    /** The response promise's deadline (ISO); absent in events from before issue 15. */
    dueAt?: string | null;
  };
  /** Every status change, including system ones (reason consent_withdrawn, expired). */
  'events.referrals.referral.status_changed': ReferralParties & {
    from: ReferralStatus;
    to: ReferralStatus;
    reasonCode: string | null;
    outcomeCode: string | null;
    actorUserId: string | null;
  };
  'events.referrals.referral.assigned': ReferralParties;
  'events.referrals.message.posted': ReferralParties & {
    messageId: string;
    authorUserId: string;
    authorOrganisationId: string;
  };
  /** Past the receiving organisation's response promise; both sides are reminded. */
  'events.referrals.referral.overdue': ReferralParties & { dueAt: string };
  /** The receiving organisation's view of the shared data was redacted (consent withdrawn, expired, client erased). */
  'events.referrals.referral.redacted': ReferralParties & { reasonCode: string };
  /** A draft was saved: only the sending organisation sees it. */
  'events.referrals.referral.drafted': LoggedReferralParties;
  /** A hand-off to an organisation not on the platform was recorded (no data left). */
  'events.referrals.referral.logged': LoggedReferralParties & { need: string };
  /** A status change of a draft or a logged referral: no receiving organisation is concerned. */
  'events.referrals.referral.sender_status_changed': LoggedReferralParties & {
    from: ReferralStatus;
    to: ReferralStatus;
    reasonCode: string | null;
    outcomeCode: string | null;
    actorUserId: string | null;
  };
}
