import { sql, type Insertable, type Kysely, type Updateable } from 'kysely';
import type { DB, TicketCategoryTable } from '../db/schema.ts';
import type { Scope } from '../platform/actor.ts';

// SQL of the service loop's settings: categories, routing rules, escalation ladders and the working calendar.

/**
 * Takes the table for the rest of the transaction against other writers (readers go on): a list
 * replaced by delete-then-insert must not interleave with another replacement, or both would remain.
 */
export async function lockForReplace(db: Kysely<DB>, table: 'ticket_routing_rule' | 'escalation_step' | 'working_calendar_day'): Promise<void> {
  await sql`LOCK TABLE ${sql.table(table)} IN SHARE ROW EXCLUSIVE MODE`.execute(db);
}

export async function insertCategory(db: Kysely<DB>, values: Insertable<TicketCategoryTable>): Promise<void> {
  await db.insertInto('ticket_category').values(values).execute();
}

/** The category row, locked until the transaction ends: two edits of one category happen one after the other. */
export async function lockCategory(db: Kysely<DB>, code: string) {
  return db.selectFrom('ticket_category').selectAll().where('code', '=', code).forUpdate().executeTakeFirst();
}

export async function updateCategory(db: Kysely<DB>, code: string, set: Updateable<TicketCategoryTable>): Promise<void> {
  await db.updateTable('ticket_category').set(set).where('code', '=', code).execute();
}

/** The routing rules in the order they are tried, with the names of their category, area and department. */
export async function selectRoutingRuleViews(db: Kysely<DB>) {
  return db
    .selectFrom('ticket_routing_rule as r')
    .leftJoin('ticket_category as k', 'k.code', 'r.category_code')
    .leftJoin('area as a', 'a.id', 'r.area_id')
    .leftJoin('department as d', 'd.id', 'r.department_id')
    .select(['r.id', 'r.position', 'r.category_code', 'k.name as category_name', 'r.area_id', 'a.name as area_name', 'r.target', 'r.department_id', 'd.name as department_name'])
    .orderBy('r.position').orderBy('r.id')
    .execute();
}

export interface RoutingRuleInsert {
  categoryCode: string | null;
  areaId: number | null;
  target: 'grid' | 'community' | 'department';
  departmentId: number | null;
}

/** Replaces every rule with the given ones, positioned in the order given. */
export async function replaceRoutingRules(db: Kysely<DB>, rules: RoutingRuleInsert[]): Promise<void> {
  await db.deleteFrom('ticket_routing_rule').execute();
  if (!rules.length) return;
  await db
    .insertInto('ticket_routing_rule')
    .values(rules.map((r, position) => ({ position, category_code: r.categoryCode, area_id: r.areaId, target: r.target, department_id: r.departmentId })))
    .execute();
}

/** Which of the ids are areas. */
export async function selectExistingAreaIds(db: Kysely<DB>, ids: number[]): Promise<Set<number>> {
  if (!ids.length) return new Set();
  const rows = await db.selectFrom('area').select('id').where('id', 'in', ids).execute();
  return new Set(rows.map((r) => r.id));
}

/** Which of the ids are departments. */
export async function selectExistingDepartmentIds(db: Kysely<DB>, ids: number[]): Promise<Set<number>> {
  if (!ids.length) return new Set();
  const rows = await db.selectFrom('department').select('id').where('id', 'in', ids).execute();
  return new Set(rows.map((r) => r.id));
}

/** The communities a scope touches: its whole communities and those of its single grids, by name. */
export async function selectCommunitiesOf(db: Kysely<DB>, scope: Scope) {
  if (!scope.communityIds.length && !scope.gridIds.length) return [];
  return db
    .selectFrom('area')
    .select(['id', 'name'])
    .where('level', '=', 'community')
    .where((eb) => eb.or([
      ...(scope.communityIds.length ? [eb('id', 'in', scope.communityIds)] : []),
      ...(scope.gridIds.length ? [eb('id', 'in', eb.selectFrom('area as g').select('g.community_id').where('g.id', 'in', scope.gridIds))] : []),
    ]))
    .orderBy('name').orderBy('id')
    .execute();
}

export async function findCommunity(db: Kysely<DB>, id: number) {
  return db.selectFrom('area').select(['id', 'name']).where('id', '=', id).where('level', '=', 'community').executeTakeFirst();
}

/** The default ladder's steps (community_id null) and those of the given communities (or of all). */
export async function selectLadderSteps(db: Kysely<DB>, communityIds: number[] | 'all') {
  let query = db.selectFrom('escalation_step').select(['community_id', 'level', 'minutes']).orderBy('level');
  if (communityIds !== 'all') {
    query = query.where((eb) => eb.or([eb('community_id', 'is', null), ...(communityIds.length ? [eb('community_id', 'in', communityIds)] : [])]));
  }
  return query.execute();
}

/** Removes a community's own ladder (or the default's steps); returns how many steps there were. */
export async function deleteLadder(db: Kysely<DB>, communityId: number | null): Promise<number> {
  const result = await db
    .deleteFrom('escalation_step')
    .where((eb) => (communityId === null ? eb('community_id', 'is', null) : eb('community_id', '=', communityId)))
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}

export async function insertLadder(db: Kysely<DB>, communityId: number | null, steps: { level: number; minutes: number }[]): Promise<void> {
  await db.insertInto('escalation_step').values(steps.map((s) => ({ community_id: communityId, level: s.level, minutes: s.minutes }))).execute();
}

/** The routing rules in the order they are tried, each with the path of its area. */
export async function selectRoutingRules(db: Kysely<DB>) {
  return db
    .selectFrom('ticket_routing_rule as r')
    .leftJoin('area as a', 'a.id', 'r.area_id')
    .select(['r.id', 'r.category_code', 'r.target', 'r.department_id', 'a.path as area_path'])
    .orderBy('r.position').orderBy('r.id')
    .execute();
}

/** Every day the working calendar marks as off or on ('YYYY-MM-DD' → working). */
export async function selectSpecialDays(db: Kysely<DB>): Promise<Map<string, boolean>> {
  const rows = await db.selectFrom('working_calendar_day').select([sql<string>`to_char(day, 'YYYY-MM-DD')`.as('day'), 'working']).execute();
  return new Map(rows.map((r) => [r.day, r.working]));
}

/** Marked days on or after a date ('YYYY-MM-DD'), in order. */
export async function selectCalendarDays(db: Kysely<DB>, from: string) {
  return db
    .selectFrom('working_calendar_day')
    .select([sql<string>`to_char(day, 'YYYY-MM-DD')`.as('day'), 'working', 'name'])
    .where('day', '>=', from)
    .orderBy('day')
    .execute();
}

/** Replaces the marked days of one year; returns how many there were before. */
export async function replaceCalendarYear(db: Kysely<DB>, year: number, days: { day: string; working: boolean; name: string }[]): Promise<number> {
  const removed = await db
    .deleteFrom('working_calendar_day')
    .where('day', '>=', `${year}-01-01`)
    .where('day', '<=', `${year}-12-31`)
    .executeTakeFirst();
  if (days.length) await db.insertInto('working_calendar_day').values(days).execute();
  return Number(removed.numDeletedRows);
}
