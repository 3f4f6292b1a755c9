import 'reflect-metadata';
import { AppError, REFERRAL_STATUSES, type ReferralStatus } from '#contracts';
import { planTransition, type Party } from './referral-state-machine.js';

// Written out by hand from product.md, independently of the module's table:
// [from, to, parties allowed on a platform referral, reasonCode needed, outcomeCode needed]
type Expected = [ReferralStatus, ReferralStatus, Party[], string | null, string | null];
const OPEN: ReferralStatus[] = ['draft', 'requested', 'received', 'accepted', 'in_progress', 'on_hold'];
const EXPECTED: Expected[] = [
  ['draft', 'requested', ['sender'], null, null],
  ['requested', 'received', ['receiver'], null, null],
  ['received', 'accepted', ['receiver'], null, null],
  ['received', 'rejected', ['receiver'], 'no_capacity', null],
  ['accepted', 'in_progress', ['receiver'], null, null],
  ['accepted', 'on_hold', ['receiver'], 'info_requested', null],
  ['in_progress', 'on_hold', ['receiver'], 'waitlisted', null],
  ['on_hold', 'accepted', ['receiver'], null, null],
  ['on_hold', 'in_progress', ['receiver'], null, null],
  ['in_progress', 'completed', ['receiver'], null, 'service_started'],
  ['in_progress', 'failed', ['receiver'], 'did_not_attend', 'did_not_attend'],
  ...OPEN.map((from): Expected => [from, 'cancelled', ['sender', 'system'], null, null]),
  ...REFERRAL_STATUSES.filter((from) => from !== 'entered_in_error').map((from): Expected => [
    from,
    'entered_in_error',
    ['sender', 'admin'],
    null,
    null,
  ]),
];
const PARTIES: Party[] = ['sender', 'receiver', 'admin', 'system'];

function expectedFor(from: ReferralStatus, to: ReferralStatus) {
  return EXPECTED.find(([f, t]) => f === from && t === to);
}

const cancelReasonOf = (party: Party) => (party === 'system' ? 'consent_withdrawn' : 'client_request');

/** A complete, valid set of codes for the transition and party (cancel reasons differ by party). */
function codesFor(from: ReferralStatus, to: ReferralStatus, party: Party) {
  const expected = expectedFor(from, to);
  const reasonCode = to === 'cancelled' ? cancelReasonOf(party) : expected?.[3];
  return { reasonCode: reasonCode ?? undefined, outcomeCode: expected?.[4] ?? undefined, reasonText: 'why' };
}

function errorOf(fn: () => unknown): AppError | null {
  try {
    fn();
    return null;
  } catch (error) {
    if (error instanceof AppError) {
      return error;
    }
    throw error;
  }
}

const cases = REFERRAL_STATUSES.flatMap((from) =>
  REFERRAL_STATUSES.flatMap((to) => PARTIES.map((party) => [from, to, party] as const)),
);

