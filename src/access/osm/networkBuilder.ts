/**
 * From OSM ways to a walking network: which ways a pedestrian may use, and how the kept ways become
 * edges — split at every node two kept ways share (and at way ends), each edge keeping its polyline
 * and its geodesic length (haversine on the IUGG mean-radius sphere, see ../geodesic.ts: the same
 * metric the access engine snaps with, and within 0.5 % of the ellipsoid at any latitude).
 */
import { haversineMetres } from '../geodesic.ts';
import type { StreetNetwork } from '../types.ts';
import { growableFloat64, growableUint32 } from './idIndex.ts';
import type { OsmTags } from './source.ts';

/** Streets and paths a pedestrian may use unless tagged otherwise; primary and secondary roads are assumed to have sidewalks. */
const WALKABLE_HIGHWAYS = new Set([
  'footway', 'path', 'pedestrian', 'steps', 'corridor', 'crossing', 'platform', 'elevator',
  'living_street', 'residential', 'service', 'unclassified', 'road', 'track', 'cycleway',
  'tertiary', 'tertiary_link', 'secondary', 'secondary_link', 'primary', 'primary_link',
]);

/** Highways closed to pedestrians unless a `foot` tag opens them (bridleways vary by country, so they need one too). */
const OPEN_ONLY_BY_FOOT_TAG = new Set(['motorway', 'motorway_link', 'trunk', 'trunk_link', 'bridleway']);

const FOOT_ALLOWED = new Set(['yes', 'designated', 'permissive', 'official', 'destination']);
/** `use_sidepath`: walk the separately mapped sidewalk instead, which is its own way. */
const FOOT_FORBIDDEN = new Set(['no', 'use_sidepath', 'private']);
const ACCESS_FORBIDDEN = new Set(['no', 'private']);

/**
 * Whether a pedestrian may walk a way: a highway of a walkable kind, not closed by foot=no or by
 * access=no/private without foot=yes; motorways and trunks only with an explicit foot=yes.
 * A pedestrian area (highway=pedestrian, area=yes) is walked along its outline like any closed way.
 */
export function isWalkable(tags: Readonly<OsmTags>): boolean {
  const highway = tags.highway;
  if (!highway) return false;
  const foot = tags.foot;
  if (foot !== undefined && FOOT_FORBIDDEN.has(foot)) return false;
  const footAllowed = foot !== undefined && FOOT_ALLOWED.has(foot);
  if (tags.access !== undefined && ACCESS_FORBIDDEN.has(tags.access) && !footAllowed) return false;
  if (OPEN_ONLY_BY_FOOT_TAG.has(highway)) return footAllowed;
  return WALKABLE_HIGHWAYS.has(highway);
}

/**
 * Ways whose node ids were looked up in a coordinate table: way w's nodes are
 * nodeOf[start[w]] … nodeOf[start[w + 1] − 1], each a row of the table or −1 for a node the file
 * does not hold (an extract cut at its border).
 */
export interface ResolvedWays {
  nodeOf: Int32Array;
  start: Uint32Array;
}

export interface NodeTable {
  lon: Float64Array;
  lat: Float64Array;
}

/**
 * The runs of a way that can be walked: maximal stretches of nodes the file holds, with a node
 * repeated back to back (a mapping slip) taken once. Each run of two or more nodes is visited.
 */
function forEachRun(ways: ResolvedWays, way: number, run: number[], visit: (run: number[]) => void): void {
  run.length = 0;
  const flush = () => {
    if (run.length >= 2) visit(run);
    run.length = 0;
  };
  for (let k = ways.start[way]; k < ways.start[way + 1]; k++) {
    const node = ways.nodeOf[k];
    if (node < 0) flush();
    else if (run.length === 0 || run[run.length - 1] !== node) run.push(node);
  }
  flush();
}

/** How often each table row appears in the kept ways; capped at 255, since only "2 or more" matters. */
function countUses(ways: ResolvedWays, wayList: ArrayLike<number>, rows: number): Uint8Array {
  const uses = new Uint8Array(rows);
  const run: number[] = [];
  for (let i = 0; i < wayList.length; i++) {
    forEachRun(ways, wayList[i], run, (r) => {
      for (const node of r) if (uses[node] < 255) uses[node]++;
    });
  }
  return uses;
}

/** Collects edges and their polylines into growing typed arrays. */
class NetworkWriter {
  private readonly graphNodeOf: Int32Array;
  private readonly nodeLon = growableFloat64();
  private readonly nodeLat = growableFloat64();
  private readonly edgeFrom = growableUint32();
  private readonly edgeTo = growableUint32();
  private readonly edgeLength = growableFloat64();
  private readonly geometryStart = growableUint32();
  private readonly coords = growableFloat64();

  constructor(private readonly table: NodeTable) {
    this.graphNodeOf = new Int32Array(table.lon.length).fill(-1);
    this.geometryStart.push(0);
  }

  /** Adds the edge along run[first..last]; an edge of length zero would only add a useless node, so it is dropped. */
  addEdge(run: number[], first: number, last: number): void {
    const { lon, lat } = this.table;
    let length = 0;
    for (let k = first + 1; k <= last; k++) length += haversineMetres(lon[run[k - 1]], lat[run[k - 1]], lon[run[k]], lat[run[k]]);
    if (!(length > 0)) return;
    this.edgeFrom.push(this.graphNode(run[first]));
    this.edgeTo.push(this.graphNode(run[last]));
    this.edgeLength.push(length);
    for (let k = first; k <= last; k++) {
      this.coords.push(lon[run[k]]);
      this.coords.push(lat[run[k]]);
    }
    this.geometryStart.push(this.coords.length / 2);
  }

  private graphNode(row: number): number {
    if (this.graphNodeOf[row] < 0) {
      this.graphNodeOf[row] = this.nodeLon.length;
      this.nodeLon.push(this.table.lon[row]);
      this.nodeLat.push(this.table.lat[row]);
    }
    return this.graphNodeOf[row];
  }

  finish(): StreetNetwork {
    return {
      nodeLon: this.nodeLon.toArray(),
      nodeLat: this.nodeLat.toArray(),
      edgeFrom: this.edgeFrom.toArray(),
      edgeTo: this.edgeTo.toArray(),
      edgeLength: this.edgeLength.toArray(),
      geometryStart: this.geometryStart.toArray(),
      coords: this.coords.toArray(),
    };
  }
}

/**
 * Builds the walking network of the listed ways. A node becomes a graph node where a run starts or
 * ends, or where the kept ways pass it twice or more (a junction, or a loop closing on itself);
 * graph nodes are numbered in the order the ways first reach them, so the same file always gives
 * the same network.
 */
export function buildStreetNetwork(ways: ResolvedWays, wayList: ArrayLike<number>, table: NodeTable): StreetNetwork {
  const uses = countUses(ways, wayList, table.lon.length);
  const writer = new NetworkWriter(table);
  const run: number[] = [];
  for (let i = 0; i < wayList.length; i++) {
    forEachRun(ways, wayList[i], run, (r) => {
      let first = 0;
      for (let k = 1; k < r.length; k++) {
        if (k === r.length - 1 || uses[r[k]] >= 2) {
          writer.addEdge(r, first, k);
          first = k;
        }
      }
    });
  }
  return writer.finish();
}
