import { sql, type Kysely } from 'kysely';
import type { DB, Occupancy, Relation, Sex } from '../db/schema.ts';
import { scopeFilter } from '../db/scopeFilter.ts';
import type { Scope } from '../platform/actor.ts';
import type { SealedPersonalData } from './personalData.ts';

// SQL of the people registry: households and residents. Personal data arrives here already encrypted.

function householdBase(db: Kysely<DB>) {
  return db
    .selectFrom('household as h')
    .innerJoin('building as b', 'b.id', 'h.building_id')
    .select(['h.id', 'h.community_id', 'h.grid_id', 'h.building_id', 'b.name as building_name', 'h.unit', 'h.room', 'h.floor', 'h.size_m2', 'h.occupancy'])
    .select((eb) => eb.selectFrom('resident as r').select(eb.fn.countAll<number>().as('n')).whereRef('r.household_id', '=', 'h.id').as('resident_count'));
}

export type HouseholdRow = Awaited<ReturnType<typeof findHousehold>> & object;

export async function findHousehold(db: Kysely<DB>, id: number) {
  return householdBase(db).where('h.id', '=', id).executeTakeFirst();
}

export async function selectHouseholds(
  db: Kysely<DB>,
  scope: Scope,
  q: { communityId?: number; gridId?: number; buildingId?: number; unit?: string; occupancy?: Occupancy; room?: string; afterId?: number; limit: number },
) {
  let query = householdBase(db).where((eb) => scopeFilter(eb, scope, 'h.community_id', 'h.grid_id')).orderBy('h.id').limit(q.limit + 1);
  if (q.communityId !== undefined) query = query.where('h.community_id', '=', q.communityId);
  if (q.gridId !== undefined) query = query.where('h.grid_id', '=', q.gridId);
  if (q.buildingId !== undefined) query = query.where('h.building_id', '=', q.buildingId);
  if (q.unit !== undefined) query = query.where('h.unit', '=', q.unit);
  if (q.occupancy) query = query.where('h.occupancy', '=', q.occupancy);
  if (q.room) query = query.where('h.room', 'like', `%${q.room}%`);
  if (q.afterId !== undefined) query = query.where('h.id', '>', q.afterId);
  return query.execute();
}

export interface HouseholdInsert {
  communityId: number;
  gridId: number | null;
  buildingId: number;
  unit: string;
  room: string;
  floor: number | null;
  sizeM2: number | null;
  occupancy: Occupancy;
}

export async function insertHouseholds(db: Kysely<DB>, rows: HouseholdInsert[]) {
  if (!rows.length) return [];
  return db
    .insertInto('household')
    .values(rows.map((r) => ({
      community_id: r.communityId, grid_id: r.gridId, building_id: r.buildingId, unit: r.unit, room: r.room,
      floor: r.floor, size_m2: r.sizeM2, occupancy: r.occupancy,
    })))
    .returning(['id', 'building_id', 'unit', 'room'])
    .execute();
}

export async function updateHousehold(db: Kysely<DB>, id: number, patch: { floor?: number | null; sizeM2?: number | null; occupancy?: Occupancy }) {
  await db
    .updateTable('household')
    .set({ floor: patch.floor, size_m2: patch.sizeM2, occupancy: patch.occupancy })
    .where('id', '=', id)
    .execute();
}

/** Household ids by "buildingId|unit|room" for a community, for imports. */
export async function selectHouseholdKeys(db: Kysely<DB>, communityId: number) {
  return db
    .selectFrom('household as h')
    .innerJoin('building as b', 'b.id', 'h.building_id')
    .select(['h.id', 'h.grid_id', 'b.code as building_code', 'h.unit', 'h.room'])
    .where('h.community_id', '=', communityId)
    .execute();
}

/** Residents as lists show them: masked columns and where they live, nothing decrypted. */
function residentListBase(db: Kysely<DB>) {
  return db
    .selectFrom('resident as r')
    .innerJoin('household as h', 'h.id', 'r.household_id')
    .innerJoin('building as b', 'b.id', 'h.building_id')
    .leftJoin('estate as e', 'e.id', 'b.estate_id')
    .select([
      'r.id', 'r.community_id', 'r.grid_id', 'r.household_id', 'r.name_masked', 'r.phone_masked', 'r.id_number_masked',
      'r.birth_year', 'r.sex', 'r.relation', 'r.care_tag_bidx', 'e.name as estate_name', 'b.name as building_name', 'h.unit', 'h.room',
    ]);
}

export async function findResidentListRow(db: Kysely<DB>, id: number) {
  return residentListBase(db).where('r.id', '=', id).executeTakeFirst();
}

