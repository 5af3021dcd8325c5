import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  CalendarDay, CalendarPut, CalendarYear, CategoryCreate, CategoryUpdate, CommunityLadder, LadderPut, LadderStep, LadderView, RoutingRuleInput,
  RoutingRuleView, SettingsCategory, TicketSettings,
} from '../../../src/tickets/settingsSchema.ts';
import { api } from './client.ts';

/** 接诉即办设置: one read of everything, and one call per kind of change; each change refreshes the read. */

export type { CalendarDay, CategoryCreate, CategoryUpdate, CommunityLadder, LadderStep, RoutingRuleInput, RoutingRuleView, SettingsCategory, TicketSettings };
export type CalendarKind = SettingsCategory['calendar'];
export type SlaClass = SettingsCategory['slaClass'];
export type RoutingTarget = RoutingRuleView['target'];

const settingsPath = '/api/ticket-settings';

export function useTicketSettings() {
  return useQuery({ queryKey: [settingsPath], queryFn: () => api.get<TicketSettings>(settingsPath) });
}

/** A settings change: the settings, and the category lists report forms use, are read again. */
function useSettingsMutation<V, R>(mutationFn: (variables: V) => Promise<R>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn,
    onSuccess: () => Promise.all([
      queryClient.invalidateQueries({ queryKey: [settingsPath] }),
      queryClient.invalidateQueries({ queryKey: ['/api/ticket-categories'] }),
    ]),
  });
}

export function useCreateCategory() {
  return useSettingsMutation((body: CategoryCreate) => api.post<SettingsCategory>('/api/ticket-categories', body));
}

export function useUpdateCategory() {
  return useSettingsMutation(({ code, ...body }: CategoryUpdate & { code: string }) =>
    api.patch<SettingsCategory>(`/api/ticket-categories/${encodeURIComponent(code)}`, body));
}

export function useReplaceRoutingRules() {
  return useSettingsMutation((rules: RoutingRuleInput[]) => api.put<{ items: RoutingRuleView[] }>('/api/ticket-routing-rules', { rules }));
}

export function useSetLadder() {
  return useSettingsMutation((body: LadderPut) => api.put<LadderView>('/api/escalation-ladder', body));
}

/** A community goes back to the default ladder. */
export function useResetLadder() {
  return useSettingsMutation((communityId: number) => api.delete(`/api/escalation-ladder/${communityId}`));
}

export function useReplaceCalendar() {
  return useSettingsMutation((body: CalendarPut) => api.put<CalendarYear>('/api/working-calendar', body));
}
