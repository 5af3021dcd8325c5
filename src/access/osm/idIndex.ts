/**
 * Memory-lean building blocks for large extracts: typed arrays that grow by doubling, and sets of
 * OSM ids held as sorted Float64Arrays searched by bisection. OSM ids pass 2^32 (node ids are above
 * 10^10 today) but stay far below 2^53, so a double holds them exactly at 8 bytes per id — a Map
 * would spend ten times that.
 */

type TypedArray = Float64Array | Uint32Array | Int32Array;
type TypedArrayCtor<T extends TypedArray> = new (length: number) => T;

/** An append-only typed array that doubles when full. */
export class Growable<T extends TypedArray> {
  private data: T;
  length = 0;

  constructor(
    private readonly ctor: TypedArrayCtor<T>,
    capacity = 1024,
  ) {
    this.data = new ctor(capacity);
  }

  push(value: number): void {
    if (this.length === this.data.length) this.grow(this.length + 1);
    this.data[this.length++] = value;
  }

  get(i: number): number {
    return this.data[i];
  }

  /** A copy trimmed to the values written; the growable may be dropped afterwards. */
  toArray(): T {
    return this.data.slice(0, this.length) as T;
  }

  private grow(minimum: number): void {
    let capacity = this.data.length * 2;
    while (capacity < minimum) capacity *= 2;
    const next = new this.ctor(capacity);
    next.set(this.data);
    this.data = next;
  }
}

export const growableFloat64 = (capacity?: number) => new Growable(Float64Array, capacity);
export const growableUint32 = (capacity?: number) => new Growable(Uint32Array, capacity);

/** Sorts ids ascending and drops repeats, in place where it can; returns the unique prefix. */
export function sortedUniqueIds(ids: Float64Array): Float64Array {
  ids.sort();
  let n = 0;
  for (let i = 0; i < ids.length; i++) if (n === 0 || ids[i] !== ids[n - 1]) ids[n++] = ids[i];
  return ids.subarray(0, n);
}

/** Position of `id` in a sorted id array, or -1 when it is not there. */
export function indexOfId(sorted: Float64Array, id: number): number {
  let lo = 0;
  let hi = sorted.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const value = sorted[mid];
    if (value < id) lo = mid + 1;
    else if (value > id) hi = mid - 1;
    else return mid;
  }
  return -1;
}
