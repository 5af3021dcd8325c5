import { sql, type Compilable, type Expression, type Insertable, type Kysely, type Selectable, type Updateable } from 'kysely';
import type { DB, TicketTable, TimerKind } from '../db/schema.ts';
import type { EventInsert, RecentReport } from './store.ts';

/**
 * SQL that writes a ticket's change as one statement: a new ticket with its first rows, and a step with
 * everything it causes. Each is one round trip however many tables it touches: the rows other domains
 * keep for it (inbox, webhook outbox, audit log) come in as their own queries and run as parts (CTEs) of
 * the statement. PostgreSQL runs the parts on one snapshot, so no part reads what another writes; the
 * parts here only read what was committed before, or what an earlier statement of the transaction wrote.
 */

/** A query to run as one part of a statement, e.g. notifyUsersInsert or webhookEventInsert. */
export type Part = Compilable<unknown>;

/** `WITH name AS (query), … <final>`: the named parts, then the select that reads what they return. */
function withParts(parts: [string, Part][], final: Expression<unknown>) {
  return sql`WITH ${sql.join(parts.map(([name, query]) => sql`${sql.id(name)} AS (${query})`))} ${final}`;
}

function eventValues(e: Omit<EventInsert, 'ticketId'>) {
  return {
    kind: e.kind, from_status: e.fromStatus ?? null, to_status: e.toStatus ?? null, body: e.body ?? null,
    details: JSON.stringify(e.details ?? {}), actor_id: e.actorId, actor_name: e.actorName, at: e.at,
  };
}

export interface NewTicketWrite {
  row: Insertable<TicketTable>;
  created: Omit<EventInsert, 'ticketId'>;
  /** Who follows it from the start: the resident reporting it. */
  subscriberId: number | null;
  /** The rows other domains keep of it (its audit entry), given its id. */
  also: (ticketId: Expression<number>) => Part[];
  /** Reports to read with it (recentInBox, for the proactive rule): the new ticket is added to them. */
  recent?: Compilable<RecentReport>;
}

/**
 * A new ticket, its reporter's subscription, its 'created' event and the `also` rows, in one statement;
 * the ticket as stored, the event's id, and the `recent` reports with the new ticket among them.
 */
export async function insertTicketWithEvent(db: Kysely<DB>, w: NewTicketWrite) {
  const ticketId = sql<number>`(SELECT id FROM new_ticket)`;
  const parts: [string, Part][] = [
    ['new_ticket', db.insertInto('ticket').values(w.row).returningAll()],
    ['created', db.insertInto('ticket_event').values({ ticket_id: ticketId, ...eventValues(w.created) }).returning('id')],
    ...(w.subscriberId === null ? [] : [['subscribed', db.insertInto('ticket_subscriber').values({ ticket_id: ticketId, user_id: w.subscriberId })] as [string, Part]]),
    ...w.also(ticketId).map((part, i): [string, Part] => [`also_${i}`, part]),
  ];
  // The statement's reads see the table as it was before it: the new ticket comes from its own part.
  const recent = w.recent
    ? sql`(SELECT coalesce(json_agg(r), '[]') FROM ((${w.recent}) UNION ALL (SELECT id, lon, lat, source, status FROM new_ticket)) r)`
    : sql`NULL`;
  const { rows } = await withParts(parts, sql`SELECT new_ticket.*, created.id AS event_id, ${recent} AS recent FROM new_ticket, created`)
    .$castTo<Selectable<TicketTable> & { event_id: number; recent: RecentReport[] | null }>().execute(db);
  const { event_id: eventId, recent: recentRows, ...ticket } = rows[0];
  return { ticket, eventId, recent: recentRows ?? undefined };
}

export interface StepWrite {
  ticketId: number;
  set: Updateable<TicketTable>;
  event: Omit<EventInsert, 'ticketId'>;
  timers: { kind: TimerKind; dueAt: Date }[];
  /** The other rows the step causes: notifications, webhook deliveries. */
  also: Part[];
}

/** A step of a ticket in one statement: its new state, its timeline event, its timers and `also`; the event's id. */
export async function writeStep(db: Kysely<DB>, s: StepWrite): Promise<number> {
  const parts: [string, Part][] = [
    ['changed', db.updateTable('ticket').set(s.set).where('id', '=', s.ticketId)],
    ['event', db.insertInto('ticket_event').values({ ticket_id: s.ticketId, ...eventValues(s.event) }).returning('id')],
    ...(s.timers.length ? [['armed', db
      .insertInto('ticket_timer')
      .values(s.timers.map((t) => ({ ticket_id: s.ticketId, kind: t.kind, due_at: t.dueAt })))
      .onConflict((oc) => oc.columns(['ticket_id', 'kind', 'due_at']).doNothing())] as [string, Part]] : []),
    ...s.also.map((part, i): [string, Part] => [`also_${i}`, part]),
  ];
  const { rows } = await withParts(parts, sql`SELECT id FROM event`).$castTo<{ id: number }>().execute(db);
  return rows[0].id;
}

/** Who acts for a level of a ticket: the area's people at levels 0–2, the department's at level 3. */
export interface HandlerTarget {
  level: number;
  areaId: number | null;
  departmentId: number | null;
}

const roleOfLevel = ['grid_worker', 'community_staff', 'subdistrict_officer'] as const;

/**
 * Users who act for a level of a ticket: grid workers of the grid (or its community), the community's
 * staff, the subdistrict's officers, or the department's officers. A query of their ids; none for a
 * department-level target without a department.
 */
function handlerIds(db: Kysely<DB>, target: HandlerTarget) {
  if (target.level === 3 || target.areaId === null) {
    if (target.departmentId === null) return undefined;
    return db.selectFrom('app_user').select('id').where('department_id', '=', target.departmentId).where('disabled', '=', false);
  }
  return db
    .selectFrom('user_role as ur')
    .innerJoin('area as a', 'a.id', 'ur.area_id')
    .innerJoin('app_user as u', 'u.id', 'ur.user_id')
    .select('u.id')
    .where('ur.role', '=', roleOfLevel[target.level])
    .where('u.disabled', '=', false)
    // A role held on the area itself or on any area above it.
    .where(sql<boolean>`(SELECT path FROM area WHERE id = ${target.areaId}) LIKE a.path || '%'`);
}

/**
 * The handlers of a level and/or the followers of a ticket, each once, leaving out `except` (who took
 * the step): a query of their ids, or undefined when nobody is asked for.
 */
export function recipientIds(db: Kysely<DB>, ticketId: number, to: { handlers?: HandlerTarget; followers?: boolean }, except: number | null) {
  const sources: Expression<{ id: number }>[] = [];
  const handlers = to.handlers && handlerIds(db, to.handlers);
  if (handlers) sources.push(handlers);
  if (to.followers) sources.push(db.selectFrom('ticket_subscriber').select('user_id as id').where('ticket_id', '=', ticketId));
  if (!sources.length) return undefined;
  const everyone = sql<{ id: number }>`(${sql.join(sources, sql` UNION ALL `)})`;
  return db.selectFrom(everyone.as('r')).select('r.id').distinct().where('r.id', 'is distinct from', except);
}
