import { sql, type Insertable, type Kysely, type Selectable } from 'kysely';
import { containsPattern } from '../db/containsPattern.ts';
import { withParts, type Part } from '../db/parts.ts';
import type { AlarmEventKind, AlarmTable, DB, DeviceTable } from '../db/schema.ts';
import { scopeFilter } from '../db/scopeFilter.ts';
import type { Scope } from '../platform/actor.ts';

/** SQL of the devices domain: the registry, events and readings, rule state and checks, alarms. */

export type DeviceRow = Selectable<DeviceTable>;

/** What ingest needs of a device on every message: kept in memory by ingest's cache. */
export interface DeviceInfo {
  id: string;
  kind: string;
  community_id: number;
  community_code: string;
  grid_id: number | null;
  building_id: number | null;
  household_id: number | null;
  lon: number | null;
  lat: number | null;
  label: string;
  active: boolean;
}

const deviceInfoColumns = [
  'd.id', 'd.kind', 'd.community_id', 'c.code as community_code', 'd.grid_id', 'd.building_id', 'd.household_id', 'd.lon', 'd.lat', 'd.label', 'd.active',
] as const;

export function findDeviceInfo(db: Kysely<DB>, id: string): Promise<DeviceInfo | undefined> {
  return db.selectFrom('device as d').innerJoin('area as c', 'c.id', 'd.community_id').select(deviceInfoColumns).where('d.id', '=', id).executeTakeFirst();
}

/** Where a household is: its community, grid and building. */
export function findHouseholdPlace(db: Kysely<DB>, id: number) {
  return db.selectFrom('household').select(['id', 'community_id', 'grid_id', 'building_id']).where('id', '=', id).executeTakeFirst();
}

/** Where a building is: its community and grid. */
export function findBuildingPlace(db: Kysely<DB>, id: number) {
  return db.selectFrom('building').select(['id', 'community_id', 'grid_id']).where('id', '=', id).executeTakeFirst();
}

/** A building's entrance and footprint box, for a point on the map. */
export function findBuildingPoint(db: Kysely<DB>, id: number) {
  return db.selectFrom('building').select(['entrance_lon', 'entrance_lat', 'min_lon', 'min_lat', 'max_lon', 'max_lat']).where('id', '=', id).executeTakeFirst();
}

/** A community's buildings by code, and its households with their building's code: what an installer's spreadsheet names. */
export function selectCommunityPlaces(db: Kysely<DB>, communityId: number) {
  return Promise.all([
    db.selectFrom('building').select(['id', 'code', 'grid_id']).where('community_id', '=', communityId).execute(),
    db.selectFrom('household as h').innerJoin('building as b', 'b.id', 'h.building_id').select(['h.id', 'h.grid_id', 'h.building_id', 'b.code', 'h.unit', 'h.room'])
      .where('h.community_id', '=', communityId).execute(),
  ]);
}

/** Which of these device ids are registered already. */
export async function selectTakenDeviceIds(db: Kysely<DB>, ids: string[]): Promise<Set<string>> {
  if (!ids.length) return new Set();
  return new Set((await db.selectFrom('device').select('id').where('id', 'in', ids).execute()).map((d) => d.id));
}

/** Where a device is, and its kind. */
export function findDevicePlace(db: Kysely<DB>, id: string) {
  return db.selectFrom('device').select(['community_id', 'grid_id', 'household_id', 'kind']).where('id', '=', id).executeTakeFirst();
}

/**
 * Locks the devices' rows, in id order (no deadlocks): one device's messages are applied one at a time, in any
 * process. NO KEY UPDATE, not UPDATE: the foreign keys of events being inserted only key-share their device,
 * and should neither wait for this lock nor make it wait. `alongside`: writes that go in the same statement.
 */
export async function lockDevices(trx: Kysely<DB>, ids: string[], alongside: Part[] = []): Promise<void> {
  const locked = sql`SELECT id FROM device WHERE id IN (${sql.join(ids)}) ORDER BY id FOR NO KEY UPDATE`;
  // Counted, not returned: the rows themselves are of no use here.
  await withParts([...named('write', alongside), ['locked', locked]], sql`SELECT count(*) FROM locked`).execute(trx);
}

