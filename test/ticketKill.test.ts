import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.ts';
import { openEmbeddedDatabase } from '../src/db/engine.ts';
import { openRuntime } from '../src/runtime.ts';
import { makeWorld, TEST_PASSWORD } from './world.ts';

// `kill -9` of `linli serve` in the middle of a burst of reports: after a restart on the same data folder
// every ticket the server acknowledged (201) is there with its timeline and its timers, and no ticket is
// half-written. The server runs on the embedded engine in a folder of its own, without the demo.
const root = path.join(__dirname, '..');
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'linli-ticket-kill-'));
const env: NodeJS.ProcessEnv = { ...process.env, DATA_DIR: dataDir, PORT: '0', LINLI_DEMO: '0', LOG_LEVEL: 'warn' };
delete env.DATABASE_URL;
delete env.LINLI_DATA_KEY;
const servers: ChildProcessWithoutNullStreams[] = [];
afterAll(() => {
  for (const child of servers) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  fs.rmSync(dataDir, { recursive: true, force: true });
});

/** Categories whose accept limit (an hour or more) no run of this test reaches, so the timeline stays created, dispatched. */
const categories = ['environment', 'public_facility', 'parking', 'noise', 'greening', 'neighbour_dispute', 'property_service', 'other'];
const CONCURRENT_REPORTERS = 8;
const KILL_AFTER = 40;

/** `linli serve` on the data folder; resolves with its address once it says it is running. */
async function serve(): Promise<{ child: ChildProcessWithoutNullStreams; base: string; exited: Promise<unknown> }> {
  const child = spawn(process.execPath, [path.join(root, 'bin', 'linli.mjs'), 'serve'], { env });
  servers.push(child);
  const exited = new Promise((resolve) => child.once('exit', resolve));
  let output = '';
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const base = await new Promise<string>((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const running = /Linli is running: (http:\/\/[^/\s]+)\//.exec(output);
      if (running) resolve(running[1]);
    });
    child.once('exit', (code) => reject(new Error(`linli serve exited (${code}) before it was running:\n${output}`)));
  });
  return { child, base, exited };
}

/** Signs in as the world's resident; returns the headers of an API call. */
async function signIn(base: string): Promise<Record<string, string>> {
  const res = await fetch(`${base}/api/auth/login`, {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'resident', password: TEST_PASSWORD }),
  });
  expect(res.status, await res.clone().text()).toBe(200);
  const cookie = res.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
  const { csrfToken } = (await res.json()) as { csrfToken: string };
  return { 'content-type': 'application/json', cookie, 'x-csrf-token': csrfToken };
}

/** Reports in a tight loop from several phones until the server dies; resolves with the ids it acknowledged. */
async function burst(base: string, headers: Record<string, string>, onAcknowledged: (count: number) => void): Promise<number[]> {
  const acknowledged: number[] = [];
  let serial = 0;
  const reporter = async () => {
    for (;;) {
      const n = serial++;
      const body = {
        categoryCode: categories[n % categories.length], description: `杀进程测试第 ${n} 单：垃圾桶满了`,
        location: { lon: 121.5005 + ((n * 37) % 190) / 10_000, lat: 29.8005 + ((n * 53) % 190) / 10_000 },
      };
      let res: Response;
      try {
        res = await fetch(`${base}/api/tickets`, { method: 'POST', headers, body: JSON.stringify(body) });
      } catch {
        return; // the server is gone
      }
      const text = await res.text().catch(() => undefined);
      if (text === undefined) return;
      if (res.status !== 201) throw new Error(`POST /api/tickets answered ${res.status}: ${text}`);
      acknowledged.push((JSON.parse(text) as { id: number }).id);
      onAcknowledged(acknowledged.length);
    }
  };
  await Promise.all(Array.from({ length: CONCURRENT_REPORTERS }, reporter));
  return acknowledged;
}

describe('linli serve under kill -9 during a burst of reports', () => {
  it('keeps every acknowledged ticket whole, and no ticket half-written', async () => {
    // The world (communities, grids, a resident account) goes into the data folder before the server starts.
    const runtime = await openRuntime(loadConfig(env));
    await makeWorld(runtime.database.db, runtime.cipher);
    await runtime.database.close();

    const first = await serve();
    const acknowledged = await burst(first.base, await signIn(first.base), (count) => {
      if (count === KILL_AFTER) first.child.kill('SIGKILL');
    });
    await first.exited;
    expect(first.child.signalCode).toBe('SIGKILL');
    expect(acknowledged.length).toBeGreaterThanOrEqual(KILL_AFTER);

    const second = await serve();
    const headers = await signIn(second.base);
    for (const id of acknowledged) {
      const res = await fetch(`${second.base}/api/tickets/${id}`, { headers });
      expect(res.status).toBe(200);
      const ticket = (await res.json()) as { status: string; timeline: { kind: string }[] };
      expect(ticket.status).toBe('dispatched');
      expect(ticket.timeline.map((e) => e.kind)).toEqual(['created', 'dispatched']);
    }
    second.child.kill('SIGTERM');
    await second.exited;

    const database = await openEmbeddedDatabase(dataDir);
    try {
      const ids = (await database.db.selectFrom('ticket').select('id').execute()).map((t) => t.id);
      expect(ids).toEqual(expect.arrayContaining(acknowledged));
      // Every ticket in the folder, acknowledged or cut off in flight, has all its parts or is not there.
      const incomplete = await sql<{ id: number }>`
        SELECT t.id FROM ticket t
        WHERE (SELECT array_agg(kind ORDER BY id) FROM ticket_event e WHERE e.ticket_id = t.id) IS DISTINCT FROM ARRAY['created', 'dispatched']
          OR (SELECT array_agg(kind ORDER BY kind) FROM ticket_timer m WHERE m.ticket_id = t.id AND m.fired_at IS NULL) IS DISTINCT FROM ARRAY['accept', 'resolve']
          OR t.accept_due IS NULL OR t.resolve_due IS NULL
          OR NOT EXISTS (SELECT 1 FROM ticket_subscriber s WHERE s.ticket_id = t.id AND s.user_id = t.reporter_user_id)
          OR NOT EXISTS (SELECT 1 FROM audit_log a WHERE a.entity = 'ticket' AND a.entity_id = t.id::text AND a.action = 'ticket.create')`.execute(database.db);
      expect(incomplete.rows).toEqual([]);
    } finally {
      await database.close();
    }
  }, 120_000);
});
