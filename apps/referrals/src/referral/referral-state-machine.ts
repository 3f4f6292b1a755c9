// The referral's life cycle (product.md, "The referral"), with the FHIR Task.status codes. Pure: no I/O.
import {
  AppError,
  CANCEL_REASONS,
  FAIL_REASONS,
  HOLD_REASONS,
  OUTCOMES,
  REJECT_REASONS,
  SYSTEM_CANCEL_REASONS,
  type ReferralStatus,
} from '#contracts';

/**
 * The side a caller acts on: the sending organisation, the receiving organisation, a platform
 * administrator (only `entered_in_error`), or the system (consent follow-through, expiry).
 */
export type Party = 'sender' | 'receiver' | 'admin' | 'system';

export const OPEN_STATUSES = [
  'draft',
  'requested',
  'received',
  'accepted',
  'in_progress',
  'on_hold',
] as const satisfies readonly ReferralStatus[];

export const CLOSED_STATUSES = [
  'rejected',
  'completed',
  'failed',
  'cancelled',
  'entered_in_error',
] as const satisfies readonly ReferralStatus[];

/** Statuses in which the receiving organisation still owes an answer (the response promise). */
export const AWAITING_ANSWER = ['requested', 'received'] as const satisfies readonly ReferralStatus[];

export function isOpen(status: ReferralStatus): boolean {
  return (OPEN_STATUSES as readonly string[]).includes(status);
}

export interface TransitionRule {
  from: ReferralStatus;
  to: ReferralStatus;
  parties: readonly Party[];
  /** Coded reasons this transition needs (reasonCode), per party when they differ. */
  reasons?: Partial<Record<Party, readonly string[]>>;
  /** Coded outcomes this transition needs (outcomeCode). */
  outcomes?: readonly string[];
  /** entered_in_error: a free-text explanation is required. */
  needsReasonText?: boolean;
}

const senderCancelReasons = CANCEL_REASONS.filter(
  (reason) => !(SYSTEM_CANCEL_REASONS as readonly string[]).includes(reason),
);

const cancel = (from: ReferralStatus): TransitionRule => ({
  from,
  to: 'cancelled',
  parties: ['sender', 'system'],
  reasons: { sender: senderCancelReasons, system: SYSTEM_CANCEL_REASONS },
});

const hold = (from: ReferralStatus): TransitionRule => ({
  from,
  to: 'on_hold',
  parties: ['receiver'],
  reasons: { receiver: HOLD_REASONS },
});

const ALL_STATUSES: readonly ReferralStatus[] = [...OPEN_STATUSES, ...CLOSED_STATUSES];

/** Every transition there is; anything else is REFERRAL.ILLEGAL_TRANSITION. */
export const TRANSITIONS: readonly TransitionRule[] = [
  { from: 'draft', to: 'requested', parties: ['sender'] },
  { from: 'requested', to: 'received', parties: ['receiver'] },
  { from: 'received', to: 'accepted', parties: ['receiver'] },
  { from: 'received', to: 'rejected', parties: ['receiver'], reasons: { receiver: REJECT_REASONS } },
  { from: 'accepted', to: 'in_progress', parties: ['receiver'] },
  hold('accepted'),
  hold('in_progress'),
  { from: 'on_hold', to: 'accepted', parties: ['receiver'] },
  { from: 'on_hold', to: 'in_progress', parties: ['receiver'] },
  { from: 'in_progress', to: 'completed', parties: ['receiver'], outcomes: OUTCOMES },
  {
    from: 'in_progress',
    to: 'failed',
    parties: ['receiver'],
    reasons: { receiver: FAIL_REASONS },
    outcomes: OUTCOMES,
  },
  ...OPEN_STATUSES.map(cancel),
  // A referral made by mistake (wrong client, wrong organisation): the sender or a platform
  // administrator marks it so; it leaves every work queue and statistics, and keeps its history.
  ...ALL_STATUSES.filter((from) => from !== 'entered_in_error').map((from): TransitionRule => ({
    from,
    to: 'entered_in_error',
    parties: ['sender', 'admin'],
    needsReasonText: true,
  })),
];