/** Parts named `{prefix}_{i}`: their names matter to no one. */
function named(prefix: string, parts: Part[]): [string, Part][] {
  return parts.map((part, i) => [`${prefix}_${i}`, part]);
}

export function findSecretHash(db: Kysely<DB>, id: string) {
  return db.selectFrom('device as d').innerJoin('area as c', 'c.id', 'd.community_id')
    .select(['d.secret_hash', 'd.active', 'c.code as community_code']).where('d.id', '=', id).executeTakeFirst();
}

export async function insertDevice(trx: Kysely<DB>, row: Insertable<DeviceTable>): Promise<boolean> {
  const inserted = await trx.insertInto('device').values(row).onConflict((oc) => oc.column('id').doNothing()).returning('id').executeTakeFirst();
  return inserted !== undefined;
}

export async function updateDevice(trx: Kysely<DB>, id: string, set: Partial<Insertable<DeviceTable>>): Promise<void> {
  await trx.updateTable('device').set(set).where('id', '=', id).execute();
}

export interface DeviceViewRow extends Omit<DeviceRow, 'secret_hash'> {
  community_name: string;
  building_name: string | null;
  household_label: string | null;
  open_alarms: number;
}

function deviceViews(db: Kysely<DB>) {
  return db.selectFrom('device as d')
    .innerJoin('area as c', 'c.id', 'd.community_id')
    .leftJoin('building as b', 'b.id', 'd.building_id')
    .leftJoin('household as h', 'h.id', 'd.household_id')
    .select([
      'd.id', 'd.community_id', 'd.grid_id', 'd.building_id', 'd.household_id', 'd.kind', 'd.model', 'd.label', 'd.lon', 'd.lat', 'd.state', 'd.battery',
      'd.signal', 'd.last_seen_at', 'd.malformed_count', 'd.last_malformed_at', 'd.last_malformed', 'd.active', 'd.created_at',
    ])
    .select((eb) => [
      sql<string | null>`to_char(d.installed_on, 'YYYY-MM-DD')`.as('installed_on'), 'c.name as community_name', 'b.name as building_name',
      sql<string | null>`CASE WHEN h.id IS NULL THEN NULL ELSE ${eb.ref('b.name')} || ' ' || h.unit || '-' || h.room END`.as('household_label'),
      eb.selectFrom('alarm as a').select((a) => a.fn.countAll<number>().as('n')).whereRef('a.device_id', '=', 'd.id').where('a.cleared_at', 'is', null).as('open_alarms'),
    ]);
}

export function findDeviceView(db: Kysely<DB>, id: string): Promise<DeviceViewRow | undefined> {
  return deviceViews(db).where('d.id', '=', id).executeTakeFirst() as Promise<DeviceViewRow | undefined>;
}

export interface DeviceFilter {
  communityId?: number;
  kind?: string;
  householdId?: number;
  state?: 'unknown' | 'online' | 'lost';
  malformed?: boolean;
  q?: string;
  afterId?: string;
  limit: number;
}

/** Devices in scope, by id (ids are the manufacturers': the page cursor is the last id). */
export function selectDevices(db: Kysely<DB>, scope: Scope, f: DeviceFilter): Promise<DeviceViewRow[]> {
  let q = deviceViews(db).where((eb) => scopeFilter(eb, scope, 'd.community_id', 'd.grid_id'));
  if (f.communityId !== undefined) q = q.where('d.community_id', '=', f.communityId);
  if (f.kind) q = q.where('d.kind', '=', f.kind);
  if (f.householdId !== undefined) q = q.where('d.household_id', '=', f.householdId);
  if (f.state) q = q.where('d.state', '=', f.state);
  if (f.malformed) q = q.where('d.malformed_count', '>', 0);
  if (f.q) {
    const pattern = containsPattern(f.q);
    q = q.where((eb) => eb.or([eb('d.id', 'ilike', pattern), eb('d.label', 'ilike', pattern), eb('d.model', 'ilike', pattern)]));
  }
  if (f.afterId) q = q.where('d.id', '>', f.afterId);
  return q.orderBy('d.id').limit(f.limit + 1).execute() as Promise<DeviceViewRow[]>;
}

