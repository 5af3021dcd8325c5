/**
 * Points on edges without adding them to the graph. Splitting each snapped edge at its snap points
 * (the literal graph, see literalGraph.ts) would double a city's node count for every query; the
 * same distances come from the street graph alone:
 *
 * - a facility at offset a on edge (u, v) of length L, connector c, seeds u at c + a and v at
 *   c + (L − a): every walk away from it leaves its edge through one of the two ends;
 * - an origin at offset b on an edge (u, v), connector c', is at
 *   c' + min(dist(u) + b, dist(v) + (L − b), c_f + |a_f − b| for each facility f on the same edge):
 *   it is entered through an end, or straight along the edge from a facility on the same edge.
 *
 * Any walk on the split graph between two snap points is one of these, so the minimum is the same.
 */
import type { DijkstraSources, DijkstraWorkspace } from './dijkstra.ts';
import type { SnapResult } from './snap.ts';

/**
 * The street edges as the search sees them: end nodes in the search graph's numbering, and lengths.
 * (A StreetNetwork is one, in its own numbering.)
 */
export interface EdgeEnds {
  edgeFrom: Uint32Array;
  edgeTo: Uint32Array;
  edgeLength: Float64Array;
}

/** Each snapped facility, labelled with its index, seeding both ends of its edge. */
export function facilitySeeds(edges: EdgeEnds, facilities: SnapResult): DijkstraSources {
  const nodes = new Uint32Array(2 * facilities.count);
  const distances = new Float64Array(2 * facilities.count);
  const labels = new Int32Array(2 * facilities.count);
  let n = 0;
  for (let i = 0; i < facilities.count; i++) {
    const e = facilities.edge[i];
    if (e < 0) continue;
    const c = facilities.connector[i];
    const a = facilities.offset[i];
    nodes[n] = edges.edgeFrom[e];
    distances[n] = c + a;
    labels[n++] = i;
    nodes[n] = edges.edgeTo[e];
    distances[n] = c + (edges.edgeLength[e] - a);
    labels[n++] = i;
  }
  return { nodes: nodes.subarray(0, n), distances: distances.subarray(0, n), labels: labels.subarray(0, n) };
}

/**
 * The facilities of one kind listed per edge (a linked list through typed arrays), for the
 * same-edge walk. Sized once per query; `clear` resets only the edges the last kind used.
 */
export class FacilitiesByEdge {
  /** Distance of the facility the last {@link nearestAlong} found, connector included. */
  alongDistance = Infinity;
  private readonly head: Int32Array;
  private next = new Int32Array(0);
  private facilities: SnapResult | undefined;

  constructor(edgeCount: number) {
    this.head = new Int32Array(edgeCount).fill(-1);
  }

  /** Lists `facilities` (replacing the previous kind's). */
  set(facilities: SnapResult): void {
    this.clear();
    this.facilities = facilities;
    if (this.next.length < facilities.count) this.next = new Int32Array(facilities.count);
    for (let i = 0; i < facilities.count; i++) {
      const e = facilities.edge[i];
      if (e < 0) continue;
      this.next[i] = this.head[e];
      this.head[e] = i;
    }
  }

  /** Forgets the listed facilities, touching only their edges. */
  clear(): void {
    const f = this.facilities;
    if (f) for (let i = 0; i < f.count; i++) if (f.edge[i] >= 0) this.head[f.edge[i]] = -1;
    this.facilities = undefined;
  }

  /**
   * The nearest facility reached straight along edge `e` from offset `b`, if nearer than `bound`:
   * its index (else -1); {@link alongDistance} then holds its distance, connector included.
   */
  nearestAlong(e: number, b: number, bound: number): number {
    const f = this.facilities;
    let found = -1;
    if (!f) return found;
    for (let i = this.head[e]; i >= 0; i = this.next[i]) {
      const d = f.connector[i] + Math.abs(f.offset[i] - b);
      if (d < bound) {
        bound = d;
        found = i;
      }
    }
    this.alongDistance = bound;
    return found;
  }

}

