import { describe, expect, it } from 'vitest';
import { parseFeatureCollection, type FeatureImportContext } from './geojson.ts';
import { TableFormatError } from './rowErrors.ts';

const ctx: FeatureImportContext = {
  facilityKinds: new Set(['elder_station', 'park']),
  estateCodes: new Set(['E1']),
  areaLevels: new Map([['SD01', 'subdistrict' as const]]),
};

// Literal coordinates: 39.9 + 0.001 is 39.900999999999996 in floating point.
const square = (x: number, y: number) => [[x, y], [x + 0.002, y], [x + 0.002, y + 0.001], [x, y + 0.001], [x, y]];
const polygon = () => ({ type: 'Polygon', coordinates: [[[116.4, 39.9], [116.402, 39.9], [116.402, 39.901], [116.4, 39.901], [116.4, 39.9]]] });
const polygonAt = (x: number, y: number) => ({ type: 'Polygon', coordinates: [square(x, y)] });

function collection(features: { properties: Record<string, unknown>; geometry?: unknown }[]): string {
  return JSON.stringify({ type: 'FeatureCollection', features: features.map((f) => ({ type: 'Feature', geometry: null, ...f })) });
}

function codesAt(errors: { row?: number; column?: string; code?: string }[]) {
  return errors.map((e) => [e.row, e.column, e.code]);
}

describe('parseFeatureCollection: areas and estates', () => {
  it('reads areas whose parents are in the database or in the same file, in any order', () => {
    const input = collection([
      { properties: { code: 'G01', name: '第一网格', level: 'grid', parent_code: 'C01' }, geometry: polygon() },
      { properties: { code: 'C01', name: '幸福社区', level: '社区', parent_code: 'SD01' } },
    ]);
    const { records, errors } = parseFeatureCollection(input, 'areas', ctx, 'zh-CN');
    expect(errors).toEqual([]);
    expect(records.map((r) => [r.rowNumber, r.code, r.level, r.parentCode])).toEqual([
      [1, 'G01', 'grid', 'C01'],
      [2, 'C01', 'community', 'SD01'],
    ]);
    expect(records[0].bbox).toEqual([116.4, 39.9, 116.402, 39.901]);
    expect(records[1]).toMatchObject({ boundary: null, bbox: null });
  });

  it('reports unknown parents, wrong parent levels, bad levels and codes per feature', () => {
    const input = collection([
      { properties: { code: 'G01', name: 'g', level: 'grid', parent_code: 'NOPE' } },
      { properties: { code: 'G02', name: 'g', level: 'grid', parent_code: 'SD01' } },
      { properties: { code: 'X1', name: 'x', level: 'province' } },
      { properties: { code: '一号', name: 'x', level: 'grid' } },
    ]);
    const { errors } = parseFeatureCollection(input, 'areas', ctx, 'en');
    expect(codesAt(errors)).toEqual([
      [1, 'parent_code', 'UNKNOWN_PARENT_AREA'],
      [2, 'parent_code', 'INVALID_PARENT_LEVEL'],
      [3, 'level', 'INVALID_AREA_LEVEL'],
      [4, 'code', 'INVALID_CODE'],
    ]);
    expect(errors[1].message).toBe('Feature 2, "parent_code": an area of level "grid" must sit under a "community".');
  });

  it('reads estates with an optional boundary', () => {
    const input = collection([{ properties: { code: 'E2', name: '阳光小区', property_company: '某物业' }, geometry: polygon() }]);
    const { records } = parseFeatureCollection(Buffer.from('\uFEFF' + input), 'estates', ctx, 'zh-CN');
    expect(records).toEqual([
      { rowNumber: 1, code: 'E2', name: '阳光小区', propertyCompany: '某物业', boundary: polygon(), bbox: [116.4, 39.9, 116.402, 39.901] },
    ]);
  });
});

