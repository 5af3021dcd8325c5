import type { AppContext, AppInstance } from '../app.ts';
import { requireActor, sendDownload, XLSX_CONTENT_TYPE } from '../platform/http.ts';
import { Page } from '../platform/pagination.ts';
import { IdParams } from '../places/schema.ts';
import * as answers from './answerService.ts';
import { exportResponses } from './exportService.ts';
import {
  AnswerBody, MySurvey, MySurveyList, PaperResponseBody, ResponseCreated, SurveyCreate, SurveyListQuery, SurveyResults, SurveySummary,
  SurveyUpdate, SurveyView, TextAnswer, TextAnswerQuery,
} from './schema.ts';
import * as surveys from './service.ts';

const tags = ['surveys'];

export function surveysRoutes(app: AppInstance, ctx: AppContext): void {
  app.get('/api/surveys', { schema: { tags, querystring: SurveyListQuery, response: { 200: Page(SurveySummary) } } }, async (request) =>
    surveys.listSurveys(ctx, requireActor(request), request.query));

  app.post('/api/surveys', { schema: { tags, body: SurveyCreate, response: { 201: SurveyView } } }, async (request, reply) =>
    reply.status(201).send(await surveys.createSurvey(ctx, requireActor(request), request.body)));

  app.get('/api/surveys/:id', { schema: { tags, params: IdParams, response: { 200: SurveyView } } }, async (request) =>
    surveys.getSurvey(ctx, requireActor(request), request.params.id));

  app.patch('/api/surveys/:id', { schema: { tags, params: IdParams, body: SurveyUpdate, response: { 200: SurveyView } } }, async (request) =>
    surveys.updateSurvey(ctx, requireActor(request), request.params.id, request.body));

  app.post('/api/surveys/:id/publish', { schema: { tags, params: IdParams, response: { 200: SurveyView } } }, async (request) =>
    surveys.publishSurvey(ctx, requireActor(request), request.params.id));

  app.post('/api/surveys/:id/close', { schema: { tags, params: IdParams, response: { 200: SurveyView } } }, async (request) =>
    surveys.closeSurvey(ctx, requireActor(request), request.params.id));

  app.get('/api/surveys/:id/results', { schema: { tags, params: IdParams, response: { 200: SurveyResults } } }, async (request) =>
    surveys.getResults(ctx, requireActor(request), request.params.id));

  app.get('/api/surveys/:id/text-answers', { schema: { tags, params: IdParams, querystring: TextAnswerQuery, response: { 200: Page(TextAnswer) } } }, async (request) =>
    surveys.listTextAnswers(ctx, requireActor(request), request.params.id, request.query));

  app.get('/api/surveys/:id/export', { schema: { tags, params: IdParams } }, async (request, reply) => {
    const file = await exportResponses(ctx, requireActor(request), request.params.id, request.locale);
    return sendDownload(reply, { ...file, contentType: XLSX_CONTENT_TYPE });
  });

  app.post('/api/surveys/:id/paper-responses', { schema: { tags, params: IdParams, body: PaperResponseBody, response: { 201: ResponseCreated } } }, async (request, reply) =>
    reply.status(201).send(await answers.enterPaperResponse(ctx, requireActor(request), request.params.id, request.body)));

  app.get('/api/me/surveys', { schema: { tags, response: { 200: MySurveyList } } }, async (request) =>
    answers.listMySurveys(ctx, requireActor(request)));

  app.get('/api/me/surveys/:id', { schema: { tags, params: IdParams, response: { 200: MySurvey } } }, async (request) =>
    answers.getMySurvey(ctx, requireActor(request), request.params.id));

  app.post('/api/me/surveys/:id/responses', { schema: { tags, params: IdParams, body: AnswerBody, response: { 201: ResponseCreated } } }, async (request, reply) =>
    reply.status(201).send(await answers.answerSurvey(ctx, requireActor(request), request.params.id, request.body.answers)));
}
