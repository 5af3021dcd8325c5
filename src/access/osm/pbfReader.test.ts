import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError, localizeDetail } from '../../platform/errors.ts';
import type { OsmExtract } from '../types.ts';
import { readOsmExtract, type ReadProgress } from './readOsm.ts';
import { writePbfWithRawData, writeTestPbf, type TestNode, type TestWay } from './testPbf.ts';
import { osmExtract } from '../../../test/osmExtracts.ts';

const monacoPbf = osmExtract('monaco.osm.pbf');
const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'linli-pbf-'));
afterAll(() => fs.rmSync(scratch, { recursive: true, force: true }));

function writeFile(name: string, bytes: Buffer): string {
  const file = path.join(scratch, name);
  fs.writeFileSync(file, bytes);
  return file;
}

const paramsOf = (detail: AppError['details'][number]) => ('params' in detail ? detail.params ?? {} : {});

/** The AppError a read fails with (the test fails if it succeeds). */
async function refusal(file: string): Promise<AppError> {
  const err = await readOsmExtract(file).then(() => undefined, (e: unknown) => e);
  expect(err).toBeInstanceOf(AppError);
  return err as AppError;
}

const nodes: TestNode[] = [
  { id: 1, lon: 121.5501234, lat: 29.8201234 },
  { id: 2, lon: 121.5511234, lat: 29.8201234, tags: { highway: 'crossing' } },
  { id: 3, lon: 121.5521234, lat: 29.8201234 },
  { id: 4, lon: 121.5511234, lat: 29.8211234 },
  { id: 7_000_000_001, lon: -0.1234567, lat: -51.7654321, tags: { amenity: 'pharmacy', name: 'Pharmacie' } },
];
const ways: TestWay[] = [
  { id: 10, refs: [1, 2, 3], tags: { highway: 'residential', name: '长春路' } },
  { id: 11, refs: [2, 4], tags: { highway: 'footway' } },
  { id: 12, refs: [3, 4], tags: { highway: 'motorway' } },
];

describe('the PBF reader on files written to order', () => {
  const variants = {
    'dense nodes, zlib': {},
    'plain nodes, raw blobs': { dense: false, compression: 'raw' as const },
    'granularity 1000 with offsets': { granularity: 1000, latOffset: 29_000_000_000, lonOffset: -500_000_000 },
  };
  it.each(Object.entries(variants))('decodes %s exactly', async (name, options) => {
    const e = await readOsmExtract(writeFile(`${name}.osm.pbf`, writeTestPbf(nodes, ways, options)));
    expect(e.network.edgeFrom.length).toBe(3);
    // Coordinates as the decimal degrees written, to the bit: what an XML file of the same data gives.
    const granular = (options as { granularity?: number }).granularity === 1000;
    expect(e.network.nodeLon[0]).toBe(granular ? 121.550123 : 121.5501234);
    expect(e.amenities).toEqual([
      { osmId: 'n7000000001', name: 'Pharmacie', point: granular ? [-0.123457, -51.765432] : [-0.1234567, -51.7654321], areaM2: null, tags: { amenity: 'pharmacy', name: 'Pharmacie' } },
    ]);
  });

  it('refuses lzma blobs and unknown required features as unsupported, saying which block', async () => {
    const lzma = await refusal(writeFile('lzma.osm.pbf', writeTestPbf(nodes, ways, { compression: 'lzma' })));
    expect(lzma.code).toBe('OSM_FILE_UNSUPPORTED');
    expect(lzma.params).toEqual({ block: 2, feature: 'lzma compression' });
    const history = await refusal(writeFile('history.osm.pbf', writeTestPbf(nodes, ways, { requiredFeatures: ['OsmSchema-V0.6', 'HistoricalInformation'] })));
    expect(history.params).toEqual({ block: 1, feature: 'HistoricalInformation' });
  });

  it('refuses a data block whose bytes are not protobuf', async () => {
    const err = await refusal(writeFile('junk.osm.pbf', writePbfWithRawData(Buffer.from([0x0a, 0xff, 0xff, 0xff, 0x0f, 0x01]))));
    expect(err.code).toBe('OSM_FILE_MALFORMED');
    expect(err.details[0]).toMatchObject({ code: 'OSM_PBF_BAD_BLOCK', params: { block: 2 } });
  });
});

