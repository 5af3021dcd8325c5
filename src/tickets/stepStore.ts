import { sql, type Expression, type Kysely, type RawBuilder, type Selectable, type Updateable } from 'kysely';
import { insertJsonRows, type JsonInsertable } from '../db/jsonRows.ts';
import { withParts, type Part } from '../db/parts.ts';
import { prepared } from '../db/prepared.ts';
import type { DB, TicketTable, TimerKind } from '../db/schema.ts';
import type { PhotoInsert } from '../platform/images.ts';
import type { PhotoRow } from './present.ts';
import type { EventInsert, RecentNear, RecentReport } from './store.ts';

/**
 * SQL that writes a ticket's change as one statement: new tickets with their first rows (one or a whole
 * batch), and a step with everything it causes. Each is one round trip however many tables it touches:
 * the rows other domains keep for it (inbox, webhook outbox, audit log) come in as their own queries and
 * run as parts of the statement (db/parts.ts).
 */

function eventValues(e: Omit<EventInsert, 'ticketId'>) {
  return {
    kind: e.kind, from_status: e.fromStatus ?? null, to_status: e.toStatus ?? null, body: e.body ?? null,
    details: e.details ?? {}, actor_id: e.actorId, actor_name: e.actorName, at: e.at,
  };
}

/** Ids for new tickets and their first events, from the tables' own sequences, in one round trip. */
export async function reserveIds(db: Kysely<DB>, tickets: number, events: number) {
  const { rows } = await prepared(sql<{ tickets: string[]; events: string[] }>`SELECT
    ARRAY(SELECT nextval(pg_get_serial_sequence('ticket', 'id')) FROM generate_series(1, ${tickets}::int)) AS tickets,
    ARRAY(SELECT nextval(pg_get_serial_sequence('ticket_event', 'id')) FROM generate_series(1, ${events}::int)) AS events`).execute(db);
  // bigint arrays come as text; ascending, so a ticket's events keep their order by id.
  const ascending = (ids: string[]) => ids.map(Number).sort((a, b) => a - b);
  return { tickets: ascending(rows[0].tickets), events: ascending(rows[0].events) };
}

export interface NewTicketWrite {
  /** The ticket with its reserved id, already in the state its first step leaves it. */
  row: JsonInsertable<TicketTable> & { id: number };
  /** Its first events ('created', then its first step's), with their reserved ids. */
  events: (Omit<EventInsert, 'ticketId'> & { id: number })[];
  /** Who follows it from the start: the resident reporting it. */
  subscriberId: number | null;
  timers: { kind: TimerKind; dueAt: Date }[];
  /** The report's photos, shown on its first event. */
  photos: PhotoInsert[];
}

/** New tickets to write together, with what other domains keep of them all. */
export interface NewTicketBatch {
  tickets: NewTicketWrite[];
  /** Their rows in other domains: audit entries, notifications, webhook deliveries. */
  also: Part[];
  /** Reports the proactive rule counts around each, as they were before the statement: recentInBoxes. */
  recent?: RawBuilder<RecentNear>;
}

export interface StoredTicket {
  ticket: Selectable<TicketTable>;
  photos: PhotoRow[];
  recent?: RecentReport[];
}

