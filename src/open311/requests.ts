import type { Kysely } from 'kysely';
import type { CategoryAttribute, DB, TicketEventKind, TicketStatus } from '../db/schema.ts';
import type { Clock } from '../platform/clock.ts';
import { AppError } from '../platform/errors.ts';
import type { Storage } from '../platform/storage.ts';
import { eventLabels } from '../tickets/labels.ts';
import { describeAnswers } from './attributes.ts';
import type { RequestListQuery, RequestUpdate, ServiceRequest, UpdateListQuery } from './schema.ts';
import * as store from './store.ts';
import { given, parseW3, slaPromise, w3 } from './conventions.ts';

// Reading requests, as the public may: anonymous (no reporter or contact is ever selected), withdrawn
// reports and devices' alarms left out (store.ts), and of each timeline only the public steps (status
// changes and notes), with the text of notes and of resolving, closing and reopening, never who took a step.

export interface ReadDeps {
  db: Kysely<DB>;
  clock: Clock;
}

const closedStatuses: TicketStatus[] = ['resolved', 'closed', 'merged'];
const openStatuses: TicketStatus[] = ['submitted', 'dispatched', 'accepted', 'on_site'];
/** Open311 knows two states: resolved counts as closed (a reopened ticket opens again). */
const open311Status = (status: TicketStatus) => (closedStatuses.includes(status) ? 'closed' as const : 'open' as const);

/** Steps whose text the public may read: what the handler says of the work, and a reporter's reason to reopen. */
const publicText: TicketEventKind[] = ['note', 'resolved', 'closed', 'reopened'];

const DAY_MS = 86_400_000;
/** The spec's limits: a range of at most 90 days (the default), and at most 1,000 requests (the default page). */
const MAX_SPAN_MS = 90 * DAY_MS;
const MAX_PAGE = 1000;

function dateArgument(name: 'start_date' | 'end_date', value: string | undefined): Date | undefined {
  const text = given(value);
  if (text === undefined) return undefined;
  const at = parseW3(text);
  if (!at) throw new AppError('VALIDATION_FAILED', {}, [{ path: `query.${name}`, code: 'NOT_W3_DATETIME' }]);
  return at;
}

/** start_date–end_date, by default the 90 days up to now (or from start_date); longer or reversed ranges are refused. */
function timeRange(q: { start_date?: string; end_date?: string }, now: Date): { from: Date; to: Date } {
  const start = dateArgument('start_date', q.start_date);
  const end = dateArgument('end_date', q.end_date);
  const to = end ?? (start ? new Date(start.getTime() + MAX_SPAN_MS) : now);
  const from = start ?? new Date(to.getTime() - MAX_SPAN_MS);
  if (from > to || to.getTime() - from.getTime() > MAX_SPAN_MS) throw new AppError('OPEN311_DATE_RANGE_INVALID');
  return { from, to };
}

/** The page/page_size extension: 1,000 per page unless asked for fewer. */
function pageOf(q: { page?: string; page_size?: string }) {
  const limit = Number(given(q.page_size) ?? MAX_PAGE);
  return { offset: (Number(given(q.page) ?? 1) - 1) * limit, limit };
}

const photoUrl = (base: string, ticketId: number, photoId: number) => `${base}/open311/v2/requests/${ticketId}/photos/${photoId}`;

/** A step's name; the inbox's word for resolved asks the reporter to rate, the public is told only that it is done. */
const stepLabel = (kind: TicketEventKind) => (kind === 'resolved' ? '已办结' : eventLabels[kind].zh);

/** What the public reads of a step: its label, and its text where that is public. */
function stepText(step: store.PublicStepRow): string {
  const label = stepLabel(step.kind);
  const details = (step.details ?? {}) as { intoId?: number };
  if (step.kind === 'merged' && details.intoId) return `${label}（${details.intoId}）`;
  return publicText.includes(step.kind) && step.body ? `${label}：${step.body}` : label;
}

function byTicket<T extends { ticket_id: number }>(rows: T[]): Map<number, T[]> {
  const map = new Map<number, T[]>();
  for (const row of rows) {
    const list = map.get(row.ticket_id);
    if (list) list.push(row);
    else map.set(row.ticket_id, [row]);
  }
  return map;
}

