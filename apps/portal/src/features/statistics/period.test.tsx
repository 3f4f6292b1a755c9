import {
  addMonths,
  lastDayOf,
  monthText,
  monthsBetween,
  parseMonth,
  periodOf,
  periodProblem,
  thisMonth,
} from './period';

describe("the period's month arithmetic", () => {
  it('gives the last day of a month, February of a leap year and December included', () => {
    expect(lastDayOf('2026-11')).toBe('2026-11-30');
    expect(lastDayOf('2026-12')).toBe('2026-12-31');
    expect(lastDayOf('2028-02')).toBe('2028-02-29');
    expect(lastDayOf('2027-02')).toBe('2027-02-28');
  });

  it('moves across years and lists every month of a range', () => {
    expect(addMonths('2026-12', 1)).toBe('2027-01');
    expect(addMonths('2026-01', -1)).toBe('2025-12');
    expect(monthsBetween('2026-11', '2027-02')).toEqual(['2026-11', '2026-12', '2027-01', '2027-02']);
  });

  it("takes this month in Finland, where a month starts two or three hours before UTC's", () => {
    expect(thisMonth(new Date('2026-11-30T22:30:00Z'))).toBe('2026-12');
    expect(thisMonth(new Date('2026-11-30T21:59:00Z'))).toBe('2026-11');
  });

  it('names what the API would refuse in a period: its first month after its last, or over 36 months', () => {
    expect(periodProblem('2026-11', '2026-09')).toBe('reversed');
    expect(periodProblem('2024-01', '2026-12')).toBeNull();
    expect(periodProblem('2023-12', '2026-12')).toBe('tooLong');
    expect(periodProblem('2026-09', '2026-09')).toBeNull();
  });

  it('shows a period the API answers for, and says when the address asked for another', () => {
    const now = new Date('2026-12-05T12:00:00Z');
    expect(periodOf({ from: '2026-01', to: '2026-11' }, now)).toEqual({ from: '2026-01', to: '2026-11' });
    expect(periodOf({ from: '2026-11', to: '2026-09' }, now)).toEqual({
      from: '2025-10',
      to: '2026-09',
      problem: 'reversed',
    });
    expect(periodOf({ from: '2015-01', to: '2026-12' }, now)).toEqual({
      from: '2024-01',
      to: '2026-12',
      problem: 'tooLong',
    });
  });

  it('writes a month as m.yyyy and reads it back, refusing what is not a month', () => {
    expect(monthText('2026-01')).toBe('1.2026');
    expect(monthText('2026-12')).toBe('12.2026');
    expect(parseMonth(' 1.2026 ')).toBe('2026-01');
    expect(parseMonth('09.2026')).toBe('2026-09');
    expect(parseMonth('2026-09')).toBe('2026-09');
    expect(['13.2026', '0.2026', '1.26', 'tammikuu', '']).toEqual(
      ['13.2026', '0.2026', '1.26', 'tammikuu', ''].filter((text) => parseMonth(text) === null),
    );
  });
});
