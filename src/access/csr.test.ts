import { describe, expect, it } from 'vitest';
import { csrFromEdges, type Csr } from './csr.ts';
import { networkFromPolylines } from './testNetworks.ts';

function row(csr: Csr, u: number): [number, number][] {
  const out: [number, number][] = [];
  for (let k = csr.offsets[u]; k < csr.offsets[u + 1]; k++) out.push([csr.targets[k], csr.weights[k]]);
  return out.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
}

describe('csr', () => {
  const network = networkFromPolylines(
    [
      [120, 30],
      [120.001, 30],
      [120.001, 30.001],
    ],
    [
      { from: 0, to: 1, length: 10 },
      { from: 1, to: 2, length: 20 },
      { from: 2, to: 2, via: [[120.002, 30.002]], length: 5 },
    ],
  );

  it('stores every street edge in both directions, loops twice at their node', () => {
    const csr = csrFromEdges(3, { from: network.edgeFrom, to: network.edgeTo, weight: network.edgeLength, count: 3 });
    expect(csr.nodeCount).toBe(3);
    expect(csr.maxWeight).toBe(20);
    expect(row(csr, 0)).toEqual([[1, 10]]);
    expect(row(csr, 1)).toEqual([
      [0, 10],
      [2, 20],
    ]);
    expect(row(csr, 2)).toEqual([
      [1, 20],
      [2, 5],
      [2, 5],
    ]);
  });

  it('builds a graph from a bare edge list, isolated nodes included', () => {
    const csr = csrFromEdges(5, { from: [0, 3], to: [3, 4], weight: [4, 6], count: 2 });
    expect(csr.nodeCount).toBe(5);
    expect(row(csr, 0)).toEqual([[3, 4]]);
    expect(row(csr, 3)).toEqual([
      [0, 4],
      [4, 6],
    ]);
    expect(row(csr, 1)).toEqual([]);
  });

  it('refuses an edge to a node that does not exist', () => {
    expect(() => csrFromEdges(4, { from: [0], to: [4], weight: [1], count: 1 })).toThrow(/outside/);
  });
});
