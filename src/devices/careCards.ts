/**
 * Care cards (关爱卡片): one per household with care devices — the elder, the last door opening and water
 * use, each device's battery and signal, open alarms, whether the household is away, the contact chain
 * and the latest call attempts. A page of cards is a fixed handful of queries, whatever its size.
 */
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import { requirePermission, type Actor, type Scope } from '../platform/actor.ts';
import { scopeFor } from '../platform/auth/service.ts';
import { chinaDate, type Clock } from '../platform/clock.ts';
import { AppError } from '../platform/errors.ts';
import { decodeKeyCursor, encodeKeyCursor } from '../platform/pagination.ts';
import * as careStore from './careStore.ts';
import { ruleByCode } from './defaultRules.ts';
import { effectiveParams, layersByRule } from './ruleParams.ts';
import type { RuleDef } from './rules.ts';
import { deviceKinds, isDeviceKind, kinds } from './kinds.ts';
import type { CareCard, CareCardQuery } from './schema.ts';

interface CareDeps {
  db: Kysely<DB>;
  clock: Clock;
}

const careKinds: string[] = deviceKinds.filter((kind) => kinds[kind].care);
const recentCalls = 5;
const iso = (d: Date | null | undefined) => (d ? new Date(d).toISOString() : null);

function groupBy<T>(rows: T[], key: (row: T) => number | null): Map<number, T[]> {
  const groups = new Map<number, T[]>();
  for (const row of rows) {
    const k = key(row);
    if (k !== null) groups.set(k, [...(groups.get(k) ?? []), row]);
  }
  return groups;
}

/** Age from which a resident counts as an elder (老年人权益保障法: 60). */
const elderAge = 60;

/** The household's elders; where the registry knows of none by age, everyone living there (the card is theirs). */
function eldersOf(residents: { id: number; name_masked: string; birth_year: number | null }[], year: number) {
  const people = residents.map((r) => ({ residentId: r.id, name: r.name_masked, age: r.birth_year === null ? null : year - r.birth_year }));
  const elders = people.filter((p) => p.age !== null && p.age >= elderAge);
  return elders.length ? elders : people;
}

/** The inactivity rules whose limits the card's last door opening and water use are measured against. */
const quietRules = { door: ruleByCode('door_magnet.door_inactive')!, water: ruleByCode('water_meter.water_low')! };

/**
 * The hours of silence after which the household's door and water rules raise an alarm, as tuned for the
 * community and then the household; null where the rule is switched off.
 */
function quietHoursOf(h: { id: number; community_id: number }, stored: Awaited<ReturnType<typeof careStore.selectHouseholdRuleParams>>) {
  const layers = layersByRule(stored.filter((row) => row.household_id === h.id || (row.household_id === null && row.community_id === h.community_id)));
  const hoursOf = (rule: RuleDef) => {
    const params = effectiveParams(rule, layers.get(rule.code) ?? {});
    return params.enabled === false ? null : (params.hours as number);
  };
  return { door: hoursOf(quietRules.door), water: hoursOf(quietRules.water) };
}

