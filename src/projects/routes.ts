import type { AppContext, AppInstance } from '../app.ts';
import { requireActor, sendDownload, XLSX_CONTENT_TYPE } from '../platform/http.ts';
import { readMultipart } from '../platform/multipart.ts';
import { Page } from '../platform/pagination.ts';
import { exportProjects } from './export.ts';
import { photoLimits } from '../platform/images.ts';
import { acceptProject, addNote, changeStatus } from './progress.ts';
import {
  AcceptFields, NoteFields, PhotoParams, ProjectCreate, ProjectDetail, ProjectExportQuery, ProjectIdParams, ProjectListQuery, ProjectUpdate,
  ProjectView, StatusChange,
} from './schema.ts';
import * as projects from './service.ts';

const tags = ['projects'];
// Multipart bodies are checked by readMultipart against NoteFields / AcceptFields; photos go in `photos`.
const multipartBody = { consumes: ['multipart/form-data'] };

export function projectRoutes(app: AppInstance, ctx: AppContext): void {
  app.get('/api/projects', { schema: { tags, querystring: ProjectListQuery, response: { 200: Page(ProjectView) } } }, async (request) =>
    projects.listProjects(ctx, requireActor(request), request.query));

  app.get('/api/projects/export.xlsx', { schema: { tags, querystring: ProjectExportQuery } }, async (request, reply) => {
    const file = await exportProjects(ctx, requireActor(request), request.query, request.locale);
    return sendDownload(reply, { ...file, contentType: XLSX_CONTENT_TYPE });
  });

  app.get('/api/projects/:id', { schema: { tags, params: ProjectIdParams, response: { 200: ProjectDetail } } }, async (request) =>
    projects.getProject(ctx, requireActor(request), request.params.id));

  app.post('/api/projects', { schema: { tags, body: ProjectCreate, response: { 201: ProjectDetail } } }, async (request, reply) =>
    reply.status(201).send(await projects.createProject(ctx, requireActor(request), request.body)));

  app.patch('/api/projects/:id', { schema: { tags, params: ProjectIdParams, body: ProjectUpdate, response: { 200: ProjectDetail } } }, async (request) =>
    projects.updateProject(ctx, requireActor(request), request.params.id, request.body));

  app.post('/api/projects/:id/status', { schema: { tags, params: ProjectIdParams, body: StatusChange, response: { 200: ProjectDetail } } }, async (request) =>
    changeStatus(ctx, requireActor(request), request.params.id, request.body));

  app.post('/api/projects/:id/notes', { schema: { tags, params: ProjectIdParams, ...multipartBody, response: { 201: ProjectDetail } } }, async (request, reply) => {
    const actor = requireActor(request);
    const { fields, files } = await readMultipart(request, NoteFields, photoLimits);
    return reply.status(201).send(await addNote(ctx, actor, request.params.id, fields, files));
  });

  app.post('/api/projects/:id/accept', { schema: { tags, params: ProjectIdParams, ...multipartBody, response: { 200: ProjectDetail } } }, async (request) => {
    const actor = requireActor(request);
    const { fields, files } = await readMultipart(request, AcceptFields, photoLimits);
    return acceptProject(ctx, actor, request.params.id, fields, files);
  });

  app.get('/api/projects/:id/photos/:photoId', { schema: { tags, params: PhotoParams } }, async (request, reply) => {
    const photo = await projects.getProjectPhoto(ctx, requireActor(request), request.params.id, request.params.photoId);
    // Private: the photo is only for who may read the project; the bytes behind an id never change.
    return reply.header('content-type', photo.contentType).header('cache-control', 'private, max-age=86400, immutable')
      .header('x-content-type-options', 'nosniff').send(photo.bytes);
  });
}
