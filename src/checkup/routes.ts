import { Type } from 'typebox';
import type { AppContext, AppInstance } from '../app.ts';
import { requireActor, sendDownload, XLSX_CONTENT_TYPE } from '../platform/http.ts';
import { Page } from '../platform/pagination.ts';
import { IdParams } from '../places/schema.ts';
import {
  CheckupAccess, CheckupComparison, CheckupDetail, CheckupListQuery, CheckupRun, CheckupView, CompareParams, FindingView, KindMappingList,
  StandardClone, StandardDetail, StandardSave, StandardSummary,
} from './schema.ts';
import * as checkups from './service.ts';
import * as standards from './standardService.ts';

const tags = ['checkup'];

function standardRoutes(app: AppInstance, ctx: AppContext): void {
  app.get('/api/standards', { schema: { tags, response: { 200: Type.Array(StandardSummary) } } }, async (request) =>
    standards.listStandards(ctx, requireActor(request)));

  app.get('/api/standards/:id', { schema: { tags, params: IdParams, response: { 200: StandardDetail } } }, async (request) =>
    standards.getStandard(ctx, requireActor(request), request.params.id));

  app.post('/api/standards', { schema: { tags, body: StandardSave, response: { 201: StandardDetail } } }, async (request, reply) =>
    reply.status(201).send(await standards.saveStandard(ctx, requireActor(request), request.body)));

  app.post('/api/standards/:id/clone', { schema: { tags, params: IdParams, body: StandardClone, response: { 201: StandardDetail } } }, async (request, reply) =>
    reply.status(201).send(await standards.cloneStandard(ctx, requireActor(request), request.params.id, request.body)));

  app.get('/api/kind-mappings', { schema: { tags, response: { 200: KindMappingList } } }, async (request) =>
    ({ rules: await standards.listKindMappings(ctx, requireActor(request)) }));

  app.put('/api/kind-mappings', { schema: { tags, body: KindMappingList, response: { 200: KindMappingList } } }, async (request) =>
    ({ rules: await standards.replaceKindMappings(ctx, requireActor(request), request.body.rules) }));
}

export function checkupRoutes(app: AppInstance, ctx: AppContext): void {
  standardRoutes(app, ctx);

  app.post('/api/checkups', { schema: { tags, body: CheckupRun, response: { 201: CheckupDetail } } }, async (request, reply) =>
    reply.status(201).send(await checkups.runCheckup(ctx, requireActor(request), request.body)));

  app.get('/api/checkups', { schema: { tags, querystring: CheckupListQuery, response: { 200: Page(CheckupView) } } }, async (request) =>
    checkups.listCheckups(ctx, requireActor(request), request.query));

  app.get('/api/checkups/:id', { schema: { tags, params: IdParams, response: { 200: CheckupDetail } } }, async (request) =>
    checkups.getCheckup(ctx, requireActor(request), request.params.id));

  app.get('/api/checkups/:id/access', { schema: { tags, params: IdParams, response: { 200: CheckupAccess } } }, async (request) =>
    checkups.getCheckupAccess(ctx, requireActor(request), request.params.id));

  app.get('/api/checkups/:id/compare/:otherId', { schema: { tags, params: CompareParams, response: { 200: CheckupComparison } } }, async (request) =>
    checkups.compareCheckups(ctx, requireActor(request), request.params.otherId, request.params.id));

  app.get('/api/checkups/:id/ledger', { schema: { tags, params: IdParams } }, async (request, reply) => {
    const file = await checkups.exportLedger(ctx, requireActor(request), request.params.id, request.locale);
    return sendDownload(reply, { ...file, contentType: XLSX_CONTENT_TYPE });
  });

  app.get('/api/findings/:id', { schema: { tags, params: IdParams, response: { 200: FindingView } } }, async (request) =>
    checkups.getFinding(ctx, requireActor(request), request.params.id));
}
