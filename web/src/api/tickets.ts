import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Static } from 'typebox';
import type { TicketAction } from '../../../src/tickets/permissions.ts';
import type {
  CategoryView,
  CloseBody,
  DispatchBody,
  MergeBody,
  NearbyQuery,
  NearbyTicket,
  RateBody,
  ReasonBody,
  RegridBody,
  ReportArea,
  ResolveFields,
  TicketCreate,
  TicketDetail,
  TicketEventView,
  TicketListQuery,
  TicketReportFields,
  TicketView,
  WhistleBody,
  HotlineImportReport,
} from '../../../src/tickets/schema.ts';
import { api, download } from './client.ts';
import { usePagedList, type ListFilters } from './paging.ts';
import { photoForm } from './projects.ts';
import type { Page } from './types.ts';

/**
 * The client of the service loop (接诉即办): every endpoint of src/tickets/routes.ts as a function or a
 * TanStack Query hook, for the phone screens and the staff console alike.
 */

export type { CategoryView, HotlineImportReport, RateBody, ReportArea, TicketAction, TicketCreate, TicketDetail, TicketEventView, TicketListQuery, TicketView };
export type TicketStatus = TicketView['status'];
export type TicketSource = TicketView['source'];
export type TicketRating = RateBody['rating'];
export type NearbyTicket = Static<typeof NearbyTicket>;
export type TicketFilters = ListFilters<TicketListQuery>;
export type LonLat = { lon: number; lat: number };

const ticketsPath = '/api/tickets';
const myTicketsPath = '/api/my/tickets';
const detailKey = (id: number | undefined) => [ticketsPath, 'detail', id];

export function useTicketCategories() {
  return useQuery({
    queryKey: ['/api/ticket-categories'],
    queryFn: () => api.get<{ items: CategoryView[] }>('/api/ticket-categories'),
    select: (answer) => answer.items,
    staleTime: 5 * 60_000,
  });
}

/** The caller's own communities and grids with their outlines: where a report map opens. */
export function useReportAreas() {
  return useQuery({
    queryKey: [ticketsPath, 'report-areas'],
    queryFn: () => api.get<{ items: ReportArea[] }>(`${ticketsPath}/report-areas`),
    select: (answer) => answer.items,
    staleTime: Infinity,
  });
}

/** Tickets within the caller's reach, newest first, page by page. */
export function useTickets(filters: TicketFilters, enabled = true) {
  return usePagedList<TicketView, TicketListQuery>(ticketsPath, filters, enabled);
}

/**
 * One page of tickets asked again every `refreshMs`: a work queue (我的任务) that stays current while it
 * is on screen. The limit is the server's largest page, well above what one grid has open.
 */
export function useTicketQueue(filters: TicketFilters, refreshMs: number) {
  return useQuery({
    queryKey: [ticketsPath, 'queue', filters],
    queryFn: () => api.get<Page<TicketView>>(ticketsPath, { ...filters, limit: 500 }),
    select: (page) => page.items,
    refetchInterval: refreshMs,
  });
}

/** The tickets the signed-in user reported or follows (我的反映), page by page. */
export function useMyTickets() {
  return usePagedList<TicketView, object>(myTicketsPath, {});
}

/** One ticket with its timeline and the caller's actions; `refreshMs` keeps it current while shown. */
export function useTicket(id: number | undefined, refreshMs?: number) {
  return useQuery({
    queryKey: detailKey(id),
    queryFn: () => api.get<TicketDetail>(`${ticketsPath}/${id}`),
    enabled: id !== undefined,
    refetchInterval: refreshMs,
  });
}

/** Open tickets of the category within 50 m of the point (or `radiusM`), nearest first: "is yours one of these?". */
export async function findNearbyTickets(query: NearbyQuery): Promise<NearbyTicket[]> {
  return (await api.get<{ items: NearbyTicket[] }>(`${ticketsPath}/nearby`, query)).items;
}

