import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Static } from 'typebox';
import type {
  AlarmClear,
  AlarmAssignee,
  AlarmDetail,
  AlarmListQuery,
  AlarmView,
  AnswerKpi,
  AnswerKpiQuery,
  AwayBody,
  AwayView,
  CallOutcome,
  CareCallInput,
  CareCard,
  CareCardQuery,
  CareContactInput,
  CareContactRevealed,
  ContactRole,
  DeviceCreate,
  DeviceDetail,
  DeviceKindView,
  DeviceListQuery,
  DeviceState,
  DeviceView,
  ProvisionedDevice,
  RevealBody,
  RuleParamsBody,
  RuleSettingsQuery,
  RuleSettingView,
} from '../../../src/devices/schema.ts';
import { api } from './client.ts';
import { usePagedList, type ListFilters } from './paging.ts';
import type { Page } from './types.ts';

/**
 * The client of devices and alarms (物联感知): the registry, alarms and their handling, the answer KPI,
 * and the care cards of elders living alone, over src/devices/routes.ts.
 */

export type { AlarmDetail, AlarmListQuery, AlarmView, AnswerKpi, CareCard, DeviceCreate, DeviceDetail, DeviceView, ProvisionedDevice };
export type DeviceKind = Static<typeof DeviceKindView>;
export type DeviceStateValue = Static<typeof DeviceState>;
export type AlarmSeverity = AlarmView['severity'];
export type AlarmStatus = NonNullable<AlarmListQuery['status']>;
export type AlarmFilters = ListFilters<AlarmListQuery>;
export type DeviceFilters = ListFilters<DeviceListQuery>;
export type CareFilters = ListFilters<CareCardQuery>;
export type ContactRoleValue = Static<typeof ContactRole>;
export type CallOutcomeValue = Static<typeof CallOutcome>;
export type CareContact = Static<typeof CareContactInput>;
export type CareCall = Static<typeof CareCallInput>;
export type CareContactFull = Static<typeof CareContactRevealed>;
export type Away = Static<typeof AwayBody>;
export type RuleSetting = Static<typeof RuleSettingView>;
/** Where rules are tuned: a community, one household of it, or one device. */
export type RuleLevel = Omit<RuleSettingsQuery, 'kind'>;

const devicesPath = '/api/devices';
const alarmsPath = '/api/alarms';
const carePath = '/api/care';
const householdsPath = '/api/households';
const rulesPath = '/api/device-rules';

export function useDeviceKinds() {
  return useQuery({ queryKey: ['/api/device-kinds'], queryFn: () => api.get<DeviceKind[]>('/api/device-kinds'), staleTime: Infinity });
}

/** The registry (设备台账), by device id, page by page. */
export function useDevices(filters: DeviceFilters) {
  return usePagedList<DeviceView, DeviceListQuery>(devicesPath, filters);
}

/** Every device of a community (page after page: a community with covers, bins and lamp poles has thousands). */
async function communityDevices(communityId: number): Promise<DeviceView[]> {
  const all: DeviceView[] = [];
  let cursor: string | undefined;
  do {
    const page = await api.get<Page<DeviceView>>(devicesPath, { communityId, limit: 500, cursor });
    all.push(...page.items);
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return all;
}

/** A community's devices for its map; states change slowly, so they are asked again every 2 minutes. */
export function useDevicesOnMap(communityId: number | undefined) {
  return useQuery({
    queryKey: [devicesPath, 'map', communityId],
    queryFn: () => communityDevices(communityId!),
    enabled: communityId !== undefined,
    refetchInterval: 120_000,
  });
}

/** The devices of one household (a home has a handful: SOS button, door sensor, water meter, smoke alarm). */
export function useHouseholdDevices(householdId: number | undefined) {
  return useQuery({
    queryKey: [devicesPath, 'household', householdId],
    queryFn: () => api.get<Page<DeviceView>>(devicesPath, { householdId, limit: 100 }),
    select: (page) => page.items,
    enabled: householdId !== undefined,
  });
}

/** One device with its topics and latest events, kept current while shown. */
export function useDevice(id: string | undefined) {
  return useQuery({
    queryKey: [devicesPath, 'detail', id],
    queryFn: () => api.get<DeviceDetail>(`${devicesPath}/${encodeURIComponent(id!)}`),
    enabled: id !== undefined,
    refetchInterval: 10_000,
  });
}

/** A registry write: the answer carries the device and its secret, shown once; every device list refreshes. */
function useDeviceMutation<V>(mutationFn: (variables: V) => Promise<ProvisionedDevice>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn,
    onSuccess: (answer) => {
      queryClient.setQueryData([devicesPath, 'detail', answer.device.id], answer.device);
      return queryClient.invalidateQueries({ queryKey: [devicesPath] });
    },
  });
}

