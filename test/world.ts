import type { Kysely } from 'kysely';
import type { DB } from '../src/db/schema.ts';
import { createUser } from '../src/platform/auth/users.ts';
import type { FieldCipher } from '../src/platform/fieldCipher.ts';
import type { Role } from '../src/platform/roles.ts';
import { idNumberCheckChar } from '../src/people/identity.ts';
import { sealPersonalData } from '../src/people/personalData.ts';
import * as peopleStore from '../src/people/store.ts';
import * as placesStore from '../src/places/store.ts';

export const TEST_PASSWORD = 'test-password-123';

const square = (lon: number, lat: number, size: number) => ({
  type: 'Polygon',
  coordinates: [[[lon, lat], [lon + size, lat], [lon + size, lat + size], [lon, lat + size], [lon, lat]]],
});

/**
 * A small world for one test file: a subdistrict with community A (grids A1, A2) and community B (grid B1),
 * a building, household and resident in each grid, and one account per role on community A
 * (grid roles on grid A1), plus a community_staff account on B to test that scopes do not leak.
 */
export async function makeWorld(db: Kysely<DB>, cipher: FieldCipher) {
  const area = async (level: Parameters<typeof placesStore.insertArea>[1]['level'], code: string, parent?: { id: number; path: string; communityId: number | null }, boundary: unknown = null) =>
    placesStore.insertArea(db, { parentId: parent?.id ?? null, parentPath: parent?.path ?? '/', level, code, name: `${code}名`, communityId: parent?.communityId ?? null, boundary });
  const city = await area('city', 'C1');
  const district = await area('district', 'D1', city);
  const subdistrict = await area('subdistrict', 'S1', district);
  const communityA = await area('community', 'CA', subdistrict, square(121.5, 29.8, 0.02));
  const communityB = await area('community', 'CB', subdistrict, square(121.6, 29.8, 0.02));
  const gridA1 = await area('grid', 'CA-G1', communityA, square(121.5, 29.8, 0.01));
  const gridA2 = await area('grid', 'CA-G2', communityA, square(121.51, 29.8, 0.01));
  const gridB1 = await area('grid', 'CB-G1', communityB, square(121.6, 29.8, 0.02));

  let serial = 0;
  const place = async (community: { id: number }, grid: { id: number }, code: string, name: string) => {
    const first17 = `11010519491231${String(++serial).padStart(3, '0')}`;
    const [building] = await placesStore.insertBuildings(db, [{
      communityId: community.id, gridId: grid.id, estateId: null, code, name: `${code}号楼`, purpose: 'residential', floors: 6, units: 2,
      footprint: square(121.5, 29.8, 0.0005), entrance: [121.5002, 29.8002],
    }]);
    const [household] = await peopleStore.insertHouseholds(db, [{
      communityId: community.id, gridId: grid.id, buildingId: building.id, unit: '1', room: '101', floor: 1, sizeM2: 80, occupancy: 'resident',
    }]);
    const [resident] = await peopleStore.insertResidents(db, [{
      ...sealPersonalData(cipher, { name, phone: '13812345678', idNumber: first17 + idNumberCheckChar(first17), careTags: ['elder_alone', 'elder_80'] }),
      communityId: community.id, gridId: grid.id, householdId: household.id, birthYear: 1949, sex: 'male', relation: 'head',
    }]);
    const [facility] = await placesStore.insertFacilities(db, [{
      communityId: community.id, gridId: grid.id, kind: 'health_station', code: `F-${code}`, name: `${code}卫生站`,
      geometry: { type: 'Point', coordinates: [121.5003, 29.8003] }, lon: 121.5003, lat: 29.8003, floorAreaM2: 150, capacity: null, operator: null, openingHours: null,
    }]);
    return { building, household, resident, facility, grid };
  };
  const a1 = await place(communityA, gridA1, 'A1', '张三');
  const a2 = await place(communityA, gridA2, 'A2', '李四');
  const b1 = await place(communityB, gridB1, 'B1', '王五');
  await placesStore.insertEstates(db, [
    { communityId: communityA.id, code: 'EA', name: '和睦花园', propertyCompany: null, boundary: null },
    { communityId: communityB.id, code: 'EB', name: '春晖苑', propertyCompany: null, boundary: null },
  ]);
  await placesStore.insertDepartments(db, [{ areaId: district.id, code: 'D1-HOUSING', name: '住建局', phone: null }]);
  const { id: departmentId } = await db.selectFrom('department').select('id').where('code', '=', 'D1-HOUSING').executeTakeFirstOrThrow();

  const accounts: Record<string, Role> = {
    admin: 'admin', subdistrict: 'subdistrict_officer', department: 'department_officer', staff: 'community_staff',
    grid: 'grid_worker', lead: 'building_lead', property: 'property_manager', resident: 'resident',
  };
  const areaFor: Record<Role, { id: number }> = {
    admin: city, subdistrict_officer: subdistrict, department_officer: district, community_staff: communityA,
    grid_worker: gridA1, building_lead: gridA1, property_manager: communityA, resident: communityA,
  };
  for (const [username, role] of Object.entries(accounts)) {
    await createUser({ db }, {
      username, displayName: username, password: TEST_PASSWORD, roles: [{ role, areaId: areaFor[role].id }],
      ...(role === 'resident' ? { householdId: a1.household.id, residentId: a1.resident.id } : {}),
    }, null);
  }
  // The department officer reports for the housing department (吹哨报到).
  await db.updateTable('app_user').set({ department_id: departmentId }).where('username', '=', 'department').execute();
  await createUser({ db }, { username: 'staffB', displayName: 'staffB', password: TEST_PASSWORD, roles: [{ role: 'community_staff', areaId: communityB.id }] }, null);
  return { city, district, subdistrict, communityA, communityB, gridA1, gridA2, gridB1, a1, a2, b1, departmentId };
}
export type World = Awaited<ReturnType<typeof makeWorld>>;

/** The world's places: each grid holds one building, household, resident and facility. */
export type Place = 'a1' | 'a2' | 'b1';
export const places: Place[] = ['a1', 'a2', 'b1'];

/** Where each account's role is held, as the places under that area: what scope tests expect. */
export const worldAccounts: Record<string, { role: Role; reach: Place[] }> = {
  admin: { role: 'admin', reach: places },
  subdistrict: { role: 'subdistrict_officer', reach: places },
  department: { role: 'department_officer', reach: places },
  staff: { role: 'community_staff', reach: ['a1', 'a2'] },
  staffB: { role: 'community_staff', reach: ['b1'] },
  grid: { role: 'grid_worker', reach: ['a1'] },
  lead: { role: 'building_lead', reach: ['a1'] },
  property: { role: 'property_manager', reach: ['a1', 'a2'] },
  resident: { role: 'resident', reach: ['a1', 'a2'] },
};
