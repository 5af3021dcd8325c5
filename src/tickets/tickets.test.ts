import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type Agent } from '../../test/app.ts';
import { createTicketScheduler } from './scheduler.ts';

// Grid A1 spans 121.50–121.51 E, 29.80–29.81 N; community A reaches to 29.82 N beyond its grids.
const inA1 = { lon: 121.505, lat: 29.805 };
const inCommunityAOnly = { lon: 121.505, lat: 29.815 };

let t: Awaited<ReturnType<typeof startTestApp>>;
let resident: Agent, grid: Agent, staff: Agent, subdistrict: Agent, department: Agent, staffB: Agent;
const minutes = (n: number) => n * 60_000;
const scheduler = () => createTicketScheduler({ db: t.database.db, clock: t.clock });

beforeAll(async () => {
  t = await startTestApp();
  [resident, grid, staff, subdistrict, department, staffB] = await Promise.all(
    ['resident', 'grid', 'staff', 'subdistrict', 'department', 'staffB'].map((u) => t.login(u)),
  );
});
afterAll(() => t.close());

async function report(body: Record<string, unknown> = {}) {
  const res = await resident.send('POST', '/api/tickets', { categoryCode: 'safety_hazard', description: '楼道堆放杂物堵塞消防通道', location: inA1, ...body });
  expect(res.status, res.raw).toBe(201);
  return res.body;
}

describe('a ticket from report to rating', () => {
  it('is placed in its grid, dispatched to it with deadlines, and followed by its reporter', async () => {
    const ticket = await report();
    expect(ticket).toMatchObject({ status: 'dispatched', level: 0, gridId: t.world.gridA1.id, communityId: t.world.communityA.id, source: 'resident_app', following: true });
    const now = t.clock.now().getTime();
    expect(Date.parse(ticket.acceptDue) - now).toBe(minutes(1));
    expect(Date.parse(ticket.resolveDue) - now).toBe(minutes(120));
    expect(ticket.timeline.map((e: { kind: string }) => e.kind)).toEqual(['created', 'dispatched']);
    const queue = await grid.get('/api/tickets?mine=true&open=true');
    expect(queue.body.items.map((i: { id: number }) => i.id)).toContain(ticket.id);
    expect((await staffB.get(`/api/tickets/${ticket.id}`)).status).toBe(404);
  });

  it('is accepted, reached, resolved and rated; the resident sees each step', async () => {
    const ticket = await report();
    const accepted = await grid.send('POST', `/api/tickets/${ticket.id}/accept`);
    expect(accepted.body).toMatchObject({ status: 'accepted', acceptBreached: false, assigneeUserName: 'grid' });
    expect(Date.parse(accepted.body.arriveDue) - t.clock.now().getTime()).toBe(minutes(10));
    expect((await grid.send('POST', `/api/tickets/${ticket.id}/arrive`)).body.status).toBe('on_site');
    const { multipart } = await import('../../test/multipart.ts');
    const resolved = await grid.sendRaw('POST', `/api/tickets/${ticket.id}/resolve`, multipart({ note: '杂物已清理' }, []));
    expect(resolved.status, resolved.raw).toBe(200);
    expect(resolved.body.status).toBe('resolved');
    const mine = await resident.get(`/api/tickets/${ticket.id}`);
    expect(mine.body.actions).toEqual(expect.arrayContaining(['rate', 'reopen']));
    const rated = await resident.send('POST', `/api/tickets/${ticket.id}/rate`, { resolved: true, rating: 'satisfied', comment: '很快' });
    expect(rated.body).toMatchObject({ status: 'closed', outcome: 'resolved', rating: 'satisfied', ratingResolved: true });
    const inbox = await resident.get('/api/notifications');
    expect(inbox.body.items.some((n: { ticketId: number }) => n.ticketId === ticket.id)).toBe(true);
  });

  it('refuses steps out of turn and steps by people who may not take them', async () => {
    const ticket = await report();
    expect((await resident.send('POST', `/api/tickets/${ticket.id}/accept`)).status).toBe(403);
    const early = await grid.send('POST', `/api/tickets/${ticket.id}/arrive`);
    expect(early.status).toBe(409);
    expect(early.body.error.code).toBe('TICKET_STEP_NOT_ALLOWED');
  });

  it('reopens when the resident says it is not fixed, restarting the clock', async () => {
    const ticket = await report();
    await grid.send('POST', `/api/tickets/${ticket.id}/accept`);
    const { multipart } = await import('../../test/multipart.ts');
    await grid.sendRaw('POST', `/api/tickets/${ticket.id}/resolve`, multipart({ note: '已处理' }, []));
    t.clock.advance(minutes(30));
    const reopened = await resident.send('POST', `/api/tickets/${ticket.id}/rate`, { resolved: false, rating: 'not_satisfied', comment: '还在' });
    expect(reopened.body).toMatchObject({ status: 'dispatched', reopenCount: 1, ratingResolved: false, level: 0 });
    expect(Date.parse(reopened.body.resolveDue) - t.clock.now().getTime()).toBe(minutes(120));
  });

  it('lets the reporter withdraw before acceptance, not after', async () => {
    const ticket = await report();
    expect((await resident.send('POST', `/api/tickets/${ticket.id}/withdraw`, {})).body.status).toBe('withdrawn');
    const other = await report();
    await grid.send('POST', `/api/tickets/${other.id}/accept`);
    expect((await resident.send('POST', `/api/tickets/${other.id}/withdraw`, {})).status).toBe(409);
  });
});