export function selectRecentEvents(db: Kysely<DB>, deviceId: string, limit: number) {
  return db.selectFrom('device_event').select(['id', 'seq', 'type', 'at', 'received_at', 'payload'])
    .where('device_id', '=', deviceId).orderBy('at', 'desc').orderBy('id', 'desc').limit(limit).execute();
}

/** An event to write; `text` is its payload's JSON as the device sent it, if at hand. */
export interface EventRow {
  deviceId: string;
  seq: number;
  type: string;
  at: Date;
  receivedAt: Date;
  payload: unknown;
  text?: string;
}

/**
 * Writes events, each once: returns the `{deviceId}:{seq}` of those written, leaving out redeliveries of events
 * already kept (and, of two copies in one call, the second). The list is written out by hand, as readings are
 * (readingsInsert): JSON.stringify of the payloads and their times was a good part of an event's cost.
 */
export async function insertEventsOnce(trx: Kysely<DB>, events: EventRow[]): Promise<Set<string>> {
  if (!events.length) return new Set();
  const list = events.map((e) =>
    `{"device_id":${JSON.stringify(e.deviceId)},"seq":${e.seq},"type":${JSON.stringify(e.type)},"at":${e.at.getTime()},"received_at":${e.receivedAt.getTime()},"payload":${e.text ?? JSON.stringify(e.payload)}}`);
  const written = await sql<{ device_id: string; seq: number }>`INSERT INTO device_event (device_id, seq, type, at, received_at, payload)
    SELECT e.device_id, e.seq, e.type, to_timestamp(e.at / 1000.0), to_timestamp(e.received_at / 1000.0), e.payload::jsonb
    FROM json_to_recordset(${`[${list.join(',')}]`}::json) AS e(device_id text, seq bigint, type text, at float8, received_at float8, payload json)
    ON CONFLICT (device_id, seq) DO NOTHING
    RETURNING device_id, seq`.execute(trx);
  return new Set(written.rows.map((r) => `${r.device_id}:${r.seq}`));
}

/** A reading to write; `text` is its value's JSON as the device sent it, if at hand. */
export interface ReadingRow {
  device: { id: string };
  reading: { at: Date; value: unknown };
  receivedAt: Date;
  text?: string;
}

/**
 * Readings in one statement, sent as one JSON parameter: a thousand rows parse and plan as fast as one.
 * The list is written out by hand around each value's JSON as the device sent it (checked and parsed once
 * already), with times as epoch milliseconds: serialising tens of thousands of readings a second is
 * otherwise a good share of ingest's work. The column is json, not jsonb (migration 013): each value is
 * stored as that text.
 */
export function readingsInsert(rows: ReadingRow[]): Part {
  const list = rows.map((r) =>
    `{"device_id":${JSON.stringify(r.device.id)},"at":${r.reading.at.getTime()},"received_at":${r.receivedAt.getTime()},"value":${r.text ?? JSON.stringify(r.reading.value)}}`);
  return sql`INSERT INTO device_reading (device_id, at, received_at, value)
    SELECT r.device_id, to_timestamp(r.at / 1000.0), to_timestamp(r.received_at / 1000.0), r.value
    FROM json_to_recordset(${`[${list.join(',')}]`}::json) AS r(device_id text, at float8, received_at float8, value json)`;
}

/** What a message says of its device: seen now, its battery and signal if it told them, its state if it changed. */
export interface DeviceSighting {
  deviceId: string;
  at: Date;
  battery?: number;
  signal?: number;
  state?: 'online' | 'lost';
}

/** One UPDATE for a batch of sightings (one per device), sent as one JSON parameter. */
export function sightingsUpdate(sightings: DeviceSighting[]): Part {
  const list = JSON.stringify(sightings.map((s) => ({ id: s.deviceId, at: s.at, battery: s.battery ?? null, signal: s.signal ?? null, state: s.state ?? null })));
  return sql`UPDATE device d SET
      last_seen_at = greatest(d.last_seen_at, v.at),
      battery = coalesce(v.battery, d.battery),
      signal = coalesce(v.signal, d.signal),
      state = coalesce(v.state, CASE WHEN d.state = 'unknown' THEN 'online' ELSE d.state END)
    FROM jsonb_to_recordset(${list}::jsonb) AS v(id text, at timestamptz, battery int, signal int, state text)
    WHERE d.id = v.id`;
}

