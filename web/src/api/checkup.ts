import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Static } from 'typebox';
import { api, download } from './client.ts';
import { usePagedList } from './paging.ts';
import type {
  CheckupAccess,
  CheckupComparison,
  CheckupDetail,
  CheckupListQuery,
  CheckupRun,
  CheckupView,
  CheckupStatus as CheckupStatusSchema,
  KindMappingList as KindMappingListSchema,
  ResultView,
  StandardClone,
  StandardDetail,
  StandardSave,
  StandardSummary,
} from '../../../src/checkup/schema.ts';
import type { Indicator, StandardDocument } from '../../../src/checkup/standardSchema.ts';

export type {
  CheckupAccess,
  CheckupComparison,
  CheckupDetail,
  CheckupRun,
  CheckupView,
  Indicator,
  ResultView,
  StandardClone,
  StandardDetail,
  StandardDocument,
  StandardSave,
  StandardSummary,
};
export type CheckupStatus = Static<typeof CheckupStatusSchema>;
export type KindMappingList = Static<typeof KindMappingListSchema>;
export type KindMappingRule = KindMappingList['rules'][number];
export type CheckupChange = CheckupComparison['changes'][number];

const standardsKey = ['standards'] as const;

export function useStandards() {
  return useQuery({ queryKey: standardsKey, queryFn: () => api.get<StandardSummary[]>('/api/standards') });
}

export function useStandard(id: number | undefined) {
  return useQuery({
    queryKey: ['standard', id],
    queryFn: () => api.get<StandardDetail>(`/api/standards/${id}`),
    enabled: id !== undefined,
    // A version never changes once saved.
    staleTime: Infinity,
  });
}

/** 保存为新版本 / 导入: a new code starts at version 1, an existing code gets its next version. */
export function useSaveStandard() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: StandardSave) => api.post<StandardDetail>('/api/standards', body),
    onSuccess: (saved) => {
      queryClient.setQueryData(['standard', saved.id], saved);
      return queryClient.invalidateQueries({ queryKey: standardsKey });
    },
  });
}

export function useCloneStandard() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, ...body }: StandardClone & { id: number }) => api.post<StandardDetail>(`/api/standards/${id}/clone`, body),
    onSuccess: (clone) => {
      queryClient.setQueryData(['standard', clone.id], clone);
      return queryClient.invalidateQueries({ queryKey: standardsKey });
    },
  });
}

const kindMappingsKey = ['kind-mappings'] as const;

export function useKindMappings() {
  return useQuery({
    queryKey: kindMappingsKey,
    queryFn: () => api.get<KindMappingList>('/api/kind-mappings'),
    select: (list) => list.rules,
  });
}

export function useSaveKindMappings() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: KindMappingList) => api.put<KindMappingList>('/api/kind-mappings', body),
    onSuccess: (saved) => queryClient.setQueryData(kindMappingsKey, saved),
  });
}

const checkupsPath = '/api/checkups';

/** A community's runs, newest first. */
export function useCheckups(communityId: number | undefined) {
  return usePagedList<CheckupView, CheckupListQuery>(checkupsPath, { communityId, limit: 50 }, communityId !== undefined);
}

export function useCheckup(id: number | undefined) {
  return useQuery({
    queryKey: ['checkup', id],
    queryFn: () => api.get<CheckupDetail>(`${checkupsPath}/${id}`),
    enabled: id !== undefined,
    // A run is a record: what it found does not change afterwards.
    staleTime: Infinity,
  });
}

/** 运行体检: takes seconds (walking distances over the street network); the new run joins the history. */
export function useRunCheckup() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: CheckupRun) => api.post<CheckupDetail>(checkupsPath, body),
    onSuccess: async (detail) => {
      queryClient.setQueryData(['checkup', detail.id], detail);
      await queryClient.invalidateQueries({ queryKey: [checkupsPath] });
    },
  });
}

export function useCheckupAccess(id: number | undefined) {
  return useQuery({
    queryKey: ['checkup-access', id],
    queryFn: () => api.get<CheckupAccess>(`${checkupsPath}/${id}/access`),
    enabled: id !== undefined,
    staleTime: Infinity,
  });
}

/** What changed from `beforeId` to `id`. */
export function useCheckupComparison(id: number | undefined, beforeId: number | undefined) {
  return useQuery({
    queryKey: ['checkup-compare', id, beforeId],
    queryFn: () => api.get<CheckupComparison>(`${checkupsPath}/${id}/compare/${beforeId}`),
    enabled: id !== undefined && beforeId !== undefined,
    staleTime: Infinity,
  });
}

/** 问题台账: every failed and partial indicator with its evidence, as Excel. */
export function downloadLedger(id: number): Promise<void> {
  return download(`${checkupsPath}/${id}/ledger`, {}, `checkup-${id}.xlsx`);
}
