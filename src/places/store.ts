import { sql, type Kysely } from 'kysely';
import type { AreaLevel, DB } from '../db/schema.ts';
import { scopeFilter } from '../db/scopeFilter.ts';
import type { Scope } from '../platform/actor.ts';
import { bboxColumns } from '../platform/geojson.ts';

// SQL of the places registry: areas, estates, buildings, facilities, departments.

const areaColumns = ['id', 'parent_id', 'level', 'code', 'name', 'path', 'community_id', 'min_lon', 'min_lat', 'max_lon', 'max_lat'] as const;

export async function findArea(db: Kysely<DB>, id: number) {
  return db.selectFrom('area').select([...areaColumns, 'boundary']).where('id', '=', id).executeTakeFirst();
}

export async function findAreaByCode(db: Kysely<DB>, code: string) {
  return db.selectFrom('area').select([...areaColumns, 'boundary']).where('code', '=', code).executeTakeFirst();
}

export async function selectAreasByCodes(db: Kysely<DB>, codes: string[]) {
  if (!codes.length) return [];
  return db.selectFrom('area').select(areaColumns).where('code', 'in', codes).orderBy('path').execute();
}

/** Areas inside any of the subtrees (by path prefix), with filters and keyset paging by id. */
export async function selectAreas(
  db: Kysely<DB>,
  q: { paths: string[]; parentId?: number; level?: AreaLevel; text?: string; afterId?: number; limit: number },
) {
  if (!q.paths.length) return [];
  let query = db
    .selectFrom('area')
    .select(areaColumns)
    .where((eb) => eb.or(q.paths.map((p) => eb('path', 'like', `${p}%`))))
    .orderBy('id')
    .limit(q.limit + 1);
  if (q.parentId !== undefined) query = query.where('parent_id', '=', q.parentId);
  if (q.level) query = query.where('level', '=', q.level);
  if (q.text) query = query.where((eb) => eb.or([eb('name', 'like', `%${q.text}%`), eb('code', 'like', `%${q.text}%`)]));
  if (q.afterId !== undefined) query = query.where('id', '>', q.afterId);
  return query.execute();
}

export async function selectSubtree(db: Kysely<DB>, path: string) {
  return db.selectFrom('area').select([...areaColumns, 'boundary']).where('path', 'like', `${path}%`).orderBy('path').execute();
}

