import crypto from 'node:crypto';
import type { FastifyBaseLogger } from 'fastify';
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import type { Clock } from '../platform/clock.ts';
import type { FieldCipher } from '../platform/fieldCipher.ts';
import * as store from './webhookStore.ts';

// Outbound webhooks (SMS or WeChat gateways): deliveries are queued in the transaction of their event
// (an outbox), then sent by a worker that any Linli process may run, signed, retried with backoff.

/** The associated data of a sealed webhook secret: a ciphertext moved to another column will not open. */
export const SECRET_FIELD = 'webhook.secret';

export function sealSecret(cipher: FieldCipher, secret: string): string {
  return cipher.encrypt(SECRET_FIELD, secret).toString('base64');
}

function openSecret(cipher: FieldCipher, sealed: string): string {
  return cipher.decrypt(SECRET_FIELD, Buffer.from(sealed, 'base64'));
}

/** `sha256=<hex>`: HMAC-SHA256 over `<timestamp>.<body>`, so a receiver can refuse an old request replayed. */
export function signDelivery(secret: string, timestamp: number, body: string): string {
  return `sha256=${crypto.createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

export interface WebhookEvent {
  event: string;
  payload: Record<string, unknown>;
  at: Date;
}

/**
 * Queues the event for every active webhook that takes it. Takes the caller's transaction: the
 * delivery is committed with the step that caused it, or not at all.
 */
export async function enqueueWebhookEvent(db: Kysely<DB>, e: WebhookEvent): Promise<void> {
  await store.deliveriesInsert([e]).execute(db);
}

/** enqueueWebhookEvent for several events as a query, for a caller that writes it inside a larger statement (a CTE) of its transaction. */
export function webhookEventsInsert(events: WebhookEvent[]) {
  return store.deliveriesInsert(events);
}

export interface WebhookWorkerDeps {
  db: Kysely<DB>;
  clock: Clock;
  cipher: FieldCipher;
  log: Pick<FastifyBaseLogger, 'warn'>;
  fetch?: typeof fetch;
}

export interface WebhookWorkerOptions {
  /** Attempts before a delivery is dead (given up on until an admin retries it). */
  maxAttempts?: number;
  /** Deliveries claimed, and sent side by side, at a time. */
  batch?: number;
  /** How long one request may take. */
  timeoutMs?: number;
}

/** A claimed delivery is this process's for a minute: longer than any request may take. */
const LEASE_MS = 60_000;
const FIRST_RETRY_MS = 30_000;
const LONGEST_RETRY_MS = 3600_000;
const ERROR_TEXT_MAX = 500;

/** The wait after the n-th failed attempt: 30 s, doubling each time, at most an hour. */
export function retryDelayMs(attempts: number): number {
  return Math.min(FIRST_RETRY_MS * 2 ** (attempts - 1), LONGEST_RETRY_MS);
}

type Outcome = { ok: true; status: number } | { ok: false; status: number | null; error: string };

/** One POST, outside any transaction: the embedded engine has one connection, not to be held while a gateway thinks. */
async function post(deps: WebhookWorkerDeps, timeoutMs: number, d: store.ClaimedDelivery): Promise<Outcome> {
  const body = JSON.stringify({ id: d.id, event: d.event, createdAt: d.created_at.toISOString(), payload: d.payload });
  const timestamp = Math.floor(deps.clock.now().getTime() / 1000);
  const response = await (deps.fetch ?? fetch)(d.url, {
    method: 'POST',
    body,
    // A redirect is an answer to fix in the webhook's address, not one to follow with the signed body.
    redirect: 'manual',
    signal: AbortSignal.timeout(timeoutMs),
    headers: {
      'content-type': 'application/json',
      'x-linli-event': d.event,
      'x-linli-delivery': String(d.id),
      'x-linli-timestamp': String(timestamp),
      'x-linli-signature': signDelivery(openSecret(deps.cipher, d.secret_sealed), timestamp, body),
    },
  });
  const text = await response.text().catch(() => '');
  if (response.status >= 200 && response.status < 300) return { ok: true, status: response.status };
  return { ok: false, status: response.status, error: `HTTP ${response.status} ${text}`.trim().slice(0, ERROR_TEXT_MAX) };
}

function failure(error: unknown): Outcome {
  const cause = error instanceof Error ? (error.cause instanceof Error ? `${error.message}: ${error.cause.message}` : error.message) : String(error);
  return { ok: false, status: null, error: cause.slice(0, ERROR_TEXT_MAX) };
}

/**
 * The delivery worker. `runDue()` sends every delivery due now, a batch at a time, and says how many
 * it attempted. Safe to run in several processes at once: a delivery is claimed before it is sent.
 */
export function createWebhookWorker(deps: WebhookWorkerDeps, options: WebhookWorkerOptions = {}) {
  const maxAttempts = options.maxAttempts ?? 8;
  const batch = options.batch ?? 20;
  const timeoutMs = options.timeoutMs ?? 5000;

  async function attempt(d: store.ClaimedDelivery, leaseUntil: Date): Promise<void> {
    const outcome = await post(deps, timeoutMs, d).catch(failure);
    const at = deps.clock.now();
    const attempts = d.attempts + 1;
    if (outcome.ok) return store.recordAttempt(deps.db, d.id, leaseUntil, { delivered: true, status: outcome.status, at });
    const dead = attempts >= maxAttempts;
    // The address may carry a token and the payload personal data: the log names the delivery only.
    deps.log.warn({ deliveryId: d.id, webhookId: d.webhook_id, attempts, status: outcome.status, dead }, 'webhook delivery failed');
    const nextAttemptAt = new Date(at.getTime() + retryDelayMs(attempts));
    return store.recordAttempt(deps.db, d.id, leaseUntil, { delivered: false, status: outcome.status, error: outcome.error, at, nextAttemptAt, dead });
  }

  return {
    async runDue(): Promise<number> {
      let attempted = 0;
      for (;;) {
        const now = deps.clock.now();
        const leaseUntil = new Date(now.getTime() + LEASE_MS);
        // One statement is its own short transaction; no transaction is open while the requests go out.
        const claimed = await store.claimDue(deps.db, now, leaseUntil, batch);
        await Promise.all(claimed.map((d) => attempt(d, leaseUntil)));
        attempted += claimed.length;
        if (claimed.length < batch) return attempted;
      }
    },
  };
}
export type WebhookWorker = ReturnType<typeof createWebhookWorker>;
