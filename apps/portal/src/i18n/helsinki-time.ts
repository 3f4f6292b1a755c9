// Days as the people using the portal live them: calendar days in Finland (Europe/Helsinki), whose
// offset from UTC is +2 in winter and +3 in summer. A date picked in a form is such a day. The
// services have their own (`helsinkiDate`, `isExistingCalendarDate` in libs/contracts), which the
// browser cannot load: the portal takes only types from #contracts.

export const TIME_ZONE = 'Europe/Helsinki';
const WALL_CLOCK = new Intl.DateTimeFormat('en-CA', {
  timeZone: TIME_ZONE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});
const DAY_MS = 86_400_000;

/** A real calendar day as `YYYY-MM-DD` (JavaScript's own parser takes 30 February for 2 March). */
export function isCalendarDay(value: string): boolean {
  return (
    /^\d{4}-\d{2}-\d{2}$/.test(value) &&
    new Date(Date.parse(`${value}T00:00:00Z`) || 0).toISOString().slice(0, 10) === value
  );
}

/** The calendar day (`YYYY-MM-DD`) in Finland at that instant. */
export function helsinkiDate(instant = new Date()): string {
  return wallClock(instant).slice(0, 10);
}

/** The same day a year later (`YYYY-MM-DD`); 29 February becomes the 28th. */
export function aYearLater(date: string): string {
  const [year, month, day] = date.split('-');
  return `${Number(year) + 1}-${month}-${month === '02' && day === '29' ? '28' : day}`;
}

/** A day (`YYYY-MM-DD`) as the portal's date fields show and take it: `d.m.yyyy`. */
export function fieldDate(date: string): string {
  const [year, month, day] = date.split('-');
  return `${Number(day)}.${Number(month)}.${year}`;
}

/** What a date field took, `d.m.yyyy` (as people write dates in Finland), as `YYYY-MM-DD`; anything else as typed. */
export function toIsoDate(text: string): string {
  const match = /^(\d{1,2})\.(\d{1,2})\.(\d{4})$/.exec(text.trim());
  if (!match) {
    return text.trim();
  }
  const [, day, month, year] = match;
  return `${year}-${month.padStart(2, '0')}-${day.padStart(2, '0')}`;
}

/** `YYYY-MM-DD HH:MM` on a clock in Helsinki at that instant. */
function wallClock(instant: Date): string {
  const part = Object.fromEntries(WALL_CLOCK.formatToParts(instant).map(({ type, value }) => [type, value]));
  return `${part.year}-${part.month}-${part.day} ${part.hour}:${part.minute}`;
}

/**
 * The instant a Helsinki clock shows `time` (`HH:MM`) on `date` (`YYYY-MM-DD`). Of an hour that
 * happens twice (clocks going back), the first; a time in the hour skipped in spring is read as
 * winter time still (an hour later on the clock).
 */
export function helsinkiInstant(date: string, time: string): Date {
  if (!isCalendarDay(date) || !/^([01]\d|2[0-3]):[0-5]\d$/.test(time)) {
    throw new RangeError(`not a day and time: ${date} ${time}`);
  }
  const candidates = ['+03:00', '+02:00'].map((offset) => new Date(`${date}T${time}:00${offset}`));
  return candidates.find((candidate) => wallClock(candidate) === `${date} ${time}`) ?? candidates[1];
}

/** The instant a day (`YYYY-MM-DD`) begins in Helsinki. Clocks change at 03:00/04:00, never at midnight. */
export function startOfHelsinkiDay(date: string): Date {
  return helsinkiInstant(date, '00:00');
}

/** The day after (`YYYY-MM-DD`), in plain calendar arithmetic. */
export function nextDay(date: string): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + DAY_MS).toISOString().slice(0, 10);
}

/** The last second of a day in Helsinki: what "valid until" that day means. */
export function endOfHelsinkiDay(date: string): Date {
  return new Date(startOfHelsinkiDay(nextDay(date)).getTime() - 1_000);
}