export interface TransitionInput {
  from: ReferralStatus;
  to: ReferralStatus;
  party: Party;
  /** A logged referral has no receiving organisation on the platform: the sender closes the loop. */
  logged?: boolean;
  reasonCode?: string | null;
  reasonText?: string | null;
  outcomeCode?: string | null;
}

export interface PlannedTransition {
  from: ReferralStatus;
  to: ReferralStatus;
  party: Party;
  reasonCode: string | null;
  outcomeCode: string | null;
}

export function findRule(from: ReferralStatus, to: ReferralStatus): TransitionRule | undefined {
  return TRANSITIONS.find((rule) => rule.from === from && rule.to === to);
}

/** The parties that may make a transition, with a logged referral's sender standing in for the receiver. */
export function partiesFor(rule: TransitionRule, logged: boolean): readonly Party[] {
  if (!logged || !rule.parties.includes('receiver')) {
    return rule.parties;
  }
  return [...rule.parties.filter((party) => party !== 'receiver'), 'sender'];
}

function missing(
  field: string,
  allowed: readonly string[] | null,
  from: ReferralStatus,
  to: ReferralStatus,
): AppError {
  return new AppError('REFERRAL.REASON_REQUIRED', `The transition from ${from} to ${to} needs ${field}`, {
    field,
    from,
    to,
    ...(allowed ? { allowed } : {}),
  });
}

/** The rule of the move, when there is one and it is this party's to make. */
function allowedRule(input: TransitionInput): TransitionRule {
  const { from, to, party } = input;
  const rule = findRule(from, to);
  if (!rule) {
    throw new AppError('REFERRAL.ILLEGAL_TRANSITION', `A referral cannot go from ${from} to ${to}`, {
      from,
      to,
    });
  }
  const parties = partiesFor(rule, input.logged ?? false);
  if (!parties.includes(party)) {
    throw new AppError(
      'REFERRAL.TRANSITION_NOT_ALLOWED',
      `Only the ${parties.join(' or ')} may move a referral from ${from} to ${to}`,
      { from, to, allowedParties: parties },
    );
  }
  return rule;
}

/** The reason codes the party must choose from; a logged referral's sender gives the receiver's. */
function reasonsFor(rule: TransitionRule, input: TransitionInput): readonly string[] | undefined {
  const own = rule.reasons?.[input.party];
  if (own) {
    return own;
  }
  return input.logged && input.party === 'sender' ? rule.reasons?.receiver : undefined;
}

/** The code given, which must be one of `allowed`; null when the move asks for no such code. */
function requiredCode(
  field: 'reasonCode' | 'outcomeCode',
  allowed: readonly string[] | undefined,
  given: string | null | undefined,
  input: TransitionInput,
): string | null {
  if (!allowed) {
    return null;
  }
  const code = given ?? null;
  if (code === null || !allowed.includes(code)) {
    throw missing(field, allowed, input.from, input.to);
  }
  return code;
}

/**
 * Checks one transition and says what to record; throws REFERRAL.ILLEGAL_TRANSITION (no such
 * edge), REFERRAL.TRANSITION_NOT_ALLOWED (not this side's) or REFERRAL.REASON_REQUIRED.
 */
export function planTransition(input: TransitionInput): PlannedTransition {
  const { from, to, party } = input;
  const rule = allowedRule(input);
  const reasonCode = requiredCode('reasonCode', reasonsFor(rule, input), input.reasonCode, input);
  const outcomeCode = requiredCode('outcomeCode', rule.outcomes, input.outcomeCode, input);
  if (rule.needsReasonText && !input.reasonText?.trim()) {
    throw missing('reasonText', null, from, to);
  }
  return { from, to, party, reasonCode, outcomeCode };
}
