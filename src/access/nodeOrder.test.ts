import { describe, expect, it } from 'vitest';
import { hilbertIndex, spatialNodeOrder } from './nodeOrder.ts';
import { networkFromPolylines, type PolylineEdge } from './testNetworks.ts';
import type { LonLat } from './types.ts';

describe('node order', () => {
  it('walks a 16 × 16 corner of the Hilbert curve cell by cell, each cell once', () => {
    const cellAt = new Map<number, [number, number]>();
    for (let x = 0; x < 16; x++) for (let y = 0; y < 16; y++) cellAt.set(hilbertIndex(x, y), [x, y]);
    expect([...cellAt.keys()].sort((a, b) => a - b)).toEqual(Array.from({ length: 256 }, (_, d) => d));
    for (let d = 1; d < 256; d++) {
      const [x0, y0] = cellAt.get(d - 1)!;
      const [x1, y1] = cellAt.get(d)!;
      expect(Math.abs(x1 - x0) + Math.abs(y1 - y0)).toBe(1);
    }
  });

  it('numbers a shuffled grid so that the ends of an edge are close in number', () => {
    const side = 40;
    // Node k of the grid gets a shuffled index (fixed Fisher–Yates with a small LCG), as if read
    // from a file in no spatial order.
    const permutation = Array.from({ length: side * side }, (_, i) => i);
    let seed = 12345;
    for (let i = permutation.length - 1; i > 0; i--) {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      const j = seed % (i + 1);
      [permutation[i], permutation[j]] = [permutation[j], permutation[i]];
    }
    const scrambled = (k: number) => permutation[k];
    const nodes: LonLat[] = new Array(side * side);
    for (let k = 0; k < side * side; k++) nodes[scrambled(k)] = [120 + (k % side) * 0.001, 30 + Math.floor(k / side) * 0.001];
    const edges: PolylineEdge[] = [];
    for (let k = 0; k < side * side; k++) {
      if (k % side < side - 1) edges.push({ from: scrambled(k), to: scrambled(k + 1) });
      if (k + side < side * side) edges.push({ from: scrambled(k), to: scrambled(k + side) });
    }
    const network = networkFromPolylines(nodes, edges);
    const newId = spatialNodeOrder(network);
    expect([...newId].sort((a, b) => a - b)).toEqual(Array.from({ length: side * side }, (_, i) => i));
    const gap = (id: (v: number) => number) => edges.reduce((sum, e) => sum + Math.abs(id(e.from) - id(e.to)), 0) / edges.length;
    expect(gap((v) => newId[v])).toBeLessThan(gap((v) => v) / 10);
  });
});
