import type { Kysely } from 'kysely';
import { boxAround, haversineMetres } from '../access/geodesic.ts';
import type { Part } from '../db/parts.ts';
import type { DB } from '../db/schema.ts';
import { notifyEachInsert } from '../notifications/inbox.ts';
import { webhookEventsInsert } from '../notifications/webhooks.ts';
import { auditEntriesInsert, type AuditEntry } from '../platform/audit/store.ts';
import { coalesce, perObject } from '../platform/coalesce.ts';
import type { PhotoInsert } from '../platform/images.ts';
import { addCalendarMinutes } from './calendar.ts';
import { acceptDueAt } from './deadlines.ts';
import { eventRow, type PhotoRow, type TimelineRow } from './present.ts';
import { ticketPolicy } from './policy.ts';
import type { PreparedTicket } from './service.ts';
import * as stepStore from './stepStore.ts';
import { announceStep, dispatchOf, stepChanges, stepEvent, stepNotices, systemWho, type StepTicket } from './steps.ts';
import * as store from './store.ts';

/**
 * Writing new tickets. A new ticket is written whole in one statement: the ticket already dispatched,
 * its 'created' and 'dispatched' events, its reporter following, its deadlines, its photos, its audit
 * entry, the handlers told and the webhook outbox. A batch of tickets goes in one statement just as
 * well, and that is how the reports of concurrent requests are written (writeReport, a group commit):
 * a report costs round trips between Node and the database far more than rows, so reports arriving
 * together share them.
 */

/** A checked report to write, when it was made, and its photos (already stored). */
export interface NewTicketItem {
  ticket: PreparedTicket;
  at: Date;
  photos: PhotoInsert[];
}

/** What writing a new ticket wrote: the ticket as dispatched, its 'created' and 'dispatched' events, its photos, and the reports the proactive rule counts when asked for. */
export interface WrittenTicket {
  ticket: store.TicketRow;
  timeline: TimelineRow[];
  photos: PhotoRow[];
  recent?: store.RecentReport[];
}

type Label = { zh: string; en: string };

/** Where the proactive rule looks around a new report (any status, since D days); undefined where it does not look. */
function recentProbe(t: PreparedTicket, at: Date, forId: number): store.RecentProbe | undefined {
  const point = t.input.location;
  const rule = ticketPolicy.proactive;
  if (!point || t.origin.source === 'proactive') return undefined;
  return { forId, categoryCode: t.category.code, box: boxAround(point.lon, point.lat, rule.radiusM), since: new Date(at.getTime() - rule.days * 86_400_000) };
}

/** Every row of one new ticket with its reserved ids, what it tells others, and the timeline it makes. */
function planTicket(item: NewTicketItem, id: number, eventIds: [number, number]) {
  const { ticket: t, at } = item;
  const { category, placement, assignment, input, origin } = t;
  const acceptDue = acceptDueAt(t.timing, category, placement.communityId, assignment.level, at);
  const resolveDue = addCalendarMinutes(at, category.resolve_minutes, category.calendar, t.timing.specialDays);
  const submitted: StepTicket = { id, status: 'submitted', community_id: placement.communityId, level: 0 };
  const dispatch = dispatchOf(at, assignment, {
    acceptDue, extraTimers: [{ kind: 'resolve', dueAt: resolveDue }], set: { resolve_due: resolveDue, first_accept_due: acceptDue },
  });
  const created = { kind: 'created', toStatus: 'submitted', details: { ...origin.details, source: origin.source }, actorId: origin.who.id, actorName: origin.who.name, at } as const;
  const dispatched = stepEvent(submitted, systemWho, at, dispatch);
  const write: stepStore.NewTicketWrite = {
    row: {
      id, community_id: placement.communityId, grid_id: placement.gridId, category_code: category.code, source: origin.source,
      external_id: origin.externalId ?? null, description: input.description.trim(), lon: input.location?.lon ?? null, lat: input.location?.lat ?? null,
      address: input.address?.trim() ?? '', priority: input.priority ?? 'normal', reporter_user_id: origin.reporterUserId,
      anonymous: input.anonymous ?? false, contact_sealed: t.contact.sealed, contact_masked: t.contact.masked,
      media_url: input.mediaUrl ?? null, created_at: at,
      ...stepChanges(submitted, dispatch, at), status: 'dispatched', attributes: input.attributes ?? {},
    },
    events: [{ id: eventIds[0], ...created }, { id: eventIds[1], ...dispatched }],
    subscriberId: origin.reporterUserId,
    timers: dispatch.timers ?? [],
    photos: item.photos,
  };
  const audit: AuditEntry = {
    actorId: origin.auditActor.id, actorName: origin.auditActor.name, action: 'ticket.create', entity: 'ticket', entityId: id,
    communityId: placement.communityId, ip: origin.auditActor.ip, details: { source: origin.source, category: category.code },
  };
  return { write, audit, submitted, dispatch, ...stepNotices(submitted, systemWho, at, dispatch), timeline: [eventRow(eventIds[0], created), eventRow(eventIds[1], dispatched)] };
}