describe('the PBF reader on Monaco', () => {
  let monaco: OsmExtract;
  const progress: ReadProgress[] = [];
  beforeAll(async () => {
    monaco = await readOsmExtract(monacoPbf, { onProgress: (p) => progress.push(p) });
  });

  it('reads a plausible walking network, buildings and amenities', () => {
    const n = monaco.network;
    expect(n.nodeLon.length).toBeGreaterThan(3000);
    expect(n.edgeFrom.length).toBeGreaterThan(n.nodeLon.length);
    expect(n.geometryStart.length).toBe(n.edgeFrom.length + 1);
    expect(n.geometryStart[n.edgeFrom.length] * 2).toBe(n.coords.length);
    const km = n.edgeLength.reduce((s, l) => s + l, 0) / 1000;
    expect(km).toBeGreaterThan(400);
    expect(km).toBeLessThan(550);
    expect(monaco.buildings.length).toBeGreaterThan(20_000);
    expect(monaco.amenities.length).toBeGreaterThan(1000);
    const [w, s, e, nth] = monaco.bbox;
    expect(w).toBeGreaterThan(7.3);
    expect(e).toBeLessThan(7.5);
    expect(s).toBeGreaterThan(43.7);
    expect(nth).toBeLessThanOrEqual(43.77);
  });

  it('finds features known to be there', () => {
    const museum = monaco.buildings.find((b) => b.osmId === 'w23715051')!;
    expect(museum.name).toBe('Musée Océanographique');
    // Its entrance is a tagged node of the footprint, not the centroid.
    expect((museum.footprint.coordinates as number[][][])[0]).toContainEqual(museum.entrance);
    expect(monaco.amenities.find((a) => a.name === 'Pharmacie des Moulins')).toMatchObject({ osmId: 'n280489587', tags: { amenity: 'pharmacy' } });
    const garden = monaco.amenities.find((a) => a.name === 'Jardin Japonais')!;
    expect(garden.osmId).toBe('w157719658');
    expect(garden.areaM2).toBeGreaterThan(5000);
    expect(garden.areaM2).toBeLessThan(7500);
  });

  it('reports progress that only grows and ends at the size of the file', () => {
    const size = fs.statSync(monacoPbf).size;
    expect(progress.length).toBeGreaterThan(3);
    expect(progress.every((p, i) => p.totalBytes === size && (i === 0 || p.bytesRead >= progress[i - 1].bytesRead))).toBe(true);
    expect(progress.at(-1)!.bytesRead).toBe(size);
  });

  // osmium writes the same data as XML; both readers must then give the very same network.
  // Skipped only on a workstation without osmium: CI (.ci/run) installs it, and there it must run.
  const osmium = spawnSync('osmium', ['--version']).status === 0;
  it.runIf(osmium || Boolean(process.env.CI))('gives the identical extract as the XML reader on the osmium-converted file', async () => {
    const xml = path.join(scratch, 'monaco.osm');
    const converted = spawnSync('osmium', ['cat', monacoPbf, '-f', 'osm', '-o', xml, '--overwrite']);
    expect(converted.status, converted.stderr?.toString()).toBe(0);
    const fromXml = await readOsmExtract(xml);
    expect(fromXml.network).toEqual(monaco.network);
    expect(fromXml.buildings).toEqual(monaco.buildings);
    expect(fromXml.amenities).toEqual(monaco.amenities);
    expect(fromXml.bbox).toEqual(monaco.bbox);
  });
});

describe('a broken PBF file', () => {
  const monacoBytes = fs.readFileSync(monacoPbf);

  it('cut short is refused, naming the incomplete block and where the file ends', async () => {
    const err = await refusal(writeFile('cut.osm.pbf', monacoBytes.subarray(0, 100_000)));
    expect(err.code).toBe('OSM_FILE_MALFORMED');
    expect(err.details).toEqual([{ path: 'file', code: 'OSM_PBF_TRUNCATED', params: { block: 2, offset: 203, size: 100_000 } }]);
    expect(localizeDetail(err.details[0], 'zh-CN').message).toBe('第 2 个数据块（自第 203 字节起）不完整：文件在第 100000 字节处提前结束');
  });

  it('with corrupted bytes inside a compressed block is refused, naming the block', async () => {
    const damaged = Buffer.from(monacoBytes);
    for (let i = 300_000; i < 300_040; i++) damaged[i] ^= 0x5a;
    const err = await refusal(writeFile('damaged.osm.pbf', damaged));
    expect(err.code).toBe('OSM_FILE_MALFORMED');
    expect(err.details[0]).toMatchObject({ code: 'OSM_PBF_BAD_BLOB' });
    const { block, offset } = paramsOf(err.details[0]) as { block: number; offset: number };
    expect(block).toBeGreaterThan(1);
    expect(offset).toBeLessThan(300_000);
  });

  it('that is garbage is refused at its first byte', async () => {
    let seed = 7;
    const garbage = Buffer.from(Array.from({ length: 5000 }, () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) & 0xff));
    const err = await refusal(writeFile('garbage.osm.pbf', garbage));
    expect(err.code).toBe('OSM_FILE_MALFORMED');
    expect(err.details[0]).toMatchObject({ code: 'OSM_PBF_BAD_HEADER', params: { block: 1, offset: 0 } });
  });

  it('that is neither PBF nor XML and has no telling name is refused as not OSM', async () => {
    const err = await refusal(writeFile('notes.txt', Buffer.from('hello')));
    expect(err.details[0]).toMatchObject({ code: 'OSM_NOT_OSM_FILE' });
    expect((await refusal(path.join(scratch, 'missing.osm.pbf'))).code).toBe('FILE_NOT_FOUND');
  });
});
