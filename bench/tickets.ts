// npm run bench:tickets — how fast reports become tickets. On a PostgreSQL server (DATABASE_URL, else the local
// one; a throw-away database): (a) POST /api/tickets as a signed-in resident over real HTTP to the server
// running in this process (routing, deadlines, timeline, timers, audit, inbox, webhook outbox in one
// transaction, answered with the ticket's detail), next to (b) a raw one-row INSERT loop into a copy of the
// ticket table on the same server at the same concurrency, the two taking turns; then an open-loop run at a
// fixed arrival rate for latency. (a) also runs on the embedded engine for reference. Exports the helpers
// bench/timers.ts and bench/ingest.ts share.
//
// The load comes from a worker thread, for (a) and (b) alike, as a load generator on another machine would:
// it shares the cores but not the server's event loop. Its HTTP client is node:http with keep-alive
// connections, asking for compressed answers as a browser does (fetch, run on the server's own event loop,
// spent about half again the CPU the server spent on a report).
import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import zlib from 'node:zlib';
import { sql } from 'kysely';
import pg from 'pg';
import { buildApp } from '../src/app.ts';
import { startBackgroundWork } from '../src/background.ts';
import { loadConfig } from '../src/config.ts';
import { openEmbeddedDatabase, openServerDatabase, type Database } from '../src/db/engine.ts';
import { migrate } from '../src/db/migrate.ts';
import { seedReferenceData } from '../src/db/referenceData.ts';
import { createRng, type Rng } from '../src/demo/random.ts';
import { systemClock } from '../src/platform/clock.ts';
import { createFieldCipher, generateDataKey, type FieldCipher } from '../src/platform/fieldCipher.ts';
import { makeWorld, TEST_PASSWORD } from '../test/world.ts';

const CONCURRENCY = 24;
/** The server's pool (openServerDatabase's default), and the raw loop's. */
const SERVER_POOL = 10;
/**
 * (a) and (b) take turns of CLOSED_LOOP_MS, ROUNDS times, and the ratio is the median of the rounds' own: this
 * machine's speed drifts by a fifth from minute to minute, which would otherwise land on one side of the comparison.
 */
const CLOSED_LOOP_MS = 5_000;
const ROUNDS = 3;
/**
 * Load before each measured run, so that what is measured is the steady state of a server that has been up a
 * while: V8 keeps optimising the request path for seconds (after 200 requests its compiler threads still took
 * a fifth of the CPU), and the raw loop gets the same.
 */
const WARM_UP_MS = 5_000;
const OPEN_LOOP_RATE = 1_000;
const OPEN_LOOP_MS = 10_000;
/** The open-loop client's connection cap: arrivals beyond it wait, and their wait counts as latency. */
const OPEN_LOOP_MAX_IN_FLIGHT = 128;
const OPEN_LOOP_DRAIN_MS = 20_000;
const RATIO_GOAL = 0.3;
const P99_GOAL_MS = 50;

export function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

export const median = (values: number[]) => percentile([...values].sort((a, b) => a - b), 50);

/** A new empty database on the PostgreSQL server (DATABASE_URL's, else the local one), dropped by drop(). */
export async function throwawayServerDatabase(prefix: string): Promise<{ url: string; drop(): Promise<void> }> {
  const url = new URL(process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres');
  url.pathname = '/postgres';
  const admin = openServerDatabase(url.toString(), 1);
  const name = `${prefix}_${crypto.randomBytes(4).toString('hex')}`;
  await sql`CREATE DATABASE ${sql.id(name)}`.execute(admin.db);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      await sql`DROP DATABASE IF EXISTS ${sql.id(name)} WITH (FORCE)`.execute(admin.db);
      await admin.close();
    },
  };
}

/** A migrated database with the test world: communities with grids, and one account per role. */
export async function prepareWorld(database: Database, cipher: FieldCipher) {
  await migrate(database.db);
  await seedReferenceData(database.db);
  const world = await makeWorld(database.db, cipher);
  const categories = (await database.db.selectFrom('ticket_category').select('code').execute()).map((c) => c.code);
  return { world, categories };
}

const communities = [{ lon: 121.5, lat: 29.8 }, { lon: 121.6, lat: 29.8 }]; // the world's 0.02° squares

/** A resident's report somewhere in one of the world's communities, of any category. */
function randomReport(rng: Rng, categories: string[]) {
  const corner = rng.pick(communities);
  return {
    categoryCode: rng.pick(categories), description: `压测工单 ${rng.int(1, 1e9)}：楼道灯不亮，晚上看不清台阶。`,
    location: { lon: corner.lon + rng.float(0.0005, 0.0195), lat: corner.lat + rng.float(0.0005, 0.0195) },
  };
}

