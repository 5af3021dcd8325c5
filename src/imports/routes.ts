import type { AppContext, AppInstance } from '../app.ts';
import { AppError, type Locale } from '../platform/errors.ts';
import { requireActor, sendDownload } from '../platform/http.ts';
import { checkFields } from '../platform/multipart.ts';
import { ExportParams, ExportQuery, ImportFields, ImportIdParams, ImportReport } from './schema.ts';
import { commitImport, dryRunImport, exportRegistry, getImportReport } from './service.ts';

const tags = ['imports'];

/** The text fields that came with the file, checked against the schema. */
function parseFields(fields: Record<string, unknown>, locale: Locale): ImportFields {
  const raw: Record<string, unknown> = {};
  for (const [name, part] of Object.entries(fields)) {
    const value = (part as { type?: string; value?: unknown } | undefined);
    if (value?.type === 'field') raw[name] = value.value;
  }
  return checkFields(ImportFields, raw, locale);
}

export function importRoutes(app: AppInstance, ctx: AppContext): void {
  app.post('/api/imports', { schema: { tags, consumes: ['multipart/form-data'], response: { 200: ImportReport, 202: ImportReport } } }, async (request, reply) => {
    const actor = requireActor(request);
    const file = await request.file();
    if (!file) throw new AppError('VALIDATION_FAILED', {}, [{ path: 'body.file', code: 'FILE_REQUIRED' }]);
    const body = await file.toBuffer();
    const fields = parseFields(file.fields as Record<string, unknown>, request.locale);
    const input = { kind: fields.kind, communityId: fields.communityId, fileName: file.filename, file: body, locale: request.locale };
    if (fields.dryRun) return reply.status(200).send(await dryRunImport(ctx, actor, input));
    const { report } = await commitImport(ctx, actor, input);
    return reply.status(202).send(report);
  });

  app.get('/api/imports/:id', { schema: { tags, params: ImportIdParams, response: { 200: ImportReport } } }, async (request) =>
    getImportReport(requireActor(request), request.params.id));

  app.get('/api/exports/:kind', { schema: { tags, params: ExportParams, querystring: ExportQuery } }, async (request, reply) => {
    const input = { kind: request.params.kind, communityId: request.query.communityId, format: request.query.format ?? 'csv', locale: request.locale };
    const file = await exportRegistry(ctx, requireActor(request), input);
    return sendDownload(reply, file);
  });
}
