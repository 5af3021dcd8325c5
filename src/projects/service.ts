import type { Kysely } from 'kysely';
import { getFinding } from '../checkup/service.ts';
import type { DB } from '../db/schema.ts';
import { listDepartments } from '../places/service.ts';
import { requireInScope, requirePermission, type Actor } from '../platform/actor.ts';
import { insertAuditEntry } from '../platform/audit/store.ts';
import { scopeFor } from '../platform/auth/service.ts';
import { chinaDate, type Clock } from '../platform/clock.ts';
import { AppError } from '../platform/errors.ts';
import { decodeCursor, toPage } from '../platform/pagination.ts';
import type { Storage } from '../platform/storage.ts';
import { checkFunding, checkPlannedDates, fundingTotalYuan, isOverdue, toFen } from './rules.ts';
import type {
  FundingEntry, ProjectCreate, ProjectDetail, ProjectEventView, ProjectExportQuery, ProjectListQuery, ProjectUpdate, ProjectView,
} from './schema.ts';
import * as store from './store.ts';

export interface ProjectDeps {
  db: Kysely<DB>;
  clock: Clock;
  storage: Storage;
}

type Permission = 'checkup.read' | 'projects.write' | 'projects.accept';
type Label = { zh: string; en: string };

export function today(deps: Pick<ProjectDeps, 'clock'>): string {
  return chinaDate(deps.clock.now());
}

export function presentProject(row: store.ProjectRow, todayDate: string): ProjectView {
  const funding = row.funding as FundingEntry[];
  return {
    id: row.id, communityId: row.community_id, communityName: row.community_name, findingId: row.finding_id,
    indicatorCode: row.indicator_code, indicatorName: row.indicator_name as Label | null, title: row.title, description: row.description,
    level: row.level, responsibleUnit: row.responsible_unit, departmentId: row.department_id, departmentName: row.department_name ?? null,
    budgetYuan: row.budget_yuan, funding, fundingTotalYuan: fundingTotalYuan(funding), plannedStart: row.planned_start, plannedEnd: row.planned_end,
    status: row.status, progressPercent: row.progress_percent, overdue: isOverdue(row.status, row.planned_end, todayDate),
    acceptedBy: row.accepted_by_name ?? null, acceptedAt: row.accepted_at?.toISOString() ?? null, acceptanceNote: row.acceptance_note,
    createdAt: row.created_at.toISOString(), updatedAt: row.updated_at.toISOString(),
  };
}

/** Who an event or audit entry names: a person, or nobody for the system (CLI) actor. */
export function actorIdOf(actor: Actor): number | null {
  return actor.userId > 0 ? actor.userId : null;
}

export function auditProject(db: Kysely<DB>, actor: Actor, action: string, projectId: number, communityId: number, extra: { reason?: string | null; details?: Record<string, unknown> } = {}) {
  return insertAuditEntry(db, {
    actorId: actorIdOf(actor), actorName: actor.username, action, entity: 'project', entityId: projectId, communityId, ip: actor.ip, ...extra,
  });
}

/** A project the actor may read or change with the permission; NOT_FOUND, FORBIDDEN or OUT_OF_SCOPE otherwise. */
export async function loadProject(deps: Pick<ProjectDeps, 'db'>, actor: Actor, id: number, permission: Permission): Promise<store.ProjectRow> {
  requirePermission(actor, permission);
  const row = await store.findProject(deps.db, id);
  if (!row) throw new AppError('PROJECT_NOT_FOUND');
  requireInScope(await scopeFor(deps.db, actor, permission), row.community_id, null);
  return row;
}

function filtersOf(deps: ProjectDeps, q: ProjectExportQuery) {
  return { communityId: q.communityId, level: q.level, status: q.status, overdue: q.overdue, findingId: q.findingId, q: q.q?.trim() || undefined, today: today(deps) };
}