/** What the load thread needs to post reports as the signed-in resident and to insert raw rows. */
interface LoadTarget {
  base: string;
  headers: Record<string, string>;
  categories: string[];
  raw?: { url: string; communityId: number; gridId: number; reporterId: number };
}

/** Commands to the load thread; each answers with the figures of its run. */
type LoadCommand =
  | { run: 'http-warm-up' }
  | { run: 'http-closed' }
  | { run: 'http-open'; rate: number; ms: number }
  | { run: 'raw-warm-up' }
  | { run: 'raw-closed' }
  | { run: 'raw-end' };

/** Linli's HTTP server in this process, as `linli serve` runs it (scheduler and webhook worker included), and the resident's session. */
async function startServer(database: Database, cipher: FieldCipher, dataDir: string) {
  const config = loadConfig({ DATA_DIR: dataDir, PORT: '0', LINLI_DEMO: '0' });
  const app = await buildApp({ database, config, clock: systemClock, cipher });
  // Before listen: it adds an onClose hook, which Fastify refuses once listening.
  startBackgroundWork(app, { config, database, cipher, migrated: [], generatedKeyFile: undefined }, systemClock);
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  const base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  const login = await fetch(`${base}/api/auth/login`, {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'resident', password: TEST_PASSWORD }),
  });
  if (!login.ok) throw new Error(`login failed: ${await login.text()}`);
  const cookie = login.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
  const { csrfToken } = (await login.json()) as { csrfToken: string };
  const headers = { 'content-type': 'application/json', 'accept-encoding': 'gzip, deflate, br', cookie, 'x-csrf-token': csrfToken };
  return { app, base, headers };
}

interface Rate {
  count: number;
  seconds: number;
  perSecond: number;
  p50: number;
  p99: number;
}

/** `workers` loops, each doing one operation after another, for `ms` milliseconds. */
async function closedLoop(workers: number, ms: number, operation: () => Promise<number>): Promise<Rate> {
  const latencies: number[] = [];
  const started = performance.now();
  const until = started + ms;
  await Promise.all(Array.from({ length: workers }, async () => {
    while (performance.now() < until) latencies.push(await operation());
  }));
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  return { count: latencies.length, seconds, perSecond: latencies.length / seconds, p50: percentile(latencies, 50), p99: percentile(latencies, 99) };
}

/**
 * Requests arrive every 1000/rate ms for `ms` whether or not earlier ones are done (no coordinated
 * omission): latency runs from the arrival time, so a server that falls behind shows it in p99. At most
 * OPEN_LOOP_MAX_IN_FLIGHT are sent at once; arrivals still waiting OPEN_LOOP_DRAIN_MS after the last
 * one are given up (a server that far behind has failed the run anyway).
 */
async function openLoop(rate: number, ms: number, operation: () => Promise<number>) {
  const total = Math.round((rate * ms) / 1000);
  const latencies: number[] = [];
  let errors = 0;
  let inFlight = 0;
  let next = 0;
  let givenUp = 0;
  const started = performance.now();
  const giveUpAt = started + ms + OPEN_LOOP_DRAIN_MS;
  let finished = started;
  let timer: NodeJS.Timeout | undefined;
  const arrivalOf = (i: number) => started + (i * 1000) / rate;
  await new Promise<void>((resolve) => {
    const launch = () => {
      const now = performance.now();
      if (now > giveUpAt && next < total) {
        givenUp = total - next;
        next = total;
      }
      while (next < total && inFlight < OPEN_LOOP_MAX_IN_FLIGHT && arrivalOf(next) <= now) {
        const arrival = arrivalOf(next++);
        inFlight++;
        operation().then(() => latencies.push(performance.now() - arrival), () => errors++).finally(() => {
          inFlight--;
          finished = performance.now();
          launch();
        });
      }
      if (next === total && inFlight === 0) resolve();
      else if (next < total && inFlight < OPEN_LOOP_MAX_IN_FLIGHT && !timer) {
        timer = setTimeout(() => {
          timer = undefined;
          launch();
        }, Math.max(0, arrivalOf(next) - performance.now()));
      }
    };
    launch();
  });
  latencies.sort((a, b) => a - b);
  const seconds = (finished - started) / 1000;
  return {
    offered: total, completed: latencies.length, errors, givenUp, seconds, achieved: latencies.length / seconds,
    p50: percentile(latencies, 50), p99: percentile(latencies, 99), max: latencies.at(-1)!,
  };
}

