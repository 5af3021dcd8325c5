/**
 * A set of straight path segments in the demo's metre frame, with the two operations the street
 * generator needs: noding (a segment is split wherever another segment's end lies on it, and
 * overlapping pieces are kept once) and connecting a point to the nearest segment by a spur.
 */
import type { Xy } from './geo.ts';

export interface Segment {
  a: Xy;
  b: Xy;
}

/** Points closer than this are the same point: a millimetre, far below what toLonLat keeps. */
const SAME = 1e-3;

const dist = (p: Xy, q: Xy) => Math.hypot(p.x - q.x, p.y - q.y);

/** The point of segment s nearest to p, with its parameter t in [0, 1] along a → b. */
export function nearestOn(s: Segment, p: Xy): { point: Xy; t: number; distance: number } {
  const dx = s.b.x - s.a.x;
  const dy = s.b.y - s.a.y;
  const len2 = dx * dx + dy * dy;
  const t = len2 === 0 ? 0 : Math.max(0, Math.min(1, ((p.x - s.a.x) * dx + (p.y - s.a.y) * dy) / len2));
  const point = { x: s.a.x + t * dx, y: s.a.y + t * dy };
  return { point, t, distance: dist(point, p) };
}

export class SegmentSet {
  private segments: Segment[] = [];

  /** Adds a polyline as its segments. */
  addLine(points: readonly Xy[]): void {
    for (let k = 1; k < points.length; k++) if (dist(points[k - 1], points[k]) > SAME) this.segments.push({ a: points[k - 1], b: points[k] });
  }

  /** Splits every segment at the ends of other segments lying on it, then drops repeated pieces. */
  node(): void {
    const ends = this.segments.flatMap((s) => [s.a, s.b]);
    let pieces: Segment[] = [];
    for (const s of this.segments) {
      const cuts = ends
        .map((p) => ({ p, on: nearestOn(s, p) }))
        .filter(({ on }) => on.distance < SAME && on.t > 0 && on.t < 1 && dist(on.point, s.a) > SAME && dist(on.point, s.b) > SAME)
        .sort((u, v) => u.on.t - v.on.t)
        .map(({ p }) => p);
      const points = [s.a, ...cuts, s.b];
      for (let k = 1; k < points.length; k++) if (dist(points[k - 1], points[k]) > SAME) pieces.push({ a: points[k - 1], b: points[k] });
    }
    const seen = new Set<string>();
    const key = (p: Xy) => `${p.x.toFixed(3)},${p.y.toFixed(3)}`;
    pieces = pieces.filter((s) => {
      const k = [key(s.a), key(s.b)].sort().join('|');
      if (seen.has(k)) return false;
      seen.add(k);
      return true;
    });
    this.segments = pieces;
  }

  /**
   * Joins p to the network: a spur to the nearest point of the nearest segment, which is split there
   * (a point already on a segment just splits it).
   */
  connect(p: Xy): void {
    let best: { index: number; point: Xy; t: number; distance: number } | undefined;
    this.segments.forEach((s, index) => {
      const on = nearestOn(s, p);
      if (!best || on.distance < best.distance) best = { index, ...on };
    });
    if (!best) return;
    const s = this.segments[best.index];
    if (dist(best.point, s.a) > SAME && dist(best.point, s.b) > SAME) {
      this.segments.splice(best.index, 1, { a: s.a, b: best.point }, { a: best.point, b: s.b });
    }
    if (best.distance > SAME) this.segments.push({ a: p, b: best.point });
  }

  list(): readonly Segment[] {
    return this.segments;
  }
}
