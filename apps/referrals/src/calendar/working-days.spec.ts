import {
  addWorkingDays,
  easterSunday,
  finnishHolidays,
  isWorkingDay,
  workingDaysDeadline,
} from './working-days.js';

describe('the Finnish working-day calendar', () => {
  it.each([
    [2024, '2024-03-31'],
    [2025, '2025-04-20'],
    [2026, '2026-04-05'],
    [2027, '2027-03-28'],
    [2038, '2038-04-25'],
    [2000, '2000-04-23'],
  ])('finds Easter Sunday %i on %s', (year, date) => {
    expect(easterSunday(year)).toBe(date);
  });

  it('lists the public holidays of 2025, the moving ones included', () => {
    expect(Object.fromEntries([...finnishHolidays(2025)].map(([date, name]) => [name, date]))).toEqual({
      "New Year's Day": '2025-01-01',
      Epiphany: '2025-01-06',
      'Good Friday': '2025-04-18',
      'Easter Sunday': '2025-04-20',
      'Easter Monday': '2025-04-21',
      'May Day': '2025-05-01',
      'Ascension Day': '2025-05-29',
      'Whit Sunday': '2025-06-08',
      'Midsummer Eve': '2025-06-20',
      'Midsummer Day': '2025-06-21',
      "All Saints' Day": '2025-11-01',
      'Independence Day': '2025-12-06',
      'Christmas Eve': '2025-12-24',
      'Christmas Day': '2025-12-25',
      "St Stephen's Day": '2025-12-26',
    });
  });

  it.each([
    [2026, '2026-06-19', '2026-06-20', '2026-10-31'],
    [2027, '2027-06-25', '2027-06-26', '2027-11-06'],
    [2028, '2028-06-23', '2028-06-24', '2028-11-04'],
  ])('places Midsummer and All Saints of %i on the right days', (year, eve, day, allSaints) => {
    const holidays = finnishHolidays(year);
    expect(holidays.get(eve)).toBe('Midsummer Eve');
    expect(holidays.get(day)).toBe('Midsummer Day');
    expect(holidays.get(allSaints)).toBe("All Saints' Day");
  });

  it.each([
    ['2025-04-17', true],
    ['2025-04-18', false],
    ['2025-04-21', false],
    ['2025-05-29', false],
    ['2025-06-20', false],
    ['2025-12-08', true],
    ['2025-12-06', false],
    ['2025-11-01', false],
    ['2025-11-03', true],
    ['2025-11-08', false],
  ])('%s is a working day: %s', (date, expected) => {
    expect(isWorkingDay(date)).toBe(expected);
  });

  it.each([
    ['a plain week', '2025-03-03', 3, '2025-03-06'],
    ['over a weekend', '2025-03-06', 3, '2025-03-11'],
    ['from a Saturday', '2025-03-08', 1, '2025-03-10'],
    ['over Easter', '2025-04-16', 3, '2025-04-23'],
    ['over Midsummer', '2025-06-18', 2, '2025-06-23'],
    ['over Christmas and New Year', '2025-12-22', 5, '2026-01-02'],
    ['zero days on a holiday', '2025-12-25', 0, '2025-12-29'],
  ])('adds working days %s', (_label, from, days, expected) => {
    expect(addWorkingDays(from, days)).toBe(expected);
  });

  it('puts the deadline at the end of the last working day, Helsinki time', () => {
    // Sent on Thursday evening before Easter (local Thursday): 2 working days → Wednesday after Easter Monday.
    expect(workingDaysDeadline(new Date('2025-04-17T15:00:00Z'), 2).toISOString()).toBe(
      '2025-04-23T21:00:00.000Z',
    );
    // Sent at 00:30 on a Monday in Helsinki (still Sunday in UTC).
    expect(workingDaysDeadline(new Date('2025-03-02T22:30:00Z'), 1).toISOString()).toBe(
      '2025-03-04T22:00:00.000Z',
    );
  });
});
