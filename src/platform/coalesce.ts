/**
 * Group commit for any round trip: calls made while `maxRunning` batches are under way wait, and go
 * together as the next batch (up to `maxBatch`), so concurrent callers share one round trip, while a
 * lone caller goes at once and waits for nothing. Under load, batches grow by themselves to what
 * arrives during one round trip.
 */

export interface CoalesceOptions {
  maxBatch: number;
  maxRunning: number;
}

/**
 * A function taking one input whose calls run in batches through `run`, which answers each input in
 * order (a rejected one fails only its caller). A `run` that throws fails the whole batch.
 */
export function coalesce<I, O>(run: (inputs: I[]) => Promise<PromiseSettledResult<O>[]>, options: CoalesceOptions): (input: I) => Promise<O> {
  const waiting: { input: I; resolve: (value: O) => void; reject: (reason: unknown) => void }[] = [];
  let running = 0;
  const startBatches = () => {
    while (running < options.maxRunning && waiting.length) {
      const batch = waiting.splice(0, options.maxBatch);
      running++;
      run(batch.map((w) => w.input))
        .then(
          (results) => results.forEach((r, i) => (r.status === 'fulfilled' ? batch[i].resolve(r.value) : batch[i].reject(r.reason))),
          (error: unknown) => batch.forEach((w) => w.reject(error)),
        )
        .finally(() => {
          running--;
          startBatches();
        });
    }
  };
  return (input) => new Promise<O>((resolve, reject) => {
    waiting.push({ input, resolve, reject });
    startBatches();
  });
}

/** One value per key object, made on first use and dropped with the key: e.g. one coalescer per database. */
export function perObject<K extends object, V>(make: (key: K) => V): (key: K) => V {
  const made = new WeakMap<K, V>();
  return (key) => {
    let value = made.get(key);
    if (value === undefined) made.set(key, (value = make(key)));
    return value;
  };
}
