import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import type { FieldCipher } from '../platform/fieldCipher.ts';
import { createUser } from '../platform/auth/users.ts';
import type { Role } from '../platform/roles.ts';
import { writeSetting } from '../platform/settings.ts';
import { sealPersonalData } from '../people/personalData.ts';
import * as peopleStore from '../people/store.ts';
import { createGridLocator } from '../places/gridLocator.ts';
import * as placesStore from '../places/store.ts';
import { loadDemoAlarms } from './alarms.ts';
import { loadDemoDevices } from './devices.ts';
import { DEFAULT_DEMO_SEED, generateDemo, type DemoData } from './generate.ts';
import { loadDemoStreets } from './streets.ts';
import { loadDemoSurveys } from './surveys.ts';
import { loadDemoTickets } from './tickets.ts';

export const DEMO_PASSWORD = 'linli-demo-2026';

/** One demo account per role, with where its role applies. */
export const demoAccounts: { username: string; role: Role; displayName: string; area: 'city' | 'subdistrict' | 'district' | 'community' | 'grid' }[] = [
  { username: 'admin', role: 'admin', displayName: '系统管理员（演示）', area: 'city' },
  { username: 'subdistrict', role: 'subdistrict_officer', displayName: '街道干部（演示）', area: 'subdistrict' },
  { username: 'department', role: 'department_officer', displayName: '住建局联络员（演示）', area: 'district' },
  { username: 'staff', role: 'community_staff', displayName: '社区工作者（演示）', area: 'community' },
  { username: 'grid', role: 'grid_worker', displayName: '网格员（演示）', area: 'grid' },
  { username: 'lead', role: 'building_lead', displayName: '楼长（演示）', area: 'grid' },
  { username: 'property', role: 'property_manager', displayName: '物业经理（演示）', area: 'community' },
  { username: 'resident', role: 'resident', displayName: '居民（演示）', area: 'community' },
];

const CHUNK = 1000;

async function inChunks<T, R>(rows: T[], size: number, write: (chunk: T[]) => Promise<R[]>): Promise<R[]> {
  const out: R[] = [];
  for (let i = 0; i < rows.length; i += size) out.push(...(await write(rows.slice(i, i + size))));
  return out;
}

async function loadAreas(trx: Kysely<DB>, data: DemoData) {
  const byCode = new Map<string, { id: number; path: string; communityId: number | null }>();
  for (const area of data.areas) {
    const parent = area.parentCode ? byCode.get(area.parentCode)! : undefined;
    const created = await placesStore.insertArea(trx, {
      parentId: parent?.id ?? null, parentPath: parent?.path ?? '/', level: area.level, code: area.code, name: area.name,
      communityId: parent?.communityId ?? null, boundary: area.boundary,
    });
    byCode.set(area.code, created);
  }
  return byCode;
}

async function loadBuildings(trx: Kysely<DB>, data: DemoData, communityIds: Map<string, number>) {
  const estateIds = new Map<string, number>();
  const estates = await placesStore.insertEstates(trx, data.estates.map((e) => ({
    communityId: communityIds.get(e.communityCode)!, code: e.code, name: e.name, propertyCompany: e.propertyCompany, boundary: e.boundary,
  })));
  data.estates.forEach((e, i) => estateIds.set(`${e.communityCode}|${e.code}`, estates[i].id));
  const locators = new Map<number, (lon: number, lat: number) => number | null>();
  for (const id of communityIds.values()) locators.set(id, createGridLocator(await placesStore.selectGridsOfCommunity(trx, id)));
  const rows = data.buildings.map((b) => {
    const communityId = communityIds.get(b.communityCode)!;
    return {
      communityId, gridId: locators.get(communityId)!(b.entrance[0], b.entrance[1]),
      estateId: b.estateCode ? estateIds.get(`${b.communityCode}|${b.estateCode}`) ?? null : null,
      code: b.code, name: b.name, purpose: b.purpose, floors: b.floors, units: b.units, footprint: b.footprint, entrance: b.entrance,
    };
  });
  const inserted = await inChunks(rows, CHUNK, (chunk) => placesStore.insertBuildings(trx, chunk));
  const buildings = new Map<string, { id: number; gridId: number | null; communityId: number }>();
  data.buildings.forEach((b, i) => buildings.set(`${b.communityCode}|${b.code}`, { id: inserted[i].id, gridId: inserted[i].grid_id, communityId: rows[i].communityId }));
  return { buildings, locators };
}

