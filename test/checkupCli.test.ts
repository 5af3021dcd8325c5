import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// The checkup from a shell: over the demo community, and a standard file that is wrong somewhere.
const bin = path.join(__dirname, '..', 'bin', 'linli.mjs');
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'linli-checkup-cli-'));
afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

function linli(args: string[]) {
  const env: NodeJS.ProcessEnv = { ...process.env, DATA_DIR: dataDir, LINLI_DEMO: '0', LOG_LEVEL: 'warn' };
  delete env.DATABASE_URL;
  delete env.LINLI_DATA_KEY;
  const r = spawnSync(process.execPath, [bin, ...args], { env, encoding: 'utf8' });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

const nationalFile = new URL('../src/checkup/standards/cn-2020.json', import.meta.url);

beforeAll(() => {
  const reset = linli(['demo', '--reset']);
  expect(reset.code, reset.err).toBe(0);
}, 120_000);

describe('linli checkup', () => {
  it('runs the national standard over a demo community and prints its gaps with evidence', () => {
    const run = linli(['checkup', '--community', '330212001001']);
    expect(run.code, run.err).toBe(0);
    expect(run.out).toContain('和睦社区（演示）');
    // The demo's day-care centre is 280 m², below the 350 m² default.
    expect(run.out).toMatch(/\[未达标\] 1\.4 日间照料中心建筑面积 280m² \/ 350m² — 面积不足：.*280 m²/);
    expect(run.out).toMatch(/体检 \d+：达标 \d+，部分达标 \d+，未达标 \d+，未测 \d+。/);
  });

  it('speaks English when asked', () => {
    const en = linli(['checkup', '--community', '330212001002', '--lang', 'en']);
    expect(en.out).toMatch(/Checkup \d+: \d+ pass/);
  });
});

describe('linli standard import', () => {
  it('refuses a file with a bad threshold, saying where, and writes nothing', () => {
    const file = JSON.parse(fs.readFileSync(nationalFile, 'utf8'));
    file.document.aspects[0].items[1].indicators[0].maxDistanceM = 0;
    file.document.aspects[1].items[0].indicators[0].facilityKinds = ['market'];
    const bad = path.join(dataDir, 'bad.json');
    fs.writeFileSync(bad, JSON.stringify(file));
    const run = linli(['standard', 'import', bad, '--code', 'NB-2026', '--lang', 'en']);
    expect(run.code).toBe(1);
    expect(run.out).toContain('document.aspects.0.items.1.indicators.0.maxDistanceM');
    const rules = file.document.aspects[0].items[1].indicators[0];
    rules.maxDistanceM = 300;
    fs.writeFileSync(bad, JSON.stringify(file));
    const second = linli(['standard', 'import', bad, '--code', 'NB-2026', '--lang', 'en']);
    expect(second.out).toContain('aspects.1.items.0.indicators.0.facilityKinds.0: There is no facility kind "market"');
    expect(second.out).toContain('nothing was written');
  });

  it('adds a good file as a standard that a checkup can then apply', () => {
    const good = path.join(dataDir, 'good.json');
    fs.copyFileSync(nationalFile, good);
    expect(linli(['standard', 'import', good, '--code', 'NB-2026']).out).toContain('Saved standard NB-2026 version 1');
    expect(linli(['checkup', '--community', '330212001001', '--standard', 'NB-2026']).out).toContain('完整居住社区建设标准（试行）2020 v1');
  });
});
