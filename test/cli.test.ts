import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { generateDataKey } from '../src/platform/fieldCipher.ts';
import { createScratchServerDatabase } from './db.ts';

// The command line as an operator meets it: help, plain errors, the data-folder lock, backup and restore.
const bin = path.join(__dirname, '..', 'bin', 'linli.mjs');
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'linli-cli-'));
afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

function env(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const e: NodeJS.ProcessEnv = { ...process.env, DATA_DIR: dataDir, LINLI_DEMO: '0', LOG_LEVEL: 'warn', ...extra };
  // The embedded engine unless a test names a server; a generated key unless it gives one.
  if (!('DATABASE_URL' in extra)) delete e.DATABASE_URL;
  if (!('LINLI_DATA_KEY' in extra)) delete e.LINLI_DATA_KEY;
  return e;
}

function linli(args: string[], extra: Record<string, string> = {}) {
  const r = spawnSync(process.execPath, [bin, ...args], { env: env(extra), encoding: 'utf8' });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

function listening(port: number): Promise<net.Server> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.listen(port, '127.0.0.1', () => resolve(server));
  });
}

async function freePort(): Promise<number> {
  const server = await listening(0);
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe('linli command line', () => {
  it('explains itself with --help', () => {
    const help = linli(['--help']);
    expect(help.code).toBe(0);
    for (const command of ['serve', 'migrate', 'demo', 'import', 'user', 'backup', 'restore']) expect(help.out).toContain(command);
    expect(linli(['user', 'add', '--help']).out).toContain('--role <role>');
  });

  it('names a bad variable and refuses a server database without a data key', () => {
    const badPort = linli(['migrate'], { PORT: 'eighty' });
    expect(badPort.code).toBe(1);
    expect(badPort.err).toContain('Configuration error in PORT');
    const noKey = linli(['migrate'], { DATABASE_URL: 'postgres://nobody@127.0.0.1:1/none' });
    expect(noKey.code).toBe(1);
    expect(noKey.err).toContain('LINLI_DATA_KEY');
  });

  it('says plainly when the port is taken, and exits non-zero', async () => {
    const port = await freePort();
    const blocker = await listening(port);
    try {
      const r = linli(['serve'], { PORT: String(port) });
      expect(r.code).toBe(1);
      expect(r.err).toContain(`Port ${port} is already in use`);
    } finally {
      blocker.close();
    }
  });

  it('refuses a second process on a data folder in use', async () => {
    const port = await freePort();
    const server = spawn(process.execPath, [bin, 'serve'], { env: env({ PORT: String(port) }), stdio: ['ignore', 'pipe', 'inherit'] });
    try {
      await new Promise<void>((resolve, reject) => {
        let out = '';
        server.stdout.on('data', (chunk: Buffer) => {
          out += chunk.toString();
          if (out.includes('Linli is running')) resolve();
        });
        server.on('exit', () => reject(new Error(out)));
      });
      const second = linli(['migrate']);
      expect(second.code).toBe(1);
      expect(second.err).toMatch(/in use by another Linli process \(pid \d+\)/);
    } finally {
      server.kill('SIGTERM');
      await new Promise((resolve) => server.once('exit', resolve));
    }
  });

  it('backs up and restores the database of this run: the embedded one, or a server with pg_dump', async () => {
    const server = await createScratchServerDatabase();
    const target: Record<string, string> = server ? { DATABASE_URL: server.url, LINLI_DATA_KEY: generateDataKey() } : {};
    try {
      const backup = path.join(dataDir, 'backup.bin');
      expect(linli(['migrate'], target).code).toBe(0);
      expect(linli(['backup', backup], target).code).toBe(0);
      expect(fs.statSync(backup).size).toBeGreaterThan(0);
      // After the backup: the demo, with the city area 330200 an account can be added on.
      expect(linli(['demo', '--reset'], target).out).toMatch(/Demo rebuilt: \d+ households/);
      expect(linli(['user', 'add', 'after', '--role', 'admin', '--area', '330200', '--password', 'after-backup-1'], target).code).toBe(0);
      const restored = linli(['restore', backup], target);
      expect(restored.out).toContain('Restored');
      // Back to the empty registry of the backup: the area is gone again.
      const again = linli(['user', 'add', 'again', '--role', 'admin', '--area', '330200', '--password', 'after-backup-1'], target);
      expect(again.code).toBe(1);
      expect(again.err).toContain('AREA_NOT_FOUND');
    } finally {
      await server?.drop();
    }
    // Builds the whole demo (households, residents, tickets, devices and their alarms) as a child process.
  }, 180_000);
});
