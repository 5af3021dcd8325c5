/**
 * What people do with alarms (告警处置): list them at any level, read one with its timeline, acknowledge
 * (接警), assign, comment, clear (as dealt with, or as a false alarm), and the answer KPI.
 */
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import { can, inScope, requirePermission, type Actor } from '../platform/actor.ts';
import { selectGrants } from '../platform/auth/store.ts';
import { scopeFor } from '../platform/auth/service.ts';
import { chinaDate } from '../platform/clock.ts';
import { AppError } from '../platform/errors.ts';
import { roleGrants, roles } from '../platform/roles.ts';
import { decodeCursor, toPage } from '../platform/pagination.ts';
import { chinaMidnight } from '../tickets/service.ts';
import { answerTicketOf, markAcknowledged, markCleared, restartRule, type AlarmDeps, type AlarmWho } from './alarms.ts';
import { ruleByCode } from './defaultRules.ts';
import type { AlarmAssigneesQuery, AlarmDetail, AlarmListQuery, AlarmView, AnswerKpi, AnswerKpiQuery } from './schema.ts';
import * as store from './store.ts';

const iso = (d: Date | null) => d?.toISOString() ?? null;
const whoOf = (actor: Actor): AlarmWho => ({ id: actor.userId > 0 ? actor.userId : null, name: actor.displayName });

export function presentAlarm(row: store.AlarmViewRow): AlarmView {
  return {
    id: row.id, type: row.type, name: ruleByCode(row.rule_code)?.name ?? { zh: row.type, en: row.type }, severity: row.severity, ruleCode: row.rule_code,
    deviceId: row.device_id, deviceKind: row.device_kind, deviceLabel: row.device_label,
    location: row.lon === null || row.lat === null ? null : { lon: row.lon, lat: row.lat },
    communityId: row.community_id, gridId: row.grid_id, buildingId: row.building_id, householdId: row.household_id, householdLabel: row.household_label,
    firstAt: row.first_at.toISOString(), lastAt: row.last_at.toISOString(), occurrences: row.occurrences, details: row.details,
    active: row.cleared_at === null, acknowledged: row.acknowledged_at !== null, acknowledgedAt: iso(row.acknowledged_at),
    acknowledgedByName: row.acknowledged_by_name, clearedAt: iso(row.cleared_at), falseAlarm: row.false_alarm,
    assigneeUserId: row.assignee_user_id, assigneeName: row.assignee_name, ticketId: row.ticket_id,
  };
}

async function requireAlarmInScope(db: Kysely<DB>, actor: Actor, row: store.AlarmRow, permission: 'devices.read' | 'alarms.handle') {
  requirePermission(actor, permission);
  const scope = await scopeFor(db, actor, permission);
  if (!inScope(scope, row.community_id, row.grid_id)) throw new AppError('ALARM_NOT_FOUND');
}

export async function getAlarm(deps: Pick<AlarmDeps, 'db'>, actor: Actor, id: number): Promise<AlarmDetail> {
  const row = await store.findAlarmView(deps.db, id);
  if (!row) throw new AppError('ALARM_NOT_FOUND');
  await requireAlarmInScope(deps.db, actor, row, 'devices.read');
  const events = await store.selectAlarmEvents(deps.db, id);
  return {
    ...presentAlarm(row),
    timeline: events.map((e) => ({ id: e.id, kind: e.kind, at: e.at.toISOString(), actorName: e.actor_name, body: e.body, details: e.details })),
  };
}

export async function listAlarms(deps: Pick<AlarmDeps, 'db'>, actor: Actor, q: AlarmListQuery) {
  requirePermission(actor, 'devices.read');
  const limit = q.limit ?? 50;
  const scope = await scopeFor(deps.db, actor, 'devices.read');
  const rows = await store.selectAlarms(deps.db, scope, { ...q, status: q.status ?? 'active', beforeId: decodeCursor(q.cursor), limit });
  return toPage(rows, limit, presentAlarm);
}

/** One step on a locked alarm by a person who may handle alarms where it is. */
async function alarmStep(deps: AlarmDeps, actor: Actor, id: number, apply: (trx: Kysely<DB>, alarm: store.AlarmRow, at: Date) => Promise<void>) {
  const at = deps.clock.now();
  await deps.db.transaction().execute(async (trx) => {
    const alarm = await store.lockAlarm(trx, id);
    if (!alarm) throw new AppError('ALARM_NOT_FOUND');
    await requireAlarmInScope(trx, actor, alarm, 'alarms.handle');
    await apply(trx, alarm, at);
  });
  return getAlarm(deps, actor, id);
}

/** 接警: someone answers the alarm; its ticket is accepted by them, which stops its escalation. */
export function acknowledgeAlarm(deps: AlarmDeps, actor: Actor, id: number) {
  return alarmStep(deps, actor, id, async (trx, alarm, at) => {
    const who = whoOf(actor);
    if (await markAcknowledged(trx, alarm, who, at)) await answerTicketOf(trx, alarm, who, at);
  });
}

