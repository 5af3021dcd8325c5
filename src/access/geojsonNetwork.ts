/**
 * A walking network from a GeoJSON line layer (a FeatureCollection of LineString and MultiLineString
 * features, WGS84), for cities whose street centre lines come from surveying rather than OSM.
 * Vertices at the same coordinate, rounded to 1e-7° (about a centimetre, the precision OSM stores),
 * are one node, and lines are split there. A feature with a `highway` property (an export from OSM)
 * goes through the same pedestrian filter as OSM ways; one without is taken as walkable.
 */
import { AppError, type CodedDetail, type DetailCode } from '../platform/errors.ts';
import { growableUint32 } from './osm/idIndex.ts';
import { buildStreetNetwork, isWalkable } from './osm/networkBuilder.ts';
import type { OsmTags } from './osm/source.ts';
import type { StreetNetwork } from './types.ts';

/** Enough to fix a file by; a file broken throughout would otherwise produce an enormous error. */
const MAX_DETAILS = 100;

interface LineFeature {
  /** 1-based, as people count features. */
  feature: number;
  /** Each line with the JSON path of its coordinates, for messages. */
  lines: { coordinates: unknown[]; at: string }[];
  tags: OsmTags;
}

class Problems {
  readonly details: CodedDetail[] = [];
  count = 0;

  add(index: number, code: DetailCode, params: Record<string, string | number>, pathTail = ''): void {
    this.count++;
    if (this.details.length < MAX_DETAILS) this.details.push({ path: `features[${index}]${pathTail}`, code, params: { feature: index + 1, ...params } });
  }
}

function parseCollection(input: Buffer | string): unknown[] {
  const text = (typeof input === 'string' ? input : input.toString('utf8')).replace(/^\uFEFF/, '');
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new AppError('GEOJSON_INVALID');
  }
  const collection = parsed as { type?: unknown; features?: unknown } | null;
  if (collection?.type !== 'FeatureCollection' || !Array.isArray(collection.features)) throw new AppError('GEOJSON_INVALID');
  return collection.features;
}

/** Checks one line's positions, reporting each bad one by its JSON path. */
function checkLine(coordinates: unknown, at: string, index: number, problems: Problems): boolean {
  if (!Array.isArray(coordinates) || coordinates.length < 2) {
    problems.add(index, 'STREET_LINE_TOO_SHORT', { at }, `.geometry.${at}`);
    return false;
  }
  let ok = true;
  coordinates.forEach((position: unknown, k) => {
    const where = `${at}[${k}]`;
    const [lon, lat] = Array.isArray(position) ? (position as unknown[]) : [];
    if (!Array.isArray(position) || position.length < 2 || typeof lon !== 'number' || typeof lat !== 'number' || !Number.isFinite(lon) || !Number.isFinite(lat)) {
      problems.add(index, 'STREET_BAD_POSITION', { at: where }, `.geometry.${where}`);
      ok = false;
    } else if (lon < -180 || lon > 180) {
      problems.add(index, 'STREET_LON_RANGE', { at: where, value: lon }, `.geometry.${where}`);
      ok = false;
    } else if (lat < -90 || lat > 90) {
      problems.add(index, 'STREET_LAT_RANGE', { at: where, value: lat }, `.geometry.${where}`);
      ok = false;
    }
  });
  return ok;
}

function tagsOf(properties: unknown): OsmTags {
  const tags: OsmTags = {};
  if (properties && typeof properties === 'object') {
    for (const [key, value] of Object.entries(properties)) if (typeof value === 'string') tags[key] = value;
  }
  return tags;
}

function readFeature(raw: unknown, index: number, problems: Problems): LineFeature | undefined {
  const feature = raw as { type?: unknown; geometry?: { type?: unknown; coordinates?: unknown } | null; properties?: unknown } | null;
  if (feature?.type !== 'Feature') {
    problems.add(index, 'STREET_NOT_FEATURE', {});
    return undefined;
  }
  const geometry = feature.geometry;
  const type = geometry?.type;
  let lines: LineFeature['lines'];
  if (type === 'LineString') lines = [{ coordinates: geometry!.coordinates as unknown[], at: 'coordinates' }];
  else if (type === 'MultiLineString' && Array.isArray(geometry!.coordinates) && geometry!.coordinates.length > 0) {
    lines = (geometry!.coordinates as unknown[]).map((coordinates, part) => ({ coordinates: coordinates as unknown[], at: `coordinates[${part}]` }));
  } else {
    problems.add(index, 'STREET_WRONG_TYPE', { got: type === 'MultiLineString' ? 'MultiLineString (empty)' : String(type ?? geometry ?? 'null') }, '.geometry');
    return undefined;
  }
  let ok = true;
  for (const line of lines) ok = checkLine(line.coordinates, line.at, index, problems) && ok;
  return ok ? { feature: index + 1, lines, tags: tagsOf(feature.properties) } : undefined;
}

/**
 * A walking network from polylines of [lon, lat] points: points at the same coordinate, rounded to
 * 1e-7°, are one node, and the lines are split at every node two of them share.
 */
export function streetNetworkFromLines(lines: readonly (readonly (readonly number[])[])[]): StreetNetwork {
  const rowOf = new Map<string, number>();
  const lon: number[] = [];
  const lat: number[] = [];
  const nodeOf = growableUint32();
  const start = growableUint32();
  start.push(0);
  for (const line of lines) {
    for (const position of line) {
      const x = Math.round(position[0] * 1e7);
      const y = Math.round(position[1] * 1e7);
      const key = `${x},${y}`;
      let row = rowOf.get(key);
      if (row === undefined) {
        row = lon.length;
        rowOf.set(key, row);
        lon.push(x / 1e7);
        lat.push(y / 1e7);
      }
      nodeOf.push(row);
    }
    start.push(nodeOf.length);
  }
  const ways = { nodeOf: new Int32Array(nodeOf.toArray()), start: start.toArray() };
  const all = Uint32Array.from({ length: lines.length }, (_, i) => i);
  return buildStreetNetwork(ways, all, { lon: Float64Array.from(lon), lat: Float64Array.from(lat) });
}

/**
 * Reads a GeoJSON line layer into a walking network. Throws GEOJSON_INVALID when the file is not
 * a FeatureCollection, and GEOJSON_GEOMETRY_INVALID with one detail per problem (which feature,
 * which coordinate by its JSON path, what is wrong) when any geometry is broken.
 */
export function streetNetworkFromGeojson(input: Buffer | string): StreetNetwork {
  const raw = parseCollection(input);
  const problems = new Problems();
  const features = raw.map((f, i) => readFeature(f, i, problems)).filter((f): f is LineFeature => f !== undefined);
  if (problems.count) throw new AppError('GEOJSON_GEOMETRY_INVALID', { count: problems.count }, problems.details);
  const walkable = features.filter((f) => f.tags.highway === undefined || isWalkable(f.tags));
  return streetNetworkFromLines(walkable.flatMap((f) => f.lines.map((line) => line.coordinates as number[][])));
}
