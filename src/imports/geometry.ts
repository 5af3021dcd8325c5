/**
 * Checks on imported GeoJSON geometry (WGS84 lon/lat) and the derived numbers the registry
 * stores with it: bounding box and a representative point (building entrance, facility location).
 */
import { bboxOf } from '../platform/geojson.ts';
import type { GeometryProblemCode, RowErrorParams } from './rowErrors.ts';

export interface PointGeometry {
  type: 'Point';
  coordinates: number[];
}
export interface PolygonGeometry {
  type: 'Polygon';
  coordinates: number[][][];
}
export interface MultiPolygonGeometry {
  type: 'MultiPolygon';
  coordinates: number[][][][];
}
export type ImportGeometry = PointGeometry | PolygonGeometry | MultiPolygonGeometry;
export type GeometryType = ImportGeometry['type'];
/** [minLon, minLat, maxLon, maxLat] */
export type BBox = [number, number, number, number];

export interface GeometryProblem {
  problem: GeometryProblemCode;
  params?: RowErrorParams;
}

export type GeometryCheck = { ok: true; geometry: ImportGeometry; bbox: BBox } | ({ ok: false } & GeometryProblem);

function checkPosition(p: unknown): GeometryProblem | undefined {
  if (!Array.isArray(p) || p.length < 2 || !p.every((n) => typeof n === 'number' && Number.isFinite(n))) {
    return { problem: 'BAD_POSITION' };
  }
  const [lon, lat] = p as number[];
  if (lon < -180 || lon > 180) return { problem: 'LON_RANGE', params: { value: lon } };
  if (lat < -90 || lat > 90) return { problem: 'LAT_RANGE', params: { value: lat } };
  return undefined;
}

function checkRing(ring: unknown): GeometryProblem | undefined {
  if (!Array.isArray(ring)) return { problem: 'BAD_POSITION' };
  // A closed triangle already needs four positions (the first repeated at the end).
  if (ring.length < 4) return { problem: 'RING_TOO_SHORT' };
  for (const p of ring) {
    const problem = checkPosition(p);
    if (problem) return problem;
  }
  const first = ring[0] as number[];
  const last = ring[ring.length - 1] as number[];
  return first[0] === last[0] && first[1] === last[1] ? undefined : { problem: 'RING_NOT_CLOSED' };
}

function checkPolygon(rings: unknown): GeometryProblem | undefined {
  if (!Array.isArray(rings) || rings.length === 0) return { problem: 'EMPTY' };
  for (const ring of rings) {
    const problem = checkRing(ring);
    if (problem) return problem;
  }
  return undefined;
}

function checkCoordinates(type: GeometryType, coordinates: unknown): GeometryProblem | undefined {
  if (type === 'Point') return checkPosition(coordinates);
  if (type === 'Polygon') return checkPolygon(coordinates);
  if (!Array.isArray(coordinates) || coordinates.length === 0) return { problem: 'EMPTY' };
  for (const polygon of coordinates) {
    const problem = checkPolygon(polygon);
    if (problem) return problem;
  }
  return undefined;
}

/** Validates a GeoJSON geometry of one of the allowed types; on success also gives its bbox. */
export function checkGeometry(value: unknown, allowed: readonly GeometryType[]): GeometryCheck {
  if (value === null || value === undefined) return { ok: false, problem: 'MISSING' };
  const type = typeof value === 'object' ? (value as { type?: unknown }).type : undefined;
  if (!allowed.includes(type as GeometryType)) {
    return { ok: false, problem: 'WRONG_TYPE', params: { expected: allowed.join(' / '), got: String(type ?? typeof value) } };
  }
  const coordinates = (value as { coordinates?: unknown }).coordinates;
  const problem = checkCoordinates(type as GeometryType, coordinates);
  if (problem) return { ok: false, ...problem };
  const geometry = { type, coordinates } as ImportGeometry;
  return { ok: true, geometry, bbox: bboxOf(geometry) as BBox };
}

/** Twice the signed area and the area-weighted centroid of a closed ring, planar in degrees. */
function ringMoments(ring: number[][]): { area2: number; lon: number; lat: number } {
  // Shifting to the first vertex keeps precision: lon ≈ 116 squared swamps metre-sized shapes.
  const [x0, y0] = ring[0];
  let area2 = 0;
  let cx = 0;
  let cy = 0;
  for (let i = 0; i < ring.length - 1; i++) {
    const [x1, y1] = [ring[i][0] - x0, ring[i][1] - y0];
    const [x2, y2] = [ring[i + 1][0] - x0, ring[i + 1][1] - y0];
    const cross = x1 * y2 - x2 * y1;
    area2 += cross;
    cx += (x1 + x2) * cross;
    cy += (y1 + y2) * cross;
  }
  if (area2 === 0) {
    // A degenerate ring (all points on a line) has no area centroid; its vertices' mean will do.
    const open = ring.slice(0, -1);
    const mean = (k: number) => open.reduce((s, p) => s + p[k], 0) / open.length;
    return { area2: 0, lon: mean(0), lat: mean(1) };
  }
  return { area2, lon: x0 + cx / (3 * area2), lat: y0 + cy / (3 * area2) };
}

/** Centroid of a polygon's outer ring as [lon, lat]. */
export function ringCentroid(ring: number[][]): [number, number] {
  const { lon, lat } = ringMoments(ring);
  return [lon, lat];
}

/**
 * One point standing for a geometry: the point itself, the outer-ring centroid of a polygon,
 * or of the largest part of a multipolygon (a building's main block, not its annexe).
 */
export function representativePoint(geometry: ImportGeometry): [number, number] {
  if (geometry.type === 'Point') return [geometry.coordinates[0], geometry.coordinates[1]];
  if (geometry.type === 'Polygon') return ringCentroid(geometry.coordinates[0]);
  let best = geometry.coordinates[0][0];
  let bestArea = -1;
  for (const polygon of geometry.coordinates) {
    const area = Math.abs(ringMoments(polygon[0]).area2);
    if (area > bestArea) [best, bestArea] = [polygon[0], area];
  }
  return ringCentroid(best);
}