/** Clears an alarm by hand: dealt with, or nothing was wrong (a false alarm). Clearing also acknowledges. */
export function clearAlarm(deps: AlarmDeps, actor: Actor, id: number, body: { reason: string; falseAlarm?: boolean }) {
  return alarmStep(deps, actor, id, async (trx, alarm, at) => {
    if (alarm.cleared_at !== null) throw new AppError('ALARM_ALREADY_CLEARED');
    const who = whoOf(actor);
    if (await markAcknowledged(trx, alarm, who, at)) await answerTicketOf(trx, alarm, who, at);
    await markCleared(trx, alarm, who, at, { reason: body.reason.trim(), falseAlarm: body.falseAlarm });
    await restartRule(trx, alarm, at);
  });
}

/** Hands the alarm to a person who handles alarms where it is (a grid worker, the building lead). */
export function assignAlarm(deps: AlarmDeps, actor: Actor, id: number, userId: number) {
  return alarmStep(deps, actor, id, async (trx, alarm, at) => {
    const assignee = await trx.selectFrom('app_user').select(['id', 'display_name']).where('id', '=', userId).executeTakeFirst();
    if (!assignee || !(await handlesAlarmsAt(trx, assignee, alarm))) throw new AppError('ASSIGNEE_NOT_FOUND');
    await store.updateAlarm(trx, id, { assignee_user_id: userId });
    await store.insertAlarmEvent(trx, { alarmId: id, kind: 'assigned', at, actorId: whoOf(actor).id, actorName: actor.displayName, details: { userId, name: assignee.display_name } });
  });
}

/** The roles whose holders answer alarms. */
const alarmRoles = roles.filter((role) => roleGrants(role, 'alarms.handle'));

/** Who the alarm can be handed to (people who handle alarms where it is), for one who may handle it; `q` narrows by name. */
export async function listAlarmAssignees(deps: Pick<AlarmDeps, 'db'>, actor: Actor, id: number, q: AlarmAssigneesQuery) {
  const alarm = await store.findAlarmView(deps.db, id);
  if (!alarm) throw new AppError('ALARM_NOT_FOUND');
  await requireAlarmInScope(deps.db, actor, alarm, 'alarms.handle');
  const people = await store.selectPeopleHandling(deps.db, { communityId: alarm.community_id, gridId: alarm.grid_id }, alarmRoles, q.q?.trim() || undefined, q.limit ?? 50);
  return people.map((person) => ({ id: person.id, displayName: person.display_name, areas: person.areas }));
}

/** Whether the user holds a role that handles alarms where this one is. */
async function handlesAlarmsAt(trx: Kysely<DB>, user: { id: number; display_name: string }, alarm: store.AlarmRow): Promise<boolean> {
  const grants = await selectGrants(trx, user.id);
  const assignee: Actor = {
    userId: user.id, username: '', displayName: user.display_name, locale: 'zh-CN', grants, householdId: null, residentId: null, departmentId: null, ip: null,
  };
  return can(assignee, 'alarms.handle') && inScope(await scopeFor(trx, assignee, 'alarms.handle'), alarm.community_id, alarm.grid_id);
}

export function commentOnAlarm(deps: AlarmDeps, actor: Actor, id: number, text: string) {
  return alarmStep(deps, actor, id, async (trx, alarm, at) => {
    await store.insertAlarmEvent(trx, { alarmId: alarm.id, kind: 'commented', at, actorId: whoOf(actor).id, actorName: actor.displayName, body: text.trim() });
  });
}

const share = (part: number, whole: number) => (whole === 0 ? null : part / whole);

/**
 * The answer KPI: of critical alarms raised in the period, the share acknowledged within 60 s and 180 s
 * (the telecare standard asks 97.5 % and 99 %), and false alarms per household and month.
 */
export async function answerKpi(deps: Pick<AlarmDeps, 'db' | 'clock'>, actor: Actor, q: AnswerKpiQuery): Promise<AnswerKpi> {
  requirePermission(actor, 'devices.read');
  const scope = await scopeFor(deps.db, actor, 'devices.read');
  const to = q.to ?? chinaDate(deps.clock.now());
  const from = q.from ?? `${to.slice(0, 8)}01`;
  const start = chinaMidnight(from);
  const before = new Date(chinaMidnight(to).getTime() + 86_400_000);
  const counts = await store.answerCounts(deps.db, scope, q.communityId, start, before);
  const households = await store.falseAlarmsByHousehold(deps.db, scope, q.communityId, start, before);
  return {
    from, to, critical: Number(counts.critical), within60s: share(Number(counts.within60), Number(counts.critical)),
    within180s: share(Number(counts.within180), Number(counts.critical)), unacknowledged: Number(counts.unacknowledged),
    falseAlarms: households.map((h) => ({
      householdId: h.household_id!, householdLabel: h.household_label, month: h.month, alarms: Number(h.alarms), falseAlarms: Number(h.false_alarms),
      rate: Number(h.false_alarms) / Number(h.alarms),
    })),
  };
}
