/**
 * The device registry (设备台账): what each device is, where it is (household, building or a point),
 * and its credentials — a random secret shown once, kept as a hash, checked when the device connects.
 */
import crypto from 'node:crypto';
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import { requirePermission, requireInScope, type Actor } from '../platform/actor.ts';
import { insertAuditEntry } from '../platform/audit/store.ts';
import { scopeFor } from '../platform/auth/service.ts';
import type { Clock } from '../platform/clock.ts';
import { AppError } from '../platform/errors.ts';
import type { FieldCipher } from '../platform/fieldCipher.ts';
import { gridInCommunity } from '../tickets/routing.ts';
import { loadOverrides } from './deviceCache.ts';
import { startWatching } from './ruleRun.ts';
import { deviceKinds, isDeviceKind, kinds } from './kinds.ts';
import type { DeviceCreate, DeviceDetail, DeviceListQuery, DeviceUpdate, DeviceView, ProvisionedDevice } from './schema.ts';
import * as store from './store.ts';
import { formatDeviceTopic } from './topics.ts';
import { rulesForKind } from './defaultRules.ts';
import { defaultParams } from './ruleParams.ts';

export interface RegistryDeps {
  db: Kysely<DB>;
  clock: Clock;
  cipher: FieldCipher;
}

const iso = (d: Date | null) => d?.toISOString() ?? null;

/** 32 random bytes: full entropy, so SHA-256 is enough to keep it (a slow password hash adds nothing). */
export function newSecret(): { secret: string; hash: Buffer } {
  const secret = crypto.randomBytes(32).toString('base64url');
  return { secret, hash: hashSecret(secret) };
}

function hashSecret(secret: string): Buffer {
  return crypto.createHash('sha256').update(secret).digest();
}

/** The community a device belongs to, when its id and secret match an active device; else undefined. */
export async function authenticateDevice(db: Kysely<DB>, deviceId: string, secret: string): Promise<{ communityCode: string } | undefined> {
  const row = await store.findSecretHash(db, deviceId);
  const given = hashSecret(secret);
  // Compared in constant time even for an unknown device, so timing tells nothing about which ids exist.
  const expected = row?.secret_hash ?? Buffer.alloc(given.length);
  const match = crypto.timingSafeEqual(given, expected);
  return row && row.active && match ? { communityCode: row.community_code } : undefined;
}

/** The kinds Linli knows, each with its ready rules and their default parameters. */
export function listDeviceKinds() {
  return deviceKinds.map((code) => ({
    code, name: kinds[code].name, care: kinds[code].care,
    rules: rulesForKind(code).map((rule) => ({ code: rule.code, alarmType: rule.alarmType, name: rule.name, severity: rule.severity, params: { ...defaultParams(rule) } })),
  }));
}

export function presentDevice(row: store.DeviceViewRow): DeviceView {
  return {
    id: row.id, kind: row.kind, kindName: isDeviceKind(row.kind) ? kinds[row.kind].name : { zh: row.kind, en: row.kind }, model: row.model, label: row.label,
    communityId: row.community_id, communityName: row.community_name, gridId: row.grid_id, buildingId: row.building_id, buildingName: row.building_name,
    householdId: row.household_id, householdLabel: row.household_label,
    location: row.lon === null || row.lat === null ? null : { lon: row.lon, lat: row.lat }, installedOn: row.installed_on,
    state: row.state, battery: row.battery, signal: row.signal, lastSeenAt: iso(row.last_seen_at), malformedCount: row.malformed_count,
    lastMalformedAt: iso(row.last_malformed_at), lastMalformed: row.last_malformed, openAlarms: Number(row.open_alarms), active: row.active,
    createdAt: row.created_at.toISOString(),
  };
}

async function loadDevice(deps: RegistryDeps, actor: Actor, id: string, permission: 'devices.read' | 'devices.manage') {
  requirePermission(actor, permission);
  const row = await store.findDeviceView(deps.db, id);
  if (!row) throw new AppError('DEVICE_NOT_FOUND', { id });
  requireInScope(await scopeFor(deps.db, actor, permission), row.community_id, row.grid_id);
  return row;
}

