import { sql, type Kysely } from 'kysely';
import type { CallOutcome, ContactRole, DB } from '../db/schema.ts';
import { scopeFilter } from '../db/scopeFilter.ts';
import type { Scope } from '../platform/actor.ts';

/** SQL of the care cards: households with care devices, their elders, readings, contacts and calls. */

export interface CareHouseholdRow {
  id: number;
  community_id: number;
  grid_id: number | null;
  grid_name: string | null;
  label: string;
  away_until: string | null;
  away_reason: string | null;
  lon: number | null;
  lat: number | null;
}

/** How much a household needs a look: 0 with an alarm nobody has acknowledged, 1 with an acknowledged one still open, 2 otherwise. */
export type CareAttention = 0 | 1 | 2;

/** Where a page of households starts: after this (attention, household id). */
export interface CareHouseholdKey {
  attention: number;
  id: number;
}

/**
 * Households in scope with at least one care device, those needing a look first (CareAttention), then by id;
 * optionally only those with an active alarm.
 */
export function selectCareHouseholds(
  db: Kysely<DB>, scope: Scope, careKinds: string[], f: { communityId?: number; gridId?: number; householdId?: number; alarming?: boolean; after?: CareHouseholdKey; limit: number },
): Promise<(CareHouseholdRow & { attention: CareAttention })[]> {
  let q = db.selectFrom('household as h')
    .innerJoin('building as b', 'b.id', 'h.building_id')
    .leftJoin('area as g', 'g.id', 'h.grid_id')
    .where((eb) => scopeFilter(eb, scope, 'h.community_id', 'h.grid_id'))
    .where((eb) => eb.exists(eb.selectFrom('device as d').select('d.id').whereRef('d.household_id', '=', 'h.id').where('d.kind', 'in', careKinds)))
    .select([
      'h.id', 'h.community_id', 'h.grid_id', 'g.name as grid_name', 'h.away_reason',
      sql<string>`b.name || ' ' || h.unit || '-' || h.room`.as('label'),
      sql<string | null>`to_char(h.away_until, 'YYYY-MM-DD')`.as('away_until'),
      sql<number | null>`coalesce(b.entrance_lon, (b.min_lon + b.max_lon) / 2)`.as('lon'),
      sql<number | null>`coalesce(b.entrance_lat, (b.min_lat + b.max_lat) / 2)`.as('lat'),
      sql<CareAttention>`coalesce((SELECT min(CASE WHEN a.acknowledged_at IS NULL THEN 0 ELSE 1 END) FROM alarm a
        WHERE a.household_id = h.id AND a.cleared_at IS NULL), 2)`.as('attention'),
    ]);
  if (f.communityId !== undefined) q = q.where('h.community_id', '=', f.communityId);
  if (f.gridId !== undefined) q = q.where('h.grid_id', '=', f.gridId);
  if (f.householdId !== undefined) q = q.where('h.id', '=', f.householdId);
  if (f.alarming) q = q.where((eb) => eb.exists(eb.selectFrom('alarm as a').select('a.id').whereRef('a.household_id', '=', 'h.id').where('a.cleared_at', 'is', null)));
  const after = f.after;
  const ordered = db.selectFrom(q.as('c')).selectAll().orderBy('c.attention').orderBy('c.id').limit(f.limit + 1);
  return (after ? ordered.where(sql<boolean>`(c.attention, c.id) > (${after.attention}, ${after.id})`) : ordered).execute();
}

export function selectResidentsOf(db: Kysely<DB>, householdIds: number[]) {
  return db.selectFrom('resident').select(['id', 'household_id', 'name_masked', 'birth_year']).where('household_id', 'in', householdIds).orderBy('id').execute();
}

export function selectDevicesOf(db: Kysely<DB>, householdIds: number[]) {
  return db.selectFrom('device').select(['id', 'household_id', 'kind', 'state', 'battery', 'signal', 'last_seen_at'])
    .where('household_id', 'in', householdIds).where('active', '=', true).orderBy('id').execute();
}

export function selectOpenAlarmsOf(db: Kysely<DB>, householdIds: number[]) {
  return db.selectFrom('alarm').select(['id', 'household_id', 'type', 'rule_code', 'severity', 'first_at', 'acknowledged_at'])
    .where('household_id', 'in', householdIds).where('cleared_at', 'is', null).orderBy('id', 'desc').execute();
}

/** When each household's door last opened. */
export function selectLastDoorOpen(db: Kysely<DB>, householdIds: number[]) {
  return db.selectFrom('device_event as e').innerJoin('device as d', 'd.id', 'e.device_id')
    .select(['d.household_id', (eb) => eb.fn.max('e.at').as('at')])
    .where('d.household_id', 'in', householdIds).where('e.type', '=', 'door_open').groupBy('d.household_id').execute();
}

/**
 * When each household last used water: the latest reading of its meter that moved the register, among the
 * meter's recent readings (a household that used none in the last 200 readings shows none).
 */
