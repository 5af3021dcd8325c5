/**
 * Registry import use cases: dry runs that only validate, and commits that write a whole file
 * in one transaction (all or nothing) while an in-memory job reports progress.
 */
import crypto from 'node:crypto';
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import { isAdmin, requireInScope, requirePermission, type Actor } from '../platform/actor.ts';
import { insertAuditEntry } from '../platform/audit/store.ts';
import { scopeFor } from '../platform/auth/service.ts';
import type { Clock } from '../platform/clock.ts';
import { AppError, errorMessage, type ErrorDetail, type Locale } from '../platform/errors.ts';
import type { FieldCipher } from '../platform/fieldCipher.ts';
import { roleGrants } from '../platform/roles.ts';
import * as peopleStore from '../people/store.ts';
import * as placesStore from '../places/store.ts';
import { parseFeatureCollection, type AreaLevel, type AreaRecord, type FeatureKind } from './geojson.ts';
import { householdKey, validateHouseholdRows } from './householdRows.ts';
import { validateResidentRows } from './residentRows.ts';
import { readTable, TableFormatError } from './table.ts';
import * as store from './store.ts';
import { writeRecords, type ImportKind, type RecordsByKind } from './writers.ts';

export { exportRegistry, type ExportFile, type ExportInput } from './exportService.ts';
export type { ImportKind } from './writers.ts';

export interface ImportDeps {
  db: Kysely<DB>;
  cipher: FieldCipher;
  clock: Clock;
}

export interface ImportInput {
  kind: ImportKind;
  /** Required for every kind but areas, which may sit above any community. */
  communityId?: number;
  fileName: string;
  file: Buffer;
  locale: Locale;
}

export type ImportStatus = 'valid' | 'invalid' | 'running' | 'committed' | 'failed';

export interface ImportReport {
  id: string;
  kind: ImportKind;
  communityId: number | null;
  fileName: string;
  dryRun: boolean;
  status: ImportStatus;
  rowsTotal: number;
  processed: number;
  errors: ErrorDetail[];
}

interface Job {
  report: ImportReport;
  userId: number;
}

// Jobs live in this process only: a restart forgets them, but never their data, which is
// committed whole or not at all. Old jobs are dropped so the map cannot grow without bound.
const jobs = new Map<string, Job>();
const MAX_JOBS = 500;

function remember(report: ImportReport, actor: Actor): ImportReport {
  jobs.set(report.id, { report, userId: actor.userId });
  if (jobs.size > MAX_JOBS) jobs.delete(jobs.keys().next().value!);
  return report;
}

const snapshot = (report: ImportReport): ImportReport => ({ ...report, errors: [...report.errors] });

const tableKinds = new Set<ImportKind>(['households', 'residents']);

/** The account id to record, or null for the CLI's system actor, which has no account. */
function accountId(actor: Actor): number | null {
  return actor.userId > 0 ? actor.userId : null;
}

/** imports.run, plus write access to the whole community (or, for areas, to each parent). */
async function authorise(deps: ImportDeps, actor: Actor, input: ImportInput) {
  requirePermission(actor, 'imports.run');
  const permission = tableKinds.has(input.kind) ? 'people.write' : 'places.write';
  requirePermission(actor, permission);
  if (input.communityId === undefined) {
    if (input.kind === 'areas') return null;
    throw new AppError('VALIDATION_FAILED', {}, [{ path: 'communityId', code: 'COMMUNITY_REQUIRED' }]);
  }
  const community = await store.findCommunity(deps.db, input.communityId);
  if (!community) throw new AppError('AREA_NOT_FOUND');
  if (input.kind !== 'areas') requireInScope(await scopeFor(deps.db, actor, permission), community.id, null);
  return community;
}

