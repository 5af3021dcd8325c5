import { useQuery } from '@tanstack/react-query';
import type { Measures, MeasuresQuery as ServerMeasuresQuery, MeasuresRow } from '../../../src/tickets/measures.ts';
import { api, download, type QueryParams } from './client.ts';
import type { TicketView } from './tickets.ts';

/**
 * What only the staff console asks of the service loop (接诉即办): merge targets and the three rates (三率)
 * with their Excel export. Every other ticket call is in tickets.ts, shared with the phone screens.
 */

const ticketsPath = '/api/tickets';

/** Open tickets of a community matching some words or a number: the targets a duplicate may be merged into. */
export function useMergeCandidates(communityId: number, q: string) {
  return useQuery({
    queryKey: [ticketsPath, 'merge-candidates', communityId, q],
    queryFn: () => api.get<{ items: TicketView[] }>(ticketsPath, { communityId, open: true, q: q || undefined, limit: 20 }),
    select: (page) => page.items,
  });
}

/** The three rates (三率): the query as the console always sends it (a period and a grouping), and the answer. */
export type MeasureGroupBy = NonNullable<ServerMeasuresQuery['groupBy']>;
export type MeasuresQuery = Required<Pick<ServerMeasuresQuery, 'groupBy' | 'from' | 'to'>> & Pick<ServerMeasuresQuery, 'communityId' | 'categoryCode'>;
export type { Measures, MeasuresRow };
export type RankedMeasuresRow = Measures['items'][number];

const measuresPath = `${ticketsPath}/measures`;

export function useTicketMeasures(query: MeasuresQuery) {
  return useQuery({
    queryKey: [ticketsPath, 'measures', query],
    queryFn: () => api.get<Measures>(measuresPath, { ...query } satisfies QueryParams),
  });
}

/** The three rates of the same period and grouping as Excel (排名表). */
export function downloadMeasures(query: MeasuresQuery): Promise<void> {
  return download(`${measuresPath}.xlsx`, { ...query }, 'tickets-measures.xlsx');
}
