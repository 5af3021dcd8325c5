/**
 * The scheduler: due ticket timers, claimed with FOR UPDATE SKIP LOCKED so that any number of Linli
 * processes share them and none fires a timer twice (fired_at is set in the transaction that acts).
 * A timer whose deadline has moved since it was armed (accepted, re-dispatched) is a no-op.
 */
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import type { Clock } from '../platform/clock.ts';
import { recordStep, systemWho } from './steps.ts';
import * as store from './store.ts';
import { dispatchStep } from './service.ts';
import { acceptDueAt, loadTiming, type Timing } from './deadlines.ts';
import { ticketSettings } from './settingsCache.ts';
import { ladderAssignment } from './workflow.ts';

type Timer = Awaited<ReturnType<typeof store.claimDueTimers>>[number];

/** The settings deadlines are reckoned by, read once per batch from this process's copy (settingsCache.ts). */
interface Settings {
  categories: Map<string, store.CategoryRow>;
  timing: Timing;
}

const same = (a: Date | null, b: Date) => a !== null && a.getTime() === b.getTime();

/** An accept deadline passed: breached for good, and the ticket moves one rung up the ladder (grid → community → subdistrict). */
async function acceptMissed(trx: Kysely<DB>, ticket: store.TicketRow, timer: Timer, at: Date, settings: Settings): Promise<void> {
  if (!same(ticket.accept_due, timer.due_at) || ticket.status !== 'dispatched') return;
  await recordStep(trx, ticket, systemWho, at, {
    kind: 'breached', details: { deadline: 'accept', due: timer.due_at.toISOString(), level: ticket.level },
    set: { accept_breached_at: ticket.accept_breached_at ?? at },
    // A department that does not report is the subdistrict's to chase; the top of the ladder is told again.
    notify: ticket.level >= 2 ? { handlers: await ladderAssignment(trx, ticket, 2) } : undefined,
  });
  if (ticket.level >= 2) return;
  const category = settings.categories.get(ticket.category_code) ?? (await store.findCategory(trx, ticket.category_code));
  const to = await ladderAssignment(trx, ticket, ticket.level + 1);
  const acceptDue = acceptDueAt(settings.timing, category!, ticket.community_id, to.level, at);
  await dispatchStep(trx, { ...ticket, accept_breached_at: ticket.accept_breached_at ?? at }, systemWho, at, to, { kind: 'escalated', acceptDue, details: { fromLevel: ticket.level } });
}

async function arriveMissed(trx: Kysely<DB>, ticket: store.TicketRow, timer: Timer, at: Date): Promise<void> {
  if (!same(ticket.arrive_due, timer.due_at) || ticket.status !== 'accepted') return;
  await recordStep(trx, ticket, systemWho, at, {
    kind: 'breached', details: { deadline: 'arrive', due: timer.due_at.toISOString() }, set: { arrive_breached_at: ticket.arrive_breached_at ?? at },
    notify: { handlers: await ladderAssignment(trx, ticket, 1) },
  });
}

/** A resolve deadline passed: breached for good, and the level above is told to chase it (督办). */
async function resolveMissed(trx: Kysely<DB>, ticket: store.TicketRow, timer: Timer, at: Date): Promise<void> {
  if (!same(ticket.resolve_due, timer.due_at) || !store.inHandStatuses.includes(ticket.status)) return;
  await recordStep(trx, ticket, systemWho, at, {
    kind: 'breached', details: { deadline: 'resolve', due: timer.due_at.toISOString() }, set: { resolve_breached_at: ticket.resolve_breached_at ?? at },
    notify: { handlers: await ladderAssignment(trx, ticket, Math.min(ticket.level + 1, 2)) },
  });
}

/** Nobody rated a resolved ticket within the callback days: closed as "no answer", counted as such. */
async function callbackUnanswered(trx: Kysely<DB>, ticket: store.TicketRow, timer: Timer, at: Date): Promise<void> {
  if (ticket.status !== 'resolved' || ticket.resolved_at === null || ticket.resolved_at.getTime() >= timer.due_at.getTime()) return;
  await recordStep(trx, ticket, systemWho, at, {
    kind: 'closed', to: 'closed', details: { outcome: 'no_answer' }, set: { outcome: 'no_answer', closed_at: at }, notify: { followers: true },
  });
}

