/**
 * Device fleets that Linli registers itself rather than a person: the demo's devices, and those
 * `linli simulate devices` places in real households. They are registered in bulk with the effects of
 * provisionDevice — a hashed secret, rules watching from the start, an audit entry — and a simulator
 * takes them over by giving them new secrets that only it knows, since none is ever kept in clear.
 */
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import { insertAuditEntry } from '../platform/audit/store.ts';
import type { FieldCipher } from '../platform/fieldCipher.ts';
import * as fleetStore from './fleetStore.ts';
import { isDeviceKind, type DeviceKind } from './kinds.ts';
import { newSecret, writeNewDevice, type NewDevice } from './registry.ts';
import type { SimulatedDevice } from './simulatorTraffic.ts';

export interface FleetDevice extends NewDevice {
  kind: DeviceKind;
  /** When it was registered and its rules started watching, if before the fleet's `at`. */
  since?: Date;
}

/** A device as a simulator plays it: with the secret it connects with. */
export interface PlayedDevice extends SimulatedDevice {
  secret: string;
}

/** The simulator's name for a household: devices of one home follow one elder's routine. */
export function homeKey(householdId: number): string {
  return `household-${householdId}`;
}

function countBy<T>(items: readonly T[], key: (item: T) => number): Map<number, number> {
  const counts = new Map<number, number>();
  for (const item of items) counts.set(key(item), (counts.get(key(item)) ?? 0) + 1);
  return counts;
}

/**
 * Registers the devices of the fleet that are not registered yet, in the caller's transaction, with one
 * audit entry per community naming `by`; returns how many were new.
 */
export async function registerFleet(trx: Kysely<DB>, deps: { cipher: FieldCipher }, devices: readonly FleetDevice[], at: Date, by: string): Promise<number> {
  const existing = new Set(await fleetStore.selectExistingIds(trx, devices.map((d) => d.id)));
  const added = devices.filter((d) => !existing.has(d.id));
  // The secrets are dropped here: whoever plays a device takes it over with a new one.
  for (const d of added) await writeNewDevice(trx, deps, d, d.since ?? at);
  for (const [communityId, count] of countBy(added, (d) => d.communityId)) {
    await insertAuditEntry(trx, { actorId: null, actorName: by, action: 'device.provision', entity: 'device', communityId, details: { devices: count } });
  }
  return added.length;
}

/**
 * New secrets for the active devices whose id starts with `prefix` (in one community, or all; only those in
 * `only` if given), written as hashes and audited per community, returned in clear to the caller alone: the
 * old secrets stop working.
 */
export async function takeOverFleet(db: Kysely<DB>, prefix: string, communityId: number | undefined, by: string, only?: ReadonlySet<string>): Promise<PlayedDevice[]> {
  const rows = (await fleetStore.selectFleet(db, prefix, communityId)).filter((r) => isDeviceKind(r.kind) && (!only || only.has(r.id)));
  const secrets = rows.map(() => newSecret());
  await db.transaction().execute(async (trx) => {
    await fleetStore.updateSecretHashes(trx, rows.map((r, i) => ({ id: r.id, hash: secrets[i].hash })));
    for (const [id, count] of countBy(rows, (r) => r.community_id)) {
      await insertAuditEntry(trx, { actorId: null, actorName: by, action: 'device.rotate_secret', entity: 'device', communityId: id, details: { devices: count } });
    }
  });
  return rows.map((r, i) => ({
    id: r.id, kind: r.kind as DeviceKind, communityCode: r.community_code, home: r.household_id === null ? null : homeKey(r.household_id), secret: secrets[i].secret,
  }));
}

/** What `linli simulate devices` puts in its n-th home (1-based): the care set, and some of the rest. */
function simulatedKinds(n: number): DeviceKind[] {
  const list: DeviceKind[] = ['sos_button', 'door_magnet', 'water_meter'];
  if (n % 3 === 0) list.push('smoke');
  if (n % 4 === 0) list.push('gas');
  // Street devices stand by the home's building.
  if (n % 10 === 1) list.push('bin_level');
  if (n % 20 === 1) list.push('manhole_cover');
  return list;
}

const STREET_KINDS: readonly DeviceKind[] = ['bin_level', 'manhole_cover'];

/** The prefix of the ids of the devices `linli simulate devices` registers in a community. */
export function simulatedPrefix(communityCode: string): string {
  return `SIM-${communityCode}-`;
}

/**
 * Registers what `linli simulate devices` needs in the first `households` lived-in homes of the community
 * (ids `SIM-{community}-{n}-{kind}`), leaving those already there; returns how many were new.
 */
export async function registerSimulatedFleet(db: Kysely<DB>, deps: { cipher: FieldCipher }, community: { id: number; code: string }, households: number, at: Date) {
  const homes = await fleetStore.selectHomes(db, community.id, households);
  const devices = homes.flatMap((home, i) => simulatedKinds(i + 1).map((kind): FleetDevice => {
    const street = STREET_KINDS.includes(kind);
    return {
      id: `${simulatedPrefix(community.code)}${i + 1}-${kind}`, kind, communityId: community.id,
      place: { householdId: street ? null : home.id, buildingId: home.building_id, gridId: home.grid_id },
      point: home.entrance_lon === null || home.entrance_lat === null ? null : { lon: home.entrance_lon, lat: home.entrance_lat },
      label: street ? `${home.building_name} 旁（模拟）` : `${home.building_name} ${home.unit}-${home.room}（模拟）`, model: 'simulator',
    };
  }));
  const added = await db.transaction().execute((trx) => registerFleet(trx, deps, devices, at, 'linli simulate'));
  return { homes: homes.length, ids: new Set(devices.map((d) => d.id)), added };
}
