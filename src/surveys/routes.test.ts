import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser } from '../platform/auth/users.ts';
import { startTestApp, type Agent } from '../../test/app.ts';
import { TEST_PASSWORD } from '../../test/world.ts';
import { surveyIndicatorScores } from './service.ts';

let t: Awaited<ReturnType<typeof startTestApp>>;
let staff: Agent;
let resident: Agent;
beforeAll(async () => {
  t = await startTestApp();
  staff = await t.login('staff');
  resident = await t.login('resident');
});
afterAll(async () => t?.close());

const questions = [
  { key: 'often', type: 'single', label: '您多久步行出门一次？', required: true, options: [
    { value: 'daily', label: '每天' }, { value: 'weekly', label: '每周' }, { value: 'never', label: '几乎不' },
  ] },
  { key: 'why', type: 'multiple', label: '为什么很少步行？', required: true, showIf: { questionKey: 'often', anyOf: ['never'] }, options: [
    { value: 'cars', label: '车多' }, { value: 'dark', label: '照明差' },
  ] },
  { key: 'walking', type: 'scale', label: '步行环境满意度', required: true, min: 1, max: 5, feeds: 'walking_satisfaction' },
  { key: 'facility', type: 'single', label: '设施满意度', feeds: 'facility_satisfaction', options: [
    { value: 'good', label: '满意', score: 100 }, { value: 'bad', label: '不满意', score: 0 }, { value: 'unknown', label: '不了解' },
  ] },
  { key: 'say', type: 'text', label: '其他建议' },
];

async function publishedSurvey(body: Record<string, unknown> = {}) {
  const created = await staff.send('POST', '/api/surveys', { communityId: t.world.communityA.id, title: '步行环境满意度调查', questions, ...body });
  expect(created.status).toBe(201);
  const published = await staff.send('POST', `/api/surveys/${created.body.id}/publish`);
  expect(published.body.status).toBe('published');
  return created.body.id as number;
}

async function auditCount(action: string): Promise<number> {
  const row = await t.database.db.selectFrom('audit_log').select((eb) => eb.fn.countAll<number>().as('n')).where('action', '=', action).executeTakeFirstOrThrow();
  return Number(row.n);
}

async function responseCount(surveyId: number): Promise<number> {
  return (await staff.get(`/api/surveys/${surveyId}/results`)).body.responses.total;
}

describe('building a survey', () => {
  it('refuses unsound questions with a code per field and writes nothing', async () => {
    const before = await auditCount('survey.create');
    const res = await staff.send('POST', '/api/surveys', {
      communityId: t.world.communityA.id, title: '坏问卷',
      questions: [
        { key: 'a', type: 'text', label: 'A', showIf: { questionKey: 'b', anyOf: ['x'] } },
        { key: 'b', type: 'single', label: 'B', options: [{ value: 'x', label: 'X' }] },
      ],
    });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('VALIDATION_FAILED');
    expect(res.body.error.details).toEqual([
      { path: 'body.questions.0.showIf.questionKey', code: 'CONDITION_NOT_EARLIER', message: '显示条件只能引用前面的题目' },
      { path: 'body.questions.1.options', code: 'OPTIONS_TOO_FEW', message: '选择题至少需要 2 个选项' },
    ]);
    expect(await auditCount('survey.create')).toBe(before);
    const blank = await staff.send('POST', '/api/surveys', { communityId: t.world.communityA.id, title: '   ' });
    expect(blank.body.error.details).toEqual([expect.objectContaining({ path: 'body.title', code: 'pattern' })]);
    expect((await staff.get('/api/surveys?q=坏问卷')).body.items).toEqual([]);
  });

  it('edits a draft, publishes it once, and then keeps its questions fixed', async () => {
    const empty = await staff.send('POST', '/api/surveys', { communityId: t.world.communityA.id, title: '草稿' });
    expect(empty.body).toMatchObject({ status: 'draft', answerUnit: 'resident', questions: [], responseCount: 0 });
    expect((await staff.send('POST', `/api/surveys/${empty.body.id}/publish`)).body.error.code).toBe('SURVEY_NO_QUESTIONS');
    const edited = await staff.send('PATCH', `/api/surveys/${empty.body.id}`, { title: '草稿（改）', questions });
    expect(edited.body.title).toBe('草稿（改）');
    expect(edited.body.questions[0]).toMatchObject({ key: 'often', required: true });
    expect(edited.body.questions[4]).toEqual({ key: 'say', type: 'text', label: '其他建议', required: false });
    const published = await staff.send('POST', `/api/surveys/${empty.body.id}/publish`);
    expect(published.body).toMatchObject({ status: 'published', publishedAt: '2026-11-26T08:00:00.000Z' });
    expect((await staff.send('PATCH', `/api/surveys/${empty.body.id}`, { title: 'x' })).body.error.code).toBe('SURVEY_NOT_DRAFT');
    expect((await staff.send('POST', `/api/surveys/${empty.body.id}/publish`)).body.error.code).toBe('SURVEY_NOT_DRAFT');
    const missing = await t.app.inject({ method: 'GET', url: '/api/surveys/999999?lang=en', headers: await cookieOf('staff') });
    expect(missing.json().error).toMatchObject({ code: 'SURVEY_NOT_FOUND', message: 'Survey not found.' });
  });

  it('lists by status and title, newest first, page by page', async () => {
    for (const title of ['旧草稿', '新草稿']) await staff.send('POST', '/api/surveys', { communityId: t.world.communityA.id, title });
    const first = await staff.get('/api/surveys?status=draft&limit=1');
    expect(first.body.items).toEqual([expect.objectContaining({ title: '新草稿', status: 'draft', questionCount: 0, communityName: 'CA名' })]);
    const second = await staff.get(`/api/surveys?status=draft&limit=1&cursor=${first.body.nextCursor}`);
    expect(second.body).toEqual({ items: [expect.objectContaining({ title: '旧草稿' })], nextCursor: null });
    expect((await staff.get('/api/surveys?q=旧')).body.items.map((s: { title: string }) => s.title)).toEqual(['旧草稿']);
    expect((await staff.get('/api/surveys?status=published')).body.items).toEqual([expect.objectContaining({ title: '草稿（改）', questionCount: questions.length })]);
    expect((await (await t.login('staffB')).get('/api/surveys')).body.items).toEqual([]);
  });
});