type OpenLoopResult = Awaited<ReturnType<typeof openLoop>>;

/** (a): one report POSTed as the resident; resolves to its latency in ms. A refusal fails the run, with the server's answer. */
function reporter(target: LoadTarget) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: OPEN_LOOP_MAX_IN_FLIGHT });
  const rng = createRng(7, 'bench reports');
  return () => new Promise<number>((resolve, reject) => {
    const started = performance.now();
    const request = http.request(`${target.base}/api/tickets`, { method: 'POST', agent, headers: target.headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => {
        if (res.statusCode === 201) return resolve(performance.now() - started);
        const body = Buffer.concat(chunks);
        const text = res.headers['content-encoding'] === 'gzip' ? zlib.gunzipSync(body) : res.headers['content-encoding'] === 'br' ? zlib.brotliDecompressSync(body) : body;
        reject(new Error(`POST /api/tickets answered ${res.statusCode}: ${text.toString()}`));
      });
    });
    request.on('error', reject);
    request.end(JSON.stringify(randomReport(rng, target.categories)));
  });
}

/** (b): one ticket-like row per statement into a copy of the ticket table, from a pool as large as the server's. */
function rawInserter(raw: NonNullable<LoadTarget['raw']>, categories: string[]) {
  const pool = new pg.Pool({ connectionString: raw.url, max: SERVER_POOL });
  const rng = createRng(7, 'bench raw rows');
  const insert = async () => {
    const started = performance.now();
    const r = randomReport(rng, categories);
    const at = new Date();
    await pool.query(
      `INSERT INTO raw_ticket (community_id, grid_id, category_code, source, description, lon, lat, address, priority, reporter_user_id,
         status, level, assignee_area_id, accept_due, resolve_due, first_accept_due, dispatched_at, created_at, updated_at)
       VALUES ($1, $2, $3, 'resident_app', $4, $5, $6, '', 'normal', $7, 'dispatched', 0, $2, $8, $9, $8, $10, $10, $10)`,
      [raw.communityId, raw.gridId, r.categoryCode, r.description, r.location.lon, r.location.lat, raw.reporterId,
        new Date(at.getTime() + 60_000), new Date(at.getTime() + 7_200_000), at],
    );
    return performance.now() - started;
  };
  return { insert, end: () => pool.end() };
}

/** The load thread: runs each command it is sent against the target it was started with. */
async function serveLoad(target: LoadTarget) {
  const report = reporter(target);
  const raw = target.raw && rawInserter(target.raw, target.categories);
  parentPort!.on('message', async (command: LoadCommand) => {
    try {
      if (command.run === 'http-warm-up' || command.run === 'raw-warm-up') {
        await closedLoop(CONCURRENCY, WARM_UP_MS, command.run === 'http-warm-up' ? report : raw!.insert);
        parentPort!.postMessage({ done: true });
      } else if (command.run === 'http-closed') parentPort!.postMessage(await closedLoop(CONCURRENCY, CLOSED_LOOP_MS, report));
      else if (command.run === 'http-open') parentPort!.postMessage(await openLoop(command.rate, command.ms, report));
      else if (command.run === 'raw-closed') parentPort!.postMessage(await closedLoop(CONCURRENCY, CLOSED_LOOP_MS, raw!.insert));
      else {
        await raw!.end();
        parentPort!.postMessage({ done: true });
      }
    } catch (error) {
      parentPort!.postMessage({ error: String(error) });
    }
  });
}

/** A load thread for the target; `run` sends it a command and waits for its figures. */
function startLoad(target: LoadTarget) {
  // The worker runs this file's TypeScript through tsx, as the main thread does.
  const worker = new Worker(`import('tsx/esm/api').then(({ register }) => { register(); return import(${JSON.stringify(import.meta.url)}); })`, {
    eval: true, workerData: target,
  });
  const run = <T>(command: LoadCommand) => new Promise<T>((resolve, reject) => {
    worker.once('message', (answer: T & { error?: string }) => (answer.error ? reject(new Error(answer.error)) : resolve(answer)));
    worker.once('error', reject);
    worker.postMessage(command);
  });
  return { run, stop: () => worker.terminate() };
}

const row = (label: string, r: Rate) =>
  console.log(`  ${label.padEnd(52)} ${r.perSecond.toFixed(0).padStart(7)} tickets/s  (${r.count} in ${r.seconds.toFixed(1)} s, p50 ${r.p50.toFixed(1)} ms, p99 ${r.p99.toFixed(1)} ms)`);

