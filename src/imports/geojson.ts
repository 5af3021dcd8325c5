/**
 * Areas, estates, buildings and facilities from a GeoJSON FeatureCollection (WGS84), one
 * record per feature. Errors point at "feature N" (1-based) and the property name.
 */
import type { ErrorDetail, Locale } from '../platform/errors.ts';
import { choiceValue, createScope, optionalNumber, optionalText, requiredText, type Choice, type FieldScope } from './fields.ts';
import { checkGeometry, representativePoint, type BBox, type GeometryType, type ImportGeometry } from './geometry.ts';
import { geometryProblemText, rowError, TableFormatError } from './rowErrors.ts';

export type FeatureKind = 'areas' | 'estates' | 'buildings' | 'facilities';
export type AreaLevel = 'city' | 'district' | 'subdistrict' | 'community' | 'grid';
export type BuildingPurpose = 'residential' | 'commercial' | 'mixed' | 'public' | 'other';

/** Top to bottom: each level's parent is the one before it. */
export const areaLevelChoices: readonly Choice<AreaLevel>[] = [
  { value: 'city', zh: '市', en: 'city' },
  { value: 'district', zh: '区', en: 'district' },
  { value: 'subdistrict', zh: '街道', en: 'subdistrict' },
  { value: 'community', zh: '社区', en: 'community' },
  { value: 'grid', zh: '网格', en: 'grid' },
];

export const buildingPurposeChoices: readonly Choice<BuildingPurpose>[] = [
  { value: 'residential', zh: '住宅', en: 'residential' },
  { value: 'commercial', zh: '商业', en: 'commercial' },
  { value: 'mixed', zh: '商住混合', en: 'mixed' },
  { value: 'public', zh: '公共', en: 'public' },
  { value: 'other', zh: '其他', en: 'other' },
];

export interface AreaRecord {
  rowNumber: number;
  code: string;
  name: string;
  level: AreaLevel;
  parentCode: string | null;
  boundary: ImportGeometry | null;
  bbox: BBox | null;
}

export interface EstateRecord {
  rowNumber: number;
  code: string;
  name: string;
  propertyCompany: string | null;
  boundary: ImportGeometry | null;
  bbox: BBox | null;
}

export interface BuildingRecord {
  rowNumber: number;
  code: string;
  name: string;
  estateCode: string | null;
  purpose: BuildingPurpose;
  floors: number | null;
  units: number | null;
  footprint: ImportGeometry;
  bbox: BBox;
  entranceLon: number;
  entranceLat: number;
}

export interface FacilityRecord {
  rowNumber: number;
  code: string;
  name: string;
  kind: string;
  floorAreaM2: number | null;
  capacity: number | null;
  operator: string | null;
  openingHours: string | null;
  geometry: ImportGeometry;
  lon: number;
  lat: number;
  bbox: BBox;
}

export interface FeatureRecords {
  areas: AreaRecord;
  estates: EstateRecord;
  buildings: BuildingRecord;
  facilities: FacilityRecord;
}

export interface FeatureImportContext {
  /** Facility kind codes of the standard (facility_kind.code). */
  facilityKinds: ReadonlySet<string>;
  /** Estate codes of the community, for buildings' estate_code. */
  estateCodes: ReadonlySet<string>;
  /** Areas already in the database by code, so parent_code may point outside the file. */
  areaLevels?: ReadonlyMap<string, AreaLevel>;
}

/** Property names as they appear in the GeoJSON, plus the geometry itself. */
type Prop = string;
type Scope = FieldScope<Prop>;

interface FeatureInput {
  scope: Scope;
  geometry: unknown;
  locale: Locale;
}

const CODE_MAX = 40;
const NAME_MAX = 80;
const POLYGONS: readonly GeometryType[] = ['Polygon', 'MultiPolygon'];

function readCode(scope: Scope, strict: boolean): string | undefined {
  const code = requiredText(scope, 'code', CODE_MAX);
  // Area codes go into URLs and area paths, so the area API allows only this alphabet.
  if (code !== undefined && strict && !/^[A-Za-z0-9_-]+$/.test(code)) {
    scope.fail('code', 'INVALID_CODE', { value: code });
    return undefined;
  }
  return code;
}

function readGeometry(input: FeatureInput, allowed: readonly GeometryType[], required: boolean) {
  if (!required && (input.geometry === null || input.geometry === undefined)) return { geometry: null, bbox: null };
  const check = checkGeometry(input.geometry, allowed);
  if (check.ok) return { geometry: check.geometry, bbox: check.bbox };
  input.scope.fail('geometry', 'INVALID_GEOMETRY', { problem: geometryProblemText(check.problem, input.locale, check.params) });
  return undefined;
}