/** Areas: admins anywhere; others only below an area they hold places.write on. */
function authoriseAreas(actor: Actor, records: AreaRecord[], index: Map<string, { path: string }>): void {
  if (isAdmin(actor)) return;
  const writable = actor.grants.filter((g) => roleGrants(g.role, 'places.write')).map((g) => g.areaPath);
  const inFile = new Map(records.map((r) => [r.code, r]));
  for (const record of records) {
    // Walk up through parents in the same file to the first one already in the registry.
    let parentCode = record.parentCode;
    const seen = new Set<string>();
    while (parentCode !== null && !index.has(parentCode) && inFile.has(parentCode) && !seen.has(parentCode)) {
      seen.add(parentCode);
      parentCode = inFile.get(parentCode)!.parentCode;
    }
    const parent = parentCode === null ? undefined : index.get(parentCode);
    if (!parent || !writable.some((p) => parent.path.startsWith(p))) throw new AppError('OUT_OF_SCOPE');
  }
}

interface Validated {
  communityId: number | null;
  rowsTotal: number;
  records: RecordsByKind[ImportKind][];
  errors: ErrorDetail[];
}

async function validateTable(deps: ImportDeps, input: ImportInput, communityId: number) {
  const table = await readTable(input.file, input.fileName);
  const buildingCodes = new Set((await placesStore.selectBuildingCodes(deps.db, communityId)).map((b) => b.code));
  if (input.kind === 'households') return { rowsTotal: table.rows.length, ...validateHouseholdRows(table, { buildingCodes }, input.locale) };
  const householdKeys = new Set((await peopleStore.selectHouseholdKeys(deps.db, communityId)).map((h) => householdKey(h.building_code, h.unit, h.room)));
  const currentYear = deps.clock.now().getFullYear();
  return { rowsTotal: table.rows.length, ...validateResidentRows(table, { buildingCodes, householdKeys, currentYear }, input.locale) };
}

async function validateFeatures(deps: ImportDeps, actor: Actor, input: ImportInput, communityId: number | null) {
  const index = new Map((await store.selectAreaIndex(deps.db)).map((a) => [a.code, a]));
  const ctx = {
    facilityKinds: new Set((await placesStore.selectFacilityKinds(deps.db)).map((k) => k.code)),
    estateCodes: new Set(communityId === null ? [] : (await placesStore.selectEstateCodes(deps.db, communityId)).map((e) => e.code)),
    areaLevels: new Map<string, AreaLevel>([...index.values()].map((a) => [a.code, a.level])),
  };
  const result = parseFeatureCollection(input.file, input.kind as FeatureKind, ctx, input.locale);
  if (input.kind === 'areas') {
    authoriseAreas(actor, result.records as AreaRecord[], index);
    // A code already in the registry would fail the unique index at commit; say so per feature now.
    for (const r of result.records as AreaRecord[]) {
      if (index.has(r.code)) result.errors.push({ row: r.rowNumber, column: 'code', code: 'AREA_CODE_TAKEN', message: errorMessage('AREA_CODE_TAKEN', input.locale, { code: r.code }) });
    }
  }
  const rowsWithErrors = new Set(result.errors.map((e) => e.row));
  const records = result.records.filter((r) => !rowsWithErrors.has(r.rowNumber));
  return { rowsTotal: records.length + rowsWithErrors.size, records, errors: result.errors };
}

async function validate(deps: ImportDeps, actor: Actor, input: ImportInput): Promise<Validated> {
  const community = await authorise(deps, actor, input);
  const communityId = community?.id ?? null;
  try {
    const result = tableKinds.has(input.kind) ? await validateTable(deps, input, communityId!) : await validateFeatures(deps, actor, input, communityId);
    return { communityId, ...result };
  } catch (err) {
    if (err instanceof TableFormatError) throw new AppError('IMPORT_FORMAT', { reason: err.reasonIn(input.locale) });
    throw err;
  }
}

function newReport(input: ImportInput, v: Validated, dryRun: boolean, status: ImportStatus): ImportReport {
  return {
    id: crypto.randomUUID(), kind: input.kind, communityId: v.communityId, fileName: input.fileName, dryRun, status,
    rowsTotal: v.rowsTotal, processed: dryRun ? v.rowsTotal : 0, errors: v.errors,
  };
}