async function loadPeople(trx: Kysely<DB>, data: DemoData, cipher: FieldCipher, buildings: Map<string, { id: number; gridId: number | null; communityId: number }>) {
  const householdRows = data.households.map((h) => {
    const b = buildings.get(`${h.communityCode}|${h.buildingCode}`)!;
    return { communityId: b.communityId, gridId: b.gridId, buildingId: b.id, unit: h.unit, room: h.room, floor: h.floor, sizeM2: h.sizeM2, occupancy: h.occupancy };
  });
  const households = await inChunks(householdRows, CHUNK, (chunk) => peopleStore.insertHouseholds(trx, chunk));
  const householdIds = new Map<string, { id: number; row: (typeof householdRows)[number] }>();
  data.households.forEach((h, i) => householdIds.set(`${h.communityCode}|${h.buildingCode}|${h.unit}|${h.room}`, { id: households[i].id, row: householdRows[i] }));
  const residentRows = data.residents.map((r) => {
    const h = householdIds.get(`${r.communityCode}|${r.buildingCode}|${r.unit}|${r.room}`)!;
    return {
      ...sealPersonalData(cipher, { name: r.name, phone: r.phone, idNumber: r.idNumber, careTags: r.careTags }),
      communityId: h.row.communityId, gridId: h.row.gridId, householdId: h.id, birthYear: r.birthYear, sex: r.sex, relation: r.relation,
    };
  });
  const residents = await inChunks(residentRows, 500, (chunk) => peopleStore.insertResidents(trx, chunk));
  return { householdIds, residentIds: residents.map((r) => r.id) };
}

async function loadFacilities(trx: Kysely<DB>, data: DemoData, communityIds: Map<string, number>, locators: Map<number, (lon: number, lat: number) => number | null>) {
  const rows = data.facilities.map((f) => {
    const communityId = communityIds.get(f.communityCode)!;
    const [lon, lat] = f.geometry.type === 'Point' ? f.geometry.coordinates : f.geometry.coordinates[0][0];
    return {
      communityId, gridId: locators.get(communityId)!(lon, lat), kind: f.kind, code: f.code, name: f.name, geometry: f.geometry, lon, lat,
      floorAreaM2: f.floorAreaM2, capacity: f.capacity, operator: f.operator, openingHours: f.openingHours,
    };
  });
  await placesStore.insertFacilities(trx, rows);
}

/** The department the demo's department officer reports for (吹哨报到). */
const DEMO_OFFICER_DEPARTMENT = 'YZ-ZJJ';

async function loadAccounts(trx: Kysely<DB>, data: DemoData, areas: Map<string, { id: number }>, resident: { householdId: number; residentId: number }) {
  const firstOf = (level: string) => areas.get(data.areas.find((a) => a.level === level)!.code)!.id;
  const grids = data.areas.filter((a) => a.level === 'grid');
  for (const account of demoAccounts) {
    const areaId = account.username === 'lead' ? areas.get(grids[1].code)!.id : firstOf(account.area);
    await createUser({ db: trx }, {
      username: account.username, displayName: account.displayName, password: DEMO_PASSWORD, roles: [{ role: account.role, areaId }],
      ...(account.role === 'resident' ? resident : {}),
    }, null);
  }
  const department = await trx.selectFrom('department').select('id').where('code', '=', DEMO_OFFICER_DEPARTMENT).executeTakeFirstOrThrow();
  await trx.updateTable('app_user').set({ department_id: department.id }).where('username', '=', 'department').execute();
}

/** Generates the deterministic demo and writes it in one transaction: all of it or none. */
export async function loadDemo(db: Kysely<DB>, cipher: FieldCipher): Promise<{ households: number; residents: number }> {
  const data = generateDemo();
  const now = new Date();
  await db.transaction().execute(async (trx) => {
    const areas = await loadAreas(trx, data);
    const communityIds = new Map(data.areas.filter((a) => a.level === 'community').map((a) => [a.code, areas.get(a.code)!.id]));
    await placesStore.insertDepartments(trx, data.departments.map((d) => ({ areaId: areas.get(d.areaCode)!.id, code: d.code, name: d.name, phone: d.phone })));
    const { buildings, locators } = await loadBuildings(trx, data, communityIds);
    const { householdIds, residentIds } = await loadPeople(trx, data, cipher, buildings);
    await loadFacilities(trx, data, communityIds, locators);
    await loadDemoDevices(trx, data, { communityIds, buildings, householdIds, locators }, cipher, now);
    const first = data.residents.find((r) => r.relation === 'head' && r.communityCode === data.areas.find((a) => a.level === 'community')!.code)!;
    const firstIndex = data.residents.indexOf(first);
    const household = householdIds.get(`${first.communityCode}|${first.buildingCode}|${first.unit}|${first.room}`)!;
    await loadAccounts(trx, data, areas, { householdId: household.id, residentId: residentIds[firstIndex] });
    await loadDemoSurveys(trx, data);
    await loadDemoStreets(trx, data);
    await writeSetting(trx, 'demo', true);
  });
  // Tickets and alarms go through their domains' own use cases, each in its transaction, after the registry is there.
  await loadDemoTickets(db, cipher, DEFAULT_DEMO_SEED, now);
  await loadDemoAlarms(db, cipher, DEFAULT_DEMO_SEED, now);
  return { households: data.households.length, residents: data.residents.length };
}
