import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Static } from 'typebox';
import type {
  CategoryView,
  CloseBody,
  DispatchBody,
  MergeBody,
  RateBody,
  ReasonBody,
  RegridBody,
  TicketCreate,
  TicketDetail,
  TicketEventView,
  TicketListQuery,
  TicketView,
  WhistleBody,
} from '../../../src/tickets/schema.ts';
import type { Measures, MeasuresQuery as ServerMeasuresQuery, MeasuresRow } from '../../../src/tickets/measures.ts';
import type { TicketAction } from '../../../src/tickets/permissions.ts';
import { api, download, type QueryParams } from './client.ts';
import { usePagedList, type ListFilters } from './paging.ts';

/**
 * The staff console's client for the service loop (接诉即办): the ticket list and map, one ticket and
 * its steps, recording a call, and the three rates (三率). The phone screens have their own module.
 */

export type { CategoryView, TicketAction, TicketCreate, TicketDetail, TicketEventView, TicketView };
export type TicketStatus = TicketView['status'];
export type TicketSource = TicketView['source'];
export type TicketFilters = ListFilters<TicketListQuery>;

const ticketsPath = '/api/tickets';

export function useTickets(filters: TicketFilters, enabled = true) {
  return usePagedList<TicketView, TicketListQuery>(ticketsPath, filters, enabled);
}

/** Open tickets of a community matching some words or a number: the targets a duplicate may be merged into. */
export function useMergeCandidates(communityId: number, q: string) {
  return useQuery({
    queryKey: [ticketsPath, 'merge-candidates', communityId, q],
    queryFn: () => api.get<{ items: TicketView[] }>(ticketsPath, { communityId, open: true, q: q || undefined, limit: 20 }),
    select: (page) => page.items,
  });
}

/** One ticket with its timeline and the caller's actions; keyed under the list so every step refreshes both. */
export function useTicket(id: number | undefined) {
  return useQuery({
    queryKey: [ticketsPath, 'detail', id],
    queryFn: () => api.get<TicketDetail>(`${ticketsPath}/${id}`),
    enabled: id !== undefined,
  });
}

export function useTicketCategories() {
  return useQuery({
    queryKey: ['/api/ticket-categories'],
    queryFn: () => api.get<{ items: CategoryView[] }>('/api/ticket-categories'),
    select: (answer) => answer.items,
    staleTime: 5 * 60_000,
  });
}

/** A step on a ticket: the answer is the ticket as it now is; lists, map and the three rates refresh. */
function useTicketMutation<V>(mutationFn: (variables: V) => Promise<TicketDetail>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn,
    onSuccess: (ticket) => {
      queryClient.setQueryData([ticketsPath, 'detail', ticket.id], ticket);
      return queryClient.invalidateQueries({ queryKey: [ticketsPath] });
    },
  });
}

export function useCreateTicket() {
  return useTicketMutation((body: TicketCreate) => api.post<TicketDetail>(ticketsPath, body));
}

/** What each step sends besides the ticket's id. */
export interface StepBodies {
  accept: undefined;
  arrive: undefined;
  resolve: { note: string; photos: File[] };
  note: { note: string; photos: File[] };
  return: Static<typeof ReasonBody>;
  dispatch: DispatchBody;
  whistle: Static<typeof WhistleBody>;
  merge: Static<typeof MergeBody>;
  regrid: Static<typeof RegridBody>;
  close: Static<typeof CloseBody>;
  rate: RateBody;
}
export type ConsoleAction = keyof StepBodies;

/** Text first, then the photos: the server reads the form in order. */
function noteForm({ note, photos }: { note: string; photos: File[] }): FormData {
  const form = new FormData();
  form.append('note', note);
  for (const photo of photos) form.append('photos', photo, photo.name);
  return form;
}

/** Takes one step (`POST /api/tickets/:id/<step>`, a note to `/notes`); notes and resolutions go as forms with their photos. */
export function useTicketStep<A extends ConsoleAction>(action: A) {
  const path = action === 'note' ? 'notes' : action;
  return useTicketMutation(({ id, body }: { id: number; body: StepBodies[A] }) => {
    const payload = action === 'note' || action === 'resolve' ? noteForm(body as StepBodies['note']) : body;
    return api.post<TicketDetail>(`${ticketsPath}/${id}/${path}`, payload);
  });
}

/** Where the browser loads a photo from; the session cookie goes with it and the server checks who may see it. */
export function ticketPhotoUrl(ticketId: number, photoId: number): string {
  return `${ticketsPath}/${ticketId}/photos/${photoId}`;
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
