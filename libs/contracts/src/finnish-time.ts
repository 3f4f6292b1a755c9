// Instants and the Finnish clock: the calendar day an instant falls on in Helsinki, and the instant
// a Helsinki day or hour begins, across the daylight-saving changes. Pure: no I/O.

export const FINNISH_TIME_ZONE = 'Europe/Helsinki';

// Building a DateTimeFormat costs far more than using one: one per time zone, kept.
const zoneFormats = new Map<string, Intl.DateTimeFormat>();

function zoneFormat(timeZone: string): Intl.DateTimeFormat {
  let format = zoneFormats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-GB', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    zoneFormats.set(timeZone, format);
  }
  return format;
}

/** How far `instant` is ahead of UTC in the time zone, in milliseconds. */
function zoneOffsetMs(instant: number, timeZone: string): number {
  const parts = Object.fromEntries(
    zoneFormat(timeZone)
      .formatToParts(new Date(instant))
      .map((part) => [part.type, part.value]),
  );
  const local = Date.UTC(
    Number(parts.year),
    Number(parts.month) - 1,
    Number(parts.day),
    Number(parts.hour),
    Number(parts.minute),
    Number(parts.second),
  );
  return local - Math.floor(instant / 1000) * 1000;
}

/** The calendar date (`YYYY-MM-DD`) of an instant in the time zone. */
export function localDate(instant: Date, timeZone = FINNISH_TIME_ZONE): string {
  return new Date(instant.getTime() + zoneOffsetMs(instant.getTime(), timeZone)).toISOString().slice(0, 10);
}

/** The calendar day after `date` (`YYYY-MM-DD`). */
export function nextCalendarDay(date: string): string {
  const value = new Date(`${date}T00:00:00Z`);
  value.setUTCDate(value.getUTCDate() + 1);
  return value.toISOString().slice(0, 10);
}

/**
 * The instant the local clock of the time zone shows `hour`:00 on `date`. An hour the clock skips
 * in spring (03:00 in Finland) gives the hour after it.
 */
export function localHourStart(date: string, hour: number, timeZone = FINNISH_TIME_ZONE): Date {
  const asIfUtc = Date.parse(`${date}T00:00:00Z`) + hour * 3_600_000;
  let instant = asIfUtc - zoneOffsetMs(asIfUtc, timeZone);
  // Once more, in case the guess fell on the other side of a daylight-saving change.
  instant = asIfUtc - zoneOffsetMs(instant, timeZone);
  return new Date(instant);
}

/** The instant a local calendar day starts (midnight) in the time zone. */
export function startOfLocalDay(date: string, timeZone = FINNISH_TIME_ZONE): Date {
  return localHourStart(date, 0, timeZone);
}

/** The first instant after `now` at which the Helsinki clock shows `hour`:00 (today's or tomorrow's). */
export function nextLocalHour(now: Date, hour: number, timeZone = FINNISH_TIME_ZONE): Date {
  const today = localDate(now, timeZone);
  const at = localHourStart(today, hour, timeZone);
  return at > now ? at : localHourStart(nextCalendarDay(today), hour, timeZone);
}