describe('parseFeatureCollection: buildings', () => {
  it('defaults the entrance to the footprint centroid and keeps a given one', () => {
    const input = collection([
      { properties: { code: 'A1', name: '1号楼', estate_code: 'E1', floors: 6, units: '3' }, geometry: polygon() },
      { properties: { code: 'A2', name: '2号楼', purpose: '商业', entrance_lon: 116.5, entrance_lat: '39.95' }, geometry: polygonAt(116.5, 39.95) },
    ]);
    const { records, errors } = parseFeatureCollection(input, 'buildings', ctx, 'zh-CN');
    expect(errors).toEqual([]);
    expect(records[0]).toMatchObject({ code: 'A1', estateCode: 'E1', purpose: 'residential', floors: 6, units: 3 });
    expect(records[0].entranceLon).toBeCloseTo(116.401, 9);
    expect(records[0].entranceLat).toBeCloseTo(39.9005, 9);
    expect(records[1]).toMatchObject({ purpose: 'commercial', entranceLon: 116.5, entranceLat: 39.95, estateCode: null });
  });

  it('reports bad geometry, unknown estates, half entrances and duplicate codes', () => {
    const open = { type: 'Polygon', coordinates: [square(116.4, 39.9).slice(0, 4)] };
    const input = collection([
      { properties: { code: 'A1', name: '1号楼' }, geometry: open },
      { properties: { code: 'A2', name: '2号楼', estate_code: 'E9' }, geometry: { type: 'Point', coordinates: [116.4, 39.9] } },
      { properties: { code: 'A3', name: '3号楼', entrance_lon: 116.4, floors: 0 }, geometry: polygon() },
      { properties: { code: 'A3', name: '重复' }, geometry: polygon() },
    ]);
    const { records, errors } = parseFeatureCollection(input, 'buildings', ctx, 'zh-CN');
    expect(records).toEqual([]);
    expect(codesAt(errors)).toEqual([
      [1, 'geometry', 'INVALID_GEOMETRY'],
      [2, 'estate_code', 'UNKNOWN_ESTATE'],
      [2, 'geometry', 'INVALID_GEOMETRY'],
      [3, 'floors', 'NOT_POSITIVE'],
      [3, 'entrance_lat', 'INCOMPLETE_ENTRANCE'],
      [4, 'code', 'DUPLICATE_CODE'],
    ]);
    expect(errors[0].message).toBe('第 1 个要素“geometry”：图形无效：多边形的环未闭合（首尾坐标须相同）。');
    expect(errors[2].message).toBe('第 2 个要素“geometry”：图形无效：应为 Polygon / MultiPolygon，实际为 Point。');
    expect(errors[5].message).toBe('第 4 个要素“code”：编码“A3”与第 3 个要素重复。');
  });
});

describe('parseFeatureCollection: facilities', () => {
  it('takes lon/lat from a point or a polygon centroid', () => {
    const input = collection([
      { properties: { code: 'F1', name: '老年服务站', kind: 'elder_station', floor_area_m2: 360, capacity: 40 }, geometry: { type: 'Point', coordinates: [116.41, 39.91] } },
      { properties: { code: 'F2', name: '口袋公园', kind: 'park', opening_hours: '06:00-22:00' }, geometry: polygon() },
    ]);
    const { records, errors } = parseFeatureCollection(input, 'facilities', ctx, 'zh-CN');
    expect(errors).toEqual([]);
    expect(records[0]).toMatchObject({ kind: 'elder_station', lon: 116.41, lat: 39.91, floorAreaM2: 360, capacity: 40, bbox: [116.41, 39.91, 116.41, 39.91] });
    expect(records[1].lon).toBeCloseTo(116.401, 9);
    expect(records[1].openingHours).toBe('06:00-22:00');
  });

  it('reports unknown kinds, missing geometry, out-of-range coordinates and non-features', () => {
    const input = JSON.stringify({
      type: 'FeatureCollection',
      features: [
        { type: 'Feature', properties: { code: 'F1', name: 'spa', kind: 'spa' }, geometry: { type: 'Point', coordinates: [116.4, 39.9] } },
        { type: 'Feature', properties: { code: 'F2', name: 'x', kind: 'park', capacity: -1 }, geometry: null },
        { type: 'Feature', properties: { code: 'F3', name: 'x', kind: 'park' }, geometry: { type: 'Point', coordinates: [39.9, 116.4] } },
        { type: 'Point', coordinates: [1, 2] },
      ],
    });
    const { errors } = parseFeatureCollection(input, 'facilities', ctx, 'en');
    expect(codesAt(errors)).toEqual([
      [1, 'kind', 'UNKNOWN_FACILITY_KIND'],
      [2, 'capacity', 'OUT_OF_RANGE'],
      [2, 'geometry', 'INVALID_GEOMETRY'],
      [3, 'geometry', 'INVALID_GEOMETRY'],
      [4, '', 'INVALID_FEATURE'],
    ]);
    expect(errors[3].message).toBe('Feature 3, "geometry": invalid geometry: latitude 116.4 is outside -90 to 90.');
    expect(errors[4].message).toBe('Feature 4: not a valid GeoJSON Feature.');
  });

  it('throws TableFormatError when the file is not a FeatureCollection', () => {
    expect(() => parseFeatureCollection('{"type": "Feature"', 'facilities', ctx, 'en')).toThrowError(TableFormatError);
    expect(() => parseFeatureCollection('{"type": "Feature"}', 'facilities', ctx, 'en')).toThrowError(/FeatureCollection/);
  });
});
