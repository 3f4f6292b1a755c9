// The receiving organisation's steps on a referral (product.md's state machine, as
// apps/referrals/src/referral/referral-state-machine.ts has it), with the codes each one needs.
import {
  FAIL_REASONS,
  HOLD_REASONS,
  OUTCOMES,
  REJECT_REASONS,
  type Referral,
  type ReferralStatus,
} from '../../api/types';

export type ReceiverActionName = 'accept' | 'reject' | 'start' | 'hold' | 'resume' | 'complete' | 'fail';

export interface ReceiverAction {
  name: ReceiverActionName;
  to: ReferralStatus;
  /** Coded reasons to choose from (required when present). */
  reasons?: readonly string[];
  /** The translation group of the reasons' labels. */
  reasonGroup?: 'reason' | 'outcome';
  /** Coded outcomes to choose from (required when present). */
  outcomes?: readonly string[];
  primary?: boolean;
}

const ACCEPT: ReceiverAction = { name: 'accept', to: 'accepted', primary: true };
const REJECT: ReceiverAction = {
  name: 'reject',
  to: 'rejected',
  reasons: REJECT_REASONS,
  reasonGroup: 'reason',
};
const START: ReceiverAction = { name: 'start', to: 'in_progress', primary: true };
const HOLD: ReceiverAction = { name: 'hold', to: 'on_hold', reasons: HOLD_REASONS, reasonGroup: 'reason' };
const COMPLETE: ReceiverAction = { name: 'complete', to: 'completed', outcomes: OUTCOMES, primary: true };
const FAIL: ReceiverAction = {
  name: 'fail',
  to: 'failed',
  reasons: FAIL_REASONS,
  reasonGroup: 'outcome',
  outcomes: OUTCOMES,
};

/** A held referral resumes to the status it was held from. */
function resumeTo(referral: Pick<Referral, 'history'>): ReferralStatus {
  const held = [...referral.history].reverse().find((entry) => entry.to === 'on_hold');
  return held?.from === 'accepted' ? 'accepted' : 'in_progress';
}

export function receiverActions(referral: Pick<Referral, 'status' | 'history'>): ReceiverAction[] {
  const status = referral.status;
  // A `requested` one becomes received with the receiver's first read (the page's own GET).
  if (status === 'received') {
    return [ACCEPT, REJECT];
  }
  if (status === 'accepted') {
    return [START, HOLD];
  }
  if (status === 'in_progress') {
    return [COMPLETE, HOLD, FAIL];
  }
  if (status === 'on_hold') {
    return [{ name: 'resume', to: resumeTo(referral), primary: true }];
  }
  return [];
}
