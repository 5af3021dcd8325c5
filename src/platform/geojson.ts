import { Type, type Static } from 'typebox';

/** GeoJSON as the API carries it; geometry is validated on import, passed through here. */
export const Geometry = Type.Object(
  { type: Type.String(), coordinates: Type.Unknown() },
  { additionalProperties: true, description: 'GeoJSON geometry, WGS84' },
);
export type Geometry = Static<typeof Geometry>;

export const BBox = Type.Union([Type.Tuple([Type.Number(), Type.Number(), Type.Number(), Type.Number()]), Type.Null()], {
  description: '[minLon, minLat, maxLon, maxLat]',
});
export type BBox = Static<typeof BBox>;

export const FeatureCollection = Type.Object({
  type: Type.Literal('FeatureCollection'),
  features: Type.Array(
    Type.Object({
      type: Type.Literal('Feature'),
      id: Type.Optional(Type.Union([Type.Integer(), Type.String()])),
      geometry: Type.Union([Geometry, Type.Null()]),
      properties: Type.Record(Type.String(), Type.Unknown()),
    }),
  ),
});
export type FeatureCollection = Static<typeof FeatureCollection>;

type Position = [number, number];

/** Bounding box of any GeoJSON geometry's coordinates. */
export function bboxOf(geometry: { coordinates: unknown } | null | undefined): [number, number, number, number] | null {
  if (!geometry) return null;
  const box: [number, number, number, number] = [Infinity, Infinity, -Infinity, -Infinity];
  const visit = (value: unknown): void => {
    if (Array.isArray(value) && typeof value[0] === 'number') {
      const [lon, lat] = value as Position;
      box[0] = Math.min(box[0], lon);
      box[1] = Math.min(box[1], lat);
      box[2] = Math.max(box[2], lon);
      box[3] = Math.max(box[3], lat);
    } else if (Array.isArray(value)) value.forEach(visit);
  };
  visit(geometry.coordinates);
  return Number.isFinite(box[0]) ? box : null;
}

/** A box from bbox columns, or null when they are empty. */
export function bboxFromColumns(row: { min_lon: number | null; min_lat: number | null; max_lon: number | null; max_lat: number | null }): BBox {
  if (row.min_lon === null || row.min_lat === null || row.max_lon === null || row.max_lat === null) return null;
  return [row.min_lon, row.min_lat, row.max_lon, row.max_lat];
}

/** The bbox columns of a geometry, for inserts. */
export function bboxColumns(geometry: { coordinates: unknown } | null | undefined) {
  const box = bboxOf(geometry);
  return { min_lon: box?.[0] ?? null, min_lat: box?.[1] ?? null, max_lon: box?.[2] ?? null, max_lat: box?.[3] ?? null };
}
