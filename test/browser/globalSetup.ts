import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { ensureWebBuild } from '../../src/webBuild.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    baseUrl: string;
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

function waitForLine(child: ChildProcess, pattern: RegExp, output: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    child.stdout!.on('data', (chunk: Buffer) => {
      output.push(chunk.toString());
      if (pattern.test(output.join(''))) resolve();
    });
    child.on('exit', (code) => reject(new Error(`linli serve exited (${code}):\n${output.join('')}`)));
  });
}

/**
 * Builds the console and starts `linli serve` with the demo on a fresh embedded database
 * (the browser tests exercise the UI; the database tests cover both engines).
 */
export default async function setup(project: TestProject) {
  if (!ensureWebBuild((line) => process.stdout.write(line + '\n'))) throw new Error('web build failed');
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'linli-browser-'));
  const port = await freePort();
  const env: NodeJS.ProcessEnv = { ...process.env, DATA_DIR: dataDir, PORT: String(port), LINLI_DEMO: '1', LOG_LEVEL: 'warn' };
  delete env.DATABASE_URL;
  delete env.LINLI_DATA_KEY;
  const child = spawn(process.execPath, [path.join(__dirname, '..', '..', 'bin', 'linli.mjs'), 'serve'], { env, stdio: ['ignore', 'pipe', 'inherit'] });
  await waitForLine(child, /Linli is running/, []);
  project.provide('baseUrl', `http://127.0.0.1:${port}`);
  return async () => {
    child.kill('SIGTERM');
    await new Promise((resolve) => child.once('exit', resolve));
    fs.rmSync(dataDir, { recursive: true, force: true });
  };
}