/** Reads and validates a file against the registry; writes nothing. */
export async function dryRunImport(deps: ImportDeps, actor: Actor, input: ImportInput): Promise<ImportReport> {
  const validated = await validate(deps, actor, input);
  const report = newReport(input, validated, true, validated.errors.length ? 'invalid' : 'valid');
  return snapshot(remember(report, actor));
}

export interface CommitOptions {
  /** Called after each written chunk, e.g. for the CLI's progress lines. */
  onProgress?(processed: number, total: number): void;
}

/**
 * Validates again and, when the file is clean, starts writing it in one transaction. Returns at
 * once with a running report; `done` settles with the committed or failed report (it never rejects).
 * A file with errors throws IMPORT_INVALID and writes nothing.
 */
export async function commitImport(
  deps: ImportDeps,
  actor: Actor,
  input: ImportInput,
  options: CommitOptions = {},
): Promise<{ report: ImportReport; done: Promise<ImportReport> }> {
  const validated = await validate(deps, actor, input);
  if (validated.errors.length) throw new AppError('IMPORT_INVALID', { count: validated.errors.length }, validated.errors);
  const report = remember(newReport(input, validated, false, 'running'), actor);
  const done = writeJob(deps, actor, input, validated, report, options).then(() => snapshot(report));
  return { report: snapshot(report), done };
}

function conflictDetail(err: unknown, kind: ImportKind, locale: Locale): ErrorDetail | undefined {
  if ((err as { code?: string }).code !== '23505') return undefined;
  const what =
    kind === 'households' ? errorMessage('HOUSEHOLD_EXISTS', locale)
    : kind === 'residents' ? errorMessage('RESIDENT_ID_NUMBER_EXISTS', locale)
    : String((err as { constraint?: string }).constraint ?? kind);
  return { code: 'IMPORT_CONFLICT', message: errorMessage('IMPORT_CONFLICT', locale, { what }) };
}

async function writeJob(deps: ImportDeps, actor: Actor, input: ImportInput, v: Validated, report: ImportReport, options: CommitOptions) {
  const total = v.records.length;
  const job = { kind: input.kind, communityId: v.communityId, fileName: input.fileName, rowsTotal: total, createdBy: accountId(actor) };
  try {
    await deps.db.transaction().execute(async (trx) => {
      const onProgress = (processed: number) => {
        report.processed = processed;
        options.onProgress?.(processed, total);
      };
      await writeRecords({ trx, cipher: deps.cipher, communityId: v.communityId, onProgress }, input.kind, v.records);
      const jobId = await store.insertImportJob(trx, { ...job, status: 'committed', details: { reportId: report.id } });
      await insertAuditEntry(trx, {
        actorId: accountId(actor), actorName: actor.username, action: 'import.commit', entity: 'import_job', entityId: jobId,
        communityId: v.communityId, ip: actor.ip, details: { kind: input.kind, rows: total },
      });
    });
    report.status = 'committed';
  } catch (err) {
    // The transaction rolled back: nothing of the file is in the registry.
    report.status = 'failed';
    report.processed = 0;
    report.errors = [conflictDetail(err, input.kind, input.locale) ?? { code: 'IMPORT_FAILED', message: errorMessage('IMPORT_FAILED', input.locale) }];
    await store
      .insertImportJob(deps.db, { ...job, status: 'failed', details: { reportId: report.id, code: report.errors[0].code } })
      .catch(() => undefined); // The record of a failure is best effort; the report already says it failed.
  }
}

/** A job's report, for polling; only its starter (or an admin) may see it. */
export function getImportReport(actor: Actor, id: string): ImportReport {
  requirePermission(actor, 'imports.run');
  const job = jobs.get(id);
  if (!job || (job.userId !== actor.userId && !isAdmin(actor))) throw new AppError('IMPORT_NOT_FOUND');
  return snapshot(job.report);
}
