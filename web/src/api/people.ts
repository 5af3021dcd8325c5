import { useMutation, useQuery } from '@tanstack/react-query';
import { api } from './client.ts';
import { usePagedList, type ListFilters } from './paging.ts';
import type {
  HouseholdListQuery,
  HouseholdView,
  MyHousehold,
  Profile,
  ProfileQuery,
  ResidentListQuery,
  ResidentRevealed,
  ResidentView,
  RevealBody,
} from './types.ts';

export function useHouseholds(filters: ListFilters<HouseholdListQuery>, enabled = true) {
  return usePagedList<HouseholdView, HouseholdListQuery>('/api/households', filters, enabled);
}

export function useResidents(filters: ListFilters<ResidentListQuery>, enabled = true) {
  return usePagedList<ResidentView, ResidentListQuery>('/api/residents', filters, enabled);
}

/** Shows one resident in full; the server writes the reason to the audit log first. */
export function useRevealResident() {
  return useMutation({
    mutationFn: ({ id, ...body }: RevealBody & { id: number }) => api.post<ResidentRevealed>(`/api/residents/${id}/reveal`, body),
  });
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