/**
 * The snapped origins laid out for reading once per kind: sorted by their edge's first node, with
 * the edge's end nodes, offsets and connectors in flat arrays. Reading them in this order touches
 * the search's distances nearly in sequence; in input order (buildings in any order) it measured 4×
 * slower.
 */
export class OriginTable {
  /** Origin index of each row. */
  readonly origin: Int32Array;
  readonly edge: Int32Array;
  readonly from: Uint32Array;
  readonly to: Uint32Array;
  /** Metres along the edge from `from`, and the rest of the edge to `to`. */
  readonly offset: Float64Array;
  readonly rest: Float64Array;
  readonly connector: Float64Array;

  constructor(
    edges: EdgeEnds,
    readonly origins: SnapResult,
  ) {
    const rows = rowsByFromNode(edges, origins);
    this.origin = rows;
    this.edge = new Int32Array(rows.length);
    this.from = new Uint32Array(rows.length);
    this.to = new Uint32Array(rows.length);
    this.offset = new Float64Array(rows.length);
    this.rest = new Float64Array(rows.length);
    this.connector = new Float64Array(rows.length);
    for (let k = 0; k < rows.length; k++) {
      const o = rows[k];
      const e = origins.edge[o];
      this.edge[k] = e;
      this.from[k] = edges.edgeFrom[e];
      this.to[k] = edges.edgeTo[e];
      this.offset[k] = origins.offset[o];
      this.rest[k] = edges.edgeLength[e] - origins.offset[o];
      this.connector[k] = origins.connector[o];
    }
  }
}

/** Indices of the snapped points, sorted by their edge's first node (a counting sort). */
function rowsByFromNode(edges: EdgeEnds, points: SnapResult): Int32Array {
  let nodeCount = 0;
  for (let e = 0; e < edges.edgeFrom.length; e++) nodeCount = Math.max(nodeCount, edges.edgeFrom[e] + 1);
  const start = new Int32Array(nodeCount + 1);
  for (let i = 0; i < points.count; i++) if (points.edge[i] >= 0) start[edges.edgeFrom[points.edge[i]] + 1]++;
  for (let v = 0; v < nodeCount; v++) start[v + 1] += start[v];
  const rows = new Int32Array(start[nodeCount]);
  for (let i = 0; i < points.count; i++) if (points.edge[i] >= 0) rows[start[edges.edgeFrom[points.edge[i]]]++] = i;
  return rows;
}

/**
 * Per origin, the walking distance to the nearest facility after a search seeded by
 * {@link facilitySeeds}, and that facility; Infinity and -1 beyond `maxDistance` or unsnapped.
 */
export function readOrigins(
  table: OriginTable,
  search: DijkstraWorkspace,
  sameEdge: FacilitiesByEdge,
  maxDistance: number,
): { distance: Float64Array; facility: Int32Array } {
  const distance = new Float64Array(table.origins.count).fill(Infinity);
  const facility = new Int32Array(table.origins.count).fill(-1);
  const { dist, nearest } = search;
  const { from, to, offset, rest, edge, connector, origin } = table;
  for (let k = 0; k < origin.length; k++) {
    const viaFrom = dist[from[k]] + offset[k];
    const viaTo = dist[to[k]] + rest[k];
    let best = viaFrom <= viaTo ? viaFrom : viaTo;
    let named = viaFrom <= viaTo ? nearest[from[k]] : nearest[to[k]];
    const along = sameEdge.nearestAlong(edge[k], offset[k], best);
    if (along >= 0) {
      best = sameEdge.alongDistance;
      named = along;
    }
    const total = best + connector[k];
    if (total <= maxDistance) {
      distance[origin[k]] = total;
      facility[origin[k]] = named;
    }
  }
  return { distance, facility };
}