/** Projects in the actor's scope, newest first, by level, status, lateness, finding or words of the title or unit. */
export async function listProjects(deps: ProjectDeps, actor: Actor, q: ProjectListQuery) {
  requirePermission(actor, 'checkup.read');
  const limit = q.limit ?? 50;
  const filters = filtersOf(deps, q);
  const rows = await store.selectProjects(deps.db, await scopeFor(deps.db, actor, 'checkup.read'), { ...filters, beforeId: decodeCursor(q.cursor), limit });
  return toPage(rows, limit, (row) => presentProject(row, filters.today));
}

/** Every project the export asks for, at most `max`: an Excel list, not a data dump. */
export async function selectForExport(deps: ProjectDeps, actor: Actor, q: ProjectExportQuery, max: number) {
  requirePermission(actor, 'checkup.read');
  const filters = filtersOf(deps, q);
  const rows = await store.selectProjects(deps.db, await scopeFor(deps.db, actor, 'checkup.read'), { ...filters, limit: max });
  return rows.slice(0, max).map((row) => presentProject(row, filters.today));
}

function presentTimeline(events: Awaited<ReturnType<typeof store.selectEvents>>, photos: Awaited<ReturnType<typeof store.selectPhotos>>): ProjectEventView[] {
  return events.map((e) => ({
    id: e.id, kind: e.kind, at: e.at.toISOString(), actorName: e.actor_name, fromStatus: e.from_status, toStatus: e.to_status, body: e.body,
    progressPercent: e.progress_percent, fields: ((e.details as { fields?: string[] } | undefined)?.fields) ?? [],
    photos: photos.filter((p) => p.event_id === e.id).map((p) => ({ id: p.id, width: p.width, height: p.height })),
  }));
}

/** One project with its timeline, oldest event first. */
export async function getProject(deps: ProjectDeps, actor: Actor, id: number): Promise<ProjectDetail> {
  const row = await loadProject(deps, actor, id, 'checkup.read');
  const [events, photos] = await Promise.all([store.selectEvents(deps.db, id), store.selectPhotos(deps.db, id)]);
  return { ...presentProject(row, today(deps)), timeline: presentTimeline(events, photos) };
}

/** A department the actor can see (its own areas' and those above), or DEPARTMENT_NOT_FOUND. */
async function checkDepartment(deps: ProjectDeps, actor: Actor, departmentId: number | null | undefined): Promise<void> {
  if (departmentId === null || departmentId === undefined) return;
  const { items } = await listDepartments(deps, actor);
  if (!items.some((d) => d.id === departmentId)) throw new AppError('DEPARTMENT_NOT_FOUND');
}

const noDetail = (path: string, code: 'PROJECT_COMMUNITY_REQUIRED' | 'FINDING_COMMUNITY_MISMATCH' | 'TITLE_REQUIRED') =>
  new AppError('VALIDATION_FAILED', {}, [{ path, code }]);

/** Where a new project comes from: a finding (which fixes community and indicator), or just a community. */
async function originOf(deps: ProjectDeps, actor: Actor, input: ProjectCreate) {
  if (input.findingId === undefined) {
    if (input.communityId === undefined) throw noDetail('body.communityId', 'PROJECT_COMMUNITY_REQUIRED');
    if (!input.title) throw noDetail('body.title', 'TITLE_REQUIRED');
    return { communityId: input.communityId, findingId: null, indicatorCode: null, indicatorName: null, title: input.title };
  }
  // The checkup domain decides what a finding is and who may see it.
  const finding = await getFinding(deps, actor, input.findingId);
  if (input.communityId !== undefined && input.communityId !== finding.communityId) throw noDetail('body.communityId', 'FINDING_COMMUNITY_MISMATCH');
  const name = finding.indicatorName;
  return {
    communityId: finding.communityId, findingId: finding.id, indicatorCode: finding.indicatorCode, indicatorName: name,
    title: input.title ?? (actor.locale === 'en' ? `Close the gap: ${name.en}` : `补短板：${name.zh}`),
  };
}

