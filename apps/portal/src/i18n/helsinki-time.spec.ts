import {
  aYearLater,
  endOfHelsinkiDay,
  helsinkiDate,
  helsinkiInstant,
  isCalendarDay,
  nextDay,
  startOfHelsinkiDay,
} from './helsinki-time.js';

describe('Helsinki days', () => {
  it('begins a winter day at 22:00 UTC the day before, a summer day at 21:00', () => {
    expect(startOfHelsinkiDay('2026-12-03').toISOString()).toBe('2026-12-02T22:00:00.000Z');
    expect(startOfHelsinkiDay('2027-06-30').toISOString()).toBe('2027-06-29T21:00:00.000Z');
  });

  it('knows the offset on the days the clocks change (last Sundays of March and October)', () => {
    // 29 March 2026 begins in winter time; the clocks go forward at 03:00 that night.
    expect(startOfHelsinkiDay('2026-03-29').toISOString()).toBe('2026-03-28T22:00:00.000Z');
    expect(startOfHelsinkiDay('2026-03-30').toISOString()).toBe('2026-03-29T21:00:00.000Z');
    // 25 October 2026 begins in summer time; the clocks go back at 04:00.
    expect(startOfHelsinkiDay('2026-10-25').toISOString()).toBe('2026-10-24T21:00:00.000Z');
    expect(startOfHelsinkiDay('2026-10-26').toISOString()).toBe('2026-10-25T22:00:00.000Z');
  });

  it('ends a day one second before the next begins, in either season', () => {
    expect(endOfHelsinkiDay('2027-12-31').toISOString()).toBe('2027-12-31T21:59:59.000Z');
    expect(endOfHelsinkiDay('2027-06-30').toISOString()).toBe('2027-06-30T20:59:59.000Z');
  });

  it('steps over the ends of months and years', () => {
    expect(nextDay('2026-12-31')).toBe('2027-01-01');
    expect(nextDay('2028-02-28')).toBe('2028-02-29');
  });

  it("gives the day in Finland, which starts two or three hours before UTC's", () => {
    expect(helsinkiDate(new Date('2026-12-04T22:30:00Z'))).toBe('2026-12-05');
    expect(helsinkiDate(new Date('2026-12-04T21:59:59Z'))).toBe('2026-12-04');
    expect(helsinkiDate(new Date('2026-06-30T21:30:00Z'))).toBe('2026-07-01');
  });

  it('moves a day a year on, 29 February to the 28th', () => {
    expect(aYearLater('2026-12-05')).toBe('2027-12-05');
    expect(aYearLater('2028-02-29')).toBe('2029-02-28');
  });

  it('reads a time on a Helsinki clock, through both clock changes', () => {
    expect(helsinkiInstant('2026-12-05', '10:30').toISOString()).toBe('2026-12-05T08:30:00.000Z');
    expect(helsinkiInstant('2026-07-01', '10:30').toISOString()).toBe('2026-07-01T07:30:00.000Z');
    // 25 October 2026: 03:30 happens twice; the first is still summer time.
    expect(helsinkiInstant('2026-10-25', '03:30').toISOString()).toBe('2026-10-25T00:30:00.000Z');
    // 29 March 2026: the clocks jump from 03:00 to 04:00; 03:30 is read in winter time (04:30 on the clock).
    expect(helsinkiInstant('2026-03-29', '03:30').toISOString()).toBe('2026-03-29T01:30:00.000Z');
  });

  it('refuses what is not a calendar day', () => {
    expect(() => startOfHelsinkiDay('2026-13-01')).toThrow(RangeError);
    expect(() => startOfHelsinkiDay('2026-02-30')).toThrow(RangeError);
    expect(() => helsinkiInstant('2026-02-30', '10:00')).toThrow(RangeError);
    expect(isCalendarDay('2028-02-29')).toBe(true);
    expect(['2026-02-29', '2026-04-31', '2026-1-01', '20261201', ''].filter(isCalendarDay)).toEqual([]);
    expect(() => helsinkiInstant('2026-12-05', '25:00')).toThrow(RangeError);
  });
});
