import type { Kysely } from 'kysely';
import { boxAround, haversineMetres } from '../access/geodesic.ts';
import type { DB, TicketSource } from '../db/schema.ts';
import { isUniqueViolation } from '../db/uniqueViolation.ts';
import { maskName, maskPhone, normalizePhone } from '../people/identity.ts';
import * as placesStore from '../places/store.ts';
import { can, inScope, requireInScope, requirePermission, type Actor } from '../platform/actor.ts';
import { scopeFor } from '../platform/auth/service.ts';
import type { Clock } from '../platform/clock.ts';
import { AppError } from '../platform/errors.ts';
import type { FieldCipher } from '../platform/fieldCipher.ts';
import { bboxFromColumns } from '../platform/geojson.ts';
import { photoRows, preparePhotos } from '../platform/images.ts';
import type { UploadedFile } from '../platform/multipart.ts';
import { decodeCursor, toPage } from '../platform/pagination.ts';
import { withStoredFiles, type Storage } from '../platform/storage.ts';
import { loadTiming, type Timing } from './deadlines.ts';
import { availableActions } from './permissions.ts';
import { writeReport, type WrittenTicket } from './newTickets.ts';
import { presentAnswers, presentTicket, presentTimeline, withNames, type PhotoRow, type TimelineRow } from './present.ts';
import { ticketPolicy } from './policy.ts';
import { gridInCommunity, placePoint, routeTicket, type Assignment, type Placement } from './routing.ts';
import type { NearbyQuery, ReportArea, TicketCreate, TicketDetail, TicketListQuery } from './schema.ts';
import { ticketSettings } from './settingsCache.ts';
import { dispatchOf, recordStep, type DispatchOptions, type StepTicket, type Who } from './steps.ts';
import * as store from './store.ts';

export interface TicketDeps {
  db: Kysely<DB>;
  clock: Clock;
  cipher: FieldCipher;
  storage: Storage;
}

type Label = { zh: string; en: string };

/** Where the actor's tickets.read reaches, plus their department's whistled tickets. */
export async function reachOf(db: Kysely<DB>, actor: Actor): Promise<store.TicketReach> {
  const scope = await scopeFor(db, actor, 'tickets.read');
  return { scope, departmentId: can(actor, 'tickets.handle') ? actor.departmentId : null };
}

/** Whether the actor may read the ticket: in reach as staff, or as one who follows it (asked of the table unless known). */
async function readAccess(deps: Pick<TicketDeps, 'db'>, actor: Actor, row: store.TicketViewRow, following?: boolean): Promise<'handler' | 'follower' | undefined> {
  const reach = await reachOf(deps.db, actor);
  if (inScope(reach.scope, row.community_id, row.grid_id) || (reach.departmentId !== null && reach.departmentId === row.assignee_department_id)) return 'handler';
  if (following ?? (await store.isFollowing(deps.db, row.id, actor.userId))) return 'follower';
  return undefined;
}

/** A ticket the actor may read; TICKET_NOT_FOUND otherwise (a resident learns nothing of others' tickets). */
export async function loadTicket(deps: Pick<TicketDeps, 'db'>, actor: Actor, id: number) {
  const row = await store.findTicket(deps.db, id);
  const access = row && (await readAccess(deps, actor, row));
  if (!row || !access) throw new AppError('TICKET_NOT_FOUND');
  return { row, access };
}

/** A ticket with its timeline and what the caller may do next; TICKET_NOT_FOUND unless the caller may read it. */
async function presentDetail(
  deps: Pick<TicketDeps, 'db'>, actor: Actor, row: store.TicketViewRow, timeline: TimelineRow[], photos: PhotoRow[], following: boolean,
): Promise<TicketDetail> {
  const access = await readAccess(deps, actor, row, following);
  if (!access) throw new AppError('TICKET_NOT_FOUND');
  // A follower who did not report it sees the public view: not who reported it.
  const publicView = access === 'follower' && row.reporter_user_id !== actor.userId;
  const category = (await ticketSettings(deps.db, 'categories')).get(row.category_code);
  return {
    ...presentTicket(row, publicView),
    timeline: presentTimeline(timeline, photos),
    answers: presentAnswers(category?.attributes ?? [], row.attributes),
    mediaUrl: row.media_url,
    actions: await availableActions(deps.db, actor, row),
    following,
  };
}

