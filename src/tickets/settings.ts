import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import { isUniqueViolation } from '../db/uniqueViolation.ts';
import { can, requireInScope, requirePermission, type Actor } from '../platform/actor.ts';
import { insertAuditEntry, type AuditEntry } from '../platform/audit/store.ts';
import { scopeFor } from '../platform/auth/service.ts';
import { chinaDate, type Clock } from '../platform/clock.ts';
import { AppError, type CodedDetail } from '../platform/errors.ts';
import { presentCategory } from './categories.ts';
import type {
  CalendarPut, CalendarYear, CategoryCreate, CategoryUpdate, CommunityLadder, LadderPut, LadderStep, LadderView, RoutingRuleInput, RoutingRulesPut,
  RoutingRuleView, SettingsCategory, TicketSettings,
} from './settingsSchema.ts';
import { forgetTicketSettings } from './settingsCache.ts';
import * as settingsStore from './settingsStore.ts';
import * as store from './store.ts';

/**
 * The service loop's settings (接诉即办设置): categories with their time limits, routing rules, the
 * escalation ladder and the working calendar. Admins (tickets.manage) set them all; whoever dispatches
 * tickets in a community (tickets.dispatch: its staff, the subdistrict) may give it a ladder of its own.
 * Deadlines are computed when a ticket is dispatched, so a change applies to tickets dispatched after it.
 */

export interface SettingsDeps {
  db: Kysely<DB>;
  clock: Clock;
}

type Label = { zh: string; en: string };

function audit(db: Kysely<DB>, actor: Actor, entry: Omit<AuditEntry, 'actorId' | 'actorName' | 'ip'>) {
  return insertAuditEntry(db, { actorId: actor.userId, actorName: actor.username, ip: actor.ip, ...entry });
}

/** Writes a change in one transaction, then drops this process's copy of the settings (settingsCache.ts) so the next ticket follows it. */
async function changeSettings(deps: SettingsDeps, change: (trx: Kysely<DB>) => Promise<void>): Promise<void> {
  await deps.db.transaction().execute(change);
  forgetTicketSettings(deps.db);
}

const invalid = (details: CodedDetail[]) => new AppError('VALIDATION_FAILED', {}, details);

function presentSettingsCategory(row: store.CategoryRow): SettingsCategory {
  return { ...presentCategory(row), position: row.position };
}

function presentRule(r: Awaited<ReturnType<typeof settingsStore.selectRoutingRuleViews>>[number]): RoutingRuleView {
  return {
    id: r.id, position: r.position, categoryCode: r.category_code, categoryName: (r.category_name ?? null) as Label | null, areaId: r.area_id,
    areaName: r.area_name ?? null, target: r.target, departmentId: r.department_id, departmentName: r.department_name ?? null,
  };
}

const stepsOf = (rows: { level: number; minutes: number }[]): LadderStep[] => rows.map((r) => ({ level: r.level, minutes: r.minutes }));

/** The communities the caller reads or dispatches in, each with its own ladder (or null) and whether the caller may set it. */
async function communityLadders(deps: SettingsDeps, actor: Actor) {
  const [read, dispatch] = await Promise.all([scopeFor(deps.db, actor, 'tickets.read'), scopeFor(deps.db, actor, 'tickets.dispatch')]);
  const communities = await settingsStore.selectCommunitiesOf(deps.db, {
    communityIds: [...read.communityIds, ...dispatch.communityIds], gridIds: [...read.gridIds, ...dispatch.gridIds],
  });
  const steps = await settingsStore.selectLadderSteps(deps.db, communities.map((c) => c.id));
  const own = (communityId: number | null) => stepsOf(steps.filter((s) => s.community_id === communityId));
  return {
    default: own(null),
    communities: communities.map((c): CommunityLadder => {
      const mine = own(c.id);
      return { communityId: c.id, name: c.name, steps: mine.length ? mine : null, editable: dispatch.communityIds.includes(c.id) };
    }),
  };
}

/**
 * Everything the settings page shows: read-only for those who read or dispatch tickets, editable for
 * admins; the ladders of the communities in the caller's scope.
 */
export async function getTicketSettings(deps: SettingsDeps, actor: Actor): Promise<TicketSettings> {
  if (!can(actor, 'tickets.read') && !can(actor, 'tickets.dispatch')) throw new AppError('FORBIDDEN');
  const yearStart = `${chinaDate(deps.clock.now()).slice(0, 4)}-01-01`;
  const [categories, rules, escalation, days] = await Promise.all([
    store.selectCategories(deps.db), settingsStore.selectRoutingRuleViews(deps.db), communityLadders(deps, actor),
    settingsStore.selectCalendarDays(deps.db, yearStart),
  ]);
  return {
    canManage: can(actor, 'tickets.manage'),
    categories: categories.map(presentSettingsCategory),
    routingRules: rules.map(presentRule),
    escalation,
    calendarDays: days,
  };
}