type TicketPlan = ReturnType<typeof planTicket>;

/** What the other domains keep of a batch of new tickets, each kind in one part: audit entries, the handlers' notifications, webhook deliveries. */
function batchParts(plans: TicketPlan[]): Part[] {
  // A new ticket's notice goes to its handlers only (none of it to followers: it has none yet but its reporter).
  const notices = plans.flatMap((p) => (p.notice?.to.handlers ? [{ ...p.notice, target: p.notice.to.handlers }] : []));
  return [
    auditEntriesInsert(plans.map((p) => p.audit)),
    ...(notices.length ? [notifyEachInsert(stepStore.handlerPairs(notices.map((n) => n.target)), notices)] : []),
    webhookEventsInsert(plans.map((p) => p.webhook)),
  ];
}

/**
 * Writes new tickets in the caller's transaction, in one statement after their ids are reserved. With
 * `readRecent`, each comes with the reports the proactive rule counts: those stored before, and the
 * batch's own of its category up to and including it, as if they had been written one by one.
 */
export async function writeNewTickets(trx: Kysely<DB>, items: NewTicketItem[], readRecent: boolean): Promise<WrittenTicket[]> {
  const ids = await stepStore.reserveIds(trx, items.length, 2 * items.length);
  const plans = items.map((item, i) => planTicket(item, ids.tickets[i], [ids.events[2 * i], ids.events[2 * i + 1]]));
  const probes = readRecent ? items.flatMap((item, i) => recentProbe(item.ticket, item.at, ids.tickets[i]) ?? []) : [];
  const stored = await stepStore.insertNewTickets(trx, {
    tickets: plans.map((p) => p.write), also: batchParts(plans), recent: probes.length ? store.recentInBoxes(probes) : undefined,
  });
  for (const [i, p] of plans.entries()) await announceStep(trx, p.submitted, systemWho, items[i].at, p.dispatch);
  return stored.map((s, i) => ({
    ticket: s.ticket,
    timeline: plans[i].timeline,
    photos: s.photos,
    recent: s.recent && [...s.recent, ...stored.slice(0, i + 1).filter((o) => o.ticket.category_code === s.ticket.category_code).map((o) => reportOf(o.ticket))],
  }));
}

const reportOf = (t: store.TicketRow): store.RecentReport => ({ id: t.id, lon: t.lon, lat: t.lat, source: t.source, status: t.status });

/** Writes one new ticket in the caller's transaction: routed, deadlines armed, reporter following, handlers told, audited. */
export async function insertNewTicket(trx: Kysely<DB>, t: PreparedTicket, at: Date): Promise<{ id: number; eventId: number }> {
  const [{ ticket, timeline }] = await writeNewTickets(trx, [{ ticket: t, at, photos: [] }], false);
  return { id: ticket.id, eventId: timeline[0].id };
}

/** A report as the proactive rule counts it. */
type CountedReport = Pick<store.RecentReport, 'lon' | 'lat' | 'source' | 'status'>;

