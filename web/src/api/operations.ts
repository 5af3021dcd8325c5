import { useMutation, useQuery } from '@tanstack/react-query';
import { api } from './client.ts';
import { usePagedList, type ListFilters } from './paging.ts';
import type { AuditEntry, AuditQuery, ImportKind, ImportReport } from './types.ts';

export function useAuditLog(filters: ListFilters<AuditQuery>) {
  return usePagedList<AuditEntry, AuditQuery>('/api/audit', filters);
}

interface ImportUpload {
  kind: ImportKind;
  communityId?: number;
  dryRun: boolean;
  file: File;
}

/** Uploads an import file; the fields go first because the server reads them before the file stream. */
export function useImportUpload() {
  return useMutation({
    mutationFn: ({ kind, communityId, dryRun, file }: ImportUpload) => {
      const form = new FormData();
      form.append('kind', kind);
      if (communityId !== undefined) form.append('communityId', String(communityId));
      form.append('dryRun', String(dryRun));
      form.append('file', file, file.name);
      return api.post<ImportReport>('/api/imports', form);
    },
  });
}

const finished: ImportReport['status'][] = ['committed', 'failed', 'invalid'];

/** Follows a running import until it has committed or failed. */
export function useImportProgress(id: ImportReport['id'] | undefined) {
  return useQuery({
    queryKey: ['import', id],
    queryFn: () => api.get<ImportReport>(`/api/imports/${id}`),
    enabled: id !== undefined,
    refetchInterval: (query) => (query.state.data && finished.includes(query.state.data.status) ? false : 1000),
  });
}
