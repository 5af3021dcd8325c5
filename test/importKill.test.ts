import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openEmbeddedDatabase } from '../src/db/engine.ts';
import { generateDemo } from '../src/demo/generate.ts';

// `kill -9` in the middle of `linli import`: afterwards the residents are all there or none are.
const root = path.join(__dirname, '..');
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'linli-import-kill-'));
const env: NodeJS.ProcessEnv = { ...process.env, DATA_DIR: dataDir, LINLI_DEMO: '0' };
delete env.DATABASE_URL;
delete env.LINLI_DATA_KEY;
afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

function linli(...args: string[]) {
  const result = spawnSync(process.execPath, [path.join(root, 'bin', 'linli.mjs'), ...args], { env, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`linli ${args.join(' ')} failed:\n${result.stdout}\n${result.stderr}`);
  return result.stdout;
}

/** A residents CSV of n rows in the demo's first community (no ID numbers: they must be unique). */
function residentsCsv(n: number): { file: string; community: string } {
  const demo = generateDemo();
  const community = demo.areas.find((a) => a.level === 'community')!.code;
  const households = demo.households.filter((h) => h.communityCode === community);
  const lines = ['楼栋编号,单元,房号,姓名,手机号'];
  for (let i = 0; i < n; i++) {
    const h = households[i % households.length];
    lines.push(`${h.buildingCode},${h.unit},${h.room},测试${i},139${String(i).padStart(8, '0')}`);
  }
  const file = path.join(dataDir, 'residents.csv');
  fs.writeFileSync(file, lines.join('\n'));
  return { file, community };
}

async function countResidents(): Promise<number> {
  const database = await openEmbeddedDatabase(dataDir);
  try {
    const row = await database.db.selectFrom('resident').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    return Number(row.n);
  } finally {
    await database.close();
  }
}

/** Three CLI runs on the embedded engine and 60,000 rows: about 40 s alone, and far more beside the other test files. */
const SLOW_TEST_MS = 240_000;

describe('linli import under kill -9', () => {
  it('leaves all of the file or none of it', { timeout: SLOW_TEST_MS }, async () => {
    linli('demo', '--reset');
    const before = await countResidents();
    const { file, community } = residentsCsv(30_000);
    const child = spawn(process.execPath, [path.join(root, 'bin', 'linli.mjs'), 'import', 'residents', file, '--community', community], { env });
    const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
    await new Promise<void>((resolve, reject) => {
      let output = '';
      child.stdout.on('data', (chunk: Buffer) => {
        output += chunk.toString();
        // The first progress line after 0 % means rows are being written inside the transaction.
        if (/rows written \((?!0 %)\d+ %\)/.test(output)) resolve();
      });
      child.on('exit', () => reject(new Error(`import ended before it could be killed:\n${output}`)));
    });
    child.kill('SIGKILL');
    await exited;
    expect(await countResidents()).toBe(before);
    linli('import', 'residents', file, '--community', community);
    expect(await countResidents()).toBe(before + 30_000);
  });
});
