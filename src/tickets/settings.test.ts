import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type Agent } from '../../test/app.ts';
import { createTicketScheduler } from './scheduler.ts';

// Grid A1 of community A spans 121.50–121.51 E, 29.80–29.81 N. The test clock starts on Thursday
// 2026-11-26 at 16:00 China time.
const inA1 = { lon: 121.505, lat: 29.805 };

let t: Awaited<ReturnType<typeof startTestApp>>;
let admin: Agent, staff: Agent, staffB: Agent, subdistrict: Agent, grid: Agent, resident: Agent, department: Agent;
const minutes = (n: number) => n * 60_000;
const sinceNow = (iso: string) => Date.parse(iso) - t.clock.now().getTime();

beforeAll(async () => {
  t = await startTestApp();
  [admin, staff, staffB, subdistrict, grid, resident, department] = await Promise.all(
    ['admin', 'staff', 'staffB', 'subdistrict', 'grid', 'resident', 'department'].map((u) => t.login(u)),
  );
});
afterAll(() => t.close());

async function report(categoryCode: string, location = inA1) {
  const res = await resident.send('POST', '/api/tickets', { categoryCode, description: '设置测试', location });
  expect(res.status, res.raw).toBe(201);
  return res.body;
}

/** Rows of the tables settings write, and audit entries: a refused request changes none of them. */
async function footprint() {
  const db = t.database.db;
  const count = async (table: 'ticket_category' | 'ticket_routing_rule' | 'escalation_step' | 'working_calendar_day' | 'audit_log') =>
    Number((await db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
  const settings = (await admin.get('/api/ticket-settings')).body;
  return {
    counts: await Promise.all((['ticket_category', 'ticket_routing_rule', 'escalation_step', 'working_calendar_day', 'audit_log'] as const).map(count)),
    settings,
  };
}

describe('the working calendar', () => {
  it('moves a working-calendar deadline past a holiday, and back with a 调休 Saturday', async () => {
    expect(t.clock.now().toISOString()).toBe('2026-11-26T08:00:00.000Z');
    // 环境卫生: 7 working days (3360 minutes) from Thursday 16:00 end on Monday 7 December at 16:00.
    const before = await report('environment', { lon: 121.501, lat: 29.801 });
    expect(before.resolveDue).toBe('2026-12-07T08:00:00.000Z');

    const holiday = await admin.send('PUT', '/api/working-calendar', { year: 2026, days: [{ day: '2026-11-27', working: false, name: '测试假日' }] });
    expect(holiday.status, holiday.raw).toBe(200);
    const after = await report('environment', { lon: 121.503, lat: 29.803 });
    expect(after.resolveDue).toBe('2026-12-08T08:00:00.000Z');
    // Deadlines already set stay as they were.
    expect((await staff.get(`/api/tickets/${before.id}`)).body.resolveDue).toBe('2026-12-07T08:00:00.000Z');

    await admin.send('PUT', '/api/working-calendar', {
      year: 2026, days: [{ day: '2026-11-28', working: true, name: '调休上班' }, { day: '2026-11-27', working: false, name: '测试假日' }],
    });
    expect((await report('environment', { lon: 121.507, lat: 29.807 })).resolveDue).toBe('2026-12-07T08:00:00.000Z');
    const shown = (await staff.get('/api/ticket-settings')).body.calendarDays;
    expect(shown).toEqual([{ day: '2026-11-27', working: false, name: '测试假日' }, { day: '2026-11-28', working: true, name: '调休上班' }]);

    await admin.send('PUT', '/api/working-calendar', { year: 2026, days: [] });
    expect((await admin.get('/api/ticket-settings')).body.calendarDays).toEqual([]);
  });
});

describe('categories', () => {
  it('applies a changed accept limit to the next ticket, not to those already dispatched', async () => {
    const earlier = await report('safety_hazard');
    const changed = await admin.send('PATCH', '/api/ticket-categories/safety_hazard', { acceptMinutes: 3 });
    expect(changed.status, changed.raw).toBe(200);
    expect(changed.body).toMatchObject({ code: 'safety_hazard', acceptMinutes: 3, arriveMinutes: 10, resolveMinutes: 120, active: true });
    const next = await report('safety_hazard');
    expect(sinceNow(next.acceptDue)).toBe(minutes(3));
    expect(sinceNow((await staff.get(`/api/tickets/${earlier.id}`)).body.acceptDue)).toBe(minutes(1));

    const audit = await admin.get('/api/audit?entity=ticket_category');
    expect(audit.body.items[0]).toMatchObject({ action: 'ticket_category.update', entityId: 'safety_hazard' });
    expect(audit.body.items[0].details).toEqual({ acceptMinutes: { from: 1, to: 3 } });
    await admin.send('PATCH', '/api/ticket-categories/safety_hazard', { acceptMinutes: 1 });
  });

  it('creates a category and deactivates it instead of deleting it', async () => {
    const created = await admin.send('POST', '/api/ticket-categories', {
      code: 'pets', name: { zh: '宠物扰民', en: 'Pets' }, slaClass: 'general', calendar: 'working', acceptMinutes: 60, resolveMinutes: 3360,
    });
    expect(created.status, created.raw).toBe(201);
    expect(created.body).toMatchObject({ code: 'pets', arriveMinutes: null, active: true });
    expect((await report('pets')).categoryCode).toBe('pets');

    expect((await admin.send('PATCH', '/api/ticket-categories/pets', { active: false })).body.active).toBe(false);
    const refused = await resident.send('POST', '/api/tickets', { categoryCode: 'pets', description: '狗叫', location: inA1 });
    expect(refused.body.error.code).toBe('TICKET_CATEGORY_UNKNOWN');
    expect((await resident.get('/api/ticket-categories')).body.items.map((c: { code: string }) => c.code)).not.toContain('pets');
    const listed = (await staff.get('/api/ticket-settings')).body.categories.find((c: { code: string }) => c.code === 'pets');
    expect(listed).toMatchObject({ active: false, name: { zh: '宠物扰民' } });
  });

  it('refuses bad codes, taken codes, limits out of order and unknown categories, writing nothing', async () => {
    const before = await footprint();
    const base = { name: { zh: '新类别', en: 'New' }, slaClass: 'general', calendar: 'working', acceptMinutes: 60, resolveMinutes: 480 };
    const badCode = await admin.send('POST', '/api/ticket-categories', { ...base, code: 'Bad-Code' });
    expect(badCode.status).toBe(400);
    expect(badCode.body.error.details[0].path).toBe('body.code');
    const taken = await admin.send('POST', '/api/ticket-categories', { ...base, code: 'noise' });
    expect(taken.status).toBe(409);
    expect(taken.body.error.code).toBe('TICKET_CATEGORY_EXISTS');
    const outOfOrder = await admin.send('POST', '/api/ticket-categories', { ...base, code: 'late', acceptMinutes: 600, arriveMinutes: 900 });
    expect(outOfOrder.body.error.details.map((d: { code: string }) => d.code)).toEqual(['ACCEPT_OVER_RESOLVE', 'ARRIVE_OVER_RESOLVE']);
    expect(outOfOrder.body.error.details[0].message).toBe('签收时限不能长于办结时限');
    const patched = await admin.send('PATCH', '/api/ticket-categories/noise', { resolveMinutes: 30 });
    expect(patched.status).toBe(400);
    expect(patched.body.error.details[0]).toMatchObject({ path: 'body.acceptMinutes', code: 'ACCEPT_OVER_RESOLVE' });
    expect((await admin.send('PATCH', '/api/ticket-categories/nope', { active: false })).body.error.code).toBe('TICKET_CATEGORY_NOT_FOUND');
    expect((await admin.send('PATCH', '/api/ticket-categories/noise', {})).status).toBe(400);
    expect((await admin.send('PATCH', '/api/ticket-categories/noise', { acceptMinutes: 0 })).status).toBe(400);
    expect(await footprint()).toEqual(before);
  });
});

describe('routing rules', () => {
  it('replaces the ordered list and routes the next ticket by it', async () => {
    const rules = [
      { categoryCode: 'greening', areaId: null, target: 'department', departmentId: t.world.departmentId },
      { categoryCode: 'noise', areaId: t.world.communityA.id, target: 'community', departmentId: null },
      { categoryCode: null, areaId: t.world.communityB.id, target: 'grid', departmentId: null },
    ];
    const put = await admin.send('PUT', '/api/ticket-routing-rules', { rules });
    expect(put.status, put.raw).toBe(200);
    expect(put.body.items.map((r: { position: number; categoryName: { zh: string } | null; areaName: string | null; departmentName: string | null }) =>
      [r.position, r.categoryName?.zh ?? null, r.areaName, r.departmentName])).toEqual([[0, '绿化养护', null, '住建局'], [1, '噪音扰民', 'CA名', null], [2, null, 'CB名', null]]);
    expect(await report('noise')).toMatchObject({ level: 1, assigneeAreaId: t.world.communityA.id });
    expect(await report('greening')).toMatchObject({ level: 3, assigneeDepartmentId: t.world.departmentId });
    expect((await grid.get('/api/ticket-settings')).body.routingRules).toHaveLength(3);
  });

  it('keeps one list, not both, when two replacements race', async () => {
    const one = [{ categoryCode: 'noise', areaId: null, target: 'community', departmentId: null }];
    const two = [...one, { categoryCode: 'parking', areaId: null, target: 'community', departmentId: null }];
    const answers = await Promise.all([one, two, one].map((rules) => admin.send('PUT', '/api/ticket-routing-rules', { rules })));
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200]);
    expect([1, 2]).toContain((await admin.get('/api/ticket-settings')).body.routingRules.length);
  });

  it('refuses a list with an unknown category, area or department, or a department where none belongs, keeping the old list', async () => {
    const before = await footprint();
    const res = await admin.send('PUT', '/api/ticket-routing-rules', {
      rules: [
        { categoryCode: 'noise', areaId: null, target: 'grid', departmentId: null },
        { categoryCode: 'nope', areaId: 999_999, target: 'department', departmentId: null },
        { categoryCode: null, areaId: null, target: 'community', departmentId: t.world.departmentId },
        { categoryCode: null, areaId: null, target: 'department', departmentId: 999_999 },
      ],
    });
    expect(res.status).toBe(400);
    expect(res.body.error.details.map((d: { path: string; code: string }) => `${d.path} ${d.code}`)).toEqual([
      'body.rules.1.categoryCode ROUTING_CATEGORY_UNKNOWN', 'body.rules.1.areaId ROUTING_AREA_UNKNOWN', 'body.rules.1.departmentId ROUTING_DEPARTMENT_REQUIRED',
      'body.rules.2.departmentId ROUTING_DEPARTMENT_UNEXPECTED', 'body.rules.3.departmentId ROUTING_DEPARTMENT_UNKNOWN',
    ]);
    expect(res.body.error.details[0].message).toBe('没有编码为“nope”的诉求类别');
    expect(await footprint()).toEqual(before);
    expect((await admin.send('PUT', '/api/ticket-routing-rules', { rules: [] })).body.items).toEqual([]);
  });
});

