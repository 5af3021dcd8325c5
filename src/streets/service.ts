/**
 * Street network use cases: importing an OpenStreetMap extract (walking network, buildings,
 * facilities) or a GeoJSON line layer into a community. The file is read first; then everything is
 * written in one transaction, so a broken file or a failure half-way leaves the registry untouched.
 *
 * These are the system's own imports (the CLI runs them); an HTTP route offering them would have to
 * check imports.run and places.write on the community first.
 */
import path from 'node:path';
import type { Kysely } from 'kysely';
import { streetNetworkFromGeojson } from '../access/geojsonNetwork.ts';
import { readOsmExtract } from '../access/osm/readOsm.ts';
import type { OsmExtract, StreetNetwork } from '../access/types.ts';
import { orderRules } from '../checkup/kindMapping.ts';
import { listKindMappings } from '../checkup/store.ts';
import type { DB } from '../db/schema.ts';
import { insertAuditEntry } from '../platform/audit/store.ts';
import { AppError } from '../platform/errors.ts';
import { createGridLocator } from '../places/gridLocator.ts';
import * as placesStore from '../places/store.ts';
import { networkBbox } from './networkBytes.ts';
import { areaCodeFor, buildingRow, extractName, facilityRow, type GridLocator } from './osmRecords.ts';
import { saveStreetNetwork, type BBox } from './store.ts';

export interface StreetDeps {
  db: Kysely<DB>;
}

/** Who imports, for the audit log: an account, or the CLI (id null). */
export interface Importer {
  id: number | null;
  name: string;
}

/** Reading reports bytes of the file; writing reports buildings and facilities written. */
export interface ImportProgress {
  phase: 'read' | 'write';
  done: number;
  total: number;
}

export interface ImportOsmInput {
  file: string;
  /** The community to import into; without it, a root-level community named after the file is created (or reused). */
  areaCode?: string;
  importedBy: Importer;
  onProgress?: (progress: ImportProgress) => void;
}

export interface Upserted {
  inserted: number;
  updated: number;
}

export interface ImportOsmResult {
  community: { id: number; code: string; name: string; created: boolean };
  /** Null when the extract has no walkable way (its buildings and facilities are still imported). */
  networkId: number | null;
  nodes: number;
  edges: number;
  /** Total length of the edges. */
  lengthKm: number;
  buildings: Upserted;
  facilities: Upserted;
  /** Amenities whose tags match no facility_kind_mapping rule: counted, not imported. */
  amenitiesWithoutKind: number;
}

const CHUNK = 1000;

type Community = { id: number; code: string; name: string; created: boolean };

const bboxPolygon = ([w, s, e, n]: BBox) => ({ type: 'Polygon', coordinates: [[[w, s], [e, s], [e, n], [w, n], [w, s]]] });

async function communityByCode(trx: Kysely<DB>, code: string): Promise<Community | undefined> {
  const area = await placesStore.findAreaByCode(trx, code);
  if (!area) return undefined;
  if (area.level !== 'community') throw new AppError('AREA_NOT_COMMUNITY', { code, level: area.level });
  return { id: area.id, code: area.code, name: area.name, created: false };
}

/** The named community; or, with no code, the file's own root-level community, created on first import. */
async function resolveCommunity(trx: Kysely<DB>, areaCode: string | undefined, file: { base: string; bbox: BBox }): Promise<Community> {
  if (areaCode !== undefined) {
    const named = await communityByCode(trx, areaCode);
    if (!named) throw new AppError('AREA_NOT_FOUND');
    return named;
  }
  const code = areaCodeFor(file.base);
  const existing = await communityByCode(trx, code);
  if (existing) return existing;
  const name = `${file.base}（OpenStreetMap）`;
  const created = await placesStore.insertArea(trx, {
    parentId: null, parentPath: '/', level: 'community', code, name, communityId: null, boundary: bboxPolygon(file.bbox),
  });
  return { id: created.id, code, name, created: true };
}

/** Maps and writes `items` a chunk at a time, so a large extract never has all its rows built at once. */
async function inChunks<T, R>(items: readonly T[], toRows: (chunk: readonly T[]) => R[], write: (rows: R[]) => Promise<Upserted>, onChunk: (done: number) => void): Promise<Upserted> {
  const total: Upserted = { inserted: 0, updated: 0 };
  for (let i = 0; i < items.length; i += CHUNK) {
    const done = await write(toRows(items.slice(i, i + CHUNK)));
    total.inserted += done.inserted;
    total.updated += done.updated;
    onChunk(Math.min(i + CHUNK, items.length));
  }
  return total;
}

async function writeRegistry(trx: Kysely<DB>, extract: OsmExtract, communityId: number, onProgress: ImportOsmInput['onProgress']) {
  const gridOf: GridLocator = createGridLocator(await placesStore.selectGridsOfCommunity(trx, communityId));
  const rules = orderRules(await listKindMappings(trx));
  const kindNames = new Map((await placesStore.selectFacilityKinds(trx)).map((k) => [k.code, k.name_zh]));
  const facilityRows = extract.amenities.map((a) => facilityRow(a, { communityId, gridOf, rules, kindNames })).filter((f) => f !== null);
  const total = extract.buildings.length + facilityRows.length;
  const report = (done: number) => onProgress?.({ phase: 'write', done, total });
  const buildings = await inChunks(
    extract.buildings, (chunk) => chunk.map((b) => buildingRow(b, communityId, gridOf)), (rows) => placesStore.upsertBuildings(trx, rows), report,
  );
  const facilities = await inChunks(
    facilityRows, (chunk) => [...chunk], (rows) => placesStore.upsertFacilities(trx, rows), (n) => report(extract.buildings.length + n),
  );
  return { buildings, facilities, amenitiesWithoutKind: extract.amenities.length - facilityRows.length };
}

