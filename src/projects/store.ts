import { sql, type Kysely } from 'kysely';
import { containsPattern } from '../db/containsPattern.ts';
import type { DB, FundingEntry, ProjectEventKind, ProjectLevel, ProjectStatus } from '../db/schema.ts';
import { scopeFilter } from '../db/scopeFilter.ts';
import type { Scope } from '../platform/actor.ts';
import type { PhotoInsert } from '../platform/images.ts';

// SQL of gap projects (补短板项目), their timeline and their photos.

const unfinished: ProjectStatus[] = ['proposed', 'approved', 'funded', 'under_construction'];

function projectBase(db: Kysely<DB>) {
  return db
    .selectFrom('project as p')
    .innerJoin('area as c', 'c.id', 'p.community_id')
    .leftJoin('department as d', 'd.id', 'p.department_id')
    .leftJoin('app_user as u', 'u.id', 'p.accepted_by')
    .select([
      'p.id', 'p.community_id', 'c.name as community_name', 'p.finding_id', 'p.indicator_code', 'p.indicator_name', 'p.title',
      'p.description', 'p.level', 'p.responsible_unit', 'p.department_id', 'd.name as department_name', 'p.budget_yuan', 'p.funding',
      'p.status', 'p.progress_percent', 'u.display_name as accepted_by_name', 'p.accepted_at', 'p.acceptance_note',
      'p.created_at', 'p.updated_at',
      // Dates as text: node-postgres would read a date as local midnight, a day off in some zones.
      sql<string | null>`to_char(p.planned_start, 'YYYY-MM-DD')`.as('planned_start'),
      sql<string | null>`to_char(p.planned_end, 'YYYY-MM-DD')`.as('planned_end'),
    ]);
}
export type ProjectRow = Awaited<ReturnType<typeof findProject>> & object;

export async function findProject(db: Kysely<DB>, id: number) {
  return projectBase(db).where('p.id', '=', id).executeTakeFirst();
}

export interface ProjectFilters {
  communityId?: number;
  level?: ProjectLevel;
  status?: ProjectStatus;
  /** With `today`: only projects past their planned end and unfinished (true), or only the others (false). */
  overdue?: boolean;
  today: string;
  findingId?: number;
  q?: string;
  beforeId?: number;
  limit: number;
}

/** Projects in scope, newest first, limit + 1 rows (see toPage). */
export async function selectProjects(db: Kysely<DB>, scope: Scope, f: ProjectFilters) {
  let query = projectBase(db)
    .where((eb) => scopeFilter(eb, scope, 'p.community_id', null))
    .orderBy('p.id', 'desc')
    .limit(f.limit + 1);
  if (f.communityId !== undefined) query = query.where('p.community_id', '=', f.communityId);
  if (f.level) query = query.where('p.level', '=', f.level);
  if (f.status) query = query.where('p.status', '=', f.status);
  if (f.findingId !== undefined) query = query.where('p.finding_id', '=', f.findingId);
  if (f.overdue !== undefined) {
    const late = sql<boolean>`(p.planned_end < ${f.today}::date AND p.status IN (${sql.join(unfinished)}))`;
    query = query.where(f.overdue ? late : sql<boolean>`NOT coalesce(${late}, false)`);
  }
  if (f.q) {
    const pattern = containsPattern(f.q);
    query = query.where((eb) => eb.or([eb('p.title', 'ilike', pattern), eb('p.responsible_unit', 'ilike', pattern)]));
  }
  if (f.beforeId !== undefined) query = query.where('p.id', '<', f.beforeId);
  return query.execute();
}

export interface ProjectInsert {
  communityId: number;
  findingId: number | null;
  indicatorCode: string | null;
  indicatorName: { zh: string; en: string } | null;
  title: string;
  description: string;
  level: ProjectLevel;
  responsibleUnit: string;
  departmentId: number | null;
  budgetYuan: number | null;
  funding: FundingEntry[];
  plannedStart: string | null;
  plannedEnd: string | null;
  createdBy: number | null;
  at: Date;
}

