import type { Kysely } from 'kysely';
import type { AreaLevel, DB } from '../db/schema.ts';
import { isAdmin, requireInScope, requirePermission, type Actor } from '../platform/actor.ts';
import { insertAuditEntry } from '../platform/audit/store.ts';
import { scopeFor } from '../platform/auth/service.ts';
import { AppError } from '../platform/errors.ts';
import { bboxFromColumns, type FeatureCollection } from '../platform/geojson.ts';
import { decodeCursor, toPage } from '../platform/pagination.ts';
import { roleGrants, type Permission } from '../platform/roles.ts';
import type {
  AreaCreate, AreaDetail, AreaView, BuildingDetail, BuildingListQuery, BuildingView, EstateView, FacilityListQuery, FacilityView, MapLayers,
} from './schema.ts';
import * as store from './store.ts';

export interface PlacesDeps {
  db: Kysely<DB>;
}

const parentLevel: Record<AreaLevel, AreaLevel | null> = {
  city: null,
  district: 'city',
  subdistrict: 'district',
  community: 'subdistrict',
  grid: 'community',
};

type AreaRow = NonNullable<Awaited<ReturnType<typeof store.findArea>>>;

function presentArea(row: Omit<AreaRow, 'boundary'>): AreaView {
  return {
    id: row.id,
    parentId: row.parent_id,
    level: row.level,
    code: row.code,
    name: row.name,
    communityId: row.community_id,
    bbox: bboxFromColumns(row),
  };
}

/** Subtree paths where the actor's roles grant a permission. */
function grantPaths(actor: Actor, permission: Permission): string[] {
  return actor.grants.filter((g) => roleGrants(g.role, permission)).map((g) => g.areaPath);
}

/** True when the area lies in, or is an ancestor of, a subtree the actor may read. */
function canSeeArea(actor: Actor, path: string): boolean {
  return grantPaths(actor, 'places.read').some((p) => path.startsWith(p) || p.startsWith(path));
}

/** Lists areas in the actor's subtrees. */
export async function listAreas(deps: PlacesDeps, actor: Actor, q: { parentId?: number; level?: AreaLevel; q?: string; cursor?: string; limit?: number }) {
  requirePermission(actor, 'places.read');
  const limit = q.limit ?? 50;
  const rows = await store.selectAreas(deps.db, {
    paths: grantPaths(actor, 'places.read'),
    parentId: q.parentId,
    level: q.level,
    text: q.q,
    afterId: decodeCursor(q.cursor),
    limit,
  });
  return toPage(rows, limit, presentArea);
}

export async function getArea(deps: PlacesDeps, actor: Actor, id: number): Promise<AreaDetail> {
  requirePermission(actor, 'places.read');
  const row = await store.findArea(deps.db, id);
  if (!row || !canSeeArea(actor, row.path)) throw new AppError('AREA_NOT_FOUND');
  const ancestorCodes = row.path.split('/').filter((code) => code && code !== row.code);
  const ancestors = await store.selectAreasByCodes(deps.db, ancestorCodes);
  return { ...presentArea(row), boundary: row.boundary as AreaDetail['boundary'], path: ancestors.map(presentArea) };
}

/** Creates an area under a parent of the right level; only admins create above community level. */
export async function createArea(deps: PlacesDeps, actor: Actor, input: AreaCreate): Promise<AreaView> {
  requirePermission(actor, 'places.write');
  const wantedParent = parentLevel[input.level];
  const parent = input.parentId ? await store.findArea(deps.db, input.parentId) : undefined;
  if ((wantedParent === null) !== (parent === undefined) || (parent && parent.level !== wantedParent)) {
    throw new AppError('AREA_PARENT_INVALID', { level: input.level, parentLevel: wantedParent ?? '-' });
  }
  const writable = grantPaths(actor, 'places.write');
  if (parent ? !writable.some((p) => parent.path.startsWith(p)) : !isAdmin(actor)) throw new AppError('OUT_OF_SCOPE');
  if (await store.findAreaByCode(deps.db, input.code)) throw new AppError('AREA_CODE_TAKEN', { code: input.code });
  const created = await deps.db.transaction().execute(async (trx) => {
    const area = await store.insertArea(trx, {
      parentId: parent?.id ?? null,
      parentPath: parent?.path ?? '/',
      level: input.level,
      code: input.code,
      name: input.name,
      communityId: parent?.community_id ?? null,
      boundary: input.boundary ?? null,
    });
    await insertAuditEntry(trx, {
      actorId: actor.userId, actorName: actor.username, action: 'area.create', entity: 'area', entityId: area.id,
      communityId: area.communityId, ip: actor.ip, details: { code: input.code, level: input.level },
    });
    return area;
  });
  const row = await store.findArea(deps.db, created.id);
  return presentArea(row!);
}