describe('answering', () => {
  let surveyId: number;
  beforeAll(async () => {
    surveyId = await publishedSurvey();
  });

  it('shows residents the open surveys of their community only', async () => {
    const mine = await resident.get('/api/me/surveys');
    expect(mine.body.items.map((s: { id: number }) => s.id)).toContain(surveyId);
    expect(mine.body.items.find((s: { id: number }) => s.id === surveyId)).toMatchObject({ answered: false, questionCount: 5 });
    const draft = (await staff.send('POST', '/api/surveys', { communityId: t.world.communityA.id, title: '未发布' })).body.id;
    expect((await resident.get(`/api/me/surveys/${draft}`)).body.error.code).toBe('SURVEY_NOT_FOUND');
    const other = await (await t.login('staffB')).send('POST', '/api/surveys', { communityId: t.world.communityB.id, title: 'B', questions });
    expect((await resident.get(`/api/me/surveys/${other.body.id}`)).body.error.code).toBe('SURVEY_NOT_FOUND');
  });

  it('requires a conditional question only when shown, and stores nothing from a refused answer', async () => {
    const refused = await resident.send('POST', `/api/me/surveys/${surveyId}/responses`, { answers: { often: 'never', walking: 2 } });
    expect(refused.status).toBe(400);
    expect(refused.body.error.details).toEqual([{ path: 'body.answers.why', code: 'ANSWER_REQUIRED', message: '此题必答' }]);
    const outOfRange = await resident.send('POST', `/api/me/surveys/${surveyId}/responses`, { answers: { often: 'daily', walking: 9 } });
    expect(outOfRange.body.error.details[0]).toMatchObject({ code: 'ANSWER_OUT_OF_RANGE', message: '请在 1 到 5 之间选择' });
    expect(await responseCount(surveyId)).toBe(0);
  });

  it('takes one answer per resident: the second is a conflict', async () => {
    const first = await resident.send('POST', `/api/me/surveys/${surveyId}/responses`, { answers: { often: 'daily', why: ['cars'], walking: 4, facility: 'good', say: '多装路灯' } });
    expect(first.status).toBe(201);
    expect(first.body.channel).toBe('online');
    const again = await resident.send('POST', `/api/me/surveys/${surveyId}/responses`, { answers: { often: 'weekly', walking: 1 } });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('SURVEY_ALREADY_ANSWERED');
    expect(await responseCount(surveyId)).toBe(1);
    expect((await resident.get(`/api/me/surveys/${surveyId}`)).body).toMatchObject({ answered: true, answeredAt: expect.any(String) });
  });

  it('types in paper forms on a resident’s behalf, audited, and refuses a second one for the same resident', async () => {
    const before = await auditCount('survey.paper_entry');
    const paper = await staff.send('POST', `/api/surveys/${surveyId}/paper-responses`, { residentId: t.world.a2.resident.id, answers: { often: 'never', why: ['dark'], walking: 2, facility: 'unknown' } });
    expect(paper.status).toBe(201);
    const audit = await (await t.login('admin')).get('/api/audit?action=survey.paper_entry');
    expect(audit.body.items[0]).toMatchObject({ actorName: 'staff', entity: 'survey_response', entityId: String(paper.body.id), details: { surveyId, onBehalfOf: `resident:${t.world.a2.resident.id}` } });
    // The resident's online answer and a paper copy of it are the same person's: refused, and no audit entry.
    const duplicate = await staff.send('POST', `/api/surveys/${surveyId}/paper-responses`, { residentId: t.world.a1.resident.id, answers: { often: 'daily', walking: 5 } });
    expect(duplicate.body.error.code).toBe('SURVEY_ALREADY_ANSWERED');
    expect(await auditCount('survey.paper_entry')).toBe(before + 1);
  });

  it('needs a resident named for a per-person survey, living in the survey’s community', async () => {
    const body = { answers: { often: 'daily', walking: 3 } };
    const url = `/api/surveys/${surveyId}/paper-responses`;
    expect((await staff.send('POST', url, { ...body, householdId: t.world.a2.household.id })).body.error.code).toBe('SURVEY_RESPONDENT_REQUIRED');
    expect((await staff.send('POST', url, { ...body, residentId: t.world.b1.resident.id })).body.error.code).toBe('SURVEY_RESPONDENT_MISMATCH');
    expect((await staff.send('POST', url, { ...body, residentId: t.world.a2.resident.id, householdId: t.world.a1.household.id })).body.error.code).toBe('SURVEY_RESPONDENT_MISMATCH');
    expect((await (await t.login('staffB')).send('POST', url, { ...body, residentId: t.world.b1.resident.id })).body.error.code).toBe('OUT_OF_SCOPE');
  });

  it('counts per option, the scale mean and distribution, channels, and fed scores', async () => {
    const results = (await (await t.login('property')).get(`/api/surveys/${surveyId}/results`)).body;
    expect(results.responses).toEqual({ total: 2, online: 1, paper: 1 });
    const byKey = Object.fromEntries(results.questions.map((q: { key: string }) => [q.key, q]));
    expect(byKey.often.options.map((o: { count: number; percent: number }) => [o.count, o.percent])).toEqual([[1, 50], [0, 0], [1, 50]]);
    // The online answer to "why" was dropped: its question was hidden.
    expect(byKey.why).toMatchObject({ answered: 1, options: [expect.objectContaining({ count: 0 }), expect.objectContaining({ count: 1, percent: 100 })] });
    expect(byKey.walking).toMatchObject({ mean: 3, score: 50, scoreResponses: 2 });
    expect(byKey.facility).toMatchObject({ answered: 2, score: 100, scoreResponses: 1 });
    expect(byKey.say).toMatchObject({ answered: 1, options: [] });
    const texts = await staff.get(`/api/surveys/${surveyId}/text-answers?questionKey=say`);
    expect(texts.body.items).toEqual([expect.objectContaining({ text: '多装路灯', channel: 'online' })]);
    expect((await staff.get(`/api/surveys/${surveyId}/text-answers?questionKey=say&q=无关`)).body.items).toEqual([]);
    expect((await (await t.login('grid')).get(`/api/surveys/${surveyId}/results`)).body.error.code).toBe('FORBIDDEN');
  });

  it('exports the answers to Excel with option labels and no respondent', async () => {
    const res = await t.app.inject({ method: 'GET', url: `/api/surveys/${surveyId}/export`, headers: await cookieOf('staff') });
    expect(res.headers['content-type']).toContain('spreadsheetml');
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(res.rawPayload as unknown as ExcelJS.Buffer);
    const rows = book.worksheets[0].getSheetValues().filter(Boolean).map((r) => (r as unknown[]).slice(1));
    expect(rows[0]).toEqual(['答卷编号', '方式', '提交时间', ...questions.map((q) => q.label)]);
    expect(rows).toHaveLength(3);
    expect(rows[2]).toEqual([expect.any(Number), '纸质代录', expect.any(String), '几乎不', '照明差', 2, '不了解']);
  });

  it('stops taking answers once closed', async () => {
    const closed = await staff.send('POST', `/api/surveys/${surveyId}/close`);
    expect(closed.body).toMatchObject({ status: 'closed', closedAt: expect.any(String), responseCount: 2 });
    const late = await staff.send('POST', `/api/surveys/${surveyId}/paper-responses`, { residentId: t.world.a2.resident.id, answers: {} });
    expect(late.body.error.code).toBe('SURVEY_NOT_OPEN');
    expect((await staff.send('POST', `/api/surveys/${surveyId}/close`)).body.error.code).toBe('SURVEY_NOT_OPEN');
    expect((await resident.get('/api/me/surveys')).body.items.map((s: { id: number }) => s.id)).not.toContain(surveyId);
  });
});