export async function selectResidents(
  db: Kysely<DB>,
  scope: Scope,
  q: {
    communityId?: number; gridId?: number; householdId?: number; buildingId?: number; careTagBidx?: string;
    nameBidx?: string; phoneBidx?: string; idNumberBidx?: string; afterId?: number; limit: number;
  },
) {
  let query = residentListBase(db)
    .where((eb) => scopeFilter(eb, scope, 'r.community_id', 'r.grid_id'))
    .orderBy('r.id')
    .limit(q.limit + 1);
  if (q.communityId !== undefined) query = query.where('r.community_id', '=', q.communityId);
  if (q.gridId !== undefined) query = query.where('r.grid_id', '=', q.gridId);
  if (q.householdId !== undefined) query = query.where('r.household_id', '=', q.householdId);
  if (q.buildingId !== undefined) {
    const buildingId = q.buildingId;
    query = query.where('h.building_id', '=', buildingId);
  }
  if (q.careTagBidx) query = query.where(sql<boolean>`r.care_tag_bidx @> ARRAY[${q.careTagBidx}]::text[]`);
  if (q.nameBidx) query = query.where('r.name_bidx', '=', q.nameBidx);
  if (q.phoneBidx) query = query.where('r.phone_bidx', '=', q.phoneBidx);
  if (q.idNumberBidx) query = query.where('r.id_number_bidx', '=', q.idNumberBidx);
  if (q.afterId !== undefined) query = query.where('r.id', '>', q.afterId);
  return query.execute();
}

export async function findResident(db: Kysely<DB>, id: number) {
  return db.selectFrom('resident').selectAll().where('id', '=', id).executeTakeFirst();
}

export interface ResidentInsert extends SealedPersonalData {
  communityId: number;
  gridId: number | null;
  householdId: number;
  birthYear: number | null;
  sex: Sex | null;
  relation: Relation;
}

function residentColumns(r: ResidentInsert) {
  return {
    community_id: r.communityId, grid_id: r.gridId, household_id: r.householdId,
    name_enc: r.nameEnc, name_masked: r.nameMasked, name_bidx: r.nameBidx,
    phone_enc: r.phoneEnc, phone_masked: r.phoneMasked, phone_bidx: r.phoneBidx,
    id_number_enc: r.idNumberEnc, id_number_masked: r.idNumberMasked, id_number_bidx: r.idNumberBidx,
    care_tags_enc: r.careTagsEnc, care_tag_bidx: r.careTagBidx,
    birth_year: r.birthYear, sex: r.sex, relation: r.relation,
  };
}

export async function insertResidents(db: Kysely<DB>, rows: ResidentInsert[]) {
  if (!rows.length) return [];
  return db.insertInto('resident').values(rows.map(residentColumns)).returning('id').execute();
}

export async function updateResident(db: Kysely<DB>, id: number, row: Omit<ResidentInsert, 'communityId' | 'gridId' | 'householdId'>) {
  const { community_id: _c, grid_id: _g, household_id: _h, ...columns } = residentColumns({ ...row, communityId: 0, gridId: null, householdId: 0 });
  await db.updateTable('resident').set(columns).where('id', '=', id).execute();
}

/** Counts for the population profile (人群画像); grouped by grid or building, never by person. */
export async function selectProfileRows(db: Kysely<DB>, scope: Scope, by: 'grid' | 'building') {
  const groupColumn = by === 'grid' ? 'h.grid_id' : 'h.building_id';
  const rows = await db
    .selectFrom('household as h')
    .leftJoin('resident as r', 'r.household_id', 'h.id')
    .select([
      sql<number | null>`${sql.ref(groupColumn)}`.as('group_id'),
      'h.occupancy',
      sql<number>`count(DISTINCT h.id)`.as('households'),
      sql<number>`count(r.id)`.as('residents'),
    ])
    .where((eb) => scopeFilter(eb, scope, 'h.community_id', 'h.grid_id'))
    .groupBy([sql.ref(groupColumn), 'h.occupancy'])
    .execute();
  const tags = await db
    .selectFrom('resident as r')
    .innerJoin('household as h', 'h.id', 'r.household_id')
    .select([sql<number | null>`${sql.ref(groupColumn)}`.as('group_id'), sql<string>`unnest(r.care_tag_bidx)`.as('tag'), sql<number>`count(*)`.as('n')])
    .where((eb) => scopeFilter(eb, scope, 'r.community_id', 'r.grid_id'))
    .groupBy([sql.ref(groupColumn), sql`2`])
    .execute();
  const ages = await db
    .selectFrom('resident as r')
    .select([sql<number>`r.birth_year`.as('birth_year'), sql<number>`count(*)`.as('n')])
    .where((eb) => scopeFilter(eb, scope, 'r.community_id', 'r.grid_id'))
    .groupBy('r.birth_year')
    .execute();
  return { rows, tags, ages };
}

export async function selectGroupNames(db: Kysely<DB>, by: 'grid' | 'building', ids: number[]) {
  if (!ids.length) return [];
  return by === 'grid'
    ? db.selectFrom('area').select(['id', 'name']).where('id', 'in', ids).execute()
    : db.selectFrom('building').select(['id', 'name']).where('id', 'in', ids).execute();
}

export async function findHouseholdPlace(db: Kysely<DB>, householdId: number) {
  return db
    .selectFrom('household as h')
    .innerJoin('building as b', 'b.id', 'h.building_id')
    .innerJoin('area as c', 'c.id', 'h.community_id')
    .leftJoin('estate as e', 'e.id', 'b.estate_id')
    .leftJoin('area as g', 'g.id', 'h.grid_id')
    .select(['b.name as building_name', 'e.name as estate_name', 'c.name as community_name', 'g.name as grid_name'])
    .where('h.id', '=', householdId)
    .executeTakeFirst();
}

/** Deletes a resident record; accounts and claims pointing at it lose the link by ON DELETE SET NULL. */
export async function deleteResident(db: Kysely<DB>, id: number) {
  await db.deleteFrom('resident').where('id', '=', id).execute();
}
