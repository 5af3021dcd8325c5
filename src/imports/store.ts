import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import { scopeFilter } from '../db/scopeFilter.ts';
import type { Scope } from '../platform/actor.ts';

// SQL of registry imports and exports that the places and people stores do not already have.

export async function findCommunity(db: Kysely<DB>, id: number) {
  return db.selectFrom('area').select(['id', 'code', 'name', 'path', 'level']).where('id', '=', id).where('level', '=', 'community').executeTakeFirst();
}

export async function findCommunityByCode(db: Kysely<DB>, code: string) {
  return db.selectFrom('area').select(['id', 'code', 'name', 'path', 'level']).where('code', '=', code).where('level', '=', 'community').executeTakeFirst();
}

/** Every area by code, so an areas file may name parents already in the registry. */
export async function selectAreaIndex(db: Kysely<DB>) {
  return db.selectFrom('area').select(['id', 'code', 'level', 'path', 'community_id']).execute();
}

export async function insertImportJob(
  db: Kysely<DB>,
  row: { kind: string; communityId: number | null; fileName: string; status: 'committed' | 'failed'; rowsTotal: number; createdBy: number | null; details: Record<string, unknown> },
) {
  const { id } = await db
    .insertInto('import_job')
    .values({
      kind: row.kind, community_id: row.communityId, file_name: row.fileName, status: row.status, rows_total: row.rowsTotal,
      created_by: row.createdBy, details: JSON.stringify(row.details),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return id;
}

export async function selectHouseholdsForExport(db: Kysely<DB>, scope: Scope, communityId: number) {
  return db
    .selectFrom('household as h')
    .innerJoin('building as b', 'b.id', 'h.building_id')
    .select(['b.code as building_code', 'h.unit', 'h.room', 'h.floor', 'h.size_m2', 'h.occupancy'])
    .where('h.community_id', '=', communityId)
    .where((eb) => scopeFilter(eb, scope, 'h.community_id', 'h.grid_id'))
    .orderBy('b.code').orderBy('h.unit').orderBy('h.room')
    .execute();
}

/** Residents with their masked columns only: an export never decrypts personal data. */
export async function selectResidentsForExport(db: Kysely<DB>, scope: Scope, communityId: number) {
  return db
    .selectFrom('resident as r')
    .innerJoin('household as h', 'h.id', 'r.household_id')
    .innerJoin('building as b', 'b.id', 'h.building_id')
    .select([
      'b.code as building_code', 'h.unit', 'h.room', 'r.name_masked', 'r.phone_masked', 'r.id_number_masked', 'r.birth_year', 'r.sex',
      'r.relation', 'r.care_tag_bidx',
    ])
    .where('r.community_id', '=', communityId)
    .where((eb) => scopeFilter(eb, scope, 'r.community_id', 'r.grid_id'))
    .orderBy('r.id')
    .execute();
}

export async function selectBuildingsForExport(db: Kysely<DB>, scope: Scope, communityId: number) {
  return db
    .selectFrom('building as b')
    .leftJoin('estate as e', 'e.id', 'b.estate_id')
    .select(['b.code', 'b.name', 'e.code as estate_code', 'b.purpose', 'b.floors', 'b.units', 'b.footprint', 'b.entrance_lon', 'b.entrance_lat'])
    .where('b.community_id', '=', communityId)
    .where((eb) => scopeFilter(eb, scope, 'b.community_id', 'b.grid_id'))
    .orderBy('b.code')
    .execute();
}

export async function selectFacilitiesForExport(db: Kysely<DB>, scope: Scope, communityId: number) {
  return db
    .selectFrom('facility')
    .select(['code', 'name', 'kind', 'floor_area_m2', 'capacity', 'operator', 'opening_hours', 'geometry', 'lon', 'lat'])
    .where('community_id', '=', communityId)
    .where((eb) => scopeFilter(eb, scope, 'community_id', 'grid_id'))
    .orderBy('code')
    .execute();
}

export async function selectEstatesForExport(db: Kysely<DB>, communityId: number) {
  return db.selectFrom('estate').select(['code', 'name', 'property_company', 'boundary']).where('community_id', '=', communityId).orderBy('code').execute();
}

/** The community and the areas below it (its grids). */
export async function selectAreasForExport(db: Kysely<DB>, path: string) {
  return db.selectFrom('area').select(['code', 'name', 'level', 'path', 'boundary']).where('path', 'like', `${path}%`).orderBy('path').execute();
}