export async function recordMalformed(db: Kysely<DB>, deviceId: string, at: Date, error: string): Promise<void> {
  await db.updateTable('device').set((eb) => ({ malformed_count: eb('malformed_count', '+', 1), last_malformed_at: at, last_malformed: error }))
    .where('id', '=', deviceId).execute();
}

// Rule parameters, state and checks.

export function selectRuleParams(db: Kysely<DB>, communityId: number, householdId: number | null, deviceId: string) {
  return db.selectFrom('rule_params').select(['household_id', 'device_id', 'rule_code', 'params'])
    .where('community_id', '=', communityId)
    .where((eb) => eb.or([
      eb.and([eb('household_id', 'is', null), eb('device_id', 'is', null)]),
      ...(householdId === null ? [] : [eb('household_id', '=', householdId)]),
      eb('device_id', '=', deviceId),
    ])).execute();
}

export async function upsertRuleParams(trx: Kysely<DB>, row: { communityId: number; householdId: number | null; deviceId: string | null; ruleCode: string; params: Record<string, unknown> }) {
  await sql`INSERT INTO rule_params (community_id, household_id, device_id, rule_code, params)
    VALUES (${row.communityId}, ${row.householdId}, ${row.deviceId}, ${row.ruleCode}, ${JSON.stringify(row.params)})
    ON CONFLICT (community_id, coalesce(household_id, 0), coalesce(device_id, ''), rule_code) DO UPDATE SET params = excluded.params`.execute(trx);
}

export async function deleteRuleParams(trx: Kysely<DB>, row: { communityId: number; householdId: number | null; deviceId: string | null; ruleCode: string }) {
  await sql`DELETE FROM rule_params WHERE community_id = ${row.communityId} AND coalesce(household_id, 0) = ${row.householdId ?? 0}
    AND coalesce(device_id, '') = ${row.deviceId ?? ''} AND rule_code = ${row.ruleCode}`.execute(trx);
}

/** The devices' rule state, read in one statement with `alongside` writes. */
export async function selectRuleStates(trx: Kysely<DB>, deviceIds: string[], alongside: Part[]) {
  const states = deviceIds.length ? sql`SELECT device_id, rule_code, state FROM rule_state WHERE device_id IN (${sql.join(deviceIds)})` : sql`SELECT NULL LIMIT 0`;
  const { rows } = await withParts(named('write', alongside), states).$castTo<{ device_id: string; rule_code: string; state: unknown }>().execute(trx);
  return rows;
}

export interface RuleStateChange {
  deviceId: string;
  ruleCode: string;
  /** undefined: the rule remembers nothing now. */
  state: object | undefined;
  at: Date;
}

export interface RuleCheckChange {
  deviceId: string;
  ruleCode: string;
  /** null: disarmed. */
  dueAt: Date | null;
}

/** Writes what a run of rules changed, its state and its checks, in one statement. */
export async function writeRuleChanges(trx: Kysely<DB>, states: RuleStateChange[], checks: RuleCheckChange[]): Promise<void> {
  const kept = states.filter((c) => c.state !== undefined);
  const armed = checks.filter((c) => c.dueAt !== null);
  const keys = (changes: { deviceId: string; ruleCode: string }[]) => JSON.stringify(changes.map((c) => ({ device_id: c.deviceId, rule_code: c.ruleCode })));
  const parts: [string, Part][] = [];
  if (kept.length) {
    const list = JSON.stringify(kept.map((c) => ({ device_id: c.deviceId, rule_code: c.ruleCode, state: c.state, updated_at: c.at })));
    parts.push(['kept', sql`INSERT INTO rule_state (device_id, rule_code, state, updated_at)
      SELECT * FROM jsonb_to_recordset(${list}::jsonb) AS v(device_id text, rule_code text, state jsonb, updated_at timestamptz)
      ON CONFLICT (device_id, rule_code) DO UPDATE SET state = excluded.state, updated_at = excluded.updated_at`]);
  }
  if (kept.length < states.length) {
    parts.push(['forgotten', sql`DELETE FROM rule_state s USING jsonb_to_recordset(${keys(states.filter((c) => c.state === undefined))}::jsonb) AS v(device_id text, rule_code text)
      WHERE s.device_id = v.device_id AND s.rule_code = v.rule_code`]);
  }
  if (armed.length) {
    const list = JSON.stringify(armed.map((c) => ({ device_id: c.deviceId, rule_code: c.ruleCode, due_at: c.dueAt })));
    parts.push(['armed', sql`INSERT INTO rule_check (device_id, rule_code, due_at)
      SELECT * FROM jsonb_to_recordset(${list}::jsonb) AS v(device_id text, rule_code text, due_at timestamptz)
      ON CONFLICT (device_id, rule_code) DO UPDATE SET due_at = excluded.due_at`]);
  }
  if (armed.length < checks.length) {
    parts.push(['disarmed', sql`DELETE FROM rule_check c USING jsonb_to_recordset(${keys(checks.filter((c) => c.dueAt === null))}::jsonb) AS v(device_id text, rule_code text)
      WHERE c.device_id = v.device_id AND c.rule_code = v.rule_code`]);
  }
  if (parts.length) await withParts(parts, sql`SELECT 1`).execute(trx);
}

