// Working days in Finland: weekends and public holidays (including the moving ones) do not count.
// Dates are calendar days in Europe/Helsinki, written 'YYYY-MM-DD'. Pure: no I/O.

import { localDate, startOfLocalDay } from '#contracts';

function iso(year: number, month: number, day: number): string {
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.toISOString().slice(0, 10);
}

function addDays(date: string, days: number): string {
  const value = new Date(`${date}T00:00:00Z`);
  value.setUTCDate(value.getUTCDate() + days);
  return value.toISOString().slice(0, 10);
}

function weekday(date: string): number {
  return new Date(`${date}T00:00:00Z`).getUTCDay();
}

/** Easter Sunday of the Gregorian calendar (the anonymous "Meeus/Jones/Butcher" algorithm). */
export function easterSunday(year: number): string {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return iso(year, month, day);
}

/** The first date on or after `from` that falls on `day` (0 = Sunday … 6 = Saturday). */
function firstWeekdayFrom(from: string, day: number): string {
  return addDays(from, (day - weekday(from) + 7) % 7);
}

const cache = new Map<number, Map<string, string>>();

/**
 * Finnish public holidays and the days off that go with them (Midsummer Eve, Christmas Eve), by
 * date, with their names: the Holidays Act and the collective agreements' customary days off.
 */
export function finnishHolidays(year: number): Map<string, string> {
  const cached = cache.get(year);
  if (cached) {
    return cached;
  }
  const easter = easterSunday(year);
  const midsummerDay = firstWeekdayFrom(iso(year, 6, 20), 6);
  const holidays = new Map<string, string>([
    [iso(year, 1, 1), "New Year's Day"],
    [iso(year, 1, 6), 'Epiphany'],
    [addDays(easter, -2), 'Good Friday'],
    [easter, 'Easter Sunday'],
    [addDays(easter, 1), 'Easter Monday'],
    [iso(year, 5, 1), 'May Day'],
    [addDays(easter, 39), 'Ascension Day'],
    [addDays(easter, 49), 'Whit Sunday'],
    [addDays(midsummerDay, -1), 'Midsummer Eve'],
    [midsummerDay, 'Midsummer Day'],
    [firstWeekdayFrom(iso(year, 10, 31), 6), "All Saints' Day"],
    [iso(year, 12, 6), 'Independence Day'],
    [iso(year, 12, 24), 'Christmas Eve'],
    [iso(year, 12, 25), 'Christmas Day'],
    [iso(year, 12, 26), "St Stephen's Day"],
  ]);
  cache.set(year, holidays);
  return holidays;
}

export function isWorkingDay(date: string): boolean {
  const day = weekday(date);
  return day !== 0 && day !== 6 && !finnishHolidays(Number(date.slice(0, 4))).has(date);
}

/** The date `days` working days after `date` (0: `date` itself, or the next working day if it is not one). */
export function addWorkingDays(date: string, days: number): string {
  let current = date;
  if (days === 0) {
    while (!isWorkingDay(current)) {
      current = addDays(current, 1);
    }
    return current;
  }
  for (let left = days; left > 0;) {
    current = addDays(current, 1);
    if (isWorkingDay(current)) {
      left -= 1;
    }
  }
  return current;
}

/**
 * The response promise: the end of the `workingDays`-th working day after the day it was sent
 * (Helsinki time), i.e. the start of the following calendar day.
 */
export function workingDaysDeadline(sentAt: Date, workingDays: number): Date {
  const dueDate = addWorkingDays(localDate(sentAt), Math.max(0, workingDays));
  return startOfLocalDay(addDays(dueDate, 1));
}
