/**
 * The street lattice of a community: roads run along the cut lines, blocks lie between them,
 * and grids are made of whole blocks, so every grid edge is a road centre line and grids tile
 * the community exactly.
 */
import { CITY, DISTRICT, SUBDISTRICT, type CommunitySpec } from './communities.ts';
import { rectPolygon, ringPolygon, type Rect, type Xy } from './geo.ts';
import type { Rng } from './random.ts';
import type { DemoArea } from './types.ts';

export interface Block {
  col: number;
  row: number;
  /** Corners SW, SE, NE, NW on the road centre lines. */
  quad: Xy[];
  /** The largest axis-aligned rectangle inside the quad. */
  safe: Rect;
}

export interface GridPlan {
  code: string;
  name: string;
  ring: Xy[];
}

export interface CommunityLayout {
  spec: CommunitySpec;
  boundary: Xy[];
  blocks: Block[];
  grids: GridPlan[];
}

interface Lattice {
  cols: number;
  rows: number;
  at(i: number, j: number): Xy;
}

/** Inner roads move a little with the seed; the outer ones stay put so neighbours still meet. */
function jitterCuts(cuts: readonly number[], rng: Rng): number[] {
  return cuts.map((c, i) => (i === 0 || i === cuts.length - 1 ? c : c + rng.int(-15, 15)));
}

function makeLattice(spec: CommunitySpec, rng: Rng): Lattice {
  const xs = jitterCuts(spec.xCuts, rng);
  const ys = jitterCuts(spec.yCuts, rng);
  const cols = xs.length - 1;
  const rows = ys.length - 1;
  return {
    cols,
    rows,
    at(i, j) {
      const skew = i === 0 ? spec.westSkew : i === cols ? spec.eastSkew : 0;
      return { x: xs[i] + skew * ys[j], y: ys[j] };
    },
  };
}

function makeBlock(lat: Lattice, col: number, row: number): Block {
  const quad = [lat.at(col, row), lat.at(col + 1, row), lat.at(col + 1, row + 1), lat.at(col, row + 1)];
  const safe = {
    x0: Math.max(quad[0].x, quad[3].x),
    y0: quad[0].y,
    x1: Math.min(quad[1].x, quad[2].x),
    y1: quad[2].y,
  };
  return { col, row, quad, safe };
}

/** Ring of the blocks in one column from row r0 to r1, with every lattice point on the way. */
function columnRing(lat: Lattice, col: number, r0: number, r1: number): Xy[] {
  const ring: Xy[] = [lat.at(col, r0)];
  for (let j = r0; j <= r1 + 1; j++) ring.push(lat.at(col + 1, j));
  for (let j = r1 + 1; j > r0; j--) ring.push(lat.at(col, j));
  return ring;
}

function boundaryRing(lat: Lattice): Xy[] {
  const ring: Xy[] = [];
  for (let i = 0; i < lat.cols; i++) ring.push(lat.at(i, 0));
  for (let j = 0; j < lat.rows; j++) ring.push(lat.at(lat.cols, j));
  for (let i = lat.cols; i > 0; i--) ring.push(lat.at(i, lat.rows));
  for (let j = lat.rows; j > 0; j--) ring.push(lat.at(0, j));
  return ring;
}

/** Grids numbered from the north-west, row by row; the centre block joins the block south of it. */
function planGrids(spec: CommunitySpec, lat: Lattice): GridPlan[] {
  const grids: GridPlan[] = [];
  const { col: cc, row: cr } = spec.centre;
  for (let row = lat.rows - 1; row >= 0; row--) {
    for (let col = 0; col < lat.cols; col++) {
      if (col === cc && row === cr - 1) continue;
      const ring = col === cc && row === cr ? columnRing(lat, col, cr - 1, cr) : columnRing(lat, col, row, row);
      const n = grids.length + 1;
      grids.push({ code: `${spec.code}-G${String(n).padStart(2, '0')}`, name: `第${n}网格`, ring });
    }
  }
  return grids;
}

export function layoutCommunity(spec: CommunitySpec, rng: Rng): CommunityLayout {
  const lat = makeLattice(spec, rng);
  const blocks: Block[] = [];
  for (let row = 0; row < lat.rows; row++) {
    for (let col = 0; col < lat.cols; col++) blocks.push(makeBlock(lat, col, row));
  }
  return { spec, boundary: boundaryRing(lat), blocks, grids: planGrids(spec, lat) };
}

/** Blocks that hold estates, in the order of `spec.estates`. */
export function estateBlocks(layout: CommunityLayout): Block[] {
  const { col, row } = layout.spec.centre;
  return layout.blocks.filter((b) => !(b.col === col && b.row === row));
}

export function centreBlock(layout: CommunityLayout): Block {
  const { col, row } = layout.spec.centre;
  const block = layout.blocks.find((b) => b.col === col && b.row === row);
  if (!block) throw new Error(`centre block ${col},${row} is outside ${layout.spec.code}`);
  return block;
}

/** The area tree: city and district without boundaries (the demo does not know them), then the rest. */
export function buildAreas(layouts: readonly CommunityLayout[]): DemoArea[] {
  const points = layouts.flatMap((l) => l.boundary);
  const margin = 150;
  const subdistrictRect = {
    x0: Math.min(...points.map((p) => p.x)) - margin,
    y0: Math.min(...points.map((p) => p.y)) - margin,
    x1: Math.max(...points.map((p) => p.x)) + margin,
    y1: Math.max(...points.map((p) => p.y)) + margin,
  };
  const areas: DemoArea[] = [
    { code: CITY.code, name: CITY.name, level: 'city', parentCode: null, boundary: null },
    { code: DISTRICT.code, name: DISTRICT.name, level: 'district', parentCode: CITY.code, boundary: null },
    {
      code: SUBDISTRICT.code,
      name: SUBDISTRICT.name,
      level: 'subdistrict',
      parentCode: DISTRICT.code,
      boundary: rectPolygon(subdistrictRect),
    },
  ];
  for (const { spec, boundary, grids } of layouts) {
    areas.push({ code: spec.code, name: spec.name, level: 'community', parentCode: SUBDISTRICT.code, boundary: ringPolygon(boundary) });
    for (const g of grids) {
      areas.push({ code: g.code, name: g.name, level: 'grid', parentCode: spec.code, boundary: ringPolygon(g.ring) });
    }
  }
  return areas;
}