/** Due checks, claimed so that another process skips them; the caller re-arms or removes each in this transaction. */
export function claimDueChecks(trx: Kysely<DB>, now: Date, limit: number) {
  return trx.selectFrom('rule_check').select(['device_id', 'rule_code', 'due_at']).where('due_at', '<=', now)
    .orderBy('due_at').limit(limit).forUpdate().skipLocked().execute();
}

// Alarms.

export type AlarmRow = Selectable<AlarmTable>;

export function findActiveAlarm(trx: Kysely<DB>, deviceId: string, type: string) {
  return trx.selectFrom('alarm').selectAll().where('device_id', '=', deviceId).where('type', '=', type).where('cleared_at', 'is', null).executeTakeFirst();
}

/** The devices' active alarms (one per device and type at most). */
export function selectActiveAlarms(trx: Kysely<DB>, deviceIds: string[]): Promise<AlarmRow[]> {
  return trx.selectFrom('alarm').selectAll().where('device_id', 'in', deviceIds).where('cleared_at', 'is', null).execute();
}

/** Repeats of active alarms: each alarm's occurrences go up by `count`, its last time and details are the latest. */
export interface AlarmRepeat {
  alarmId: number;
  count: number;
  lastAt: Date;
  details: Record<string, unknown>;
}

/**
 * Counts many repeats in one statement; returns the ids of the alarms bumped. An alarm cleared since it
 * was read (a person cleared it meanwhile) is left alone and missing from the answer.
 */
export async function bumpActiveAlarms(trx: Kysely<DB>, repeats: AlarmRepeat[]): Promise<Set<number>> {
  if (!repeats.length) return new Set();
  const list = JSON.stringify(repeats.map((r) => ({ id: r.alarmId, count: r.count, last_at: r.lastAt, details: r.details })));
  const bumped = await sql<{ id: number }>`UPDATE alarm a SET occurrences = a.occurrences + v.count, last_at = greatest(a.last_at, v.last_at), details = v.details
    FROM jsonb_to_recordset(${list}::jsonb) AS v(id bigint, count int, last_at timestamptz, details jsonb)
    WHERE a.id = v.id AND a.cleared_at IS NULL
    RETURNING a.id`.execute(trx);
  return new Set(bumped.rows.map((r) => Number(r.id)));
}

/**
 * Raises an alarm, or bumps the active one of the same device and type: the unique index decides, so two
 * processes raising at once still make one alarm. `created` tells which happened.
 */
export async function raiseOrRepeat(trx: Kysely<DB>, row: Insertable<AlarmTable>): Promise<{ alarm: AlarmRow; created: boolean }> {
  const result = await sql<AlarmRow & { created: boolean }>`
    INSERT INTO alarm (device_id, household_id, building_id, grid_id, community_id, type, rule_code, severity, first_at, last_at, details)
    VALUES (${row.device_id}, ${row.household_id}, ${row.building_id}, ${row.grid_id}, ${row.community_id}, ${row.type}, ${row.rule_code},
            ${row.severity}, ${row.first_at}, ${row.last_at}, ${row.details})
    ON CONFLICT (device_id, type) WHERE cleared_at IS NULL
    DO UPDATE SET occurrences = alarm.occurrences + 1, last_at = greatest(alarm.last_at, excluded.last_at), details = excluded.details
    RETURNING *, (xmax = 0) AS created`.execute(trx);
  const { created, ...alarm } = result.rows[0];
  return { alarm, created };
}

