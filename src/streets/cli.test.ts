import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { openEmbeddedDatabase } from '../db/engine.ts';
import { osmExtract } from '../../test/osmExtracts.ts';

// `linli import osm` and `linli import streets` as an operator runs them, on an embedded data folder.
const repoRoot = path.resolve(__dirname, '../..');
const bin = path.join(repoRoot, 'bin', 'linli.mjs');
const monacoPbf = osmExtract('monaco.osm.pbf');
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'linli-streets-cli-'));
afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

function linli(...args: string[]) {
  const env: NodeJS.ProcessEnv = { ...process.env, DATA_DIR: dataDir, LINLI_DEMO: '0', LOG_LEVEL: 'warn' };
  delete env.DATABASE_URL;
  delete env.LINLI_DATA_KEY;
  const r = spawnSync(process.execPath, [bin, ...args], { env, encoding: 'utf8' });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

async function rows() {
  const database = await openEmbeddedDatabase(dataDir);
  try {
    const n = async (query: ReturnType<typeof sql<{ n: number }>>) => Number((await query.execute(database.db)).rows[0].n);
    return {
      communities: await n(sql`SELECT count(*)::int AS n FROM area WHERE code = 'OSM-MONACO' AND level = 'community'`),
      buildings: await n(sql`SELECT count(*)::int AS n FROM building`),
      facilities: await n(sql`SELECT count(*)::int AS n FROM facility`),
      networks: await n(sql`SELECT count(*)::int AS n FROM street_network WHERE edge_count > 5000`),
    };
  } finally {
    await database.close();
  }
}

describe('linli import osm / streets', () => {
  it('lists both under import', () => {
    const help = linli('import', '--help');
    expect(help.out).toMatch(/osm \[options\] <file>/);
    expect(help.out).toMatch(/streets \[options\] <file>/);
  });

  it('imports Monaco into a new community with buildings, facilities and a walking network, showing progress', async () => {
    const r = linli('import', 'osm', monacoPbf, '--lang', 'en');
    expect(r.code, r.err).toBe(0);
    expect(r.out).toContain('reading monaco.osm.pbf: 100 %');
    expect(r.out).toMatch(/buildings and facilities written \(100 %\)/);
    expect(r.out).toContain('community OSM-MONACO (monaco（OpenStreetMap）, created)');
    expect(r.out).toMatch(/Walking network: \d{4,} nodes, \d{4,} edges, \d+\.\d km\./);
    expect(r.out).toMatch(/Done in \d+\.\d s\./);
    const after = await rows();
    expect(after.communities).toBe(1);
    expect(after.buildings).toBeGreaterThan(20_000);
    expect(after.facilities).toBeGreaterThan(300);
    expect(after.networks).toBe(1);
  });

  it('refuses a damaged file with where it is broken, exits non-zero and writes nothing', async () => {
    const before = await rows();
    const cut = path.join(dataDir, 'cut.osm.pbf');
    fs.writeFileSync(cut, fs.readFileSync(monacoPbf).subarray(0, 100_000));
    const r = linli('import', 'osm', cut, '--lang', 'en');
    expect(r.code).toBe(1);
    expect(r.out).toContain('OSM_FILE_MALFORMED: The OSM file is damaged or not in OSM format; nothing was written.');
    expect(r.out).toContain('Block 2 (from byte 203) is incomplete: the file ends early, at byte 100000');
    const lines = path.join(dataDir, 'bad.geojson');
    fs.writeFileSync(lines, JSON.stringify({ type: 'FeatureCollection', features: [{ type: 'Feature', properties: {}, geometry: { type: 'LineString', coordinates: [[7.42, 43.73], [7.42, 'x']] } }] }));
    const geo = linli('import', 'streets', lines, '--area', 'OSM-MONACO', '--lang', 'en');
    expect(geo.code).toBe(1);
    expect(geo.out).toContain('Feature 1, coordinates[1]: a position must be [longitude, latitude]');
    expect(await rows()).toEqual(before);
  });
});
