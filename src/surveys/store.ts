import { sql, type Kysely } from 'kysely';
import { containsPattern } from '../db/containsPattern.ts';
import type { DB, SurveyAnswerUnit, SurveyStatus } from '../db/schema.ts';
import type { Answers, Question } from './schema.ts';

// SQL of resident surveys: the questionnaires, and the answers to them.

function surveyBase(db: Kysely<DB>) {
  return db
    .selectFrom('survey as s')
    .innerJoin('area as c', 'c.id', 's.community_id')
    .select([
      's.id', 's.community_id', 'c.name as community_name', 's.title', 's.description', 's.status', 's.answer_unit', 's.questions',
      's.created_at', 's.published_at', 's.closed_at',
    ])
    .select((eb) => eb.selectFrom('survey_response as r').select(eb.fn.countAll<number>().as('n')).whereRef('r.survey_id', '=', 's.id').as('response_count'));
}
export type SurveyRow = Awaited<ReturnType<typeof findSurvey>> & object;

export async function findSurvey(db: Kysely<DB>, id: number) {
  return surveyBase(db).where('s.id', '=', id).executeTakeFirst();
}

/** Newest first; the cursor is the last id seen. */
export async function selectSurveys(
  db: Kysely<DB>,
  q: { communityIds: number[]; status?: SurveyStatus; title?: string; beforeId?: number; limit: number },
) {
  if (!q.communityIds.length) return [];
  let query = surveyBase(db).where('s.community_id', 'in', q.communityIds).orderBy('s.id', 'desc').limit(q.limit + 1);
  if (q.status) query = query.where('s.status', '=', q.status);
  if (q.title) query = query.where('s.title', 'ilike', containsPattern(q.title));
  if (q.beforeId !== undefined) query = query.where('s.id', '<', q.beforeId);
  return query.execute();
}

export async function selectPublishedSurveys(db: Kysely<DB>, communityId: number) {
  return surveyBase(db).where('s.community_id', '=', communityId).where('s.status', '=', 'published').orderBy('s.published_at', 'desc').execute();
}

/** Surveys whose results count: published or closed, most recently published first. */
export async function selectReportingSurveys(db: Kysely<DB>, communityId: number) {
  return db
    .selectFrom('survey')
    .select(['id', 'title', 'questions'])
    .where('community_id', '=', communityId)
    .where('status', 'in', ['published', 'closed'])
    .orderBy('published_at', 'desc')
    .orderBy('id', 'desc')
    .execute();
}

export interface SurveyInsert {
  communityId: number;
  title: string;
  description: string;
  answerUnit: SurveyAnswerUnit;
  questions: Question[];
  createdBy: number | null;
  /** Set for surveys created already published (the demo). */
  publishedAt?: Date;
}