/** One ticket with its timeline and what the caller may do next. */
export async function getTicket(deps: Pick<TicketDeps, 'db'>, actor: Actor, id: number): Promise<TicketDetail> {
  const row = await store.findTicketDetail(deps.db, id, actor.userId);
  if (!row) throw new AppError('TICKET_NOT_FOUND');
  // The events come as JSON, their times as text.
  return presentDetail(deps, actor, row, row.events.map((e) => ({ ...e, at: new Date(e.at) })), row.photos, row.following);
}

/** The China date's midnight as an instant: periods are in China days. */
export const chinaMidnight = (date: string) => new Date(`${date}T00:00:00+08:00`);

/** Tickets within the actor's reach, newest first, by community, grid, status, category, source, level, lateness, dates or words. */
export async function listTickets(deps: Pick<TicketDeps, 'db'>, actor: Actor, q: TicketListQuery) {
  requirePermission(actor, can(actor, 'tickets.read') ? 'tickets.read' : 'tickets.handle');
  const limit = q.limit ?? 50;
  const reach = await reachOf(deps.db, actor);
  const assignedTo = q.mine ? { areaIds: [...reach.scope.gridIds, ...reach.scope.communityIds], departmentId: actor.departmentId } : undefined;
  const rows = await store.selectTickets(deps.db, reach, {
    communityId: q.communityId, gridId: q.gridId, status: q.status, open: q.open, categoryCode: q.categoryCode, source: q.source, level: q.level,
    overdue: q.overdue, assignedTo, createdFrom: q.from ? chinaMidnight(q.from) : undefined,
    createdBefore: q.to ? new Date(chinaMidnight(q.to).getTime() + 86_400_000) : undefined, q: q.q?.trim() || undefined,
    beforeId: decodeCursor(q.cursor), limit,
  });
  return toPage(rows, limit, (row) => presentTicket(row));
}

/** Tickets the signed-in resident reported or follows. */
export async function listFollowedTickets(deps: Pick<TicketDeps, 'db'>, actor: Actor, q: { cursor?: string; limit?: number }) {
  const limit = q.limit ?? 20;
  const rows = await store.selectFollowedTickets(deps.db, actor.userId, decodeCursor(q.cursor), limit);
  return toPage(rows, limit, (row) => presentTicket(row, row.reporter_user_id !== actor.userId));
}

/** Open tickets of the category within the radius (50 m by default), nearest first: "is yours one of these?". */
export async function findNearby(deps: Pick<TicketDeps, 'db'>, q: NearbyQuery) {
  const radiusM = q.radiusM ?? ticketPolicy.duplicateRadiusM;
  const rows = await store.selectOpenInBox(deps.db, q.categoryCode, boxAround(q.lon, q.lat, radiusM));
  return rows
    .map((row) => ({ row, distanceM: haversineMetres(q.lon, q.lat, row.lon!, row.lat!) }))
    .filter((c) => c.distanceM <= radiusM)
    .sort((a, b) => a.distanceM - b.distanceM)
    .map(({ row, distanceM }) => ({
      id: row.id, categoryName: row.category_name as Label, description: row.description, address: row.address, status: row.status,
      distanceM: Math.round(distanceM), createdAt: row.created_at.toISOString(),
    }));
}

/** The communities and grids the caller holds a role on, with their outlines: where the report map opens. */
export async function listReportAreas(deps: Pick<TicketDeps, 'db'>, actor: Actor): Promise<ReportArea[]> {
  const grants = actor.grants.filter((g) => g.areaLevel === 'community' || g.areaLevel === 'grid');
  const idsAt = (level: string) => [...new Set(grants.filter((g) => g.areaLevel === level).map((g) => g.areaId))];
  const [rows, buildings] = await Promise.all([
    store.selectAreaShapes(deps.db, [...idsAt('community'), ...idsAt('grid')]),
    placesStore.selectBuildingFootprints(deps.db, { communityIds: idsAt('community'), gridIds: idsAt('grid') }),
  ]);
  return rows.map((r) => ({
    // Only community and grid ids were asked for, which the column's wider type cannot know.
    id: r.id, name: r.name, level: r.level as ReportArea['level'], boundary: r.boundary as ReportArea['boundary'], bbox: bboxFromColumns(r),
    buildings: buildings.filter((b) => (r.level === 'community' ? b.community_id : b.grid_id) === r.id)
      .map((b) => ({ name: b.name, footprint: b.footprint as ReportArea['buildings'][number]['footprint'] })),
  }));
}

