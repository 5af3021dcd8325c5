import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type Agent } from '../../test/app.ts';
import { multipart } from '../../test/multipart.ts';
import { createTicketScheduler } from './scheduler.ts';

/**
 * Real tickets driven through the API and the scheduler on the fixed clock, then measured. Each report
 * is at its own spot (more than 50 m apart) so the proactive rule opens no ticket of its own.
 *
 * Day 1 (2026-11-26): T0 in grid A1, never handled. Day 2 (2026-11-27), all safety hazards (accept within
 * 1 min), created at the same instant:
 * - A1: T1 accepted in 30 s, on site at 2 min, resolved at 10, rated resolved + satisfied.
 *       T2 not accepted in time: escalated, accepted by the community at 61 s, resolved at 10, rated not
 *       resolved (reopened by the rating), resolved again at 30, rated resolved + basically satisfied.
 * - A2: T3 never accepted: open and overdue. T4 accepted in 30 s, on site at 4 min, resolved at 10, never
 *       rated: closed as no answer three days later. T5 accepted in 30 s, resolved at 10, reopened by the
 *       resident ("still not fixed"), resolved again at 30, rated resolved + basically satisfied.
 * - community A, no grid: T6 whistled to the housing department, which accepts in 30 s, resolves at 10;
 *       rated resolved + satisfied.
 * - B1: T7 accepted in 30 s, closed by staff as not resolved at 10.
 */
const DAY = 86_400_000;
const minutes = (n: number) => n * 60_000;
const at = (lon: number, lat: number) => ({ lon, lat });
const spots = {
  t0: at(121.501, 29.801), t1: at(121.503, 29.803), t2: at(121.505, 29.805),
  t3: at(121.511, 29.801), t4: at(121.513, 29.803), t5: at(121.515, 29.805),
  t6: at(121.505, 29.815), t7: at(121.61, 29.81),
};
type Name = keyof typeof spots;
const usernames = ['admin', 'resident', 'grid', 'staff', 'staffB', 'department', 'lead'] as const;

let t: Awaited<ReturnType<typeof startTestApp>>;
const as = {} as Record<(typeof usernames)[number], Agent>;
const id = {} as Record<Name, number>;
const day2 = 'from=2026-11-27&to=2026-11-27';

async function loginAll() {
  for (const u of usernames) as[u] = await t.login(u);
}
async function report(name: Name) {
  const res = await as.resident.send('POST', '/api/tickets', { categoryCode: 'safety_hazard', description: `隐患 ${name}`, location: spots[name] });
  expect(res.status, res.raw).toBe(201);
  id[name] = res.body.id;
}
async function step(who: keyof typeof as, name: Name, action: string, body?: object) {
  const res = action === 'resolve'
    ? await as[who].sendRaw('POST', `/api/tickets/${id[name]}/resolve`, multipart({ note: '已处理' }, []))
    : await as[who].send('POST', `/api/tickets/${id[name]}/${action}`, body);
  expect(res.status, `${who} ${action} ${name}: ${res.raw}`).toBe(200);
}
const runScheduler = () => createTicketScheduler({ db: t.database.db, clock: t.clock }).runDue();
const until = (offsetMs: number, start: number) => t.clock.set(new Date(start + offsetMs));

beforeAll(async () => {
  t = await startTestApp();
  await loginAll();
  await report('t0');
  t.clock.advance(DAY);
  await loginAll();
  const start = t.clock.now().getTime();
  for (const name of ['t1', 't2', 't3', 't4', 't5', 't6', 't7'] as const) await report(name);

  until(30_000, start);
  await step('grid', 't1', 'accept');
  await step('staff', 't4', 'accept');
  await step('staff', 't5', 'accept');
  await step('staffB', 't7', 'accept');
  await step('staff', 't6', 'dispatch', { target: 'department', departmentId: t.world.departmentId, reason: '请住建部门处理' });
  await step('department', 't6', 'accept');

  until(61_000, start);
  await runScheduler();
  await step('staff', 't2', 'accept');
  until(minutes(2), start);
  await step('grid', 't1', 'arrive');
  until(minutes(4), start);
  await step('staff', 't4', 'arrive');

  until(minutes(10), start);
  await step('grid', 't1', 'resolve');
  for (const name of ['t2', 't4', 't5'] as const) await step('staff', name, 'resolve');
  await step('department', 't6', 'resolve');
  await step('staffB', 't7', 'close', { outcome: 'not_resolved', reason: '不属于本社区职责' });

  until(minutes(20), start);
  await step('resident', 't1', 'rate', { resolved: true, rating: 'satisfied' });
  await step('resident', 't2', 'rate', { resolved: false, rating: 'not_satisfied', comment: '还在' });
  await step('resident', 't5', 'reopen', { reason: '又堆上了' });
  await step('resident', 't6', 'rate', { resolved: true, rating: 'satisfied' });
  await step('staff', 't2', 'accept');
  await step('staff', 't5', 'accept');
  until(minutes(30), start);
  await step('staff', 't2', 'resolve');
  await step('staff', 't5', 'resolve');
  until(minutes(40), start);
  await step('resident', 't2', 'rate', { resolved: true, rating: 'basically_satisfied' });
  await step('resident', 't5', 'rate', { resolved: true, rating: 'basically_satisfied' });

  // Three days on: T4's callback went unanswered; T0 and T3 are still waiting.
  t.clock.advance(3 * DAY);
  await runScheduler();
  await loginAll();
});
afterAll(() => t.close());

