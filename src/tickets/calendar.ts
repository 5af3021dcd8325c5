import type { CalendarKind } from '../db/schema.ts';

/**
 * Time limits on a category's calendar. '24x7' counts every minute (safety, utilities); 'working'
 * counts only office hours in China (08:30–12:00 and 13:30–18:00, 480 minutes a day) on working days:
 * Monday to Friday, except the days the calendar table marks (法定节假日 off, 调休 weekends on).
 */

/** Minutes of one working day; a limit of N working days is N × this. */
export const WORKING_DAY_MINUTES = 480;

const CHINA_OFFSET_MS = 8 * 3600_000;
const DAY_MS = 86_400_000;
/** Office windows as [start, end) minutes after local midnight. */
const windows: readonly [number, number][] = [
  [8 * 60 + 30, 12 * 60],
  [13 * 60 + 30, 18 * 60],
];
/** A limit never reaches further than this; a calendar with no working days would loop forever. */
const MAX_DAYS = 3 * 366;

/** Days that break the weekly pattern: 'YYYY-MM-DD' → working or not. */
export type SpecialDays = ReadonlyMap<string, boolean>;

function isWorkingDay(localMidnightMs: number, special: SpecialDays): boolean {
  const day = new Date(localMidnightMs);
  const marked = special.get(day.toISOString().slice(0, 10));
  if (marked !== undefined) return marked;
  const weekday = day.getUTCDay();
  return weekday !== 0 && weekday !== 6;
}

/** The instant `minutes` of the calendar's time after `start`. */
export function addCalendarMinutes(start: Date, minutes: number, calendar: CalendarKind, special: SpecialDays = new Map()): Date {
  if (calendar === '24x7') return new Date(start.getTime() + minutes * 60_000);
  // Work in China's local time as if it were UTC: day boundaries and windows are then plain arithmetic.
  const local = start.getTime() + CHINA_OFFSET_MS;
  let midnight = Math.floor(local / DAY_MS) * DAY_MS;
  let cursor = (local - midnight) / 60_000;
  let remaining = minutes;
  for (let day = 0; day < MAX_DAYS; day++, midnight += DAY_MS, cursor = 0) {
    if (!isWorkingDay(midnight, special)) continue;
    for (const [from, to] of windows) {
      if (cursor >= to) continue;
      const begin = Math.max(cursor, from);
      if (remaining <= to - begin) return new Date(midnight + (begin + remaining) * 60_000 - CHINA_OFFSET_MS);
      remaining -= to - begin;
    }
  }
  throw new Error(`no working time within ${MAX_DAYS} days of ${start.toISOString()}`);
}
