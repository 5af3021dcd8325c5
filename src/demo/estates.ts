/**
 * Estates (小区) and their buildings: rows of slab blocks facing south, the gaps between columns
 * wide enough for the estate's own lanes, and a small property office at the south gate.
 */
import type { EstateKind, EstateSpec } from './communities.ts';
import { insetRect, rectPolygon, ringPolygon, toLonLat, type Rect, type Xy } from './geo.ts';
import type { Block, CommunityLayout } from './layout.ts';
import { estateBlocks } from './layout.ts';
import type { Rng } from './random.ts';
import type { DemoBuilding, DemoEstate } from './types.ts';

interface KindProfile {
  floors: [number, number];
  units: [number, number];
  perFloor: [number, number];
  /** Metres of facade per stair unit. */
  unitWidth: number;
  depth: number;
  colGap: number;
  /** Smallest distance between rows (sunlight spacing grows with height). */
  rowPitch: number;
  sizeM2: [number, number];
  /** Share of the community's households relative to other kinds. */
  weight: number;
}

const KINDS: Record<EstateKind, KindProfile> = {
  old: { floors: [6, 7], units: [3, 4], perFloor: [2, 2], unitWidth: 15, depth: 12, colGap: 14, rowPitch: 34, sizeM2: [52, 78], weight: 0.9 },
  mid: { floors: [11, 18], units: [2, 3], perFloor: [2, 3], unitWidth: 18, depth: 14, colGap: 18, rowPitch: 52, sizeM2: [82, 125], weight: 1 },
  high: { floors: [24, 33], units: [1, 2], perFloor: [2, 4], unitWidth: 24, depth: 16, colGap: 26, rowPitch: 72, sizeM2: [88, 143], weight: 1.2 },
};

/** Road half-width plus pavement: the estate fence sits this far from the road centre line. */
const FENCE_SETBACK = 12;
/** Buildings keep this far from the road centre line; the strip in between holds gates and services. */
const BUILDING_SETBACK = 30;

/** A residential building with what households need: how many doors per floor and flat sizes. */
export interface ResidentialPlan {
  building: DemoBuilding;
  perFloor: number;
  sizeM2: [number, number];
}

export interface EstatePlan {
  estate: DemoEstate;
  spec: EstateSpec;
  block: Block;
  /** Inside the fence, axis-aligned. */
  bounds: Rect;
  /** Where the residential buildings stand. */
  zone: Rect;
  propertyOffice: Rect;
  households: number;
  residential: ResidentialPlan[];
  others: DemoBuilding[];
}

interface SlabSpec {
  floors: number;
  units: number;
  perFloor: number;
}

/** Draws buildings until the estate is within half a small building of its household target. */
function drawSlabs(rng: Rng, kind: KindProfile, target: number, maxCount: number): SlabSpec[] {
  const smallest = kind.floors[0] * kind.units[0] * kind.perFloor[0];
  const slabs: SlabSpec[] = [];
  let remaining = target;
  while (remaining > smallest / 2 && slabs.length < maxCount) {
    let slab = { floors: rng.int(...kind.floors), units: rng.int(...kind.units), perFloor: rng.int(...kind.perFloor) };
    if (slab.floors * slab.units * slab.perFloor > remaining) {
      // Near the target, a narrow building just tall enough for the households left.
      const units = kind.units[0];
      const perFloor = kind.perFloor[0];
      const floors = Math.round(remaining / (units * perFloor));
      slab = { floors: Math.min(kind.floors[1], Math.max(kind.floors[0], floors)), units, perFloor };
    }
    slabs.push(slab);
    remaining -= slab.floors * slab.units * slab.perFloor;
  }
  return slabs;
}

function slotGrid(zone: Rect, kind: KindProfile): { cols: number; maxRows: number; slotW: number } {
  const slotW = kind.unitWidth * kind.units[1];
  const cols = Math.max(1, Math.floor((zone.x1 - zone.x0 + kind.colGap) / (slotW + kind.colGap)));
  const maxRows = Math.max(1, Math.floor((zone.y1 - zone.y0 - kind.depth) / kind.rowPitch) + 1);
  return { cols, maxRows, slotW };
}

