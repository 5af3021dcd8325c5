/**
 * A binary min-heap of node ids keyed by distance, with decrease-key. Everything lives in typed
 * arrays sized once for the graph: `position[node]` is the node's slot in the heap or -1, so a
 * Dijkstra can lower a queued node's key in O(log n) instead of queueing duplicates.
 *
 * The heap leaves `position` all -1 whenever it is empty (pop and clear reset what they remove),
 * which is what lets a bounded Dijkstra reuse it across runs without touching the whole array.
 */
export class IndexedMinHeap {
  private readonly nodes: Int32Array;
  private readonly keys: Float64Array;
  private readonly position: Int32Array;
  private count = 0;

  constructor(capacity: number) {
    this.nodes = new Int32Array(capacity);
    this.keys = new Float64Array(capacity);
    this.position = new Int32Array(capacity).fill(-1);
  }

  get size(): number {
    return this.count;
  }

  /** Bytes held by the heap's arrays. */
  get byteLength(): number {
    return this.nodes.byteLength + this.keys.byteLength + this.position.byteLength;
  }

  has(node: number): boolean {
    return this.position[node] >= 0;
  }

  /** Queues `node` at `key`, or lowers its key if it is queued with a higher one. */
  pushOrDecrease(node: number, key: number): void {
    let i = this.position[node];
    if (i < 0) {
      i = this.count++;
    } else if (key >= this.keys[i]) {
      return;
    }
    this.siftUp(i, node, key);
  }

  /** The smallest key; only meaningful while the heap is not empty. */
  peekKey(): number {
    return this.keys[0];
  }

  /** Removes and returns the node with the smallest key; -1 when empty. */
  pop(): number {
    if (this.count === 0) return -1;
    const top = this.nodes[0];
    this.position[top] = -1;
    const last = --this.count;
    if (last > 0) this.siftDown(0, this.nodes[last], this.keys[last]);
    return top;
  }

  /** Empties the heap, resetting only the slots it used. */
  clear(): void {
    for (let i = 0; i < this.count; i++) this.position[this.nodes[i]] = -1;
    this.count = 0;
  }

  private siftUp(start: number, node: number, key: number): void {
    const { nodes, keys, position } = this;
    let i = start;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (keys[parent] <= key) break;
      nodes[i] = nodes[parent];
      keys[i] = keys[parent];
      position[nodes[i]] = i;
      i = parent;
    }
    nodes[i] = node;
    keys[i] = key;
    position[node] = i;
  }

  private siftDown(start: number, node: number, key: number): void {
    const { nodes, keys, position } = this;
    const count = this.count;
    let i = start;
    for (;;) {
      let child = 2 * i + 1;
      if (child >= count) break;
      if (child + 1 < count && keys[child + 1] < keys[child]) child++;
      if (keys[child] >= key) break;
      nodes[i] = nodes[child];
      keys[i] = keys[child];
      position[nodes[i]] = i;
      i = child;
    }
    nodes[i] = node;
    keys[i] = key;
    position[node] = i;
  }
}
