// npm run bench:timers — the ticket scheduler under 1,000,000 pending deadlines on a PostgreSQL server (DATABASE_URL,
// else the local one; a throw-away database). Tickets and timers are made with generate_series, due from a few
// seconds ago to a minute from now; one scheduler polls as `linli serve` does (every 200 ms, systemClock) until all
// have fired or the time cap. Prints memory before/after, lateness (fired_at − due_at), throughput, and the plan
// of the claim query with 1M pending (it must stay an index scan).
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { Kysely, PostgresDialect, sql, type CompiledQuery } from 'kysely';
import pg from 'pg';
import { openServerDatabase } from '../src/db/engine.ts';
import type { DB } from '../src/db/schema.ts';
import { systemClock } from '../src/platform/clock.ts';
import { createFieldCipher, generateDataKey } from '../src/platform/fieldCipher.ts';
import { createTicketScheduler } from '../src/tickets/scheduler.ts';
import * as store from '../src/tickets/store.ts';
import { prepareWorld, throwawayServerDatabase } from './tickets.ts';

const TIMERS = 1_000_000;
const TIMERS_PER_TICKET = 10;
/** One ticket in ten is still waiting to be accepted: its deadline is real and escalates; the others were accepted, so theirs are no-ops. */
const DISPATCHED_EVERY = 10;
const OVERDUE_MS = 3_000;
const SPREAD_MS = 60_000;
/** As src/background.ts polls. */
const POLL_MS = 200;
const CAP_MS = 300_000;
const PROGRESS_MS = 10_000;
/** Seeding takes ~20 s: the first timers fall due after it, then OVERDUE_MS worth of them are already late. */
const SEED_LEAD_MS = 45_000;

const mb = (bytes: number) => `${(bytes / 1048576).toFixed(0)} MB`;
const memory = () => {
  const m = process.memoryUsage();
  return `RSS ${mb(m.rss)}, heap used ${mb(m.heapUsed)} of ${mb(m.heapTotal)}`;
};

/**
 * Tickets in the world's grid A1 and their accept timers: timer k (0 ≤ k < TIMERS) is due at start − OVERDUE_MS +
 * k × (OVERDUE_MS + SPREAD_MS) / TIMERS, and belongs to ticket k mod tickets, so each ticket's timers lie ~6 s apart.
 */
async function seed(db: Kysely<DB>, world: Awaited<ReturnType<typeof prepareWorld>>['world'], start: Date) {
  const tickets = TIMERS / TIMERS_PER_TICKET;
  const step = (OVERDUE_MS + SPREAD_MS) / TIMERS;
  // Whole milliseconds, as the app writes them.
  const due = (k: unknown) => sql`date_trunc('milliseconds', ${start}::timestamptz + make_interval(secs => (${k} * ${step}::float8 - ${OVERDUE_MS}::float8) / 1000))`;
  // A dispatched ticket's accept_due is the due time of one of its timers, so that one breaches; which one varies with s.
  await sql`INSERT INTO ticket (community_id, grid_id, category_code, source, description, lon, lat, status, level, assignee_area_id,
      accept_due, resolve_due, first_accept_due, dispatched_at, accepted_at, created_at, updated_at)
    SELECT ${world.communityA.id}, ${world.gridA1.id}, 'safety_hazard', 'resident_app', '压测', 121.505, 29.805,
      CASE WHEN s % ${DISPATCHED_EVERY} = 0 THEN 'dispatched' ELSE 'accepted' END, 0, ${world.gridA1.id},
      CASE WHEN s % ${DISPATCHED_EVERY} = 0 THEN ${due(sql`(s + ${tickets} * ((s / ${DISPATCHED_EVERY}) % ${TIMERS_PER_TICKET}))`)} END,
      ${start}::timestamptz + interval '2 hours', ${start}, ${start}, CASE WHEN s % ${DISPATCHED_EVERY} <> 0 THEN ${start}::timestamptz END, ${start}, ${start}
    FROM generate_series(0, ${tickets - 1}) s`.execute(db);
  await sql`INSERT INTO ticket_timer (ticket_id, kind, due_at)
    SELECT t.id, 'accept', ${due(sql`(t.s + ${tickets} * i)`)}
    FROM (SELECT id, row_number() OVER (ORDER BY id) - 1 AS s FROM ticket) t CROSS JOIN generate_series(0, ${TIMERS_PER_TICKET - 1}) i`.execute(db);
  await sql`ANALYZE`.execute(db);
}

/** The plan of the scheduler's claim query as it runs now, run and rolled back so nothing is claimed. */
async function explainClaim(db: Kysely<DB>, claim: () => CompiledQuery | undefined): Promise<string> {
  const rollback = new Error('rollback');
  let plan = '';
  await db.transaction().execute(async (trx) => {
    await store.claimDueTimers(trx, systemClock.now(), 100);
    const query = claim()!;
    const rows = await trx.executeQuery<{ 'QUERY PLAN': string }>({ ...query, sql: `EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) ${query.sql}` });
    plan = rows.rows.map((r) => `    ${r['QUERY PLAN']}`).join('\n');
    throw rollback;
  }).catch((error) => {
    if (error !== rollback) throw error;
  });
  return plan;
}

