import { useMutation, useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import { api } from './client.ts';
import { usePagedList, type ListFilters } from './paging.ts';
import type {
  HouseholdCreate,
  HouseholdListQuery,
  HouseholdUpdate,
  HouseholdView,
  MyHousehold,
  Profile,
  ProfileQuery,
  RemovalReason,
  ResidentCreate,
  ResidentListQuery,
  ResidentRevealed,
  ResidentUpdate,
  ResidentView,
  RevealBody,
} from './types.ts';

const householdsPath = '/api/households';
const residentsPath = '/api/residents';

/**
 * After a registry edit: the lists, the building's counts, the map's colouring and the profile all
 * count households and residents (and a building moved to another grid moves them).
 */
export function invalidateRegistry(queryClient: QueryClient): Promise<void[]> {
  const keys = [[householdsPath], [residentsPath], ['building'], ['/api/buildings'], ['map'], ['profile']];
  return Promise.all(keys.map((queryKey) => queryClient.invalidateQueries({ queryKey })));
}

export function useHouseholds(filters: ListFilters<HouseholdListQuery>, enabled = true) {
  return usePagedList<HouseholdView, HouseholdListQuery>(householdsPath, filters, enabled);
}

/** One household, fresh from the server (a list row goes stale once it is edited); keyed under the list so edits refresh it. */
export function useHousehold(id: number | undefined) {
  return useQuery({
    queryKey: [householdsPath, id],
    queryFn: () => api.get<HouseholdView>(`${householdsPath}/${id}`),
    enabled: id !== undefined,
  });
}

export function useResidents(filters: ListFilters<ResidentListQuery>, enabled = true) {
  return usePagedList<ResidentView, ResidentListQuery>(residentsPath, filters, enabled);
}

/** A registry write that refreshes everything counting households and residents once it is done. */
function useRegistryMutation<V, R>(mutationFn: (variables: V) => Promise<R>) {
  const queryClient = useQueryClient();
  return useMutation({ mutationFn, onSuccess: () => invalidateRegistry(queryClient) });
}

export function useCreateHousehold() {
  return useRegistryMutation((body: HouseholdCreate) => api.post<HouseholdView>(householdsPath, body));
}

export function useUpdateHousehold() {
  return useRegistryMutation(({ id, ...body }: HouseholdUpdate & { id: number }) => api.patch<HouseholdView>(`${householdsPath}/${id}`, body));
}

export function useCreateResident() {
  return useRegistryMutation((body: ResidentCreate) => api.post<ResidentView>(residentsPath, body));
}

export function useUpdateResident() {
  return useRegistryMutation(({ id, ...body }: ResidentUpdate & { id: number }) => api.patch<ResidentView>(`${residentsPath}/${id}`, body));
}

/** 迁出/注销: the resident leaves the registry for a reason the audit log keeps. */
export function useRemoveResident() {
  return useRegistryMutation(({ id, reason }: { id: number; reason: RemovalReason }) => api.delete(`${residentsPath}/${id}`, { reason }));
}

/** One resident in full; the server writes the reason to the audit log first. */
export function revealResident(id: number, body: RevealBody): Promise<ResidentRevealed> {
  return api.post<ResidentRevealed>(`${residentsPath}/${id}/reveal`, body);
}

export function useProfile(query: Partial<ProfileQuery>) {
  return useQuery({
    queryKey: ['profile', query],
    queryFn: () => api.get<Profile>('/api/profile', query),
    enabled: query.areaId !== undefined,
  });
}

export function useMyHousehold() {
  return useQuery({ queryKey: ['my-household'], queryFn: () => api.get<MyHousehold>('/api/me/household'), retry: false });
}
