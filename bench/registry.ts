// npm run bench:registry — p50/p99 of registry list queries at 100k residents, on the embedded
// engine and (when DATABASE_URL or the local server is reachable) on PostgreSQL, in the same run.
import { performance } from 'node:perf_hooks';
import { sql } from 'kysely';
import { buildApp } from '../src/app.ts';
import { loadConfig } from '../src/config.ts';
import { openServerDatabase, wrapPglite, type Database } from '../src/db/engine.ts';
import { migrate } from '../src/db/migrate.ts';
import { DEMO_PASSWORD, loadDemo } from '../src/demo/load.ts';
import { systemClock } from '../src/platform/clock.ts';
import { createFieldCipher, generateDataKey } from '../src/platform/fieldCipher.ts';
import { PGlite } from '@electric-sql/pglite';

const TARGET_RESIDENTS = 100_000;
const QUERIES = 200; // per query kind

async function grow(database: Database): Promise<number> {
  // Copies of the demo's residents (ID-number hash dropped: it is unique per community) up to the target.
  for (;;) {
    const { n } = (await sql<{ n: number }>`SELECT count(*)::int AS n FROM resident`.execute(database.db)).rows[0];
    if (n >= TARGET_RESIDENTS) return n;
    await sql`INSERT INTO resident (community_id, grid_id, household_id, name_enc, name_masked, name_bidx, phone_enc, phone_masked,
      phone_bidx, care_tags_enc, care_tag_bidx, birth_year, sex, relation)
      SELECT community_id, grid_id, household_id, name_enc, name_masked, name_bidx, phone_enc, phone_masked, phone_bidx,
      care_tags_enc, care_tag_bidx, birth_year, sex, relation FROM resident LIMIT ${TARGET_RESIDENTS - n}`.execute(database.db);
  }
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

async function measure(label: string, database: Database) {
  await migrate(database.db);
  const cipher = createFieldCipher(generateDataKey());
  await loadDemo(database.db, cipher);
  const residents = await grow(database);
  await sql`ANALYZE`.execute(database.db);
  const app = await buildApp({ database, config: loadConfig({ DATA_DIR: '/nonexistent' }), clock: systemClock, cipher });
  const login = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'staff', password: DEMO_PASSWORD } });
  const cookie = `linli_session=${login.cookies.find((c) => c.name === 'linli_session')!.value}`;
  const queries: Record<string, (i: number) => string> = {
    'residents page': (i) => `/api/residents?limit=50&cursor=${Buffer.from(`i:${(i * 331) % residents}`).toString('base64url')}`,
    'households page': (i) => `/api/households?limit=50&cursor=${Buffer.from(`i:${(i * 53) % 8000}`).toString('base64url')}`,
    'care-tag filter': () => `/api/residents?careTag=elder_alone&limit=50`,
    'exact phone search': (i) => `/api/residents?phone=139${String(i).padStart(8, '0')}`,
  };
  const all: number[] = [];
  for (const [name, url] of Object.entries(queries)) {
    const times: number[] = [];
    for (let i = 0; i < QUERIES; i++) {
      const started = performance.now();
      const res = await app.inject({ url: url(i), headers: { cookie } });
      if (res.statusCode !== 200) throw new Error(res.body);
      times.push(performance.now() - started);
    }
    times.sort((a, b) => a - b);
    all.push(...times);
    console.log(`  ${label} · ${name.padEnd(18)} p50=${percentile(times, 50).toFixed(1)} ms p99=${percentile(times, 99).toFixed(1)} ms`);
  }
  all.sort((a, b) => a - b);
  await app.close();
  await database.close();
  const result = { residents, p50: percentile(all, 50), p99: percentile(all, 99) };
  console.log(`${label.padEnd(22)} residents=${result.residents} all queries p50=${result.p50.toFixed(1)} ms p99=${result.p99.toFixed(1)} ms`);
  return result;
}

const embedded = await measure('embedded (PGlite)', wrapPglite(await PGlite.create()));
const serverUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const admin = openServerDatabase(serverUrl, 1);
const name = `linli_bench_${Date.now()}`;
await sql`CREATE DATABASE ${sql.id(name)}`.execute(admin.db);
try {
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const server = await measure('PostgreSQL server', openServerDatabase(url.toString()));
  console.log(`p99 ratio embedded/server: ${(embedded.p99 / server.p99).toFixed(2)}`);
} finally {
  await sql`DROP DATABASE IF EXISTS ${sql.id(name)} WITH (FORCE)`.execute(admin.db);
  await admin.close();
}
