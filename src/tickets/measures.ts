/**
 * The three rates (三率) of the service loop, per grid, community, subdistrict or department, ranked.
 *
 * Definitions, over the tickets created in the period (China days, inclusive) within the caller's reach:
 * - A ticket belongs to its grid (ticket.grid_id; tickets placed in no grid form one row), its community,
 *   its community's parent area (the subdistrict), or the department it was whistled to
 *   (assignee_department_id; tickets never whistled are left out of that grouping).
 * - Response rate (响应率): accepted by the FIRST accept deadline (accepted_at ≤ first_accept_due) / tickets
 *   due for acceptance: accepted, or whose first accept deadline has passed by now, so open overdue tickets
 *   count as failures. A ticket withdrawn, merged or closed before that deadline without being accepted
 *   was never due.
 * - Resolution rate (解决率): 'rated' timeline events saying resolved / ('rated' events + 'reopened' events
 *   not caused by a rating): a rating "not resolved" and a later "still not fixed" both count against it.
 * - Satisfaction rate (满意率): 'rated' events rating satisfied or basically satisfied / all 'rated' events.
 * - Times, in minutes from creation to accepted_at, arrived_at and resolved_at: average and 90th percentile.
 * - overdueOpen: still in a handler's hands (submitted, dispatched, accepted, on site) with any deadline
 *   breached, as of now; noAnswer: closed because the callback went unanswered; closedNotResolved: closed
 *   by staff as not resolved.
 */
import { Type, type Static } from 'typebox';
import { can, requirePermission, type Actor } from '../platform/actor.ts';
import { chinaDate } from '../platform/clock.ts';
import { AppError, type Locale } from '../platform/errors.ts';
import { measureGroupings, selectMeasures, type MeasureGrouping, type MeasureRow } from './measuresStore.ts';
import { chinaMidnight, reachOf, type TicketDeps } from './service.ts';

const DAY_MS = 86_400_000;
/** The period when none is given: the last 30 China days, ending today. */
const DEFAULT_PERIOD_DAYS = 30;
/** A year, leap day included: longer periods are a report to split. */
const MAX_PERIOD_DAYS = 366;

const ChinaDate = (description: string) => Type.String({ format: 'date', description });
const Rate = (description: string) => Type.Union([Type.Number({ minimum: 0, maximum: 1 }), Type.Null()], { description: `${description}; a fraction 0–1, null when nothing to count` });
const Minutes = (description: string) => Type.Union([Type.Number(), Type.Null()], { description: `${description}, in minutes to one decimal; null when none` });
const Count = (description: string) => Type.Integer({ minimum: 0, description });

export const MeasuresQuery = Type.Object({
  groupBy: Type.Optional(Type.Enum(measureGroupings, {
    description: 'grid (ticket.grid_id), community, subdistrict (the community\'s parent area) or department (whistled to); grid when left out',
  })),
  from: Type.Optional(ChinaDate('first China day of the period (tickets created on or after it); 29 days before `to` when left out')),
  to: Type.Optional(ChinaDate('last China day of the period, inclusive; today when left out; at most 366 days after `from`')),
  communityId: Type.Optional(Type.Integer({ minimum: 1, description: 'only tickets of this community' })),
  categoryCode: Type.Optional(Type.String({ maxLength: 40, description: 'only tickets of this category' })),
  lang: Type.Optional(Type.Enum(['zh-CN', 'en'], { description: 'language of the row names "no grid" and "total", and of the workbook' })),
}, { additionalProperties: false });
export type MeasuresQuery = Static<typeof MeasuresQuery>;

export const MeasuresRow = Type.Object({
  key: Type.String({ description: 'the group id as text, "none" for tickets in no grid, "total" for the total' }),
  id: Type.Union([Type.Integer(), Type.Null()], { description: 'the grid, community, subdistrict or department id' }),
  name: Type.String(),
  tickets: Count('tickets created in the period'),
  dueForAcceptance: Count('tickets accepted, or whose first accept deadline has passed by now (not withdrawn, merged or closed before it)'),
  acceptedInTime: Count('tickets accepted by their first accept deadline'),
  responseRate: Rate('响应率: acceptedInTime / dueForAcceptance'),
  rated: Count('rating events (a ticket rated twice counts twice)'),
  confirmedResolved: Count('rating events in which the resident confirmed the problem solved'),
  resolutionRate: Rate('解决率: confirmedResolved / (rated + reopenings not caused by a rating)'),
  satisfied: Count('rating events rated satisfied or basically satisfied'),
  satisfactionRate: Rate('满意率: satisfied / rated'),
  avgAcceptMinutes: Minutes('average time from creation to acceptance'),
  p90AcceptMinutes: Minutes('90th percentile of the time to acceptance'),
  avgArriveMinutes: Minutes('average time from creation to arrival on site'),
  p90ArriveMinutes: Minutes('90th percentile of the time to arrival'),
  avgResolveMinutes: Minutes('average time from creation to the (latest) resolution'),
  p90ResolveMinutes: Minutes('90th percentile of the time to resolution'),
  overdueOpen: Count('now submitted, dispatched, accepted or on site with any deadline breached'),
  noAnswer: Count('closed because nobody answered the callback'),
  closedNotResolved: Count('closed by staff as not resolved'),
});
export type MeasuresRow = Static<typeof MeasuresRow>;