export function lockAlarm(trx: Kysely<DB>, id: number) {
  return trx.selectFrom('alarm').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
}

export async function updateAlarm(trx: Kysely<DB>, id: number, set: Partial<Insertable<AlarmTable>>): Promise<void> {
  await trx.updateTable('alarm').set(set).where('id', '=', id).execute();
}

export async function insertAlarmEvent(trx: Kysely<DB>, e: { alarmId: number; kind: AlarmEventKind; at: Date; actorId: number | null; actorName: string; body?: string | null; details?: Record<string, unknown> }) {
  await trx.insertInto('alarm_event').values({
    alarm_id: e.alarmId, kind: e.kind, at: e.at, actor_id: e.actorId, actor_name: e.actorName, body: e.body ?? null, details: JSON.stringify(e.details ?? {}),
  }).execute();
}

export function selectAlarmEvents(db: Kysely<DB>, alarmId: number) {
  return db.selectFrom('alarm_event').selectAll().where('alarm_id', '=', alarmId).orderBy('id').execute();
}

export function selectAlarmsOfTicket(trx: Kysely<DB>, ticketId: number) {
  return trx.selectFrom('alarm').selectAll().where('ticket_id', '=', ticketId).forUpdate().execute();
}

export interface AlarmViewRow extends AlarmRow {
  device_kind: string;
  device_label: string;
  lon: number | null;
  lat: number | null;
  household_label: string | null;
  acknowledged_by_name: string | null;
  assignee_name: string | null;
}

function alarmViews(db: Kysely<DB>) {
  return db.selectFrom('alarm as a')
    .innerJoin('device as d', 'd.id', 'a.device_id')
    .leftJoin('household as h', 'h.id', 'a.household_id')
    .leftJoin('building as b', 'b.id', 'h.building_id')
    .leftJoin('app_user as ack', 'ack.id', 'a.acknowledged_by')
    .leftJoin('app_user as asg', 'asg.id', 'a.assignee_user_id')
    .selectAll('a')
    .select((eb) => [
      'd.kind as device_kind', 'd.label as device_label', 'd.lon', 'd.lat', 'ack.display_name as acknowledged_by_name', 'asg.display_name as assignee_name',
      sql<string | null>`CASE WHEN h.id IS NULL THEN NULL ELSE ${eb.ref('b.name')} || ' ' || h.unit || '-' || h.room END`.as('household_label'),
    ]);
}

/**
 * Active people holding one of `roles` where an alarm is: on its grid, or on its community or an area
 * above it (a role on a grid reaches that grid only, one on a larger area every community under it; as
 * scopeFor reckons it). Whose name or username contains `q`, by name, each with the areas of those roles.
 */
export function selectPeopleHandling(db: Kysely<DB>, place: { communityId: number; gridId: number | null }, roles: readonly string[], q: string | undefined, limit: number) {
  let query = db
    .selectFrom('user_role as ur')
    .innerJoin('area as a', 'a.id', 'ur.area_id')
    .innerJoin('app_user as u', 'u.id', 'ur.user_id')
    .select(['u.id', 'u.display_name', sql<string>`string_agg(DISTINCT a.name, '、')`.as('areas')])
    .where('ur.role', 'in', roles as never[])
    .where('u.disabled', '=', false)
    .where((eb) => eb.or([
      eb.and([eb('a.level', '=', 'grid'), eb('a.id', '=', place.gridId)]),
      eb.and([eb('a.level', '<>', 'grid'), sql<boolean>`(SELECT path FROM area WHERE id = ${place.communityId}) LIKE a.path || '%'`]),
    ]));
  if (q) {
    const pattern = containsPattern(q);
    query = query.where((eb) => eb.or([eb('u.display_name', 'ilike', pattern), eb('u.username', 'ilike', pattern)]));
  }
  return query.groupBy(['u.id', 'u.display_name']).orderBy('u.display_name').orderBy('u.id').limit(limit).execute();
}

export function findAlarmView(db: Kysely<DB>, id: number): Promise<AlarmViewRow | undefined> {
  return alarmViews(db).where('a.id', '=', id).executeTakeFirst() as Promise<AlarmViewRow | undefined>;
}

