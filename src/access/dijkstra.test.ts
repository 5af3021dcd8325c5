import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { csrFromEdges, type Csr } from './csr.ts';
import { DijkstraWorkspace, multiSourceDijkstra, type DijkstraSources } from './dijkstra.ts';
import { referenceDistances, type LiteralEdge } from './literalGraph.ts';

interface Case {
  nodeCount: number;
  edges: LiteralEdge[];
  sources: { node: number; initial: number }[];
  maxDistance: number;
}

const weight = fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 100 }), fc.double({ min: 0, max: 100, noNaN: true }));

const arbitraryCase: fc.Arbitrary<Case> = fc.integer({ min: 1, max: 30 }).chain((nodeCount) =>
  fc.record({
    nodeCount: fc.constant(nodeCount),
    edges: fc.array(fc.record({ from: fc.nat(nodeCount - 1), to: fc.nat(nodeCount - 1), cost: weight }), { maxLength: 80 }),
    sources: fc.array(fc.record({ node: fc.nat(nodeCount - 1), initial: weight }), { maxLength: 5 }),
    maxDistance: fc.oneof(fc.constant(Infinity), fc.double({ min: 0, max: 300, noNaN: true })),
  }),
);

function csrOf(c: Case): Csr {
  return csrFromEdges(c.nodeCount, {
    from: c.edges.map((e) => e.from),
    to: c.edges.map((e) => e.to),
    weight: c.edges.map((e) => e.cost),
    count: c.edges.length,
  });
}

function sourcesOf(c: Case): DijkstraSources {
  return { nodes: c.sources.map((s) => s.node), distances: c.sources.map((s) => s.initial), labels: c.sources.map((_, i) => i) };
}

/**
 * Truth from the textbook Dijkstra: a super-source vertex tied to each source by an edge as long as
 * its initial distance. `only` restricts it to one source (to check the label the engine reports).
 */
function reference(c: Case, only?: number): number[] {
  const superSource = c.nodeCount;
  const ties = c.sources.filter((_, i) => only === undefined || i === only).map((s) => ({ from: superSource, to: s.node, cost: s.initial }));
  return referenceDistances(c.nodeCount + 1, [...c.edges, ...ties], [superSource]).slice(0, c.nodeCount);
}

function expectMatchesReference(c: Case, dist: Float64Array, nearest: Int32Array): void {
  const truth = reference(c);
  for (let v = 0; v < c.nodeCount; v++) {
    if (truth[v] <= c.maxDistance) {
      expect(dist[v]).toBeCloseTo(truth[v], 9);
      // The reported source really is at that distance (ties may go to either source).
      expect(reference(c, nearest[v])[v]).toBeCloseTo(truth[v], 9);
    } else {
      expect(dist[v]).toBe(Infinity);
      expect(nearest[v]).toBe(-1);
    }
  }
}

describe('multi-source bounded Dijkstra', () => {
  it('gives every node its distance to the nearest source within the bound, as a textbook Dijkstra does', () => {
    fc.assert(
      fc.property(arbitraryCase, (c) => {
        const { dist, nearest } = multiSourceDijkstra(csrOf(c), sourcesOf(c), c.maxDistance);
        expectMatchesReference(c, dist, nearest);
      }),
      { numRuns: 300 },
    );
  });

  it('gives the same answers when one workspace serves many runs in a row', () => {
    const sourceSet = fc.array(fc.record({ node: fc.nat(29), initial: weight }), { maxLength: 4 });
    fc.assert(
      fc.property(arbitraryCase, fc.array(sourceSet, { minLength: 2, maxLength: 4 }), (c, sourceSets) => {
        const csr = csrOf(c);
        const workspace = new DijkstraWorkspace(c.nodeCount + 3);
        for (const set of sourceSets) {
          const run = { ...c, sources: set.filter((s) => s.node < c.nodeCount) };
          workspace.run(csr, sourcesOf(run), c.maxDistance);
          expectMatchesReference(run, workspace.dist.subarray(0, c.nodeCount), workspace.nearest.subarray(0, c.nodeCount));
          // Nodes beyond the graph are never reached, so a larger workspace is safe to reuse.
          expect(Array.from(workspace.dist.subarray(c.nodeCount))).toEqual([Infinity, Infinity, Infinity]);
        }
      }),
      { numRuns: 150 },
    );
  });

  it('reaches a node at exactly the bound and stops before the next', () => {
    const c: Case = {
      nodeCount: 3,
      edges: [
        { from: 0, to: 1, cost: 100 },
        { from: 1, to: 2, cost: 0.5 },
      ],
      sources: [{ node: 0, initial: 0 }],
      maxDistance: 100,
    };
    const { dist } = multiSourceDijkstra(csrOf(c), sourcesOf(c), c.maxDistance);
    expect(Array.from(dist)).toEqual([0, 100, Infinity]);
  });

  it('refuses a source with a negative initial distance', () => {
    const c: Case = { nodeCount: 1, edges: [], sources: [{ node: 0, initial: -1 }], maxDistance: 10 };
    expect(() => multiSourceDijkstra(csrOf(c), sourcesOf(c), 10)).toThrow(/negative/);
  });
});
