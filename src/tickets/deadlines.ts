import type { Kysely } from 'kysely';
import type { CalendarKind, DB } from '../db/schema.ts';
import { addCalendarMinutes } from './calendar.ts';
import * as store from './store.ts';

/** The instant `minutes` of the calendar after `at`, with the deployment's holidays and 调休 days. */
export async function dueAfter(db: Kysely<DB>, calendar: CalendarKind, at: Date, minutes: number): Promise<Date> {
  const special = calendar === 'working' ? await store.selectSpecialDays(db) : undefined;
  return addCalendarMinutes(at, minutes, calendar, special);
}

/** How long a level has to accept: the category's own limit at the grid, the ladder's above it. */
export async function acceptMinutes(db: Kysely<DB>, category: store.CategoryRow, communityId: number, level: number): Promise<number> {
  if (level === 0) return category.accept_minutes;
  return (await store.escalationMinutes(db, communityId, level)) ?? category.accept_minutes;
}

/** The accept deadline of a ticket newly in a level's hands, and its timer. */
export async function acceptDeadline(db: Kysely<DB>, category: store.CategoryRow, communityId: number, level: number, at: Date) {
  const dueAt = await dueAfter(db, category.calendar, at, await acceptMinutes(db, category, communityId, level));
  return { dueAt, timer: { kind: 'accept' as const, dueAt } };
}
