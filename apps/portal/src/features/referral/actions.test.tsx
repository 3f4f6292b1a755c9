import en from '../../i18n/en.json';
import type { Referral, ReferralStatus } from '../../api/types';
import { actionsFor } from './actions';

const referral = (status: ReferralStatus, extra: Partial<Referral> = {}): Referral =>
  ({ status, kind: 'platform', history: [], ...extra }) as Referral;

const names = (status: ReferralStatus, party: 'sender' | 'receiver' | null, extra: Partial<Referral> = {}) =>
  actionsFor(referral(status, extra), party).map((action) => {
    const [group, key] = action.label.split('.') as ['actions', keyof typeof en.actions];
    return en[group][key];
  });

describe('referral actions', () => {
  it("offers the receiver the state machine's next steps under portal.md's English names", () => {
    expect(names('received', 'receiver')).toEqual(['Accept', 'Reject']);
    expect(names('accepted', 'receiver')).toEqual(['Start', 'Put on hold']);
    expect(names('in_progress', 'receiver')).toEqual(['Complete', 'Put on hold', 'Mark as failed']);
    expect(names('on_hold', 'receiver')).toEqual(['Resume']);
    expect(names('completed', 'receiver')).toEqual([]);
  });

  it('lets the sender cancel an open referral, never accept it', () => {
    expect(names('requested', 'sender')).toEqual(['Cancel referral']);
    expect(names('draft', 'sender')).toEqual(['Send referral', 'Cancel referral']);
    expect(names('received', 'sender')).not.toContain('Accept');
    expect(names('cancelled', 'sender')).toEqual([]);
    expect(names('received', null)).toEqual([]);
  });

  it('resumes to the status the referral was held from, with the reasons each step needs', () => {
    const held = referral('on_hold', {
      history: [
        {
          from: 'accepted',
          to: 'on_hold',
          at: '',
          party: 'receiver',
          reasonCode: 'waitlisted',
          reasonText: null,
          outcomeCode: null,
          note: null,
        },
      ],
    });
    expect(actionsFor(held, 'receiver')[0]?.to).toBe('accepted');
    const reject = actionsFor(referral('received'), 'receiver').find((action) => action.to === 'rejected');
    expect(reject?.reasons).toContain('no_capacity');
    const complete = actionsFor(referral('in_progress'), 'receiver').find(
      (action) => action.to === 'completed',
    );
    expect(complete?.outcomes).toContain('service_started');
  });
});
