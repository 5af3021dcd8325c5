import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import type { IndicatorResult } from './evaluate.ts';
import type { KindMappingRule } from './kindMapping.ts';

// SQL of the checkup: standards, facility kind mappings, checkup runs and their results.

/** Every kind-mapping rule, OSM and free text. */
export async function listKindMappings(db: Kysely<DB>): Promise<KindMappingRule[]> {
  return db.selectFrom('facility_kind_mapping').select(['source', 'pattern', 'kind', 'priority']).orderBy('priority').orderBy('pattern').execute();
}

/** Replaces the whole rule table: the console edits it as one list. */
export async function replaceKindMappings(db: Kysely<DB>, rules: KindMappingRule[]): Promise<void> {
  await db.deleteFrom('facility_kind_mapping').execute();
  if (rules.length) await db.insertInto('facility_kind_mapping').values(rules).execute();
}

export async function listFacilityKindCodes(db: Kysely<DB>): Promise<string[]> {
  return (await db.selectFrom('facility_kind').select('code').execute()).map((row) => row.code);
}

const standardColumns = ['id', 'code', 'version', 'name', 'area_id', 'cloned_from', 'note', 'created_at'] as const;

export async function findStandard(db: Kysely<DB>, id: number) {
  return db.selectFrom('standard').select([...standardColumns, 'document']).where('id', '=', id).executeTakeFirst();
}

/** The newest version of a standard code. */
export async function findLatestStandard(db: Kysely<DB>, code: string) {
  return db.selectFrom('standard').select([...standardColumns, 'document']).where('code', '=', code)
    .orderBy('version', 'desc').limit(1).executeTakeFirst();
}

/** Every version of every standard, newest first within a code. */
export async function listStandards(db: Kysely<DB>) {
  return db.selectFrom('standard').select(standardColumns).orderBy('code').orderBy('version', 'desc').execute();
}

export async function insertStandard(
  db: Kysely<DB>,
  row: { code: string; version: number; name: string; areaId: number | null; clonedFrom: number | null; document: unknown; note: string | null; createdBy: number | null },
) {
  return db.insertInto('standard').values({
    code: row.code, version: row.version, name: row.name, area_id: row.areaId, cloned_from: row.clonedFrom,
    document: JSON.stringify(row.document), note: row.note, created_by: row.createdBy,
  }).returning(standardColumns).executeTakeFirstOrThrow();
}

export async function insertCheckup(
  db: Kysely<DB>,
  row: { communityId: number; standardId: number; params: unknown; summary: unknown; access: unknown; runBy: number | null; startedAt: Date; finishedAt: Date },
  results: IndicatorResult[],
): Promise<number> {
  const { id } = await db.insertInto('checkup').values({
    community_id: row.communityId, standard_id: row.standardId, params: JSON.stringify(row.params), summary: JSON.stringify(row.summary),
    access: JSON.stringify(row.access), run_by: row.runBy, started_at: row.startedAt, finished_at: row.finishedAt,
  }).returning('id').executeTakeFirstOrThrow();
  if (results.length) {
    await db.insertInto('checkup_result').values(results.map((r) => ({
      checkup_id: id, community_id: row.communityId, aspect_code: r.aspectCode, item_code: r.itemCode, indicator_code: r.indicatorCode,
      status: r.status, value: r.value, target: r.target, unit: r.unit, evidence: JSON.stringify(r.evidence),
    }))).execute();
  }
  return id;
}

const checkupColumns = ['checkup.id', 'checkup.community_id', 'checkup.standard_id', 'checkup.params', 'checkup.summary', 'checkup.run_by',
  'checkup.started_at', 'checkup.finished_at', 'standard.code as standard_code', 'standard.version as standard_version', 'standard.name as standard_name'] as const;

function checkupsWithStandard(db: Kysely<DB>) {
  return db.selectFrom('checkup').innerJoin('standard', 'standard.id', 'checkup.standard_id');
}

/** A checkup run with the standard it applied; `access` (large) only when asked for. */
export async function findCheckup(db: Kysely<DB>, id: number) {
  return checkupsWithStandard(db).select([...checkupColumns, 'standard.document']).where('checkup.id', '=', id).executeTakeFirst();
}

export async function findCheckupAccess(db: Kysely<DB>, id: number) {
  return (await db.selectFrom('checkup').select('access').where('id', '=', id).executeTakeFirst())?.access ?? null;
}

/** Checkup runs of the communities in reach, newest first, keyset-paged by id. */
export async function selectCheckups(db: Kysely<DB>, q: { communityIds: number[]; afterId?: number; limit: number }) {
  if (!q.communityIds.length) return [];
  let query = checkupsWithStandard(db).select(checkupColumns).where('checkup.community_id', 'in', q.communityIds);
  if (q.afterId !== undefined) query = query.where('checkup.id', '<', q.afterId);
  return query.orderBy('checkup.id', 'desc').limit(q.limit + 1).execute();
}

export async function selectResults(db: Kysely<DB>, checkupId: number) {
  return db.selectFrom('checkup_result').selectAll().where('checkup_id', '=', checkupId).orderBy('id').execute();
}

export async function findResult(db: Kysely<DB>, id: number) {
  return db.selectFrom('checkup_result').selectAll().where('id', '=', id).executeTakeFirst();
}
