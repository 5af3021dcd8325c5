import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import { inTransaction } from '../db/transaction.ts';
import { can, requireInScope, type Actor } from '../platform/actor.ts';
import { insertAuditEntry } from '../platform/audit/store.ts';
import { scopeFor } from '../platform/auth/service.ts';
import type { Clock } from '../platform/clock.ts';
import { AppError } from '../platform/errors.ts';
import { decodeCursor, toPage } from '../platform/pagination.ts';
import { checkQuestions } from './questions.ts';
import { scoreOf, summariseQuestion, type AnswerCounts } from './results.ts';
import type { Question, SurveyCreate, SurveyListQuery, SurveyResults, SurveySummary, SurveyUpdate, SurveyView, TextAnswer, TextAnswerQuery } from './schema.ts';
import * as store from './store.ts';

export interface SurveyDeps {
  db: Kysely<DB>;
  clock: Clock;
}

/** Building, publishing and closing need surveys.manage; reading results also checkup.read. */
export type SurveyAccess = 'manage' | 'read';

export function questionsOf(row: { questions: unknown }): Question[] {
  return row.questions as Question[];
}

function presentSummary(row: store.SurveyRow): SurveySummary {
  return {
    id: row.id, communityId: row.community_id, communityName: row.community_name, title: row.title, status: row.status,
    answerUnit: row.answer_unit, createdAt: row.created_at.toISOString(), publishedAt: row.published_at?.toISOString() ?? null,
    closedAt: row.closed_at?.toISOString() ?? null, responseCount: Number(row.response_count ?? 0), questionCount: questionsOf(row).length,
  };
}

function presentSurvey(row: store.SurveyRow): SurveyView {
  const { questionCount: _count, ...summary } = presentSummary(row);
  return { ...summary, description: row.description, questions: questionsOf(row) };
}

function audit(db: Kysely<DB>, actor: Actor, action: string, entity: string, entityId: number, communityId: number, details?: Record<string, unknown>) {
  return insertAuditEntry(db, { actorId: actor.userId, actorName: actor.username, action, entity, entityId, communityId, ip: actor.ip, details });
}

/** The communities whose surveys the actor may manage, or read (results count for the checkup). */
async function surveyCommunities(deps: { db: Kysely<DB> }, actor: Actor, access: SurveyAccess): Promise<number[]> {
  const permissions = access === 'manage' ? (['surveys.manage'] as const) : (['surveys.manage', 'checkup.read'] as const);
  const held = permissions.filter((p) => can(actor, p));
  if (!held.length) throw new AppError('FORBIDDEN');
  // A survey belongs to a whole community: grants on single grids do not reach it.
  const scopes = await Promise.all(held.map((p) => scopeFor(deps.db, actor, p)));
  return [...new Set(scopes.flatMap((s) => s.communityIds))];
}

/** A survey the actor may manage or read; OUT_OF_SCOPE for another community's. */
export async function loadSurvey(deps: { db: Kysely<DB> }, actor: Actor, id: number, access: SurveyAccess): Promise<store.SurveyRow> {
  const communities = await surveyCommunities(deps, actor, access);
  const row = await store.findSurvey(deps.db, id);
  if (!row) throw new AppError('SURVEY_NOT_FOUND');
  requireInScope({ communityIds: communities, gridIds: [] }, row.community_id, null);
  return row;
}

function checkedQuestions(questions: Question[]): Question[] {
  const checked = checkQuestions(questions);
  if (checked.details.length) throw new AppError('VALIDATION_FAILED', {}, checked.details);
  return checked.questions;
}

/** Surveys of the communities the actor reads, newest first; by status and title. */
export async function listSurveys(deps: SurveyDeps, actor: Actor, q: SurveyListQuery) {
  const limit = q.limit ?? 50;
  const communities = (await surveyCommunities(deps, actor, 'read')).filter((c) => q.communityId === undefined || c === q.communityId);
  const rows = await store.selectSurveys(deps.db, { communityIds: communities, status: q.status, title: q.q?.trim(), beforeId: decodeCursor(q.cursor), limit });
  return toPage(rows, limit, presentSummary);
}

export async function getSurvey(deps: SurveyDeps, actor: Actor, id: number): Promise<SurveyView> {
  return presentSurvey(await loadSurvey(deps, actor, id, 'read'));
}

/** Starts a survey as a draft of one community; its questions are checked on every save. */
export async function createSurvey(deps: SurveyDeps, actor: Actor, input: SurveyCreate): Promise<SurveyView> {
  requireInScope({ communityIds: await surveyCommunities(deps, actor, 'manage'), gridIds: [] }, input.communityId, null);
  const questions = checkedQuestions(input.questions ?? []);
  const id = await inTransaction(deps.db, async (trx) => {
    const created = await store.insertSurvey(trx, {
      communityId: input.communityId, title: input.title.trim(), description: input.description?.trim() ?? '',
      answerUnit: input.answerUnit ?? 'resident', questions, createdBy: actor.userId,
    });
    await audit(trx, actor, 'survey.create', 'survey', created, input.communityId);
    return created;
  });
  return getSurvey(deps, actor, id);
}