export async function insertSurvey(db: Kysely<DB>, s: SurveyInsert) {
  const { id } = await db
    .insertInto('survey')
    .values({
      community_id: s.communityId, title: s.title, description: s.description, answer_unit: s.answerUnit,
      questions: JSON.stringify(s.questions), created_by: s.createdBy,
      ...(s.publishedAt ? { status: 'published' as const, published_at: s.publishedAt } : {}),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return id;
}

/** Changes a draft; false when the survey is no longer one (someone published it meanwhile). */
export async function updateDraft(
  db: Kysely<DB>,
  id: number,
  patch: { title?: string; description?: string; answerUnit?: SurveyAnswerUnit; questions?: Question[] },
): Promise<boolean> {
  const result = await db
    .updateTable('survey')
    .set({
      title: patch.title, description: patch.description, answer_unit: patch.answerUnit,
      questions: patch.questions === undefined ? undefined : JSON.stringify(patch.questions),
    })
    .where('id', '=', id)
    .where('status', '=', 'draft')
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/** Moves a survey on from one status, stamping when; false when it was not in that status. */
export async function moveStatus(db: Kysely<DB>, id: number, from: SurveyStatus, to: 'published' | 'closed', at: Date): Promise<boolean> {
  const result = await db
    .updateTable('survey')
    .set(to === 'published' ? { status: to, published_at: at } : { status: to, closed_at: at })
    .where('id', '=', id)
    .where('status', '=', from)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

export interface ResponseInsert {
  surveyId: number;
  communityId: number;
  respondentKey: string;
  householdId: number;
  answers: Answers;
  channel: 'online' | 'paper';
  enteredBy: number | null;
  userId: number | null;
  createdAt?: Date;
}

export async function insertResponses(db: Kysely<DB>, rows: ResponseInsert[]) {
  if (!rows.length) return [];
  return db
    .insertInto('survey_response')
    .values(rows.map((r) => ({
      survey_id: r.surveyId, community_id: r.communityId, respondent_key: r.respondentKey, household_id: r.householdId,
      answers: JSON.stringify(r.answers), channel: r.channel, entered_by: r.enteredBy, user_id: r.userId,
      ...(r.createdAt ? { created_at: r.createdAt } : {}),
    })))
    .returning(['id', 'channel', 'created_at'])
    .execute();
}

/** The answers given under any of these respondent keys to any of these surveys. */
export async function selectResponsesOf(db: Kysely<DB>, surveyIds: number[], respondentKeys: string[]) {
  if (!surveyIds.length || !respondentKeys.length) return [];
  return db
    .selectFrom('survey_response')
    .select(['survey_id', 'created_at'])
    .where('survey_id', 'in', surveyIds)
    .where('respondent_key', 'in', respondentKeys)
    .execute();
}

/**
 * How often each value was given to each question; a multiple-choice answer counts each option
 * picked. Text questions are left out: their answers are read one by one, not counted.
 */
export async function selectValueCounts(db: Kysely<DB>, surveyId: number, textKeys: string[]) {
  const result = await sql<{ key: string; value: string; n: number }>`
    SELECT a.key, COALESCE(e.value, a.value) #>> '{}' AS value, count(*) AS n
    FROM survey_response r
    CROSS JOIN LATERAL jsonb_each(r.answers) a
    LEFT JOIN LATERAL jsonb_array_elements(CASE WHEN jsonb_typeof(a.value) = 'array' THEN a.value END) e ON true
    WHERE r.survey_id = ${surveyId} AND NOT (a.key = ANY(${textKeys}::text[]))
    GROUP BY 1, 2`.execute(db);
  return result.rows;
}

/** How many responses answered each question. */
export async function selectAnsweredCounts(db: Kysely<DB>, surveyId: number) {
  const result = await sql<{ key: string; n: number }>`
    SELECT k.key, count(*) AS n
    FROM survey_response r CROSS JOIN LATERAL jsonb_object_keys(r.answers) AS k(key)
    WHERE r.survey_id = ${surveyId}
    GROUP BY 1`.execute(db);
  return result.rows;
}

export async function selectChannelCounts(db: Kysely<DB>, surveyId: number) {
  return db
    .selectFrom('survey_response')
    .select(['channel', (eb) => eb.fn.countAll<number>().as('n')])
    .where('survey_id', '=', surveyId)
    .groupBy('channel')
    .execute();
}

/** Answers to one text question, newest first, optionally containing some text. */
export async function selectTextAnswers(db: Kysely<DB>, q: { surveyId: number; key: string; contains?: string; beforeId?: number; limit: number }) {
  let query = db
    .selectFrom('survey_response')
    .select(['id', 'channel', 'created_at', sql<string>`answers ->> ${q.key}`.as('text')])
    .where('survey_id', '=', q.surveyId)
    .where(sql<boolean>`jsonb_exists(answers, ${q.key})`)
    .orderBy('id', 'desc')
    .limit(q.limit + 1);
  if (q.contains) query = query.where(sql<boolean>`answers ->> ${q.key} ILIKE ${containsPattern(q.contains)}`);
  if (q.beforeId !== undefined) query = query.where('id', '<', q.beforeId);
  return query.execute();
}

/** Every response of a survey, oldest first, for the export. */
export async function selectAllResponses(db: Kysely<DB>, surveyId: number) {
  return db
    .selectFrom('survey_response')
    .select(['id', 'channel', 'created_at', 'answers'])
    .where('survey_id', '=', surveyId)
    .orderBy('id')
    .execute();
}