const roundYuan = (yuan: number | null | undefined) => (yuan === null || yuan === undefined ? null : toFen(yuan) / 100);

/** Opens a project (status proposed), from a finding or for a community; audited. */
export async function createProject(deps: ProjectDeps, actor: Actor, input: ProjectCreate): Promise<ProjectDetail> {
  requirePermission(actor, 'projects.write');
  const origin = await originOf(deps, actor, input);
  requireInScope(await scopeFor(deps.db, actor, 'projects.write'), origin.communityId, null);
  await checkDepartment(deps, actor, input.departmentId);
  checkPlannedDates(input.plannedStart ?? null, input.plannedEnd ?? null);
  const budgetYuan = roundYuan(input.budgetYuan);
  const funding = checkFunding(budgetYuan, input.funding ?? []);
  const at = deps.clock.now();
  const id = await deps.db.transaction().execute(async (trx) => {
    const projectId = await store.insertProject(trx, {
      ...origin, description: input.description?.trim() ?? '', level: input.level ?? 'community', responsibleUnit: input.responsibleUnit.trim(),
      departmentId: input.departmentId ?? null, budgetYuan, funding, plannedStart: input.plannedStart ?? null, plannedEnd: input.plannedEnd ?? null,
      createdBy: actorIdOf(actor), at,
    });
    await store.insertEvent(trx, { projectId, kind: 'created', toStatus: 'proposed', actorId: actorIdOf(actor), actorName: actor.displayName, at });
    await auditProject(trx, actor, 'project.create', projectId, origin.communityId, { details: { findingId: origin.findingId } });
    return projectId;
  });
  return getProject(deps, actor, id);
}

/** Edits what is planned (and the progress); an accepted project is final. The timeline names the fields. */
export async function updateProject(deps: ProjectDeps, actor: Actor, id: number, patch: ProjectUpdate): Promise<ProjectDetail> {
  const row = await loadProject(deps, actor, id, 'projects.write');
  if (row.status === 'accepted') throw new AppError('PROJECT_ACCEPTED_FINAL');
  await checkDepartment(deps, actor, patch.departmentId);
  checkPlannedDates(
    patch.plannedStart === undefined ? row.planned_start : patch.plannedStart,
    patch.plannedEnd === undefined ? row.planned_end : patch.plannedEnd,
  );
  const budgetYuan = patch.budgetYuan === undefined ? row.budget_yuan : roundYuan(patch.budgetYuan);
  const funding = checkFunding(budgetYuan, patch.funding ?? (row.funding as FundingEntry[]));
  const fields = Object.keys(patch);
  const at = deps.clock.now();
  await deps.db.transaction().execute(async (trx) => {
    const changes = {
      ...patch, title: patch.title?.trim(), responsibleUnit: patch.responsibleUnit?.trim(), description: patch.description?.trim(),
      budgetYuan: patch.budgetYuan === undefined ? undefined : budgetYuan, funding: patch.funding && funding,
    };
    // Accepted between the check above and now: the database's condition is the one that counts.
    if (!(await store.updateProject(trx, id, changes, at))) throw new AppError('PROJECT_ACCEPTED_FINAL');
    await store.insertEvent(trx, {
      projectId: id, kind: 'edited', progressPercent: patch.progressPercent, details: { fields }, actorId: actorIdOf(actor), actorName: actor.displayName, at,
    });
    await auditProject(trx, actor, 'project.update', id, row.community_id, { details: { fields } });
  });
  return getProject(deps, actor, id);
}

/** A photo of a project's timeline, for a caller who may read the project. */
export async function getProjectPhoto(deps: ProjectDeps, actor: Actor, id: number, photoId: number) {
  await loadProject(deps, actor, id, 'checkup.read');
  const photo = await store.findPhoto(deps.db, id, photoId);
  const file = photo && (await deps.storage.get(photo.storage_key));
  if (!file) throw new AppError('PHOTO_NOT_FOUND');
  return { bytes: file.bytes, contentType: photo.content_type };
}
