import type { Kysely } from 'kysely';
import type { CalendarKind, DB } from '../db/schema.ts';
import { addCalendarMinutes, type SpecialDays } from './calendar.ts';
import { ticketSettings, type Ladders } from './settingsCache.ts';
import type * as store from './store.ts';

/** What deadlines are reckoned by: the escalation ladders and the working calendar's marked days. */
export interface Timing {
  ladders: Ladders;
  specialDays: SpecialDays;
}

/** The ladders and the calendar, as this process holds them (settingsCache.ts). */
export async function loadTiming(db: Kysely<DB>): Promise<Timing> {
  const [ladders, specialDays] = await Promise.all([ticketSettings(db, 'ladders'), ticketSettings(db, 'specialDays')]);
  return { ladders, specialDays };
}

/** How long a level has to accept: the category's own limit at the grid, the ladder's above it. */
function acceptMinutes(timing: Timing, category: store.CategoryRow, communityId: number, level: number): number {
  if (level === 0) return category.accept_minutes;
  return timing.ladders.minutes(communityId, level) ?? category.accept_minutes;
}

/** The accept deadline of a ticket newly in a level's hands. */
export function acceptDueAt(timing: Timing, category: store.CategoryRow, communityId: number, level: number, at: Date): Date {
  return addCalendarMinutes(at, acceptMinutes(timing, category, communityId, level), category.calendar, timing.specialDays);
}

/** The instant `minutes` of the calendar after `at`, with the deployment's holidays and 调休 days. */
export async function dueAfter(db: Kysely<DB>, calendar: CalendarKind, at: Date, minutes: number): Promise<Date> {
  const special = calendar === 'working' ? await ticketSettings(db, 'specialDays') : undefined;
  return addCalendarMinutes(at, minutes, calendar, special);
}

/** The accept deadline of a ticket newly in a level's hands, and its timer. */
export async function acceptDeadline(db: Kysely<DB>, category: store.CategoryRow, communityId: number, level: number, at: Date) {
  const dueAt = acceptDueAt(await loadTiming(db), category, communityId, level, at);
  return { dueAt, timer: { kind: 'accept' as const, dueAt } };
}
