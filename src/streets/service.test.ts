import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql, type Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../test/db.ts';
import { readOsmExtract } from '../access/osm/readOsm.ts';
import { writeTestPbf, type TestNode, type TestWay } from '../access/osm/testPbf.ts';
import type { Database } from '../db/engine.ts';
import type { DB } from '../db/schema.ts';
import { AppError } from '../platform/errors.ts';
import * as placesStore from '../places/store.ts';
import { importOsm, importStreetGeojson, type Importer } from './service.ts';
import { findNetworksCovering, findStreetNetworkOfArea, loadStreetNetwork } from './store.ts';
import { osmExtract } from '../../test/osmExtracts.ts';

const monacoPbf = osmExtract('monaco.osm.pbf');
const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'linli-streets-'));
const importer: Importer = { id: null, name: 'test' };

let database: Database;
let db: Kysely<DB>;

const square = (lon: number, lat: number, size: number) => ({
  type: 'Polygon',
  coordinates: [[[lon, lat], [lon + size, lat], [lon + size, lat + size], [lon, lat + size], [lon, lat]]],
});

// Community CA (121.50–121.52 E) with grids G1 (west half) and G2 (east half), and its subdistrict.
let community: { id: number; path: string };
let grids: { g1: number; g2: number };
beforeAll(async () => {
  database = await createTestDatabase();
  db = database.db;
  const sub = await placesStore.insertArea(db, { parentId: null, parentPath: '/', level: 'subdistrict', code: 'S1', name: '示范街道', communityId: null, boundary: null });
  community = await placesStore.insertArea(db, { parentId: sub.id, parentPath: sub.path, level: 'community', code: 'CA', name: '和睦社区', communityId: null, boundary: square(121.5, 29.8, 0.02) });
  const parent = { parentId: community.id, parentPath: community.path, level: 'grid' as const, communityId: community.id };
  const g1 = await placesStore.insertArea(db, { ...parent, code: 'CA-G1', name: '一网格', boundary: square(121.5, 29.8, 0.01) });
  const g2 = await placesStore.insertArea(db, { ...parent, code: 'CA-G2', name: '二网格', boundary: { type: 'Polygon', coordinates: [[[121.51, 29.8], [121.52, 29.8], [121.52, 29.82], [121.51, 29.82], [121.51, 29.8]]] } });
  grids = { g1: g1.id, g2: g2.id };
});
afterAll(async () => {
  await database.close();
  fs.rmSync(scratch, { recursive: true, force: true });
});

const nodes: TestNode[] = [
  { id: 1, lon: 121.502, lat: 29.805 },
  { id: 2, lon: 121.508, lat: 29.805 },
  { id: 3, lon: 121.518, lat: 29.805 },
  { id: 4, lon: 121.508, lat: 29.806 },
  // A building in G1 with its door on the street side.
  { id: 11, lon: 121.503, lat: 29.8052 },
  { id: 12, lon: 121.5035, lat: 29.8052, tags: { entrance: 'main' } },
  { id: 13, lon: 121.5035, lat: 29.8056 },
  { id: 14, lon: 121.503, lat: 29.8056 },
  // A park in G2.
  { id: 21, lon: 121.514, lat: 29.806 },
  { id: 22, lon: 121.515, lat: 29.806 },
  { id: 23, lon: 121.515, lat: 29.807 },
  { id: 24, lon: 121.514, lat: 29.807 },
  { id: 31, lon: 121.516, lat: 29.8045, tags: { amenity: 'kindergarten', name: '阳光幼儿园', opening_hours: 'Mo-Fr 07:30-17:30' } },
  { id: 32, lon: 121.5045, lat: 29.8045, tags: { shop: 'florist', name: '花店' } },
];
const ways: TestWay[] = [
  { id: 100, refs: [1, 2, 3], tags: { highway: 'residential' } },
  { id: 101, refs: [2, 4], tags: { highway: 'footway' } },
  { id: 102, refs: [11, 12, 13, 14, 11], tags: { building: 'apartments', 'building:levels': '6', 'addr:street': '长春路', 'addr:housenumber': '8' } },
  { id: 103, refs: [21, 22, 23, 24, 21], tags: { leisure: 'park', name: '口袋公园' } },
];
const smallPbf = () => {
  const file = path.join(scratch, 'small.osm.pbf');
  fs.writeFileSync(file, writeTestPbf(nodes, ways));
  return file;
};

