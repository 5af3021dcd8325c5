import type { AppInstance } from './app.ts';
import { createWebhookWorker } from './notifications/webhooks.ts';
import type { Runtime } from './runtime.ts';
import type { Clock } from './platform/clock.ts';
import { createTicketScheduler } from './tickets/scheduler.ts';

/**
 * Work that runs beside the HTTP server: the ticket scheduler (due deadlines, escalations, callbacks)
 * and the webhook deliveries. Each is a poll of rows claimed with SKIP LOCKED, so every Linli process
 * may run them; each loop waits for its round to finish before the next, and stops with the app.
 */

/** Timers fire within a second of due: the scheduler looks this often (one indexed query when idle). */
const SCHEDULER_INTERVAL_MS = 200;
const WEBHOOK_INTERVAL_MS = 1000;

function every(intervalMs: number, run: () => Promise<unknown>, onError: (error: unknown) => void) {
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let round: Promise<unknown> = Promise.resolve();
  const tick = () => {
    round = run().catch(onError).finally(() => {
      if (!stopped) timer = setTimeout(tick, intervalMs);
    });
  };
  timer = setTimeout(tick, intervalMs);
  return async () => {
    stopped = true;
    clearTimeout(timer);
    await round;
  };
}

export function startBackgroundWork(app: AppInstance, runtime: Runtime, clock: Clock): void {
  const deps = { db: runtime.database.db, clock, cipher: runtime.cipher, log: app.log };
  const scheduler = createTicketScheduler(deps);
  const webhooks = createWebhookWorker(deps);
  const stops = [
    every(SCHEDULER_INTERVAL_MS, () => scheduler.runDue(), (err) => app.log.error({ err }, 'ticket scheduler failed')),
    every(WEBHOOK_INTERVAL_MS, () => webhooks.runDue(), (err) => app.log.error({ err }, 'webhook deliveries failed')),
  ];
  // Stopped before the database closes: onClose hooks run before the runtime is shut.
  app.addHook('onClose', async () => {
    await Promise.all(stops.map((stop) => stop()));
  });
}