export async function selectLastWaterUse(db: Kysely<DB>, householdIds: number[]) {
  const result = await sql<{ household_id: number; at: Date }>`
    SELECT d.household_id, max(r.at) AS at
    FROM device d
    CROSS JOIN LATERAL (
      SELECT x.at, (x.value->>'litres')::float8 AS litres, lag((x.value->>'litres')::float8) OVER (ORDER BY x.at) AS before
      FROM (SELECT at, value FROM device_reading WHERE device_id = d.id AND value->'litres' IS NOT NULL ORDER BY at DESC LIMIT 200) x
    ) r
    WHERE d.kind = 'water_meter' AND d.household_id IN (${sql.join(householdIds)}) AND r.litres > r.before
    GROUP BY d.household_id`.execute(db);
  return result.rows;
}

export function selectContactsOf(db: Kysely<DB>, householdIds: number[]) {
  return db.selectFrom('care_contact').select(['id', 'household_id', 'position', 'role', 'name_masked', 'phone_masked', 'relation'])
    .where('household_id', 'in', householdIds).orderBy('household_id').orderBy('position').execute();
}

/** The last `perHousehold` calls of each household, newest first. */
export async function selectRecentCalls(db: Kysely<DB>, householdIds: number[], perHousehold: number) {
  return db.selectFrom((eb) => eb.selectFrom('care_call').selectAll()
    .select(sql<number>`row_number() OVER (PARTITION BY household_id ORDER BY id DESC)`.as('n'))
    .where('household_id', 'in', householdIds).as('c'))
    .selectAll().where('n', '<=', perHousehold).orderBy('id', 'desc').execute();
}

/** The stored parameters of the given rules for these households: their communities' defaults and their own (not devices'). */
export function selectHouseholdRuleParams(db: Kysely<DB>, households: { id: number; community_id: number }[], ruleCodes: string[]) {
  return db.selectFrom('rule_params').select(['community_id', 'household_id', 'rule_code', 'params'])
    .where('rule_code', 'in', ruleCodes)
    .where('device_id', 'is', null)
    .where((eb) => eb.or([
      eb.and([eb('household_id', 'is', null), eb('community_id', 'in', [...new Set(households.map((h) => h.community_id))])]),
      eb('household_id', 'in', households.map((h) => h.id)),
    ]))
    .execute();
}

/** The ids of the household's contacts. */
export async function selectContactIds(trx: Kysely<DB>, householdId: number): Promise<number[]> {
  return (await trx.selectFrom('care_contact').select('id').where('household_id', '=', householdId).execute()).map((r) => r.id);
}

type Sealed = { sealed: string; masked: string };
/** A contact of the chain as written: kept by id (name and phone stay unless given) or new (both given). */
export interface ChainContact {
  id?: number;
  role: ContactRole;
  relation: string;
  name?: Sealed;
  phone?: Sealed;
}

/** Writes the chain in order: contacts not in it are deleted, kept ones updated in place, new ones inserted. */
export async function writeChain(trx: Kysely<DB>, householdId: number, communityId: number, chain: ChainContact[], at: Date): Promise<void> {
  const kept = chain.flatMap((c) => (c.id === undefined ? [] : [c.id]));
  let removed = trx.deleteFrom('care_contact').where('household_id', '=', householdId);
  if (kept.length) removed = removed.where('id', 'not in', kept);
  await removed.execute();
  // Positions are unique per household: kept contacts step out of 1…10 before taking their new places.
  if (kept.length) await trx.updateTable('care_contact').set((eb) => ({ position: eb('position', '+', 100) })).where('household_id', '=', householdId).execute();
  for (const [i, c] of chain.entries()) {
    const values = {
      position: i + 1, role: c.role, relation: c.relation,
      ...(c.name && { name_sealed: c.name.sealed, name_masked: c.name.masked }), ...(c.phone && { phone_sealed: c.phone.sealed, phone_masked: c.phone.masked }),
    };
    if (c.id !== undefined) await trx.updateTable('care_contact').set(values).where('id', '=', c.id).execute();
    else {
      await trx.insertInto('care_contact').values({
        ...values, household_id: householdId, community_id: communityId, created_at: at,
        name_sealed: c.name!.sealed, name_masked: c.name!.masked, phone_sealed: c.phone!.sealed, phone_masked: c.phone!.masked,
      }).execute();
    }
  }
}

export function findContact(db: Kysely<DB>, id: number) {
  return db.selectFrom('care_contact as c').innerJoin('household as h', 'h.id', 'c.household_id')
    .select(['c.id', 'c.household_id', 'c.role', 'c.name_sealed', 'c.name_masked', 'c.phone_sealed', 'h.community_id', 'h.grid_id'])
    .where('c.id', '=', id).executeTakeFirst();
}

export async function insertCall(
  trx: Kysely<DB>, call: { householdId: number; contactId: number; role: ContactRole; contactName: string; alarmId: number | null; outcome: CallOutcome; note: string | null; at: Date; actorId: number | null; actorName: string },
): Promise<void> {
  await trx.insertInto('care_call').values({
    household_id: call.householdId, contact_id: call.contactId, role: call.role, contact_name: call.contactName, alarm_id: call.alarmId,
    outcome: call.outcome, note: call.note, at: call.at, actor_id: call.actorId, actor_name: call.actorName,
  }).execute();
}
