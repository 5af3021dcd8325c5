import { sql, type Kysely } from 'kysely';
import type { DB, WebhookDeliveryStatus } from '../db/schema.ts';

// SQL of outbound webhooks and their deliveries (an outbox: a delivery row is written with its event).

function webhookBase(db: Kysely<DB>) {
  return db
    .selectFrom('webhook as w')
    .select(['w.id', 'w.name', 'w.url', 'w.events', 'w.active', 'w.created_at'])
    .select((eb) => {
      const count = (status: WebhookDeliveryStatus) =>
        eb.selectFrom('webhook_delivery as d').select((c) => c.fn.countAll<number>().as('n')).whereRef('d.webhook_id', '=', 'w.id').where('d.status', '=', status);
      return [count('pending').as('pending'), count('dead').as('dead')];
    });
}
export type WebhookRow = Awaited<ReturnType<typeof findWebhook>> & object;

export async function selectWebhooks(db: Kysely<DB>) {
  return webhookBase(db).orderBy('w.id').execute();
}

export async function findWebhook(db: Kysely<DB>, id: number) {
  return webhookBase(db).where('w.id', '=', id).executeTakeFirst();
}

export async function insertWebhook(db: Kysely<DB>, w: { name: string; url: string; events: string[]; secretSealed: string; at: Date }): Promise<number> {
  const row = await db
    .insertInto('webhook')
    .values({ name: w.name, url: w.url, events: w.events, secret_sealed: w.secretSealed, created_at: w.at })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** Changes the given fields; false when there is no such webhook. */
export async function updateWebhook(db: Kysely<DB>, id: number, patch: { name?: string; url?: string; events?: string[]; active?: boolean }): Promise<boolean> {
  const result = await db.updateTable('webhook').set(patch).where('id', '=', id).executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/** Deletes a webhook and (by cascade) its deliveries; false when there is no such webhook. */
export async function deleteWebhook(db: Kysely<DB>, id: number): Promise<boolean> {
  const result = await db.deleteFrom('webhook').where('id', '=', id).executeTakeFirst();
  return result.numDeletedRows > 0n;
}

/**
 * A delivery for every active webhook that takes each event (an empty list takes every event), due at
 * once: the insert as a query, for a caller that writes it inside a larger statement.
 */
export function deliveriesInsert(events: { event: string; payload: Record<string, unknown>; at: Date }[]) {
  return sql`INSERT INTO webhook_delivery (webhook_id, event, payload, next_attempt_at, created_at)
    SELECT w.id, e.event, e.payload, e.at, e.at
    FROM webhook w CROSS JOIN jsonb_to_recordset(${JSON.stringify(events)}::jsonb) AS e(event text, payload jsonb, at timestamptz)
    WHERE w.active AND (cardinality(w.events) = 0 OR e.event = ANY(w.events))`;
}

const deliveryColumns = [
  'id', 'webhook_id', 'event', 'payload', 'status', 'attempts', 'next_attempt_at', 'last_status', 'last_error', 'created_at', 'delivered_at',
] as const;

/** A webhook's deliveries, newest first, limit + 1 rows (see toPage). */
export async function selectDeliveries(db: Kysely<DB>, webhookId: number, f: { status?: WebhookDeliveryStatus; beforeId?: number; limit: number }) {
  let query = db.selectFrom('webhook_delivery').select(deliveryColumns).where('webhook_id', '=', webhookId).orderBy('id', 'desc').limit(f.limit + 1);
  if (f.status) query = query.where('status', '=', f.status);
  if (f.beforeId !== undefined) query = query.where('id', '<', f.beforeId);
  return query.execute();
}
export type DeliveryRow = Awaited<ReturnType<typeof selectDeliveries>>[number];

export async function findDelivery(db: Kysely<DB>, id: number): Promise<DeliveryRow | undefined> {
  return db.selectFrom('webhook_delivery').select(deliveryColumns).where('id', '=', id).executeTakeFirst();
}

/** A dead delivery back in the queue, due at `at`, its attempts kept; undefined when it is not dead (or gone). */
export async function requeueDead(db: Kysely<DB>, id: number, at: Date): Promise<DeliveryRow | undefined> {
  return db
    .updateTable('webhook_delivery')
    .set({ status: 'pending', next_attempt_at: at })
    .where('id', '=', id)
    .where('status', '=', 'dead')
    .returning(deliveryColumns)
    .executeTakeFirst();
}

/**
 * Claims up to `limit` due deliveries of active webhooks by moving them to `leaseUntil`, in one
 * statement: SKIP LOCKED leaves rows another process is claiming to it, and once committed the moved
 * time keeps them from being claimed again until the lease runs out (a process that died mid-send).
 */
export async function claimDue(db: Kysely<DB>, now: Date, leaseUntil: Date, limit: number) {
  return db
    .updateTable('webhook_delivery as d')
    .from('webhook as w')
    .set({ next_attempt_at: leaseUntil })
    .whereRef('w.id', '=', 'd.webhook_id')
    .where('d.id', 'in', (eb) =>
      eb
        .selectFrom('webhook_delivery as due')
        .innerJoin('webhook as hook', 'hook.id', 'due.webhook_id')
        .select('due.id')
        .where('due.status', '=', 'pending')
        .where('due.next_attempt_at', '<=', now)
        .where('hook.active', '=', true)
        .orderBy('due.next_attempt_at')
        .orderBy('due.id')
        .limit(limit)
        .forUpdate(['due'])
        .skipLocked())
    .returning(['d.id', 'd.webhook_id', 'd.event', 'd.payload', 'd.attempts', 'd.created_at', 'w.url', 'w.secret_sealed'])
    .execute();
}
export type ClaimedDelivery = Awaited<ReturnType<typeof claimDue>>[number];

export type AttemptResult =
  | { delivered: true; status: number; at: Date }
  | { delivered: false; status: number | null; error: string; at: Date; nextAttemptAt: Date; dead: boolean };

/**
 * Records how an attempt went, only while the claim still holds (next_attempt_at is the lease this
 * process set): a claim that ran out and was taken over is the other process's to record.
 */
export async function recordAttempt(db: Kysely<DB>, id: number, leaseUntil: Date, r: AttemptResult): Promise<void> {
  const set = r.delivered
    ? { status: 'delivered' as const, delivered_at: r.at, last_status: r.status, last_error: null }
    : { status: r.dead ? ('dead' as const) : ('pending' as const), next_attempt_at: r.nextAttemptAt, last_status: r.status, last_error: r.error };
  await db
    .updateTable('webhook_delivery')
    .set((eb) => ({ ...set, attempts: eb('attempts', '+', 1) }))
    .where('id', '=', id)
    .where('status', '=', 'pending')
    .where('next_attempt_at', '=', leaseUntil)
    .execute();
}
