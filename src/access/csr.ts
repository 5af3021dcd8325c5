/**
 * Undirected graphs in compressed sparse rows: the neighbours of node u are targets[k] for k in
 * [offsets[u], offsets[u + 1]), each at weights[k] metres. Every undirected edge is stored twice,
 * once from each end, so the Dijkstra loop reads one contiguous row per node and nothing else.
 */
export interface Csr {
  nodeCount: number;
  offsets: Uint32Array;
  targets: Uint32Array;
  weights: Float64Array;
  /** The largest weight (0 without edges): the widest gap a search's queue has to span. */
  maxWeight: number;
  /** The mean weight (0 without edges), which sizes the search's buckets. */
  meanWeight: number;
}

/** Undirected edges as parallel arrays. */
export interface EdgeList {
  from: ArrayLike<number>;
  to: ArrayLike<number>;
  weight: ArrayLike<number>;
  count: number;
}

/** Bytes held by a graph's arrays (for the benchmark's memory report). */
export function csrBytes(csr: Csr): number {
  return csr.offsets.byteLength + csr.targets.byteLength + csr.weights.byteLength;
}

/** An undirected graph of `nodeCount` nodes from an edge list (counting sort: two passes, no per-edge objects). */
export function csrFromEdges(nodeCount: number, edges: EdgeList): Csr {
  const offsets = rowOffsets(nodeCount, edges);
  const targets = new Uint32Array(offsets[nodeCount]);
  const weights = new Float64Array(offsets[nodeCount]);
  // `fill` is the next free slot of each row; it starts where the row starts.
  const fill = offsets.slice(0, nodeCount);
  let maxWeight = 0;
  let totalWeight = 0;
  for (let i = 0; i < edges.count; i++) {
    const u = edges.from[i];
    const v = edges.to[i];
    const w = edges.weight[i];
    if (w > maxWeight) maxWeight = w;
    totalWeight += w;
    targets[fill[u]] = v;
    weights[fill[u]++] = w;
    targets[fill[v]] = u;
    weights[fill[v]++] = w;
  }
  return { nodeCount, offsets, targets, weights, maxWeight, meanWeight: edges.count > 0 ? totalWeight / edges.count : 0 };
}

function rowOffsets(nodeCount: number, edges: EdgeList): Uint32Array {
  const offsets = new Float64Array(nodeCount + 1); // float64: sums cannot wrap before the size check
  for (let i = 0; i < edges.count; i++) {
    const u = edges.from[i];
    const v = edges.to[i];
    if (!(u >= 0 && u < nodeCount && v >= 0 && v < nodeCount)) {
      throw new RangeError(`edge ${i} (${u}–${v}) refers to a node outside 0…${nodeCount - 1}`);
    }
    offsets[u + 1]++;
    offsets[v + 1]++;
  }
  for (let u = 0; u < nodeCount; u++) offsets[u + 1] += offsets[u];
  if (offsets[nodeCount] > 0xffffffff) throw new RangeError('graph too large for 32-bit adjacency offsets');
  return Uint32Array.from(offsets);
}