describe('routing and bad input', () => {
  it('sends a point in no grid to the community', async () => {
    const ticket = await report({ location: inCommunityAOnly });
    expect(ticket).toMatchObject({ gridId: null, level: 1, assigneeAreaId: t.world.communityA.id });
  });

  it('refuses a point outside every community, an unknown category, wrong types and huge text, writing nothing', async () => {
    const before = await t.database.db.selectFrom('ticket').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    const outside = await resident.send('POST', '/api/tickets', { categoryCode: 'noise', description: 'x', location: { lon: 100, lat: 20 } });
    expect(outside.status).toBe(400);
    expect(outside.body.error.code).toBe('LOCATION_OUTSIDE_COMMUNITIES');
    const unknown = await resident.send('POST', '/api/tickets', { categoryCode: 'nope', description: 'x', location: inA1 });
    expect(unknown.body.error.code).toBe('TICKET_CATEGORY_UNKNOWN');
    const wrongType = await resident.send('POST', '/api/tickets', { categoryCode: 'noise', description: 5, location: inA1 });
    expect(wrongType.status).toBe(400);
    expect(wrongType.body.error.code).toBe('VALIDATION_FAILED');
    const huge = await resident.send('POST', '/api/tickets', { categoryCode: 'noise', description: 'x'.repeat(5000), location: inA1 });
    expect(huge.status).toBe(400);
    const { multipart } = await import('../../test/multipart.ts');
    const notImage = await resident.sendRaw('POST', '/api/tickets/report', multipart(
      { categoryCode: 'noise', description: '噪音', lon: String(inA1.lon), lat: String(inA1.lat) }, { name: 'photos', fileName: 'x.jpg', body: 'not an image' },
    ));
    expect(notImage.status).toBe(415);
    expect(notImage.body.error.code).toBe('PHOTO_NOT_IMAGE');
    const nul = await resident.send('POST', '/api/tickets', { categoryCode: 'noise', description: '楼道\u0000噪音', location: inA1 });
    expect(nul.status).toBe(400);
    expect(nul.body.error.code).toBe('TEXT_NOT_STORABLE');
    const after = await t.database.db.selectFrom('ticket').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n));
  });

  it('keeps a lone surrogate that a JSON body escapes as the replacement character, as text parameters always did', async () => {
    const res = await resident.send('POST', '/api/tickets', { categoryCode: 'noise', description: '楼道\ud800噪音', location: inA1 });
    expect(res.status, res.raw).toBe(201);
    expect(res.body.description).toBe('楼道\ufffd噪音');
    expect((await resident.get(`/api/tickets/${res.body.id}`)).body.description).toBe('楼道\ufffd噪音');
  });

  it('returns the first ticket for a repeated hotline case number', async () => {
    const call = { categoryCode: 'water_power', description: '停水', source: 'hotline_12345', externalId: '12345-2026-0001', communityId: t.world.communityA.id, contact: { name: '赵六', phone: '13812345678' } };
    const first = await staff.send('POST', '/api/tickets', call);
    const again = await staff.send('POST', '/api/tickets', call);
    expect(again.body.id).toBe(first.body.id);
    expect(first.body.reporter).toBe('赵* 138****5678');
  });
});

