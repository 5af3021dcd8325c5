import { Type } from 'typebox';
import type { AppContext, AppInstance } from '../app.ts';
import { AppError } from '../platform/errors.ts';
import { requireActor, sendDownload, XLSX_CONTENT_TYPE } from '../platform/http.ts';
import { photoLimits } from '../platform/images.ts';
import { readMultipart } from '../platform/multipart.ts';
import { Page, PageQuery } from '../platform/pagination.ts';
import {
  CategoryView, CloseBody, DispatchBody, HotlineImportFields, HotlineImportQuery, HotlineImportReport, MergeBody, NearbyQuery, NearbyTicket, RateBody, ReasonBody, RegridBody, ReportArea, ResolveFields, TicketCreate,
  TicketDetail, TicketIdParams, TicketListQuery, TicketPhotoParams, TicketReportFields, TicketView, WhistleBody,
} from './schema.ts';
import * as tickets from './service.ts';
import { listCategories } from './categories.ts';
import { hotlineTemplate, hotlineUploadLimits, importHotlineCases } from './hotlineImport.ts';
import { Measures, MeasuresQuery, measureTickets } from './measures.ts';
import { exportMeasures } from './measuresExport.ts';
import * as workflow from './workflow.ts';

const tags = ['tickets'];
// Multipart bodies are checked by readMultipart against the *Fields schemas; photos go in `photos`.
const multipartBody = { consumes: ['multipart/form-data'] };
const xlsxFile = { description: 'an Excel workbook', content: { [XLSX_CONTENT_TYPE]: { schema: Type.String({ format: 'binary' }) } } };
const OptionalReason = Type.Object({ reason: Type.Optional(Type.String({ maxLength: 500 })) }, { additionalProperties: false });

/** A multipart report's text fields as the JSON report has them. */
function reportFrom(fields: TicketReportFields) {
  const location = fields.lon !== undefined && fields.lat !== undefined ? { lon: Number(fields.lon), lat: Number(fields.lat) } : undefined;
  return {
    categoryCode: fields.categoryCode, description: fields.description, address: fields.address, location,
    communityId: fields.communityId === undefined ? undefined : Number(fields.communityId), anonymous: fields.anonymous === 'true',
  };
}

