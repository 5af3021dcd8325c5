import { describe, expect, it } from 'vitest';
import { AppError, localizeDetail } from '../platform/errors.ts';
import { streetNetworkFromGeojson } from './geojsonNetwork.ts';

const line = (coordinates: unknown, properties: Record<string, unknown> = {}) => ({ type: 'Feature', properties, geometry: { type: 'LineString', coordinates } });
const collection = (...features: unknown[]) => JSON.stringify({ type: 'FeatureCollection', features });

function refusal(input: string): AppError {
  try {
    streetNetworkFromGeojson(input);
  } catch (err) {
    expect(err).toBeInstanceOf(AppError);
    return err as AppError;
  }
  throw new Error('the file was accepted');
}

describe('a street network from GeoJSON lines', () => {
  it('shares vertices at the same coordinate (to 1e-7°) and splits lines there: a T gives 3 edges', () => {
    const n = streetNetworkFromGeojson(collection(
      line([[121.549, 29.82], [121.55, 29.82], [121.551, 29.82]]),
      // Off by 2e-8°: the same vertex once rounded.
      line([[121.55000002, 29.82], [121.55, 29.821]]),
    ));
    expect(n.nodeLon.length).toBe(4);
    expect(Array.from(n.edgeFrom, (f, i) => [f, n.edgeTo[i]])).toEqual([[0, 1], [1, 2], [1, 3]]);
    expect(n.edgeLength[2]).toBeCloseTo(111.195, 3);
  });

  it('reads MultiLineStrings, and filters by highway like OSM when the property is there', () => {
    const n = streetNetworkFromGeojson(collection(
      { type: 'Feature', properties: { name: '河滨步道' }, geometry: { type: 'MultiLineString', coordinates: [[[121.55, 29.82], [121.551, 29.82]], [[121.55, 29.821], [121.551, 29.821]]] } },
      line([[121.55, 29.822], [121.551, 29.822]], { highway: 'motorway' }),
    ));
    expect(n.edgeFrom.length).toBe(2);
  });

  it('refuses broken geometry, saying which feature and which coordinate', () => {
    const err = refusal(collection(
      line([[121.55, 29.82], [121.551, 29.82]]),
      line([[121.55, 29.82], [200, 29.82]]),
      line([[121.55, 29.82]]),
      { type: 'Feature', properties: {}, geometry: { type: 'Point', coordinates: [121.55, 29.82] } },
      { type: 'Feature', properties: {}, geometry: { type: 'MultiLineString', coordinates: [[[121.55, 29.82], [121.55, 29.83]], [[121.55, 29.82], [121.55, 'x']]] } },
      line([[121.55, Number.NaN], [121.55, 95]]),
      'not a feature',
    ));
    expect(err.code).toBe('GEOJSON_GEOMETRY_INVALID');
    expect(err.params).toEqual({ count: 7 });
    const messages = err.details.map((d) => localizeDetail(d, 'en').message);
    expect(messages).toEqual([
      'Feature 2, coordinates[1]: longitude 200 is outside -180 to 180',
      'Feature 3, coordinates: a line needs at least 2 positions',
      'Feature 4: the geometry must be a LineString or MultiLineString, not Point',
      'Feature 5, coordinates[1][1]: a position must be [longitude, latitude], two finite numbers',
      // JSON has no NaN: it arrives as null.
      'Feature 6, coordinates[0]: a position must be [longitude, latitude], two finite numbers',
      'Feature 6, coordinates[1]: latitude 95 is outside -90 to 90',
      'Feature 7 is not a valid GeoJSON Feature',
    ]);
    expect(err.details[0]).toMatchObject({ path: 'features[1].geometry.coordinates[1]' });
    expect(localizeDetail(err.details[0], 'zh-CN').message).toBe('第 2 个要素 coordinates[1]：经度 200 超出 -180 到 180');
  });

  it('refuses a file that is not a FeatureCollection', () => {
    expect(refusal('{"type":"Feature"}').code).toBe('GEOJSON_INVALID');
    expect(refusal('not json').code).toBe('GEOJSON_INVALID');
  });
});