/** Where the browser loads a photo from; the session cookie goes with it and the server checks who may see it. */
export function ticketPhotoUrl(ticketId: number, photoId: number): string {
  return `${ticketsPath}/${ticketId}/photos/${photoId}`;
}

/** A ticket write: the answer is the ticket as it now is; every ticket list (the queue, 我的反映) refreshes. */
function useTicketMutation<V>(mutationFn: (variables: V) => Promise<TicketDetail>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn,
    onSuccess: (ticket) => {
      queryClient.setQueryData(detailKey(ticket.id), ticket);
      return queryClient.invalidateQueries({ predicate: (query) => query.queryKey[0] === ticketsPath || query.queryKey[0] === myTicketsPath });
    },
  });
}


/** A 12345 hotline spreadsheet: checked (dryRun) or imported whole; an import refreshes the ticket lists. */
export function useHotlineImport() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ file, dryRun }: { file: File; dryRun: boolean }) => {
      const form = new FormData();
      form.append('file', file, file.name);
      return api.post<HotlineImportReport>(`${ticketsPath}/import?dryRun=${dryRun}`, form);
    },
    onSuccess: (report) => (report.dryRun ? undefined : queryClient.invalidateQueries({ predicate: (query) => query.queryKey[0] === ticketsPath })),
  });
}

export const downloadHotlineTemplate = () => download(`${ticketsPath}/import/template.xlsx`, {}, '12345-template.xlsx');

/** Staff record a call or a patrol finding, or a resident reports without photos. */
export function useCreateTicket() {
  return useTicketMutation((body: TicketCreate) => api.post<TicketDetail>(ticketsPath, body));
}

/** A resident's report (随手拍) with its photos, as the multipart form the server reads. */
export interface TicketReport {
  categoryCode: string;
  description: string;
  location: LonLat;
  address?: string;
  anonymous: boolean;
  photos: File[];
}

export function useReportTicket() {
  return useTicketMutation(({ location, anonymous, photos, ...text }: TicketReport) => {
    const fields: TicketReportFields = { ...text, lon: String(location.lon), lat: String(location.lat), anonymous: anonymous ? 'true' : 'false' };
    return api.post<TicketDetail>(`${ticketsPath}/report`, photoForm(fields, photos));
  });
}

/** Follow an open ticket instead of reporting the same thing again (关注). */
export function useSubscribeTicket() {
  return useTicketMutation((id: number) => api.post<TicketDetail>(`${ticketsPath}/${id}/subscribe`));
}

/** A note (a resolution, a progress note) with its photos. */
type WithPhotos = ResolveFields & { photos: File[] };

/** What each step sends besides the ticket's id; a step the server adds without a body here fails to compile. */
interface StepBodyOf {
  accept: undefined;
  arrive: undefined;
  resolve: WithPhotos;
  note: WithPhotos;
  return: Static<typeof ReasonBody>;
  pause: Static<typeof ReasonBody>;
  resume: undefined;
  dispatch: DispatchBody;
  whistle: Static<typeof WhistleBody>;
  merge: Static<typeof MergeBody>;
  regrid: Static<typeof RegridBody>;
  close: Static<typeof CloseBody>;
  withdraw: { reason?: string };
  rate: RateBody;
  reopen: Static<typeof ReasonBody>;
}
export type StepBodies = { [A in TicketAction]: StepBodyOf[A] };

/** The steps whose note goes as a form with photos; and the one whose path is not its name. */
const withPhotos: TicketAction[] = ['resolve', 'note'];
const stepPath: Partial<Record<TicketAction, string>> = { note: 'notes' };

/** Takes one step (`POST /api/tickets/:id/<step>`), as `actions` of the ticket offers it. */
export function useTicketStep<A extends TicketAction>(action: A) {
  return useTicketMutation(({ id, body }: { id: number; body: StepBodies[A] }) => {
    const payload = withPhotos.includes(action) ? photoForm({ note: (body as WithPhotos).note }, (body as WithPhotos).photos) : body;
    return api.post<TicketDetail>(`${ticketsPath}/${id}/${stepPath[action] ?? action}`, payload);
  });
}
