import { sql, type ExpressionBuilder, type Insertable, type Kysely, type Updateable } from 'kysely';
import type { DB, TicketEventKind, TicketSource, TicketStatus, TicketTable, TimerKind } from '../db/schema.ts';
import { scopeFilter } from '../db/scopeFilter.ts';
import type { Scope } from '../platform/actor.ts';
import type { PhotoInsert } from '../platform/images.ts';

// SQL of tickets, their timeline, photos, subscribers and timers, and the configuration they follow.

/** Statuses in which a ticket is still in someone's hands (not yet resolved). */
export const inHandStatuses: TicketStatus[] = ['submitted', 'dispatched', 'accepted', 'on_site'];
/** Statuses in which a ticket still needs someone: in hand, or resolved and waiting for the callback. */
export const openStatuses: TicketStatus[] = [...inHandStatuses, 'resolved'];

export async function findCategory(db: Kysely<DB>, code: string) {
  return db.selectFrom('ticket_category').selectAll().where('code', '=', code).executeTakeFirst();
}
export type CategoryRow = NonNullable<Awaited<ReturnType<typeof findCategory>>>;

export async function selectCategories(db: Kysely<DB>) {
  return db.selectFrom('ticket_category').selectAll().orderBy('position').orderBy('code').execute();
}

/** The days the working calendar marks as off or on ('YYYY-MM-DD' → working). */
export async function selectSpecialDays(db: Kysely<DB>): Promise<Map<string, boolean>> {
  const rows = await db.selectFrom('working_calendar_day').select([sql<string>`to_char(day, 'YYYY-MM-DD')`.as('day'), 'working']).execute();
  return new Map(rows.map((r) => [r.day, r.working]));
}

/** Grids and communities whose bounding box holds the point: candidates for point-in-polygon. */
export async function selectAreasAround(db: Kysely<DB>, lon: number, lat: number) {
  return db
    .selectFrom('area')
    .select(['id', 'level', 'community_id', 'boundary', 'min_lon', 'min_lat', 'max_lon', 'max_lat'])
    .where('level', 'in', ['grid', 'community'])
    .where('min_lon', '<=', lon).where('max_lon', '>=', lon).where('min_lat', '<=', lat).where('max_lat', '>=', lat)
    .execute();
}

/** The outlines of the given areas, for a map. */
export async function selectAreaShapes(db: Kysely<DB>, ids: number[]) {
  if (!ids.length) return [];
  return db.selectFrom('area').select(['id', 'level', 'name', 'boundary', 'min_lon', 'min_lat', 'max_lon', 'max_lat']).where('id', 'in', ids).orderBy('id').execute();
}

