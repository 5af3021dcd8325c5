/**
 * Snapping points (building entrances, facilities) to the nearest point on the nearest street.
 *
 * Every straight segment of every edge's polyline is a box in a flatbush index. The index works in
 * "scaled degrees" — x = lon · cos φ0, y = lat, with φ0 the network's middle latitude — so that its
 * boxes are nearly square on the ground. The exact distance to a segment is measured in a local
 * equirectangular projection centred on the point itself (metres; off the great circle by a few
 * parts in 10⁵ over the few hundred metres a snap spans). Converting between the two is the careful
 * part: r metres east–west at latitude φ are r · cos φ0 / (cos φ · METRES_PER_DEGREE) index units,
 * r metres north–south are r / METRES_PER_DEGREE, so a window of that size holds every segment
 * within r metres (see NearestSegmentFinder).
 * (Longitudes are taken as they come: networks crossing the antimeridian are not supported.)
 */
import Flatbush from 'flatbush';
import { haversineMetres, METRES_PER_DEGREE } from './geodesic.ts';
import type { LonLat, StreetNetwork } from './types.ts';

/** First search window's half-side, metres: most building entrances are within a few dozen metres of a street. */
const INITIAL_WINDOW = 32;

export interface SnapIndex {
  network: StreetNetwork;
  index: Flatbush;
  /** Edge of each segment. */
  segmentEdge: Uint32Array;
  /** Coordinate point where each segment starts (it ends at the next point). */
  segmentStart: Uint32Array;
  /** Per coordinate point: great-circle metres from its edge's first point along the polyline. */
  pointAlong: Float64Array;
  /** cos φ0: the index's x scale. */
  cosLat0: number;
}

/** Where each of a list of points snapped; entries of points that did not snap hold -1 / Infinity / NaN. */
export interface SnapResult {
  count: number;
  /** Edge snapped to, -1 when no edge lies within the snap distance. */
  edge: Int32Array;
  /** Metres along the edge from edgeFrom to the snap point, on the scale of edgeLength (0 … edgeLength). */
  offset: Float64Array;
  /** Straight-line metres from the point to its snap point; Infinity when not snapped. */
  connector: Float64Array;
  /** The snap point. */
  lon: Float64Array;
  lat: Float64Array;
}

/** Indexes every segment of every edge of `network` for {@link snapPoints}. */
export function buildSnapIndex(network: StreetNetwork): SnapIndex {
  const { geometryStart, coords } = network;
  const edgeCount = network.edgeFrom.length;
  if (geometryStart.length !== edgeCount + 1) throw new RangeError('geometryStart needs one entry per edge plus one');
  const pointCount = geometryStart[edgeCount];
  const cosLat0 = Math.cos((middleLatitude(coords, pointCount) * Math.PI) / 180);
  const segmentCount = pointCount - edgeCount;
  const segmentEdge = new Uint32Array(segmentCount);
  const segmentStart = new Uint32Array(segmentCount);
  const pointAlong = new Float64Array(pointCount);
  const index = new Flatbush(Math.max(segmentCount, 1));
  let s = 0;
  for (let e = 0; e < edgeCount; e++) {
    const first = geometryStart[e];
    const end = geometryStart[e + 1];
    if (end - first < 2) throw new RangeError(`edge ${e} has fewer than two points`);
    for (let k = first; k + 1 < end; k++, s++) {
      const lon1 = coords[2 * k], lat1 = coords[2 * k + 1], lon2 = coords[2 * k + 2], lat2 = coords[2 * k + 3];
      pointAlong[k + 1] = pointAlong[k] + haversineMetres(lon1, lat1, lon2, lat2);
      segmentEdge[s] = e;
      segmentStart[s] = k;
      index.add(Math.min(lon1, lon2) * cosLat0, Math.min(lat1, lat2), Math.max(lon1, lon2) * cosLat0, Math.max(lat1, lat2));
    }
  }
  // flatbush needs at least one item; an empty network gets one that no snap can reach.
  if (segmentCount === 0) index.add(Infinity, Infinity, Infinity, Infinity);
  index.finish();
  return { network, index, segmentEdge, segmentStart, pointAlong, cosLat0 };
}

function middleLatitude(coords: Float64Array, pointCount: number): number {
  let min = Infinity;
  let max = -Infinity;
  for (let k = 0; k < pointCount; k++) {
    const lat = coords[2 * k + 1];
    if (lat < min) min = lat;
    if (lat > max) max = lat;
  }
  return pointCount > 0 ? (min + max) / 2 : 0;
}

/** Bytes held by the index and its side arrays. */
export function snapIndexBytes(snap: SnapIndex): number {
  return snap.index.data.byteLength + snap.segmentEdge.byteLength + snap.segmentStart.byteLength + snap.pointAlong.byteLength;
}

/**
 * Snaps each point to the nearest point on the nearest edge, giving up on points farther than
 * `maxDistance` metres from every edge.
 */
export function snapPoints(snap: SnapIndex, points: readonly LonLat[], maxDistance: number): SnapResult {
  const count = points.length;
  const result: SnapResult = {
    count,
    edge: new Int32Array(count).fill(-1),
    offset: new Float64Array(count).fill(NaN),
    connector: new Float64Array(count).fill(Infinity),
    lon: new Float64Array(count).fill(NaN),
    lat: new Float64Array(count).fill(NaN),
  };
  const finder = new NearestSegmentFinder(snap);
  const order = spatialOrder(points);
  for (let k = 0; k < order.length; k++) {
    const i = order[k];
    const point = points[i];
    if (finder.find(point[0], point[1], maxDistance)) record(snap, finder, i, result);
  }
  return result;
}

