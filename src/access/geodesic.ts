/**
 * Distances on the Earth for the walking-access engine. A sphere is plenty: walking distances are
 * compared against each other and against thresholds of hundreds of metres, and the spherical error
 * (≤ 0.5 %) is the same for every edge, so it cannot change which facility is nearest.
 */

/** Mean Earth radius (IUGG), metres. */
export const EARTH_RADIUS_M = 6_371_008.8;

/** Metres per degree of latitude (and of longitude at the equator) on that sphere. */
export const METRES_PER_DEGREE = (EARTH_RADIUS_M * Math.PI) / 180;

const RAD = Math.PI / 180;

/** Great-circle distance in metres between two WGS84 points (haversine; stable for short distances). */
export function haversineMetres(lon1: number, lat1: number, lon2: number, lat2: number): number {
  const sinDLat = Math.sin(((lat2 - lat1) * RAD) / 2);
  const sinDLon = Math.sin(((lon2 - lon1) * RAD) / 2);
  const a = sinDLat * sinDLat + Math.cos(lat1 * RAD) * Math.cos(lat2 * RAD) * sinDLon * sinDLon;
  return 2 * EARTH_RADIUS_M * Math.asin(Math.min(1, Math.sqrt(a)));
}

/** The lon/lat box holding every point within `radiusM` of a point: what an index narrows a radius search to. */
export function boxAround(lon: number, lat: number, radiusM: number) {
  const dLat = radiusM / METRES_PER_DEGREE;
  const dLon = dLat / Math.max(Math.cos(lat * RAD), 0.01);
  return { minLon: lon - dLon, maxLon: lon + dLon, minLat: lat - dLat, maxLat: lat + dLat };
}

/** Length in metres of points [first, end) of a flat lon/lat coordinate array (lon at 2k, lat at 2k + 1). */
export function polylineMetres(coords: ArrayLike<number>, first: number, end: number): number {
  let total = 0;
  for (let k = first + 1; k < end; k++) {
    total += haversineMetres(coords[2 * k - 2], coords[2 * k - 1], coords[2 * k], coords[2 * k + 1]);
  }
  return total;
}