const handlers: Record<Timer['kind'], (trx: Kysely<DB>, ticket: store.TicketRow, timer: Timer, at: Date, settings: Settings) => Promise<void>> = {
  accept: acceptMissed, arrive: arriveMissed, resolve: resolveMissed, callback: callbackUnanswered,
};

/**
 * Acts on claimed timers (already marked fired) that are live, their tickets locked in one query; a
 * ticket with a second timer in the batch is read again for it, since the first may have changed it.
 * The others are done with: their deadlines had moved on when they were claimed.
 */
async function fireAll(trx: Kysely<DB>, claimed: Timer[], at: Date, settings: Settings): Promise<void> {
  const due = claimed.filter((timer) => timer.live);
  const tickets = await store.lockTickets(trx, [...new Set(due.map((t) => t.ticket_id))]);
  const seen = new Set<number>();
  for (const timer of due) {
    const ticket = seen.has(timer.ticket_id) ? await store.lockTicket(trx, timer.ticket_id) : tickets.get(timer.ticket_id);
    seen.add(timer.ticket_id);
    // While the ticket waits for the resident no deadline passes; resuming arms the moved ones again. Checked
    // again here: the ticket may have changed between the claim and its lock.
    if (ticket && ticket.paused_at === null) await handlers[timer.kind](trx, ticket, timer, at, settings);
  }
}

export interface TicketScheduler {
  /** Fires every timer due now, in batches; returns how many fired. */
  runDue(): Promise<number>;
}

export interface SchedulerOptions {
  /** Timers claimed, and acted on, in one transaction. */
  batch?: number;
  /**
   * Transactions side by side while a backlog lasts. One batch waits on a round trip most of its time,
   * so two keep the database busy where one leaves it idle; SKIP LOCKED keeps their timers apart.
   */
  lanes?: number;
}

export function createTicketScheduler(deps: { db: Kysely<DB>; clock: Clock; log?: { error(obj: unknown, msg?: string): void } }, options: SchedulerOptions = {}): TicketScheduler {
  const batch = options.batch ?? 500;
  const lanes = options.lanes ?? 2;
  const settingsNow = async (): Promise<Settings> => {
    const [categories, timing] = await Promise.all([ticketSettings(deps.db, 'categories'), loadTiming(deps.db)]);
    return { categories, timing };
  };

  /** One batch in one transaction; if any timer fails, the batch is retried one timer per transaction. */
  async function runBatch(): Promise<number> {
    const at = deps.clock.now();
    const settings = await settingsNow();
    try {
      return await deps.db.transaction().execute(async (trx) => {
        const due = await store.claimDueTimers(trx, at, batch);
        await fireAll(trx, due, at, settings);
        return due.length;
      });
    } catch (error) {
      deps.log?.error({ err: error }, 'ticket timer batch failed; retrying one by one');
      return runSingly(at, settings);
    }
  }

  async function runSingly(at: Date, settings: Settings): Promise<number> {
    let fired = 0;
    for (let i = 0; i < batch; i++) {
      let claimed: Timer | undefined;
      try {
        const found = await deps.db.transaction().execute(async (trx) => {
          [claimed] = await store.claimDueTimers(trx, at, 1);
          if (claimed) await fireAll(trx, [claimed], at, settings);
          return claimed !== undefined;
        });
        if (!found) break;
      } catch (error) {
        if (!claimed) throw error;
        // A timer that cannot be acted on must not block the others: it is marked fired and logged.
        deps.log?.error({ err: error, timerId: claimed.id }, 'ticket timer failed; skipped');
        await store.markTimerFired(deps.db, claimed.id, at);
      }
      fired++;
    }
    return fired;
  }

  async function drain(): Promise<number> {
    let total = 0;
    for (;;) {
      const fired = await runBatch();
      total += fired;
      if (fired < batch) return total;
    }
  }

  async function runDue(): Promise<number> {
    const first = await runBatch();
    if (first < batch) return first;
    // A backlog: drained by several lanes at once.
    const rest = await Promise.all(Array.from({ length: lanes }, drain));
    return rest.reduce((sum, n) => sum + n, first);
  }

  return { runDue };
}
