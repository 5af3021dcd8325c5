import { sql, type AliasableExpression, type Expression, type Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';

// SQL of the in-app inbox. Every query of a user's notifications filters by user_id.

export interface NotificationInsert {
  userIds: number[];
  ticketId: number | null;
  kind: string;
  title: { zh: string; en: string };
  at: Date;
}

export async function insertNotifications(db: Kysely<DB>, n: NotificationInsert): Promise<void> {
  if (!n.userIds.length) return;
  const title = JSON.stringify(n.title);
  await db
    .insertInto('notification')
    .values(n.userIds.map((userId) => ({ user_id: userId, ticket_id: n.ticketId, kind: n.kind, title, created_at: n.at })))
    .execute();
}

/**
 * One notification for each user the subquery names (in its column `id`, each once): the insert as a
 * query, for a caller that writes it inside a larger statement.
 */
export function notificationsInsert(db: Kysely<DB>, recipients: AliasableExpression<{ id: number }>, n: Omit<NotificationInsert, 'userIds'>) {
  return db
    .insertInto('notification')
    .columns(['user_id', 'ticket_id', 'kind', 'title', 'created_at'])
    .expression(
      db.selectFrom(recipients.as('r')).select([
        'r.id', sql<number | null>`${n.ticketId}::bigint`.as('ticket_id'), sql<string>`${n.kind}::text`.as('kind'),
        sql<string>`${JSON.stringify(n.title)}::jsonb`.as('title'), sql<Date>`${n.at}::timestamptz`.as('created_at'),
      ]),
    );
}

/**
 * Several notifications at once: notice `i` (its index in `notices`) for each user the subquery pairs
 * with it (columns `id` and `i`, each pair once), as a query for a larger statement.
 */
export function noticesInsert(recipients: Expression<{ id: number; i: number }>, notices: Omit<NotificationInsert, 'userIds'>[]) {
  const list = JSON.stringify(notices.map((n, i) => ({ i, ticket_id: n.ticketId, kind: n.kind, title: n.title, at: n.at })));
  return sql`INSERT INTO notification (user_id, ticket_id, kind, title, created_at)
    SELECT r.id, n.ticket_id, n.kind, n.title, n.at
    FROM (${recipients}) r JOIN jsonb_to_recordset(${list}::jsonb) AS n(i int, ticket_id bigint, kind text, title jsonb, at timestamptz) ON n.i = r.i`;
}

const columns = ['id', 'ticket_id', 'kind', 'title', 'created_at', 'read_at'] as const;

/** A user's notifications, newest first, limit + 1 rows (see toPage). */
export async function selectNotifications(db: Kysely<DB>, userId: number, f: { unread?: boolean; beforeId?: number; limit: number }) {
  let query = db.selectFrom('notification').select(columns).where('user_id', '=', userId).orderBy('id', 'desc').limit(f.limit + 1);
  if (f.unread) query = query.where('read_at', 'is', null);
  if (f.beforeId !== undefined) query = query.where('id', '<', f.beforeId);
  return query.execute();
}
export type NotificationRow = Awaited<ReturnType<typeof selectNotifications>>[number];

export async function countUnread(db: Kysely<DB>, userId: number): Promise<number> {
  const row = await db
    .selectFrom('notification')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('user_id', '=', userId)
    .where('read_at', 'is', null)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Marks one of the user's notifications read (keeping the first time); undefined when it is not theirs. */
export async function markRead(db: Kysely<DB>, userId: number, id: number, at: Date): Promise<NotificationRow | undefined> {
  return db
    .updateTable('notification')
    .set((eb) => ({ read_at: eb.fn.coalesce('read_at', eb.val(at)) }))
    .where('id', '=', id)
    .where('user_id', '=', userId)
    .returning(columns)
    .executeTakeFirst();
}

/** Marks all of the user's unread notifications read; how many there were. */
export async function markAllRead(db: Kysely<DB>, userId: number, at: Date): Promise<number> {
  const result = await db.updateTable('notification').set({ read_at: at }).where('user_id', '=', userId).where('read_at', 'is', null).executeTakeFirst();
  return Number(result.numUpdatedRows);
}
