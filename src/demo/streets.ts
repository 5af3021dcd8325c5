/**
 * The demo's walking network: one network for the whole subdistrict, so that a checkup of either
 * community walks across the boundary road into its neighbour as residents do. Pure and
 * deterministic, like the rest of the demo: it re-draws the same street lattice the layout used and
 * lays, in every estate, a lane along each row of buildings (just north of the doors) plus a front
 * lane inside the south gate, all joined to the roads on both sides. Every building entrance and
 * facility is joined to the nearest path by a short spur.
 *
 * `loadDemoStreets` saves it for the demo loader.
 *
 * One gap makes some walks long: in 长春 the road between block columns 2 and 3 of the north row is
 * a canal (东湖河) with no bridge, and the estate lanes on both banks stop short of it, so the
 * north-east estate reaches the west only by the roads at either end of the canal.
 */
import type { Kysely } from 'kysely';
import { streetNetworkFromLines } from '../access/geojsonNetwork.ts';
import type { StreetNetwork } from '../access/types.ts';
import type { DB } from '../db/schema.ts';
import { findAreaByCode } from '../places/store.ts';
import { saveGeneratedStreetNetwork } from '../streets/service.ts';
import { COMMUNITIES, SUBDISTRICT } from './communities.ts';
import { toLonLat, toXy, type Xy } from './geo.ts';
import { layoutCommunity, type Block, type CommunityLayout } from './layout.ts';
import { createRng } from './random.ts';
import { SegmentSet } from './segments.ts';
import { DEFAULT_DEMO_SEED, type DemoData } from './generate.ts';

export interface DemoStreets {
  /** The area the network belongs to: the subdistrict. */
  areaCode: string;
  name: string;
  network: StreetNetwork;
}

/** The canal: lattice line `column` of the community, between rows `row` and `row + 1`, has no road. */
const CANAL = { communityCode: '330212001002', column: 3, row: 1 };
/** Lanes stop this far short of the canal's line (inside the building setback, so no building is in the way). */
const CANAL_BANK = 20;
/** An estate lane runs this far north of its row's doors; rows stand at least 22 m apart. */
const LANE_NORTH_OF_DOORS = 5;
/** The front lane runs this far inside the south road, between the fence (12 m) and the buildings (30 m). */
const FRONT_LANE = 20;

interface Lattice {
  cols: number;
  rows: number;
  at(i: number, j: number): Xy;
}

/** The layout's road lattice, read back from its blocks' corners (SW, SE, NE, NW). */
function latticeOf(layout: CommunityLayout): Lattice {
  const cols = Math.max(...layout.blocks.map((b) => b.col)) + 1;
  const rows = Math.max(...layout.blocks.map((b) => b.row)) + 1;
  const block = (c: number, r: number) => layout.blocks.find((b) => b.col === c && b.row === r)!;
  return {
    cols,
    rows,
    at(i, j) {
      const c = Math.min(i, cols - 1);
      const r = Math.min(j, rows - 1);
      const corner = j > r ? (i > c ? 2 : 3) : i > c ? 1 : 0;
      return block(c, r).quad[corner];
    },
  };
}

const isCanal = (code: string, i: number, j: number) => code === CANAL.communityCode && i === CANAL.column && j === CANAL.row;

function addRoads(set: SegmentSet, code: string, lat: Lattice): void {
  for (let i = 0; i <= lat.cols; i++) {
    for (let j = 0; j < lat.rows; j++) if (!isCanal(code, i, j)) set.addLine([lat.at(i, j), lat.at(i, j + 1)]);
  }
  for (let j = 0; j <= lat.rows; j++) {
    for (let i = 0; i < lat.cols; i++) set.addLine([lat.at(i, j), lat.at(i + 1, j)]);
  }
}

/** x of the line through a and b at height y. */
function xAt(a: Xy, b: Xy, y: number): number {
  return b.y === a.y ? a.x : a.x + ((b.x - a.x) * (y - a.y)) / (b.y - a.y);
}

/** Door heights of the block's rows of housing: residential entrances inside it, grouped by y. */
function rowDoorHeights(block: Block, doors: readonly Xy[]): number[] {
  const { safe } = block;
  const inside = doors.filter((d) => d.x > safe.x0 && d.x < safe.x1 && d.y > safe.y0 && d.y < safe.y1);
  return [...new Set(inside.map((d) => Math.round(d.y * 10) / 10))].sort((a, b) => a - b);
}

function addEstateLanes(set: SegmentSet, code: string, block: Block, doors: readonly Xy[]): void {
  const [sw, se, ne, nw] = block.quad;
  const westBank = isCanal(code, block.col, block.row) ? CANAL_BANK : 0;
  const eastBank = isCanal(code, block.col + 1, block.row) ? CANAL_BANK : 0;
  const lane = (y: number) => set.addLine([{ x: xAt(sw, nw, y) + westBank, y }, { x: xAt(se, ne, y) - eastBank, y }]);
  lane(sw.y + FRONT_LANE);
  for (const y of rowDoorHeights(block, doors)) lane(y + LANE_NORTH_OF_DOORS);
}

/** Where a facility stands, as the demo loader stores it: the point, or a polygon's first corner. */
function facilityPoint(geometry: DemoData['facilities'][number]['geometry']): Xy {
  return toXy(geometry.type === 'Point' ? geometry.coordinates : geometry.coordinates[0][0]);
}

/**
 * Generates the subdistrict's walking network for demo data generated with the same seed.
 * No I/O: the same data and seed always give the same network.
 */
export function generateDemoStreets(data: DemoData, seed = DEFAULT_DEMO_SEED): DemoStreets {
  const set = new SegmentSet();
  const doors = data.buildings.filter((b) => b.purpose === 'residential' && b.estateCode !== null).map((b) => toXy(b.entrance));
  for (const spec of COMMUNITIES) {
    const layout = layoutCommunity(spec, createRng(seed, `layout:${spec.code}`));
    addRoads(set, spec.code, latticeOf(layout));
    const { col, row } = spec.centre;
    for (const block of layout.blocks) if (block.col !== col || block.row !== row) addEstateLanes(set, spec.code, block, doors);
  }
  set.node();
  for (const b of data.buildings) set.connect(toXy(b.entrance));
  for (const f of data.facilities) set.connect(facilityPoint(f.geometry));
  const lines = set.list().map((s) => [toLonLat(s.a), toLonLat(s.b)]);
  return { areaCode: SUBDISTRICT.code, name: `${SUBDISTRICT.name}步行网络`, network: streetNetworkFromLines(lines) };
}

/** Saves the demo's network for its subdistrict (inside the demo loader's transaction). */
export async function loadDemoStreets(db: Kysely<DB>, data: DemoData, seed = DEFAULT_DEMO_SEED): Promise<void> {
  const streets = generateDemoStreets(data, seed);
  const subdistrict = await findAreaByCode(db, streets.areaCode);
  if (!subdistrict) throw new Error(`the demo subdistrict ${streets.areaCode} must be loaded before its streets`);
  await saveGeneratedStreetNetwork({ db }, { areaId: subdistrict.id, name: streets.name, network: streets.network });
}