function readArea(input: FeatureInput, parentLevels: ReadonlyMap<string, AreaLevel>): AreaRecord | undefined {
  const { scope, locale } = input;
  const code = readCode(scope, true);
  const name = requiredText(scope, 'name', NAME_MAX);
  if (scope.text('level') === '') scope.fail('level', 'REQUIRED');
  const level = choiceValue(scope, 'level', areaLevelChoices, { fallback: null, code: 'INVALID_AREA_LEVEL', locale });
  const parentCode = optionalText(scope, 'parent_code', CODE_MAX);
  if (parentCode !== null) {
    const parentLevel = parentLevels.get(parentCode);
    const expected = areaLevelChoices[areaLevelChoices.findIndex((c) => c.value === level) - 1]?.value;
    if (!parentLevel) scope.fail('parent_code', 'UNKNOWN_PARENT_AREA', { value: parentCode });
    else if (level && expected !== parentLevel) scope.fail('parent_code', 'INVALID_PARENT_LEVEL', { level, parentLevel: expected ?? '—' });
  }
  const shape = readGeometry(input, POLYGONS, false);
  if (scope.failed || code === undefined || name === undefined || !level || !shape) return undefined;
  return { rowNumber: scope.row, code, name, level, parentCode, boundary: shape.geometry, bbox: shape.bbox };
}

function readEstate(input: FeatureInput): EstateRecord | undefined {
  const { scope } = input;
  const code = readCode(scope, false);
  const name = requiredText(scope, 'name', NAME_MAX);
  const propertyCompany = optionalText(scope, 'property_company', NAME_MAX);
  const shape = readGeometry(input, POLYGONS, false);
  if (scope.failed || code === undefined || name === undefined || !shape) return undefined;
  return { rowNumber: scope.row, code, name, propertyCompany, boundary: shape.geometry, bbox: shape.bbox };
}

/** The entrance as given, or the footprint's centroid; half an entrance is a mistake. */
function readEntrance(scope: Scope, footprint: ImportGeometry | undefined): [number, number] | undefined {
  const lon = optionalNumber(scope, 'entrance_lon', { min: -180, max: 180 });
  const lat = optionalNumber(scope, 'entrance_lat', { min: -90, max: 90 });
  const lonGiven = scope.text('entrance_lon') !== '';
  const latGiven = scope.text('entrance_lat') !== '';
  if (lonGiven !== latGiven) scope.fail(lonGiven ? 'entrance_lat' : 'entrance_lon', 'INCOMPLETE_ENTRANCE');
  if (lon !== null && lat !== null) return [lon, lat];
  return footprint ? representativePoint(footprint) : undefined;
}

function readBuilding(input: FeatureInput, ctx: FeatureImportContext): BuildingRecord | undefined {
  const { scope, locale } = input;
  const code = readCode(scope, false);
  const name = requiredText(scope, 'name', NAME_MAX);
  const estateCode = optionalText(scope, 'estate_code', CODE_MAX);
  if (estateCode !== null && !ctx.estateCodes.has(estateCode)) scope.fail('estate_code', 'UNKNOWN_ESTATE', { value: estateCode });
  const purpose = choiceValue(scope, 'purpose', buildingPurposeChoices, { fallback: 'residential', code: 'INVALID_PURPOSE', locale });
  const floors = optionalNumber(scope, 'floors', { integer: true, positive: true, max: 300 });
  const units = optionalNumber(scope, 'units', { integer: true, positive: true, max: 100 });
  const shape = readGeometry(input, POLYGONS, true);
  const entrance = readEntrance(scope, shape?.geometry ?? undefined);
  if (scope.failed || code === undefined || name === undefined || !purpose || !shape?.geometry || !entrance) return undefined;
  const [entranceLon, entranceLat] = entrance;
  const { geometry: footprint, bbox } = shape;
  return { rowNumber: scope.row, code, name, estateCode, purpose, floors, units, footprint, bbox, entranceLon, entranceLat };
}

function readFacility(input: FeatureInput, ctx: FeatureImportContext): FacilityRecord | undefined {
  const { scope } = input;
  const code = readCode(scope, false);
  const name = requiredText(scope, 'name', NAME_MAX);
  const kind = requiredText(scope, 'kind', CODE_MAX);
  if (kind !== undefined && !ctx.facilityKinds.has(kind)) scope.fail('kind', 'UNKNOWN_FACILITY_KIND', { value: kind });
  const floorAreaM2 = optionalNumber(scope, 'floor_area_m2', { min: 0 });
  const capacity = optionalNumber(scope, 'capacity', { integer: true, min: 0 });
  const operator = optionalText(scope, 'operator', NAME_MAX);
  const openingHours = optionalText(scope, 'opening_hours', 200);
  const shape = readGeometry(input, ['Point', ...POLYGONS], true);
  if (scope.failed || code === undefined || name === undefined || kind === undefined || !shape?.geometry) return undefined;
  const [lon, lat] = representativePoint(shape.geometry);
  const { geometry, bbox } = shape;
  return { rowNumber: scope.row, code, name, kind, floorAreaM2, capacity, operator, openingHours, geometry, lon, lat, bbox };
}

