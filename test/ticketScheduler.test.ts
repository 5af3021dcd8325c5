import { sql, type Kysely } from 'kysely';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { openServerDatabase, type Database } from '../src/db/engine.ts';
import type { DB } from '../src/db/schema.ts';
import { fixedClock } from '../src/platform/clock.ts';
import { createFieldCipher, generateDataKey } from '../src/platform/fieldCipher.ts';
import { createLocalStorage } from '../src/platform/storage.ts';
import { createTicketScheduler } from '../src/tickets/scheduler.ts';
import { openTicket } from '../src/tickets/service.ts';
import { createTestDatabase, serverUrlFor } from './db.ts';
import { makeWorld } from './world.ts';

// The scheduler's promise: a deadline fires once, whoever runs the scheduler and however often, and a
// deadline that passed while no scheduler ran fires on the next run. Timers are rows claimed with SKIP
// LOCKED; on the server two schedulers are two processes (two pools), on the embedded engine two
// instances share its one connection.

const ACCEPT_MS = 60_000; // safety_hazard: accept within 1 minute

interface Setup {
  database: Database;
  /** The same database as a second process sees it: its own pool on the server, the one connection when embedded. */
  secondDb: Kysely<DB>;
  clock: ReturnType<typeof fixedClock>;
  /** Opens n resident reports in grid A1, at least 50 m apart (so none makes a proactive ticket); returns their ids. */
  report(n: number): Promise<number[]>;
  close(): Promise<void>;
}

let setup: Setup | undefined;
afterEach(async () => {
  await setup?.close();
  setup = undefined;
});

async function start(): Promise<Setup> {
  const database = await createTestDatabase();
  const cipher = createFieldCipher(generateDataKey());
  await makeWorld(database.db, cipher);
  const template = inject('template');
  const current = async () => (await sql<{ name: string }>`SELECT current_database() AS name`.execute(database.db)).rows[0].name;
  const second = template.kind === 'server' ? openServerDatabase(serverUrlFor(template.url, await current()), 4) : undefined;
  const clock = fixedClock(new Date('2026-11-26T08:00:00Z'));
  const resident = await database.db.selectFrom('app_user').select(['id', 'display_name']).where('username', '=', 'resident').executeTakeFirstOrThrow();
  const deps = { db: database.db, clock, cipher, storage: createLocalStorage('/nonexistent') };
  const who = { id: resident.id, name: resident.display_name };
  return {
    database, secondDb: second?.db ?? database.db, clock,
    async report(n) {
      const ids: number[] = [];
      for (let i = 0; i < n; i++) {
        // A 16-column lattice with 0.0006° (58 m) and 0.0005° (55 m) between points, inside grid A1.
        const location = { lon: 121.5003 + (i % 16) * 0.0006, lat: 29.8003 + Math.floor(i / 16) * 0.0005 };
        ids.push(await openTicket(deps, {
          source: 'resident_app', who, reporterUserId: resident.id, auditActor: { id: resident.id, name: 'resident', ip: null },
        }, { categoryCode: 'safety_hazard', description: `楼道堆物 ${i}`, location }));
      }
      return ids;
    },
    async close() {
      await second?.close();
      await database.close();
    },
  };
}

/** Timeline events of one kind per ticket, for the given tickets. */
async function eventsPerTicket(db: Kysely<DB>, kind: 'breached' | 'escalated', ids: number[]): Promise<Map<number, number>> {
  const rows = await db.selectFrom('ticket_event').select(['ticket_id', (eb) => eb.fn.countAll<number>().as('n')])
    .where('kind', '=', kind).where('ticket_id', 'in', ids).groupBy('ticket_id').execute();
  return new Map(ids.map((id) => [id, Number(rows.find((r) => r.ticket_id === id)?.n ?? 0)]));
}

const everyOnce = (ids: number[]) => new Map(ids.map((id) => [id, 1]));

describe('the ticket scheduler', () => {
  it('never fires a deadline twice when two schedulers run at once on one database', async () => {
    setup = await start();
    const ids = await setup.report(200);
    setup.clock.advance(ACCEPT_MS + 1);
    // Small batches, so the two take turns many times over the same due timers.
    const first = createTicketScheduler({ db: setup.database.db, clock: setup.clock }, { batch: 20 });
    const second = createTicketScheduler({ db: setup.secondDb, clock: setup.clock }, { batch: 20 });
    const [a, b] = await Promise.all([first.runDue(), second.runDue()]);
    expect(a + b).toBe(ids.length);
    expect(a).toBeGreaterThan(0);
    expect(b).toBeGreaterThan(0);
    expect(await eventsPerTicket(setup.database.db, 'breached', ids)).toEqual(everyOnce(ids));
    expect(await eventsPerTicket(setup.database.db, 'escalated', ids)).toEqual(everyOnce(ids));
    // Run again, both at once: nothing is due any more, and nothing fires again.
    expect(await Promise.all([first.runDue(), second.runDue()])).toEqual([0, 0]);
    expect(await eventsPerTicket(setup.database.db, 'breached', ids)).toEqual(everyOnce(ids));
    const pending = await setup.database.db.selectFrom('ticket_timer').select('ticket_id')
      .where('kind', '=', 'accept').where('fired_at', 'is', null).where('ticket_id', 'in', ids).execute();
    // Each ticket now waits for its community, with a new accept deadline of its own.
    expect(pending.map((p) => p.ticket_id).sort((x, y) => x - y)).toEqual(ids);
  });

  it('fires a deadline that passed while no scheduler ran on the first run after a restart', async () => {
    setup = await start();
    const [id] = await setup.report(1);
    const acceptDue = new Date(setup.clock.now().getTime() + ACCEPT_MS);
    expect(await createTicketScheduler({ db: setup.database.db, clock: setup.clock }).runDue()).toBe(0);
    // Down for half an hour: the accept deadline passed long ago; a new process starts its own scheduler.
    setup.clock.advance(30 * 60_000);
    const restarted = createTicketScheduler({ db: setup.secondDb, clock: setup.clock });
    expect(await restarted.runDue()).toBe(1);
    const timeline = await setup.database.db.selectFrom('ticket_event').select(['kind', 'at', 'details']).where('ticket_id', '=', id).orderBy('id').execute();
    expect(timeline.map((e) => e.kind)).toEqual(['created', 'dispatched', 'breached', 'escalated']);
    expect(timeline[2].at).toEqual(setup.clock.now());
    expect(timeline[2].details).toMatchObject({ deadline: 'accept', due: acceptDue.toISOString() });
    expect(await restarted.runDue()).toBe(0);
  });

  it('fires every due timer in one call when there are more than a batch', async () => {
    setup = await start();
    const ids = await setup.report(23);
    setup.clock.advance(ACCEPT_MS + 1);
    expect(await createTicketScheduler({ db: setup.database.db, clock: setup.clock }, { batch: 5 }).runDue()).toBe(23);
    expect(await eventsPerTicket(setup.database.db, 'escalated', ids)).toEqual(everyOnce(ids));
  });
});