const count = async (table: 'area' | 'building' | 'facility' | 'street_network' | 'audit_log') =>
  Number((await sql<{ n: number }>`SELECT count(*)::int AS n FROM ${sql.table(table)}`.execute(db)).rows[0].n);
const counts = async () => ({ area: await count('area'), building: await count('building'), facility: await count('facility'), network: await count('street_network'), audit: await count('audit_log') });

async function refusal(work: Promise<unknown>): Promise<AppError> {
  const err = await work.then(() => undefined, (e: unknown) => e);
  expect(err).toBeInstanceOf(AppError);
  return err as AppError;
}

describe('importing an OSM extract into a community', () => {
  it('writes the network, buildings (in their grids) and mapped facilities, and audits it', async () => {
    const result = await importOsm({ db }, { file: smallPbf(), areaCode: 'CA', importedBy: importer });
    expect(result).toMatchObject({
      community: { id: community.id, code: 'CA', created: false }, nodes: 4, edges: 3,
      buildings: { inserted: 1, updated: 0 }, facilities: { inserted: 2, updated: 0 }, amenitiesWithoutKind: 1,
    });
    const building = await db.selectFrom('building').selectAll().where('community_id', '=', community.id).where('code', '=', 'osm-w102').executeTakeFirstOrThrow();
    expect(building).toMatchObject({ name: '长春路 8', purpose: 'residential', floors: 6, grid_id: grids.g1, entrance_lon: 121.5035, entrance_lat: 29.8052 });
    const facilities = await db.selectFrom('facility').selectAll().where('community_id', '=', community.id).where('code', 'like', 'osm-%').orderBy('code').execute();
    expect(facilities.map((f) => [f.code, f.kind, f.name, f.grid_id])).toEqual([['osm-n31', 'kindergarten', '阳光幼儿园', grids.g2], ['osm-w103', 'park', '口袋公园', grids.g2]]);
    expect(facilities[0].opening_hours).toBe('Mo-Fr 07:30-17:30');
    expect(facilities[1].floor_area_m2).toBeGreaterThan(10_000);
    const stored = await loadStreetNetwork(db, result.networkId!);
    expect(stored).toEqual((await readOsmExtract(smallPbf())).network);
    const audit = await db.selectFrom('audit_log').selectAll().where('action', '=', 'streets.import_osm').executeTakeFirstOrThrow();
    expect(audit).toMatchObject({ entity: 'street_network', entity_id: String(result.networkId), community_id: community.id, actor_name: 'test' });
  });

  it('changes nothing when the same file is imported again', async () => {
    const before = await db.selectFrom('building').select(['id', 'code', 'name']).orderBy('id').execute();
    const network = await findStreetNetworkOfArea(db, community.id);
    const again = await importOsm({ db }, { file: smallPbf(), areaCode: 'CA', importedBy: importer });
    expect(again).toMatchObject({ networkId: network!.id, buildings: { inserted: 0, updated: 1 }, facilities: { inserted: 0, updated: 2 } });
    expect(await db.selectFrom('building').select(['id', 'code', 'name']).orderBy('id').execute()).toEqual(before);
    expect(await count('street_network')).toBe(1);
  });

  it('refuses an area that is not a community, writing nothing', async () => {
    const before = await counts();
    const err = await refusal(importOsm({ db }, { file: smallPbf(), areaCode: 'S1', importedBy: importer }));
    expect(err).toMatchObject({ code: 'AREA_NOT_COMMUNITY', params: { code: 'S1', level: 'subdistrict' } });
    expect((await refusal(importOsm({ db }, { file: smallPbf(), areaCode: 'NOPE', importedBy: importer }))).code).toBe('AREA_NOT_FOUND');
    expect(await counts()).toEqual(before);
  });

  it('refuses a malformed PBF with OSM_FILE_MALFORMED, writing nothing', async () => {
    const before = await counts();
    const cut = path.join(scratch, 'cut.osm.pbf');
    fs.writeFileSync(cut, fs.readFileSync(monacoPbf).subarray(0, 250_000));
    const err = await refusal(importOsm({ db }, { file: cut, importedBy: importer }));
    expect(err.code).toBe('OSM_FILE_MALFORMED');
    expect(err.details[0]).toMatchObject({ code: 'OSM_PBF_TRUNCATED', params: { size: 250_000 } });
    expect(await counts()).toEqual(before);
  });

  it('rolls everything back when a write fails half-way', async () => {
    const before = await counts();
    await sql`DELETE FROM building WHERE code LIKE 'osm-%'`.execute(db);
    const afterDelete = await counts();
    // The network is written after the buildings and facilities; make that last write fail.
    await sql`ALTER TABLE street_network ADD CONSTRAINT refuse_all CHECK (edge_count < 0) NOT VALID`.execute(db);
    try {
      await expect(importOsm({ db }, { file: smallPbf(), areaCode: 'CA', importedBy: importer })).rejects.toThrow(/refuse_all/);
    } finally {
      await sql`ALTER TABLE street_network DROP CONSTRAINT refuse_all`.execute(db);
    }
    expect(await counts()).toEqual(afterDelete);
    expect(afterDelete.building).toBe(before.building - 1);
  });

  it('creates a root community for an extract imported without --area, and reuses it on re-import', async () => {
    const first = await importOsm({ db }, { file: monacoPbf, importedBy: importer });
    expect(first.community).toMatchObject({ code: 'OSM-MONACO', name: 'monaco（OpenStreetMap）', created: true });
    expect(first.buildings.inserted).toBeGreaterThan(20_000);
    expect(first.facilities.inserted).toBeGreaterThan(300);
    const area = await placesStore.findAreaByCode(db, 'OSM-MONACO');
    expect(area).toMatchObject({ level: 'community', parent_id: null, path: '/OSM-MONACO/', community_id: area!.id });
    const before = await counts();
    const again = await importOsm({ db }, { file: monacoPbf, importedBy: importer });
    expect(again).toMatchObject({ community: { id: first.community.id, created: false }, networkId: first.networkId, buildings: { inserted: 0 }, facilities: { inserted: 0 } });
    expect(await counts()).toEqual({ ...before, audit: before.audit + 1 });
    // The checkup finds it by the box of a place inside Monaco.
    const [covering] = await findNetworksCovering(db, [7.42, 43.73, 7.43, 43.74]);
    expect(covering).toMatchObject({ id: first.networkId, areaId: first.community.id, source: 'osm', fileName: 'monaco.osm.pbf' });
  });
});