/** 登记设备: registers a device and answers its secret, this once. */
export function useProvisionDevice() {
  return useDeviceMutation((body: DeviceCreate) => api.post<ProvisionedDevice>(devicesPath, body));
}

/** A new secret; the old one stops working at once. */
export function useRotateSecret() {
  return useDeviceMutation((id: string) => api.post<ProvisionedDevice>(`${devicesPath}/${encodeURIComponent(id)}/secret`));
}

/**
 * The alarm board: one page of alarms (newest first) asked again every `refreshMs`, so a duty officer's
 * screen stays current. 200 is far more than one community has active; older ones are in the history.
 */
export function useAlarmBoard(filters: AlarmFilters, refreshMs: number) {
  return useQuery({
    queryKey: [alarmsPath, 'board', filters],
    queryFn: () => api.get<Page<AlarmView>>(alarmsPath, { ...filters, limit: 200 }),
    refetchInterval: refreshMs,
  });
}

/** How many critical alarms nobody has answered yet, asked every `refreshMs` whatever the board's filters. */
export function useUnansweredCritical(communityId: number | undefined, refreshMs: number) {
  return useQuery({
    queryKey: [alarmsPath, 'unanswered', communityId],
    queryFn: () => api.get<Page<AlarmView>>(alarmsPath, { communityId, status: 'unacknowledged', severity: 'critical', limit: 200 }),
    select: (page) => page.items.filter((alarm) => alarm.active),
    refetchInterval: refreshMs,
  });
}

const alarmKey = (id: number | undefined) => [alarmsPath, 'detail', id];

export function useAlarm(id: number | undefined, refreshMs?: number) {
  return useQuery({ queryKey: alarmKey(id), queryFn: () => api.get<AlarmDetail>(`${alarmsPath}/${id}`), enabled: id !== undefined, refetchInterval: refreshMs });
}

/** The people the alarm can be handed to (who answer alarms where it is), those whose name holds `q`. */
export function useAlarmAssignees(id: number, q: string | undefined) {
  return useQuery({
    queryKey: [alarmsPath, id, 'assignees', q],
    queryFn: () => api.get<Static<typeof AlarmAssignee>[]>(`${alarmsPath}/${id}/assignees`, { q }),
    placeholderData: (previous) => previous,
  });
}

/** The answer KPI of the period (this month by default). */
export function useAnswerKpi(query: AnswerKpiQuery) {
  return useQuery({ queryKey: [alarmsPath, 'kpi', query], queryFn: () => api.get<AnswerKpi>(`${alarmsPath}/kpi`, query), refetchInterval: 60_000 });
}

/** What each alarm step sends besides the alarm's id. */
export interface AlarmStepBodies {
  acknowledge: undefined;
  clear: Static<typeof AlarmClear>;
  assign: { userId: number };
  comments: { text: string };
}
export type AlarmStep = keyof AlarmStepBodies;

/**
 * One step on an alarm (`POST /api/alarms/:id/<step>`). An alarm step can move its ticket (接警 accepts
 * it) and the care cards' open alarms, so those refresh too.
 */