const zeros = { overdueOpen: 0, noAnswer: 0, closedNotResolved: 0 };
const noTimes = { avgArriveMinutes: null, p90ArriveMinutes: null, avgResolveMinutes: null, p90ResolveMinutes: null };
const rows = {
  a1: {
    tickets: 2, dueForAcceptance: 2, acceptedInTime: 1, responseRate: 1 / 2,
    rated: 3, confirmedResolved: 2, resolutionRate: 2 / 3, satisfied: 2, satisfactionRate: 2 / 3,
    // Accepted at 0.5 and 61/60 minutes; resolved (last) at 10 and 30.
    avgAcceptMinutes: 0.8, p90AcceptMinutes: 1, avgArriveMinutes: 2, p90ArriveMinutes: 2, avgResolveMinutes: 20, p90ResolveMinutes: 28, ...zeros,
  },
  a2: {
    tickets: 3, dueForAcceptance: 3, acceptedInTime: 2, responseRate: 2 / 3,
    rated: 1, confirmedResolved: 1, resolutionRate: 1 / 2, satisfied: 1, satisfactionRate: 1,
    avgAcceptMinutes: 0.5, p90AcceptMinutes: 0.5, avgArriveMinutes: 4, p90ArriveMinutes: 4, avgResolveMinutes: 20, p90ResolveMinutes: 28,
    overdueOpen: 1, noAnswer: 1, closedNotResolved: 0,
  },
  noGrid: {
    tickets: 1, dueForAcceptance: 1, acceptedInTime: 1, responseRate: 1, rated: 1, confirmedResolved: 1, resolutionRate: 1, satisfied: 1, satisfactionRate: 1,
    avgAcceptMinutes: 0.5, p90AcceptMinutes: 0.5, ...noTimes, avgResolveMinutes: 10, p90ResolveMinutes: 10, ...zeros,
  },
  b1: {
    tickets: 1, dueForAcceptance: 1, acceptedInTime: 1, responseRate: 1, rated: 0, confirmedResolved: 0, resolutionRate: null, satisfied: 0, satisfactionRate: null,
    avgAcceptMinutes: 0.5, p90AcceptMinutes: 0.5, ...noTimes, overdueOpen: 0, noAnswer: 0, closedNotResolved: 1,
  },
  total: {
    tickets: 7, dueForAcceptance: 7, acceptedInTime: 5, responseRate: 5 / 7, rated: 5, confirmedResolved: 4, resolutionRate: 4 / 6, satisfied: 4, satisfactionRate: 4 / 5,
    avgAcceptMinutes: 0.6, p90AcceptMinutes: 0.8, avgArriveMinutes: 3, p90ArriveMinutes: 3.8, avgResolveMinutes: 18, p90ResolveMinutes: 30,
    overdueOpen: 1, noAnswer: 1, closedNotResolved: 1,
  },
};

