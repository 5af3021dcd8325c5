/**
 * The steps people take on a ticket: handlers accept, arrive, resolve, return and add notes; dispatchers
 * send, whistle, merge, move and close; the reporter withdraws, rates and reopens. Each step locks the
 * ticket, checks who and when (permissions.ts), and is written whole by recordStep with its audit entry.
 */
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import type { Actor } from '../platform/actor.ts';
import { insertAuditEntry } from '../platform/audit/store.ts';
import { AppError } from '../platform/errors.ts';
import { photoRows, preparePhotos, type PreparedImage } from '../platform/images.ts';
import type { UploadedFile } from '../platform/multipart.ts';
import { withStoredFiles } from '../platform/storage.ts';
import { acceptDeadline, dueAfter } from './deadlines.ts';
import { requireAction, type TicketAction } from './permissions.ts';
import { ticketPolicy } from './policy.ts';
import type { Assignment } from './routing.ts';
import type { DispatchBody, RateBody, TicketDetail } from './schema.ts';
import { dispatchStep, getTicket, loadTicket, type TicketDeps } from './service.ts';
import { recordStep, systemWho, whoOf, type Who } from './steps.ts';
import * as store from './store.ts';

interface StepContext {
  trx: Kysely<DB>;
  ticket: store.TicketRow;
  at: Date;
}

/** What a step tells takeStep: the details for the audit log, and the event its photos belong to. */
interface StepOutcome {
  audit?: Record<string, unknown>;
  eventId?: number;
}

/** Runs one step in a transaction on the locked ticket, after checking the actor may take it now. */
async function takeStep(
  deps: TicketDeps, actor: Actor, id: number, action: TicketAction, apply: (c: StepContext) => Promise<StepOutcome | void>,
  images: PreparedImage[] = [],
): Promise<TicketDetail> {
  await loadTicket(deps, actor, id);
  const at = deps.clock.now();
  await withStoredFiles(deps.storage, images, (keys) => deps.db.transaction().execute(async (trx) => {
    const ticket = await store.lockTicket(trx, id);
    if (!ticket) throw new AppError('TICKET_NOT_FOUND');
    await requireAction(trx, actor, ticket, action);
    const outcome = (await apply({ trx, ticket, at })) ?? {};
    if (outcome.eventId !== undefined) await store.insertPhotos(trx, id, outcome.eventId, photoRows(images, keys), at);
    await insertAuditEntry(trx, {
      actorId: actor.userId > 0 ? actor.userId : null, actorName: actor.username, action: `ticket.${action}`, entity: 'ticket', entityId: id,
      communityId: ticket.community_id, ip: actor.ip, details: outcome.audit ?? {},
    });
  }));
  return getTicket(deps, actor, id);
}

async function categoryOf(trx: Kysely<DB>, ticket: store.TicketRow) {
  const category = await store.findCategory(trx, ticket.category_code);
  if (!category) throw new AppError('TICKET_CATEGORY_UNKNOWN', { code: ticket.category_code });
  return category;
}

/** Who a level of the ladder is for this ticket: its grid, its community, the community's subdistrict. */
export async function ladderAssignment(trx: Kysely<DB>, ticket: Pick<store.TicketRow, 'community_id' | 'grid_id'>, level: number): Promise<Assignment> {
  if (level === 0 && ticket.grid_id !== null) return { level: 0, areaId: ticket.grid_id, departmentId: null };
  if (level <= 1) return { level: 1, areaId: ticket.community_id, departmentId: null };
  const community = await store.findArea(trx, ticket.community_id);
  return { level: 2, areaId: community?.parent_id ?? ticket.community_id, departmentId: null };
}

/** Hands the ticket to an assignee with the accept deadline of their level. */
async function handTo(c: StepContext, actor: Actor | null, to: Assignment, kind: 'dispatched' | 'whistled' | 'returned' | 'reopened' | 'escalated', body: string | null, extra: { set?: Record<string, unknown>; resolveDue?: Date; details?: Record<string, unknown> } = {}) {
  const category = await categoryOf(c.trx, c.ticket);
  const accept = await acceptDeadline(c.trx, category, c.ticket.community_id, to.level, c.at);
  await dispatchStep(c.trx, c.ticket, actor ? whoOf(actor) : systemWho, c.at, to, {
    acceptDue: accept.dueAt, body, kind, set: extra.set, details: extra.details, extraTimers: extra.resolveDue ? [{ kind: 'resolve', dueAt: extra.resolveDue }] : [],
  });
}

