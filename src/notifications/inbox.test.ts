import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startTestApp, type Agent } from '../../test/app.ts';
import { notifyUsers } from './inbox.ts';

let t: Awaited<ReturnType<typeof startTestApp>>;
let resident: Agent;
let staff: Agent;
const ids: Record<string, number> = {};
beforeAll(async () => {
  t = await startTestApp();
  resident = await t.login('resident');
  staff = await t.login('staff');
  for (const u of await t.database.db.selectFrom('app_user').select(['id', 'username']).execute()) ids[u.username] = u.id;
});
afterAll(async () => t?.close());
beforeEach(async () => {
  await t.database.db.deleteFrom('notification').execute();
});

const title = (n: number) => ({ zh: `工单已派发 ${n}`, en: `Ticket dispatched ${n}` });
const at = (minute: number) => new Date(Date.UTC(2026, 10, 26, 8, minute));
const notify = (usernames: string[], n: number) =>
  notifyUsers(t.database.db, { userIds: usernames.map((u) => ids[u]), ticketId: null, kind: 'dispatched', title: title(n), at: at(n) });

describe('notifyUsers', () => {
  it('puts one notification in each named inbox, however often a user is named, and nothing for nobody', async () => {
    await notify(['resident', 'staff', 'resident'], 1);
    await notify([], 2);
    const rows = await t.database.db.selectFrom('notification').select(['user_id', 'kind']).orderBy('user_id').execute();
    expect(rows).toEqual([{ user_id: Math.min(ids.resident, ids.staff), kind: 'dispatched' }, { user_id: Math.max(ids.resident, ids.staff), kind: 'dispatched' }]);
  });

  it('is undone with the transaction that made it', async () => {
    await t.database.db.transaction().execute(async (trx) => {
      await notifyUsers(trx, { userIds: [ids.resident], ticketId: null, kind: 'resolved', title: title(1), at: at(1) });
      throw new Error('the ticket step failed');
    }).catch(() => undefined);
    expect((await resident.get('/api/notifications/unread-count')).body).toEqual({ count: 0 });
  });
});

describe('the inbox', () => {
  it("lists the caller's own notifications, newest first, page by page, in their language", async () => {
    for (const n of [1, 2, 3]) await notify(['resident'], n);
    await notify(['staff'], 4);
    const first = await resident.get('/api/notifications?limit=2');
    expect(first.status).toBe(200);
    expect(first.body.items).toMatchObject([
      { ticketId: null, kind: 'dispatched', title: '工单已派发 3', createdAt: at(3).toISOString(), read: false },
      { title: '工单已派发 2' },
    ]);
    const second = await resident.get(`/api/notifications?limit=2&cursor=${first.body.nextCursor}`);
    expect(second.body).toMatchObject({ items: [{ title: '工单已派发 1' }], nextCursor: null });

    await resident.send('PATCH', '/api/auth/me', { locale: 'en' });
    const english = await resident.get('/api/notifications');
    expect(english.body.items.map((n: { title: string }) => n.title)).toEqual(['Ticket dispatched 3', 'Ticket dispatched 2', 'Ticket dispatched 1']);
    await resident.send('PATCH', '/api/auth/me', { locale: 'zh-CN' });
  });

  it('counts the unread, marks one read (only one of ones own), then all', async () => {
    for (const n of [1, 2, 3]) await notify(['resident'], n);
    await notify(['staff'], 4);
    expect((await resident.get('/api/notifications/unread-count')).body).toEqual({ count: 3 });
    const [newest] = (await resident.get('/api/notifications')).body.items;

    const read = await resident.send('POST', `/api/notifications/${newest.id}/read`);
    expect(read.status).toBe(200);
    expect(read.body).toMatchObject({ id: newest.id, read: true });
    // Again: still read, no error.
    expect((await resident.send('POST', `/api/notifications/${newest.id}/read`)).body.read).toBe(true);
    expect((await resident.get('/api/notifications/unread-count')).body).toEqual({ count: 2 });
    const unread = await resident.get('/api/notifications?unread=true');
    expect(unread.body.items.map((n: { title: string }) => n.title)).toEqual(['工单已派发 2', '工单已派发 1']);

    const staffOwn = (await staff.get('/api/notifications')).body.items[0];
    const theirs = await resident.send('POST', `/api/notifications/${staffOwn.id}/read`);
    expect(theirs.status).toBe(404);
    expect(theirs.body.error.code).toBe('NOTIFICATION_NOT_FOUND');
    expect((await resident.send('POST', '/api/notifications/999999/read')).body.error.code).toBe('NOTIFICATION_NOT_FOUND');

    expect((await resident.send('POST', '/api/notifications/read-all')).body).toEqual({ updated: 2 });
    expect((await resident.get('/api/notifications/unread-count')).body).toEqual({ count: 0 });
    // The staff member's inbox is untouched by either.
    expect((await staff.get('/api/notifications/unread-count')).body).toEqual({ count: 1 });
  });

  it('is only for a signed-in user, and refuses a cursor that is not ours', async () => {
    expect((await t.app.inject({ url: '/api/notifications' })).statusCode).toBe(401);
    expect((await t.app.inject({ url: '/api/notifications/unread-count' })).statusCode).toBe(401);
    expect((await resident.get('/api/notifications?cursor=nonsense')).body.error.code).toBe('BAD_CURSOR');
  });
});
