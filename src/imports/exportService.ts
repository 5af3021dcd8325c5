/**
 * Registry exports: the lists staff see, as CSV, XLSX or GeoJSON files that import back.
 * Residents leave masked only; an export never decrypts personal data.
 */
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import { requirePermission, type Actor, type Scope } from '../platform/actor.ts';
import { insertAuditEntry } from '../platform/audit/store.ts';
import { scopeFor } from '../platform/auth/service.ts';
import { selectCommunityIdsOf } from '../places/store.ts';
import type { Clock } from '../platform/clock.ts';
import { AppError, type Locale } from '../platform/errors.ts';
import type { FieldCipher } from '../platform/fieldCipher.ts';
import { careTagCodes, type CareTag } from '../people/careTags.ts';
import { careTagKey } from '../people/personalData.ts';
import { writeCsv, writeFeatureCollection, writeXlsx, type Cell } from './exportWriters.ts';
import { areaFeature, buildingFeature, estateFeature, facilityFeature, type ExportFeature } from './geojson.ts';
import type { BBox, ImportGeometry } from './geometry.ts';
import { householdExportHeaders, householdExportRow } from './householdRows.ts';
import { residentExportHeaders, residentExportRow } from './residentRows.ts';
import * as store from './store.ts';
import type { ImportKind } from './writers.ts';

export interface ExportDeps {
  db: Kysely<DB>;
  cipher: FieldCipher;
  clock: Clock;
}

export type ExportFormat = 'csv' | 'xlsx' | 'geojson';

export interface ExportInput {
  kind: ImportKind;
  communityId: number;
  format: ExportFormat;
  locale: Locale;
}

export interface ExportFile {
  fileName: string;
  contentType: string;
  body: Buffer;
}

type Rows = { kind: 'table'; headers: string[]; rows: Cell[][] } | { kind: 'features'; features: ExportFeature[] };

const contentTypes: Record<ExportFormat, string> = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  geojson: 'application/geo+json',
};

const noBBox: BBox = [0, 0, 0, 0];

async function householdRows(db: Kysely<DB>, scope: Scope, communityId: number, locale: Locale): Promise<Rows> {
  const rows = await store.selectHouseholdsForExport(db, scope, communityId);
  return {
    kind: 'table', headers: householdExportHeaders(locale),
    rows: rows.map((h) => householdExportRow({ buildingCode: h.building_code, unit: h.unit, room: h.room, floor: h.floor, sizeM2: h.size_m2, occupancy: h.occupancy }, locale)),
  };
}

async function residentRows(deps: ExportDeps, scope: Scope, communityId: number, locale: Locale): Promise<Rows> {
  // Care tags are recovered from their keyed hashes, as counts and filters do, not by decrypting.
  const tagOf = new Map(careTagCodes.map((code) => [careTagKey(deps.cipher, code), code]));
  const rows = await store.selectResidentsForExport(deps.db, scope, communityId);
  return {
    kind: 'table', headers: residentExportHeaders(locale),
    rows: rows.map((r) => residentExportRow({
      buildingCode: r.building_code, unit: r.unit, room: r.room, name: r.name_masked, phone: r.phone_masked, idNumber: r.id_number_masked,
      birthYear: r.birth_year, sex: r.sex, relation: r.relation,
      careTags: r.care_tag_bidx.map((k) => tagOf.get(k)).filter((t): t is CareTag => t !== undefined),
    }, locale)),
  };
}