/**
 * The part of the actor's scope for a permission that lies inside one area's subtree, with that
 * subtree; AREA_NOT_FOUND when the area is unknown or the actor cannot see it at all.
 */
export async function scopeWithinArea(deps: PlacesDeps, actor: Actor, permission: Permission, areaId: number) {
  const area = await store.findArea(deps.db, areaId);
  if (!area || !canSeeArea(actor, area.path)) throw new AppError('AREA_NOT_FOUND');
  const [scope, subtree] = await Promise.all([scopeFor(deps.db, actor, permission), store.selectSubtree(deps.db, area.path)]);
  if (area.level === 'grid') {
    const allowed = scope.communityIds.includes(area.community_id!) || scope.gridIds.includes(area.id);
    return { area, subtree, scope: { communityIds: [], gridIds: allowed ? [area.id] : [] } };
  }
  const inside = new Set(subtree.map((a) => a.id));
  return {
    area,
    subtree,
    scope: { communityIds: scope.communityIds.filter((c) => inside.has(c)), gridIds: scope.gridIds.filter((g) => inside.has(g)) },
  };
}

function feature(id: number, geometry: unknown, properties: Record<string, unknown>) {
  return { type: 'Feature' as const, id, geometry: (geometry ?? null) as FeatureCollection['features'][number]['geometry'], properties };
}

function collection(features: FeatureCollection['features']): FeatureCollection {
  return { type: 'FeatureCollection', features };
}

/** Vector layers for the one map: boundaries, estates, buildings with their counts, facilities. */
export async function getMapLayers(deps: PlacesDeps, actor: Actor, areaId: number): Promise<MapLayers> {
  requirePermission(actor, 'places.read');
  const { area, subtree, scope } = await scopeWithinArea(deps, actor, 'places.read', areaId);
  const visibleCommunities = new Set(scope.communityIds);
  const areas = subtree.filter((a) => a.level === 'community' || a.level === 'grid')
    .filter((a) => visibleCommunities.has(a.community_id!) || scope.gridIds.includes(a.id));
  const [buildings, estates, facilities] = await Promise.all([
    store.selectMapBuildings(deps.db, scope),
    store.selectMapEstates(deps.db, scope.communityIds),
    store.selectMapFacilities(deps.db, scope),
  ]);
  return {
    bbox: bboxFromColumns(area),
    areas: collection(areas.map((a) => feature(a.id, a.boundary, { id: a.id, level: a.level, code: a.code, name: a.name }))),
    estates: collection(estates.map((e) => feature(e.id, e.boundary, { id: e.id, code: e.code, name: e.name }))),
    buildings: collection(buildings.map((b) => feature(b.id, b.footprint, {
      id: b.id, code: b.code, name: b.name, households: b.households, residents: b.residents, vacant: b.vacant,
      careTagged: b.care_tagged,
      careTagDensity: b.households ? Number((Number(b.care_tagged) / b.households).toFixed(3)) : 0,
      occupancyRate: b.households ? Number(((b.households - Number(b.vacant)) / b.households).toFixed(3)) : 0,
    }))),
    facilities: collection(facilities.map((f) => feature(f.id, f.geometry, { id: f.id, kind: f.kind, name: f.name }))),
  };
}

type BuildingRow = Awaited<ReturnType<typeof store.selectBuildings>>[number] & { households: number; residents: number };

/** Adds household and resident counts to building rows, in one query for the whole page. */
async function withCounts<R extends { id: number }>(deps: PlacesDeps, rows: R[]): Promise<(R & { households: number; residents: number })[]> {
  const counts = new Map((await store.selectBuildingCounts(deps.db, rows.map((r) => r.id))).map((c) => [c.building_id, c]));
  return rows.map((r) => ({ ...r, households: Number(counts.get(r.id)?.households ?? 0), residents: Number(counts.get(r.id)?.residents ?? 0) }));
}