export function ticketRoutes(app: AppInstance, ctx: AppContext): void {
  app.get('/api/ticket-categories', { schema: { tags, response: { 200: Type.Object({ items: Type.Array(CategoryView) }) } } }, async (request) => {
    requireActor(request);
    return { items: await listCategories(ctx) };
  });

  app.get('/api/tickets', { schema: { tags, querystring: TicketListQuery, response: { 200: Page(TicketView) } } }, async (request) =>
    tickets.listTickets(ctx, requireActor(request), request.query));

  app.get('/api/tickets/nearby', { schema: { tags, querystring: NearbyQuery, response: { 200: Type.Object({ items: Type.Array(NearbyTicket) }) } } }, async (request) => {
    requireActor(request);
    return { items: await tickets.findNearby(ctx, request.query) };
  });

  app.get('/api/tickets/report-areas', { schema: { tags, response: { 200: Type.Object({ items: Type.Array(ReportArea) }) } } }, async (request) =>
    ({ items: await tickets.listReportAreas(ctx, requireActor(request)) }));

  // The three rates (三率), ranked; definitions in measures.ts and in the schema's descriptions.
  app.get('/api/tickets/measures', { schema: { tags, querystring: MeasuresQuery, response: { 200: Measures } } }, async (request) =>
    measureTickets(ctx, requireActor(request), request.query, request.locale));
  app.get('/api/tickets/measures.xlsx', { schema: { tags, querystring: MeasuresQuery, response: { 200: xlsxFile } } }, async (request, reply) =>
    sendDownload(reply, { ...(await exportMeasures(ctx, requireActor(request), request.query, request.locale)), contentType: XLSX_CONTENT_TYPE }));

  // 12345 hotline spreadsheets: the file in `file`; ?dryRun=false writes every case in one transaction, or none (422 IMPORT_INVALID).
  app.post('/api/tickets/import', { schema: { tags, ...multipartBody, querystring: HotlineImportQuery, response: { 200: HotlineImportReport } } }, async (request) => {
    const actor = requireActor(request);
    const { files } = await readMultipart(request, HotlineImportFields, hotlineUploadLimits);
    const file = files.find((f) => f.field === 'file');
    if (!file) throw new AppError('VALIDATION_FAILED', {}, [{ path: 'body.file', code: 'FILE_REQUIRED' }]);
    return importHotlineCases(ctx, actor, { fileName: file.fileName, file: file.bytes, dryRun: request.query.dryRun ?? true, locale: request.locale });
  });
  app.get('/api/tickets/import/template.xlsx', { schema: { tags, response: { 200: xlsxFile } } }, async (request, reply) =>
    sendDownload(reply, { ...(await hotlineTemplate(ctx, requireActor(request), request.locale)), contentType: XLSX_CONTENT_TYPE }));

  app.get('/api/my/tickets', { schema: { tags, querystring: PageQuery, response: { 200: Page(TicketView) } } }, async (request) =>
    tickets.listFollowedTickets(ctx, requireActor(request), request.query));

  app.post('/api/tickets', { schema: { tags, body: TicketCreate, response: { 201: TicketDetail } } }, async (request, reply) =>
    reply.status(201).send(await tickets.createTicket(ctx, requireActor(request), request.body)));

  app.post('/api/tickets/report', { schema: { tags, ...multipartBody, response: { 201: TicketDetail } } }, async (request, reply) => {
    const actor = requireActor(request);
    const { fields, files } = await readMultipart(request, TicketReportFields, photoLimits);
    return reply.status(201).send(await tickets.createTicket(ctx, actor, { ...reportFrom(fields), source: 'resident_app' }, files));
  });

  app.get('/api/tickets/:id', { schema: { tags, params: TicketIdParams, response: { 200: TicketDetail } } }, async (request) =>
    tickets.getTicket(ctx, requireActor(request), request.params.id));

  app.get('/api/tickets/:id/photos/:photoId', { schema: { tags, params: TicketPhotoParams } }, async (request, reply) => {
    const photo = await tickets.getTicketPhoto(ctx, requireActor(request), request.params.id, request.params.photoId);
    // Private: only for who may read the ticket; the bytes behind an id never change.
    return reply.header('content-type', photo.contentType).header('cache-control', 'private, max-age=86400, immutable')
      .header('x-content-type-options', 'nosniff').send(photo.bytes);
  });

  const step = { tags, params: TicketIdParams, response: { 200: TicketDetail } };
  app.post('/api/tickets/:id/accept', { schema: step }, async (request) => workflow.acceptTicket(ctx, requireActor(request), request.params.id));
  app.post('/api/tickets/:id/arrive', { schema: step }, async (request) => workflow.arriveAtTicket(ctx, requireActor(request), request.params.id));
  app.post('/api/tickets/:id/resolve', { schema: { ...step, ...multipartBody } }, async (request) => {
    const actor = requireActor(request);
    const { fields, files } = await readMultipart(request, ResolveFields, photoLimits);
    return workflow.resolveTicket(ctx, actor, request.params.id, fields.note, files);
  });
  app.post('/api/tickets/:id/notes', { schema: { ...step, ...multipartBody } }, async (request) => {
    const actor = requireActor(request);
    const { fields, files } = await readMultipart(request, ResolveFields, photoLimits);
    return workflow.addTicketNote(ctx, actor, request.params.id, fields.note, files);
  });
  app.post('/api/tickets/:id/pause', { schema: { ...step, body: ReasonBody } }, async (request) =>
    workflow.pauseTicket(ctx, requireActor(request), request.params.id, request.body.reason));
  app.post('/api/tickets/:id/resume', { schema: step }, async (request) => workflow.resumeTicket(ctx, requireActor(request), request.params.id));
  app.post('/api/tickets/:id/return', { schema: { ...step, body: ReasonBody } }, async (request) =>
    workflow.returnTicket(ctx, requireActor(request), request.params.id, request.body.reason));
  app.post('/api/tickets/:id/dispatch', { schema: { ...step, body: DispatchBody } }, async (request) =>
    workflow.dispatchTicket(ctx, requireActor(request), request.params.id, request.body));
  app.post('/api/tickets/:id/whistle', { schema: { ...step, body: WhistleBody } }, async (request) =>
    workflow.whistleTicket(ctx, requireActor(request), request.params.id, request.body.departmentId, request.body.reason));
  app.post('/api/tickets/:id/merge', { schema: { ...step, body: MergeBody } }, async (request) =>
    workflow.mergeTicket(ctx, requireActor(request), request.params.id, request.body.intoId, request.body.reason));
  app.post('/api/tickets/:id/regrid', { schema: { ...step, body: RegridBody } }, async (request) =>
    workflow.regridTicket(ctx, requireActor(request), request.params.id, request.body.gridId, request.body.reason));
  app.post('/api/tickets/:id/close', { schema: { ...step, body: CloseBody } }, async (request) =>
    workflow.closeTicket(ctx, requireActor(request), request.params.id, request.body.outcome, request.body.reason));
  app.post('/api/tickets/:id/withdraw', { schema: { ...step, body: OptionalReason } }, async (request) =>
    workflow.withdrawTicket(ctx, requireActor(request), request.params.id, request.body.reason));
  app.post('/api/tickets/:id/rate', { schema: { ...step, body: RateBody } }, async (request) =>
    workflow.rateTicket(ctx, requireActor(request), request.params.id, request.body));
  app.post('/api/tickets/:id/reopen', { schema: { ...step, body: ReasonBody } }, async (request) =>
    workflow.reopenTicket(ctx, requireActor(request), request.params.id, request.body.reason));
  app.post('/api/tickets/:id/subscribe', { schema: step }, async (request) => tickets.subscribeToTicket(ctx, requireActor(request), request.params.id));
}
