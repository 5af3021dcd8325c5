/**
 * The demo is laid out in metres on a flat local frame (x east, y north) and converted to
 * WGS84 at the end. Over two square kilometres the flat-earth error is far below a metre.
 */
import type { LonLat, Point, Polygon } from './types.ts';

/** Frame origin: south-west of the demo, so the two communities straddle lon 121.55, lat 29.82 (Yinzhou, Ningbo). */
const ORIGIN_LON = 121.5392;
const ORIGIN_LAT = 29.8157;
const METRES_PER_DEG_LAT = 111_320;
const METRES_PER_DEG_LON = 111_320 * Math.cos((ORIGIN_LAT * Math.PI) / 180);

export interface Xy {
  x: number;
  y: number;
}

export interface Rect {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

/** About a centimetre; keeps the output short and shared edges bit-identical. */
function round7(value: number): number {
  return Math.round(value * 1e7) / 1e7;
}

export function toLonLat(p: Xy): LonLat {
  return [round7(ORIGIN_LON + p.x / METRES_PER_DEG_LON), round7(ORIGIN_LAT + p.y / METRES_PER_DEG_LAT)];
}

/** Back from WGS84 to the frame (for the street generator, which lays paths by building entrances). */
export function toXy([lon, lat]: readonly number[]): Xy {
  return { x: (lon - ORIGIN_LON) * METRES_PER_DEG_LON, y: (lat - ORIGIN_LAT) * METRES_PER_DEG_LAT };
}

/** A polygon from an open ring of frame points given counter-clockwise. */
export function ringPolygon(ring: readonly Xy[]): Polygon {
  const coords = ring.map(toLonLat);
  coords.push([...coords[0]] as LonLat);
  return { type: 'Polygon', coordinates: [coords] };
}

export function rectRing(r: Rect): Xy[] {
  return [
    { x: r.x0, y: r.y0 },
    { x: r.x1, y: r.y0 },
    { x: r.x1, y: r.y1 },
    { x: r.x0, y: r.y1 },
  ];
}

export function rectPolygon(r: Rect): Polygon {
  return ringPolygon(rectRing(r));
}

export function pointGeometry(p: Xy): Point {
  return { type: 'Point', coordinates: toLonLat(p) };
}

export function insetRect(r: Rect, by: number): Rect {
  return { x0: r.x0 + by, y0: r.y0 + by, x1: r.x1 - by, y1: r.y1 - by };
}

export function rectCentre(r: Rect): Xy {
  return { x: (r.x0 + r.x1) / 2, y: (r.y0 + r.y1) / 2 };
}

export type Anchor = 'sw' | 'se' | 'nw' | 'ne';

/** A w×h rectangle tucked into one corner of `r`, moved inwards by (dx, dy). */
export function placeRect(r: Rect, anchor: Anchor, w: number, h: number, dx = 0, dy = 0): Rect {
  const x0 = anchor === 'sw' || anchor === 'nw' ? r.x0 + dx : r.x1 - dx - w;
  const y0 = anchor === 'sw' || anchor === 'se' ? r.y0 + dy : r.y1 - dy - h;
  return { x0, y0, x1: x0 + w, y1: y0 + h };
}

export function rectArea(r: Rect): number {
  return (r.x1 - r.x0) * (r.y1 - r.y0);
}
