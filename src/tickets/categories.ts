import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import type { CategoryView } from './schema.ts';
import * as store from './store.ts';

/** The active categories in their order, with their limits (minutes of their calendar). */
export async function listCategories(deps: { db: Kysely<DB> }): Promise<CategoryView[]> {
  const rows = await store.selectCategories(deps.db);
  return rows.filter((r) => r.active).map((r) => ({
    code: r.code, name: r.name as CategoryView['name'], slaClass: r.sla_class, calendar: r.calendar, acceptMinutes: r.accept_minutes,
    arriveMinutes: r.arrive_minutes, resolveMinutes: r.resolve_minutes, active: r.active,
  }));
}