function presentBuilding(row: BuildingRow): BuildingView {
  return {
    id: row.id, communityId: row.community_id, gridId: row.grid_id, gridName: row.grid_name ?? null,
    estateId: row.estate_id, estateName: row.estate_name ?? null, code: row.code, name: row.name, purpose: row.purpose,
    floors: row.floors, units: row.units,
    entrance: row.entrance_lon === null || row.entrance_lat === null ? null : [row.entrance_lon, row.entrance_lat],
    households: row.households, residents: row.residents,
  };
}

export async function listBuildings(deps: PlacesDeps, actor: Actor, q: BuildingListQuery) {
  requirePermission(actor, 'places.read');
  const limit = q.limit ?? 50;
  const rows = await store.selectBuildings(deps.db, await scopeFor(deps.db, actor, 'places.read'), {
    communityId: q.communityId, gridId: q.gridId, estateId: q.estateId, text: q.q, afterId: decodeCursor(q.cursor), limit,
  });
  return toPage(await withCounts(deps, rows), limit, presentBuilding);
}

export async function getBuilding(deps: PlacesDeps, actor: Actor, id: number): Promise<BuildingDetail> {
  requirePermission(actor, 'places.read');
  const row = await store.findBuilding(deps.db, id);
  if (!row) throw new AppError('BUILDING_NOT_FOUND');
  requireInScope(await scopeFor(deps.db, actor, 'places.read'), row.community_id, row.grid_id);
  const units = await store.selectUnitSummaries(deps.db, id);
  const [counted] = await withCounts(deps, [row]);
  return {
    ...presentBuilding(counted),
    footprint: row.footprint as BuildingDetail['footprint'],
    unitSummaries: units.map((u) => ({ unit: u.unit, households: Number(u.households), occupied: Number(u.occupied), residents: Number(u.residents) })),
  };
}

export async function listEstates(deps: PlacesDeps, actor: Actor, q: { communityId?: number; cursor?: string; limit?: number }) {
  requirePermission(actor, 'places.read');
  const limit = q.limit ?? 50;
  const rows = await store.selectEstates(deps.db, await scopeFor(deps.db, actor, 'places.read'), {
    communityId: q.communityId, afterId: decodeCursor(q.cursor), limit,
  });
  return toPage(rows, limit, (e): EstateView => ({
    id: e.id, communityId: e.community_id, code: e.code, name: e.name, propertyCompany: e.property_company,
    bbox: bboxFromColumns(e), buildings: Number(e.buildings ?? 0),
  }));
}

export async function listFacilityKinds(deps: PlacesDeps) {
  const rows = await store.selectFacilityKinds(deps.db);
  return { items: rows.map((k) => ({ code: k.code, nameZh: k.name_zh, nameEn: k.name_en, aspect: k.aspect })) };
}

export async function listFacilities(deps: PlacesDeps, actor: Actor, q: FacilityListQuery) {
  requirePermission(actor, 'places.read');
  const limit = q.limit ?? 50;
  const rows = await store.selectFacilities(deps.db, await scopeFor(deps.db, actor, 'places.read'), {
    communityId: q.communityId, gridId: q.gridId, kind: q.kind, text: q.q, afterId: decodeCursor(q.cursor), limit,
  });
  return toPage(rows, limit, presentFacility);
}

type FacilityRow = Awaited<ReturnType<typeof store.selectFacilities>>[number];

export function presentFacility(f: FacilityRow): FacilityView {
  return {
    id: f.id, communityId: f.community_id, gridId: f.grid_id, kind: f.kind, code: f.code, name: f.name, lon: f.lon, lat: f.lat,
    floorAreaM2: f.floor_area_m2, capacity: f.capacity, operator: f.operator, openingHours: f.opening_hours,
  };
}

export async function listDepartments(deps: PlacesDeps, actor: Actor) {
  requirePermission(actor, 'places.read');
  const rows = await store.selectDepartments(deps.db, grantPaths(actor, 'places.read'));
  return { items: rows.map((d) => ({ id: d.id, areaId: d.area_id, code: d.code, name: d.name, phone: d.phone })) };
}
