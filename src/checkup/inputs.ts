import type { Kysely } from 'kysely';
import type { LonLat } from '../access/types.ts';
import type { DB } from '../db/schema.ts';
import type { CheckupBuilding, CheckupFacility, CheckupInputs } from './evaluate.ts';
import * as inputStore from './inputStore.ts';
import type { CheckupAccess } from './schema.ts';
import { measureWalking, type WalkingMeasure } from './walking.ts';

type Box = [number, number, number, number];
interface CommunityArea {
  id: number;
  min_lon: number | null;
  min_lat: number | null;
  max_lon: number | null;
  max_lat: number | null;
}

const metresPerDegreeLat = 111_320;

/** A box grown by a margin in metres on every side. */
export function growBox([minLon, minLat, maxLon, maxLat]: Box, metres: number): Box {
  const dLat = metres / metresPerDegreeLat;
  const dLon = metres / (metresPerDegreeLat * Math.cos((((minLat + maxLat) / 2) * Math.PI) / 180));
  return [minLon - dLon, minLat - dLat, maxLon + dLon, maxLat + dLat];
}

function boxOfPoints(points: LonLat[]): Box | null {
  if (!points.length) return null;
  const lons = points.map((p) => p[0]);
  const lats = points.map((p) => p[1]);
  return [Math.min(...lons), Math.min(...lats), Math.max(...lons), Math.max(...lats)];
}

type BuildingRow = Awaited<ReturnType<typeof inputStore.selectCheckupBuildings>>[number];

/** Where a walker leaves a building: its entrance, else the middle of its footprint's box. */
function doorOf(row: BuildingRow): LonLat | null {
  if (row.entrance_lon !== null && row.entrance_lat !== null) return [row.entrance_lon, row.entrance_lat];
  if (row.min_lon === null || row.min_lat === null || row.max_lon === null || row.max_lat === null) return null;
  return [(row.min_lon + row.max_lon) / 2, (row.min_lat + row.max_lat) / 2];
}

function toBuildings(rows: BuildingRow[]): CheckupBuilding[] {
  return rows.flatMap((row) => {
    const point = doorOf(row);
    if (!point) return [];
    const { id, code, name, purpose } = row;
    return [{ id, code, name, purpose, point, households: Number(row.households), residents: Number(row.residents), elders: Number(row.elders), children: Number(row.children) }];
  });
}

/**
 * What a checkup looks at: the community's homes and who lives in them, the facilities inside it and
 * within the margin around it (a life circle crosses borders), and the walking distances between them.
 */
export async function inputsForCommunity(db: Kysely<DB>, community: CommunityArea, needs: Map<string, number>, marginM: number, year: number) {
  const buildings = toBuildings(await inputStore.selectCheckupBuildings(db, community.id, year));
  const own: Box | null = community.min_lon === null ? boxOfPoints(buildings.map((b) => b.point))
    : [community.min_lon, community.min_lat!, community.max_lon!, community.max_lat!];
  const box = own ? growBox(own, marginM) : null;
  const facilities: CheckupFacility[] = box ? (await inputStore.selectFacilitiesInBox(db, box)).map((f) => ({
    id: f.id, kind: f.kind, name: f.name, floorAreaM2: f.floor_area_m2, capacity: f.capacity, inCommunity: f.community_id === community.id, point: [f.lon, f.lat],
  })) : [];
  const started = performance.now();
  const walking: WalkingMeasure | null = box && buildings.length ? await measureWalking(db, box, buildings, facilities, needs) : null;
  const inputs: Omit<CheckupInputs, 'surveyScores'> = {
    buildings, facilities, householdsTotal: await inputStore.countHouseholds(db, community.id), walking: walking?.kinds ?? null,
    walkingReachM: Math.max(0, ...needs.values()),
  };
  return { inputs, walking, walkingMs: Math.round(performance.now() - started) };
}

const roundMetres = (d: number) => (Number.isFinite(d) ? Math.round(d * 10) / 10 : null);

/** The distances kept with a checkup for its map, so the report shows what this run saw. */
export function accessOf(inputs: Omit<CheckupInputs, 'surveyScores'>, kinds: string[]): CheckupAccess | null {
  if (!inputs.walking) return null;
  const measured = kinds.filter((k) => inputs.walking!.has(k));
  return {
    kinds: measured,
    buildings: inputs.buildings.map((b) => ({ id: b.id, name: b.name, households: b.households, point: b.point })),
    distances: measured.map((k) => Array.from(inputs.walking!.get(k)!.distance, roundMetres)),
    facilityIds: measured.map((k) => inputs.walking!.get(k)!.facilityId),
    facilities: inputs.facilities.filter((f) => measured.includes(f.kind)).map((f) => ({ id: f.id, kind: f.kind, name: f.name, point: f.point })),
  };
}