describe('the escalation ladder', () => {
  const ladder = (l1: number, l2: number, l3: number) => [{ level: 1, minutes: l1 }, { level: 2, minutes: l2 }, { level: 3, minutes: l3 }];
  const scheduler = () => createTicketScheduler({ db: t.database.db, clock: t.clock });

  it("escalates the next ticket by the community's own ladder, set by its staff", async () => {
    const own = await staff.send('PUT', '/api/escalation-ladder', { communityId: t.world.communityA.id, steps: ladder(5, 20, 15).reverse() });
    expect(own.status, own.raw).toBe(200);
    expect(own.body).toEqual({ communityId: t.world.communityA.id, steps: ladder(5, 20, 15) });
    const ticket = await report('safety_hazard');
    t.clock.advance(minutes(1) + 1);
    await scheduler().runDue();
    let now = (await staff.get(`/api/tickets/${ticket.id}`)).body;
    expect(now).toMatchObject({ level: 1, assigneeAreaId: t.world.communityA.id });
    expect(sinceNow(now.acceptDue)).toBe(minutes(5));
    t.clock.advance(minutes(5) + 1);
    await scheduler().runDue();
    now = (await subdistrict.get(`/api/tickets/${ticket.id}`)).body;
    expect(now.level).toBe(2);
    expect(sinceNow(now.acceptDue)).toBe(minutes(20));
    const whistled = await subdistrict.send('POST', `/api/tickets/${ticket.id}/whistle`, { departmentId: t.world.departmentId, reason: '需住建部门处理' });
    expect(sinceNow(whistled.body.acceptDue)).toBe(minutes(15));

    const settings = (await staff.get('/api/ticket-settings')).body.escalation;
    expect(settings.default).toEqual(ladder(10, 30, 30));
    expect(settings.communities).toEqual([{ communityId: t.world.communityA.id, name: 'CA名', steps: ladder(5, 20, 15), editable: true }]);
  });

  it('goes back to the default ladder when the community’s own is removed', async () => {
    expect((await staff.send('DELETE', `/api/escalation-ladder/${t.world.communityA.id}`)).status).toBe(204);
    const ticket = await report('safety_hazard');
    t.clock.advance(minutes(1) + 1);
    await scheduler().runDue();
    expect(sinceNow((await staff.get(`/api/tickets/${ticket.id}`)).body.acceptDue)).toBe(minutes(10));
    expect((await staff.get('/api/ticket-settings')).body.escalation.communities[0].steps).toBeNull();
  });

  it('lets only admins set the default ladder, and refuses levels not given once each', async () => {
    const before = await footprint();
    expect((await staff.send('PUT', '/api/escalation-ladder', { communityId: null, steps: ladder(1, 1, 1) })).body.error.code).toBe('FORBIDDEN');
    const repeated = await admin.send('PUT', '/api/escalation-ladder', { communityId: null, steps: [{ level: 1, minutes: 5 }, { level: 1, minutes: 6 }, { level: 3, minutes: 7 }] });
    expect(repeated.body.error.details).toEqual([{ path: 'body.steps', code: 'LADDER_LEVELS', message: '第 1、2、3 级须各填写一次' }]);
    expect((await admin.send('PUT', '/api/escalation-ladder', { communityId: null, steps: ladder(5, 6, 7).slice(0, 2) })).status).toBe(400);
    const notCommunity = await admin.send('PUT', '/api/escalation-ladder', { communityId: t.world.gridA1.id, steps: ladder(5, 6, 7) });
    expect(notCommunity.body.error.code).toBe('ESCALATION_COMMUNITY_NOT_FOUND');
    expect(await footprint()).toEqual(before);

    expect((await admin.send('PUT', '/api/escalation-ladder', { communityId: null, steps: ladder(12, 30, 30) })).status).toBe(200);
    expect((await grid.get('/api/ticket-settings')).body.escalation.default[0]).toEqual({ level: 1, minutes: 12 });
    await admin.send('PUT', '/api/escalation-ladder', { communityId: null, steps: ladder(10, 30, 30) });
  });
});