const totalKm = (network: StreetNetwork) => network.edgeLength.reduce((sum, l) => sum + l, 0) / 1000;

/** Saves a network with edges for the area; a network without edges is not worth a row. */
async function saveNetwork(trx: Kysely<DB>, args: { areaId: number; name: string; source: 'osm' | 'geojson'; fileName: string; network: StreetNetwork; importedBy: Importer }) {
  const bbox = networkBbox(args.network);
  if (!bbox) return null;
  return saveStreetNetwork(trx, { ...args, bbox, importedBy: args.importedBy.id });
}

/**
 * Imports an OSM extract (.osm.pbf or .osm) into a community: its walking network (replacing the
 * community's network), its buildings (codes osm-w…) and its amenities that the kind mapping rules
 * place, as facilities (osm-n…/osm-w…), each put in the grid it lies in. Re-importing the same file
 * changes nothing; a newer extract updates the rows by code. All in one transaction.
 */
export async function importOsm(deps: StreetDeps, input: ImportOsmInput): Promise<ImportOsmResult> {
  const fileName = path.basename(input.file);
  const extract = await readOsmExtract(input.file, {
    onProgress: (p) => input.onProgress?.({ phase: 'read', done: p.bytesRead, total: p.totalBytes }),
  });
  const { network } = extract;
  if (network.edgeFrom.length === 0 && extract.buildings.length === 0 && extract.amenities.length === 0) throw new AppError('OSM_FILE_EMPTY');
  const base = extractName(fileName);
  return deps.db.transaction().execute(async (trx) => {
    const community = await resolveCommunity(trx, input.areaCode, { base, bbox: extract.bbox });
    const written = await writeRegistry(trx, extract, community.id, input.onProgress);
    const networkId = await saveNetwork(trx, { areaId: community.id, name: `${base}（OpenStreetMap）`, source: 'osm', fileName, network, importedBy: input.importedBy });
    const result: ImportOsmResult = {
      community: { id: community.id, code: community.code, name: community.name, created: community.created },
      networkId, nodes: network.nodeLon.length, edges: network.edgeFrom.length, lengthKm: totalKm(network), ...written,
    };
    await insertAuditEntry(trx, {
      actorId: input.importedBy.id, actorName: input.importedBy.name, action: 'streets.import_osm', entity: 'street_network', entityId: networkId,
      communityId: community.id, details: { fileName, ...result, community: community.code },
    });
    return result;
  });
}

/** Saves a generated network (the demo's) as an area's network, replacing the one it had; returns its id. */
export async function saveGeneratedStreetNetwork(deps: StreetDeps, input: { areaId: number; name: string; network: StreetNetwork }): Promise<number> {
  const bbox = networkBbox(input.network);
  if (!bbox) throw new AppError('STREET_LINES_EMPTY');
  return saveStreetNetwork(deps.db, { ...input, source: 'demo', fileName: null, bbox, importedBy: null });
}

export interface ImportStreetGeojsonInput {
  file: Buffer | string;
  fileName: string;
  areaCode: string;
  importedBy: Importer;
}

export interface ImportStreetGeojsonResult {
  community: { id: number; code: string; name: string };
  networkId: number;
  nodes: number;
  edges: number;
}

/**
 * Imports a GeoJSON line layer as the community's walking network, replacing the one it had.
 * Broken geometry is refused with GEOJSON_GEOMETRY_INVALID, each detail naming the feature and coordinate.
 */
export async function importStreetGeojson(deps: StreetDeps, input: ImportStreetGeojsonInput): Promise<ImportStreetGeojsonResult> {
  const network = streetNetworkFromGeojson(input.file);
  if (network.edgeFrom.length === 0) throw new AppError('STREET_LINES_EMPTY');
  return deps.db.transaction().execute(async (trx) => {
    const community = await communityByCode(trx, input.areaCode);
    if (!community) throw new AppError('AREA_NOT_FOUND');
    const name = `${community.name}（${extractName(input.fileName)}）`;
    const networkId = (await saveNetwork(trx, { areaId: community.id, name, source: 'geojson', fileName: input.fileName, network, importedBy: input.importedBy }))!;
    const result = { community: { id: community.id, code: community.code, name: community.name }, networkId, nodes: network.nodeLon.length, edges: network.edgeFrom.length };
    await insertAuditEntry(trx, {
      actorId: input.importedBy.id, actorName: input.importedBy.name, action: 'streets.import_geojson', entity: 'street_network', entityId: networkId,
      communityId: community.id, details: { fileName: input.fileName, nodes: result.nodes, edges: result.edges },
    });
    return result;
  });
}