export const RankedMeasuresRow = Type.Object({
  rank: Type.Integer({ minimum: 1, description: 'by response rate, then resolution rate, then satisfaction rate (nulls last); equal rates share a rank' }),
  ...MeasuresRow.properties,
});

export const Measures = Type.Object({
  from: ChinaDate('first China day of the period'),
  to: ChinaDate('last China day of the period'),
  groupBy: Type.Enum(measureGroupings),
  items: Type.Array(RankedMeasuresRow, { description: 'groups with tickets in the period, best first' }),
  total: MeasuresRow,
});
export type Measures = Static<typeof Measures>;

const addDays = (date: string, days: number) => chinaDate(new Date(chinaMidnight(date).getTime() + days * DAY_MS));

/** The period asked for, with its defaults; VALIDATION_FAILED when it ends before it starts or runs over a year. */
function measurePeriod(q: Pick<MeasuresQuery, 'from' | 'to'>, today: string): { from: string; to: string } {
  const to = q.to ?? today;
  const from = q.from ?? addDays(to, 1 - DEFAULT_PERIOD_DAYS);
  const days = Math.round((chinaMidnight(to).getTime() - chinaMidnight(from).getTime()) / DAY_MS) + 1;
  if (days < 1) throw new AppError('VALIDATION_FAILED', {}, [{ path: 'querystring.to', code: 'PERIOD_REVERSED' }]);
  if (days > MAX_PERIOD_DAYS) throw new AppError('VALIDATION_FAILED', {}, [{ path: 'querystring.to', code: 'PERIOD_TOO_LONG', params: { max: MAX_PERIOD_DAYS } }]);
  return { from, to };
}

const rowNames = { none: { zh: '未划入网格', en: 'No grid' }, total: { zh: '合计', en: 'Total' } };

function presentRow(row: MeasureRow, locale: Locale): MeasuresRow {
  const language = locale === 'en' ? 'en' : 'zh';
  const key = row.is_total ? 'total' : row.group_id === null ? 'none' : String(row.group_id);
  return {
    key, id: row.is_total ? null : row.group_id, name: row.name ?? rowNames[row.is_total ? 'total' : 'none'][language],
    tickets: row.tickets, dueForAcceptance: row.due_for_acceptance, acceptedInTime: row.accepted_in_time, responseRate: row.response_rate,
    rated: row.rated, confirmedResolved: row.confirmed_resolved, resolutionRate: row.resolution_rate, satisfied: row.satisfied,
    satisfactionRate: row.satisfaction_rate, avgAcceptMinutes: row.avg_accept_minutes, p90AcceptMinutes: row.p90_accept_minutes,
    avgArriveMinutes: row.avg_arrive_minutes, p90ArriveMinutes: row.p90_arrive_minutes, avgResolveMinutes: row.avg_resolve_minutes,
    p90ResolveMinutes: row.p90_resolve_minutes, overdueOpen: row.overdue_open, noAnswer: row.no_answer, closedNotResolved: row.closed_not_resolved,
  };
}

/**
 * The three rates of the period's tickets within the actor's reach (tickets.read scope, plus a department
 * officer's whistled tickets), per group and in total, groups ranked best first.
 */
export async function measureTickets(deps: Pick<TicketDeps, 'db' | 'clock'>, actor: Actor, q: MeasuresQuery, locale: Locale): Promise<Measures> {
  requirePermission(actor, can(actor, 'tickets.read') ? 'tickets.read' : 'tickets.handle');
  const now = deps.clock.now();
  const { from, to } = measurePeriod(q, chinaDate(now));
  const groupBy: MeasureGrouping = q.groupBy ?? 'grid';
  const rows = await selectMeasures(deps.db, await reachOf(deps.db, actor), {
    groupBy, createdFrom: chinaMidnight(from), createdBefore: chinaMidnight(addDays(to, 1)), communityId: q.communityId,
    categoryCode: q.categoryCode, now,
  });
  const total = rows.find((r) => r.is_total)!;
  return {
    from, to, groupBy,
    items: rows.filter((r) => !r.is_total).map((r) => ({ rank: r.rank, ...presentRow(r, locale) })),
    total: presentRow(total, locale),
  };
}