/** A resident follows an open ticket instead of reporting the same problem again. */
export async function subscribeToTicket(deps: Pick<TicketDeps, 'db' | 'clock'>, actor: Actor, id: number): Promise<TicketDetail> {
  const row = await store.findTicket(deps.db, id);
  if (!row || !store.openStatuses.includes(row.status)) throw new AppError('TICKET_NOT_FOUND');
  await deps.db.transaction().execute(async (trx) => {
    if (!(await store.subscribe(trx, id, actor.userId))) return;
    await store.insertEvent(trx, { ticketId: id, kind: 'subscribed', actorId: actor.userId, actorName: actor.displayName, at: deps.clock.now() });
  });
  return getTicket(deps, actor, id);
}

/** Everything that says where a new ticket comes from and who reported it. */
export interface TicketOrigin {
  source: TicketSource;
  who: Who;
  reporterUserId: number | null;
  contact?: { name?: string; phone?: string };
  externalId?: string;
  /** More for the 'created' event's details, e.g. when a hotline caller actually called. */
  details?: Record<string, unknown>;
  /** The integrator or person, for the audit log. */
  auditActor: { id: number | null; name: string; ip: string | null };
}

export interface NewTicket {
  categoryCode: string;
  description: string;
  location?: { lon: number; lat: number };
  address?: string;
  communityId?: number;
  anonymous?: boolean;
  priority?: 'low' | 'normal' | 'high' | 'urgent';
  /** Open311: answers to the category's attributes (already checked against them), and a URL of media published elsewhere. */
  attributes?: Record<string, unknown>;
  mediaUrl?: string;
}

/** The community and grid of a new ticket: from its point, or the community given (with its grid, if the point is in one). */
export async function placeTicket(db: Kysely<DB>, input: Pick<NewTicket, 'location' | 'communityId'>): Promise<Placement> {
  if (input.communityId !== undefined) {
    const community = await store.findArea(db, input.communityId);
    if (!community || community.level !== 'community') throw new AppError('AREA_NOT_FOUND');
    const gridId = input.location ? await gridInCommunity(db, community.id, input.location.lon, input.location.lat) : null;
    return { communityId: community.id, gridId };
  }
  if (!input.location) throw new AppError('VALIDATION_FAILED', {}, [{ path: 'body.location', code: 'LOCATION_REQUIRED' }]);
  return placePoint(db, input.location.lon, input.location.lat);
}

async function requireCategory(db: Kysely<DB>, code: string) {
  const category = (await ticketSettings(db, 'categories')).get(code);
  if (!category || !category.active) throw new AppError('TICKET_CATEGORY_UNKNOWN', { code });
  return category;
}

function sealContact(cipher: FieldCipher, contact: TicketOrigin['contact']) {
  const name = contact?.name?.trim();
  const phone = contact?.phone ? normalizePhone(contact.phone) : undefined;
  if (!name && !phone) return { sealed: null, masked: null };
  const masked = [name && maskName(name), phone && maskPhone(phone)].filter(Boolean).join(' ');
  return { sealed: cipher.encrypt('ticket_contact', JSON.stringify({ name, phone })).toString('base64'), masked };
}

/** A new ticket checked, sealed and routed, ready to be written in a transaction. */
export interface PreparedTicket {
  category: store.CategoryRow;
  placement: Placement;
  assignment: Assignment;
  /** The ladders and calendar its deadlines are reckoned by when it is written. */
  timing: Timing;
  input: NewTicket;
  origin: TicketOrigin;
  contact: { sealed: string | null; masked: string | null };
}

/**
 * Checks, seals and routes a new ticket before its transaction: the category, the place (unless known),
 * who handles it, the contact. Settings come from this process's copy (settingsCache.ts) when `deps.db`
 * is the database rather than a transaction.
 */
export async function prepareTicket(deps: Pick<TicketDeps, 'db' | 'cipher'>, origin: TicketOrigin, input: NewTicket, known?: Placement): Promise<PreparedTicket> {
  const category = await requireCategory(deps.db, input.categoryCode);
  const placement = known ?? (await placeTicket(deps.db, input));
  const [assignment, timing] = await Promise.all([routeTicket(deps.db, category.code, placement), loadTiming(deps.db)]);
  return { category, placement, assignment, timing, input, origin, contact: sealContact(deps.cipher, origin.contact) };
}