export async function findArea(db: Kysely<DB>, id: number) {
  return db.selectFrom('area').select(['id', 'level', 'path', 'parent_id', 'community_id', 'name']).where('id', '=', id).executeTakeFirst();
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

/** Minutes the level has to accept: the community's own ladder step, else the default one. */
export async function escalationMinutes(db: Kysely<DB>, communityId: number, level: number): Promise<number | undefined> {
  const row = await db
    .selectFrom('escalation_step')
    .select('minutes')
    .where('level', '=', level)
    .where((eb) => eb.or([eb('community_id', '=', communityId), eb('community_id', 'is', null)]))
    .orderBy(sql`community_id IS NULL`)
    .limit(1)
    .executeTakeFirst();
  return row?.minutes;
}

export async function insertTicket(db: Kysely<DB>, values: Insertable<TicketTable>): Promise<number> {
  const row = await db.insertInto('ticket').values(values).returning('id').executeTakeFirstOrThrow();
  return row.id;
}

export async function findTicketByExternalId(db: Kysely<DB>, source: string, externalId: string) {
  return db.selectFrom('ticket').select('id').where('source', '=', source as never).where('external_id', '=', externalId).executeTakeFirst();
}

/** The tickets of a source among external ids, e.g. the hotline cases of a file already imported. */
export async function selectByExternalIds(db: Kysely<DB>, source: TicketSource, externalIds: string[]) {
  if (!externalIds.length) return [];
  return db.selectFrom('ticket').select(['id', 'external_id']).where('source', '=', source).where('external_id', 'in', externalIds).execute();
}

/** Communities whose code or name is one of the words, e.g. a hotline file's 社区 cells. */
export async function selectCommunitiesNamed(db: Kysely<DB>, words: string[]) {
  if (!words.length) return [];
  return db.selectFrom('area').select(['id', 'code', 'name']).where('level', '=', 'community')
    .where((eb) => eb.or([eb('code', 'in', words), eb('name', 'in', words)])).execute();
}

/** The ticket row, locked for the rest of the transaction: steps on one ticket happen one at a time. */
export async function lockTicket(db: Kysely<DB>, id: number) {
  return db.selectFrom('ticket').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
}
export type TicketRow = NonNullable<Awaited<ReturnType<typeof lockTicket>>>;

export async function updateTicket(db: Kysely<DB>, id: number, set: Updateable<TicketTable>): Promise<void> {
  await db.updateTable('ticket').set(set).where('id', '=', id).execute();
}

function ticketBase(db: Kysely<DB>) {
  return db
    .selectFrom('ticket as t')
    .innerJoin('area as c', 'c.id', 't.community_id')
    .innerJoin('ticket_category as k', 'k.code', 't.category_code')
    .leftJoin('area as g', 'g.id', 't.grid_id')
    .leftJoin('area as aa', 'aa.id', 't.assignee_area_id')
    .leftJoin('department as d', 'd.id', 't.assignee_department_id')
    .leftJoin('app_user as au', 'au.id', 't.assignee_user_id')
    .leftJoin('app_user as ru', 'ru.id', 't.reporter_user_id')
    .selectAll('t')
    .select([
      'c.name as community_name', 'g.name as grid_name', 'k.name as category_name', 'aa.name as assignee_area_name',
      'd.name as assignee_department_name', 'au.display_name as assignee_user_name', 'ru.display_name as reporter_name',
    ]);
}
export type TicketViewRow = NonNullable<Awaited<ReturnType<typeof findTicket>>>;

export async function findTicket(db: Kysely<DB>, id: number) {
  return ticketBase(db).where('t.id', '=', id).executeTakeFirst();
}

export interface TicketFilters {
  communityId?: number;
  gridId?: number;
  status?: TicketStatus;
  open?: boolean;
  categoryCode?: string;
  source?: string;
  level?: number;
  overdue?: boolean;
  /** Assigned to one of these areas or this department (a handler's own queue). */
  assignedTo?: { areaIds: number[]; departmentId: number | null };
  createdFrom?: Date;
  createdBefore?: Date;
  q?: string;
  beforeId?: number;
  limit: number;
}

/** Who may read which tickets: the scope's communities and grids, plus a department's whistled tickets. */
export interface TicketReach {
  scope: Scope;
  departmentId: number | null;
}

/** A ticket (as `t`) with any deadline ever breached. */
export const breached = sql<boolean>`(t.accept_breached_at IS NOT NULL OR t.arrive_breached_at IS NOT NULL OR t.resolve_breached_at IS NOT NULL)`;

/** Tickets (as `t`) within reach: the scope's communities and grids, or whistled to the department. */
export function inReach(eb: ExpressionBuilder<DB & { t: TicketTable }, 't'>, reach: TicketReach) {
  const inScope = scopeFilter(eb, reach.scope, 't.community_id', 't.grid_id');
  return reach.departmentId === null ? inScope : eb.or([inScope, eb('t.assignee_department_id', '=', reach.departmentId)]);
}

/** Tickets within reach, newest first, limit + 1 rows (see toPage). */
export async function selectTickets(db: Kysely<DB>, reach: TicketReach, f: TicketFilters) {
  let query = ticketBase(db)
    .where((eb) => inReach(eb, reach))
    .orderBy('t.id', 'desc')
    .limit(f.limit + 1);
  if (f.communityId !== undefined) query = query.where('t.community_id', '=', f.communityId);
  if (f.gridId !== undefined) query = query.where('t.grid_id', '=', f.gridId);
  if (f.status) query = query.where('t.status', '=', f.status);
  if (f.open !== undefined) query = query.where('t.status', f.open ? 'in' : 'not in', openStatuses);
  if (f.categoryCode) query = query.where('t.category_code', '=', f.categoryCode);
  if (f.source) query = query.where('t.source', '=', f.source as never);
  if (f.level !== undefined) query = query.where('t.level', '=', f.level);
  if (f.overdue !== undefined) {
    const late = sql<boolean>`(${breached} AND t.status IN (${sql.join(openStatuses)}))`;
    query = query.where(f.overdue ? late : sql<boolean>`NOT ${late}`);
  }
  const assigned = f.assignedTo;
  if (assigned) {
    query = query.where((eb) => eb.or([
      ...(assigned.areaIds.length ? [eb('t.assignee_area_id', 'in', assigned.areaIds)] : []),
      ...(assigned.departmentId !== null ? [eb('t.assignee_department_id', '=', assigned.departmentId)] : []),
      eb.val(false),
    ]));
  }
  if (f.createdFrom) query = query.where('t.created_at', '>=', f.createdFrom);
  if (f.createdBefore) query = query.where('t.created_at', '<', f.createdBefore);
  if (f.q) {
    const pattern = `%${f.q.replace(/[\\%_]/g, '\\$&')}%`;
    const asId = /^\d{1,15}$/.test(f.q) ? Number(f.q) : null;
    query = query.where((eb) => eb.or([
      eb('t.description', 'ilike', pattern), eb('t.address', 'ilike', pattern), ...(asId ? [eb('t.id', '=', asId)] : []),
    ]));
  }
  if (f.beforeId !== undefined) query = query.where('t.id', '<', f.beforeId);
  return query.execute();
}

/** Tickets a resident follows (a reporter follows their own), newest first. */
export async function selectFollowedTickets(db: Kysely<DB>, userId: number, beforeId: number | undefined, limit: number) {
  let query = ticketBase(db)
    .where('t.id', 'in', (eb) => eb.selectFrom('ticket_subscriber').select('ticket_id').where('user_id', '=', userId))
    .orderBy('t.id', 'desc')
    .limit(limit + 1);
  if (beforeId !== undefined) query = query.where('t.id', '<', beforeId);
  return query.execute();
}

/** Open tickets of a category whose point lies in the box: candidates for "is this a duplicate?". */
export async function selectOpenInBox(db: Kysely<DB>, categoryCode: string, box: { minLon: number; minLat: number; maxLon: number; maxLat: number }) {
  return ticketBase(db)
    .where('t.category_code', '=', categoryCode)
    .where('t.status', 'in', openStatuses)
    .where('t.lon', '>=', box.minLon).where('t.lon', '<=', box.maxLon)
    .where('t.lat', '>=', box.minLat).where('t.lat', '<=', box.maxLat)
    .orderBy('t.id', 'desc')
    .limit(100)
    .execute();
}

/** Reports of a category in the box since a time, any status: what the proactive rule counts. */
export async function selectRecentInBox(
  db: Kysely<DB>, categoryCode: string, box: { minLon: number; minLat: number; maxLon: number; maxLat: number }, since: Date,
) {
  return db
    .selectFrom('ticket')
    .select(['id', 'lon', 'lat', 'source', 'status'])
    .where('category_code', '=', categoryCode)
    .where('created_at', '>=', since)
    .where('lon', '>=', box.minLon).where('lon', '<=', box.maxLon)
    .where('lat', '>=', box.minLat).where('lat', '<=', box.maxLat)
    .execute();
}

export interface EventInsert {
  ticketId: number;
  kind: TicketEventKind;
  fromStatus?: TicketStatus | null;
  toStatus?: TicketStatus | null;
  body?: string | null;
  details?: Record<string, unknown>;
  actorId: number | null;
  actorName: string;
  at: Date;
}

export async function insertEvent(db: Kysely<DB>, e: EventInsert): Promise<number> {
  const row = await db
    .insertInto('ticket_event')
    .values({
      ticket_id: e.ticketId, kind: e.kind, from_status: e.fromStatus ?? null, to_status: e.toStatus ?? null, body: e.body ?? null,
      details: JSON.stringify(e.details ?? {}), actor_id: e.actorId, actor_name: e.actorName, at: e.at,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function selectEvents(db: Kysely<DB>, ticketId: number) {
  return db.selectFrom('ticket_event').selectAll().where('ticket_id', '=', ticketId).orderBy('id').execute();
}

export async function insertPhotos(db: Kysely<DB>, ticketId: number, eventId: number, photos: PhotoInsert[], at: Date): Promise<void> {
  if (!photos.length) return;
  await db
    .insertInto('ticket_photo')
    .values(photos.map((p) => ({
      ticket_id: ticketId, event_id: eventId, storage_key: p.storageKey, content_type: p.contentType,
      width: p.width, height: p.height, size_bytes: p.sizeBytes, created_at: at,
    })))
    .execute();
}

export async function selectPhotos(db: Kysely<DB>, ticketId: number) {
  return db.selectFrom('ticket_photo').select(['id', 'event_id', 'width', 'height']).where('ticket_id', '=', ticketId).orderBy('id').execute();
}

export async function findPhoto(db: Kysely<DB>, ticketId: number, photoId: number) {
  return db.selectFrom('ticket_photo').select(['storage_key', 'content_type']).where('ticket_id', '=', ticketId).where('id', '=', photoId).executeTakeFirst();
}

export async function subscribe(db: Kysely<DB>, ticketId: number, userId: number): Promise<boolean> {
  const result = await db.insertInto('ticket_subscriber').values({ ticket_id: ticketId, user_id: userId }).onConflict((oc) => oc.doNothing()).executeTakeFirst();
  return (result.numInsertedOrUpdatedRows ?? 0n) > 0n;
}

export async function isFollowing(db: Kysely<DB>, ticketId: number, userId: number): Promise<boolean> {
  const row = await db.selectFrom('ticket_subscriber').select('user_id').where('ticket_id', '=', ticketId).where('user_id', '=', userId).executeTakeFirst();
  return row !== undefined;
}

/** The reporter and the subscribers: who hears of a ticket's progress. */
export async function selectFollowers(db: Kysely<DB>, ticketId: number): Promise<number[]> {
  const rows = await db.selectFrom('ticket_subscriber').select('user_id').where('ticket_id', '=', ticketId).execute();
  return rows.map((r) => r.user_id);
}

export async function copySubscribers(db: Kysely<DB>, fromTicketId: number, toTicketId: number): Promise<void> {
  await sql`INSERT INTO ticket_subscriber (ticket_id, user_id)
            SELECT ${toTicketId}, user_id FROM ticket_subscriber WHERE ticket_id = ${fromTicketId}
            ON CONFLICT DO NOTHING`.execute(db);
}

export async function insertTimers(db: Kysely<DB>, ticketId: number, timers: { kind: TimerKind; dueAt: Date }[]): Promise<void> {
  if (!timers.length) return;
  await db
    .insertInto('ticket_timer')
    .values(timers.map((t) => ({ ticket_id: ticketId, kind: t.kind, due_at: t.dueAt })))
    .onConflict((oc) => oc.columns(['ticket_id', 'kind', 'due_at']).doNothing())
    .execute();
}

/**
 * Claims up to `limit` due timers for this transaction and marks them fired at `now`, in one statement:
 * rows another process holds are skipped, so two schedulers never take the same one, and a rollback
 * leaves them due again. Oldest first.
 */
export async function claimDueTimers(db: Kysely<DB>, now: Date, limit: number) {
  const claimed = await db
    .updateTable('ticket_timer')
    .set({ fired_at: now })
    .where('id', 'in', (eb) => eb
      .selectFrom('ticket_timer')
      .select('id')
      .where('fired_at', 'is', null)
      .where('due_at', '<=', now)
      .orderBy('due_at')
      .limit(limit)
      .forUpdate()
      .skipLocked())
    .returning(['id', 'ticket_id', 'kind', 'due_at'])
    .execute();
  return claimed.sort((a, b) => a.due_at.getTime() - b.due_at.getTime() || a.id - b.id);
}

/** The tickets, locked for the rest of the transaction in id order (so two lockers never wait on each other in a cycle). */
export async function lockTickets(db: Kysely<DB>, ids: number[]): Promise<Map<number, TicketRow>> {
  if (!ids.length) return new Map();
  const rows = await db.selectFrom('ticket').selectAll().where('id', 'in', ids).orderBy('id').forUpdate().execute();
  return new Map(rows.map((row) => [row.id, row]));
}

export async function markTimerFired(db: Kysely<DB>, id: number, at: Date): Promise<void> {
  await db.updateTable('ticket_timer').set({ fired_at: at }).where('id', '=', id).execute();
}

/** When the next timer is due, so the scheduler can sleep until then. */
export async function nextTimerDue(db: Kysely<DB>): Promise<Date | undefined> {
  const row = await db.selectFrom('ticket_timer').select('due_at').where('fired_at', 'is', null).orderBy('due_at').limit(1).executeTakeFirst();
  return row?.due_at;
}

/**
 * Users who act for a level of a ticket: grid workers of the grid (or its community), the community's
 * staff, the subdistrict's officers, or the department's officers.
 */
export async function selectHandlerIds(db: Kysely<DB>, target: { level: number; areaId: number | null; departmentId: number | null }): Promise<number[]> {
  if (target.level === 3 || target.areaId === null) {
    if (target.departmentId === null) return [];
    const rows = await db.selectFrom('app_user').select('id').where('department_id', '=', target.departmentId).where('disabled', '=', false).execute();
    return rows.map((r) => r.id);
  }
  const roleOf = ['grid_worker', 'community_staff', 'subdistrict_officer'][target.level];
  const area = await findArea(db, target.areaId);
  if (!area) return [];
  const rows = await db
    .selectFrom('user_role as ur')
    .innerJoin('area as a', 'a.id', 'ur.area_id')
    .innerJoin('app_user as u', 'u.id', 'ur.user_id')
    .select('u.id')
    .distinct()
    .where('ur.role', '=', roleOf)
    .where('u.disabled', '=', false)
    // A role held on the area itself or on any area above it.
    .where(sql<boolean>`${area.path} LIKE a.path || '%'`)
    .execute();
  return rows.map((r) => r.id);
}