export function useAlarmStep<S extends AlarmStep>(step: S) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, body }: { id: number; body: AlarmStepBodies[S] }) => api.post<AlarmDetail>(`${alarmsPath}/${id}/${step}`, body),
    onSuccess: (alarm) => {
      queryClient.setQueryData(alarmKey(alarm.id), alarm);
      return queryClient.invalidateQueries({ predicate: (q) => [alarmsPath, carePath, devicesPath, '/api/tickets'].includes(String(q.queryKey[0])) });
    },
  });
}

/** Care cards (关爱卡片): one per household with care devices, asked again every `refreshMs`. */
export function useCareCards(filters: CareFilters, refreshMs: number) {
  return useQuery({
    queryKey: [carePath, 'cards', filters],
    queryFn: () => api.get<Page<CareCard>>(`${carePath}/cards`, { ...filters, limit: 200 }),
    refetchInterval: refreshMs,
  });
}

/** A care-card write answers the card as it now is; it replaces the card in every list shown. */
function useCareMutation<V>(mutationFn: (variables: V) => Promise<CareCard>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn,
    onSuccess: (card) => {
      queryClient.setQueriesData<Page<CareCard>>({ queryKey: [carePath, 'cards'] }, (page) =>
        page && { ...page, items: page.items.map((item) => (item.householdId === card.householdId ? card : item)) });
      return queryClient.invalidateQueries({ queryKey: [carePath] });
    },
  });
}

/** Replaces the household's contact chain, in the order given (who is called first). */
export function useSaveContacts() {
  return useCareMutation(({ householdId, contacts }: { householdId: number; contacts: CareContact[] }) =>
    api.put<CareCard>(`${carePath}/households/${householdId}/contacts`, { contacts }));
}

/** 拨打记录: a call attempt and its outcome. */
export function useLogCall() {
  return useCareMutation(({ householdId, ...body }: CareCall & { householdId: number }) =>
    api.post<CareCard>(`${carePath}/households/${householdId}/calls`, body));
}

/** A contact's name and phone in full; the server writes the reason to the audit log first. */
export function revealContact(id: number, body: Static<typeof RevealBody>): Promise<CareContactFull> {
  return api.post<CareContactFull>(`${carePath}/contacts/${id}/reveal`, body);
}

/** 外出: away until a date (suppresses inactivity alarms), or null for back home. */
export function useSetAway() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async ({ householdId, away }: { householdId: number; away: Away | null }) => {
      if (away) await api.put<Static<typeof AwayView>>(`${householdsPath}/${householdId}/away`, away);
      else await api.delete(`${householdsPath}/${householdId}/away`);
    },
    onSuccess: () => queryClient.invalidateQueries({ queryKey: [carePath] }),
  });
}

/** The ready rules (规则设置) at one level: each parameter's value there and the overrides of every level above. */
export function useRuleSettings(level: RuleLevel | undefined) {
  return useQuery({
    queryKey: [rulesPath, level],
    queryFn: () => api.get<RuleSetting[]>(rulesPath, level),
    enabled: level !== undefined,
  });
}

/**
 * Sets one rule's overrides at one level (`params: {}` removes them). The answer is the kind's rules at
 * that level; the other levels' values may follow from it, so they are asked again.
 */
export function useSetRuleParams() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ code, ...body }: RuleParamsBody & { code: string }) => api.put<RuleSetting[]>(`${rulesPath}/${encodeURIComponent(code)}/params`, body),
    onSuccess: (rules, { communityId, householdId, deviceId }) => {
      const level: RuleLevel = { communityId, householdId, deviceId };
      queryClient.setQueryData<RuleSetting[]>([rulesPath, level], (shown) => shown?.map((rule) => rules.find((r) => r.code === rule.code) ?? rule));
      return queryClient.invalidateQueries({ queryKey: [rulesPath] });
    },
  });
}
