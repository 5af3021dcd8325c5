import type { TFunction } from 'i18next';
import type { CalendarKind } from '../../api/ticketSettings.ts';

/**
 * Time limits are minutes of a category's calendar; people think in minutes, hours and days. On the
 * working calendar a day is a working day of 480 minutes (src/tickets/calendar.ts), around the clock 1440.
 */
export type LimitUnit = 'minute' | 'hour' | 'day';

const WORKING_DAY_MINUTES = 480;

export function unitMinutes(unit: LimitUnit, calendar: CalendarKind): number {
  if (unit === 'minute') return 1;
  if (unit === 'hour') return 60;
  return calendar === 'working' ? WORKING_DAY_MINUTES : 1440;
}

/** The largest unit that expresses the minutes exactly: 3360 working minutes → 7 days. */
export function splitLimit(minutes: number, calendar: CalendarKind, units: readonly LimitUnit[] = ['minute', 'hour', 'day']): { value: number; unit: LimitUnit } {
  const unit = [...units].reverse().find((u) => minutes % unitMinutes(u, calendar) === 0) ?? 'minute';
  return { value: minutes / unitMinutes(unit, calendar), unit };
}

/** The unit's name on the calendar: a day of the working calendar is a 工作日. */
export function unitLabel(t: TFunction, unit: LimitUnit, calendar: CalendarKind): string {
  return t(`ticketSettings.units.${unit === 'day' && calendar === 'working' ? 'workday' : unit}`);
}

/** "7 个工作日", "2 小时", "10 分钟". */
export function formatLimit(t: TFunction, minutes: number, calendar: CalendarKind): string {
  const { value, unit } = splitLimit(minutes, calendar);
  return t(`ticketSettings.amounts.${unit === 'day' && calendar === 'working' ? 'workday' : unit}`, { count: value });
}