export async function insertProject(db: Kysely<DB>, p: ProjectInsert): Promise<number> {
  const row = await db
    .insertInto('project')
    .values({
      community_id: p.communityId, finding_id: p.findingId, indicator_code: p.indicatorCode,
      indicator_name: p.indicatorName ? JSON.stringify(p.indicatorName) : null, title: p.title, description: p.description, level: p.level,
      responsible_unit: p.responsibleUnit, department_id: p.departmentId, budget_yuan: p.budgetYuan, funding: JSON.stringify(p.funding),
      planned_start: p.plannedStart, planned_end: p.plannedEnd, created_by: p.createdBy, created_at: p.at, updated_at: p.at,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export interface ProjectPatch {
  title?: string;
  description?: string;
  level?: ProjectLevel;
  responsibleUnit?: string;
  departmentId?: number | null;
  budgetYuan?: number | null;
  funding?: FundingEntry[];
  plannedStart?: string | null;
  plannedEnd?: string | null;
  progressPercent?: number;
}

/** Changes the given fields of a project that is not yet accepted; false when it is (or is gone). */
export async function updateProject(db: Kysely<DB>, id: number, patch: ProjectPatch, at: Date): Promise<boolean> {
  const result = await db
    .updateTable('project')
    .set({
      title: patch.title, description: patch.description, level: patch.level, responsible_unit: patch.responsibleUnit,
      department_id: patch.departmentId, budget_yuan: patch.budgetYuan, funding: patch.funding && JSON.stringify(patch.funding),
      planned_start: patch.plannedStart, planned_end: patch.plannedEnd, progress_percent: patch.progressPercent, updated_at: at,
    })
    .where('id', '=', id)
    .where('status', '<>', 'accepted')
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/**
 * Moves a project from one status to another, only if it still has the status the caller saw: of two
 * people advancing it at once, one wins and the other is told (false).
 */
export async function updateStatus(
  db: Kysely<DB>,
  id: number,
  from: ProjectStatus,
  set: { status: ProjectStatus; at: Date; progressPercent?: number; acceptedBy?: number; acceptanceNote?: string | null },
): Promise<boolean> {
  const result = await db
    .updateTable('project')
    .set({
      status: set.status, updated_at: set.at, progress_percent: set.progressPercent,
      ...(set.acceptedBy !== undefined ? { accepted_by: set.acceptedBy, accepted_at: set.at, acceptance_note: set.acceptanceNote ?? null } : {}),
    })
    .where('id', '=', id)
    .where('status', '=', from)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

export interface EventInsert {
  projectId: number;
  kind: ProjectEventKind;
  fromStatus?: ProjectStatus;
  toStatus?: ProjectStatus;
  body?: string | null;
  progressPercent?: number | null;
  details?: Record<string, unknown>;
  actorId: number | null;
  actorName: string;
  at: Date;
}

export async function insertEvent(db: Kysely<DB>, e: EventInsert): Promise<number> {
  const row = await db
    .insertInto('project_event')
    .values({
      project_id: e.projectId, kind: e.kind, from_status: e.fromStatus ?? null, to_status: e.toStatus ?? null, body: e.body ?? null,
      progress_percent: e.progressPercent ?? null, details: JSON.stringify(e.details ?? {}), actor_id: e.actorId, actor_name: e.actorName, at: e.at,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function insertPhotos(db: Kysely<DB>, projectId: number, eventId: number, photos: PhotoInsert[], at: Date): Promise<void> {
  if (!photos.length) return;
  await db
    .insertInto('project_photo')
    .values(photos.map((p) => ({
      project_id: projectId, event_id: eventId, storage_key: p.storageKey, content_type: p.contentType,
      width: p.width, height: p.height, size_bytes: p.sizeBytes, created_at: at,
    })))
    .execute();
}

export async function selectEvents(db: Kysely<DB>, projectId: number) {
  return db.selectFrom('project_event').selectAll().where('project_id', '=', projectId).orderBy('id').execute();
}

export async function selectPhotos(db: Kysely<DB>, projectId: number) {
  return db.selectFrom('project_photo').select(['id', 'event_id', 'width', 'height']).where('project_id', '=', projectId).orderBy('id').execute();
}

export async function findPhoto(db: Kysely<DB>, projectId: number, photoId: number) {
  return db
    .selectFrom('project_photo')
    .select(['storage_key', 'content_type'])
    .where('project_id', '=', projectId)
    .where('id', '=', photoId)
    .executeTakeFirst();
}
