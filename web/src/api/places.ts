import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from './client.ts';
import { usePagedList, type ListFilters } from './paging.ts';
import { invalidateRegistry } from './people.ts';
import type {
  AreaDetail,
  AreaListQuery,
  AreaView,
  BuildingDetail,
  BuildingListQuery,
  BuildingUpdate,
  BuildingView,
  EstateView,
  FacilityCreate,
  FacilityKind,
  FacilityListQuery,
  FacilityUpdate,
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

/** One area with its bbox (forms centre new places on it). */
export function useArea(id: number | undefined) {
  return useQuery({
    queryKey: ['area', id],
    queryFn: () => api.get<AreaDetail>(`/api/areas/${id}`),
    enabled: id !== undefined,
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

/** 编辑楼栋; a new grid moves its households and residents, so everything counting them refreshes. */
export function useUpdateBuilding() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, ...body }: BuildingUpdate & { id: number }) => api.patch<BuildingDetail>(`/api/buildings/${id}`, body),
    onSuccess: () => invalidateRegistry(queryClient),
  });
}

/** A community's estates (小区), for the building form. */
export function useEstates(communityId: number | undefined) {
  return useQuery({
    queryKey: ['estates', communityId],
    queryFn: () => api.get<Page<EstateView>>('/api/estates', { communityId, limit: 500 }),
    select: (page) => page.items,
    enabled: communityId !== undefined,
    staleTime: 5 * 60_000,
  });
}

export function useFacilityKinds() {
  return useQuery({
    queryKey: ['facility-kinds'],
    queryFn: () => api.get<{ items: FacilityKind[] }>('/api/facility-kinds'),
    select: (list) => list.items,
    staleTime: Infinity,
  });
}

const facilitiesPath = '/api/facilities';

export function useFacilities(filters: ListFilters<FacilityListQuery>, enabled = true) {
  return usePagedList<FacilityView, FacilityListQuery>(facilitiesPath, filters, enabled);
}

/** A facility write refreshes the facility lists and the map that draws them. */
function useFacilityMutation<V>(mutationFn: (variables: V) => Promise<FacilityView>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn,
    onSuccess: () =>
      Promise.all([queryClient.invalidateQueries({ queryKey: [facilitiesPath] }), queryClient.invalidateQueries({ queryKey: ['map'] })]),
  });
}

export function useCreateFacility() {
  return useFacilityMutation((body: FacilityCreate) => api.post<FacilityView>(facilitiesPath, body));
}

export function useUpdateFacility() {
  return useFacilityMutation(({ id, ...body }: FacilityUpdate & { id: number }) => api.patch<FacilityView>(`${facilitiesPath}/${id}`, body));
}
