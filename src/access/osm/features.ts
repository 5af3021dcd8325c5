/**
 * Buildings and amenities from OSM elements: which tags make one, and the numbers derived from its
 * outline (centroid, area in m²). Which facility kind an amenity is stays with the checkup's
 * mapping rules (src/checkup/kindMapping.ts); here every candidate keeps all its tags.
 */
import { ringCentroid } from '../../imports/geometry.ts';
import { METRES_PER_DEGREE } from '../geodesic.ts';
import type { LonLat, OsmAmenity, OsmBuilding } from '../types.ts';
import type { OsmTags } from './source.ts';

/**
 * Keys that make a node or closed way a facility candidate. `craft` is there because the mapping
 * table has craft rules (craft=shoemaker → repair).
 */
const AMENITY_KEYS = ['amenity', 'shop', 'leisure', 'healthcare', 'social_facility', 'public_transport', 'craft'] as const;

export function isAmenity(tags: Readonly<OsmTags>): boolean {
  return tags.highway === 'bus_stop' || AMENITY_KEYS.some((key) => tags[key] !== undefined && tags[key] !== 'no');
}

/** A way that closes on itself with at least a triangle's four positions. */
export function isClosed(refs: readonly number[]): boolean {
  return refs.length >= 4 && refs[0] === refs[refs.length - 1];
}

export function isBuilding(tags: Readonly<OsmTags>): boolean {
  return tags.building !== undefined && tags.building !== 'no';
}

/** Floors above ground from `building:levels` ("5", "3.5"); null when absent or not a positive number. */
export function levelsOf(tags: Readonly<OsmTags>): number | null {
  const levels = Number.parseFloat(tags['building:levels'] ?? '');
  return Number.isFinite(levels) && levels > 0 ? levels : null;
}

/** Area in m² of a closed ring, on a plane tangent at its first vertex (exact enough below a few km). */
export function ringAreaM2(ring: readonly LonLat[]): number {
  const [lon0, lat0] = ring[0];
  const kx = METRES_PER_DEGREE * Math.cos((lat0 * Math.PI) / 180);
  const ky = METRES_PER_DEGREE;
  let twice = 0;
  for (let i = 0; i + 1 < ring.length; i++) {
    const x1 = (ring[i][0] - lon0) * kx;
    const y1 = (ring[i][1] - lat0) * ky;
    const x2 = (ring[i + 1][0] - lon0) * kx;
    const y2 = (ring[i + 1][1] - lat0) * ky;
    twice += x1 * y2 - x2 * y1;
  }
  return Math.abs(twice) / 2;
}

/** Entrance values in order of preference: the main door first. */
const ENTRANCE_PREFERENCE = ['main', 'yes', 'staircase', 'home'];

/** The best entrance among a way's nodes (tag values by node id), or undefined. */
export function pickEntrance(ringNodeIds: readonly number[], ring: readonly LonLat[], entrances: ReadonlyMap<number, string>): LonLat | undefined {
  let best: LonLat | undefined;
  let bestRank = Infinity;
  ringNodeIds.forEach((id, k) => {
    const value = entrances.get(id);
    if (value === undefined || value === 'no' || value === 'emergency' || value === 'exit') return;
    const rank = ENTRANCE_PREFERENCE.indexOf(value) < 0 ? ENTRANCE_PREFERENCE.length : ENTRANCE_PREFERENCE.indexOf(value);
    if (rank < bestRank) [best, bestRank] = [ring[k], rank];
  });
  return best;
}

/** A building from a closed way whose nodes were all found; entrance node when tagged, else the footprint's centroid. */
export function buildingFromWay(id: number, tags: OsmTags, ringNodeIds: readonly number[], ring: LonLat[], entrances: ReadonlyMap<number, string>): OsmBuilding {
  return {
    osmId: `w${id}`,
    name: tags.name ?? null,
    buildingTag: tags.building,
    levels: levelsOf(tags),
    footprint: { type: 'Polygon', coordinates: [ring] },
    entrance: pickEntrance(ringNodeIds, ring, entrances) ?? ringCentroid(ring),
    tags,
  };
}

export function amenityFromNode(id: number, lon: number, lat: number, tags: OsmTags): OsmAmenity {
  return { osmId: `n${id}`, name: tags.name ?? null, point: [lon, lat], areaM2: null, tags };
}

export function amenityFromWay(id: number, tags: OsmTags, ring: LonLat[]): OsmAmenity {
  return { osmId: `w${id}`, name: tags.name ?? null, point: ringCentroid(ring), areaM2: ringAreaM2(ring), tags };
}