/** New tickets, each with every row of its writing, in one statement; what was stored, in the order given. */
export async function insertNewTickets(db: Kysely<DB>, batch: NewTicketBatch): Promise<StoredTicket[]> {
  const writes = batch.tickets;
  const events = writes.flatMap((w) => w.events.map((e) => ({ id: e.id, ticket_id: w.row.id, ...eventValues(e) })));
  const subscribers = writes.flatMap((w) => (w.subscriberId === null ? [] : [{ ticket_id: w.row.id, user_id: w.subscriberId }]));
  const timers = writes.flatMap((w) => w.timers.map((t) => ({ ticket_id: w.row.id, kind: t.kind, due_at: t.dueAt })));
  const photos = writes.flatMap((w) => w.photos.map((p) => ({
    ticket_id: w.row.id, event_id: w.events[0].id, storage_key: p.storageKey, content_type: p.contentType,
    width: p.width, height: p.height, size_bytes: p.sizeBytes, created_at: w.events[0].at,
  })));
  const optional = (name: string, rows: unknown[], part: () => Part): [string, Part][] => (rows.length ? [[name, part()]] : []);
  const parts: [string, Part][] = [
    ['new_ticket', sql`${insertJsonRows('ticket', writes.map((w) => w.row))} RETURNING *`],
    ['new_event', insertJsonRows('ticket_event', events)],
    ...optional('subscribed', subscribers, () => insertJsonRows('ticket_subscriber', subscribers)),
    ...optional('armed', timers, () => insertJsonRows('ticket_timer', timers)),
    ...optional('photo', photos, () => sql`${insertJsonRows('ticket_photo', photos)} RETURNING id, ticket_id, event_id, width, height`),
    ...(batch.recent ? [['recent', batch.recent] as [string, Part]] : []),
    ...batch.also.map((part, i): [string, Part] => [`also_${i}`, part]),
  ];
  const photosOf = photos.length
    ? sql`(SELECT coalesce(json_agg(json_build_object('id', p.id, 'event_id', p.event_id, 'width', p.width, 'height', p.height) ORDER BY p.id), '[]') FROM photo p WHERE p.ticket_id = new_ticket.id)`
    : sql`'[]'::json`;
  const recentOf = batch.recent
    ? sql`(SELECT coalesce(json_agg(json_build_object('id', r.id, 'lon', r.lon, 'lat', r.lat, 'source', r.source, 'status', r.status)), '[]') FROM recent r WHERE r.for_id = new_ticket.id)`
    : sql`NULL`;
  const { rows } = await prepared(withParts(parts, sql`SELECT new_ticket.*, ${photosOf} AS photos, ${recentOf} AS recent FROM new_ticket`))
    .$castTo<Selectable<TicketTable> & { photos: PhotoRow[]; recent: RecentReport[] | null }>().execute(db);
  const byId = new Map(rows.map(({ photos: stored, recent, ...ticket }) => [ticket.id, { ticket, photos: stored, recent: recent ?? undefined }]));
  return writes.map((w) => byId.get(w.row.id)!);
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
    ['event', sql`${insertJsonRows('ticket_event', [{ ticket_id: s.ticketId, ...eventValues(s.event) }])} RETURNING id`],
    ...(s.timers.length ? [['armed', db
      .insertInto('ticket_timer')
      .values(s.timers.map((t) => ({ ticket_id: s.ticketId, kind: t.kind, due_at: t.dueAt })))
      .onConflict((oc) => oc.columns(['ticket_id', 'kind', 'due_at']).doNothing())] as [string, Part]] : []),
    ...s.also.map((part, i): [string, Part] => [`also_${i}`, part]),
  ];
  const { rows } = await prepared(withParts(parts, sql`SELECT id FROM event`)).$castTo<{ id: number }>().execute(db);
  return rows[0].id;
}

/** Who acts for a level of a ticket: the area's people at levels 0–2, the department's at level 3. */
export interface HandlerTarget {
  level: number;
  areaId: number | null;
  departmentId: number | null;
}

const roleOfLevel = ['grid_worker', 'community_staff', 'subdistrict_officer'];

/**
 * Users who act for each target: grid workers of the grid (or its community), the community's staff,
 * the subdistrict's officers, or the department's officers; as pairs of a user `id` and the index `i`
 * of the target in the list, each once. A department-level target without a department has nobody.
 */
export function handlerPairs(targets: HandlerTarget[]) {
  const list = sql`jsonb_to_recordset(${JSON.stringify(targets.map((t, i) => ({ i, level: t.level, area_id: t.areaId, department_id: t.departmentId })))}::jsonb)
    AS n(i int, level int, area_id bigint, department_id bigint)`;
  // Levels 0–2: a role held on the target's area itself or on any area above it; level 3: the department.
  return sql<{ id: number; i: number }>`SELECT u.id, n.i FROM ${list}
      JOIN area t ON t.id = n.area_id
      JOIN user_role ur ON ur.role = (${roleOfLevel}::text[])[n.level + 1]
      JOIN area a ON a.id = ur.area_id AND t.path LIKE a.path || '%'
      JOIN app_user u ON u.id = ur.user_id AND NOT u.disabled
      WHERE n.level < 3
    UNION
    SELECT u.id, n.i FROM ${list} JOIN app_user u ON u.department_id = n.department_id AND NOT u.disabled
      WHERE n.level = 3 OR n.area_id IS NULL`;
}

/**
 * The handlers of a level and/or the followers of a ticket, each once, leaving out `except` (who took
 * the step): a query of their ids, or undefined when nobody is asked for.
 */
export function recipientIds(db: Kysely<DB>, ticketId: number, to: { handlers?: HandlerTarget; followers?: boolean }, except: number | null) {
  const sources: Expression<{ id: number }>[] = [];
  if (to.handlers) sources.push(sql<{ id: number }>`SELECT id FROM (${handlerPairs([to.handlers])}) h`);
  if (to.followers) sources.push(db.selectFrom('ticket_subscriber').select('user_id as id').where('ticket_id', '=', ticketId));
  if (!sources.length) return undefined;
  const everyone = sql<{ id: number }>`(${sql.join(sources, sql` UNION ALL `)})`;
  return db.selectFrom(everyone.as('r')).select('r.id').distinct().where('r.id', 'is distinct from', except);
}