describe('the three rates', () => {
  it('ranks the grids by response, then resolution, then satisfaction, with every measure exact', async () => {
    const res = await as.admin.get(`/api/tickets/measures?groupBy=grid&${day2}`);
    expect(res.status, res.raw).toBe(200);
    const { world: w } = t;
    expect(res.body).toEqual({
      from: '2026-11-27', to: '2026-11-27', groupBy: 'grid',
      items: [
        { rank: 1, key: 'none', id: null, name: '未划入网格', ...rows.noGrid },
        // Response rate 1 as well, but no rating: a null resolution rate ranks after a known one.
        { rank: 2, key: String(w.gridB1.id), id: w.gridB1.id, name: 'CB-G1名', ...rows.b1 },
        { rank: 3, key: String(w.gridA2.id), id: w.gridA2.id, name: 'CA-G2名', ...rows.a2 },
        { rank: 4, key: String(w.gridA1.id), id: w.gridA1.id, name: 'CA-G1名', ...rows.a1 },
      ],
      total: { key: 'total', id: null, name: '合计', ...rows.total },
    });
  });

  it('groups by community, subdistrict and whistled department', async () => {
    const { world: w } = t;
    const community = (await as.admin.get(`/api/tickets/measures?groupBy=community&${day2}`)).body;
    expect(community.items.map((r: { id: number; rank: number }) => [r.id, r.rank])).toEqual([[w.communityB.id, 1], [w.communityA.id, 2]]);
    expect(community.items[1]).toMatchObject({
      tickets: 6, dueForAcceptance: 6, acceptedInTime: 4, responseRate: 4 / 6, rated: 5, confirmedResolved: 4, resolutionRate: 4 / 6,
      satisfied: 4, satisfactionRate: 4 / 5, overdueOpen: 1, noAnswer: 1, closedNotResolved: 0,
    });
    expect(community.total).toMatchObject(rows.total);
    const subdistrict = (await as.admin.get(`/api/tickets/measures?groupBy=subdistrict&${day2}`)).body;
    expect(subdistrict.items).toEqual([{ rank: 1, key: String(w.subdistrict.id), id: w.subdistrict.id, name: 'S1名', ...rows.total }]);
    const department = (await as.admin.get(`/api/tickets/measures?groupBy=department&${day2}`)).body;
    expect(department.items).toEqual([{ rank: 1, key: String(w.departmentId), id: w.departmentId, name: '住建局', ...rows.noGrid }]);
    expect(department.total).toMatchObject({ tickets: 1, responseRate: 1 });
  });

  it('counts tickets by the China day they were created, the last 30 days by default', async () => {
    const day1 = (await as.admin.get('/api/tickets/measures?from=2026-11-26&to=2026-11-26')).body;
    // T0 is still waiting three days on: due, not accepted, overdue.
    expect(day1.total).toMatchObject({ tickets: 1, dueForAcceptance: 1, acceptedInTime: 0, responseRate: 0, overdueOpen: 1 });
    const recent = (await as.admin.get('/api/tickets/measures')).body;
    expect(recent).toMatchObject({ from: '2026-11-01', to: '2026-11-30', groupBy: 'grid', total: { tickets: 8 } });
  });

  it('does not hold a ticket withdrawn before its accept deadline against the response rate', async () => {
    const res = await as.resident.send('POST', '/api/tickets', { categoryCode: 'safety_hazard', description: '看错了', location: at(121.509, 29.809) });
    await as.resident.send('POST', `/api/tickets/${res.body.id}/withdraw`, {});
    t.clock.advance(minutes(2));
    const today = (await as.admin.get('/api/tickets/measures?from=2026-11-30')).body;
    expect(today.total).toMatchObject({ tickets: 1, dueForAcceptance: 0, acceptedInTime: 0, responseRate: null });
  });

  it('filters by community and category', async () => {
    const { world: w } = t;
    const inA = (await as.admin.get(`/api/tickets/measures?${day2}&communityId=${w.communityA.id}`)).body;
    expect(inA.items.map((r: { key: string }) => r.key).sort()).toEqual(['none', String(w.gridA1.id), String(w.gridA2.id)].sort());
    const noise = (await as.admin.get(`/api/tickets/measures?${day2}&categoryCode=noise`)).body;
    expect(noise.items).toEqual([]);
    expect(noise.total).toMatchObject({ tickets: 0, responseRate: null, resolutionRate: null, satisfactionRate: null, avgAcceptMinutes: null });
  });

  it('shows each account only the tickets within its reach', async () => {
    const { world: w } = t;
    const keysOf = async (agent: Agent, groupBy = 'grid') => (await agent.get(`/api/tickets/measures?groupBy=${groupBy}&${day2}`)).body.items.map((r: { key: string }) => r.key);
    expect(await keysOf(as.staffB, 'community')).toEqual([String(w.communityB.id)]);
    expect(await keysOf(as.staffB)).toEqual([String(w.gridB1.id)]);
    expect((await as.staffB.get(`/api/tickets/measures?${day2}&communityId=${w.communityA.id}`)).body.total.tickets).toBe(0);
    expect(await keysOf(as.grid)).toEqual([String(w.gridA1.id)]);
    expect(await keysOf(as.lead)).toEqual([String(w.gridA1.id)]);
    // The department officer sees the ticket whistled to its department, and nothing else.
    const department = (await as.department.get(`/api/tickets/measures?groupBy=community&${day2}`)).body;
    expect(department.items.map((r: { key: string; tickets: number }) => [r.key, r.tickets])).toEqual([[String(w.communityA.id), 1]]);
    const resident = await as.resident.get('/api/tickets/measures');
    expect(resident.status).toBe(403);
    expect(resident.body.error.code).toBe('FORBIDDEN');
  });

  it('names the rows in English on request', async () => {
    const res = (await as.admin.get(`/api/tickets/measures?${day2}&lang=en`)).body;
    expect(res.items[0].name).toBe('No grid');
    expect(res.total.name).toBe('Total');
  });
});

