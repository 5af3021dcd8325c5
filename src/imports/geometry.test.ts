import { describe, expect, it } from 'vitest';
import { checkGeometry, representativePoint, ringCentroid } from './geometry.ts';

const square = (x: number, y: number, size: number) => [
  [x, y],
  [x + size, y],
  [x + size, y + size],
  [x, y + size],
  [x, y],
];

describe('checkGeometry', () => {
  it('accepts a polygon and gives its bbox', () => {
    const ring = [[116.3, 39.9], [116.302, 39.9], [116.301, 39.901], [116.3, 39.9]];
    const result = checkGeometry({ type: 'Polygon', coordinates: [ring] }, ['Polygon']);
    expect(result.ok).toBe(true);
    if (result.ok) expect(result.bbox).toEqual([116.3, 39.9, 116.302, 39.901]);
  });

  it.each([
    [null, 'MISSING'],
    [{ type: 'LineString', coordinates: [[0, 0], [1, 1]] }, 'WRONG_TYPE'],
    [{ type: 'Polygon', coordinates: [] }, 'EMPTY'],
    [{ type: 'Polygon', coordinates: [[[0, 0], [1, 0], [0, 0]]] }, 'RING_TOO_SHORT'],
    [{ type: 'Polygon', coordinates: [[[0, 0], [1, 0], [1, 1], [0, 1]]] }, 'RING_NOT_CLOSED'],
    [{ type: 'Polygon', coordinates: [[[0, 0], [1, 0], ['1', 1], [0, 0]]] }, 'BAD_POSITION'],
    [{ type: 'Polygon', coordinates: [square(180, 0, 1)] }, 'LON_RANGE'],
    [{ type: 'MultiPolygon', coordinates: [[square(0, 89.5, 1)]] }, 'LAT_RANGE'],
  ])('rejects %j as %s', (geometry, problem) => {
    const result = checkGeometry(geometry, ['Polygon', 'MultiPolygon']);
    expect(result).toMatchObject({ ok: false, problem });
  });
});

describe('representative points', () => {
  it('is the area centroid of a ring, not the mean of its vertices', () => {
    // An L shape: three unit squares; the vertex mean would be (1, 1).
    const ell = [[0, 0], [2, 0], [2, 1], [1, 1], [1, 2], [0, 2], [0, 0]];
    const [lon, lat] = ringCentroid(ell);
    expect(lon).toBeCloseTo(5 / 6, 10);
    expect(lat).toBeCloseTo(5 / 6, 10);
  });

  it('keeps precision at real longitudes', () => {
    const [lon, lat] = ringCentroid(square(116.397, 39.909, 0.0002));
    expect(lon).toBeCloseTo(116.3971, 10);
    expect(lat).toBeCloseTo(39.9091, 10);
  });

  it('uses the largest part of a multipolygon and the point itself for points', () => {
    const multi = { type: 'MultiPolygon' as const, coordinates: [[square(0, 0, 1)], [square(10, 10, 4)]] };
    expect(representativePoint(multi)).toEqual([12, 12]);
    expect(representativePoint({ type: 'Point', coordinates: [121.5, 31.2] })).toEqual([121.5, 31.2]);
  });
});