/** Each limit within the one after it: a ticket cannot be due to be accepted after it is due to be resolved. */
function checkLimits(limits: { acceptMinutes: number; arriveMinutes: number | null; resolveMinutes: number }): void {
  const details: CodedDetail[] = [];
  if (limits.acceptMinutes > limits.resolveMinutes) details.push({ path: 'body.acceptMinutes', code: 'ACCEPT_OVER_RESOLVE' });
  if (limits.arriveMinutes !== null && limits.arriveMinutes > limits.resolveMinutes) details.push({ path: 'body.arriveMinutes', code: 'ARRIVE_OVER_RESOLVE' });
  if (details.length) throw invalid(details);
}

/** A new category (admins); placed last unless a position is given. */
export async function createCategory(deps: SettingsDeps, actor: Actor, input: CategoryCreate): Promise<SettingsCategory> {
  requirePermission(actor, 'tickets.manage');
  const arriveMinutes = input.arriveMinutes ?? null;
  checkLimits({ ...input, arriveMinutes });
  try {
    await changeSettings(deps, async (trx) => {
      const last = (await store.selectCategories(trx)).reduce((max, c) => Math.max(max, c.position), -1);
      await settingsStore.insertCategory(trx, {
        code: input.code, name: JSON.stringify({ zh: input.name.zh.trim(), en: input.name.en.trim() }), sla_class: input.slaClass, calendar: input.calendar,
        accept_minutes: input.acceptMinutes, arrive_minutes: arriveMinutes, resolve_minutes: input.resolveMinutes, attributes: '[]',
        active: input.active ?? true, position: input.position ?? last + 1,
      });
      await audit(trx, actor, { action: 'ticket_category.create', entity: 'ticket_category', entityId: input.code, details: { ...input } });
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw new AppError('TICKET_CATEGORY_EXISTS', { code: input.code });
    throw error;
  }
  return presentSettingsCategory((await store.findCategory(deps.db, input.code))!);
}

/** Changes a category's name, class, calendar, limits, order or whether it takes new tickets (admins). Categories are never deleted. */
export async function updateCategory(deps: SettingsDeps, actor: Actor, code: string, input: CategoryUpdate): Promise<SettingsCategory> {
  requirePermission(actor, 'tickets.manage');
  await changeSettings(deps, async (trx) => {
    const row = await settingsStore.lockCategory(trx, code);
    if (!row) throw new AppError('TICKET_CATEGORY_NOT_FOUND', { code });
    const before = presentSettingsCategory(row);
    const name = input.name && { zh: input.name.zh.trim(), en: input.name.en.trim() };
    const after: SettingsCategory = { ...before, ...input, ...(name && { name }) };
    checkLimits(after);
    await settingsStore.updateCategory(trx, code, {
      name: JSON.stringify(after.name), sla_class: after.slaClass, calendar: after.calendar, accept_minutes: after.acceptMinutes,
      arrive_minutes: after.arriveMinutes, resolve_minutes: after.resolveMinutes, active: after.active, position: after.position,
    });
    const changed = (Object.keys(input) as (keyof CategoryUpdate)[]).filter((k) => JSON.stringify(before[k]) !== JSON.stringify(after[k]));
    await audit(trx, actor, {
      action: 'ticket_category.update', entity: 'ticket_category', entityId: code,
      details: Object.fromEntries(changed.map((k) => [k, { from: before[k], to: after[k] }])),
    });
  });
  return presentSettingsCategory((await store.findCategory(deps.db, code))!);
}

/** What is wrong with each rule: an unknown category, area or department, or a department where none belongs. */
async function checkRules(db: Kysely<DB>, rules: RoutingRuleInput[]): Promise<CodedDetail[]> {
  const [categories, areas, departments] = await Promise.all([
    store.selectCategories(db).then((rows) => new Set(rows.map((c) => c.code))),
    settingsStore.selectExistingAreaIds(db, rules.flatMap((r) => (r.areaId === null ? [] : [r.areaId]))),
    settingsStore.selectExistingDepartmentIds(db, rules.flatMap((r) => (r.departmentId === null ? [] : [r.departmentId]))),
  ]);
  return rules.flatMap((rule, i): CodedDetail[] => {
    const at = (field: keyof RoutingRuleInput) => `body.rules.${i}.${field}`;
    const problems: CodedDetail[] = [];
    if (rule.categoryCode !== null && !categories.has(rule.categoryCode)) problems.push({ path: at('categoryCode'), code: 'ROUTING_CATEGORY_UNKNOWN', params: { code: rule.categoryCode } });
    if (rule.areaId !== null && !areas.has(rule.areaId)) problems.push({ path: at('areaId'), code: 'ROUTING_AREA_UNKNOWN', params: { id: rule.areaId } });
    if (rule.target === 'department' && rule.departmentId === null) problems.push({ path: at('departmentId'), code: 'ROUTING_DEPARTMENT_REQUIRED' });
    if (rule.target !== 'department' && rule.departmentId !== null) problems.push({ path: at('departmentId'), code: 'ROUTING_DEPARTMENT_UNEXPECTED' });
    if (rule.departmentId !== null && !departments.has(rule.departmentId)) problems.push({ path: at('departmentId'), code: 'ROUTING_DEPARTMENT_UNKNOWN', params: { id: rule.departmentId } });
    return problems;
  });
}

/** Replaces the ordered routing rules in one go (admins): all are valid and stored, or none is. */
export async function replaceRoutingRules(deps: SettingsDeps, actor: Actor, input: RoutingRulesPut): Promise<RoutingRuleView[]> {
  requirePermission(actor, 'tickets.manage');
  await changeSettings(deps, async (trx) => {
    await settingsStore.lockForReplace(trx, 'ticket_routing_rule');
    const problems = await checkRules(trx, input.rules);
    if (problems.length) throw invalid(problems);
    const before = (await settingsStore.selectRoutingRuleViews(trx)).length;
    await settingsStore.replaceRoutingRules(trx, input.rules);
    await audit(trx, actor, { action: 'ticket_routing.replace', entity: 'ticket_routing_rule', details: { before, rules: input.rules } });
  });
  return (await settingsStore.selectRoutingRuleViews(deps.db)).map(presentRule);
}

/** The default ladder needs tickets.manage; a community's, tickets.dispatch over that community. */
async function requireLadderRight(deps: SettingsDeps, actor: Actor, communityId: number | null): Promise<void> {
  if (communityId === null) return requirePermission(actor, 'tickets.manage');
  requirePermission(actor, 'tickets.dispatch');
  if (!(await settingsStore.findCommunity(deps.db, communityId))) throw new AppError('ESCALATION_COMMUNITY_NOT_FOUND');
  requireInScope(await scopeFor(deps.db, actor, 'tickets.dispatch'), communityId, null);
}

/** Sets the default ladder or a community's own: levels 1, 2 and 3, each once. */
export async function setEscalationLadder(deps: SettingsDeps, actor: Actor, input: LadderPut): Promise<LadderView> {
  await requireLadderRight(deps, actor, input.communityId);
  const levels = input.steps.map((s) => s.level).sort();
  if (levels.join() !== '1,2,3') throw invalid([{ path: 'body.steps', code: 'LADDER_LEVELS' }]);
  const steps = [...input.steps].sort((a, b) => a.level - b.level);
  await changeSettings(deps, async (trx) => {
    await settingsStore.lockForReplace(trx, 'escalation_step');
    const before = stepsOf((await settingsStore.selectLadderSteps(trx, input.communityId === null ? [] : [input.communityId]))
      .filter((s) => s.community_id === input.communityId));
    await settingsStore.deleteLadder(trx, input.communityId);
    await settingsStore.insertLadder(trx, input.communityId, steps);
    await audit(trx, actor, {
      action: 'escalation_ladder.set', entity: 'escalation_ladder', entityId: input.communityId ?? 'default', communityId: input.communityId,
      details: { from: before, to: steps },
    });
  });
  return { communityId: input.communityId, steps };
}

/** A community goes back to the default ladder. */
export async function resetEscalationLadder(deps: SettingsDeps, actor: Actor, communityId: number): Promise<void> {
  await requireLadderRight(deps, actor, communityId);
  await changeSettings(deps, async (trx) => {
    await settingsStore.lockForReplace(trx, 'escalation_step');
    const removed = await settingsStore.deleteLadder(trx, communityId);
    if (removed) await audit(trx, actor, { action: 'escalation_ladder.reset', entity: 'escalation_ladder', entityId: communityId, communityId });
  });
}

/** Every day in the year, each once. */
function checkCalendar(input: CalendarPut): void {
  const seen = new Set<string>();
  const details = input.days.flatMap((d, i): CodedDetail[] => {
    const path = `body.days.${i}.day`;
    if (!d.day.startsWith(`${input.year}-`)) return [{ path, code: 'CALENDAR_DAY_OUTSIDE_YEAR', params: { day: d.day, year: input.year } }];
    if (seen.has(d.day)) return [{ path, code: 'CALENDAR_DAY_REPEATED', params: { day: d.day } }];
    seen.add(d.day);
    return [];
  });
  if (details.length) throw invalid(details);
}

/** Replaces one year's marked days (法定节假日 off, 调休 weekends on) with the given ones (admins). */
export async function replaceWorkingCalendar(deps: SettingsDeps, actor: Actor, input: CalendarPut): Promise<CalendarYear> {
  requirePermission(actor, 'tickets.manage');
  checkCalendar(input);
  const days = [...input.days].sort((a, b) => a.day.localeCompare(b.day)).map((d) => ({ day: d.day, working: d.working, name: d.name.trim() }));
  await changeSettings(deps, async (trx) => {
    await settingsStore.lockForReplace(trx, 'working_calendar_day');
    const before = await settingsStore.replaceCalendarYear(trx, input.year, days);
    await audit(trx, actor, { action: 'working_calendar.replace', entity: 'working_calendar', entityId: input.year, details: { before, days } });
  });
  return { year: input.year, days };
}
