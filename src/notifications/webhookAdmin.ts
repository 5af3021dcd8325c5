import crypto from 'node:crypto';
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import { requirePermission, type Actor } from '../platform/actor.ts';
import { insertAuditEntry } from '../platform/audit/store.ts';
import type { Clock } from '../platform/clock.ts';
import type { FieldCipher } from '../platform/fieldCipher.ts';
import { AppError } from '../platform/errors.ts';
import { decodeCursor, toPage } from '../platform/pagination.ts';
import type { DeliveryListQuery, DeliveryView, WebhookCreate, WebhookCreated, WebhookUpdate, WebhookView } from './schema.ts';
import * as store from './webhookStore.ts';
import { sealSecret } from './webhooks.ts';

// Administering webhooks: who receives the service loop's events, and the deliveries given up on.
// Every use case needs tickets.manage (admins); every change is audited, never with the secret.

export interface WebhookAdminDeps {
  db: Kysely<DB>;
  clock: Clock;
  cipher: FieldCipher;
}

function presentWebhook(row: store.WebhookRow): WebhookView {
  return {
    id: row.id, name: row.name, url: row.url, events: row.events, active: row.active, createdAt: row.created_at.toISOString(),
    pending: Number(row.pending ?? 0), dead: Number(row.dead ?? 0),
  };
}

function presentDelivery(row: store.DeliveryRow): DeliveryView {
  return {
    id: row.id, webhookId: row.webhook_id, event: row.event, payload: row.payload, status: row.status, attempts: row.attempts,
    nextAttemptAt: row.next_attempt_at.toISOString(), lastStatus: row.last_status, lastError: row.last_error,
    createdAt: row.created_at.toISOString(), deliveredAt: row.delivered_at?.toISOString() ?? null,
  };
}

function auditWebhook(db: Kysely<DB>, actor: Actor, action: string, entityId: number, details: Record<string, unknown>) {
  return insertAuditEntry(db, {
    actorId: actor.userId > 0 ? actor.userId : null, actorName: actor.username, action, entity: 'webhook', entityId, ip: actor.ip, details,
  });
}

async function loadWebhook(db: Kysely<DB>, id: number): Promise<store.WebhookRow> {
  const row = await store.findWebhook(db, id);
  if (!row) throw new AppError('WEBHOOK_NOT_FOUND');
  return row;
}

const distinct = (events: string[] | undefined) => (events === undefined ? undefined : [...new Set(events)]);

/** Every webhook, with how many deliveries wait and how many were given up on. */
export async function listWebhooks(deps: WebhookAdminDeps, actor: Actor): Promise<{ items: WebhookView[] }> {
  requirePermission(actor, 'tickets.manage');
  return { items: (await store.selectWebhooks(deps.db)).map(presentWebhook) };
}

/** A new webhook with a fresh signing secret, sealed at rest; the answer is the only time the secret is shown. */
export async function createWebhook(deps: WebhookAdminDeps, actor: Actor, input: WebhookCreate): Promise<WebhookCreated> {
  requirePermission(actor, 'tickets.manage');
  const secret = crypto.randomBytes(32).toString('hex');
  const fields = { name: input.name.trim(), url: input.url, events: distinct(input.events) ?? [] };
  const id = await deps.db.transaction().execute(async (trx) => {
    const webhookId = await store.insertWebhook(trx, { ...fields, secretSealed: sealSecret(deps.cipher, secret), at: deps.clock.now() });
    await auditWebhook(trx, actor, 'webhook.create', webhookId, fields);
    return webhookId;
  });
  return { ...presentWebhook(await loadWebhook(deps.db, id)), secret };
}

/** Renames, readdresses, changes the events of, or switches a webhook on or off (off: its deliveries wait). */
export async function updateWebhook(deps: WebhookAdminDeps, actor: Actor, id: number, patch: WebhookUpdate): Promise<WebhookView> {
  requirePermission(actor, 'tickets.manage');
  const changes = { ...patch, name: patch.name?.trim(), events: distinct(patch.events) };
  await deps.db.transaction().execute(async (trx) => {
    if (!(await store.updateWebhook(trx, id, changes))) throw new AppError('WEBHOOK_NOT_FOUND');
    await auditWebhook(trx, actor, 'webhook.update', id, { fields: Object.keys(patch), ...changes });
  });
  return presentWebhook(await loadWebhook(deps.db, id));
}

/** Removes a webhook with all its deliveries, sent or not. */
export async function deleteWebhook(deps: WebhookAdminDeps, actor: Actor, id: number): Promise<void> {
  requirePermission(actor, 'tickets.manage');
  await deps.db.transaction().execute(async (trx) => {
    if (!(await store.deleteWebhook(trx, id))) throw new AppError('WEBHOOK_NOT_FOUND');
    await auditWebhook(trx, actor, 'webhook.delete', id, {});
  });
}

/** A webhook's deliveries, newest first, by status (dead: the ones to look into and retry). */
export async function listDeliveries(deps: WebhookAdminDeps, actor: Actor, webhookId: number, q: DeliveryListQuery) {
  requirePermission(actor, 'tickets.manage');
  await loadWebhook(deps.db, webhookId);
  const limit = q.limit ?? 50;
  const rows = await store.selectDeliveries(deps.db, webhookId, { status: q.status, beforeId: decodeCursor(q.cursor), limit });
  return toPage(rows, limit, presentDelivery);
}

/**
 * Puts a dead delivery back in the queue, due now. Its attempts are kept, so the retry is one more
 * attempt: should it fail too, the delivery is dead again rather than starting a new series.
 */
export async function retryDelivery(deps: WebhookAdminDeps, actor: Actor, id: number): Promise<DeliveryView> {
  requirePermission(actor, 'tickets.manage');
  return deps.db.transaction().execute(async (trx) => {
    const row = await store.requeueDead(trx, id, deps.clock.now());
    if (!row) throw new AppError((await store.findDelivery(trx, id)) ? 'WEBHOOK_DELIVERY_NOT_DEAD' : 'WEBHOOK_DELIVERY_NOT_FOUND');
    await auditWebhook(trx, actor, 'webhook.retry', row.webhook_id, { deliveryId: id, event: row.event });
    return presentDelivery(row);
  });
}
