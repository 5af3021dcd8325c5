import type { Kysely } from 'kysely';
import type { CategoryAttribute, DB, TicketEventKind, TicketStatus } from '../db/schema.ts';
import type { TicketView } from './schema.ts';
import { ticketSettings } from './settingsCache.ts';
import type * as store from './store.ts';

// How tickets are shown: the view of a row, its timeline, and the names a just-written ticket is shown with.

type Label = { zh: string; en: string };
const iso = (d: Date | null) => d?.toISOString() ?? null;

/** A ticket as handlers see it; `publicView` hides who reported it (residents following someone else's report). */
export function presentTicket(row: store.TicketViewRow, publicView = false): TicketView {
  const reporter = row.reporter_name ?? row.contact_masked ?? null;
  return {
    id: row.id, communityId: row.community_id, communityName: row.community_name, gridId: row.grid_id, gridName: row.grid_name ?? null,
    categoryCode: row.category_code, categoryName: row.category_name as Label, source: row.source, description: row.description,
    location: row.lon === null || row.lat === null ? null : { lon: row.lon, lat: row.lat }, address: row.address, priority: row.priority,
    status: row.status, outcome: row.outcome, level: row.level, assigneeAreaId: row.assignee_area_id, assigneeAreaName: row.assignee_area_name ?? null,
    assigneeDepartmentId: row.assignee_department_id, assigneeDepartmentName: row.assignee_department_name ?? null,
    assigneeUserName: row.assignee_user_name ?? null, mergedInto: row.merged_into, anonymous: row.anonymous, externalId: row.external_id,
    reporter: publicView ? null : reporter,
    acceptDue: iso(row.accept_due), arriveDue: iso(row.arrive_due), resolveDue: iso(row.resolve_due),
    acceptBreached: row.accept_breached_at !== null, arriveBreached: row.arrive_breached_at !== null, resolveBreached: row.resolve_breached_at !== null,
    acceptedAt: iso(row.accepted_at), arrivedAt: iso(row.arrived_at), resolvedAt: iso(row.resolved_at), closedAt: iso(row.closed_at),
    whistledAt: iso(row.whistled_at), pausedAt: iso(row.paused_at), reopenCount: row.reopen_count, rating: row.rating, ratingResolved: row.rating_resolved,
    ratingComment: row.rating_comment, createdAt: row.created_at.toISOString(), updatedAt: row.updated_at.toISOString(),
  };
}

/** One answer to a category's question (an Open311 attribute): the question, and each value chosen or given. */
export interface AttributeAnswer {
  code: string;
  label: Label;
  values: { key: string; name: Label }[];
}

/**
 * A report's answers in the order the category asks its questions, each value with its name in both
 * languages (a list's option name; a typed value as it was given). Answers to questions the category no
 * longer asks are left out: there is nothing to label them with.
 */
export function presentAnswers(definitions: CategoryAttribute[], answers: Readonly<Record<string, unknown>>): AttributeAnswer[] {
  return [...definitions].sort((a, b) => a.order - b.order).flatMap((def) => {
    const answer = answers[def.code];
    if (answer === undefined) return [];
    const isList = def.datatype === 'singlevaluelist' || def.datatype === 'multivaluelist';
    const values = ([] as unknown[]).concat(isList ? answer : [answer]).map(String).map((key) => {
      const given = { zh: key, en: key };
      return { key, name: isList ? def.values?.find((v) => v.key === key)?.name ?? given : given };
    });
    return [{ code: def.code, label: def.description, values }];
  });
}

/** An event of a ticket's timeline, as the table holds it. */
export interface TimelineRow {
  id: number;
  kind: TicketEventKind;
  at: Date;
  actor_name: string;
  from_status: TicketStatus | null;
  to_status: TicketStatus | null;
  body: string | null;
  details: unknown;
}

/** A photo of a ticket, with the event it belongs to. */
export interface PhotoRow {
  id: number;
  event_id: number;
  width: number;
  height: number;
}

/** The timeline as the detail shows it, each event with its photos. */
export function presentTimeline(timeline: TimelineRow[], photos: PhotoRow[]) {
  return timeline.map((e) => ({
    id: e.id, kind: e.kind, at: e.at.toISOString(), actorName: e.actor_name, fromStatus: e.from_status, toStatus: e.to_status, body: e.body,
    details: (e.details ?? {}) as Record<string, unknown>,
    photos: photos.filter((p) => p.event_id === e.id).map((p) => ({ id: p.id, width: p.width, height: p.height })),
  }));
}

/** An event just written as the table gives it back: its details through JSON (dates as text, nothing undefined). */
export function eventRow(id: number, e: Omit<store.EventInsert, 'ticketId'>): TimelineRow {
  return {
    id, kind: e.kind, at: e.at, actor_name: e.actorName, from_status: e.fromStatus ?? null, to_status: e.toStatus ?? null, body: e.body ?? null,
    details: JSON.parse(JSON.stringify(e.details ?? {})),
  };
}

/**
 * A ticket just written with the names a read would join to it, from this process's settings copy; undefined
 * when one is not there (an area newer than the copy, a department), and the ticket is then read instead.
 */
export async function withNames(db: Kysely<DB>, ticket: store.TicketRow, reporterName: string | null): Promise<store.TicketViewRow | undefined> {
  if (db.isTransaction || ticket.assignee_department_id !== null || ticket.assignee_user_id !== null) return undefined;
  const [areas, categories] = await Promise.all([ticketSettings(db, 'areas'), ticketSettings(db, 'categories')]);
  const nameOf = (id: number | null) => (id === null ? null : areas.byId(id)?.name);
  const [community, grid, assignee] = [nameOf(ticket.community_id), nameOf(ticket.grid_id), nameOf(ticket.assignee_area_id)];
  const category = categories.get(ticket.category_code);
  if (!community || grid === undefined || assignee === undefined || !category) return undefined;
  return {
    ...ticket, community_name: community, grid_name: grid, category_name: category.name, assignee_area_name: assignee,
    assignee_department_name: null, assignee_user_name: null, reporter_name: reporterName,
  };
}

