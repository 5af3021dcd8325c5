/**
 * Carrying a project forward: status steps (and the step back), progress notes with photos, and the
 * acceptance (验收). Each writes one timeline event in the same transaction as the change it records.
 */
import type { Actor } from '../platform/actor.ts';
import { AppError } from '../platform/errors.ts';
import { photoRows, preparePhotos } from '../platform/images.ts';
import type { UploadedFile } from '../platform/multipart.ts';
import { withStoredFiles } from '../platform/storage.ts';
import { statusMove } from './rules.ts';
import type { AcceptFields, NoteFields, ProjectDetail, StatusChange } from './schema.ts';
import { actorIdOf, auditProject, getProject, loadProject, type ProjectDeps } from './service.ts';
import * as store from './store.ts';

/**
 * Moves a project one step forward, or one step back with a reason. Funded needs funding on record;
 * completed sets the progress to 100 %. Audited with the reason.
 */
export async function changeStatus(deps: ProjectDeps, actor: Actor, id: number, change: StatusChange): Promise<ProjectDetail> {
  const row = await loadProject(deps, actor, id, 'projects.write');
  const move = statusMove(row.status, change.to);
  const reason = change.reason?.trim() || null;
  if (move === 'back' && !reason) throw new AppError('STEP_BACK_REASON_REQUIRED');
  if (move === 'forward' && change.to === 'funded' && !(row.funding as unknown[]).length) throw new AppError('FUNDING_REQUIRED');
  const at = deps.clock.now();
  const progressPercent = move === 'forward' && change.to === 'completed' ? 100 : undefined;
  await deps.db.transaction().execute(async (trx) => {
    // Someone else moved it since it was read: their step stands, this one is refused.
    if (!(await store.updateStatus(trx, id, row.status, { status: change.to, at, progressPercent }))) throw new AppError('PROJECT_STATUS_STEP');
    await store.insertEvent(trx, {
      projectId: id, kind: 'status', fromStatus: row.status, toStatus: change.to, body: reason, progressPercent, actorId: actorIdOf(actor), actorName: actor.displayName, at,
    });
    await auditProject(trx, actor, 'project.status', id, row.community_id, { reason, details: { from: row.status, to: change.to } });
  });
  return getProject(deps, actor, id);
}

/** A progress note: text, photos or both, optionally with the new progress percentage. */
export async function addNote(deps: ProjectDeps, actor: Actor, id: number, fields: NoteFields, files: UploadedFile[]): Promise<ProjectDetail> {
  const row = await loadProject(deps, actor, id, 'projects.write');
  if (row.status === 'accepted') throw new AppError('PROJECT_ACCEPTED_FINAL');
  const text = fields.text?.trim() || null;
  if (!text && !files.length) throw new AppError('VALIDATION_FAILED', {}, [{ path: 'body.text', code: 'NOTE_EMPTY' }]);
  const images = await preparePhotos(files);
  const at = deps.clock.now();
  await withStoredFiles(deps.storage, images, (keys) => deps.db.transaction().execute(async (trx) => {
    if (!(await store.updateProject(trx, id, { progressPercent: fields.progressPercent }, at))) throw new AppError('PROJECT_ACCEPTED_FINAL');
    const eventId = await store.insertEvent(trx, {
      projectId: id, kind: 'note', body: text, progressPercent: fields.progressPercent, actorId: actorIdOf(actor), actorName: actor.displayName, at,
    });
    await store.insertPhotos(trx, id, eventId, photoRows(images, keys), at);
  }));
  return getProject(deps, actor, id);
}

/** 验收: a completed project accepted by someone allowed to, with a note and photos; final, and audited. */
export async function acceptProject(deps: ProjectDeps, actor: Actor, id: number, fields: AcceptFields, files: UploadedFile[]): Promise<ProjectDetail> {
  const row = await loadProject(deps, actor, id, 'projects.accept');
  if (row.status === 'accepted') throw new AppError('PROJECT_ACCEPTED_FINAL');
  if (row.status !== 'completed') throw new AppError('PROJECT_NOT_COMPLETED');
  const note = fields.note?.trim() || null;
  const images = await preparePhotos(files);
  const at = deps.clock.now();
  await withStoredFiles(deps.storage, images, (keys) => deps.db.transaction().execute(async (trx) => {
    const accepted = await store.updateStatus(trx, id, 'completed', {
      status: 'accepted', at, progressPercent: 100, acceptedBy: actor.userId, acceptanceNote: note,
    });
    if (!accepted) throw new AppError('PROJECT_NOT_COMPLETED');
    const eventId = await store.insertEvent(trx, {
      projectId: id, kind: 'accepted', fromStatus: 'completed', toStatus: 'accepted', body: note, progressPercent: 100,
      actorId: actorIdOf(actor), actorName: actor.displayName, at,
    });
    await store.insertPhotos(trx, id, eventId, photoRows(images, keys), at);
    await auditProject(trx, actor, 'project.accept', id, row.community_id, { reason: note, details: { photos: images.length } });
  }));
  return getProject(deps, actor, id);
}