/** Changes a draft: once published, what residents answer must stay what they were asked. */
export async function updateSurvey(deps: SurveyDeps, actor: Actor, id: number, patch: SurveyUpdate): Promise<SurveyView> {
  const row = await loadSurvey(deps, actor, id, 'manage');
  if (row.status !== 'draft') throw new AppError('SURVEY_NOT_DRAFT');
  const questions = patch.questions === undefined ? undefined : checkedQuestions(patch.questions);
  await inTransaction(deps.db, async (trx) => {
    const changed = await store.updateDraft(trx, id, { title: patch.title?.trim(), description: patch.description?.trim(), answerUnit: patch.answerUnit, questions });
    if (!changed) throw new AppError('SURVEY_NOT_DRAFT');
    await audit(trx, actor, 'survey.update', 'survey', id, row.community_id, { fields: Object.keys(patch) });
  });
  return getSurvey(deps, actor, id);
}

/** Opens a draft to the community's residents; from now on its questions are fixed. */
export async function publishSurvey(deps: SurveyDeps, actor: Actor, id: number): Promise<SurveyView> {
  const row = await loadSurvey(deps, actor, id, 'manage');
  if (row.status !== 'draft') throw new AppError('SURVEY_NOT_DRAFT');
  if (!questionsOf(row).length) throw new AppError('SURVEY_NO_QUESTIONS');
  await inTransaction(deps.db, async (trx) => {
    if (!(await store.moveStatus(trx, id, 'draft', 'published', deps.clock.now()))) throw new AppError('SURVEY_NOT_DRAFT');
    await audit(trx, actor, 'survey.publish', 'survey', id, row.community_id);
  });
  return getSurvey(deps, actor, id);
}

/** Stops collecting answers; the results stay, and keep feeding the checkup. */
export async function closeSurvey(deps: SurveyDeps, actor: Actor, id: number): Promise<SurveyView> {
  const row = await loadSurvey(deps, actor, id, 'manage');
  if (row.status !== 'published') throw new AppError('SURVEY_NOT_OPEN');
  await inTransaction(deps.db, async (trx) => {
    if (!(await store.moveStatus(trx, id, 'published', 'closed', deps.clock.now()))) throw new AppError('SURVEY_NOT_OPEN');
    await audit(trx, actor, 'survey.close', 'survey', id, row.community_id, { responses: Number(row.response_count ?? 0) });
  });
  return getSurvey(deps, actor, id);
}

async function countAnswers(db: Kysely<DB>, surveyId: number, questions: Question[]): Promise<AnswerCounts> {
  const textKeys = questions.filter((q) => q.type === 'text').map((q) => q.key);
  const [values, answered] = await Promise.all([store.selectValueCounts(db, surveyId, textKeys), store.selectAnsweredCounts(db, surveyId)]);
  const counts: AnswerCounts = { values: new Map(), answered: new Map(answered.map((a) => [a.key, Number(a.n)])) };
  for (const { key, value, n } of values) {
    if (!counts.values.has(key)) counts.values.set(key, new Map());
    counts.values.get(key)!.set(value, Number(n));
  }
  return counts;
}

/** Counts per option, the scale's mean and distribution, responses by channel, and each fed indicator's score. */
export async function getResults(deps: SurveyDeps, actor: Actor, id: number): Promise<SurveyResults> {
  const row = await loadSurvey(deps, actor, id, 'read');
  const questions = questionsOf(row);
  const [counts, channels] = await Promise.all([countAnswers(deps.db, id, questions), store.selectChannelCounts(deps.db, id)]);
  const byChannel = (channel: string) => Number(channels.find((c) => c.channel === channel)?.n ?? 0);
  return {
    surveyId: id,
    responses: { total: byChannel('online') + byChannel('paper'), online: byChannel('online'), paper: byChannel('paper') },
    questions: questions.map((q) => summariseQuestion(q, counts)),
  };
}

/** The answers to one text question, newest first, page by page. */
export async function listTextAnswers(deps: SurveyDeps, actor: Actor, id: number, q: TextAnswerQuery) {
  const row = await loadSurvey(deps, actor, id, 'read');
  if (!questionsOf(row).some((question) => question.key === q.questionKey && question.type === 'text')) {
    throw new AppError('VALIDATION_FAILED', {}, [{ path: 'querystring.questionKey', code: 'ANSWER_UNKNOWN_QUESTION' }]);
  }
  const limit = q.limit ?? 50;
  const rows = await store.selectTextAnswers(deps.db, { surveyId: id, key: q.questionKey, contains: q.q?.trim(), beforeId: decodeCursor(q.cursor), limit });
  return toPage(rows, limit, (r): TextAnswer => ({ id: r.id, text: r.text, channel: r.channel, createdAt: r.created_at.toISOString() }));
}

export interface IndicatorScore {
  score: number;
  responses: number;
  surveyId: number;
  surveyTitle: string;
  questionLabel: string;
}

/**
 * What residents said, for the checkup: per indicator code, the 0–100 score of the question that
 * feeds it in the most recently published (or since closed) survey of the community that has
 * answers to it. A survey published yesterday with no answers yet does not hide last year's result.
 * No permission check: the checkup calls this for a community it has already authorised.
 */
export async function surveyIndicatorScores(deps: { db: Kysely<DB> }, communityId: number): Promise<Map<string, IndicatorScore>> {
  const scores = new Map<string, IndicatorScore>();
  for (const survey of await store.selectReportingSurveys(deps.db, communityId)) {
    const fed = questionsOf(survey).filter((q) => q.feeds && !scores.has(q.feeds));
    if (!fed.length) continue;
    const counts = await countAnswers(deps.db, survey.id, questionsOf(survey));
    for (const q of fed) {
      const { score, responses } = scoreOf(q, counts.values.get(q.key) ?? new Map());
      if (score !== null) scores.set(q.feeds!, { score, responses, surveyId: survey.id, surveyTitle: survey.title, questionLabel: q.label });
    }
  }
  return scores;
}
