/**
 * Answering surveys: residents online from their phone, and staff typing in a paper form on a
 * resident's behalf. One answer per resident or per household is the database's unique constraint.
 */
import type { Kysely } from 'kysely';
import type { DB, SurveyAnswerUnit } from '../db/schema.ts';
import { inTransaction } from '../db/transaction.ts';
import type { Actor } from '../platform/actor.ts';
import { insertAuditEntry } from '../platform/audit/store.ts';
import { AppError } from '../platform/errors.ts';
import * as peopleStore from '../people/store.ts';
import { checkAnswers } from './questions.ts';
import type { Answers, MySurvey, MySurveySummary, PaperResponseBody, ResponseCreated } from './schema.ts';
import { loadSurvey, questionsOf, type SurveyDeps } from './service.ts';
import * as store from './store.ts';
import { isUniqueViolation } from '../db/uniqueViolation.ts';

/** Who answers, as the survey's unit counts them, and where they live. */
interface Respondent {
  key: string;
  householdId: number;
  communityId: number;
}

const respondentKey = (unit: SurveyAnswerUnit, householdId: number, residentId: number) =>
  unit === 'household' ? `household:${householdId}` : `resident:${residentId}`;

/** The signed-in resident's household and, when the account is linked to it, their own resident record. */
async function myPlace(deps: { db: Kysely<DB> }, actor: Actor) {
  if (!actor.householdId) throw new AppError('NOT_BOUND_TO_HOUSEHOLD');
  const household = await peopleStore.findHousehold(deps.db, actor.householdId);
  if (!household) throw new AppError('NOT_BOUND_TO_HOUSEHOLD');
  const resident = actor.residentId ? await peopleStore.findResident(deps.db, actor.residentId) : undefined;
  return { household, residentId: resident?.household_id === household.id ? resident.id : null };
}

function myRespondent(place: Awaited<ReturnType<typeof myPlace>>, unit: SurveyAnswerUnit): Respondent {
  if (unit === 'resident' && place.residentId === null) throw new AppError('MY_RESIDENT_RECORD_MISSING');
  return { key: respondentKey(unit, place.household.id, place.residentId!), householdId: place.household.id, communityId: place.household.community_id };
}

/** A survey of my community that residents may see: published, or closed (an old link still opens). */
async function loadMySurvey(deps: { db: Kysely<DB> }, communityId: number, id: number) {
  const row = await store.findSurvey(deps.db, id);
  if (!row || row.community_id !== communityId || row.status === 'draft') throw new AppError('SURVEY_NOT_FOUND');
  return row;
}

async function myAnswers(deps: { db: Kysely<DB> }, place: Awaited<ReturnType<typeof myPlace>>, surveyIds: number[]) {
  const keys = [`household:${place.household.id}`, ...(place.residentId ? [`resident:${place.residentId}`] : [])];
  return new Map((await store.selectResponsesOf(deps.db, surveyIds, keys)).map((r) => [r.survey_id, r.created_at.toISOString()]));
}

/** The surveys open in my community, and whether I (or my household, as the survey counts) answered each. */
export async function listMySurveys(deps: SurveyDeps, actor: Actor): Promise<{ items: MySurveySummary[] }> {
  const place = await myPlace(deps, actor);
  const rows = await store.selectPublishedSurveys(deps.db, place.household.community_id);
  const answered = await myAnswers(deps, place, rows.map((r) => r.id));
  return {
    items: rows.map((r) => ({
      id: r.id, title: r.title, description: r.description, answerUnit: r.answer_unit, publishedAt: r.published_at?.toISOString() ?? null,
      questionCount: questionsOf(r).length, answered: answered.has(r.id), answeredAt: answered.get(r.id) ?? null,
    })),
  };
}

export async function getMySurvey(deps: SurveyDeps, actor: Actor, id: number): Promise<MySurvey> {
  const place = await myPlace(deps, actor);
  const row = await loadMySurvey(deps, place.household.community_id, id);
  const answered = await myAnswers(deps, place, [id]);
  return {
    id: row.id, title: row.title, description: row.description, answerUnit: row.answer_unit, publishedAt: row.published_at?.toISOString() ?? null,
    status: row.status, questions: questionsOf(row), answered: answered.has(id), answeredAt: answered.get(id) ?? null,
  };
}


