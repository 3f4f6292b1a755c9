import {
  localDate,
  localHourStart,
  nextCalendarDay,
  nextLocalHour,
  startOfLocalDay,
} from './finnish-time.js';

describe('the Finnish clock', () => {
  it('reads instants in Helsinki time, summer and winter', () => {
    expect(localDate(new Date('2025-06-30T21:30:00Z'))).toBe('2025-07-01');
    expect(localDate(new Date('2025-12-31T21:30:00Z'))).toBe('2025-12-31');
    expect(localDate(new Date('2025-12-31T22:30:00Z'))).toBe('2026-01-01');
    expect(startOfLocalDay('2025-07-01').toISOString()).toBe('2025-06-30T21:00:00.000Z');
    expect(startOfLocalDay('2025-01-15').toISOString()).toBe('2025-01-14T22:00:00.000Z');
    expect(startOfLocalDay('2025-03-30').toISOString()).toBe('2025-03-29T22:00:00.000Z');
  });

  it('counts the next calendar day across months, years and 29 February', () => {
    expect(nextCalendarDay('2026-01-31')).toBe('2026-02-01');
    expect(nextCalendarDay('2026-12-31')).toBe('2027-01-01');
    expect(nextCalendarDay('2028-02-28')).toBe('2028-02-29');
    expect(nextCalendarDay('2027-02-28')).toBe('2027-03-01');
  });

  it.each([
    ['winter', '2026-01-15', 7, '2026-01-15T05:00:00.000Z'],
    ['summer', '2026-07-15', 7, '2026-07-15T04:00:00.000Z'],
    // The clocks go forward at 03:00 on the last Sunday of March: 02:00 is still winter time.
    ['spring change, before it', '2026-03-29', 2, '2026-03-29T00:00:00.000Z'],
    ['spring change, the skipped hour gives the next', '2026-03-29', 3, '2026-03-29T01:00:00.000Z'],
    ['spring change, after it', '2026-03-29', 7, '2026-03-29T04:00:00.000Z'],
    // And back at 04:00 on the last Sunday of October: 03:00 happens twice; after it, winter time.
    ['autumn change, after it', '2026-10-25', 7, '2026-10-25T05:00:00.000Z'],
    ['autumn change, before it', '2026-10-25', 2, '2026-10-24T23:00:00.000Z'],
  ])('finds the instant of a Helsinki hour: %s', (_label, date, hour, expected) => {
    expect(localHourStart(date, hour).toISOString()).toBe(expected);
  });

  it('gives the next time the Helsinki clock shows the hour: today until it has come, then tomorrow', () => {
    // 06:59 in Helsinki (winter): today at 07:00.
    expect(nextLocalHour(new Date('2026-01-15T04:59:00Z'), 7).toISOString()).toBe('2026-01-15T05:00:00.000Z');
    // 07:00 exactly: it has come, so tomorrow.
    expect(nextLocalHour(new Date('2026-01-15T05:00:00Z'), 7).toISOString()).toBe('2026-01-16T05:00:00.000Z');
    // 23:30 UTC on 14 January is already 01:30 on the 15th in Helsinki: 07:00 that same Helsinki day.
    expect(nextLocalHour(new Date('2026-01-14T23:30:00Z'), 7).toISOString()).toBe('2026-01-15T05:00:00.000Z');
    // Evening before the spring change: tomorrow's 07:00 is summer time, an hour earlier in UTC.
    expect(nextLocalHour(new Date('2026-03-28T18:00:00Z'), 7).toISOString()).toBe('2026-03-29T04:00:00.000Z');
    // Evening before the autumn change: tomorrow's 07:00 is winter time again.
    expect(nextLocalHour(new Date('2026-10-24T18:00:00Z'), 7).toISOString()).toBe('2026-10-25T05:00:00.000Z');
  });
});