async function cookieOf(username: string) {
  const res = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password: TEST_PASSWORD } });
  return { cookie: `linli_session=${res.cookies.find((c) => c.name === 'linli_session')!.value}` };
}

describe('per household', () => {
  it('takes one answer per household, online or on paper', async () => {
    const surveyId = await publishedSurvey({ title: '户调查', answerUnit: 'household' });
    const online = await resident.send('POST', `/api/me/surveys/${surveyId}/responses`, { answers: { often: 'daily', walking: 5 } });
    expect(online.status).toBe(201);
    const sameHome = await staff.send('POST', `/api/surveys/${surveyId}/paper-responses`, { householdId: t.world.a1.household.id, answers: { often: 'daily', walking: 1 } });
    expect(sameHome.body.error.code).toBe('SURVEY_ALREADY_ANSWERED');
    const byResident = await staff.send('POST', `/api/surveys/${surveyId}/paper-responses`, { residentId: t.world.a2.resident.id, answers: { often: 'daily', walking: 1 } });
    expect(byResident.status).toBe(201);
    const mine = (await resident.get('/api/me/surveys')).body.items.find((s: { id: number }) => s.id === surveyId);
    expect(mine).toMatchObject({ answered: true, answerUnit: 'household' });
  });
});

describe('residents who cannot answer', () => {
  it('explains an account without a household, or without its own record for a per-person survey', async () => {
    await createUser({ db: t.database.db }, { username: 'unbound', displayName: 'x', password: TEST_PASSWORD, roles: [{ role: 'resident', areaId: t.world.communityA.id }] }, null);
    expect((await (await t.login('unbound')).get('/api/me/surveys')).body.error.code).toBe('NOT_BOUND_TO_HOUSEHOLD');
    await createUser({ db: t.database.db }, {
      username: 'norecord', displayName: 'x', password: TEST_PASSWORD, roles: [{ role: 'resident', areaId: t.world.communityA.id }], householdId: t.world.a2.household.id,
    }, null);
    const surveyId = await publishedSurvey({ title: '按人' });
    const res = await (await t.login('norecord')).send('POST', `/api/me/surveys/${surveyId}/responses`, { answers: { often: 'daily', walking: 3 } });
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe('MY_RESIDENT_RECORD_MISSING');
  });
});

describe('scores for the checkup', () => {
  it('takes each indicator from the most recent survey that has answers to it', async () => {
    const community = t.world.communityA.id;
    const before = await surveyIndicatorScores(t.database, community);
    expect(before.get('walking_satisfaction')).toMatchObject({ questionLabel: '步行环境满意度', surveyTitle: expect.any(String) });
    const newer = await publishedSurvey({ title: '最新一期' });
    // Published but unanswered: the earlier result still stands.
    expect((await surveyIndicatorScores(t.database, community)).get('walking_satisfaction')!.surveyId).not.toBe(newer);
    await staff.send('POST', `/api/surveys/${newer}/paper-responses`, { residentId: t.world.a1.resident.id, answers: { often: 'daily', walking: 5, facility: 'bad' } });
    const after = await surveyIndicatorScores(t.database, community);
    expect(after.get('walking_satisfaction')).toEqual({ score: 100, responses: 1, surveyId: newer, surveyTitle: '最新一期', questionLabel: '步行环境满意度' });
    expect(after.get('facility_satisfaction')).toMatchObject({ score: 0, surveyId: newer });
    expect((await surveyIndicatorScores(t.database, t.world.communityB.id)).size).toBe(0);
  });
});