/** One device with its latest events and the topics it publishes to. */
export async function getDevice(deps: RegistryDeps, actor: Actor, id: string): Promise<DeviceDetail> {
  const row = await loadDevice(deps, actor, id, 'devices.read');
  const events = await store.selectRecentEvents(deps.db, id, 20);
  const communityCode = (await store.findDeviceInfo(deps.db, id))!.community_code;
  return {
    ...presentDevice(row),
    recentEvents: events.map((e) => ({ seq: e.seq, type: e.type, at: e.at.toISOString(), receivedAt: e.received_at.toISOString(), payload: e.payload })),
    topics: {
      telemetry: formatDeviceTopic({ communityCode, deviceId: id, channel: 'telemetry' }),
      event: formatDeviceTopic({ communityCode, deviceId: id, channel: 'event' }),
      state: formatDeviceTopic({ communityCode, deviceId: id, channel: 'state' }),
    },
  };
}

export async function listDevices(deps: RegistryDeps, actor: Actor, q: DeviceListQuery) {
  requirePermission(actor, 'devices.read');
  const limit = q.limit ?? 50;
  const scope = await scopeFor(deps.db, actor, 'devices.read');
  const afterId = q.cursor ? Buffer.from(q.cursor, 'base64url').toString('utf8') : undefined;
  const rows = await store.selectDevices(deps.db, scope, { ...q, q: q.q?.trim() || undefined, afterId, limit });
  const more = rows.length > limit;
  const items = (more ? rows.slice(0, limit) : rows).map(presentDevice);
  return { items, nextCursor: more ? Buffer.from(rows[limit - 1].id).toString('base64url') : null };
}

/** Where a device is: its household's building and grid, or its building's, or the grid its point lies in. */
async function placeDevice(db: Kysely<DB>, communityId: number, input: Pick<DeviceCreate, 'householdId' | 'buildingId' | 'location'>) {
  if (input.householdId) {
    const household = await store.findHouseholdPlace(db, input.householdId);
    if (!household || household.community_id !== communityId) throw new AppError('HOUSEHOLD_NOT_FOUND');
    return { householdId: household.id, buildingId: household.building_id, gridId: household.grid_id };
  }
  if (input.buildingId) {
    const building = await store.findBuildingPlace(db, input.buildingId);
    if (!building || building.community_id !== communityId) throw new AppError('BUILDING_NOT_FOUND');
    return { householdId: null, buildingId: building.id, gridId: building.grid_id };
  }
  const gridId = input.location ? await gridInCommunity(db, communityId, input.location.lon, input.location.lat) : null;
  return { householdId: null, buildingId: null, gridId };
}

/** A point for the map: the one given, else the device's building entrance. */
export async function pointOf(db: Kysely<DB>, location: DeviceCreate['location'], buildingId: number | null) {
  if (location) return location;
  if (buildingId === null) return null;
  const b = await store.findBuildingPoint(db, buildingId);
  if (b?.entrance_lon != null && b.entrance_lat != null) return { lon: b.entrance_lon, lat: b.entrance_lat };
  if (b?.min_lon == null || b.max_lon == null || b.min_lat == null || b.max_lat == null) return null;
  return { lon: (b.min_lon + b.max_lon) / 2, lat: (b.min_lat + b.max_lat) / 2 };
}

/** A device checked and placed, ready to be written. */
export interface NewDevice {
  id: string;
  kind: string;
  communityId: number;
  place: { householdId: number | null; buildingId: number | null; gridId: number | null };
  point: { lon: number; lat: number } | null;
  model?: string | null;
  label?: string | null;
  installedOn?: string | null;
}

/**
 * Writes a new device in the caller's transaction, its rules watching from now; returns its secret,
 * which exists nowhere else (only its hash is kept). DEVICE_EXISTS when the id is taken.
 */