/** The cards of these households, from one query per kind of fact. */
async function assembleCards(db: Kysely<DB>, households: careStore.CareHouseholdRow[], now: Date): Promise<CareCard[]> {
  if (!households.length) return [];
  const ids = households.map((h) => h.id);
  const [residents, devices, alarms, doors, water, contacts, calls, params] = await Promise.all([
    careStore.selectResidentsOf(db, ids), careStore.selectDevicesOf(db, ids), careStore.selectOpenAlarmsOf(db, ids), careStore.selectLastDoorOpen(db, ids),
    careStore.selectLastWaterUse(db, ids), careStore.selectContactsOf(db, ids), careStore.selectRecentCalls(db, ids, recentCalls),
    careStore.selectHouseholdRuleParams(db, households, Object.values(quietRules).map((rule) => rule.code)),
  ]);
  const year = Number(chinaDate(now).slice(0, 4));
  const [byResidents, byDevices, byAlarms, byContacts, byCalls] = [
    groupBy(residents, (r) => r.household_id), groupBy(devices, (d) => d.household_id), groupBy(alarms, (a) => a.household_id),
    groupBy(contacts, (c) => c.household_id), groupBy(calls, (c) => c.household_id),
  ];
  const doorAt = new Map(doors.map((d) => [d.household_id, d.at]));
  const waterAt = new Map(water.map((w) => [w.household_id, w.at]));
  return households.map((h) => ({
    householdId: h.id, householdLabel: h.label, communityId: h.community_id, gridId: h.grid_id, gridName: h.grid_name,
    location: h.lon === null || h.lat === null ? null : { lon: h.lon, lat: h.lat },
    elders: eldersOf(byResidents.get(h.id) ?? [], year),
    quietHours: quietHoursOf(h, params),
    awayUntil: h.away_until, awayReason: h.away_reason, lastDoorOpenAt: iso(doorAt.get(h.id) as Date | undefined), lastWaterUseAt: iso(waterAt.get(h.id)),
    devices: (byDevices.get(h.id) ?? []).map((d) => ({
      id: d.id, kind: d.kind, kindName: isDeviceKind(d.kind) ? kinds[d.kind].name : { zh: d.kind, en: d.kind }, state: d.state, battery: d.battery,
      signal: d.signal, lastSeenAt: iso(d.last_seen_at),
    })),
    openAlarms: (byAlarms.get(h.id) ?? []).map((a) => ({
      id: a.id, type: a.type, name: ruleByCode(a.rule_code)?.name ?? { zh: a.type, en: a.type }, severity: a.severity, firstAt: a.first_at.toISOString(),
      acknowledged: a.acknowledged_at !== null,
    })),
    contacts: (byContacts.get(h.id) ?? []).map((c) => ({ id: c.id, position: c.position, role: c.role, name: c.name_masked, phone: c.phone_masked, relation: c.relation })),
    recentCalls: (byCalls.get(h.id) ?? []).map((c) => ({
      id: c.id, at: c.at.toISOString(), contactId: c.contact_id, role: c.role, contactName: c.contact_name, outcome: c.outcome, note: c.note,
      alarmId: c.alarm_id, actorName: c.actor_name,
    })),
  }));
}

/**
 * Care cards of the households the actor looks after, alarming ones only if asked: first those with an alarm
 * nobody has acknowledged, then those with one still open, then the rest, each group by household.
 */
export async function listCareCards(deps: CareDeps, actor: Actor, q: CareCardQuery) {
  requirePermission(actor, 'devices.read');
  const limit = q.limit ?? 50;
  const scope = await scopeFor(deps.db, actor, 'devices.read');
  const [attention, id] = decodeKeyCursor(q.cursor, 2) ?? [];
  const after = id === undefined ? undefined : { attention, id };
  const rows = await careStore.selectCareHouseholds(deps.db, scope, careKinds, { ...q, after, limit });
  const more = rows.length > limit;
  const page = more ? rows.slice(0, limit) : rows;
  const last = page.at(-1);
  return { items: await assembleCards(deps.db, page, deps.clock.now()), nextCursor: more && last ? encodeKeyCursor([last.attention, last.id]) : null };
}

/** Whether the household is one the care view follows (it has care devices) within the scope: HOUSEHOLD_NOT_FOUND otherwise. */
export async function requireCareHousehold(db: Kysely<DB>, scope: Scope, householdId: number): Promise<void> {
  if (!(await careStore.selectCareHouseholds(db, scope, careKinds, { householdId, limit: 1 })).length) throw new AppError('HOUSEHOLD_NOT_FOUND');
}

/** One household's care card. */
export async function getCareCard(deps: CareDeps, actor: Actor, householdId: number): Promise<CareCard> {
  requirePermission(actor, 'devices.read');
  const scope = await scopeFor(deps.db, actor, 'devices.read');
  const rows = await careStore.selectCareHouseholds(deps.db, scope, careKinds, { householdId, limit: 1 });
  if (!rows.length) throw new AppError('HOUSEHOLD_NOT_FOUND');
  return (await assembleCards(deps.db, rows, deps.clock.now()))[0];
}
