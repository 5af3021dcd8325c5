// npm run bench:start — seconds from `linli serve` to a ready server: cold (empty data folder:
// initdb, migrations, demo generation) and warm (existing data), with the web console already built.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { ensureWebBuild } from '../src/webBuild.ts';

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

async function timeToReady(dataDir: string): Promise<number> {
  const port = await freePort();
  const env: NodeJS.ProcessEnv = { ...process.env, DATA_DIR: dataDir, PORT: String(port), LOG_LEVEL: 'warn' };
  delete env.DATABASE_URL;
  const started = performance.now();
  const child = spawn(process.execPath, [path.join(import.meta.dirname, '..', 'bin', 'linli.mjs'), 'serve'], { env, stdio: 'ignore' });
  try {
    for (;;) {
      const ready = await fetch(`http://127.0.0.1:${port}/readyz`).then((r) => r.ok, () => false);
      if (ready) return (performance.now() - started) / 1000;
      if (child.exitCode !== null) throw new Error('linli serve exited');
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  } finally {
    child.kill('SIGTERM');
    await new Promise((resolve) => child.once('exit', resolve));
  }
}

if (!ensureWebBuild(console.log)) throw new Error('web build failed');
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'linli-bench-start-'));
try {
  const cold = await timeToReady(dataDir);
  const warm = await timeToReady(dataDir);
  console.log(`cold start to ready (initdb + migrate + demo): ${cold.toFixed(1)} s`);
  console.log(`warm start to ready:                          ${warm.toFixed(1)} s`);
} finally {
  fs.rmSync(dataDir, { recursive: true, force: true });
}
