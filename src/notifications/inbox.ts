import type { AliasableExpression, Expression, Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import type { Actor } from '../platform/actor.ts';
import type { Clock } from '../platform/clock.ts';
import { AppError } from '../platform/errors.ts';
import { decodeCursor, toPage } from '../platform/pagination.ts';
import * as store from './inboxStore.ts';
import type { NotificationListQuery, NotificationView } from './schema.ts';

// The in-app inbox: what the service loop tells staff and residents. Everyone reads only their own.

export interface InboxDeps {
  db: Kysely<DB>;
  clock: Clock;
}

/**
 * Puts one notification in the inbox of each user named (once per user, however often named).
 * Takes the caller's transaction, so a notification exists exactly when the step that caused it does.
 */
export async function notifyUsers(
  db: Kysely<DB>,
  n: { userIds: number[]; ticketId: number | null; kind: string; title: { zh: string; en: string }; at: Date },
): Promise<void> {
  await store.insertNotifications(db, { ...n, userIds: [...new Set(n.userIds)] });
}

/**
 * notifyUsers for the users a subquery names (column `id`), as a query: for a caller that writes it inside
 * a larger statement of its transaction, so the people told are found and told in the same round trip.
 */
export function notifyUsersInsert(
  db: Kysely<DB>, recipients: AliasableExpression<{ id: number }>, n: { ticketId: number | null; kind: string; title: { zh: string; en: string }; at: Date },
) {
  return store.notificationsInsert(db, recipients, n);
}

/** notifyUsersInsert for several notices, each to the users `recipients` pairs with its index (see noticesInsert). */
export function notifyEachInsert(recipients: Expression<{ id: number; i: number }>, notices: Omit<store.NotificationInsert, 'userIds'>[]) {
  return store.noticesInsert(recipients, notices);
}

function present(row: store.NotificationRow, actor: Actor): NotificationView {
  const title = row.title as { zh: string; en: string };
  return {
    id: row.id, ticketId: row.ticket_id, kind: row.kind, title: actor.locale === 'en' ? title.en : title.zh,
    createdAt: row.created_at.toISOString(), read: row.read_at !== null,
  };
}

/** The caller's notifications, newest first; only the unread ones when asked. */
export async function listMyNotifications(deps: InboxDeps, actor: Actor, q: NotificationListQuery) {
  const limit = q.limit ?? 50;
  const rows = await store.selectNotifications(deps.db, actor.userId, { unread: q.unread, beforeId: decodeCursor(q.cursor), limit });
  return toPage(rows, limit, (row) => present(row, actor));
}

/** How many of the caller's notifications are unread: the number on the bell. */
export async function countMyUnread(deps: InboxDeps, actor: Actor): Promise<{ count: number }> {
  return { count: await store.countUnread(deps.db, actor.userId) };
}

/** Marks one of the caller's notifications read; someone else's is NOTIFICATION_NOT_FOUND, as if it did not exist. */
export async function markNotificationRead(deps: InboxDeps, actor: Actor, id: number): Promise<NotificationView> {
  const row = await store.markRead(deps.db, actor.userId, id, deps.clock.now());
  if (!row) throw new AppError('NOTIFICATION_NOT_FOUND');
  return present(row, actor);
}

/** Marks everything in the caller's inbox read. */
export async function markAllMyNotificationsRead(deps: InboxDeps, actor: Actor): Promise<{ updated: number }> {
  return { updated: await store.markAllRead(deps.db, actor.userId, deps.clock.now()) };
}
