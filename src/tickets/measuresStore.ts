import { sql, type Kysely, type QueryCreator } from 'kysely';
import type { DB } from '../db/schema.ts';
import { breached, inHandStatuses, inReach, type TicketReach } from './store.ts';

// SQL of the three rates (三率): one aggregate query per request; the definitions are in measures.ts.

export const measureGroupings = ['grid', 'community', 'subdistrict', 'department'] as const;
export type MeasureGrouping = (typeof measureGroupings)[number];

export interface MeasureFilters {
  groupBy: MeasureGrouping;
  /** Created at or after this instant and before `createdBefore`. */
  createdFrom: Date;
  createdBefore: Date;
  communityId?: number;
  categoryCode?: string;
  /** "Now" of the injected clock: deadlines passed by then count. */
  now: Date;
}

/** The column a ticket (`t`, its community `c`) is grouped by. */
const groupColumn = { grid: 't.grid_id', community: 't.community_id', subdistrict: 'c.parent_id', department: 't.assignee_department_id' } as const;
const nameTable = { grid: 'area', community: 'area', subdistrict: 'area', department: 'department' } as const;
// Still in a handler's hands: a resolved ticket waits for the resident, not for the handler.
const inHand = inHandStatuses;

const minutesSinceCreated = (column: string) => sql<number | null>`(extract(epoch from (${sql.ref(column)} - t.created_at)) / 60)::float8`;
/** Average and 90th percentile of a minutes column, to one decimal. */
const timeStats = (column: string) => [
  sql<number | null>`round(avg(${sql.ref(column)})::numeric, 1)`,
  sql<number | null>`round((percentile_cont(0.9) WITHIN GROUP (ORDER BY ${sql.ref(column)}))::numeric, 1)`,
] as const;
const rate = (part: string, whole: string) => sql<number | null>`${sql.ref(part)}::float8 / nullif(${sql.ref(whole)}, 0)`;

/** The period's tickets within reach, one row per ticket with what the measures ask of it. */
function periodTickets(db: QueryCreator<DB>, reach: TicketReach, f: MeasureFilters) {
  const firstDuePassed = sql<boolean>`(t.first_accept_due < ${f.now} AND (t.closed_at IS NULL OR t.closed_at > t.first_accept_due))`;
  return db
    .selectFrom('ticket as t')
    .innerJoin('area as c', 'c.id', 't.community_id')
    .where((eb) => inReach(eb, reach))
    .where('t.created_at', '>=', f.createdFrom)
    .where('t.created_at', '<', f.createdBefore)
    .$if(f.communityId !== undefined, (q) => q.where('t.community_id', '=', f.communityId!))
    .$if(f.categoryCode !== undefined, (q) => q.where('t.category_code', '=', f.categoryCode!))
    .$if(f.groupBy === 'department', (q) => q.where('t.assignee_department_id', 'is not', null))
    .select([
      't.id',
      't.outcome',
      sql<number | null>`${sql.ref(groupColumn[f.groupBy])}`.as('group_id'),
      sql<boolean>`(t.accepted_at IS NOT NULL OR ${firstDuePassed})`.as('due'),
      sql<boolean>`(t.accepted_at <= t.first_accept_due)`.as('in_time'),
      minutesSinceCreated('t.accepted_at').as('accept_minutes'),
      minutesSinceCreated('t.arrived_at').as('arrive_minutes'),
      minutesSinceCreated('t.resolved_at').as('resolve_minutes'),
      sql<boolean>`(${breached} AND t.status IN (${sql.join(inHand)}))`.as('overdue_open'),
    ]);
}

/**
 * The measures per group and in total (grouping sets), each group ranked by response, resolution and
 * satisfaction rate (nulls last; equal rates share a rank). The total row has is_total set.
 */
