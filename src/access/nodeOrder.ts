/**
 * Numbering nodes along a Hilbert curve, so that nodes near each other on the ground sit near each
 * other in memory. A Dijkstra reads the rows and distances of a node's neighbours; with the order
 * an OSM reader happens to produce (ways in file order), those reads jump across the whole city.
 */
import type { StreetNetwork } from './types.ts';

/** Bits per axis of the curve: 2¹⁵ cells across the network (a few metres in a city). */
const BITS = 15;
/** Node indices are packed below the curve position, so the packed key stays below 2⁵¹. */
const SLOTS = 2 ** 21;

/**
 * The new number of each node (old index → new index), in Hilbert-curve order of position. Networks
 * of 2²¹ nodes or more keep their order (the packed sort would not be exact).
 */
export function spatialNodeOrder(network: StreetNetwork): Uint32Array {
  const count = network.nodeLon.length;
  const newId = new Uint32Array(count);
  if (count >= SLOTS) return newId.map((_, i) => i);
  const [minLon, minLat, maxLon, maxLat] = extent(network.nodeLon, network.nodeLat);
  const cells = 2 ** BITS;
  const scaleX = (cells - 1) / Math.max(maxLon - minLon, 1e-12);
  const scaleY = (cells - 1) / Math.max(maxLat - minLat, 1e-12);
  const keys = new Float64Array(count);
  for (let i = 0; i < count; i++) {
    const x = Math.round((network.nodeLon[i] - minLon) * scaleX);
    const y = Math.round((network.nodeLat[i] - minLat) * scaleY);
    keys[i] = (Number.isFinite(x + y) ? hilbertIndex(x, y) : 0) * SLOTS + i;
  }
  keys.sort();
  for (let k = 0; k < count; k++) newId[keys[k] % SLOTS] = k;
  return newId;
}

function extent(lon: Float64Array, lat: Float64Array): [number, number, number, number] {
  let minLon = Infinity, minLat = Infinity, maxLon = -Infinity, maxLat = -Infinity;
  for (let i = 0; i < lon.length; i++) {
    if (!Number.isFinite(lon[i]) || !Number.isFinite(lat[i])) continue;
    minLon = Math.min(minLon, lon[i]);
    maxLon = Math.max(maxLon, lon[i]);
    minLat = Math.min(minLat, lat[i]);
    maxLat = Math.max(maxLat, lat[i]);
  }
  return minLon <= maxLon ? [minLon, minLat, maxLon, maxLat] : [0, 0, 0, 0];
}

/** Position of cell (x, y) along the Hilbert curve over a 2^BITS square (the classic xy→d walk). */
export function hilbertIndex(x: number, y: number): number {
  let d = 0;
  for (let s = 2 ** (BITS - 1); s >= 1; s /= 2) {
    const rx = (x & s) > 0 ? 1 : 0;
    const ry = (y & s) > 0 ? 1 : 0;
    d += s * s * ((3 * rx) ^ ry);
    // Rotate the quadrant so that the curve inside it runs the right way.
    if (ry === 0) {
      if (rx === 1) {
        x = s - 1 - (x & (s - 1));
        y = s - 1 - (y & (s - 1));
      }
      const t = x;
      x = y;
      y = t;
    }
  }
  return d;
}

/** `ids` mapped through `newId`. */
export function renumber(ids: Uint32Array, newId: Uint32Array): Uint32Array {
  const out = new Uint32Array(ids.length);
  for (let i = 0; i < ids.length; i++) out[i] = newId[ids[i]];
  return out;
}