async function acceptStep(c: StepContext, who: Who): Promise<void> {
  const category = await categoryOf(c.trx, c.ticket);
  const arriveDue = category.arrive_minutes && c.ticket.arrived_at === null ? await dueAfter(c.trx, category.calendar, c.at, category.arrive_minutes) : null;
  await recordStep(c.trx, c.ticket, who, c.at, {
    kind: 'accepted', to: 'accepted',
    set: { accepted_at: c.ticket.accepted_at ?? c.at, assignee_user_id: who.id, accept_due: null, arrive_due: arriveDue },
    timers: arriveDue ? [{ kind: 'arrive', dueAt: arriveDue }] : [], notify: { followers: true },
  });
}

/** 签收: the handler takes the ticket; on-call categories must then be on site within their arrive limit. */
export function acceptTicket(deps: TicketDeps, actor: Actor, id: number) {
  return takeStep(deps, actor, id, 'accept', (c) => acceptStep(c, whoOf(actor)));
}

/**
 * Accepts a ticket still waiting to be accepted, in the caller's transaction, for a person another domain
 * has already authorised: someone who acknowledged the ticket's device alarm answered it, so its escalation stops.
 */
export async function acceptAwaitingTicket(trx: Kysely<DB>, id: number, who: Who, at: Date): Promise<boolean> {
  const ticket = await store.lockTicket(trx, id);
  if (!ticket || !['submitted', 'dispatched'].includes(ticket.status)) return false;
  await acceptStep({ trx, ticket, at }, who);
  return true;
}

export function arriveAtTicket(deps: TicketDeps, actor: Actor, id: number) {
  return takeStep(deps, actor, id, 'arrive', async (c) => {
    await recordStep(c.trx, c.ticket, whoOf(actor), c.at, { kind: 'arrived', to: 'on_site', set: { arrived_at: c.at, arrive_due: null }, notify: { followers: true } });
  });
}

/** 办结: with a note and photos; the reporter is asked to rate, and an unanswered callback closes after N days. */
export async function resolveTicket(deps: TicketDeps, actor: Actor, id: number, note: string, files: UploadedFile[] = []) {
  const images = await preparePhotos(files);
  return takeStep(deps, actor, id, 'resolve', async (c) => {
    const callbackDue = new Date(c.at.getTime() + ticketPolicy.callbackDays * 86_400_000);
    const eventId = await recordStep(c.trx, c.ticket, whoOf(actor), c.at, {
      kind: 'resolved', to: 'resolved', body: note.trim(), set: { resolved_at: c.at, resolve_due: null, arrive_due: null, accept_due: null, paused_at: null },
      timers: [{ kind: 'callback', dueAt: callbackDue }], notify: { followers: true },
    });
    return { eventId, audit: { photos: images.length } };
  }, images);
}

/** 等待居民配合: the clocks stop until the handler resumes; no deadline can be breached meanwhile. */
export function pauseTicket(deps: TicketDeps, actor: Actor, id: number, reason: string) {
  return takeStep(deps, actor, id, 'pause', async (c) => {
    await recordStep(c.trx, c.ticket, whoOf(actor), c.at, { kind: 'paused', body: reason.trim(), set: { paused_at: c.at }, notify: { followers: true } });
    return { audit: { reason } };
  });
}

/** The wait is over: every open deadline moves on by the time spent waiting, and is armed again. */
export function resumeTicket(deps: TicketDeps, actor: Actor, id: number) {
  return takeStep(deps, actor, id, 'resume', async (c) => {
    const waited = c.at.getTime() - c.ticket.paused_at!.getTime();
    const later = (due: Date | null) => (due === null ? null : new Date(due.getTime() + waited));
    const dues = { accept_due: later(c.ticket.accept_due), arrive_due: later(c.ticket.arrive_due), resolve_due: later(c.ticket.resolve_due) };
    const timers = (['accept', 'arrive', 'resolve'] as const).flatMap((kind) => {
      const dueAt = dues[`${kind}_due`];
      return dueAt ? [{ kind, dueAt }] : [];
    });
    await recordStep(c.trx, c.ticket, whoOf(actor), c.at, {
      kind: 'resumed', set: { ...dues, paused_at: null }, timers, details: { waitedMinutes: Math.round(waited / 60_000) }, notify: { followers: true },
    });
    return { audit: { waitedMinutes: Math.round(waited / 60_000) } };
  });
}

