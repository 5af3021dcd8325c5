import { useQuery } from '@tanstack/react-query';
import { api } from './client.ts';
import { usePagedList, type ListFilters } from './paging.ts';
import type {
  AreaListQuery,
  AreaView,
  BuildingDetail,
  BuildingListQuery,
  BuildingView,
  FacilityKind,
  FacilityListQuery,
  FacilityView,
  MapLayers,
  Page,
} from './types.ts';

/** Areas for a picker: the first 500 are plenty for one subdistrict's communities or one community's grids. */
export function useAreas(filters: ListFilters<AreaListQuery>, enabled = true) {
  return useQuery({
    queryKey: ['areas', filters],
    queryFn: () => api.get<Page<AreaView>>('/api/areas', { limit: 500, ...filters }),
    select: (page) => page.items,
    enabled,
    staleTime: 5 * 60_000,
  });
}

/** The communities in the user's scope, and the one when there is only one to choose. */
export function useCommunities() {
  const communities = useAreas({ level: 'community' });
  const only = communities.data?.length === 1 ? communities.data[0].id : undefined;
  return { ...communities, only };
}

export function useMapLayers(areaId: number | undefined) {
  return useQuery({
    queryKey: ['map', areaId],
    queryFn: () => api.get<MapLayers>('/api/map', { areaId }),
    enabled: areaId !== undefined,
  });
}

export function useBuilding(id: number | undefined) {
  return useQuery({
    queryKey: ['building', id],
    queryFn: () => api.get<BuildingDetail>(`/api/buildings/${id}`),
    enabled: id !== undefined,
  });
}

export function useBuildings(filters: ListFilters<BuildingListQuery>, enabled = true) {
  return usePagedList<BuildingView, BuildingListQuery>('/api/buildings', filters, enabled);
}

export function useFacilityKinds() {
  return useQuery({
    queryKey: ['facility-kinds'],
    queryFn: () => api.get<{ items: FacilityKind[] }>('/api/facility-kinds'),
    select: (list) => list.items,
    staleTime: Infinity,
  });
}

export function useFacilities(filters: ListFilters<FacilityListQuery>, enabled = true) {
  return usePagedList<FacilityView, FacilityListQuery>('/api/facilities', filters, enabled);
}
