import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Static } from 'typebox';
import type { FindingView } from '../../../src/checkup/schema.ts';
import type { DepartmentView as DepartmentViewSchema } from '../../../src/places/schema.ts';
import type {
  FundingEntry,
  ProjectCreate,
  ProjectDetail,
  ProjectEventView,
  ProjectExportQuery,
  ProjectLevel,
  ProjectListQuery,
  ProjectStatus,
  ProjectUpdate,
  ProjectView,
  StatusChange,
} from '../../../src/projects/schema.ts';
import { api, download } from './client.ts';
import { usePagedList, type ListFilters } from './paging.ts';

export type {
  FindingView, FundingEntry, ProjectCreate, ProjectDetail, ProjectEventView, ProjectLevel, ProjectListQuery, ProjectStatus, ProjectUpdate, ProjectView,
};
export type FundingSource = FundingEntry['source'];
export type DepartmentView = Static<typeof DepartmentViewSchema>;
export type ProjectFilters = ListFilters<ProjectListQuery>;

const projectsPath = '/api/projects';

export function useProjects(filters: ProjectFilters) {
  return usePagedList<ProjectView, ProjectListQuery>(projectsPath, filters);
}

/** One project with its timeline; keyed under the list so that every change refreshes both. */
export function useProject(id: number | undefined) {
  return useQuery({
    queryKey: [projectsPath, 'detail', id],
    queryFn: () => api.get<ProjectDetail>(`${projectsPath}/${id}`),
    enabled: id !== undefined,
  });
}

/** A finding of a checkup, to open a project from it. */
export function useFinding(id: number | undefined) {
  return useQuery({ queryKey: ['finding', id], queryFn: () => api.get<FindingView>(`/api/findings/${id}`), enabled: id !== undefined, retry: false });
}

/** The departments the user may assign work to (their areas' and those above). */
export function useDepartments() {
  return useQuery({
    queryKey: ['/api/departments'],
    queryFn: () => api.get<{ items: DepartmentView[] }>('/api/departments'),
    select: (answer) => answer.items,
    staleTime: 5 * 60_000,
  });
}

/** A project write: the answer is the project as it now is; every list and the report refresh. */
function useProjectMutation<V>(mutationFn: (variables: V) => Promise<ProjectDetail>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn,
    onSuccess: (project) => {
      queryClient.setQueryData([projectsPath, 'detail', project.id], project);
      return queryClient.invalidateQueries({ queryKey: [projectsPath] });
    },
  });
}

export function useCreateProject() {
  return useProjectMutation((body: ProjectCreate) => api.post<ProjectDetail>(projectsPath, body));
}

export function useUpdateProject() {
  return useProjectMutation(({ id, ...body }: ProjectUpdate & { id: number }) => api.patch<ProjectDetail>(`${projectsPath}/${id}`, body));
}

export function useChangeStatus() {
  return useProjectMutation(({ id, ...body }: StatusChange & { id: number }) => api.post<ProjectDetail>(`${projectsPath}/${id}/status`, body));
}

/** Text fields first, then the photos: the server reads the form in order. */
export function photoForm(fields: Record<string, string | number | undefined>, photos: File[]): FormData {
  const form = new FormData();
  for (const [name, value] of Object.entries(fields)) if (value !== undefined && value !== '') form.append(name, String(value));
  for (const photo of photos) form.append('photos', photo, photo.name);
  return form;
}

export function useAddNote() {
  return useProjectMutation(({ id, text, progressPercent, photos }: { id: number; text?: string; progressPercent?: number; photos: File[] }) =>
    api.post<ProjectDetail>(`${projectsPath}/${id}/notes`, photoForm({ text, progressPercent }, photos)));
}

export function useAcceptProject() {
  return useProjectMutation(({ id, note, photos }: { id: number; note?: string; photos: File[] }) =>
    api.post<ProjectDetail>(`${projectsPath}/${id}/accept`, photoForm({ note }, photos)));
}

/** Where the browser loads a photo from; the session cookie goes with it and the server checks scope. */
export function photoUrl(projectId: number, photoId: number): string {
  return `${projectsPath}/${projectId}/photos/${photoId}`;
}

/** 补短板项目清单 as Excel, with the list's filters. */
export function downloadProjects(filters: ProjectExportQuery): Promise<void> {
  return download(`${projectsPath}/export.xlsx`, { ...filters }, 'projects.xlsx');
}
