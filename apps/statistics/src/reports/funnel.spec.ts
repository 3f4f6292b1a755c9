// The funnel's months: this month's referrals, still on their way, stay out of a range that also
// holds ended months.
import { SUPPRESSED } from '#contracts';
import { funnelOverMonths, funnelThrough } from './funnel.js';

describe('funnelThrough', () => {
  const currentMonth = '2026-12';

  it('stops at last month when the range reaches this month from an earlier one', () => {
    expect(funnelThrough({ from: '2026-01', to: '2026-12', currentMonth })).toBe('2026-11');
    expect(funnelThrough({ from: '2026-11', to: '2026-12', currentMonth })).toBe('2026-11');
    expect(funnelThrough({ from: '2026-01', to: '2027-03', currentMonth })).toBe('2026-11');
    expect(funnelThrough({ from: '2025-12', to: '2026-01', currentMonth: '2026-01' })).toBe('2025-12');
  });

  it('counts a range of ended months, or of this month alone, as it is', () => {
    expect(funnelThrough({ from: '2026-01', to: '2026-11', currentMonth })).toBe('2026-11');
    expect(funnelThrough({ from: '2026-12', to: '2026-12', currentMonth })).toBe('2026-12');
    expect(funnelThrough({ from: '2027-01', to: '2027-02', currentMonth })).toBe('2027-02');
  });
});

describe('funnelOverMonths', () => {
  // November ended with its referrals answered; December's are mostly still waiting to be received.
  const months = [
    { key: ['2026-11'], values: { sent: 30, received: 30, accepted: 24, completed: 18, overdue: 6 } },
    { key: ['2026-12'], values: { sent: 9, received: 2, accepted: 1, completed: 0, overdue: 0 } },
  ];

  it('leaves out the months after `through`', () => {
    expect(funnelOverMonths(months, '2026-11')).toEqual({
      sent: 30,
      received: 30,
      accepted: 24,
      completed: 18,
      overdue: 6,
    });
  });

  it('with this month in, its small steps hide the same steps of the whole range', () => {
    expect(funnelOverMonths(months, '2026-12')).toEqual({
      sent: 39,
      received: SUPPRESSED,
      accepted: SUPPRESSED,
      // December completed none: a 0 hides nothing.
      completed: 18,
      overdue: 6,
    });
  });
});