describe('deadlines, escalation and the whistle', () => {
  it('moves an unaccepted ticket up to the community and the subdistrict, which whistles a department that must report', async () => {
    const ticket = await report();
    t.clock.advance(minutes(1) + 1);
    await scheduler().runDue();
    let now = (await staff.get(`/api/tickets/${ticket.id}`)).body;
    expect(now).toMatchObject({ level: 1, acceptBreached: true, assigneeAreaId: t.world.communityA.id, status: 'dispatched' });
    t.clock.advance(minutes(10) + 1);
    await scheduler().runDue();
    now = (await subdistrict.get(`/api/tickets/${ticket.id}`)).body;
    expect(now).toMatchObject({ level: 2, assigneeAreaId: t.world.subdistrict.id });
    expect(now.actions).toContain('whistle');
    const whistled = await subdistrict.send('POST', `/api/tickets/${ticket.id}/whistle`, { departmentId: t.world.departmentId, reason: '消防通道需住建部门处理' });
    expect(whistled.body).toMatchObject({ level: 3, assigneeDepartmentId: t.world.departmentId });
    expect(Date.parse(whistled.body.acceptDue) - t.clock.now().getTime()).toBe(minutes(30));
    const deptQueue = await department.get('/api/tickets?mine=true');
    expect(deptQueue.body.items.map((i: { id: number }) => i.id)).toContain(ticket.id);
    const reported = await department.send('POST', `/api/tickets/${ticket.id}/accept`);
    expect(reported.body.status).toBe('accepted');
    expect(reported.body.acceptBreached).toBe(true);
    const kinds = reported.body.timeline.map((e: { kind: string }) => e.kind);
    expect(kinds).toEqual(['created', 'dispatched', 'breached', 'escalated', 'breached', 'escalated', 'whistled', 'accepted']);
  });

  it('fires each deadline once, however often the scheduler runs', async () => {
    const ticket = await report();
    t.clock.advance(minutes(1) + 1);
    await Promise.all([scheduler().runDue(), scheduler().runDue()]);
    await scheduler().runDue();
    const events = (await staff.get(`/api/tickets/${ticket.id}`)).body.timeline.filter((e: { kind: string }) => e.kind === 'escalated');
    expect(events).toHaveLength(1);
  });

  it('closes a resolved ticket nobody rated as no answer after the callback days', async () => {
    const ticket = await report();
    await grid.send('POST', `/api/tickets/${ticket.id}/accept`);
    const { multipart } = await import('../../test/multipart.ts');
    await grid.sendRaw('POST', `/api/tickets/${ticket.id}/resolve`, multipart({ note: '已处理' }, []));
    t.clock.advance(3 * 86_400_000 + 1);
    await scheduler().runDue();
    // Three days on, the sessions of beforeAll have expired.
    [resident, grid, staff] = await Promise.all(['resident', 'grid', 'staff'].map((u) => t.login(u)));
    expect((await resident.get(`/api/tickets/${ticket.id}`)).body).toMatchObject({ status: 'closed', outcome: 'no_answer' });
  });
});

describe('duplicates and the proactive rule', () => {
  it('offers open tickets of the category within 50 m and lets a resident follow one instead', async () => {
    const ticket = await report({ categoryCode: 'environment', location: { lon: 121.5071, lat: 29.8071 } });
    const near = await resident.get('/api/tickets/nearby?categoryCode=environment&lon=121.5073&lat=29.8071');
    expect(near.body.items.map((i: { id: number }) => i.id)).toContain(ticket.id);
    expect(near.body.items[0].distanceM).toBeLessThanOrEqual(50);
    const far = await resident.get('/api/tickets/nearby?categoryCode=environment&lon=121.5080&lat=29.8071');
    expect(far.body.items.map((i: { id: number }) => i.id)).not.toContain(ticket.id);
  });

  it('opens a proactive ticket at the third report of a category at one place within 7 days', async () => {
    const spot = { lon: 121.5021, lat: 29.8021 };
    for (let i = 0; i < 3; i++) await report({ categoryCode: 'parking', location: spot });
    const proactive = await staff.get('/api/tickets?source=proactive&categoryCode=parking');
    expect(proactive.body.items).toHaveLength(1);
    await report({ categoryCode: 'parking', location: spot });
    expect((await staff.get('/api/tickets?source=proactive&categoryCode=parking')).body.items).toHaveLength(1);
  });
});

