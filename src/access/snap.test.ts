import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { haversineMetres, METRES_PER_DEGREE } from './geodesic.ts';
import { buildSnapIndex, snapPoints } from './snap.ts';
import { arbitraryNetwork, arbitraryPoint, networkFromPolylines } from './testNetworks.ts';
import type { LonLat, StreetNetwork } from './types.ts';

/** Linear scan: the distance from a point to every edge, in the point's local equirectangular projection. */
function edgeDistances(network: StreetNetwork, [lon, lat]: LonLat): number[] {
  const kx = METRES_PER_DEGREE * Math.cos((lat * Math.PI) / 180);
  const c = network.coords;
  return Array.from(network.edgeFrom, (_, e) => {
    let best = Infinity;
    for (let k = network.geometryStart[e]; k + 1 < network.geometryStart[e + 1]; k++) {
      const ax = (c[2 * k] - lon) * kx, ay = (c[2 * k + 1] - lat) * METRES_PER_DEGREE;
      const bx = (c[2 * k + 2] - lon) * kx, by = (c[2 * k + 3] - lat) * METRES_PER_DEGREE;
      const at = (t: number) => Math.hypot(ax + t * (bx - ax), ay + t * (by - ay));
      // Ternary search on the convex distance-along-the-segment, so the scan shares nothing with the
      // closed form it checks.
      let lo = 0;
      let hi = 1;
      for (let i = 0; i < 200; i++) {
        const m1 = lo + (hi - lo) / 3;
        const m2 = hi - (hi - lo) / 3;
        if (at(m1) < at(m2)) hi = m2;
        else lo = m1;
      }
      best = Math.min(best, at(lo), at(0), at(1));
    }
    return best;
  });
}

describe('snapping', () => {
  it('finds the nearest edge, as a scan over every segment does, and only within the snap distance', () => {
    fc.assert(
      fc.property(arbitraryNetwork, fc.array(arbitraryPoint, { minLength: 1, maxLength: 8 }), fc.nat(400), (network, points, maxDistance) => {
        const snapped = snapPoints(buildSnapIndex(network), points, maxDistance);
        points.forEach((p, i) => {
          const distances = edgeDistances(network, p);
          const nearest = Math.min(...distances);
          if (nearest > maxDistance + 1e-6) {
            expect(snapped.edge[i]).toBe(-1);
            expect(snapped.connector[i]).toBe(Infinity);
            return;
          }
          if (nearest < maxDistance - 1e-6) expect(snapped.edge[i]).toBeGreaterThanOrEqual(0);
          if (snapped.edge[i] < 0) return;
          const e = snapped.edge[i];
          expect(snapped.connector[i]).toBeLessThanOrEqual(nearest + 1e-9);
          expect(snapped.connector[i]).toBeGreaterThan(nearest - 1e-6);
          expect(distances[e]).toBeLessThan(nearest + 1e-6);
          expect(snapped.offset[i]).toBeGreaterThanOrEqual(0);
          expect(snapped.offset[i]).toBeLessThanOrEqual(network.edgeLength[e]);
          // The local projection is off the great circle by a few parts in 10⁵ at these distances.
          const greatCircle = haversineMetres(p[0], p[1], snapped.lon[i], snapped.lat[i]);
          expect(Math.abs(greatCircle - snapped.connector[i])).toBeLessThan(1e-4 * greatCircle + 1e-6);
        });
      }),
      { numRuns: 300 },
    );
  });

  // Two streets along parallels, 200 m apart, at 30° N: one straight, one with a bend.
  const lat = 30.27;
  const dLat = 200 / METRES_PER_DEGREE;
  const network = networkFromPolylines(
    [
      [120.16, lat],
      [120.17, lat],
      [120.16, lat + dLat],
      [120.17, lat + dLat],
    ],
    [
      { from: 0, to: 1 },
      { from: 2, to: 3, via: [[120.165, lat + dLat * 1.1]] },
    ],
  );
  const index = buildSnapIndex(network);

  it('puts a point beside a straight street at the foot of its perpendicular', () => {
    const point: LonLat = [120.1625, lat + 30 / METRES_PER_DEGREE];
    const snapped = snapPoints(index, [point], 500);
    expect(snapped.edge[0]).toBe(0);
    expect(snapped.connector[0]).toBeCloseTo(30, 6);
    expect(snapped.offset[0]).toBeCloseTo(network.edgeLength[0] / 4, 2);
    expect(snapped.lon[0]).toBeCloseTo(120.1625, 9);
    expect(snapped.lat[0]).toBeCloseTo(lat, 9);
  });

  it('measures the offset along the polyline, on the scale of the edge length', () => {
    const near = snapPoints(index, [[120.165, lat + dLat * 1.15]], 500);
    expect(near.edge[0]).toBe(1);
    expect(near.offset[0]).toBeCloseTo(network.edgeLength[1] / 2, 6);
    const doubled = { ...network, edgeLength: Float64Array.from(network.edgeLength, (l) => 2 * l) };
    const far = snapPoints(buildSnapIndex(doubled), [[120.165, lat + dLat * 1.15]], 500);
    expect(far.offset[0]).toBeCloseTo(doubled.edgeLength[1] / 2, 6);
  });

  it('leaves points beyond the snap distance, and points that are not numbers, unsnapped', () => {
    const snapped = snapPoints(index, [[120.165, lat - 100 / METRES_PER_DEGREE], [NaN, lat]], 99);
    expect(Array.from(snapped.edge)).toEqual([-1, -1]);
    expect(snapPoints(index, [[120.165, lat - 100 / METRES_PER_DEGREE]], 101).edge[0]).toBe(0);
  });

  it('finds a short street behind a dozen long diagonal ones whose boxes are nearer', () => {
    // The point lies inside every diagonal's box (box distance 0), yet each diagonal passes ≥ 50 m
    // away; the nearest street is 10 m off, but its box ranks after all twelve diagonals.
    const kx = METRES_PER_DEGREE * Math.cos((lat * Math.PI) / 180);
    const xy = (east: number, north: number): LonLat => [120.16 + east / kx, lat + north / METRES_PER_DEGREE];
    const nodes: LonLat[] = [];
    const edges = [];
    for (let i = 0; i < 12; i++) {
      const shift = (50 + 5 * i) * Math.SQRT2 * (i % 2 === 0 ? 1 : -1);
      nodes.push(xy(-500, -500 + shift), xy(500, 500 + shift));
      edges.push({ from: 2 * i, to: 2 * i + 1 });
    }
    nodes.push(xy(-5, 10), xy(5, 10));
    edges.push({ from: 24, to: 25 });
    const snapped = snapPoints(buildSnapIndex(networkFromPolylines(nodes, edges)), [xy(0, 0)], 500);
    expect(snapped.edge[0]).toBe(12);
    expect(snapped.connector[0]).toBeCloseTo(10, 6);
  });

  it('snaps nothing on a network without edges', () => {
    const empty = networkFromPolylines([[120, 30]], []);
    expect(snapPoints(buildSnapIndex(empty), [[120, 30]], 500).edge[0]).toBe(-1);
  });
});
