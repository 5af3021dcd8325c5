import { describe, expect, it } from 'vitest';
import { chinaDateEnd, inWindow, minutesOfDay, nextWindowOpen, type DailyWindow } from './schedule.ts';

/** An instant given in China time. 2026-05-04 is a Monday. */
const china = (local: string) => Date.parse(`${local}:00+08:00`);

describe('China-time schedule windows', () => {
  const night: DailyWindow = { from: minutesOfDay('22:00'), to: minutesOfDay('06:00'), days: 'all' };
  const weekdayNights: DailyWindow = { ...night, days: 'weekdays' };

  it('holds at night across midnight, whatever zone the server runs in', () => {
    expect(inWindow(night, china('2026-05-04T21:59'))).toBe(false);
    expect(inWindow(night, china('2026-05-04T22:00'))).toBe(true);
    expect(inWindow(night, china('2026-05-05T00:30'))).toBe(true);
    expect(inWindow(night, china('2026-05-05T05:59'))).toBe(true);
    expect(inWindow(night, china('2026-05-05T06:00'))).toBe(false);
    expect(inWindow(night, china('2026-05-05T12:00'))).toBe(false);
  });

  it('counts a night as the day it starts on: Friday night is a weekday night, Sunday night is not', () => {
    expect(inWindow(weekdayNights, china('2026-05-08T23:00'))).toBe(true); // Friday
    expect(inWindow(weekdayNights, china('2026-05-09T02:00'))).toBe(true); // Friday night, on Saturday
    expect(inWindow(weekdayNights, china('2026-05-09T23:00'))).toBe(false); // Saturday
    expect(inWindow(weekdayNights, china('2026-05-11T02:00'))).toBe(false); // Sunday night, on Monday
    expect(inWindow(weekdayNights, china('2026-05-11T23:00'))).toBe(true); // Monday
  });

  it('handles daytime windows and whole days', () => {
    const office: DailyWindow = { from: minutesOfDay('09:00'), to: minutesOfDay('17:30'), days: 'weekdays' };
    expect(inWindow(office, china('2026-05-04T09:00'))).toBe(true);
    expect(inWindow(office, china('2026-05-04T17:30'))).toBe(false);
    expect(inWindow(office, china('2026-05-09T10:00'))).toBe(false);
    const weekends: DailyWindow = { from: 0, to: 0, days: 'weekends' };
    expect(inWindow(weekends, china('2026-05-09T00:00'))).toBe(true);
    expect(inWindow(weekends, china('2026-05-10T23:59'))).toBe(true);
    expect(inWindow(weekends, china('2026-05-11T00:00'))).toBe(false);
    expect(nextWindowOpen(weekends, china('2026-05-06T15:00'))).toBe(china('2026-05-09T00:00'));
  });

  it('finds when the window next opens', () => {
    expect(nextWindowOpen(night, china('2026-05-04T12:00'))).toBe(china('2026-05-04T22:00'));
    expect(nextWindowOpen(night, china('2026-05-05T01:00'))).toBe(china('2026-05-05T01:00'));
    // Saturday noon: the next weekday night is Monday's.
    expect(nextWindowOpen(weekdayNights, china('2026-05-09T12:00'))).toBe(china('2026-05-11T22:00'));
    expect(nextWindowOpen(weekdayNights, china('2026-05-11T03:00'))).toBe(china('2026-05-11T22:00'));
  });

  it('reads times of day and refuses anything else', () => {
    expect(minutesOfDay('06:30')).toBe(390);
    expect(() => minutesOfDay('24:00')).toThrow();
    expect(() => minutesOfDay('6:30')).toThrow();
  });

  it('ends a China date at the next China midnight', () => {
    expect(chinaDateEnd('2026-05-03').toISOString()).toBe('2026-05-03T16:00:00.000Z');
  });
});