/**
 * 未诉先办: when this report makes K reports of its category within the radius in D days and no proactive
 * ticket for that place is open yet, the system opens one itself, so the cause is handled, not each report.
 * `recent` is what writeNewTickets gave (this report among them). The proactive ticket to open, if any.
 */
function proactiveFor(item: NewTicketItem, recent: CountedReport[]): NewTicketItem | undefined {
  const { ticket: t, at } = item;
  const point = t.input.location;
  const rule = ticketPolicy.proactive;
  if (!point || !recentProbe(t, at, 0)) return undefined;
  const near = recent.filter((r) => haversineMetres(point.lon, point.lat, r.lon!, r.lat!) <= rule.radiusM);
  const reports = near.filter((r) => r.source !== 'proactive').length;
  const alreadyOpen = near.some((r) => r.source === 'proactive' && store.openStatuses.includes(r.status));
  if (reports < rule.repeats || alreadyOpen) return undefined;
  const name = t.category.name as Label;
  const ticket: PreparedTicket = {
    ...t,
    origin: { source: 'proactive', who: systemWho, reporterUserId: null, auditActor: { id: null, name: 'system', ip: null } },
    input: { ...t.input, anonymous: false, priority: 'high', description: `未诉先办：${rule.days} 天内此处第 ${reports} 次反映“${name.zh}”，请查明原因一并解决。` },
    contact: { sealed: null, masked: null },
  };
  return { ticket, at, photos: [] };
}

/** The proactive tickets the written reports call for, in order: each report sees those opened for the reports before it. */
function proactiveTickets(items: NewTicketItem[], written: WrittenTicket[]): NewTicketItem[] {
  const opened: NewTicketItem[] = [];
  for (const [i, w] of written.entries()) {
    const { categoryCode } = items[i].ticket.input;
    const openedHere = opened.filter((o) => o.ticket.input.categoryCode === categoryCode)
      .map((o): CountedReport => ({ lon: o.ticket.input.location!.lon, lat: o.ticket.input.location!.lat, source: 'proactive', status: 'dispatched' }));
    const proactive = proactiveFor(items[i], [...(w.recent ?? []), ...openedHere]);
    if (proactive) opened.push(proactive);
  }
  return opened;
}

/** Reports written in the caller's transaction, then the proactive tickets they call for, together in one more statement. */
export async function openReports(trx: Kysely<DB>, items: NewTicketItem[]): Promise<WrittenTicket[]> {
  const written = await writeNewTickets(trx, items, true);
  const proactive = proactiveTickets(items, written);
  if (proactive.length) await writeNewTickets(trx, proactive, false);
  return written;
}

/** Reports in one transaction; when that fails, each in its own, so one bad report fails alone. */
async function openTogether(db: Kysely<DB>, items: NewTicketItem[]): Promise<PromiseSettledResult<WrittenTicket>[]> {
  try {
    const written = await db.transaction().execute((trx) => openReports(trx, items));
    return written.map((value) => ({ status: 'fulfilled', value }));
  } catch (reason) {
    if (items.length === 1) return [{ status: 'rejected', reason }];
    const results: PromiseSettledResult<WrittenTicket>[] = [];
    for (const item of items) results.push(...(await openTogether(db, [item])));
    return results;
  }
}

/** Reports written by one statement at most: larger batches only make each report wait longer for its answer. */
export const REPORTS_PER_STATEMENT = 64;

/** Reports arriving while earlier ones are being written go together in the next transaction. */
const reportWriter = perObject((db: Kysely<DB>) => coalesce((items: NewTicketItem[]) => openTogether(db, items), { maxBatch: REPORTS_PER_STATEMENT, maxRunning: 1 }));

/**
 * Writes a report as a new ticket, with the proactive rule after it, committed when this resolves: with
 * the reports of concurrent requests on the database, or in the caller's transaction on its own.
 */
export async function writeReport(db: Kysely<DB>, item: NewTicketItem): Promise<WrittenTicket> {
  if (db.isTransaction) return (await openReports(db, [item]))[0];
  return reportWriter(db)(item);
}
