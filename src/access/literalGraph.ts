/**
 * The access semantics spelled out as a plain graph, for tests and the benchmark to check the engine
 * against (pgRouting, or a textbook Dijkstra): every point is its own vertex, tied by a connector
 * edge to a snap-point vertex; each edge that has snap points is removed and replaced by the pieces
 * between them. Deliberately written apart from augment.ts — simple objects and Array.sort — so that
 * a mistake in one is not copied into the other.
 */
import type { SnappedQuery } from './access.ts';
import type { StreetNetwork } from './types.ts';

export interface LiteralEdge {
  from: number;
  to: number;
  cost: number;
}

export interface LiteralGraph {
  vertexCount: number;
  edges: LiteralEdge[];
  /** Vertex of each origin, -1 when it did not snap. */
  originVertex: number[];
  /** Per kind, the vertex of each facility, -1 when it did not snap. */
  facilityVertex: number[][];
}

interface PlacedPoint {
  snapVertex: number;
  offset: number;
}

/** The literal graph of a snapped query on `network` (vertex ids from 0; base nodes keep their index). */
export function buildLiteralGraph(network: StreetNetwork, snapped: SnappedQuery): LiteralGraph {
  let vertexCount = network.nodeLon.length;
  const onEdge = new Map<number, PlacedPoint[]>();
  const edges: LiteralEdge[] = [];
  const place = (edge: number, offset: number, connector: number): number => {
    if (edge < 0) return -1;
    const snapVertex = vertexCount++;
    const pointVertex = vertexCount++;
    edges.push({ from: pointVertex, to: snapVertex, cost: connector });
    const list = onEdge.get(edge) ?? [];
    list.push({ snapVertex, offset });
    onEdge.set(edge, list);
    return pointVertex;
  };
  const { origins, facilities } = snapped;
  const originVertex = Array.from({ length: origins.count }, (_, i) => place(origins.edge[i], origins.offset[i], origins.connector[i]));
  const facilityVertex = facilities.map((f) =>
    Array.from({ length: f.count }, (_, i) => place(f.edge[i], f.offset[i], f.connector[i])),
  );
  for (let e = 0; e < network.edgeFrom.length; e++) {
    const from = network.edgeFrom[e];
    const to = network.edgeTo[e];
    const length = network.edgeLength[e];
    const points = onEdge.get(e);
    if (!points) {
      edges.push({ from, to, cost: length });
      continue;
    }
    points.sort((a, b) => a.offset - b.offset);
    const stops = [{ snapVertex: from, offset: 0 }, ...points, { snapVertex: to, offset: length }];
    for (let k = 1; k < stops.length; k++) {
      edges.push({ from: stops[k - 1].snapVertex, to: stops[k].snapVertex, cost: Math.max(0, stops[k].offset - stops[k - 1].offset) });
    }
  }
  return { vertexCount, edges, originVertex, facilityVertex };
}

/**
 * Textbook Dijkstra (an O(V²) scan for the closest unsettled vertex, no heap, no bound) over an
 * undirected edge list: the distance from the nearest of `sources` to every vertex.
 */
export function referenceDistances(vertexCount: number, edges: LiteralEdge[], sources: number[]): number[] {
  const neighbours: { to: number; cost: number }[][] = Array.from({ length: vertexCount }, () => []);
  for (const e of edges) {
    neighbours[e.from].push({ to: e.to, cost: e.cost });
    neighbours[e.to].push({ to: e.from, cost: e.cost });
  }
  const dist: number[] = new Array(vertexCount).fill(Infinity);
  const settled: boolean[] = new Array(vertexCount).fill(false);
  for (const s of sources) dist[s] = 0;
  for (;;) {
    let u = -1;
    for (let v = 0; v < vertexCount; v++) if (!settled[v] && dist[v] < Infinity && (u < 0 || dist[v] < dist[u])) u = v;
    if (u < 0) return dist;
    settled[u] = true;
    for (const { to, cost } of neighbours[u]) dist[to] = Math.min(dist[to], dist[u] + cost);
  }
}
