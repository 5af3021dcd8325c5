import { describe, expect, it } from 'vitest';
import { coalesce } from './coalesce.ts';

/** A batch runner that records each batch and finishes when told. */
function recorder() {
  const batches: number[][] = [];
  const finish: (() => void)[] = [];
  const run = (inputs: number[]) => {
    batches.push(inputs);
    return new Promise<PromiseSettledResult<number>[]>((resolve) => finish.push(() => resolve(inputs.map((i) => (
      i < 0 ? { status: 'rejected', reason: new Error(`bad ${i}`) } : { status: 'fulfilled', value: i * 10 }
    )))));
  };
  return { batches, finish, run };
}

describe('coalesce', () => {
  it('runs a lone call at once, and gathers the calls made meanwhile into the next batch', async () => {
    const r = recorder();
    const call = coalesce(r.run, { maxBatch: 10, maxRunning: 1 });
    const first = call(1);
    const rest = [call(2), call(3), call(4)];
    expect(r.batches).toEqual([[1]]);
    r.finish[0]();
    expect(await first).toBe(10);
    await Promise.resolve();
    expect(r.batches).toEqual([[1], [2, 3, 4]]);
    r.finish[1]();
    expect(await Promise.all(rest)).toEqual([20, 30, 40]);
  });

  it('keeps batches within maxBatch and runs up to maxRunning at once', async () => {
    const r = recorder();
    const call = coalesce(r.run, { maxBatch: 2, maxRunning: 2 });
    const all = [1, 2, 3, 4, 5].map(call);
    expect(r.batches).toEqual([[1], [2]]);
    r.finish[0]();
    await all[0];
    await Promise.resolve();
    expect(r.batches).toEqual([[1], [2], [3, 4]]);
    r.finish[1]();
    r.finish[2]();
    await Promise.all(all.slice(1, 4));
    await Promise.resolve();
    expect(r.batches.at(-1)).toEqual([5]);
    r.finish[3]();
    expect(await all[4]).toBe(50);
  });

  it('fails only the caller whose input was refused, and every caller of a batch that threw', async () => {
    const r = recorder();
    const call = coalesce(r.run, { maxBatch: 10, maxRunning: 1 });
    const blocker = call(0);
    const [good, bad] = [call(1), call(-1)];
    r.finish[0]();
    await blocker;
    await Promise.resolve();
    r.finish[1]();
    expect(await good).toBe(10);
    await expect(bad).rejects.toThrow('bad -1');

    const failing = coalesce<number, number>(async () => { throw new Error('database gone'); }, { maxBatch: 10, maxRunning: 1 });
    await expect(Promise.all([failing(1), failing(2)])).rejects.toThrow('database gone');
    await expect(failing(3)).rejects.toThrow('database gone');
  });
});
