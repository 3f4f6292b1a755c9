// Which actions a party may take on a referral in its status (the state machine of product.md,
// apps/referrals/src/referral/referral-state-machine.ts), with the codes each needs.
import {
  FAIL_REASONS,
  HOLD_REASONS,
  OUTCOMES,
  REJECT_REASONS,
  SENDER_CANCEL_REASONS,
  type Referral,
  type ReferralStatus,
} from '../../api/types';

export interface ReferralAction {
  /** Translation key of the button; the English texts are portal.md's contract. */
  label: string;
  to: ReferralStatus;
  reasons?: readonly string[];
  outcomes?: readonly string[];
  /** Shown as the main (not secondary) button. */
  primary?: boolean;
}

const ACCEPT: ReferralAction = { label: 'actions.accept', to: 'accepted', primary: true };
const REJECT: ReferralAction = { label: 'actions.reject', to: 'rejected', reasons: REJECT_REASONS };
const START: ReferralAction = { label: 'actions.start', to: 'in_progress', primary: true };
const HOLD: ReferralAction = { label: 'actions.hold', to: 'on_hold', reasons: HOLD_REASONS };
const COMPLETE: ReferralAction = {
  label: 'actions.complete',
  to: 'completed',
  outcomes: OUTCOMES,
  primary: true,
};
const FAIL: ReferralAction = {
  label: 'actions.fail',
  to: 'failed',
  reasons: FAIL_REASONS,
  outcomes: OUTCOMES,
};
const CANCEL: ReferralAction = { label: 'actions.cancel', to: 'cancelled', reasons: SENDER_CANCEL_REASONS };
const SEND: ReferralAction = { label: 'actions.send', to: 'requested', primary: true };

/** The status a held referral goes back to: the one it was held from. */
function resumeTo(referral: Referral): ReferralStatus {
  const held = [...referral.history].reverse().find((entry) => entry.to === 'on_hold');
  return held?.from === 'accepted' ? 'accepted' : 'in_progress';
}

export function actionsFor(referral: Referral, party: 'sender' | 'receiver' | null): ReferralAction[] {
  const status = referral.status;
  // A logged referral's recipient is not on the platform: the sender closes the loop by hand.
  const receiving = party === 'receiver' || (party === 'sender' && referral.kind === 'logged');
  const actions: ReferralAction[] = [];
  if (receiving) {
    if (status === 'received' || (referral.kind === 'logged' && status === 'requested')) {
      actions.push(ACCEPT, REJECT);
    } else if (status === 'accepted') {
      actions.push(START, HOLD);
    } else if (status === 'in_progress') {
      actions.push(COMPLETE, HOLD, FAIL);
    } else if (status === 'on_hold') {
      actions.push({ label: 'actions.resume', to: resumeTo(referral), primary: true });
    }
  }
  if (party === 'sender') {
    if (status === 'draft') {
      actions.push(SEND);
    }
    if (['draft', 'requested', 'received', 'accepted', 'in_progress', 'on_hold'].includes(status)) {
      actions.push(CANCEL);
    }
  }
  return actions;
}