/** A new ticket as written, with its photos; or just the id of the ticket an external id already names. */
type Opened = { id: number; written?: WrittenTicket };

/** The ticket an external id (hotline case, Open311 token) already names, if any. */
async function knownExternal(deps: Pick<TicketDeps, 'db'>, origin: TicketOrigin): Promise<Opened | undefined> {
  const existing = origin.externalId === undefined ? undefined : await store.findTicketByExternalId(deps.db, origin.source, origin.externalId);
  return existing && { id: existing.id };
}

async function openNewTicket(deps: TicketDeps, origin: TicketOrigin, input: NewTicket, files: UploadedFile[], known?: Placement): Promise<Opened> {
  const existing = await knownExternal(deps, origin);
  if (existing) return existing;
  const prepared = await prepareTicket(deps, origin, input, known);
  const images = await preparePhotos(files);
  const at = deps.clock.now();
  try {
    const written = await withStoredFiles(deps.storage, images, (keys) => writeReport(deps.db, { ticket: prepared, at, photos: photoRows(images, keys) }));
    return { id: written.ticket.id, written };
  } catch (err) {
    // The same case sent twice at once: the one written first is the answer to both.
    const first = isUniqueViolation(err) ? await knownExternal(deps, origin) : undefined;
    if (first) return first;
    throw err;
  }
}

/**
 * Opens a ticket from any source, in one transaction with its photos, so an acknowledged report is
 * complete or not there at all. A repeated external id (hotline case, Open311 token) returns the first ticket.
 */
export async function openTicket(deps: TicketDeps, origin: TicketOrigin, input: NewTicket, files: UploadedFile[] = [], known?: Placement): Promise<number> {
  return (await openNewTicket(deps, origin, input, files, known)).id;
}

/** Puts a ticket in an assignee's hands (status dispatched) with an accept deadline, and tells them. */
export async function dispatchStep(trx: Kysely<DB>, ticket: store.TicketRow | StepTicket, who: Who, at: Date, to: Assignment, options: DispatchOptions): Promise<void> {
  await recordStep(trx, ticket, who, at, dispatchOf(at, to, options));
}

/** A report through the API: a resident's own, or staff recording a call or a patrol finding in their scope. */
export async function createTicket(deps: TicketDeps, actor: Actor, input: TicketCreate, files: UploadedFile[] = []): Promise<TicketDetail> {
  const source = input.source ?? (can(actor, 'tickets.handle') ? 'staff' : 'resident_app');
  const onBehalf = source !== 'resident_app';
  let placement: Placement | undefined;
  // A resident speaks for themselves: the case number, a caller's contact and the priority are the desk's to set.
  const deskOnly = (['externalId', 'contact', 'priority'] as const).find((field) => input[field] !== undefined);
  if (!onBehalf && deskOnly) throw new AppError('VALIDATION_FAILED', {}, [{ path: `body.${deskOnly}`, code: 'STAFF_ONLY_FIELD' }]);
  if (onBehalf) {
    requirePermission(actor, 'tickets.handle');
    placement = await placeTicket(deps.db, input);
    requireInScope(await scopeFor(deps.db, actor, 'tickets.handle'), placement.communityId, placement.gridId);
  }
  const opened = await openNewTicket(deps, {
    source, who: { id: actor.userId, name: actor.displayName }, reporterUserId: onBehalf ? null : actor.userId,
    contact: input.contact, externalId: input.externalId, auditActor: { id: actor.userId, name: actor.username, ip: actor.ip },
  }, input, files, placement);
  const written = opened.written;
  const row = written && (await withNames(deps.db, written.ticket, onBehalf ? null : actor.displayName));
  // The reporter follows their own report; staff recording one for someone else do not.
  return written && row ? presentDetail(deps, actor, row, written.timeline, written.photos, !onBehalf) : getTicket(deps, actor, opened.id);
}

/** A photo of a ticket, for whoever may read the ticket. */
export async function getTicketPhoto(deps: Pick<TicketDeps, 'db' | 'storage'>, actor: Actor, id: number, photoId: number) {
  await loadTicket(deps, actor, id);
  const photo = await store.findPhoto(deps.db, id, photoId);
  const file = photo && (await deps.storage.get(photo.storage_key));
  if (!file) throw new AppError('PHOTO_NOT_FOUND');
  return { bytes: file.bytes, contentType: photo.content_type };
}