const auditCount = async () =>
  Number((await t.database.db.selectFrom('audit_log').select((eb) => eb.fn.countAll<number>().as('n')).where('entity', '=', 'ticket_measures').executeTakeFirstOrThrow()).n);

async function openWorkbook(bytes: Buffer) {
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(bytes as unknown as ArrayBuffer);
  return book.worksheets[0];
}

describe('the ranking as Excel', () => {
  it('has the title with period and grouping, the columns, the ranked rows, the total and rates as percentages', async () => {
    const before = await auditCount();
    const res = await as.admin.get(`/api/tickets/measures.xlsx?groupBy=grid&${day2}`);
    expect(res.status, res.raw).toBe(200);
    expect(res.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect(String(res.headers['content-disposition'])).toContain(encodeURIComponent('三率排名-20261127-20261127.xlsx'));
    const sheet = await openWorkbook(res.bytes);
    expect(sheet.name).toBe('三率排名');
    expect(sheet.getCell('A1').value).toBe('三率排名（按网格）  2026-11-27 至 2026-11-27');
    const header = sheet.getRow(2).values as unknown[];
    expect(header.slice(1, 7)).toEqual(['排名', '网格', '工单数', '应签收', '按时签收', '响应率']);
    const names = [3, 4, 5, 6, 7].map((r) => sheet.getRow(r).getCell(2).value);
    expect(names).toEqual(['未划入网格', 'CB-G1名', 'CA-G2名', 'CA-G1名', '合计']);
    expect(sheet.rowCount).toBe(7);
    const total = sheet.getRow(7);
    expect(total.getCell(1).value).toBe(null);
    expect(total.getCell(3).value).toBe(7);
    expect(total.getCell(6).value).toBe(5 / 7);
    expect(total.getCell(6).numFmt).toBe('0.0%');
    // B1 has no rating: its resolution rate is an empty cell, not 0 %.
    expect(sheet.getRow(4).getCell(9).value).toBe(null);
    expect(await auditCount()).toBe(before + 1);
  });

  it('is in English on request', async () => {
    const sheet = await openWorkbook((await as.admin.get(`/api/tickets/measures.xlsx?groupBy=department&${day2}&lang=en`)).bytes);
    expect(sheet.getCell('A1').value).toBe('Response, resolution and satisfaction ranking by department, 2026-11-27 to 2026-11-27');
    expect(sheet.getRow(2).getCell(2).value).toBe('Department');
    expect(sheet.getRow(4).getCell(2).value).toBe('Total');
  });
});

describe('a bad period', () => {
  it('is refused with the reason, and nothing is written', async () => {
    const before = await auditCount();
    const reversed = await as.admin.get('/api/tickets/measures.xlsx?from=2026-11-27&to=2026-11-26');
    expect(reversed.status).toBe(400);
    expect(reversed.body.error).toMatchObject({ code: 'VALIDATION_FAILED', details: [{ path: 'querystring.to', code: 'PERIOD_REVERSED' }] });
    const tooLong = await as.admin.get('/api/tickets/measures?from=2025-11-27&to=2026-11-28');
    expect(tooLong.status).toBe(400);
    expect(tooLong.body.error.details[0]).toMatchObject({ code: 'PERIOD_TOO_LONG', message: '统计周期最长 366 天，请缩短日期范围' });
    const notADate = await as.admin.get('/api/tickets/measures?from=2026-02-30');
    expect(notADate.status).toBe(400);
    expect((await as.admin.get('/api/tickets/measures?from=2025-11-28&to=2026-11-28')).status).toBe(200);
    expect(await auditCount()).toBe(before);
  });
});