/** Lateness of the seeded timers (ids up to lastId), not of those that escalations armed during the run. */
async function lateness(db: Kysely<DB>, lastId: number) {
  const { rows } = await sql<{ fired: number; p50: number; p99: number; max: number; pending: number }>`
    SELECT count(fired_at)::int AS fired,
      percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM fired_at - due_at)) AS p50,
      percentile_cont(0.99) WITHIN GROUP (ORDER BY extract(epoch FROM fired_at - due_at)) AS p99,
      max(extract(epoch FROM fired_at - due_at)) AS max,
      count(*) FILTER (WHERE fired_at IS NULL)::int AS pending
    FROM ticket_timer WHERE id <= ${lastId}`.execute(db);
  return rows[0];
}

/** Every PROGRESS_MS: how many have fired, at what rate, and how late the oldest pending timer is. */
function reportProgress(db: Kysely<DB>, began: number) {
  let last = { at: began, fired: 0 };
  let stopped = false;
  const timer = setInterval(async () => {
    const { rows } = await sql<{ fired: number }>`SELECT count(*)::int AS fired FROM ticket_timer WHERE fired_at IS NOT NULL`.execute(db);
    const next = await store.nextTimerDue(db);
    if (stopped) return;
    const now = performance.now();
    const behind = next ? Math.max(0, Date.now() - next.getTime()) / 1000 : 0;
    console.log(`  ${((now - began) / 1000).toFixed(0).padStart(4)} s: ${rows[0].fired} fired, ${((rows[0].fired - last.fired) / ((now - last.at) / 1000)).toFixed(0)}/s, oldest pending ${behind.toFixed(1)} s late`);
    last = { at: now, fired: rows[0].fired };
  }, PROGRESS_MS);
  return () => {
    stopped = true;
    clearInterval(timer);
  };
}

const throwaway = await throwawayServerDatabase('linli_bench_timers');
const setup = openServerDatabase(throwaway.url);
// The scheduler's own pool, as a second process would have, with the last claim query's SQL kept for EXPLAIN.
const pool = new pg.Pool({ connectionString: throwaway.url, max: 10 });
let claimQuery: CompiledQuery | undefined;
const db = new Kysely<DB>({
  dialect: new PostgresDialect({ pool }),
  log: (event) => {
    if (/^\s*(select|update)\b[\s\S]*\bskip locked\b/i.test(event.query.sql)) claimQuery = event.query;
  },
});
try {
  const { world } = await prepareWorld(setup, createFieldCipher(generateDataKey()));
  const seeding = performance.now();
  const start = new Date(Date.now() + SEED_LEAD_MS);
  await seed(setup.db, world, start);
  const lastId = (await sql<{ id: number }>`SELECT max(id) AS id FROM ticket_timer`.execute(setup.db)).rows[0].id;
  console.log(`seeded ${TIMERS} timers on ${TIMERS / TIMERS_PER_TICKET} tickets in ${((performance.now() - seeding) / 1000).toFixed(1)} s; ` +
    `due from ${OVERDUE_MS / 1000} s before the start to ${SPREAD_MS / 1000} s after it: ${(TIMERS / ((OVERDUE_MS + SPREAD_MS) / 1000)).toFixed(0)} falling due per second`);
  console.log(`1 ticket in ${DISPATCHED_EVERY} is still dispatched, so 1 timer in ${DISPATCHED_EVERY * TIMERS_PER_TICKET} breaches and escalates; the others are no-ops (accepted in time)`);
  if (Date.now() > start.getTime()) console.log(`seeding ran ${((Date.now() - start.getTime()) / 1000).toFixed(1)} s past the start: more timers are overdue than planned`);
  await sleep(Math.max(0, start.getTime() - Date.now()));
  console.log(`claim query with ${TIMERS} pending:\n${await explainClaim(db, () => claimQuery)}`);

  // At the cap the scheduler's clock goes back before every due time: runDue then finds nothing due and returns.
  let capped = false;
  const clock = { now: () => (capped ? new Date(0) : new Date()) };
  const scheduler = createTicketScheduler({ db, clock, log: { error: (obj, msg) => console.error(msg, obj) } });
  global.gc?.();
  console.log(`before: ${memory()}`);
  const began = performance.now();
  const cap = setTimeout(() => (capped = true), CAP_MS);
  const stopReporting = reportProgress(setup.db, began);
  let fired = 0;
  while (!capped && fired < TIMERS) {
    fired += await scheduler.runDue();
    await sleep(POLL_MS);
  }
  clearTimeout(cap);
  stopReporting();
  const seconds = (performance.now() - began) / 1000;
  console.log(`after:  ${memory()} (peak RSS of the process ${mb(process.resourceUsage().maxRSS * 1024)})`);
  const late = await lateness(setup.db, lastId);
  const escalated = (await sql<{ n: number }>`SELECT count(*)::int AS n FROM ticket_event WHERE kind = 'escalated'`.execute(setup.db)).rows[0].n;
  console.log(`fired ${late.fired} of ${TIMERS} (${escalated} escalations) in ${seconds.toFixed(1)} s: ${(late.fired / seconds).toFixed(0)} timers/s, against ${(TIMERS / ((OVERDUE_MS + SPREAD_MS) / 1000)).toFixed(0)}/s falling due`);
  console.log(`lateness of the fired (fired_at − due_at): p50 ${late.p50.toFixed(2)} s, p99 ${late.p99.toFixed(2)} s, max ${late.max.toFixed(2)} s`);
  if (late.pending > 0) console.log(`NOT kept up: ${late.pending} timers still pending when the ${CAP_MS / 1000} s cap ended the run`);
  console.log(`claim query after the run:\n${await explainClaim(db, () => claimQuery)}`);
} finally {
  await db.destroy();
  await setup.close();
  await throwaway.drop();
}
