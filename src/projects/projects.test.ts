import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type Agent } from '../../test/app.ts';
import { insertFinding } from '../../test/fixtures/finding.ts';
import { advance, newProject } from './testProjects.ts';

let t: Awaited<ReturnType<typeof startTestApp>>;
let staff: Agent;
beforeAll(async () => {
  t = await startTestApp();
  staff = await t.login('staff');
});
afterAll(async () => t?.close());

const countProjects = async () => Number((await t.database.db.selectFrom('project').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);

describe('creating a project', () => {
  it('prefills community, indicator and title from a finding, and starts the timeline', async () => {
    const findingId = await insertFinding(t.database.db, t.world.communityA.id, 'partial');
    const res = await staff.send('POST', '/api/projects', { findingId, responsibleUnit: '区教育局' });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      communityId: t.world.communityA.id, findingId, indicatorCode: 'kindergarten_walk', title: '补短板：幼儿园步行 5 分钟可达',
      indicatorName: { zh: '幼儿园步行 5 分钟可达' }, level: 'community', status: 'proposed', progressPercent: 0, funding: [], budgetYuan: null,
    });
    expect(res.body.timeline).toMatchObject([{ kind: 'created', toStatus: 'proposed', actorName: 'staff' }]);
    const audit = await staff.get('/api/audit?action=project.create');
    expect(audit.body.items[0]).toMatchObject({ entity: 'project', entityId: String(res.body.id), details: { findingId } });
    const listed = await staff.get(`/api/projects?findingId=${findingId}`);
    expect(listed.body.items.map((p: { id: number }) => p.id)).toEqual([res.body.id]);
  });

  it('refuses a finding that is no shortfall, of another community, or out of reach, and writes nothing', async () => {
    const before = await countProjects();
    const passed = await insertFinding(t.database.db, t.world.communityA.id, 'pass');
    expect((await staff.send('POST', '/api/projects', { findingId: passed, responsibleUnit: '社区' })).body.error.code).toBe('FINDING_NOT_FOUND');
    const finding = await insertFinding(t.database.db, t.world.communityA.id);
    const mismatch = await staff.send('POST', '/api/projects', { findingId: finding, communityId: t.world.communityB.id, responsibleUnit: '社区' });
    expect(mismatch.body.error.details[0]).toMatchObject({ path: 'body.communityId', code: 'FINDING_COMMUNITY_MISMATCH' });
    const staffB = await t.login('staffB');
    expect((await staffB.send('POST', '/api/projects', { findingId: finding, responsibleUnit: '社区' })).body.error.code).toBe('OUT_OF_SCOPE');
    expect(await countProjects()).toBe(before);
  });

  it('checks what a schema cannot: a community, dates in order, funding within budget, a known department', async () => {
    const before = await countProjects();
    const base = { communityId: t.world.communityA.id, title: '口袋公园', responsibleUnit: '街道城建办' };
    const noCommunity = await staff.send('POST', '/api/projects', { title: 'x', responsibleUnit: 'y' });
    expect(noCommunity.body.error.details[0]).toMatchObject({ path: 'body.communityId', code: 'PROJECT_COMMUNITY_REQUIRED' });
    const dates = await staff.send('POST', '/api/projects', { ...base, plannedStart: '2027-03-01', plannedEnd: '2027-02-28' });
    expect(dates.body.error.details[0]).toMatchObject({ path: 'body.plannedEnd', code: 'PLANNED_END_BEFORE_START', message: '计划完工日期不能早于计划开工日期' });
    const over = await staff.send('POST', '/api/projects', {
      ...base, budgetYuan: 100_000, funding: [{ source: 'district', amountYuan: 80_000 }, { source: 'residents', amountYuan: 20_000.01 }],
    });
    expect(over.status).toBe(400);
    expect(over.body.error).toMatchObject({ code: 'FUNDING_EXCEEDS_BUDGET', message: '资金来源合计 100,000.01 元，超过预算 100,000.00 元。' });
    expect((await staff.send('POST', '/api/projects', { ...base, departmentId: 999_999 })).body.error.code).toBe('DEPARTMENT_NOT_FOUND');
    const level = await staff.send('POST', '/api/projects', { ...base, level: 'province' });
    expect(level.body.error).toMatchObject({ code: 'VALIDATION_FAILED', details: [{ path: 'body.level' }] });
    expect(await countProjects()).toBe(before);
  });

  it('is for writers in scope only', async () => {
    for (const username of ['property', 'grid']) {
      const agent = await t.login(username);
      expect((await agent.send('POST', '/api/projects', { communityId: t.world.communityA.id, title: 'x', responsibleUnit: 'y' })).body.error.code).toBe('FORBIDDEN');
    }
    const staffB = await t.login('staffB');
    expect((await staffB.send('POST', '/api/projects', { communityId: t.world.communityA.id, title: 'x', responsibleUnit: 'y' })).body.error.code).toBe('OUT_OF_SCOPE');
  });
});

describe('editing a project', () => {
  it('changes budget and funding together, names the fields in the timeline, and keeps funding within budget', async () => {
    const project = await newProject(staff, t.world.communityA.id);
    const department = (await staff.get('/api/departments')).body.items[0];
    const edited = await staff.send('PATCH', `/api/projects/${project.id}`, {
      budgetYuan: 600_000, funding: [{ source: 'district', amountYuan: 400_000 }, { source: 'social', amountYuan: 150_000 }], departmentId: department.id,
    });
    expect(edited.body).toMatchObject({ budgetYuan: 600_000, fundingTotalYuan: 550_000, departmentName: '住建局' });
    expect(edited.body.timeline.at(-1)).toMatchObject({ kind: 'edited', fields: ['budgetYuan', 'funding', 'departmentId'] });
    const lowered = await staff.send('PATCH', `/api/projects/${project.id}`, { budgetYuan: 500_000 });
    expect(lowered.body.error.code).toBe('FUNDING_EXCEEDS_BUDGET');
    const reversed = await staff.send('PATCH', `/api/projects/${project.id}`, { plannedEnd: '2026-11-30' });
    expect(reversed.body.error.details[0].code).toBe('PLANNED_END_BEFORE_START');
    expect((await staff.get(`/api/projects/${project.id}`)).body).toMatchObject({ budgetYuan: 600_000, plannedEnd: '2027-06-30' });
  });
});

