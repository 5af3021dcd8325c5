import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { openEmbeddedDatabase } from '../src/db/engine.ts';
import { DataDirLockedError } from '../src/db/lock.ts';

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'linli-kill-'));
afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

function startWriter() {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(__dirname, 'fixtures', 'killableWriter.ts'), dataDir], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const lines: string[] = [];
  const waitFor = (line: string) =>
    new Promise<void>((resolve, reject) => {
      child.stdout.on('data', (chunk: Buffer) => {
        lines.push(...chunk.toString().split('\n'));
        if (lines.includes(line)) resolve();
      });
      child.on('exit', (code) => reject(new Error(`writer exited (${code}) before "${line}"`)));
    });
  return { child, waitFor };
}

describe('the embedded engine under kill -9', () => {
  it('keeps every committed transaction and none of the one in flight, and locks its folder meanwhile', async () => {
    const writer = startWriter();
    await writer.waitFor('in-flight');
    await expect(openEmbeddedDatabase(dataDir)).rejects.toBeInstanceOf(DataDirLockedError);
    const exited = new Promise((resolve) => writer.child.on('exit', resolve));
    writer.child.kill('SIGKILL');
    await exited;
    const database = await openEmbeddedDatabase(dataDir);
    try {
      const rows = await sql<{ batch: string; n: number }>`SELECT batch, count(*)::int AS n FROM kill_probe GROUP BY batch`.execute(database.db);
      expect(rows.rows).toEqual([{ batch: 'committed', n: 100 }]);
    } finally {
      await database.close();
    }
  });
});
