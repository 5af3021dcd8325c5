/**
 * Multi-source Dijkstra bounded by a distance. All sources start at once, each at its own initial
 * distance (a facility's connector to the street), so one run gives every node its distance to the
 * nearest source and which source that is: what `pgr_drivingDistance` over several start vertices
 * with `equicost` is meant to give. The queue is a bucket queue (bucketQueue.ts), which makes this a
 * label-correcting search: exact, whatever order equal-bucket entries come out in.
 */
import type { Csr } from './csr.ts';
import { BucketQueue } from './bucketQueue.ts';

export interface DijkstraSources {
  /** Node of each source. */
  nodes: ArrayLike<number>;
  /** Distance already walked when standing at that node (≥ 0). */
  distances: ArrayLike<number>;
  /** What to report as the nearest source (e.g. the facility's index). */
  labels: ArrayLike<number>;
}

/**
 * Arrays for running many bounded searches over graphs of up to `capacity` nodes. A run records the
 * nodes it reaches and the next run resets only those, so a search that stays within 500 m of a few
 * facilities costs in proportion to what it reaches, not to the size of the city.
 */
export class DijkstraWorkspace {
  /** After a run: distance of each node to its nearest source, Infinity when beyond the bound. */
  readonly dist: Float64Array;
  /** After a run: label of each node's nearest source, -1 when beyond the bound. */
  readonly nearest: Int32Array;
  private readonly touched: Int32Array;
  private touchedCount = 0;
  private readonly queue: BucketQueue;

  constructor(readonly capacity: number) {
    this.dist = new Float64Array(capacity).fill(Infinity);
    this.nearest = new Int32Array(capacity).fill(-1);
    this.touched = new Int32Array(capacity);
    this.queue = new BucketQueue(capacity);
  }

  /** Bytes held by the workspace's arrays. */
  get byteLength(): number {
    return this.dist.byteLength + this.nearest.byteLength + this.touched.byteLength + this.queue.byteLength;
  }

  /** How many nodes the last run reached. */
  get reachedCount(): number {
    return this.touchedCount;
  }

  /**
   * Runs the search over `csr` from `sources`, expanding no node beyond `maxDistance` metres, and
   * leaves the result in `dist` and `nearest` (valid until the next run). Nodes at exactly
   * `maxDistance` are reached, as in pgRouting.
   */
  run(csr: Csr, sources: DijkstraSources, maxDistance: number): void {
    if (csr.nodeCount > this.capacity) throw new RangeError('graph larger than the workspace');
    this.reset();
    this.seed(csr, sources, maxDistance);
    this.expand(csr, maxDistance);
  }

  /** Forgets the last run, touching only the nodes it reached. */
  reset(): void {
    const { dist, nearest, touched } = this;
    for (let i = 0; i < this.touchedCount; i++) {
      const v = touched[i];
      dist[v] = Infinity;
      nearest[v] = -1;
    }
    this.touchedCount = 0;
    this.queue.clear();
  }

  private seed(csr: Csr, sources: DijkstraSources, maxDistance: number): void {
    let lowest = Infinity;
    let highest = 0;
    for (let i = 0; i < sources.nodes.length; i++) {
      const d = sources.distances[i];
      if (!(d >= 0)) throw new RangeError(`source ${i} has a negative or missing initial distance`);
      if (d > maxDistance) continue;
      lowest = Math.min(lowest, d);
      highest = Math.max(highest, d);
    }
    if (lowest === Infinity) return;
    // Queued distances stay within one edge of the bucket being emptied, or within the seeds' spread,
    // and never pass the bound.
    this.queue.start(lowest, Math.min(Math.max(csr.maxWeight, highest - lowest), maxDistance - lowest), bucketWidth(csr));
    for (let i = 0; i < sources.nodes.length; i++) {
      const v = sources.nodes[i];
      const d = sources.distances[i];
      if (d > maxDistance || d >= this.dist[v]) continue;
      if (this.dist[v] === Infinity) this.touched[this.touchedCount++] = v;
      this.dist[v] = d;
      this.nearest[v] = sources.labels[i];
      this.queue.push(v, d);
    }
  }

  // The hot loop: locals only, no calls but the queue's, no allocation.
  private expand(csr: Csr, maxDistance: number): void {
    const { offsets, targets, weights } = csr;
    const { dist, nearest, touched, queue } = this;
    let touchedCount = this.touchedCount;
    for (let entry = queue.pop(); entry >= 0; entry = queue.pop()) {
      const u = queue.node(entry);
      const du = queue.dist(entry);
      if (du > dist[u]) continue; // stale: u was reached shorter since this entry was queued
      const label = nearest[u];
      const end = offsets[u + 1];
      for (let k = offsets[u]; k < end; k++) {
        const v = targets[k];
        const d = du + weights[k];
        if (d >= dist[v] || d > maxDistance) continue;
        if (dist[v] === Infinity) touched[touchedCount++] = v;
        dist[v] = d;
        nearest[v] = label;
        queue.push(v, d);
      }
    }
    this.touchedCount = touchedCount;
  }
}

/**
 * Buckets one and a half mean edges wide (at least 1 m, at most 250 m): the fastest of the widths
 * measured on the synthetic city (bucketQueue.ts); any width gives the same distances.
 */
function bucketWidth(csr: Csr): number {
  return Math.min(250, Math.max(1, 1.5 * csr.meanWeight));
}

/**
 * One bounded multi-source search with fresh arrays. Convenient for a single run; for many runs
 * over the same graph keep a {@link DijkstraWorkspace} instead.
 */
export function multiSourceDijkstra(
  csr: Csr,
  sources: DijkstraSources,
  maxDistance: number,
): { dist: Float64Array; nearest: Int32Array } {
  const workspace = new DijkstraWorkspace(csr.nodeCount);
  workspace.run(csr, sources, maxDistance);
  return { dist: workspace.dist, nearest: workspace.nearest };
}