describe('importing a GeoJSON street layer', () => {
  const lines = (coordinates: number[][][]) => JSON.stringify({
    type: 'FeatureCollection',
    features: coordinates.map((c) => ({ type: 'Feature', properties: {}, geometry: { type: 'LineString', coordinates: c } })),
  });

  it("replaces the community's network in place", async () => {
    const before = await findStreetNetworkOfArea(db, community.id);
    const file = lines([[[121.501, 29.801], [121.502, 29.801]], [[121.502, 29.801], [121.502, 29.802], [121.503, 29.802]]]);
    const result = await importStreetGeojson({ db }, { file, fileName: 'lines.geojson', areaCode: 'CA', importedBy: importer });
    expect(result).toMatchObject({ networkId: before!.id, nodes: 3, edges: 2 });
    const after = await findStreetNetworkOfArea(db, community.id);
    expect(after).toMatchObject({ source: 'geojson', name: '和睦社区（lines）', nodeCount: 3, edgeCount: 2, bbox: [121.501, 29.801, 121.503, 29.802] });
  });

  it('refuses broken geometry, writing nothing', async () => {
    const before = await counts();
    const err = await refusal(importStreetGeojson({ db }, { file: lines([[[121.501, 29.801], [121.502, 91]]]), fileName: 'bad.geojson', areaCode: 'CA', importedBy: importer }));
    expect(err.code).toBe('GEOJSON_GEOMETRY_INVALID');
    expect(err.details[0]).toMatchObject({ path: 'features[0].geometry.coordinates[1]', code: 'STREET_LAT_RANGE' });
    expect(await counts()).toEqual(before);
  });
});

describe('finding the networks that cover a box', () => {
  it('puts the network that contains the whole box first, and finds none far away', async () => {
    const inCA = await findNetworksCovering(db, [121.5015, 29.8012, 121.5025, 29.8018]);
    expect(inCA.map((n) => n.areaId)).toEqual([community.id]);
    expect(await findNetworksCovering(db, [100, 10, 100.1, 10.1])).toEqual([]);
  });
});