/**
 * Point indices sorted by ~100 m cells, row by row: consecutive queries then walk the same branches
 * of the index, which measured about a third faster than random order. Each key packs the cell
 * above the point's index, so one native sort of a Float64Array does it (exact below 2²¹ points;
 * beyond that the input order is kept — slower, equally correct).
 */
function spatialOrder(points: readonly LonLat[]): Int32Array {
  const SLOTS = 2 ** 21;
  const CELL = 0.001; // degrees
  const order = new Int32Array(points.length);
  if (points.length >= SLOTS) return order.map((_, i) => i);
  const keys = new Float64Array(points.length);
  for (let i = 0; i < points.length; i++) {
    const [lon, lat] = points[i];
    // Rows < 2¹⁸ and columns wrapped to 12 bits (order only, so wrapping is harmless) leave the
    // packed key below 2⁵¹.
    const cell = Math.floor((lat + 90) / CELL) * 4096 + (Math.floor((lon + 180) / CELL) & 0xfff);
    keys[i] = (Number.isFinite(cell) ? cell : 0) * SLOTS + i;
  }
  keys.sort();
  for (let k = 0; k < keys.length; k++) order[k] = keys[k] % SLOTS;
  return order;
}

/**
 * Finds the segment nearest to a point with bounding-box searches in a growing square window:
 * after searching a window of half-side r metres, every segment within r of the point has been
 * measured, so a best distance ≤ r is final. Otherwise the window grows to that best distance
 * (which the next search then settles), or ×4 if nothing was found yet, up to the snap limit.
 * The filter measures each candidate in place and keeps none, so a search allocates nothing.
 */
class NearestSegmentFinder {
  /** Result of the last find: distance in metres, segment, fraction along it. */
  metres = Infinity;
  segment = -1;
  t = 0;
  /** Squared metres to the nearest segment so far (square roots wait until the end). */
  private bestSquared = Infinity;
  private lon = 0;
  private lat = 0;
  /** Metres per degree of longitude at the point. */
  private kx = 0;
  private readonly coords: Float64Array;
  private readonly segmentStart: Uint32Array;
  private readonly measure = (segment: number): boolean => {
    this.measureSegment(segment);
    return false;
  };

  constructor(private readonly snap: SnapIndex) {
    this.coords = snap.network.coords;
    this.segmentStart = snap.segmentStart;
  }

  /** Whether an edge lies within `maxDistance` metres of (lon, lat); if so, where (in the fields). */
  find(lon: number, lat: number, maxDistance: number): boolean {
    this.bestSquared = Infinity;
    this.metres = Infinity;
    this.segment = -1;
    if (!Number.isFinite(lon) || !Number.isFinite(lat)) return false;
    this.lon = lon;
    this.lat = lat;
    this.kx = METRES_PER_DEGREE * Math.cos((lat * Math.PI) / 180);
    const { index, cosLat0 } = this.snap;
    // r metres east-west at this latitude are r / kx degrees of longitude, r·cosφ0 / kx index units.
    const unitsPerMetreX = cosLat0 / this.kx;
    const unitsPerMetreY = 1 / METRES_PER_DEGREE;
    const x = lon * cosLat0;
    for (let r = Math.min(INITIAL_WINDOW, maxDistance); ; ) {
      const dx = r * unitsPerMetreX;
      const dy = r * unitsPerMetreY;
      index.search(x - dx, lat - dy, x + dx, lat + dy, this.measure);
      this.metres = Math.sqrt(this.bestSquared);
      if (this.metres <= r) return this.metres <= maxDistance;
      if (r >= maxDistance) return false;
      // A segment already measured bounds the answer: a window that size settles it.
      r = Math.min(this.metres < Infinity ? this.metres : 4 * r, maxDistance);
    }
  }

  /** Measures one segment in the point's local projection and keeps it if it is the nearest so far. */
  private measureSegment(segment: number): void {
    const c = this.coords;
    const k = this.segmentStart[segment];
    const kx = this.kx;
    const ax = (c[2 * k] - this.lon) * kx;
    const ay = (c[2 * k + 1] - this.lat) * METRES_PER_DEGREE;
    const dx = (c[2 * k + 2] - this.lon) * kx - ax;
    const dy = (c[2 * k + 3] - this.lat) * METRES_PER_DEGREE - ay;
    const lengthSquared = dx * dx + dy * dy;
    // The point is the origin: project it onto the segment, clamped to the segment's ends.
    const t = lengthSquared > 0 ? Math.min(1, Math.max(0, -(ax * dx + ay * dy) / lengthSquared)) : 0;
    const px = ax + t * dx;
    const py = ay + t * dy;
    const squared = px * px + py * py;
    if (squared < this.bestSquared) {
      this.bestSquared = squared;
      this.segment = segment;
      this.t = t;
    }
  }
}

function record(snap: SnapIndex, nearest: NearestSegmentFinder, i: number, result: SnapResult): void {
  const { coords, geometryStart, edgeLength } = snap.network;
  const { pointAlong } = snap;
  const edge = snap.segmentEdge[nearest.segment];
  const k = snap.segmentStart[nearest.segment];
  const along = pointAlong[k] + nearest.t * (pointAlong[k + 1] - pointAlong[k]);
  const total = pointAlong[geometryStart[edge + 1] - 1];
  // Rescaled to edgeLength, so that the two parts of a split edge add up to the edge's own length
  // whatever formula the reader measured it with.
  const offset = total > 0 ? Math.min(edgeLength[edge], (edgeLength[edge] * along) / total) : 0;
  result.edge[i] = edge;
  result.offset[i] = offset;
  result.connector[i] = nearest.metres;
  result.lon[i] = coords[2 * k] + nearest.t * (coords[2 * k + 2] - coords[2 * k]);
  result.lat[i] = coords[2 * k + 1] + nearest.t * (coords[2 * k + 3] - coords[2 * k + 1]);
}
