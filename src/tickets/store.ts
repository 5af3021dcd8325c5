import { sql, type ExpressionBuilder, type Kysely } from 'kysely';
import { jsonArrayFrom } from 'kysely/helpers/postgres';
import { containsPattern } from '../db/containsPattern.ts';
import type { DB, TicketEventKind, TicketSource, TicketStatus, TicketTable } from '../db/schema.ts';
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

/** Grids and communities whose bounding box holds the point: candidates for point-in-polygon. */
export async function selectAreasAround(db: Kysely<DB>, lon: number, lat: number) {
  return db
    .selectFrom('area')
    .select(['id', 'level', 'community_id', 'boundary', 'min_lon', 'min_lat', 'max_lon', 'max_lat'])
    .where('level', 'in', ['grid', 'community'])
    .where('min_lon', '<=', lon).where('max_lon', '>=', lon).where('min_lat', '<=', lat).where('max_lat', '>=', lat)
    .execute();
}

/** Every grid and community with its outline, path and name: what settingsCache.ts indexes for placing tickets. */
export async function selectPlacementAreas(db: Kysely<DB>) {
  return db
    .selectFrom('area')
    .select(['id', 'level', 'community_id', 'path', 'name', 'boundary', 'min_lon', 'min_lat', 'max_lon', 'max_lat'])
    .where('level', 'in', ['grid', 'community'])
    .orderBy('id')
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

/**
 * Tickets (as `t`) with the names shown beside their ids. Each name is a subquery rather than a join:
 * eight relations joined cost the planner milliseconds per statement, far more than the lookups do.
 */
function ticketBase(db: Kysely<DB>) {
  return db
    .selectFrom('ticket as t')
    .selectAll('t')
    .select((eb) => {
      // A name is null where its id is (no grid, no assignee yet).
      const areaName = (id: 't.community_id' | 't.grid_id' | 't.assignee_area_id') =>
        eb.selectFrom('area').select('name').whereRef('area.id', '=', id).$asScalar().$castTo<string | null>();
      const userName = (id: 't.assignee_user_id' | 't.reporter_user_id') =>
        eb.selectFrom('app_user').select('display_name').whereRef('app_user.id', '=', id).$asScalar().$castTo<string | null>();
      return [
        areaName('t.community_id').$notNull().as('community_name'),
        areaName('t.grid_id').as('grid_name'),
        eb.selectFrom('ticket_category').select('name').whereRef('ticket_category.code', '=', 't.category_code').$asScalar().as('category_name'),
        areaName('t.assignee_area_id').as('assignee_area_name'),
        eb.selectFrom('department').select('name').whereRef('department.id', '=', 't.assignee_department_id').$asScalar().$castTo<string | null>().as('assignee_department_name'),
        userName('t.assignee_user_id').as('assignee_user_name'),
        userName('t.reporter_user_id').as('reporter_name'),
      ];
    });
}

export type TicketViewRow = NonNullable<Awaited<ReturnType<typeof findTicket>>>;

export async function findTicket(db: Kysely<DB>, id: number) {
  return ticketBase(db).where('t.id', '=', id).executeTakeFirst();
}

/**
 * The ticket with its timeline, its photos and whether the user follows it, in one query. The events'
 * times come as JSON strings: parse them.
 */
export async function findTicketDetail(db: Kysely<DB>, id: number, userId: number) {
  return ticketBase(db)
    .select((eb) => [
      jsonArrayFrom(eb.selectFrom('ticket_event as e')
        .select(['e.id', 'e.kind', sql<string>`e.at`.as('at'), 'e.actor_name', 'e.from_status', 'e.to_status', 'e.body', 'e.details'])
        .whereRef('e.ticket_id', '=', 't.id').orderBy('e.id')).as('events'),
      jsonArrayFrom(eb.selectFrom('ticket_photo as p').select(['p.id', 'p.event_id', 'p.width', 'p.height']).whereRef('p.ticket_id', '=', 't.id').orderBy('p.id')).as('photos'),
      eb.exists(eb.selectFrom('ticket_subscriber as s').select('s.user_id').whereRef('s.ticket_id', '=', 't.id').where('s.user_id', '=', userId)).$castTo<boolean>().as('following'),
    ])
    .where('t.id', '=', id)
    .executeTakeFirst();
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
    const pattern = containsPattern(f.q);
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

/** Reports of a category in the box since a time, any status: what the proactive rule counts. A query, to run alone or within a statement. */
/** Where the proactive rule looks around a new report: its category, a box around it, and since when. */
export interface RecentProbe {
  forId: number;
  categoryCode: string;
  box: { minLon: number; minLat: number; maxLon: number; maxLat: number };
  since: Date;
}

/** The reports (any status) of each probe's category in its box since its time, each with the probe's `for_id`. */
export function recentInBoxes(probes: RecentProbe[]) {
  const list = JSON.stringify(probes.map((p) => ({ for_id: p.forId, category_code: p.categoryCode, ...p.box, since: p.since })));
  return sql<RecentNear>`SELECT p.for_id, t.id, t.lon, t.lat, t.source, t.status
    FROM jsonb_to_recordset(${list}::jsonb) AS p(for_id bigint, category_code text, "minLon" float8, "minLat" float8, "maxLon" float8, "maxLat" float8, since timestamptz)
    JOIN ticket t ON t.category_code = p.category_code AND t.created_at >= p.since
      AND t.lon BETWEEN p."minLon" AND p."maxLon" AND t.lat BETWEEN p."minLat" AND p."maxLat"`;
}
export type RecentReport = Pick<TicketRow, 'id' | 'lon' | 'lat' | 'source' | 'status'>;
export type RecentNear = RecentReport & { for_id: number };

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

/** The photos of a step's event; the rows the ticket's detail shows. */
export async function insertPhotos(db: Kysely<DB>, ticketId: number, eventId: number, photos: PhotoInsert[], at: Date) {
  if (!photos.length) return [];
  return db
    .insertInto('ticket_photo')
    .values(photos.map((p) => ({
      ticket_id: ticketId, event_id: eventId, storage_key: p.storageKey, content_type: p.contentType,
      width: p.width, height: p.height, size_bytes: p.sizeBytes, created_at: at,
    })))
    .returning(['id', 'event_id', 'width', 'height'])
    .execute();
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

export async function copySubscribers(db: Kysely<DB>, fromTicketId: number, toTicketId: number): Promise<void> {
  await sql`INSERT INTO ticket_subscriber (ticket_id, user_id)
            SELECT ${toTicketId}, user_id FROM ticket_subscriber WHERE ticket_id = ${fromTicketId}
            ON CONFLICT DO NOTHING`.execute(db);
}

/**
 * Claims up to `limit` due timers for this transaction and marks them fired at `now`, in one statement:
 * rows another process holds are skipped, so two schedulers never take the same one, and a rollback
 * leaves them due again. Oldest first. `live` says whether the ticket, as last committed, still has the
 * deadline the timer was armed for and is not paused; a timer that is not live does nothing (the deadline
 * moved on: accepted, re-dispatched, resolved), so its ticket need not be locked or read.
 */
export async function claimDueTimers(db: Kysely<DB>, now: Date, limit: number) {
  const claimed = await db
    .updateTable('ticket_timer as tt')
    .from('ticket as t')
    .set({ fired_at: now })
    .whereRef('t.id', '=', 'tt.ticket_id')
    .where('tt.id', 'in', (eb) => eb
      .selectFrom('ticket_timer')
      .select('id')
      .where('fired_at', 'is', null)
      .where('due_at', '<=', now)
      .orderBy('due_at')
      .limit(limit)
      .forUpdate()
      .skipLocked())
    .returning([
      'tt.id', 'tt.ticket_id', 'tt.kind', 'tt.due_at',
      sql<boolean>`t.paused_at IS NULL AND CASE tt.kind WHEN 'accept' THEN t.accept_due IS NOT DISTINCT FROM tt.due_at
        WHEN 'arrive' THEN t.arrive_due IS NOT DISTINCT FROM tt.due_at WHEN 'resolve' THEN t.resolve_due IS NOT DISTINCT FROM tt.due_at ELSE true END`.as('live'),
    ])
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