describe('who may read and change the settings', () => {
  it('shows everyone who reads or dispatches tickets the settings, with the ladders of their own communities', async () => {
    const view = async (agent: Agent) => {
      const res = await agent.get('/api/ticket-settings');
      if (res.status !== 200) return res.body.error.code;
      return { canManage: res.body.canManage, communities: res.body.escalation.communities.map((c: { name: string; editable: boolean }) => `${c.name}${c.editable ? ' ✎' : ''}`) };
    };
    expect(await view(admin)).toEqual({ canManage: true, communities: ['CA名 ✎', 'CB名 ✎'] });
    expect(await view(subdistrict)).toEqual({ canManage: false, communities: ['CA名 ✎', 'CB名 ✎'] });
    expect(await view(staff)).toEqual({ canManage: false, communities: ['CA名 ✎'] });
    expect(await view(staffB)).toEqual({ canManage: false, communities: ['CB名 ✎'] });
    expect(await view(grid)).toEqual({ canManage: false, communities: ['CA名'] });
    expect(await view(resident)).toBe('FORBIDDEN');
    expect(await view(department)).toBe('FORBIDDEN');
  });

  it('refuses global changes to all but admins and a ladder outside the caller’s communities, writing nothing', async () => {
    const before = await footprint();
    const attempts = (agent: Agent) => Promise.all([
      agent.send('POST', '/api/ticket-categories', { code: 'x_new', name: { zh: '新', en: 'New' }, slaClass: 'general', calendar: 'working', acceptMinutes: 1, resolveMinutes: 2 }),
      agent.send('PATCH', '/api/ticket-categories/noise', { acceptMinutes: 5 }),
      agent.send('PUT', '/api/ticket-routing-rules', { rules: [] }),
      agent.send('PUT', '/api/working-calendar', { year: 2026, days: [] }),
      agent.send('PUT', '/api/escalation-ladder', { communityId: null, steps: [{ level: 1, minutes: 1 }, { level: 2, minutes: 1 }, { level: 3, minutes: 1 }] }),
    ]).then((all) => all.map((r) => r.body.error?.code ?? r.status));
    for (const agent of [subdistrict, staff, grid, resident]) expect(await attempts(agent)).toEqual(Array(5).fill('FORBIDDEN'));
    const steps = [{ level: 1, minutes: 1 }, { level: 2, minutes: 1 }, { level: 3, minutes: 1 }];
    expect((await staff.send('PUT', '/api/escalation-ladder', { communityId: t.world.communityB.id, steps })).body.error.code).toBe('OUT_OF_SCOPE');
    expect((await staff.send('DELETE', `/api/escalation-ladder/${t.world.communityB.id}`)).body.error.code).toBe('OUT_OF_SCOPE');
    expect((await grid.send('PUT', '/api/escalation-ladder', { communityId: t.world.communityA.id, steps })).body.error.code).toBe('FORBIDDEN');
    expect((await resident.send('DELETE', `/api/escalation-ladder/${t.world.communityA.id}`)).body.error.code).toBe('FORBIDDEN');
    expect(await footprint()).toEqual(before);
  });

  it('refuses calendar days outside the year, repeated or impossible, keeping the year as it was', async () => {
    await admin.send('PUT', '/api/working-calendar', { year: 2027, days: [{ day: '2027-10-01', working: false, name: '国庆节' }] });
    const before = await footprint();
    const outside = await admin.send('PUT', '/api/working-calendar', { year: 2027, days: [{ day: '2026-12-31', working: false, name: '' }] });
    expect(outside.body.error.details[0]).toMatchObject({ path: 'body.days.0.day', code: 'CALENDAR_DAY_OUTSIDE_YEAR', message: '日期 2026-12-31 不在 2027 年内' });
    const twice = await admin.send('PUT', '/api/working-calendar', {
      year: 2027, days: [{ day: '2027-10-02', working: false, name: '' }, { day: '2027-10-02', working: true, name: '' }],
    });
    expect(twice.body.error.details[0]).toMatchObject({ path: 'body.days.1.day', code: 'CALENDAR_DAY_REPEATED' });
    expect((await admin.send('PUT', '/api/working-calendar', { year: 2027, days: [{ day: '2027-02-30', working: false, name: '' }] })).status).toBe(400);
    expect(await footprint()).toEqual(before);
    expect(before.settings.calendarDays).toEqual([{ day: '2027-10-01', working: false, name: '国庆节' }]);
  });
});