async function featureRows(deps: ExportDeps, scope: Scope, kind: ImportKind, community: { id: number; path: string }): Promise<ExportFeature[]> {
  const { db } = deps;
  if (kind === 'buildings') {
    return (await store.selectBuildingsForExport(db, scope, community.id)).map((b) => buildingFeature({
      code: b.code, name: b.name, estateCode: b.estate_code, purpose: b.purpose, floors: b.floors, units: b.units,
      footprint: b.footprint as ImportGeometry, bbox: noBBox, entranceLon: b.entrance_lon ?? 0, entranceLat: b.entrance_lat ?? 0,
    }));
  }
  if (kind === 'facilities') {
    return (await store.selectFacilitiesForExport(db, scope, community.id)).map((f) => facilityFeature({
      code: f.code, name: f.name, kind: f.kind, floorAreaM2: f.floor_area_m2, capacity: f.capacity, operator: f.operator,
      openingHours: f.opening_hours, geometry: f.geometry as ImportGeometry, lon: f.lon, lat: f.lat, bbox: noBBox,
    }));
  }
  // Estates and areas belong to the community as a whole, so they need it whole in scope.
  if (!scope.communityIds.includes(community.id)) throw new AppError('OUT_OF_SCOPE');
  if (kind === 'estates') {
    return (await store.selectEstatesForExport(db, community.id)).map((e) => estateFeature({
      code: e.code, name: e.name, propertyCompany: e.property_company, boundary: e.boundary as ImportGeometry | null, bbox: null,
    }));
  }
  return (await store.selectAreasForExport(db, community.path)).map((a) => {
    const codes = a.path.split('/').filter(Boolean);
    return areaFeature({
      code: a.code, name: a.name, level: a.level, parentCode: codes.at(-2) ?? null, boundary: a.boundary as ImportGeometry | null, bbox: null,
    });
  });
}

/** A GeoJSON kind as a table: its properties as columns, without the geometry. */
function featuresAsTable(features: ExportFeature[]): Rows & { kind: 'table' } {
  const headers = Object.keys(features[0]?.properties ?? { code: null, name: null });
  return { kind: 'table', headers, rows: features.map((f) => headers.map((h) => f.properties[h] ?? null)) };
}

async function encode(rows: Rows, format: ExportFormat, sheetName: string): Promise<Buffer> {
  if (rows.kind === 'features' && format === 'geojson') return writeFeatureCollection(rows.features);
  const table = rows.kind === 'features' ? featuresAsTable(rows.features) : rows;
  return format === 'xlsx' ? writeXlsx(sheetName, table.headers, table.rows) : writeCsv(table.headers, table.rows);
}

/** Exports one kind of a community's registry within the caller's scope; audited with the row count. */
export async function exportRegistry(deps: ExportDeps, actor: Actor, input: ExportInput): Promise<ExportFile> {
  const isPeople = input.kind === 'households' || input.kind === 'residents';
  const permission = isPeople ? 'people.read' : 'places.read';
  requirePermission(actor, permission);
  if (isPeople && input.format === 'geojson') {
    throw new AppError('VALIDATION_FAILED', {}, [{ path: 'querystring.format', code: 'FORMAT_NOT_AVAILABLE', params: { formats: 'CSV / XLSX' } }]);
  }
  const community = await store.findCommunity(deps.db, input.communityId);
  if (!community) throw new AppError('AREA_NOT_FOUND');
  const scope = await scopeFor(deps.db, actor, permission);
  const reachable = scope.communityIds.includes(community.id) || (await selectCommunityIdsOf(deps.db, scope.gridIds)).includes(community.id);
  if (!reachable) throw new AppError('OUT_OF_SCOPE');
  const rows: Rows =
    input.kind === 'households' ? await householdRows(deps.db, scope, community.id, input.locale)
    : input.kind === 'residents' ? await residentRows(deps, scope, community.id, input.locale)
    : { kind: 'features', features: await featureRows(deps, scope, input.kind, community) };
  const count = rows.kind === 'table' ? rows.rows.length : rows.features.length;
  const body = await encode(rows, input.format, input.kind);
  await insertAuditEntry(deps.db, {
    actorId: actor.userId > 0 ? actor.userId : null, actorName: actor.username, action: 'export', entity: input.kind, communityId: community.id,
    ip: actor.ip, details: { kind: input.kind, rows: count, format: input.format },
  });
  const date = deps.clock.now().toISOString().slice(0, 10).replaceAll('-', '');
  const ext = input.format === 'geojson' ? 'geojson' : input.format;
  return { fileName: `${community.name}-${input.kind}-${date}.${ext}`, contentType: contentTypes[input.format], body };
}