export async function writeNewDevice(trx: Kysely<DB>, deps: Pick<RegistryDeps, 'cipher'>, device: NewDevice, at: Date): Promise<string> {
  const { secret, hash } = newSecret();
  const inserted = await store.insertDevice(trx, {
    id: device.id, community_id: device.communityId, grid_id: device.place.gridId, building_id: device.place.buildingId, household_id: device.place.householdId,
    kind: device.kind, model: device.model?.trim() ?? '', label: device.label?.trim() ?? '', lon: device.point?.lon ?? null, lat: device.point?.lat ?? null,
    installed_on: device.installedOn ?? null, secret_hash: hash, created_at: at,
  });
  if (!inserted) throw new AppError('DEVICE_EXISTS', { id: device.id });
  const info = (await store.findDeviceInfo(trx, device.id))!;
  await startWatching(trx, deps, { ...info, overrides: await loadOverrides(trx, info) }, at);
  return secret;
}

/** Registers a device in the actor's community; the secret in the answer is shown this once. */
export async function provisionDevice(deps: RegistryDeps, actor: Actor, input: DeviceCreate): Promise<ProvisionedDevice> {
  requirePermission(actor, 'devices.manage');
  if (!isDeviceKind(input.kind)) throw new AppError('DEVICE_KIND_UNKNOWN', { kind: input.kind });
  const community = await deps.db.selectFrom('area').select(['id', 'level']).where('id', '=', input.communityId).executeTakeFirst();
  if (!community || community.level !== 'community') throw new AppError('AREA_NOT_FOUND');
  const place = await placeDevice(deps.db, community.id, input);
  requireInScope(await scopeFor(deps.db, actor, 'devices.manage'), community.id, place.gridId);
  const point = await pointOf(deps.db, input.location, place.buildingId);
  const secret = await deps.db.transaction().execute(async (trx) => {
    const written = await writeNewDevice(trx, deps, { ...input, communityId: community.id, place, point }, deps.clock.now());
    await auditDevice(trx, actor, 'device.provision', input.id, community.id, { kind: input.kind });
    return written;
  });
  return { device: await getDevice(deps, actor, input.id), secret };
}

/** Changes where a device is or what it is called, or retires it (an inactive device may not connect). */
export async function updateDevice(deps: RegistryDeps, actor: Actor, id: string, input: DeviceUpdate): Promise<DeviceDetail> {
  const row = await loadDevice(deps, actor, id, 'devices.manage');
  const moved = input.householdId !== undefined || input.buildingId !== undefined || input.location !== undefined;
  const place = moved ? await placeDevice(deps.db, row.community_id, input) : undefined;
  const point = moved ? await pointOf(deps.db, input.location ?? null, place!.buildingId) : undefined;
  await deps.db.transaction().execute(async (trx) => {
    await store.updateDevice(trx, id, {
      ...(place && { household_id: place.householdId, building_id: place.buildingId, grid_id: place.gridId, lon: point?.lon ?? null, lat: point?.lat ?? null }),
      ...(input.label !== undefined && { label: input.label.trim() }), ...(input.model !== undefined && { model: input.model.trim() }),
      ...(input.installedOn !== undefined && { installed_on: input.installedOn }), ...(input.active !== undefined && { active: input.active }),
    });
    await auditDevice(trx, actor, 'device.update', id, row.community_id, { fields: Object.keys(input) });
  });
  return getDevice(deps, actor, id);
}

/** A new secret for a device (lost, or its installer left); the old one stops working at once. */
export async function rotateDeviceSecret(deps: RegistryDeps, actor: Actor, id: string): Promise<ProvisionedDevice> {
  const row = await loadDevice(deps, actor, id, 'devices.manage');
  const { secret, hash } = newSecret();
  await deps.db.transaction().execute(async (trx) => {
    await store.updateDevice(trx, id, { secret_hash: hash });
    await auditDevice(trx, actor, 'device.rotate_secret', id, row.community_id, {});
  });
  return { device: await getDevice(deps, actor, id), secret };
}

export function auditDevice(trx: Kysely<DB>, actor: Actor, action: string, deviceId: string, communityId: number, details: Record<string, unknown>) {
  return insertAuditEntry(trx, {
    actorId: actor.userId > 0 ? actor.userId : null, actorName: actor.username, action, entity: 'device', entityId: deviceId, communityId, ip: actor.ip, details,
  });
}