/** Footprints for the slabs: columns and rows centred in the zone, rows at most twice the sunlight spacing apart. */
function placeSlabs(zone: Rect, kind: KindProfile, slabs: readonly SlabSpec[]): Rect[] {
  const { cols, slotW } = slotGrid(zone, kind);
  const rows = Math.ceil(slabs.length / cols);
  const spanY = zone.y1 - zone.y0 - kind.depth;
  const pitch = rows > 1 ? Math.min(2 * kind.rowPitch, spanY / (rows - 1)) : 0;
  const firstY = zone.y0 + (spanY - pitch * (rows - 1)) / 2;
  const usedW = cols * slotW + (cols - 1) * kind.colGap;
  const firstX = zone.x0 + (zone.x1 - zone.x0 - usedW) / 2;
  return slabs.map((slab, i) => {
    const col = i % cols;
    const row = Math.floor(i / cols);
    const length = kind.unitWidth * slab.units;
    const x0 = firstX + col * (slotW + kind.colGap) + (slotW - length) / 2;
    const y0 = firstY + row * pitch;
    return { x0, y0, x1: x0 + length, y1: y0 + kind.depth };
  });
}

/** Entrance in the middle of the long side: north for housing (living rooms face south), south for offices. */
export function entranceOf(footprint: Rect, side: 'north' | 'south'): Xy {
  return { x: (footprint.x0 + footprint.x1) / 2, y: side === 'north' ? footprint.y1 : footprint.y0 };
}

function estateCode(prefix: string, index: number): string {
  return `${prefix}-${String(index + 1).padStart(2, '0')}`;
}

function fenceRing(block: Block): Xy[] {
  const [sw, se, ne, nw] = block.quad;
  const s = FENCE_SETBACK;
  return [
    { x: sw.x + s, y: sw.y + s },
    { x: se.x - s, y: se.y + s },
    { x: ne.x - s, y: ne.y - s },
    { x: nw.x + s, y: nw.y - s },
  ];
}

function residentialPlans(rng: Rng, layout: CommunityLayout, estate: DemoEstate, zone: Rect, kindName: EstateKind, target: number): ResidentialPlan[] {
  const kind = KINDS[kindName];
  const { cols, maxRows } = slotGrid(zone, kind);
  const slabs = drawSlabs(rng, kind, target, cols * maxRows);
  const footprints = placeSlabs(zone, kind, slabs);
  return slabs.map((slab, i) => ({
    building: {
      code: `${estate.code}-${String(i + 1).padStart(2, '0')}`,
      name: `${i + 1}号楼`,
      communityCode: layout.spec.code,
      estateCode: estate.code,
      purpose: 'residential',
      floors: slab.floors,
      units: slab.units,
      footprint: rectPolygon(footprints[i]),
      entrance: toLonLat(entranceOf(footprints[i], 'north')),
    },
    perFloor: slab.perFloor,
    sizeM2: kind.sizeM2,
  }));
}

function planEstate(rng: Rng, layout: CommunityLayout, block: Block, index: number, target: number): EstatePlan {
  const spec = layout.spec.estates[index];
  const bounds = insetRect(block.safe, FENCE_SETBACK);
  const zone = insetRect(block.safe, BUILDING_SETBACK);
  const estate: DemoEstate = {
    code: estateCode(layout.spec.prefix, index),
    name: spec.name,
    communityCode: layout.spec.code,
    propertyCompany: spec.propertyCompany,
    boundary: ringPolygon(fenceRing(block)),
  };
  const residential = residentialPlans(rng, layout, estate, zone, spec.kind, target);
  const propertyOffice = { x0: bounds.x0 + 6, y0: bounds.y0 + 4, x1: bounds.x0 + 30, y1: bounds.y0 + 14 };
  const office: DemoBuilding = {
    code: `${estate.code}-${String(residential.length + 1).padStart(2, '0')}`,
    name: '物业服务用房',
    communityCode: layout.spec.code,
    estateCode: estate.code,
    purpose: 'public',
    floors: 2,
    units: 1,
    footprint: rectPolygon(propertyOffice),
    entrance: toLonLat(entranceOf(propertyOffice, 'south')),
  };
  const households = residential.reduce((n, p) => n + p.building.floors * p.building.units * p.perFloor, 0);
  return { estate, spec, block, bounds, zone, propertyOffice, households, residential, others: [office] };
}

/** All estates of a community, sharing out a household target of roughly 4,000 by estate kind. */
export function planEstates(rng: Rng, layout: CommunityLayout): EstatePlan[] {
  const blocks = estateBlocks(layout);
  const specs = layout.spec.estates;
  if (blocks.length !== specs.length) {
    throw new Error(`${layout.spec.code}: ${blocks.length} blocks but ${specs.length} estates`);
  }
  const target = rng.int(3850, 4150);
  const totalWeight = specs.reduce((sum, s) => sum + KINDS[s.kind].weight, 0);
  return blocks.map((block, i) => {
    const share = Math.round((target * KINDS[specs[i].kind].weight) / totalWeight);
    return planEstate(rng, layout, block, i, share);
  });
}