export async function selectMeasures(db: Kysely<DB>, reach: TicketReach, f: MeasureFilters) {
  const [avgAccept, p90Accept] = timeStats('p.accept_minutes');
  const [avgArrive, p90Arrive] = timeStats('p.arrive_minutes');
  const [avgResolve, p90Resolve] = timeStats('p.resolve_minutes');
  return db
    .with('p', (qb) => periodTickets(qb, reach, f))
    // The timeline's ratings and reopenings of each ticket (a reopening by rating is already its 'rated' event).
    .with('e', (qb) => qb
      .selectFrom('ticket_event as ev')
      .where('ev.ticket_id', 'in', qb.selectFrom('p').select('p.id'))
      .where('ev.kind', 'in', ['rated', 'reopened'])
      .groupBy('ev.ticket_id')
      .select([
        'ev.ticket_id',
        sql<number>`count(*) FILTER (WHERE ev.kind = 'rated')`.as('rated'),
        sql<number>`count(*) FILTER (WHERE ev.kind = 'rated' AND ev.details->>'resolved' = 'true')`.as('confirmed'),
        sql<number>`count(*) FILTER (WHERE ev.kind = 'rated' AND ev.details->>'rating' IN ('satisfied', 'basically_satisfied'))`.as('satisfied'),
        sql<number>`count(*) FILTER (WHERE ev.kind = 'reopened' AND ev.details->>'fromRating' IS DISTINCT FROM 'true')`.as('reopened'),
      ]))
    .with('s', (qb) => qb
      .selectFrom('p')
      .leftJoin('e', 'e.ticket_id', 'p.id')
      .groupBy(sql`GROUPING SETS ((p.group_id), ())`)
      .select([
        'p.group_id',
        sql<boolean>`grouping(p.group_id) = 1`.as('is_total'),
        sql<number>`count(*)`.as('tickets'),
        sql<number>`count(*) FILTER (WHERE p.due)`.as('due_for_acceptance'),
        sql<number>`count(*) FILTER (WHERE p.in_time)`.as('accepted_in_time'),
        sql<number>`coalesce(sum(e.rated), 0)`.as('rated'),
        sql<number>`coalesce(sum(e.confirmed), 0)`.as('confirmed_resolved'),
        sql<number>`coalesce(sum(e.satisfied), 0)`.as('satisfied'),
        sql<number>`coalesce(sum(e.rated + e.reopened), 0)`.as('resolution_base'),
        avgAccept.as('avg_accept_minutes'), p90Accept.as('p90_accept_minutes'),
        avgArrive.as('avg_arrive_minutes'), p90Arrive.as('p90_arrive_minutes'),
        avgResolve.as('avg_resolve_minutes'), p90Resolve.as('p90_resolve_minutes'),
        sql<number>`count(*) FILTER (WHERE p.overdue_open)`.as('overdue_open'),
        sql<number>`count(*) FILTER (WHERE p.outcome = 'no_answer')`.as('no_answer'),
        sql<number>`count(*) FILTER (WHERE p.outcome = 'not_resolved')`.as('closed_not_resolved'),
      ]))
    .with('r', (qb) => qb
      .selectFrom('s')
      .selectAll('s')
      .select([
        rate('s.accepted_in_time', 's.due_for_acceptance').as('response_rate'),
        rate('s.confirmed_resolved', 's.resolution_base').as('resolution_rate'),
        rate('s.satisfied', 's.rated').as('satisfaction_rate'),
      ]))
    .selectFrom('r')
    .selectAll('r')
    .select([
      sql<string | null>`(SELECT n.name FROM ${sql.table(nameTable[f.groupBy])} n WHERE n.id = r.group_id)`.as('name'),
      sql<number>`rank() OVER (PARTITION BY r.is_total
        ORDER BY r.response_rate DESC NULLS LAST, r.resolution_rate DESC NULLS LAST, r.satisfaction_rate DESC NULLS LAST)`.as('rank'),
    ])
    .orderBy('r.is_total')
    .orderBy('rank')
    .orderBy('r.tickets', 'desc')
    .orderBy('name')
    .execute();
}
export type MeasureRow = Awaited<ReturnType<typeof selectMeasures>>[number];