/** Inserts an area; its path is the parent's path plus its own code. Call inside a transaction. */
export async function insertArea(
  db: Kysely<DB>,
  row: { parentId: number | null; parentPath: string; level: AreaLevel; code: string; name: string; communityId: number | null; boundary: unknown },
) {
  const path = `${row.parentPath}${row.code}/`;
  const { id } = await db
    .insertInto('area')
    .values({
      parent_id: row.parentId,
      level: row.level,
      code: row.code,
      name: row.name,
      path,
      community_id: row.communityId,
      boundary: row.boundary == null ? null : JSON.stringify(row.boundary),
      ...bboxColumns(row.boundary as { coordinates: unknown } | null),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  // A community is its own tenant: its community_id is its id, known only after the insert.
  if (row.level === 'community') await db.updateTable('area').set({ community_id: id }).where('id', '=', id).execute();
  return { id, path, communityId: row.level === 'community' ? id : row.communityId };
}

export async function selectGridsOfCommunity(db: Kysely<DB>, communityId: number) {
  return db
    .selectFrom('area')
    .select(['id', 'name', 'boundary', 'min_lon', 'min_lat', 'max_lon', 'max_lat'])
    .where('community_id', '=', communityId)
    .where('level', '=', 'grid')
    .orderBy('code')
    .execute();
}

export async function selectEstates(db: Kysely<DB>, scope: Scope, q: { communityId?: number; afterId?: number; limit: number }) {
  let query = db
    .selectFrom('estate')
    .select(['estate.id', 'estate.community_id', 'estate.code', 'estate.name', 'estate.property_company', 'estate.min_lon', 'estate.min_lat', 'estate.max_lon', 'estate.max_lat'])
    .select((eb) => eb.selectFrom('building').select(eb.fn.countAll<number>().as('n')).whereRef('building.estate_id', '=', 'estate.id').as('buildings'))
    // An estate has no grid: grid-level roles see the estates of their grids' communities.
    .where((eb) => eb.or([
      scopeFilter(eb, { communityIds: scope.communityIds, gridIds: [] }, 'estate.community_id', null),
      eb('estate.community_id', 'in', eb.selectFrom('area').select('area.community_id').where('area.id', 'in', scope.gridIds.length ? scope.gridIds : [0])),
    ]))
    .orderBy('estate.id')
    .limit(q.limit + 1);
  if (q.communityId !== undefined) query = query.where('estate.community_id', '=', q.communityId);
  if (q.afterId !== undefined) query = query.where('estate.id', '>', q.afterId);
  return query.execute();
}

function buildingBase(db: Kysely<DB>) {
  return db
    .selectFrom('building as b')
    .leftJoin('estate as e', 'e.id', 'b.estate_id')
    .leftJoin('area as g', 'g.id', 'b.grid_id')
    .select([
      'b.id', 'b.community_id', 'b.grid_id', 'g.name as grid_name', 'b.estate_id', 'e.name as estate_name', 'b.code', 'b.name',
      'b.purpose', 'b.floors', 'b.units', 'b.entrance_lon', 'b.entrance_lat',
    ]);
}

/** Households and residents per building, for one page of buildings at a time. */
export async function selectBuildingCounts(db: Kysely<DB>, buildingIds: number[]) {
  if (!buildingIds.length) return [];
  return db
    .selectFrom('household as h')
    .leftJoin('resident as r', 'r.household_id', 'h.id')
    .select(['h.building_id', sql<number>`count(DISTINCT h.id)`.as('households'), sql<number>`count(r.id)`.as('residents')])
    .where('h.building_id', 'in', buildingIds)
    .groupBy('h.building_id')
    .execute();
}

export async function selectBuildings(
  db: Kysely<DB>,
  scope: Scope,
  q: { communityId?: number; gridId?: number; estateId?: number; text?: string; afterId?: number; limit: number },
) {
  let query = buildingBase(db).where((eb) => scopeFilter(eb, scope, 'b.community_id', 'b.grid_id')).orderBy('b.id').limit(q.limit + 1);
  if (q.communityId !== undefined) query = query.where('b.community_id', '=', q.communityId);
  if (q.gridId !== undefined) query = query.where('b.grid_id', '=', q.gridId);
  if (q.estateId !== undefined) query = query.where('b.estate_id', '=', q.estateId);
  if (q.text) query = query.where((eb) => eb.or([eb('b.name', 'like', `%${q.text}%`), eb('b.code', 'like', `%${q.text}%`), eb('e.name', 'like', `%${q.text}%`)]));
  if (q.afterId !== undefined) query = query.where('b.id', '>', q.afterId);
  return query.execute();
}

export async function findBuilding(db: Kysely<DB>, id: number) {
  return buildingBase(db).select('b.footprint').where('b.id', '=', id).executeTakeFirst();
}

export async function selectUnitSummaries(db: Kysely<DB>, buildingId: number) {
  return db
    .selectFrom('household as h')
    .leftJoin('resident as r', 'r.household_id', 'h.id')
    .select([
      'h.unit',
      sql<number>`count(DISTINCT h.id)`.as('households'),
      sql<number>`count(DISTINCT h.id) FILTER (WHERE h.occupancy <> 'vacant')`.as('occupied'),
      sql<number>`count(r.id)`.as('residents'),
    ])
    .where('h.building_id', '=', buildingId)
    .groupBy('h.unit')
    .orderBy('h.unit')
    .execute();
}

export async function selectFacilityKinds(db: Kysely<DB>) {
  return db.selectFrom('facility_kind').selectAll().orderBy('sort').execute();
}

export async function selectFacilities(
  db: Kysely<DB>,
  scope: Scope,
  q: { communityId?: number; gridId?: number; kind?: string; text?: string; afterId?: number; limit: number },
) {
  let query = db
    .selectFrom('facility')
    .select(['id', 'community_id', 'grid_id', 'kind', 'code', 'name', 'lon', 'lat', 'floor_area_m2', 'capacity', 'operator', 'opening_hours'])
    .where((eb) => scopeFilter(eb, scope, 'community_id', 'grid_id'))
    .orderBy('id')
    .limit(q.limit + 1);
  if (q.communityId !== undefined) query = query.where('community_id', '=', q.communityId);
  if (q.gridId !== undefined) query = query.where('grid_id', '=', q.gridId);
  if (q.kind) query = query.where('kind', '=', q.kind);
  if (q.text) query = query.where((eb) => eb.or([eb('name', 'like', `%${q.text}%`), eb('code', 'like', `%${q.text}%`)]));
  if (q.afterId !== undefined) query = query.where('id', '>', q.afterId);
  return query.execute();
}

export async function selectDepartments(db: Kysely<DB>, paths: string[]) {
  if (!paths.length) return [];
  return db
    .selectFrom('department as d')
    .innerJoin('area as a', 'a.id', 'd.area_id')
    .select(['d.id', 'd.area_id', 'd.code', 'd.name', 'd.phone'])
    // Departments of the actor's subtrees and of the areas above them (a district's bureaus serve its communities).
    .where((eb) => eb.or(paths.flatMap((p) => [eb('a.path', 'like', `${p}%`), sql<boolean>`${p} LIKE a.path || '%'`])))
    .orderBy('d.code')
    .execute();
}

/**
 * Buildings with the counts the map colours by, aggregated once per table rather than per building;
 * care-tagged counts come from keyed hashes, never decrypted data.
 */
export async function selectMapBuildings(db: Kysely<DB>, scope: Scope) {
  const households = db
    .selectFrom('household as h')
    .select((eb) => ['h.building_id', eb.fn.countAll<number>().as('households'), sql<number>`count(*) FILTER (WHERE h.occupancy = 'vacant')`.as('vacant')])
    .where((eb) => scopeFilter(eb, scope, 'h.community_id', 'h.grid_id'))
    .groupBy('h.building_id');
  const residents = db
    .selectFrom('resident as r')
    .innerJoin('household as h', 'h.id', 'r.household_id')
    .select((eb) => ['h.building_id', eb.fn.countAll<number>().as('residents'), sql<number>`count(*) FILTER (WHERE cardinality(r.care_tag_bidx) > 0)`.as('care_tagged')])
    .where((eb) => scopeFilter(eb, scope, 'r.community_id', 'r.grid_id'))
    .groupBy('h.building_id');
  return db
    .selectFrom('building as b')
    .leftJoin(households.as('hc'), 'hc.building_id', 'b.id')
    .leftJoin(residents.as('rc'), 'rc.building_id', 'b.id')
    .select(['b.id', 'b.code', 'b.name', 'b.footprint', 'b.entrance_lon', 'b.entrance_lat'])
    .select((eb) => [
      eb.fn.coalesce('hc.households', sql<number>`0`).as('households'),
      eb.fn.coalesce('hc.vacant', sql<number>`0`).as('vacant'),
      eb.fn.coalesce('rc.residents', sql<number>`0`).as('residents'),
      eb.fn.coalesce('rc.care_tagged', sql<number>`0`).as('care_tagged'),
    ])
    .where((eb) => scopeFilter(eb, scope, 'b.community_id', 'b.grid_id'))
    .orderBy('b.id')
    .execute();
}

/** The footprints of the buildings in these communities and grids, with their names. */
export async function selectBuildingFootprints(db: Kysely<DB>, areas: { communityIds: number[]; gridIds: number[] }) {
  if (!areas.communityIds.length && !areas.gridIds.length) return [];
  return db.selectFrom('building').select(['community_id', 'grid_id', 'name', 'footprint']).where('footprint', 'is not', null)
    .where((eb) => eb.or([
      ...(areas.communityIds.length ? [eb('community_id', 'in', areas.communityIds)] : []),
      ...(areas.gridIds.length ? [eb('grid_id', 'in', areas.gridIds)] : []),
    ]))
    .orderBy('id').execute();
}

export async function selectMapEstates(db: Kysely<DB>, communityIds: number[]) {
  if (!communityIds.length) return [];
  return db.selectFrom('estate').select(['id', 'code', 'name', 'boundary']).where('community_id', 'in', communityIds).orderBy('id').execute();
}

export async function selectMapFacilities(db: Kysely<DB>, scope: Scope) {
  return db
    .selectFrom('facility')
    .select(['id', 'kind', 'name', 'geometry'])
    .where((eb) => scopeFilter(eb, scope, 'community_id', 'grid_id'))
    .orderBy('id')
    .execute();
}

export interface EstateInsert { communityId: number; code: string; name: string; propertyCompany: string | null; boundary: unknown }
export interface BuildingInsert {
  communityId: number; gridId: number | null; estateId: number | null; code: string; name: string;
  purpose: 'residential' | 'commercial' | 'mixed' | 'public' | 'other'; floors: number | null; units: number | null;
  footprint: unknown; entrance: [number, number] | null;
}
export interface FacilityInsert {
  communityId: number; gridId: number | null; kind: string; code: string; name: string; geometry: unknown; lon: number; lat: number;
  floorAreaM2: number | null; capacity: number | null; operator: string | null; openingHours: string | null;
}

const json = (value: unknown) => (value == null ? null : JSON.stringify(value));

export async function insertEstates(db: Kysely<DB>, rows: EstateInsert[]) {
  if (!rows.length) return [];
  return db
    .insertInto('estate')
    .values(rows.map((r) => ({
      community_id: r.communityId, code: r.code, name: r.name, property_company: r.propertyCompany,
      boundary: json(r.boundary), ...bboxColumns(r.boundary as { coordinates: unknown } | null),
    })))
    .returning(['id', 'code'])
    .execute();
}

const buildingValues = (r: BuildingInsert) => ({
  community_id: r.communityId, grid_id: r.gridId, estate_id: r.estateId, code: r.code, name: r.name, purpose: r.purpose,
  floors: r.floors, units: r.units, footprint: json(r.footprint), ...bboxColumns(r.footprint as { coordinates: unknown } | null),
  entrance_lon: r.entrance?.[0] ?? null, entrance_lat: r.entrance?.[1] ?? null,
});

export async function insertBuildings(db: Kysely<DB>, rows: BuildingInsert[]) {
  if (!rows.length) return [];
  return db.insertInto('building').values(rows.map(buildingValues)).returning(['id', 'code', 'grid_id']).execute();
}

const facilityValues = (r: FacilityInsert) => ({
  community_id: r.communityId, grid_id: r.gridId, kind: r.kind, code: r.code, name: r.name, geometry: JSON.stringify(r.geometry),
  lon: r.lon, lat: r.lat, floor_area_m2: r.floorAreaM2, capacity: r.capacity, operator: r.operator, opening_hours: r.openingHours,
});

export async function insertFacilities(db: Kysely<DB>, rows: FacilityInsert[]) {
  if (!rows.length) return [];
  return db.insertInto('facility').values(rows.map(facilityValues)).returning('id').execute();
}

export async function insertDepartments(db: Kysely<DB>, rows: { areaId: number; code: string; name: string; phone: string | null }[]) {
  if (!rows.length) return;
  await db.insertInto('department').values(rows.map((r) => ({ area_id: r.areaId, code: r.code, name: r.name, phone: r.phone }))).execute();
}

export async function selectBuildingCodes(db: Kysely<DB>, communityId: number) {
  return db.selectFrom('building').select(['id', 'code', 'grid_id']).where('community_id', '=', communityId).execute();
}

export async function selectEstateCodes(db: Kysely<DB>, communityId: number) {
  return db.selectFrom('estate').select(['id', 'code']).where('community_id', '=', communityId).execute();
}

export async function selectCommunityIdsOf(db: Kysely<DB>, areaIds: number[]): Promise<number[]> {
  if (!areaIds.length) return [];
  const rows = await db.selectFrom('area').select('community_id').where('id', 'in', areaIds).where('community_id', 'is not', null).execute();
  return rows.map((r) => r.community_id!);
}

export async function findFacility(db: Kysely<DB>, id: number) {
  return db.selectFrom('facility').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function updateFacility(db: Kysely<DB>, id: number, patch: Partial<Omit<FacilityInsert, 'communityId' | 'code'>>) {
  await db
    .updateTable('facility')
    .set({
      kind: patch.kind, name: patch.name, grid_id: patch.gridId,
      geometry: patch.geometry === undefined ? undefined : JSON.stringify(patch.geometry), lon: patch.lon, lat: patch.lat,
      floor_area_m2: patch.floorAreaM2, capacity: patch.capacity, operator: patch.operator, opening_hours: patch.openingHours,
    })
    .where('id', '=', id)
    .execute();
}

export async function facilityKindExists(db: Kysely<DB>, code: string): Promise<boolean> {
  return (await db.selectFrom('facility_kind').select('code').where('code', '=', code).executeTakeFirst()) !== undefined;
}

export async function updateBuilding(
  db: Kysely<DB>,
  id: number,
  patch: { name?: string; purpose?: BuildingInsert['purpose']; floors?: number | null; units?: number | null; estateId?: number | null; gridId?: number | null },
) {
  await db
    .updateTable('building')
    .set({ name: patch.name, purpose: patch.purpose, floors: patch.floors, units: patch.units, estate_id: patch.estateId, grid_id: patch.gridId })
    .where('id', '=', id)
    .execute();
}

/** A building moved to another grid takes its households and residents along (their grid_id is a copy). */
export async function moveBuildingPeopleToGrid(db: Kysely<DB>, buildingId: number, gridId: number | null) {
  await db.updateTable('household').set({ grid_id: gridId }).where('building_id', '=', buildingId).execute();
  await db
    .updateTable('resident')
    .set({ grid_id: gridId })
    .where('household_id', 'in', (eb) => eb.selectFrom('household').select('id').where('building_id', '=', buildingId))
    .execute();
}

export async function findEstate(db: Kysely<DB>, id: number) {
  return db.selectFrom('estate').select(['id', 'community_id']).where('id', '=', id).executeTakeFirst();
}

/**
 * Inserts buildings or, for a code the community already has, refreshes what the source describes
 * (name, purpose, floors, footprint, entrance). Grid, estate and units stay as staff set them.
 * Returns how many rows were new.
 */
export async function upsertBuildings(db: Kysely<DB>, rows: BuildingInsert[]): Promise<{ inserted: number; updated: number }> {
  if (!rows.length) return { inserted: 0, updated: 0 };
  const result = await db
    .insertInto('building')
    .values(rows.map(buildingValues))
    .onConflict((oc) => oc.columns(['community_id', 'code']).doUpdateSet((eb) => ({
      name: eb.ref('excluded.name'), purpose: eb.ref('excluded.purpose'), floors: eb.ref('excluded.floors'), footprint: eb.ref('excluded.footprint'),
      min_lon: eb.ref('excluded.min_lon'), min_lat: eb.ref('excluded.min_lat'), max_lon: eb.ref('excluded.max_lon'), max_lat: eb.ref('excluded.max_lat'),
      entrance_lon: eb.ref('excluded.entrance_lon'), entrance_lat: eb.ref('excluded.entrance_lat'),
    })))
    // xmax = 0 marks a freshly inserted row in PostgreSQL's ON CONFLICT.
    .returning(sql<boolean>`(xmax = 0)`.as('inserted'))
    .execute();
  const inserted = result.filter((r) => r.inserted).length;
  return { inserted, updated: result.length - inserted };
}

/** Inserts facilities or refreshes those whose code the community already has; capacity stays as staff set it. */
export async function upsertFacilities(db: Kysely<DB>, rows: FacilityInsert[]): Promise<{ inserted: number; updated: number }> {
  if (!rows.length) return { inserted: 0, updated: 0 };
  const result = await db
    .insertInto('facility')
    .values(rows.map(facilityValues))
    .onConflict((oc) => oc.columns(['community_id', 'code']).doUpdateSet((eb) => ({
      kind: eb.ref('excluded.kind'), name: eb.ref('excluded.name'), geometry: eb.ref('excluded.geometry'), lon: eb.ref('excluded.lon'),
      lat: eb.ref('excluded.lat'), floor_area_m2: eb.ref('excluded.floor_area_m2'), operator: eb.ref('excluded.operator'),
      opening_hours: eb.ref('excluded.opening_hours'),
    })))
    .returning(sql<boolean>`(xmax = 0)`.as('inserted'))
    .execute();
  const inserted = result.filter((r) => r.inserted).length;
  return { inserted, updated: result.length - inserted };
}