describe('dispatchers and handlers', () => {
  it('keeps desk-only fields to staff', async () => {
    const res = await resident.send('POST', '/api/tickets', { categoryCode: 'noise', description: '噪音', location: inA1, priority: 'urgent' });
    expect(res.status).toBe(400);
    expect(res.body.error.details[0]).toMatchObject({ path: 'body.priority', code: 'STAFF_ONLY_FIELD' });
  });

  it('sends a returned grid ticket to the community, and staff move it to another grid', async () => {
    const ticket = await report({ categoryCode: 'noise' });
    const returned = await grid.send('POST', `/api/tickets/${ticket.id}/return`, { reason: '不属于本网格' });
    expect(returned.body).toMatchObject({ status: 'dispatched', level: 1, assigneeAreaId: t.world.communityA.id });
    const moved = await staff.send('POST', `/api/tickets/${ticket.id}/dispatch`, { target: 'grid', gridId: t.world.gridA2.id, reason: '属于二网格' });
    expect(moved.body).toMatchObject({ level: 0, gridId: t.world.gridA2.id, assigneeAreaId: t.world.gridA2.id });
    const wrongGrid = await staff.send('POST', `/api/tickets/${ticket.id}/dispatch`, { target: 'grid', gridId: t.world.gridB1.id });
    expect(wrongGrid.body.error.details[0].code).toBe('GRID_NOT_IN_COMMUNITY');
  });

  it('merges a duplicate: its reporter follows the ticket that stays', async () => {
    const kept = await report({ categoryCode: 'greening' });
    const duplicate = await staff.send('POST', '/api/tickets', { categoryCode: 'greening', description: '树枝太长', source: 'patrol', location: inA1 });
    const merged = await staff.send('POST', `/api/tickets/${duplicate.body.id}/merge`, { intoId: kept.id, reason: '同一棵树' });
    expect(merged.body).toMatchObject({ status: 'merged', mergedInto: kept.id });
    const again = await staff.send('POST', `/api/tickets/${duplicate.body.id}/merge`, { intoId: kept.id });
    expect(again.status).toBe(409);
  });

  it('closes a ticket as not resolved, with the reason on the timeline', async () => {
    const ticket = await report({ categoryCode: 'neighbour_dispute' });
    const closed = await staff.send('POST', `/api/tickets/${ticket.id}/close`, { outcome: 'not_resolved', reason: '双方调解未成，已告知诉讼途径' });
    expect(closed.body).toMatchObject({ status: 'closed', outcome: 'not_resolved' });
    expect(closed.body.timeline.at(-1)).toMatchObject({ kind: 'closed', body: '双方调解未成，已告知诉讼途径' });
    expect((await resident.get(`/api/tickets/${ticket.id}`)).body.actions).not.toContain('reopen');
  });
});

describe('waiting for the resident', () => {
  it('stops the clocks while paused and moves every deadline on by the wait', async () => {
    const ticket = await report({ categoryCode: 'environment' });
    await grid.send('POST', `/api/tickets/${ticket.id}/accept`);
    const paused = await grid.send('POST', `/api/tickets/${ticket.id}/pause`, { reason: '需居民在家时入户查看' });
    expect(paused.body.pausedAt).not.toBeNull();
    expect(paused.body.actions).toContain('resume');
    const resolveDue = Date.parse(paused.body.resolveDue);
    t.clock.set(new Date(resolveDue + 3_600_000));
    await scheduler().runDue();
    [grid, staff, resident] = await Promise.all(['grid', 'staff', 'resident'].map((u) => t.login(u)));
    expect((await grid.get(`/api/tickets/${ticket.id}`)).body.resolveBreached).toBe(false);
    const resumed = await grid.send('POST', `/api/tickets/${ticket.id}/resume`);
    const waited = t.clock.now().getTime() - Date.parse(paused.body.pausedAt);
    expect(Date.parse(resumed.body.resolveDue)).toBe(resolveDue + waited);
    t.clock.set(new Date(Date.parse(resumed.body.resolveDue) + 1));
    await scheduler().runDue();
    grid = await t.login('grid');
    expect((await grid.get(`/api/tickets/${ticket.id}`)).body.resolveBreached).toBe(true);
  });
});
