import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BucketQueue } from './bucketQueue.ts';

describe('BucketQueue', () => {
  it('pops from the lowest bucket first, as a search pushing within its span does', () => {
    const step = fc.oneof(
      fc.constant({ pop: true, ahead: 0 }),
      fc.record({ pop: fc.constant(false), ahead: fc.double({ min: 0, max: 1, noNaN: true }) }),
    );
    const lowestSpanWidth = fc.tuple(
      fc.double({ min: 0, max: 1000, noNaN: true }),
      fc.double({ min: 0, max: 30, noNaN: true }),
      fc.double({ min: 0.1, max: 20, noNaN: true }),
    );
    fc.assert(
      fc.property(lowestSpanWidth, fc.array(step, { maxLength: 300 }), ([lowest, span, width], steps) => {
        const queue = new BucketQueue(4); // small, so that the pool has to grow
        queue.start(lowest, span, width);
        const bucketOf = (d: number) => Math.floor(d / width);
        const model: { node: number; dist: number }[] = [];
        let floor = lowest; // a search pushes at or above the distance it is expanding
        let node = 0;
        for (const s of steps) {
          if (!s.pop) {
            const dist = floor + s.ahead * span;
            queue.push(node, dist);
            model.push({ node: node++, dist });
            continue;
          }
          const entry = queue.pop();
          if (model.length === 0) {
            expect(entry).toBe(-1);
            continue;
          }
          const lowestBucket = Math.min(...model.map((m) => bucketOf(m.dist)));
          const got = { node: queue.node(entry), dist: queue.dist(entry) };
          expect(bucketOf(got.dist)).toBe(lowestBucket);
          const i = model.findIndex((m) => m.node === got.node && m.dist === got.dist);
          expect(i).toBeGreaterThanOrEqual(0);
          model.splice(i, 1);
          floor = got.dist;
        }
        expect(queue.size).toBe(model.length);
      }),
      { numRuns: 300 },
    );
  });

  it('is empty again after clear, whatever was queued', () => {
    const queue = new BucketQueue(2);
    queue.start(5, 10, 1);
    queue.push(1, 6);
    queue.push(2, 14);
    queue.clear();
    expect(queue.size).toBe(0);
    expect(queue.pop()).toBe(-1);
    queue.start(0, 3, 1);
    queue.push(3, 2.5);
    expect(queue.node(queue.pop())).toBe(3);
  });
});