describe('the project list', () => {
  let late: number;
  let dueToday: number;
  let doneLate: number;
  beforeAll(async () => {
    // The test clock stands at 2026-11-26 16:00 in China.
    late = (await newProject(staff, t.world.communityA.id, { title: '加装电梯（逾期）', level: 'district', plannedStart: '2026-01-01', plannedEnd: '2026-11-25' })).id;
    dueToday = (await newProject(staff, t.world.communityA.id, { title: '公厕改造', plannedStart: '2026-01-01', plannedEnd: '2026-11-26' })).id;
    doneLate = (await newProject(staff, t.world.communityA.id, { title: '无障碍坡道', responsibleUnit: '区残联', plannedStart: '2026-01-01', plannedEnd: '2026-06-30' })).id;
    await advance(staff, doneLate, 'approved', 'funded', 'under_construction', 'completed');
  });

  it('finds overdue projects by the China date of the injected clock, leaving out finished ones', async () => {
    const overdue = await staff.get('/api/projects?overdue=true&limit=500');
    const ids = overdue.body.items.map((p: { id: number }) => p.id);
    expect(ids).toContain(late);
    expect(ids).not.toContain(dueToday);
    expect(ids).not.toContain(doneLate);
    expect(overdue.body.items.every((p: { overdue: boolean }) => p.overdue)).toBe(true);
    const onTime = (await staff.get('/api/projects?overdue=false&limit=500')).body.items.map((p: { id: number }) => p.id);
    expect(onTime).toEqual(expect.arrayContaining([dueToday, doneLate]));
    expect(onTime).not.toContain(late);
    // Eight hours on it is midnight in China: the project due "today" is due yesterday.
    t.clock.advance(8 * 3600_000);
    expect((await staff.get(`/api/projects/${dueToday}`)).body.overdue).toBe(true);
    t.clock.advance(-8 * 3600_000);
  });

  it('filters by level, status and words of the title or unit, newest first, page by page', async () => {
    expect((await staff.get('/api/projects?level=district')).body.items.map((p: { id: number }) => p.id)).toEqual([late]);
    expect((await staff.get('/api/projects?status=completed')).body.items.map((p: { id: number }) => p.id)).toEqual([doneLate]);
    expect((await staff.get(`/api/projects?q=${encodeURIComponent('残联')}`)).body.items.map((p: { id: number }) => p.id)).toEqual([doneLate]);
    expect((await staff.get(`/api/projects?q=${encodeURIComponent('%')}`)).body.items).toEqual([]);
    const first = await staff.get('/api/projects?limit=1');
    const second = await staff.get(`/api/projects?limit=1&cursor=${first.body.nextCursor}`);
    expect(second.body.items[0].id).toBeLessThan(first.body.items[0].id);
  });

  it('shows each caller only the projects of their communities', async () => {
    const staffB = await t.login('staffB');
    expect((await staffB.get('/api/projects')).body.items).toEqual([]);
    expect((await staffB.get(`/api/projects/${late}`)).body.error.code).toBe('OUT_OF_SCOPE');
    const property = await t.login('property');
    expect((await property.get(`/api/projects/${late}`)).status).toBe(200);
    expect((await (await t.login('grid')).get('/api/projects')).body.error.code).toBe('FORBIDDEN');
  });

  it('exports the filtered list to Excel, in the caller’s language, and audits it', async () => {
    const res = await staff.get('/api/projects/export.xlsx?overdue=true');
    expect(res.status).toBe(200);
    expect(decodeURIComponent(String(res.headers['content-disposition']))).toContain('补短板项目清单-20261126.xlsx');
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(res.bytes as unknown as ArrayBuffer);
    const sheet = book.worksheets[0];
    expect(sheet.name).toBe('补短板项目清单');
    expect(sheet.getRow(1).values).toEqual(expect.arrayContaining(['项目名称', '责任单位', '资金来源', '状态', '是否逾期']));
    const titles = sheet.getColumn(2).values.slice(2);
    expect(titles).toContain('加装电梯（逾期）');
    expect(titles).not.toContain('公厕改造');
    const row = sheet.getRow(titles.indexOf('加装电梯（逾期）') + 2).values as unknown[];
    expect(row).toEqual(expect.arrayContaining(['区级', '拟建', '逾期', '区级资金 400,000.00', 500_000]));
    const english = new ExcelJS.Workbook();
    await english.xlsx.load((await staff.get('/api/projects/export.xlsx?lang=en&status=completed')).bytes as unknown as ArrayBuffer);
    expect(english.worksheets[0].getRow(1).values).toEqual(expect.arrayContaining(['Project', 'Responsible unit', 'Status']));
    expect(english.worksheets[0].getRow(2).values).toEqual(expect.arrayContaining(['无障碍坡道', 'Completed']));
    // An export over several communities belongs to none of them: the admin reads it in the log.
    const admin = await t.login('admin');
    expect((await admin.get('/api/audit?action=export')).body.items[0]).toMatchObject({ actorName: 'staff', entity: 'projects', details: { rows: 1 } });
  });
});
