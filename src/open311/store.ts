import { sql, type Kysely } from 'kysely';
import type { DB, TicketStatus } from '../db/schema.ts';

// SQL of the Open311 face of the service loop: integrator keys (its own table), and public, read-only
// views of tickets. The views select no reporter or contact column, so none can reach an answer.

/**
 * Tickets the public sees: not one its reporter withdrew (it is no one's business any more), and not a
 * device's alarm, which is about one home (an SOS button, an elder's door or water meter), not a report.
 */
const publicTicket = sql<boolean>`(t.status <> 'withdrawn' AND t.source <> 'device')`;

/** Timeline steps the public sees: notes, and steps that changed the status. */
const publicStep = sql<boolean>`(e.kind = 'note' OR (e.to_status IS NOT NULL AND e.to_status IS DISTINCT FROM e.from_status))`;

export async function insertClient(db: Kysely<DB>, c: { name: string; keyHash: string; areaId: number; at: Date }): Promise<number> {
  const row = await db.insertInto('open311_client').values({ name: c.name, key_hash: c.keyHash, area_id: c.areaId, created_at: c.at })
    .returning('id').executeTakeFirstOrThrow();
  return row.id;
}

function clientBase(db: Kysely<DB>) {
  return db
    .selectFrom('open311_client as o')
    .innerJoin('area as a', 'a.id', 'o.area_id')
    .select(['o.id', 'o.name', 'o.area_id', 'o.active', 'o.created_at', 'a.code as area_code', 'a.name as area_name', 'a.path as area_path',
      'a.level as area_level', 'a.community_id as area_community_id']);
}
export type ClientRow = NonNullable<Awaited<ReturnType<typeof findClient>>>;

export async function findClient(db: Kysely<DB>, id: number) {
  return clientBase(db).where('o.id', '=', id).executeTakeFirst();
}

export async function findActiveClientByKeyHash(db: Kysely<DB>, keyHash: string) {
  return clientBase(db).where('o.key_hash', '=', keyHash).where('o.active', '=', true).executeTakeFirst();
}

export async function selectClients(db: Kysely<DB>) {
  return clientBase(db).orderBy('o.id').execute();
}

export async function deactivateClient(db: Kysely<DB>, id: number): Promise<boolean> {
  const result = await db.updateTable('open311_client').set({ active: false }).where('id', '=', id).executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/** The paths of areas, to tell whether a ticket's place lies in an integrator's subtree. */
export async function selectAreaPaths(db: Kysely<DB>, ids: number[]): Promise<Map<number, string>> {
  const rows = await db.selectFrom('area').select(['id', 'path']).where('id', 'in', ids).execute();
  return new Map(rows.map((r) => [r.id, r.path]));
}

function publicRequests(db: Kysely<DB>) {
  return db
    .selectFrom('ticket as t')
    .innerJoin('ticket_category as k', 'k.code', 't.category_code')
    .innerJoin('area as c', 'c.id', 't.community_id')
    .leftJoin('area as aa', 'aa.id', 't.assignee_area_id')
    .leftJoin('department as d', 'd.id', 't.assignee_department_id')
    .select([
      't.id', 't.category_code', 't.source', 't.description', 't.status', 't.merged_into', 't.address', 't.lon', 't.lat', 't.media_url',
      't.attributes', 't.resolve_due', 't.created_at', 't.updated_at', 'k.name as category_name', 'k.attributes as category_attributes',
      'k.calendar', 'k.accept_minutes', 'k.arrive_minutes', 'k.resolve_minutes', 'c.name as community_name', 'aa.name as assignee_area_name',
      'd.name as assignee_department_name',
    ])
    .where(publicTicket);
}
export type PublicRequestRow = Awaited<ReturnType<typeof selectPublicRequests>>[number];

export interface RequestFilters {
  ids?: number[];
  codes?: string[];
  statuses?: TicketStatus[];
  from?: Date;
  to?: Date;
  offset: number;
  limit: number;
}

/** Requests newest first, by ids alone, or by service codes, statuses and a requested time range. */
export async function selectPublicRequests(db: Kysely<DB>, f: RequestFilters) {
  let query = publicRequests(db).orderBy('t.created_at', 'desc').orderBy('t.id', 'desc').offset(f.offset).limit(f.limit);
  if (f.ids) query = query.where('t.id', 'in', f.ids);
  if (f.codes) query = query.where('t.category_code', 'in', f.codes);
  if (f.statuses) query = query.where('t.status', 'in', f.statuses);
  if (f.from) query = query.where('t.created_at', '>=', f.from);
  if (f.to) query = query.where('t.created_at', '<=', f.to);
  return query.execute();
}

/** A ticket made through Open311 (its id is the token the spec's tokens resource resolves). */
export async function findOpen311Ticket(db: Kysely<DB>, id: number) {
  return db.selectFrom('ticket').select('id').where('id', '=', id).where('source', '=', 'open311').where('status', '!=', 'withdrawn').executeTakeFirst();
}

/** The public steps of the given tickets, oldest first. */
export async function selectPublicSteps(db: Kysely<DB>, ticketIds: number[]) {
  if (!ticketIds.length) return [];
  return db.selectFrom('ticket_event as e').select(['e.id', 'e.ticket_id', 'e.kind', 'e.from_status', 'e.to_status', 'e.body', 'e.details', 'e.at'])
    .where('e.ticket_id', 'in', ticketIds).where(publicStep).orderBy('e.id').execute();
}
export type PublicStepRow = Awaited<ReturnType<typeof selectPublicSteps>>[number];

/** Public steps of public tickets after the 'created' one, in a time range, oldest first. */
export async function selectPublicUpdates(db: Kysely<DB>, f: { from: Date; to: Date; offset: number; limit: number }) {
  return db.selectFrom('ticket_event as e').innerJoin('ticket as t', 't.id', 'e.ticket_id')
    .select(['e.id', 'e.ticket_id', 'e.kind', 'e.from_status', 'e.to_status', 'e.body', 'e.details', 'e.at'])
    .where(publicStep).where('e.kind', '!=', 'created').where(publicTicket)
    .where('e.at', '>=', f.from).where('e.at', '<=', f.to)
    .orderBy('e.at').orderBy('e.id').offset(f.offset).limit(f.limit)
    .execute();
}

/** Photos taken at public steps, of the given tickets or events, oldest first. */
export async function selectPublicPhotos(db: Kysely<DB>, of: 'p.ticket_id' | 'p.event_id', ids: number[]) {
  if (!ids.length) return [];
  return db.selectFrom('ticket_photo as p').innerJoin('ticket_event as e', 'e.id', 'p.event_id')
    .select(['p.id', 'p.ticket_id', 'p.event_id', 'p.width', 'p.height', 'p.created_at', 'e.kind'])
    .where(of, 'in', ids).where(publicStep).orderBy('p.id').execute();
}
export type PublicPhotoRow = Awaited<ReturnType<typeof selectPublicPhotos>>[number];

/** A photo of a public step of a public ticket. */
export async function findPublicPhoto(db: Kysely<DB>, ticketId: number, photoId: number) {
  return db.selectFrom('ticket_photo as p').innerJoin('ticket_event as e', 'e.id', 'p.event_id').innerJoin('ticket as t', 't.id', 'p.ticket_id')
    .select(['p.storage_key', 'p.content_type'])
    .where('p.id', '=', photoId).where('p.ticket_id', '=', ticketId).where(publicTicket).where(publicStep)
    .executeTakeFirst();
}
