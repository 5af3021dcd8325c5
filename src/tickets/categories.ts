import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import type { CategoryView } from './schema.ts';
import * as store from './store.ts';

/** A category row as callers see it: its name and limits (minutes of its calendar). */
export function presentCategory(r: store.CategoryRow): CategoryView {
  return {
    code: r.code, name: r.name as CategoryView['name'], slaClass: r.sla_class, calendar: r.calendar, acceptMinutes: r.accept_minutes,
    arriveMinutes: r.arrive_minutes, resolveMinutes: r.resolve_minutes, active: r.active,
  };
}

/** The active categories in their order, with their limits (minutes of their calendar). */
export async function listCategories(deps: { db: Kysely<DB> }): Promise<CategoryView[]> {
  const rows = await store.selectCategories(deps.db);
  return rows.filter((r) => r.active).map(presentCategory);
}