/** A note on the timeline (with photos), for handlers and dispatchers. */
export async function addTicketNote(deps: TicketDeps, actor: Actor, id: number, text: string, files: UploadedFile[] = []) {
  const images = await preparePhotos(files);
  return takeStep(deps, actor, id, 'note', async (c) => {
    const eventId = await recordStep(c.trx, c.ticket, whoOf(actor), c.at, { kind: 'note', body: text.trim(), notify: { followers: true } });
    return { eventId, audit: { photos: images.length } };
  }, images);
}

/** "Not ours", with the reason: a grid's ticket goes back to its community, a department's to the subdistrict. */
export function returnTicket(deps: TicketDeps, actor: Actor, id: number, reason: string) {
  return takeStep(deps, actor, id, 'return', async (c) => {
    const to = await ladderAssignment(c.trx, c.ticket, c.ticket.level === 3 ? 2 : 1);
    await handTo(c, actor, to, 'returned', reason.trim());
    return { audit: { reason } };
  });
}

async function requireGridOf(trx: Kysely<DB>, communityId: number, gridId: number | undefined) {
  const grid = gridId === undefined ? undefined : await store.findArea(trx, gridId);
  if (!grid || grid.level !== 'grid' || grid.community_id !== communityId) {
    throw new AppError('VALIDATION_FAILED', {}, [{ path: 'body.gridId', code: 'GRID_NOT_IN_COMMUNITY' }]);
  }
  return grid;
}

async function requireDepartment(trx: Kysely<DB>, departmentId: number | undefined) {
  const department = departmentId === undefined ? undefined
    : await trx.selectFrom('department').select(['id', 'name']).where('id', '=', departmentId).executeTakeFirst();
  if (!department) throw new AppError('DEPARTMENT_NOT_FOUND');
  return department;
}

/** 派单 / 改派: to a grid of the ticket's community, to the community's staff, or to a department (a whistle). */
export function dispatchTicket(deps: TicketDeps, actor: Actor, id: number, body: DispatchBody) {
  return takeStep(deps, actor, id, 'dispatch', async (c) => {
    const reason = body.reason?.trim() || null;
    if (body.target === 'department') {
      const department = await requireDepartment(c.trx, body.departmentId);
      await handTo(c, actor, { level: 3, areaId: null, departmentId: department.id }, 'whistled', reason);
    } else if (body.target === 'grid') {
      const grid = await requireGridOf(c.trx, c.ticket.community_id, body.gridId);
      await handTo(c, actor, { level: 0, areaId: grid.id, departmentId: null }, 'dispatched', reason, { set: { grid_id: grid.id } });
    } else {
      await handTo(c, actor, await ladderAssignment(c.trx, c.ticket, 1), 'dispatched', reason);
    }
    return { audit: { ...body } };
  });
}

/** 吹哨: the subdistrict (or community) calls a department, which must report (accept) within its limit. */
export function whistleTicket(deps: TicketDeps, actor: Actor, id: number, departmentId: number, reason: string) {
  return takeStep(deps, actor, id, 'whistle', async (c) => {
    const department = await requireDepartment(c.trx, departmentId);
    await handTo(c, actor, { level: 3, areaId: null, departmentId: department.id }, 'whistled', reason.trim());
    return { audit: { departmentId, reason } };
  });
}

/** Staff put the ticket in the right grid (the point was off); a grid-level ticket goes to that grid's workers. */
export function regridTicket(deps: TicketDeps, actor: Actor, id: number, gridId: number, reason?: string) {
  return takeStep(deps, actor, id, 'regrid', async (c) => {
    const grid = await requireGridOf(c.trx, c.ticket.community_id, gridId);
    const moveAssignee = c.ticket.level === 0;
    await recordStep(c.trx, c.ticket, whoOf(actor), c.at, {
      kind: 'regridded', body: reason?.trim() || null, details: { fromGridId: c.ticket.grid_id, gridId },
      set: { grid_id: grid.id, ...(moveAssignee ? { assignee_area_id: grid.id } : {}) },
      notify: moveAssignee ? { handlers: { level: 0, areaId: grid.id, departmentId: null } } : undefined,
    });
    return { audit: { gridId } };
  });
}

