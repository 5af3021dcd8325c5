/**
 * Walking access: for every origin (a building's entrance), the walking distance to the nearest
 * facility of each kind, and which facility it is.
 *
 * Semantics. Every point — origin or facility — snaps to the nearest point on the nearest street
 * edge (see snap.ts); points farther than `maxSnapDistance` from every edge reach nothing. The walk
 * from an origin to a facility is
 *
 *   origin's connector (straight line to its snap point)
 *   + shortest network distance between the two snap points
 *   + the facility's connector,
 *
 * on the street graph with each snapped edge split at its snap points, so two points on the same
 * edge walk straight along it. That is the distance pgRouting's `pgr_drivingDistance` (undirected)
 * gives from the kind's facilities on the "literal graph" (literalGraph.ts): every point a vertex,
 * tied to a vertex at its snap point by a connector edge, each snapped edge replaced by its pieces
 * (test/pgrouting.test.ts checks it). The engine gets the same numbers without adding those
 * vertices (edgePoints.ts). A distance counts when it is ≤ the kind's maxDistance; between equally
 * near facilities either may be named.
 */
import { csrBytes, csrFromEdges, type Csr } from './csr.ts';
import { DijkstraWorkspace } from './dijkstra.ts';
import { FacilitiesByEdge, facilitySeeds, OriginTable, readOrigins, type EdgeEnds } from './edgePoints.ts';
import { renumber, spatialNodeOrder } from './nodeOrder.ts';
import { buildSnapIndex, snapIndexBytes, snapPoints, type SnapIndex, type SnapResult } from './snap.ts';
import type { LonLat, StreetNetwork } from './types.ts';

/**
 * A street network made ready for many access queries: its graph with the nodes renumbered along a
 * Hilbert curve (nodeOrder.ts), the edges' ends in that numbering, and the snap index.
 */
export interface PreparedNetwork {
  network: StreetNetwork;
  csr: Csr;
  edges: EdgeEnds;
  snap: SnapIndex;
  /** Bytes held by the graph and index arrays (the network's own arrays not counted). */
  byteLength: number;
}

export interface AccessKindQuery {
  kind: string;
  facilities: LonLat[];
  maxDistance: number /* metres */;
}

export interface AccessQuery {
  origins: LonLat[];
  kinds: AccessKindQuery[];
  /** origins/facilities farther than this from every edge are unreachable; default 500 m */
  maxSnapDistance?: number;
}

export interface KindAccess {
  kind: string;
  /** per origin, metres; Infinity when beyond maxDistance or unreachable */
  distance: Float64Array;
  /** per origin, index into that kind's facilities, -1 when none */
  facility: Int32Array;
}

/** Where a query's points snapped: origins once, then each kind's facilities. */
export interface SnappedQuery {
  origins: SnapResult;
  facilities: SnapResult[];
}

export const DEFAULT_MAX_SNAP_DISTANCE = 500;

/** Builds the walking graph and the snap index of `network`; reuse the result across queries. */
export function prepareNetwork(network: StreetNetwork): PreparedNetwork {
  checkNetwork(network);
  const newId = spatialNodeOrder(network);
  const edges: EdgeEnds = {
    edgeFrom: renumber(network.edgeFrom, newId),
    edgeTo: renumber(network.edgeTo, newId),
    edgeLength: network.edgeLength,
  };
  const csr = csrFromEdges(network.nodeLon.length, {
    from: edges.edgeFrom,
    to: edges.edgeTo,
    weight: edges.edgeLength,
    count: edges.edgeFrom.length,
  });
  const snap = buildSnapIndex(network);
  const byteLength = csrBytes(csr) + snapIndexBytes(snap) + edges.edgeFrom.byteLength + edges.edgeTo.byteLength;
  return { network, csr, edges, snap, byteLength };
}

function checkNetwork(network: StreetNetwork): void {
  const nodeCount = network.nodeLon.length;
  const edgeCount = network.edgeFrom.length;
  if (network.nodeLat.length !== nodeCount) throw new RangeError('nodeLon and nodeLat differ in length');
  if (network.edgeTo.length !== edgeCount || network.edgeLength.length !== edgeCount) {
    throw new RangeError('edgeFrom, edgeTo and edgeLength differ in length');
  }
  for (let e = 0; e < edgeCount; e++) {
    if (network.edgeFrom[e] >= nodeCount || network.edgeTo[e] >= nodeCount) {
      throw new RangeError(`edge ${e} ends at a node that does not exist`);
    }
    const length = network.edgeLength[e];
    // Dijkstra is only right for non-negative weights; NaN would poison every comparison.
    if (!(length >= 0 && length < Infinity)) throw new RangeError(`edge ${e} has length ${length}`);
  }
}

/** Snaps the origins once and each kind's facilities, as {@link computeAccess} does. */
export function snapQuery(prepared: PreparedNetwork, query: AccessQuery): SnappedQuery {
  const maxSnap = query.maxSnapDistance ?? DEFAULT_MAX_SNAP_DISTANCE;
  if (!(maxSnap >= 0)) throw new RangeError(`maxSnapDistance must be ≥ 0, got ${maxSnap}`);
  return {
    origins: snapPoints(prepared.snap, query.origins, maxSnap),
    facilities: query.kinds.map((k) => snapPoints(prepared.snap, k.facilities, maxSnap)),
  };
}

/**
 * For every origin and every kind, the walking distance to the nearest facility of that kind within
 * the kind's maxDistance, and that facility's index (see the semantics at the top of this file).
 * Origins are snapped once; then one multi-source Dijkstra per kind over the street graph.
 */
export function computeAccess(prepared: PreparedNetwork, query: AccessQuery): KindAccess[] {
  for (const k of query.kinds) {
    if (!(k.maxDistance >= 0)) throw new RangeError(`maxDistance of ${k.kind} must be ≥ 0, got ${k.maxDistance}`);
  }
  const { edges, csr } = prepared;
  const snapped = snapQuery(prepared, query);
  const search = new DijkstraWorkspace(csr.nodeCount);
  const sameEdge = new FacilitiesByEdge(edges.edgeFrom.length);
  const origins = new OriginTable(edges, snapped.origins);
  return query.kinds.map((kind, i) => {
    const facilities = snapped.facilities[i];
    search.run(csr, facilitySeeds(edges, facilities), kind.maxDistance);
    sameEdge.set(facilities);
    return { kind: kind.kind, ...readOrigins(origins, search, sameEdge, kind.maxDistance) };
  });
}
