/**
 * Daily time windows in China time (UTC+8 all year, no daylight saving), for rules that watch only at
 * certain hours: "at night, 22:00–06:00, on weekdays". Pure arithmetic on epoch milliseconds.
 */

const minute = 60_000;
const day = 24 * 60 * minute;
const chinaOffset = 8 * 60 * minute;

export type ScheduleDays = 'all' | 'weekdays' | 'weekends';

/**
 * A daily window, in minutes after China midnight. `from > to` crosses midnight; `from === to` is all
 * day. A window that crosses midnight belongs to the day it opens on: Friday 22:00–Saturday 06:00 is a
 * weekday night, Sunday 22:00–Monday 06:00 is not.
 */
export interface DailyWindow {
  from: number;
  to: number;
  days: ScheduleDays;
}

const timePattern = /^([01]\d|2[0-3]):([0-5]\d)$/;

export function isTimeOfDay(text: string): boolean {
  return timePattern.test(text);
}

/** 'HH:MM' → minutes after midnight. */
export function minutesOfDay(text: string): number {
  const match = timePattern.exec(text);
  if (!match) throw new Error(`not a time of day (HH:MM): ${text}`);
  return Number(match[1]) * 60 + Number(match[2]);
}

/** Days since the epoch, counted in China. */
function chinaDayNumber(ms: number): number {
  return Math.floor((ms + chinaOffset) / day);
}

function dayCounts(days: ScheduleDays, dayNumber: number): boolean {
  if (days === 'all') return true;
  // 1970-01-01 was a Thursday: day 0 → weekday 4 (Sunday is 0).
  const weekday = (dayNumber + 4) % 7;
  const weekend = weekday === 0 || weekday === 6;
  return days === 'weekends' ? weekend : !weekend;
}

/** Whether the instant falls inside the window. */
export function inWindow(window: DailyWindow, atMs: number): boolean {
  const today = chinaDayNumber(atMs);
  const minutes = Math.floor((atMs + chinaOffset - today * day) / minute);
  const { from, to, days } = window;
  if (from === to) return dayCounts(days, today);
  if (from < to) return minutes >= from && minutes < to && dayCounts(days, today);
  if (minutes >= from) return dayCounts(days, today);
  return minutes < to && dayCounts(days, today - 1);
}

/** The first instant at or after `atMs` inside the window (within the coming week). */
export function nextWindowOpen(window: DailyWindow, atMs: number): number {
  if (inWindow(window, atMs)) return atMs;
  const today = chinaDayNumber(atMs);
  const start = window.from === window.to ? 0 : window.from;
  for (let d = today; d <= today + 8; d++) {
    const opens = d * day - chinaOffset + start * minute;
    if (opens >= atMs && dayCounts(window.days, d)) return opens;
  }
  throw new Error('a schedule window opens at least once a week');
}

/**
 * The instant a China date ('YYYY-MM-DD') ends: away until 2026-05-03 means away through that whole
 * day, so inactivity is watched again from 2026-05-04 00:00 China time.
 */
export function chinaDateEnd(date: string): Date {
  return new Date(Date.parse(`${date}T00:00:00+08:00`) + day);
}