describe('the referral state machine', () => {
  it('is tested for every status, target and party', () => {
    expect(cases).toHaveLength(11 * 11 * 4);
  });

  describe.each(cases)('%s → %s by the %s', (from, to, party) => {
    const expected = expectedFor(from, to);
    const codes = codesFor(from, to, party);

    if (!expected) {
      it('is refused as an illegal transition naming from and to', () => {
        const error = errorOf(() => planTransition({ from, to, party, ...codes }));
        expect(error?.code).toBe('REFERRAL.ILLEGAL_TRANSITION');
        expect(error?.details).toEqual({ from, to });
      });
    } else if (!expected[2].includes(party)) {
      it('is refused: not this side', () => {
        const error = errorOf(() => planTransition({ from, to, party, ...codes }));
        expect(error?.code).toBe('REFERRAL.TRANSITION_NOT_ALLOWED');
        expect(error?.details).toMatchObject({ from, to });
      });
    } else {
      it('is allowed with its codes', () => {
        expect(planTransition({ from, to, party, ...codes })).toMatchObject({ from, to, party });
      });
    }
  });

  describe('a logged referral (no receiving organisation on the platform)', () => {
    it.each(EXPECTED.filter(([, , parties]) => parties.includes('receiver')))(
      'lets the sender do the receiver’s %s → %s',
      (from, to, _parties, reasonCode, outcomeCode) => {
        expect(
          planTransition({
            from,
            to,
            party: 'sender',
            logged: true,
            reasonCode: reasonCode ?? undefined,
            outcomeCode: outcomeCode ?? undefined,
          }),
        ).toMatchObject({ from, to });
        expect(errorOf(() => planTransition({ from, to, party: 'receiver', logged: true }))?.code).toBe(
          'REFERRAL.TRANSITION_NOT_ALLOWED',
        );
      },
    );
  });

  describe('a logged referral keeps the receiver’s reasons', () => {
    // The sender stands in for the receiver: the reason codes the receiver would need are required.
    it.each(EXPECTED.filter(([, , parties, reasonCode]) => parties.includes('receiver') && reasonCode))(
      '%s → %s by its sender needs a reason code, and keeps it',
      (from, to, _parties, reasonCode, outcomeCode) => {
        const withoutReason = errorOf(() =>
          planTransition({ from, to, party: 'sender', logged: true, outcomeCode: outcomeCode ?? undefined }),
        );
        expect(withoutReason?.code).toBe('REFERRAL.REASON_REQUIRED');
        expect(withoutReason?.details).toMatchObject({ field: 'reasonCode' });
        expect(
          planTransition({
            from,
            to,
            party: 'sender',
            logged: true,
            reasonCode: reasonCode ?? undefined,
            outcomeCode: outcomeCode ?? undefined,
          }).reasonCode,
        ).toBe(reasonCode);
      },
    );
  });

  describe('reasons and outcomes', () => {
    it.each([
      ['received', 'rejected', {}, 'reasonCode'],
      ['received', 'rejected', { reasonCode: 'bored' }, 'reasonCode'],
      ['accepted', 'on_hold', {}, 'reasonCode'],
      ['in_progress', 'completed', {}, 'outcomeCode'],
      ['in_progress', 'completed', { outcomeCode: 'no_capacity' }, 'outcomeCode'],
      ['in_progress', 'failed', { outcomeCode: 'did_not_attend' }, 'reasonCode'],
      ['in_progress', 'failed', { reasonCode: 'did_not_attend' }, 'outcomeCode'],
    ] as const)('%s → %s with %j is refused for %s', (from, to, codes, field) => {
      const error = errorOf(() => planTransition({ from, to, party: 'receiver', ...codes }));
      expect(error?.code).toBe('REFERRAL.REASON_REQUIRED');
      expect(error?.details).toMatchObject({ field, from, to });
    });

    it('refuses a cancellation by the sender without a reason', () => {
      expect(
        errorOf(() => planTransition({ from: 'requested', to: 'cancelled', party: 'sender' }))?.code,
      ).toBe('REFERRAL.REASON_REQUIRED');
    });

    it('keeps the system reasons (consent_withdrawn, expired) for the system', () => {
      const bySender = () =>
        planTransition({
          from: 'requested',
          to: 'cancelled',
          party: 'sender',
          reasonCode: 'consent_withdrawn',
        });
      expect(errorOf(bySender)?.code).toBe('REFERRAL.REASON_REQUIRED');
      expect(
        planTransition({ from: 'accepted', to: 'cancelled', party: 'system', reasonCode: 'expired' }),
      ).toMatchObject({ reasonCode: 'expired' });
      expect(
        errorOf(() =>
          planTransition({ from: 'accepted', to: 'cancelled', party: 'system', reasonCode: 'other' }),
        )?.code,
      ).toBe('REFERRAL.REASON_REQUIRED');
    });

    it('needs a free-text explanation for entered_in_error', () => {
      const error = errorOf(() =>
        planTransition({ from: 'completed', to: 'entered_in_error', party: 'admin' }),
      );
      expect(error?.details).toMatchObject({ field: 'reasonText' });
    });

    it('drops codes a transition does not take', () => {
      expect(
        planTransition({
          from: 'received',
          to: 'accepted',
          party: 'receiver',
          reasonCode: 'other',
          outcomeCode: 'other',
        }),
      ).toEqual({ from: 'received', to: 'accepted', party: 'receiver', reasonCode: null, outcomeCode: null });
    });
  });
});
