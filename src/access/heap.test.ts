import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { IndexedMinHeap } from './heap.ts';

type Op = { kind: 'push'; node: number; key: number } | { kind: 'pop' } | { kind: 'clear' };

const op: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ kind: fc.constant('push' as const), node: fc.nat(15), key: fc.integer({ min: 0, max: 50 }) }),
  fc.constant({ kind: 'pop' as const }),
  fc.constant({ kind: 'clear' as const }),
);

describe('IndexedMinHeap', () => {
  it('pops in key order and only ever lowers a queued key, like a sorted map', () => {
    fc.assert(
      fc.property(fc.array(op, { maxLength: 200 }), (ops) => {
        const heap = new IndexedMinHeap(16);
        const model = new Map<number, number>();
        for (const o of ops) {
          if (o.kind === 'push') {
            heap.pushOrDecrease(o.node, o.key);
            model.set(o.node, Math.min(model.get(o.node) ?? Infinity, o.key));
          } else if (o.kind === 'clear') {
            heap.clear();
            model.clear();
          } else {
            const smallest = Math.min(...model.values());
            const node = heap.pop();
            if (model.size === 0) {
              expect(node).toBe(-1);
            } else {
              expect(model.get(node)).toBe(smallest);
              model.delete(node);
            }
          }
          expect(heap.size).toBe(model.size);
          for (let n = 0; n < 16; n++) expect(heap.has(n)).toBe(model.has(n));
        }
      }),
    );
  });

  it('ignores a push that would raise the key of a queued node', () => {
    const heap = new IndexedMinHeap(4);
    heap.pushOrDecrease(1, 5);
    heap.pushOrDecrease(2, 7);
    heap.pushOrDecrease(1, 9);
    expect(heap.peekKey()).toBe(5);
    expect(heap.pop()).toBe(1);
    expect(heap.pop()).toBe(2);
  });
});