/** Checks and stores one answer; a second one by the same resident or household is refused by the database. */
async function saveResponse(
  db: Kysely<DB>,
  survey: { id: number; questions: unknown },
  respondent: Respondent,
  answers: Answers,
  by: { channel: 'online' | 'paper'; enteredBy: number | null; userId: number | null },
  afterInsert: (trx: Kysely<DB>, responseId: number) => Promise<void> = async () => {},
): Promise<ResponseCreated> {
  const checked = checkAnswers(questionsOf(survey), answers);
  if (checked.details.length) throw new AppError('VALIDATION_FAILED', {}, checked.details);
  return inTransaction(db, async (trx) => {
    try {
      const [row] = await store.insertResponses(trx, [{
        surveyId: survey.id, communityId: respondent.communityId, respondentKey: respondent.key, householdId: respondent.householdId,
        answers: checked.answers, ...by,
      }]);
      await afterInsert(trx, row.id);
      return { id: row.id, channel: row.channel, createdAt: row.created_at.toISOString() };
    } catch (err) {
      if (isUniqueViolation(err)) throw new AppError('SURVEY_ALREADY_ANSWERED');
      throw err;
    }
  });
}

/** A resident answers a published survey of their community, for themselves or their household. */
export async function answerSurvey(deps: SurveyDeps, actor: Actor, id: number, answers: Answers): Promise<ResponseCreated> {
  const place = await myPlace(deps, actor);
  const survey = await loadMySurvey(deps, place.household.community_id, id);
  if (survey.status !== 'published') throw new AppError('SURVEY_NOT_OPEN');
  const respondent = myRespondent(place, survey.answer_unit);
  return saveResponse(deps.db, survey, respondent, answers, { channel: 'online', enteredBy: null, userId: actor.userId });
}

/** The resident or household a paper form names, checked to live in the survey's community. */
async function paperRespondent(db: Kysely<DB>, survey: store.SurveyRow, body: PaperResponseBody): Promise<Respondent> {
  const resident = body.residentId ? await peopleStore.findResident(db, body.residentId) : undefined;
  if (body.residentId && !resident) throw new AppError('RESIDENT_NOT_FOUND');
  if (!resident && (survey.answer_unit === 'resident' || !body.householdId)) throw new AppError('SURVEY_RESPONDENT_REQUIRED');
  const householdId = resident?.household_id ?? body.householdId!;
  if (body.householdId && body.householdId !== householdId) throw new AppError('SURVEY_RESPONDENT_MISMATCH');
  const household = await peopleStore.findHousehold(db, householdId);
  if (!household) throw new AppError('HOUSEHOLD_NOT_FOUND');
  if (household.community_id !== survey.community_id) throw new AppError('SURVEY_RESPONDENT_MISMATCH');
  return { key: respondentKey(survey.answer_unit, household.id, resident?.id ?? 0), householdId: household.id, communityId: household.community_id };
}

/**
 * Staff type in a survey answered on paper, naming who answered. The audit log records that it
 * was entered on their behalf, by whom, in the same transaction as the answer.
 */
export async function enterPaperResponse(deps: SurveyDeps, actor: Actor, id: number, body: PaperResponseBody): Promise<ResponseCreated> {
  const survey = await loadSurvey(deps, actor, id, 'manage');
  if (survey.status !== 'published') throw new AppError('SURVEY_NOT_OPEN');
  const respondent = await paperRespondent(deps.db, survey, body);
  return saveResponse(deps.db, survey, respondent, body.answers, { channel: 'paper', enteredBy: actor.userId, userId: null }, (trx, responseId) =>
    insertAuditEntry(trx, {
      actorId: actor.userId, actorName: actor.username, action: 'survey.paper_entry', entity: 'survey_response', entityId: responseId,
      communityId: survey.community_id, ip: actor.ip,
      details: { surveyId: id, onBehalfOf: respondent.key },
    }));
}
