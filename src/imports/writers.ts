/**
 * Writing validated import records, kind by kind, in chunks through the places and people
 * stores. Called inside the import's one transaction; each chunk reports progress.
 */
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import type { FieldCipher } from '../platform/fieldCipher.ts';
import { sealPersonalData } from '../people/personalData.ts';
import * as peopleStore from '../people/store.ts';
import { createGridLocator } from '../places/gridLocator.ts';
import * as placesStore from '../places/store.ts';
import { areaLevelChoices, type AreaRecord, type BuildingRecord, type EstateRecord, type FacilityRecord } from './geojson.ts';
import { householdKey, type HouseholdRecord } from './householdRows.ts';
import type { ResidentRecord } from './residentRows.ts';
import * as store from './store.ts';

export const CHUNK_SIZE = 500;

export interface WriteContext {
  trx: Kysely<DB>;
  cipher: FieldCipher;
  /** null only for areas, which may sit above any community. */
  communityId: number | null;
  /** Called after each chunk with the number of records written so far. */
  onProgress(processed: number): void;
}

export interface RecordsByKind {
  households: HouseholdRecord;
  residents: ResidentRecord;
  areas: AreaRecord;
  estates: EstateRecord;
  buildings: BuildingRecord;
  facilities: FacilityRecord;
}
export type ImportKind = keyof RecordsByKind;

async function inChunks<T, R>(records: readonly T[], ctx: WriteContext, write: (chunk: T[]) => Promise<R>): Promise<void> {
  for (let start = 0; start < records.length; start += CHUNK_SIZE) {
    await write(records.slice(start, start + CHUNK_SIZE));
    ctx.onProgress(Math.min(records.length, start + CHUNK_SIZE));
  }
}

async function gridLocator(ctx: WriteContext, communityId: number) {
  return createGridLocator(await placesStore.selectGridsOfCommunity(ctx.trx, communityId));
}

async function writeHouseholds(ctx: WriteContext, communityId: number, records: HouseholdRecord[]) {
  const buildings = new Map((await placesStore.selectBuildingCodes(ctx.trx, communityId)).map((b) => [b.code, b]));
  await inChunks(records, ctx, (chunk) => peopleStore.insertHouseholds(ctx.trx, chunk.map((r) => {
    const building = buildings.get(r.buildingCode)!;
    // A household lies in its building's grid.
    return { communityId, gridId: building.grid_id, buildingId: building.id, unit: r.unit, room: r.room, floor: r.floor, sizeM2: r.sizeM2, occupancy: r.occupancy };
  })));
}

async function writeResidents(ctx: WriteContext, communityId: number, records: ResidentRecord[]) {
  const households = new Map((await peopleStore.selectHouseholdKeys(ctx.trx, communityId)).map((h) => [householdKey(h.building_code, h.unit, h.room), h]));
  await inChunks(records, ctx, (chunk) => peopleStore.insertResidents(ctx.trx, chunk.map((r) => {
    const household = households.get(r.householdKey)!;
    return {
      ...sealPersonalData(ctx.cipher, { name: r.name, phone: r.phone, idNumber: r.idNumber, careTags: r.careTags }),
      communityId, gridId: household.grid_id, householdId: household.id, birthYear: r.birthYear, sex: r.sex, relation: r.relation,
    };
  })));
}

async function writeEstates(ctx: WriteContext, communityId: number, records: EstateRecord[]) {
  await inChunks(records, ctx, (chunk) => placesStore.insertEstates(ctx.trx, chunk.map((r) => ({
    communityId, code: r.code, name: r.name, propertyCompany: r.propertyCompany, boundary: r.boundary,
  }))));
}

async function writeBuildings(ctx: WriteContext, communityId: number, records: BuildingRecord[]) {
  const estates = new Map((await placesStore.selectEstateCodes(ctx.trx, communityId)).map((e) => [e.code, e.id]));
  const gridAt = await gridLocator(ctx, communityId);
  await inChunks(records, ctx, (chunk) => placesStore.insertBuildings(ctx.trx, chunk.map((r) => ({
    communityId, gridId: gridAt(r.entranceLon, r.entranceLat), estateId: r.estateCode === null ? null : (estates.get(r.estateCode) ?? null),
    code: r.code, name: r.name, purpose: r.purpose, floors: r.floors, units: r.units, footprint: r.footprint, entrance: [r.entranceLon, r.entranceLat],
  }))));
}

async function writeFacilities(ctx: WriteContext, communityId: number, records: FacilityRecord[]) {
  const gridAt = await gridLocator(ctx, communityId);
  await inChunks(records, ctx, (chunk) => placesStore.insertFacilities(ctx.trx, chunk.map((r) => ({
    communityId, gridId: gridAt(r.lon, r.lat), kind: r.kind, code: r.code, name: r.name, geometry: r.geometry, lon: r.lon, lat: r.lat,
    floorAreaM2: r.floorAreaM2, capacity: r.capacity, operator: r.operator, openingHours: r.openingHours,
  }))));
}

const levelRank = (level: AreaRecord['level']) => areaLevelChoices.findIndex((c) => c.value === level);

/** Areas one by one, parents first: a child's path needs its parent's, which may be in the same file. */
async function writeAreas(ctx: WriteContext, records: AreaRecord[]) {
  const known = new Map((await store.selectAreaIndex(ctx.trx)).map((a) => [a.code, { id: a.id, path: a.path, communityId: a.community_id }]));
  const ordered = [...records].sort((a, b) => levelRank(a.level) - levelRank(b.level));
  let done = 0;
  for (const r of ordered) {
    const parent = r.parentCode === null ? undefined : known.get(r.parentCode);
    const created = await placesStore.insertArea(ctx.trx, {
      parentId: parent?.id ?? null, parentPath: parent?.path ?? '/', level: r.level, code: r.code, name: r.name,
      communityId: parent?.communityId ?? null, boundary: r.boundary,
    });
    known.set(r.code, created);
    done += 1;
    if (done % CHUNK_SIZE === 0 || done === ordered.length) ctx.onProgress(done);
  }
}

/** Writes the records of one kind; the caller owns the transaction. */
export async function writeRecords<K extends ImportKind>(ctx: WriteContext, kind: K, records: RecordsByKind[K][]): Promise<void> {
  if (kind === 'areas') return writeAreas(ctx, records as AreaRecord[]);
  const communityId = ctx.communityId!;
  if (kind === 'households') return writeHouseholds(ctx, communityId, records as HouseholdRecord[]);
  if (kind === 'residents') return writeResidents(ctx, communityId, records as ResidentRecord[]);
  if (kind === 'estates') return writeEstates(ctx, communityId, records as EstateRecord[]);
  if (kind === 'buildings') return writeBuildings(ctx, communityId, records as BuildingRecord[]);
  return writeFacilities(ctx, communityId, records as FacilityRecord[]);
}