/** A duplicate merged into the ticket that stays: its followers follow that one and are told. */
export function mergeTicket(deps: TicketDeps, actor: Actor, id: number, intoId: number, reason?: string) {
  return takeStep(deps, actor, id, 'merge', async (c) => {
    const into = await store.lockTicket(c.trx, intoId);
    if (!into || into.id === id || into.community_id !== c.ticket.community_id || !store.openStatuses.includes(into.status)) {
      throw new AppError('VALIDATION_FAILED', {}, [{ path: 'body.intoId', code: 'MERGE_TARGET_INVALID' }]);
    }
    await recordStep(c.trx, c.ticket, whoOf(actor), c.at, {
      kind: 'merged', to: 'merged', body: reason?.trim() || null, details: { intoId },
      set: { merged_into: intoId, closed_at: c.at, accept_due: null, arrive_due: null, resolve_due: null, paused_at: null }, notify: { followers: true },
    });
    await store.copySubscribers(c.trx, id, intoId);
    return { audit: { intoId } };
  });
}

/** Staff close a ticket with its outcome: resolved, or 办结未解决 (closed, not resolved), with the reason. */
export function closeTicket(deps: TicketDeps, actor: Actor, id: number, outcome: 'resolved' | 'not_resolved', reason: string) {
  return takeStep(deps, actor, id, 'close', async (c) => {
    await recordStep(c.trx, c.ticket, whoOf(actor), c.at, {
      kind: 'closed', to: 'closed', body: reason.trim(), details: { outcome },
      set: { outcome, closed_at: c.at, accept_due: null, arrive_due: null, resolve_due: null, paused_at: null }, notify: { followers: true },
    });
    return { audit: { outcome, reason } };
  });
}

/** The reporter takes the report back before anyone accepted it. */
export function withdrawTicket(deps: TicketDeps, actor: Actor, id: number, reason?: string) {
  return takeStep(deps, actor, id, 'withdraw', async (c) => {
    await recordStep(c.trx, c.ticket, whoOf(actor), c.at, {
      kind: 'withdrawn', to: 'withdrawn', body: reason?.trim() || null,
      set: { closed_at: c.at, accept_due: null, arrive_due: null, resolve_due: null },
      notify: { handlers: { level: c.ticket.level, areaId: c.ticket.assignee_area_id, departmentId: c.ticket.assignee_department_id } },
    });
  });
}

/**
 * Not fixed: back to whoever had it, the accept and resolve clocks restarted, counted against the
 * resolution rate (a 'reopened' event, or the 'rated' event that said "not resolved").
 */
async function reopen(c: StepContext, actor: Actor, reason: string | null, fromRating: boolean) {
  const category = await categoryOf(c.trx, c.ticket);
  const resolveDue = await dueAfter(c.trx, category.calendar, c.at, category.resolve_minutes);
  const to: Assignment = { level: c.ticket.level, areaId: c.ticket.assignee_area_id, departmentId: c.ticket.assignee_department_id };
  await handTo(c, actor, to, 'reopened', reason, {
    resolveDue, details: { fromRating },
    set: { reopen_count: c.ticket.reopen_count + 1, outcome: null, closed_at: null, resolved_at: null, resolve_due: resolveDue, rating_resolved: false },
  });
  return { audit: { fromRating } };
}

/** The resident's rating (or one staff took by phone): resolved closes the ticket, not resolved reopens it. */
export function rateTicket(deps: TicketDeps, actor: Actor, id: number, body: RateBody) {
  return takeStep(deps, actor, id, 'rate', async (c) => {
    const comment = body.comment?.trim() || null;
    const rating = { rating: body.rating, rating_resolved: body.resolved, rating_comment: comment, rated_at: c.at };
    await recordStep(c.trx, c.ticket, whoOf(actor), c.at, {
      kind: 'rated', body: comment, details: { resolved: body.resolved, rating: body.rating, byReporter: c.ticket.reporter_user_id === actor.userId },
      ...(body.resolved ? { to: 'closed', set: { ...rating, outcome: 'resolved', closed_at: c.at } } : { set: rating }),
      notify: { handlers: { level: c.ticket.level, areaId: c.ticket.assignee_area_id, departmentId: c.ticket.assignee_department_id } },
    });
    if (!body.resolved) await reopen({ ...c, ticket: { ...c.ticket, status: 'resolved' } }, actor, comment, true);
    return { audit: { resolved: body.resolved, rating: body.rating } };
  });
}

/** The reporter says it is not fixed after all. */
export function reopenTicket(deps: TicketDeps, actor: Actor, id: number, reason: string) {
  return takeStep(deps, actor, id, 'reopen', (c) => reopen(c, actor, reason.trim(), false));
}