function presentRequest(
  row: store.PublicRequestRow, steps: store.PublicStepRow[], photos: store.PublicPhotoRow[], base: string, extensions: boolean,
): ServiceRequest {
  const last = steps.at(-1);
  const photoLinks = photos.map((p) => ({
    media_url: photoUrl(base, row.id, p.id), title: stepLabel(p.kind), width: p.width, height: p.height, created_at: w3(p.created_at),
  }));
  const request: ServiceRequest = {
    service_request_id: String(row.id),
    status: open311Status(row.status),
    status_notes: last ? stepText(last) : null,
    service_name: (row.category_name as { zh: string }).zh,
    service_code: row.category_code,
    description: row.description,
    // Who is on it: the whistled department, else the grid, community or subdistrict; never a person.
    agency_responsible: row.assignee_department_name ?? row.assignee_area_name ?? row.community_name,
    service_notice: slaPromise(row),
    requested_datetime: w3(row.created_at),
    updated_datetime: w3(row.updated_at),
    expected_datetime: row.resolve_due ? w3(row.resolve_due) : null,
    address: row.address || row.community_name,
    address_id: null,
    zipcode: null,
    lat: row.lat,
    long: row.lon,
    media_url: row.media_url ?? photoLinks[0]?.media_url ?? null,
  };
  if (!extensions) return request;
  return {
    ...request,
    attributes: describeAnswers(row.category_attributes as CategoryAttribute[], row.attributes),
    extended_attributes: { channel: row.source, photos: photoLinks },
    notes: steps.map((s) => ({ datetime: w3(s.at), description: stepText(s), type: s.kind })),
  };
}

async function presentRequests(db: Kysely<DB>, rows: store.PublicRequestRow[], base: string, extensions: boolean): Promise<ServiceRequest[]> {
  const ids = rows.map((r) => r.id);
  const steps = byTicket(await store.selectPublicSteps(db, ids));
  const photos = byTicket(await store.selectPublicPhotos(db, 'p.ticket_id', ids));
  return rows.map((row) => presentRequest(row, steps.get(row.id) ?? [], photos.get(row.id) ?? [], base, extensions));
}

/** GET requests: by ids (which override every other argument), or by services, statuses and requested time, newest first. */
export async function listRequests(deps: ReadDeps, q: RequestListQuery, base: string): Promise<ServiceRequest[]> {
  const page = pageOf(q);
  const ids = given(q.service_request_id)?.split(',').map(Number);
  const statuses = given(q.status)?.split(',').flatMap((s) => (s === 'open' ? openStatuses : closedStatuses));
  const rows = await store.selectPublicRequests(deps.db, ids ? { ids, ...page } : {
    codes: given(q.service_code)?.split(','), statuses, ...timeRange(q, deps.clock.now()), ...page,
  });
  return presentRequests(deps.db, rows, base, q.extensions === 'true');
}

/** GET requests/{id}: one request, or OPEN311_REQUEST_NOT_FOUND (also for one the public does not see). */
export async function getRequest(deps: ReadDeps, id: number, extensions: boolean, base: string): Promise<ServiceRequest[]> {
  const rows = await store.selectPublicRequests(deps.db, { ids: [id], offset: 0, limit: 1 });
  if (!rows.length) throw new AppError('OPEN311_REQUEST_NOT_FOUND', { id });
  return presentRequests(deps.db, rows, base, extensions);
}

/** mySociety's servicerequestupdates: public steps after the report itself, oldest first, in a range of at most 90 days. */
export async function listUpdates(deps: ReadDeps, q: UpdateListQuery, base: string): Promise<RequestUpdate[]> {
  const steps = await store.selectPublicUpdates(deps.db, { ...timeRange(q, deps.clock.now()), ...pageOf(q) });
  const photos = await store.selectPublicPhotos(deps.db, 'p.event_id', steps.map((s) => s.id));
  return steps.map((s) => {
    const photo = photos.find((p) => p.event_id === s.id);
    return {
      update_id: String(s.id), service_request_id: String(s.ticket_id), status: open311Status(s.to_status ?? s.from_status!),
      updated_datetime: w3(s.at), description: stepText(s), media_url: photo ? photoUrl(base, s.ticket_id, photo.id) : null,
    };
  });
}

/**
 * GET tokens/{token}: requests are created while the client waits (type realtime), so POST answers with
 * the id and never a token; a token is resolved all the same, as the id of a request made through Open311.
 */
export async function resolveToken(deps: Pick<ReadDeps, 'db'>, token: string) {
  const row = await store.findOpen311Ticket(deps.db, Number(token));
  if (!row) throw new AppError('OPEN311_TOKEN_NOT_FOUND', { token });
  return [{ service_request_id: String(row.id), token }];
}

/** A photo of a public step, for media_url links. */
export async function getPublicPhoto(deps: { db: Kysely<DB>; storage: Storage }, ticketId: number, photoId: number) {
  const photo = await store.findPublicPhoto(deps.db, ticketId, photoId);
  const file = photo && (await deps.storage.get(photo.storage_key));
  if (!file) throw new AppError('PHOTO_NOT_FOUND');
  return { bytes: file.bytes, contentType: photo.content_type };
}
