import { sql, type Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';

// Read-only SQL over the registry for a checkup: homes with who lives in them, and the facilities
// in and around a community. Aggregates only; no personal data is read.

/** Residential buildings of a community with households, residents, elders (60+) and children (≤6). */
export async function selectCheckupBuildings(db: Kysely<DB>, communityId: number, year: number) {
  const people = db.selectFrom('resident')
    .innerJoin('household', 'household.id', 'resident.household_id')
    .select((eb) => [
      'household.building_id',
      eb.fn.countAll<number>().as('residents'),
      sql<number>`count(*) FILTER (WHERE resident.birth_year <= ${year - 60})`.as('elders'),
      sql<number>`count(*) FILTER (WHERE resident.birth_year >= ${year - 6})`.as('children'),
    ])
    .where('resident.community_id', '=', communityId)
    .groupBy('household.building_id')
    .as('people');
  const homes = db.selectFrom('household')
    .select((eb) => ['building_id', eb.fn.countAll<number>().as('households')])
    .where('community_id', '=', communityId)
    .groupBy('building_id')
    .as('homes');
  return db.selectFrom('building')
    .leftJoin(homes, 'homes.building_id', 'building.id')
    .leftJoin(people, 'people.building_id', 'building.id')
    .select([
      'building.id', 'building.code', 'building.name', 'building.purpose', 'building.entrance_lon', 'building.entrance_lat',
      'building.min_lon', 'building.min_lat', 'building.max_lon', 'building.max_lat',
      sql<number>`coalesce(homes.households, 0)`.as('households'),
      sql<number>`coalesce(people.residents, 0)`.as('residents'),
      sql<number>`coalesce(people.elders, 0)`.as('elders'),
      sql<number>`coalesce(people.children, 0)`.as('children'),
    ])
    .where('building.community_id', '=', communityId)
    .orderBy('building.id')
    .execute();
}

/** Facilities whose point lies in a box (the community and its margin), in any community. */
export async function selectFacilitiesInBox(db: Kysely<DB>, box: [number, number, number, number]) {
  const [minLon, minLat, maxLon, maxLat] = box;
  return db.selectFrom('facility')
    .select(['id', 'community_id', 'kind', 'name', 'floor_area_m2', 'capacity', 'lon', 'lat'])
    .where('lon', '>=', minLon).where('lon', '<=', maxLon)
    .where('lat', '>=', minLat).where('lat', '<=', maxLat)
    .orderBy('id')
    .execute();
}

export async function countHouseholds(db: Kysely<DB>, communityId: number): Promise<number> {
  const row = await db.selectFrom('household').select((eb) => eb.fn.countAll<number>().as('n')).where('community_id', '=', communityId).executeTakeFirst();
  return Number(row?.n ?? 0);
}