/** Runs `work` against the server and a load thread aimed at it, then closes both (the database stays open for the caller to close). */
async function withServer(database: Database, cipher: FieldCipher, categories: string[], dataDir: string, raw: LoadTarget['raw'], work: (load: ReturnType<typeof startLoad>) => Promise<void>) {
  const server = await startServer(database, cipher, dataDir);
  const load = startLoad({ base: server.base, headers: server.headers, categories, raw });
  try {
    await load.run({ run: 'http-warm-up' });
    await work(load);
  } finally {
    await load.stop();
    await server.app.close();
  }
}

async function onServer(dataDir: string) {
  const throwaway = await throwawayServerDatabase('linli_bench_tickets');
  const database = openServerDatabase(throwaway.url, SERVER_POOL);
  try {
    const cipher = createFieldCipher(generateDataKey());
    const { world, categories } = await prepareWorld(database, cipher);
    await sql`CREATE TABLE raw_ticket (LIKE ticket INCLUDING ALL)`.execute(database.db);
    const reporterId = (await database.db.selectFrom('app_user').select('id').where('username', '=', 'resident').executeTakeFirstOrThrow()).id;
    const version = (await sql<{ v: string }>`SELECT current_setting('server_version') AS v`.execute(database.db)).rows[0].v;
    console.log(`PostgreSQL ${version}: ${CONCURRENCY} concurrent clients, pools of ${SERVER_POOL} connections, ${os.cpus().length} cores shared by the load thread, the server and the database`);
    console.log(`  load average before: ${os.loadavg().map((l) => l.toFixed(1)).join(' ')} (other work on this machine slows every figure)`);
    const raw = { url: throwaway.url, communityId: world.communityA.id, gridId: world.gridA1.id, reporterId };
    await withServer(database, cipher, categories, dataDir, raw, async (load) => {
      await load.run({ run: 'raw-warm-up' });
      const ratios: number[] = [];
      for (let round = 1; round <= ROUNDS; round++) {
        const http = await load.run<Rate>({ run: 'http-closed' });
        row(`(a) POST /api/tickets over HTTP, round ${round}`, http);
        const rawRate = await load.run<Rate>({ run: 'raw-closed' });
        row(`(b) raw single-row INSERT (pg.Pool), round ${round}`, rawRate);
        ratios.push(http.perSecond / rawRate.perSecond);
      }
      await load.run({ run: 'raw-end' });
      const ratio = median(ratios);
      console.log(`  ratio (a)/(b), median of the rounds': ${ratio.toFixed(2)} (goal ≥ ${RATIO_GOAL}: ${ratio >= RATIO_GOAL ? 'met' : 'NOT met'}; rounds: ${ratios.map((r) => r.toFixed(2)).join(', ')})`);
      const open = await load.run<OpenLoopResult>({ run: 'http-open', rate: OPEN_LOOP_RATE, ms: OPEN_LOOP_MS });
      console.log(`  open loop at ${OPEN_LOOP_RATE}/s for ${OPEN_LOOP_MS / 1000} s: ${open.completed} of ${open.offered} created in ${open.seconds.toFixed(1)} s (${open.errors} errors, ${open.givenUp} given up unsent), achieved ${open.achieved.toFixed(0)} tickets/s`);
      console.log(`    latency from arrival: p50 ${open.p50.toFixed(1)} ms, p99 ${open.p99.toFixed(1)} ms, max ${open.max.toFixed(0)} ms (goal p99 < ${P99_GOAL_MS} ms: ${open.p99 < P99_GOAL_MS ? 'met' : 'NOT met'})`);
      if (open.achieved < OPEN_LOOP_RATE * 0.98) console.log(`    this machine did not sustain ${OPEN_LOOP_RATE}/s: it achieved ${open.achieved.toFixed(0)}/s; the backlog shows in the latency`);
    });
  } finally {
    await database.close();
    await throwaway.drop();
  }
}

async function onEmbedded(dataDir: string) {
  const database = await openEmbeddedDatabase(path.join(dataDir, 'embedded'));
  try {
    const cipher = createFieldCipher(generateDataKey());
    const { categories } = await prepareWorld(database, cipher);
    console.log('Embedded engine (PGlite, one connection), for reference');
    await withServer(database, cipher, categories, dataDir, undefined, async (load) => row('(a) POST /api/tickets over HTTP', await load.run<Rate>({ run: 'http-closed' })));
  } finally {
    await database.close();
  }
}

if (!isMainThread) await serveLoad(workerData as LoadTarget);
else if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'linli-bench-tickets-'));
  try {
    await onServer(dataDir);
    await onEmbedded(dataDir);
  } finally {
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}
