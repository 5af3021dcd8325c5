/**
 * Street networks for the access engine's tests: built from polylines by hand, or drawn at random
 * by fast-check (small, a few hundred metres across, so snapping and cut-offs both matter).
 */
import fc from 'fast-check';
import { polylineMetres } from './geodesic.ts';
import type { LonLat, StreetNetwork } from './types.ts';

export interface PolylineEdge {
  from: number;
  to: number;
  /** Interior points between the two end nodes. */
  via?: LonLat[];
  /** Overrides the geodesic length (to test that offsets follow edgeLength's scale). */
  length?: number;
}

/** A network from node positions and edges given as polylines between them. */
export function networkFromPolylines(nodes: LonLat[], edges: PolylineEdge[]): StreetNetwork {
  const geometryStart = new Uint32Array(edges.length + 1);
  const coords: number[] = [];
  const edgeLength = new Float64Array(edges.length);
  edges.forEach((edge, e) => {
    const points = [nodes[edge.from], ...(edge.via ?? []), nodes[edge.to]];
    for (const [lon, lat] of points) coords.push(lon, lat);
    geometryStart[e + 1] = geometryStart[e] + points.length;
    edgeLength[e] = edge.length ?? polylineMetres(coords, geometryStart[e], geometryStart[e + 1]);
  });
  return {
    nodeLon: Float64Array.from(nodes, (n) => n[0]),
    nodeLat: Float64Array.from(nodes, (n) => n[1]),
    edgeFrom: Uint32Array.from(edges, (e) => e.from),
    edgeTo: Uint32Array.from(edges, (e) => e.to),
    edgeLength,
    geometryStart,
    coords: Float64Array.from(coords),
  };
}

/** Origin of the random networks: central Hangzhou. */
const LON0 = 120.16;
const LAT0 = 30.27;
/** Half the side of the square they are drawn in, in degrees (≈ 400 m). */
const SPAN = 0.004;

/** A point in the square of the random networks, or a little outside it. */
export const arbitraryPoint: fc.Arbitrary<LonLat> = fc
  .tuple(fc.double({ min: -1.3, max: 1.3, noNaN: true }), fc.double({ min: -1.3, max: 1.3, noNaN: true }))
  .map(([x, y]): LonLat => [LON0 + x * SPAN, LAT0 + y * SPAN]);

/**
 * A random walking network: 1–25 nodes, up to 40 edges (loops, parallel edges and disconnected parts
 * included), each with up to three interior points.
 */
export const arbitraryNetwork: fc.Arbitrary<StreetNetwork> = fc
  .integer({ min: 1, max: 25 })
  .chain((nodeCount) =>
    fc.tuple(
      fc.array(arbitraryPoint, { minLength: nodeCount, maxLength: nodeCount }),
      fc.array(
        fc.record({
          from: fc.nat(nodeCount - 1),
          to: fc.nat(nodeCount - 1),
          via: fc.array(arbitraryPoint, { maxLength: 3 }),
        }),
        { maxLength: 40 },
      ),
    ),
  )
  .map(([nodes, edges]) => networkFromPolylines(nodes, edges));
