import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildApp, type AppInstance } from '../src/app.ts';
import { loadConfig } from '../src/config.ts';
import type { Database } from '../src/db/engine.ts';
import { fixedClock } from '../src/platform/clock.ts';
import { createFieldCipher, generateDataKey } from '../src/platform/fieldCipher.ts';
import { createLocalStorage } from '../src/platform/storage.ts';
import { createTestDatabase } from './db.ts';
import { makeWorld, TEST_PASSWORD } from './world.ts';

/** A response as tests read it: status, parsed JSON body (null for non-JSON), raw text and bytes, headers. */
export interface TestResponse {
  status: number;
  body: any; // eslint-disable-line @typescript-eslint/no-explicit-any -- test responses are read loosely
  raw: string;
  /** The body as sent, for files (xlsx, images). */
  bytes: Buffer;
  headers: Record<string, unknown>;
}

export interface Agent {
  get(url: string): Promise<TestResponse>;
  send(method: 'POST' | 'PUT' | 'PATCH' | 'DELETE', url: string, body?: unknown): Promise<TestResponse>;
  /** A multipart request such as an import upload. */
  sendRaw(method: 'POST', url: string, body: { payload: Buffer; contentType: string }): Promise<TestResponse>;
}

/** A fresh database with the test world, and the app built over it (never listening). */
export async function startTestApp() {
  const database: Database = await createTestDatabase();
  const cipher = createFieldCipher(generateDataKey());
  const clock = fixedClock(new Date('2026-11-26T08:00:00Z'));
  const world = await makeWorld(database.db, cipher);
  // Uploads go to a folder of this test file's own, which tests look into and close() removes.
  const uploadsDir = fs.mkdtempSync(path.join(os.tmpdir(), 'linli-uploads-'));
  const storage = createLocalStorage(uploadsDir);
  const app: AppInstance = await buildApp({ database, config: loadConfig({ DATA_DIR: '/nonexistent' }), clock, cipher, storage });
  const present = (r: { statusCode: number; body: string; rawPayload: Buffer; headers: Record<string, unknown> }): TestResponse => {
    const json = String(r.headers['content-type'] ?? '').startsWith('application/json');
    return { status: r.statusCode, body: json && r.body ? JSON.parse(r.body) : null, raw: r.body, bytes: r.rawPayload, headers: r.headers };
  };

  /** Logs in and returns an agent that carries the session cookie and the CSRF token. */
  async function login(username: string, password = TEST_PASSWORD): Promise<Agent> {
    const res = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password } });
    if (res.statusCode !== 200) throw new Error(`login ${username} failed: ${res.body}`);
    const cookie = res.cookies.find((c) => c.name === 'linli_session')!;
    const csrf = res.json().csrfToken as string;
    const headers = { cookie: `linli_session=${cookie.value}` };
    return {
      async get(url) {
        return present(await app.inject({ method: 'GET', url, headers }));
      },
      async send(method, url, body) {
        return present(await app.inject({ method, url, headers: { ...headers, 'x-csrf-token': csrf }, payload: body as object }));
      },
      async sendRaw(method, url, body) {
        const r = await app.inject({ method, url, payload: body.payload, headers: { ...headers, 'x-csrf-token': csrf, 'content-type': body.contentType } });
        return present(r);
      },
    };
  }
  return {
    app, database, world, clock, cipher, login, uploadsDir, storage,
    async close() {
      await app.close();
      await database.close();
      fs.rmSync(uploadsDir, { recursive: true, force: true });
    },
  };
}