function propertyText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value.trim();
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value);
}

function readFeatures(input: Buffer | string): unknown[] {
  // RFC 7946 says UTF-8; editors on Windows still add a BOM, which JSON.parse rejects.
  const text = (typeof input === 'string' ? input : input.toString('utf8')).replace(/^\uFEFF/, '');
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new TableFormatError('INVALID_JSON');
  }
  const collection = parsed as { type?: unknown; features?: unknown } | null;
  if (collection?.type !== 'FeatureCollection' || !Array.isArray(collection.features)) throw new TableFormatError('NOT_FEATURE_COLLECTION');
  return collection.features;
}

/** Levels of every area a parent_code may name: the database's and this file's. */
function parentLevelsOf(features: unknown[], ctx: FeatureImportContext): Map<string, AreaLevel> {
  const levels = new Map(ctx.areaLevels ?? []);
  for (const f of features) {
    const props = (f as { properties?: Record<string, unknown> } | null)?.properties;
    const level = areaLevelChoices.find((c) => [c.value, c.zh].includes(propertyText(props?.level).toLowerCase()))?.value;
    if (level && props) levels.set(propertyText(props.code), level);
  }
  return levels;
}

/**
 * Validates a FeatureCollection of one kind. Throws TableFormatError when the file is not a
 * FeatureCollection at all; otherwise records are the features without errors.
 */
export function parseFeatureCollection<K extends FeatureKind>(
  input: Buffer | string,
  kind: K,
  ctx: FeatureImportContext,
  locale: Locale,
): { records: FeatureRecords[K][]; errors: ErrorDetail[] } {
  const features = readFeatures(input);
  const parentLevels = kind === 'areas' ? parentLevelsOf(features, ctx) : new Map<string, AreaLevel>();
  const errors: ErrorDetail[] = [];
  const records: FeatureRecords[FeatureKind][] = [];
  const firstRowOfCode = new Map<string, number>();
  features.forEach((raw, index) => {
    const row = index + 1;
    const feature = raw as { type?: unknown; properties?: unknown; geometry?: unknown } | null;
    if (feature?.type !== 'Feature' || typeof feature.properties !== 'object') {
      errors.push(rowError('INVALID_FEATURE', locale, { row, column: '', where: 'feature' }));
      return;
    }
    const props = (feature.properties ?? {}) as Record<string, unknown>;
    const scope = createScope<Prop>({ row, where: 'feature', locale, errors, get: (p) => propertyText(props[p]), columnOf: (p) => p });
    const code = scope.text('code');
    const firstRow = firstRowOfCode.get(code);
    if (code !== '' && firstRow !== undefined) scope.fail('code', 'DUPLICATE_CODE', { value: code, firstRow });
    else if (code !== '') firstRowOfCode.set(code, row);
    const input: FeatureInput = { scope, geometry: feature.geometry, locale };
    const record =
      kind === 'areas' ? readArea(input, parentLevels)
      : kind === 'estates' ? readEstate(input)
      : kind === 'buildings' ? readBuilding(input, ctx)
      : readFacility(input, ctx);
    if (record && !scope.failed) records.push(record);
  });
  return { records: records as FeatureRecords[K][], errors };
}

export interface ExportFeature {
  type: 'Feature';
  geometry: ImportGeometry | null;
  properties: Record<string, string | number | null>;
}

type Unnumbered<T> = Omit<T, 'rowNumber'>;

// Each writes the property names parseFeatureCollection reads, so exports import back.
export function areaFeature(a: Unnumbered<AreaRecord>): ExportFeature {
  return { type: 'Feature', geometry: a.boundary, properties: { code: a.code, name: a.name, level: a.level, parent_code: a.parentCode } };
}

export function estateFeature(e: Unnumbered<EstateRecord>): ExportFeature {
  return { type: 'Feature', geometry: e.boundary, properties: { code: e.code, name: e.name, property_company: e.propertyCompany } };
}

export function buildingFeature(b: Unnumbered<BuildingRecord>): ExportFeature {
  const properties = { code: b.code, name: b.name, estate_code: b.estateCode, purpose: b.purpose, floors: b.floors, units: b.units };
  return { type: 'Feature', geometry: b.footprint, properties: { ...properties, entrance_lon: b.entranceLon, entrance_lat: b.entranceLat } };
}

export function facilityFeature(f: Unnumbered<FacilityRecord>): ExportFeature {
  const properties = { code: f.code, name: f.name, kind: f.kind, floor_area_m2: f.floorAreaM2, capacity: f.capacity };
  return { type: 'Feature', geometry: f.geometry, properties: { ...properties, operator: f.operator, opening_hours: f.openingHours } };
}
