import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { computeAccess, prepareNetwork, snapQuery, type AccessQuery } from './access.ts';
import { METRES_PER_DEGREE } from './geodesic.ts';
import { buildLiteralGraph, referenceDistances } from './literalGraph.ts';
import { arbitraryNetwork, arbitraryPoint, networkFromPolylines } from './testNetworks.ts';
import type { LonLat } from './types.ts';

const arbitraryQuery: fc.Arbitrary<AccessQuery> = fc.record({
  origins: fc.array(arbitraryPoint, { maxLength: 10 }),
  kinds: fc.array(
    fc.record({
      kind: fc.string({ minLength: 1, maxLength: 8 }),
      facilities: fc.array(arbitraryPoint, { maxLength: 5 }),
      maxDistance: fc.oneof(fc.integer({ min: 0, max: 1500 }), fc.double({ min: 0, max: 1500, noNaN: true })),
    }),
    { maxLength: 3 },
  ),
  maxSnapDistance: fc.option(fc.integer({ min: 0, max: 300 }), { nil: undefined }),
});

describe('computeAccess', () => {
  it('gives each origin the walking distance to the nearest facility of each kind, as a textbook Dijkstra on the split graph does', () => {
    fc.assert(
      fc.property(arbitraryNetwork, arbitraryQuery, (network, query) => {
        const prepared = prepareNetwork(network);
        const result = computeAccess(prepared, query);
        const graph = buildLiteralGraph(network, snapQuery(prepared, query));
        expect(result.map((r) => r.kind)).toEqual(query.kinds.map((k) => k.kind));
        query.kinds.forEach((kind, k) => {
          const facilities = graph.facilityVertex[k];
          const fromAll = referenceDistances(graph.vertexCount, graph.edges, facilities.filter((v) => v >= 0));
          graph.originVertex.forEach((vertex, o) => {
            const truth = vertex < 0 ? Infinity : fromAll[vertex];
            const { distance, facility } = result[k];
            if (truth <= kind.maxDistance - 1e-9) {
              expect(distance[o]).toBeCloseTo(truth, 6);
              // The facility named is one at that distance (ties may name either).
              const fromNamed = referenceDistances(graph.vertexCount, graph.edges, [facilities[facility[o]]]);
              expect(fromNamed[vertex]).toBeCloseTo(truth, 6);
            } else if (truth > kind.maxDistance + 1e-9) {
              expect(distance[o]).toBe(Infinity);
              expect(facility[o]).toBe(-1);
            }
          });
        });
      }),
      { numRuns: 300 },
    );
  });

  // One straight 1 km street along a parallel at 30° N, from node 0 (west) to node 1 (east).
  const lat = 30.27;
  const metresEast = (m: number) => m / (METRES_PER_DEGREE * Math.cos((lat * Math.PI) / 180));
  const metresNorth = (m: number) => m / METRES_PER_DEGREE;
  const at = (east: number, north: number): LonLat => [120.16 + metresEast(east), lat + metresNorth(north)];
  const street = prepareNetwork(networkFromPolylines([at(0, 0), at(1000, 0)], [{ from: 0, to: 1 }]));

  it('walks two points on the same street straight to each other, not round by its ends', () => {
    const [access] = computeAccess(street, {
      origins: [at(300, 20)],
      kinds: [{ kind: 'pharmacy', facilities: [at(400, -10)], maxDistance: 200 }],
    });
    expect(access.distance[0]).toBeCloseTo(20 + 100 + 10, 1);
    expect(access.facility[0]).toBe(0);
  });

  it('names the nearest of several facilities, and cuts each kind off at its own distance', () => {
    const result = computeAccess(street, {
      origins: [at(100, 5), at(900, 5)],
      kinds: [
        { kind: 'school', facilities: [at(950, 0), at(0, 0), at(500, 0)], maxDistance: 1000 },
        { kind: 'clinic', facilities: [at(500, 0)], maxDistance: 450 },
      ],
    });
    const [school, clinic] = result;
    expect(Array.from(school.facility)).toEqual([1, 0]);
    expect(school.distance[0]).toBeCloseTo(105, 1);
    expect(school.distance[1]).toBeCloseTo(55, 1);
    // 400 m along the street plus 5 m to the door: within 450 m from both ends.
    expect(clinic.distance[0]).toBeCloseTo(405, 1);
    expect(clinic.distance[1]).toBeCloseTo(405, 1);
    const tight = computeAccess(street, {
      origins: [at(100, 5)],
      kinds: [{ kind: 'clinic', facilities: [at(500, 0)], maxDistance: 404 }],
    });
    expect(tight[0].distance[0]).toBe(Infinity);
    expect(tight[0].facility[0]).toBe(-1);
  });

  it('leaves origins and facilities beyond the snap distance unreachable (500 m unless told)', () => {
    const query: AccessQuery = {
      origins: [at(500, 600), at(500, 100)],
      kinds: [
        { kind: 'park', facilities: [at(500, 0)], maxDistance: 5000 },
        { kind: 'far park', facilities: [at(200, -550)], maxDistance: 5000 },
      ],
    };
    const [park, farPark] = computeAccess(street, query);
    expect(park.distance[0]).toBe(Infinity);
    expect(park.distance[1]).toBeCloseTo(100, 1);
    expect(Array.from(farPark.facility)).toEqual([-1, -1]);
    const [wide] = computeAccess(street, { ...query, maxSnapDistance: 700 });
    expect(wide.distance[0]).toBeCloseTo(600, 1);
  });

  it('reaches nothing across streets that do not meet', () => {
    const network = networkFromPolylines(
      [at(0, 0), at(100, 0), at(0, 50), at(100, 50)],
      [
        { from: 0, to: 1 },
        { from: 2, to: 3 },
      ],
    );
    const [access] = computeAccess(prepareNetwork(network), {
      origins: [at(50, 10), at(50, 40)],
      kinds: [{ kind: 'toilet', facilities: [at(20, -5)], maxDistance: 1000 }],
    });
    expect(access.distance[0]).toBeCloseTo(10 + 30 + 5, 1);
    expect(access.distance[1]).toBe(Infinity);
  });

  it('refuses a negative cut-off', () => {
    expect(() => computeAccess(street, { origins: [], kinds: [{ kind: 'x', facilities: [], maxDistance: -1 }] })).toThrow(/maxDistance/);
  });
});
