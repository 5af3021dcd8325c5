import { describe, expect, it } from 'vitest';
import { addCalendarMinutes, WORKING_DAY_MINUTES } from './calendar.ts';

// 2026-11-26 is a Thursday. Times below are China time written with their +08:00 offset.
const at = (text: string) => new Date(text);

describe('addCalendarMinutes', () => {
  it('counts every minute on the 24×7 calendar', () => {
    expect(addCalendarMinutes(at('2026-11-28T23:59:00+08:00'), 2, '24x7')).toEqual(at('2026-11-29T00:01:00+08:00'));
  });

  it('counts office hours only, skipping lunch, nights and the weekend', () => {
    expect(addCalendarMinutes(at('2026-11-26T11:50:00+08:00'), 20, 'working')).toEqual(at('2026-11-26T13:40:00+08:00'));
    expect(addCalendarMinutes(at('2026-11-26T20:00:00+08:00'), 30, 'working')).toEqual(at('2026-11-27T09:00:00+08:00'));
    expect(addCalendarMinutes(at('2026-11-27T17:00:00+08:00'), 120, 'working')).toEqual(at('2026-11-30T09:30:00+08:00'));
  });

  it('makes seven working days end on the same time of day a week and more later', () => {
    expect(addCalendarMinutes(at('2026-11-26T10:00:00+08:00'), 7 * WORKING_DAY_MINUTES, 'working')).toEqual(at('2026-12-07T10:00:00+08:00'));
  });

  it('follows the calendar table: a holiday is off, a 调休 Saturday is on', () => {
    const special = new Map([['2026-11-27', false], ['2026-11-28', true]]);
    expect(addCalendarMinutes(at('2026-11-26T17:00:00+08:00'), 120, 'working', special)).toEqual(at('2026-11-28T09:30:00+08:00'));
  });

  it('starts a limit given before office hours at 08:30', () => {
    expect(addCalendarMinutes(at('2026-11-26T06:00:00+08:00'), 1, 'working')).toEqual(at('2026-11-26T08:31:00+08:00'));
  });
});