export interface AlarmFilter {
  communityId?: number;
  gridId?: number;
  buildingId?: number;
  householdId?: number;
  deviceId?: string;
  status: 'active' | 'unacknowledged' | 'cleared' | 'all';
  severity?: string;
  type?: string;
  beforeId?: number;
  limit: number;
}

/** Alarms in scope, newest first, at any level of their originator: device, household, building, grid, community. */
export function selectAlarms(db: Kysely<DB>, scope: Scope, f: AlarmFilter): Promise<AlarmViewRow[]> {
  let q = alarmViews(db).where((eb) => scopeFilter(eb, scope, 'a.community_id', 'a.grid_id'));
  if (f.communityId !== undefined) q = q.where('a.community_id', '=', f.communityId);
  if (f.gridId !== undefined) q = q.where('a.grid_id', '=', f.gridId);
  if (f.buildingId !== undefined) q = q.where('a.building_id', '=', f.buildingId);
  if (f.householdId !== undefined) q = q.where('a.household_id', '=', f.householdId);
  if (f.deviceId !== undefined) q = q.where('a.device_id', '=', f.deviceId);
  if (f.status === 'active') q = q.where('a.cleared_at', 'is', null);
  if (f.status === 'unacknowledged') q = q.where('a.acknowledged_at', 'is', null);
  if (f.status === 'cleared') q = q.where('a.cleared_at', 'is not', null);
  if (f.severity) q = q.where('a.severity', '=', f.severity as AlarmRow['severity']);
  if (f.type) q = q.where('a.type', '=', f.type);
  if (f.beforeId !== undefined) q = q.where('a.id', '<', f.beforeId);
  return q.orderBy('a.id', 'desc').limit(f.limit + 1).execute() as Promise<AlarmViewRow[]>;
}

/** How fast critical alarms raised in [from, before) were acknowledged. */
export async function answerCounts(db: Kysely<DB>, scope: Scope, communityId: number | undefined, from: Date, before: Date) {
  let q = db.selectFrom('alarm as a')
    .where((eb) => scopeFilter(eb, scope, 'a.community_id', 'a.grid_id'))
    .where('a.severity', '=', 'critical').where('a.first_at', '>=', from).where('a.first_at', '<', before)
    .select([
      sql<number>`count(*)`.as('critical'),
      sql<number>`count(*) FILTER (WHERE a.acknowledged_at <= a.first_at + interval '60 seconds')`.as('within60'),
      sql<number>`count(*) FILTER (WHERE a.acknowledged_at <= a.first_at + interval '180 seconds')`.as('within180'),
      sql<number>`count(*) FILTER (WHERE a.acknowledged_at IS NULL)`.as('unacknowledged'),
    ]);
  if (communityId !== undefined) q = q.where('a.community_id', '=', communityId);
  return q.executeTakeFirstOrThrow();
}

/** Alarms and false alarms per household and China month, households with a false alarm first. */
export function falseAlarmsByHousehold(db: Kysely<DB>, scope: Scope, communityId: number | undefined, from: Date, before: Date) {
  let q = db.selectFrom('alarm as a')
    .innerJoin('household as h', 'h.id', 'a.household_id')
    .innerJoin('building as b', 'b.id', 'h.building_id')
    .where((eb) => scopeFilter(eb, scope, 'a.community_id', 'a.grid_id'))
    .where('a.first_at', '>=', from).where('a.first_at', '<', before)
    .select([
      'a.household_id', sql<string>`min(b.name || ' ' || h.unit || '-' || h.room)`.as('household_label'),
      sql<string>`to_char((a.first_at AT TIME ZONE 'UTC') + interval '8 hours', 'YYYY-MM')`.as('month'),
      sql<number>`count(*)`.as('alarms'), sql<number>`count(*) FILTER (WHERE a.false_alarm)`.as('false_alarms'),
    ])
    .groupBy(['a.household_id', sql`3`])
    .orderBy(sql`count(*) FILTER (WHERE a.false_alarm)`, 'desc').orderBy(sql`3`, 'desc').limit(200);
  if (communityId !== undefined) q = q.where('a.community_id', '=', communityId);
  return q.execute();
}
