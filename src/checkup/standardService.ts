import fs from 'node:fs';
import Ajv from 'ajv';
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import { inTransaction } from '../db/transaction.ts';
import { isAdmin, requirePermission, type Actor } from '../platform/actor.ts';
import { insertAuditEntry } from '../platform/audit/store.ts';
import { scopeFor } from '../platform/auth/service.ts';
import { AppError, type CodedDetail, type ErrorDetail, type Locale } from '../platform/errors.ts';
import { describeValidationErrors } from '../platform/validationMessages.ts';
import type { KindMappingRule } from './kindMapping.ts';
import type { StandardClone, StandardDetail, StandardSave, StandardSummary } from './schema.ts';
import { checkStandard } from './standardRules.ts';
import { StandardDocument } from './standardSchema.ts';
import * as store from './store.ts';

export interface StandardDeps {
  db: Kysely<DB>;
}

/** The national standard shipped with Linli: 完整居住社区建设标准（试行）2020. */
export const nationalStandardCode = 'CN-2020';
const nationalStandardFile = new URL('./standards/cn-2020.json', import.meta.url);

type StandardRow = Awaited<ReturnType<typeof store.listStandards>>[number];

function presentSummary(row: StandardRow): StandardSummary {
  return {
    id: row.id, code: row.code, version: row.version, name: row.name, areaId: row.area_id, clonedFrom: row.cloned_from,
    note: row.note, createdAt: new Date(row.created_at).toISOString(),
  };
}

/** Refuses a document the schema or the standard's own rules reject, naming every place that is wrong. */
export async function validateStandardDocument(db: Kysely<DB>, document: StandardDocument): Promise<void> {
  const problems = checkStandard(document, new Set(await store.listFacilityKindCodes(db)));
  if (problems.length) throw new AppError('STANDARD_INVALID', {}, problems);
}

/** Installs the national standard on a database that does not have it yet (at start-up; idempotent). */
export async function ensureNationalStandard(db: Kysely<DB>): Promise<void> {
  if (await store.findLatestStandard(db, nationalStandardCode)) return;
  const file = JSON.parse(fs.readFileSync(nationalStandardFile, 'utf8')) as { code: string; name: string; note: string; document: StandardDocument };
  await validateStandardDocument(db, file.document);
  await store.insertStandard(db, { code: file.code, version: 1, name: file.name, areaId: null, clonedFrom: null, document: file.document, note: file.note, createdBy: null });
}

export async function listStandards(deps: StandardDeps, actor: Actor): Promise<StandardSummary[]> {
  requirePermission(actor, 'checkup.read');
  return (await store.listStandards(deps.db)).map(presentSummary);
}

export async function getStandard(deps: StandardDeps, actor: Actor, id: number): Promise<StandardDetail> {
  requirePermission(actor, 'checkup.read');
  const row = await store.findStandard(deps.db, id);
  if (!row) throw new AppError('STANDARD_NOT_FOUND');
  return { ...presentSummary(row), document: row.document as StandardDocument };
}

/**
 * Whether the actor may change standards owned by an area: an admin anywhere; others only standards
 * of a community in their scope. The national standard is the admin's alone: others clone it.
 */
async function requireStandardOwner(deps: StandardDeps, actor: Actor, areaId: number | null): Promise<void> {
  requirePermission(actor, 'standards.manage');
  if (isAdmin(actor)) return;
  const scope = await scopeFor(deps.db, actor, 'standards.manage');
  if (areaId === null || !scope.communityIds.includes(areaId)) throw new AppError('OUT_OF_SCOPE');
}

/**
 * Saves a standard: a new code starts at version 1; an existing code gets its next version, and the
 * earlier versions stay exactly as the checkups that used them saw them.
 */
export async function saveStandard(deps: StandardDeps, actor: Actor, body: StandardSave): Promise<StandardDetail> {
  const latest = await store.findLatestStandard(deps.db, body.code);
  const areaId = latest ? latest.area_id : (body.areaId ?? null);
  await requireStandardOwner(deps, actor, areaId);
  await validateStandardDocument(deps.db, body.document);
  return inTransaction(deps.db, async (trx) => {
    const current = await store.findLatestStandard(trx, body.code);
    const row = await store.insertStandard(trx, {
      code: body.code, version: (current?.version ?? 0) + 1, name: body.name, areaId, clonedFrom: current?.cloned_from ?? null,
      document: body.document, note: body.note ?? null, createdBy: actor.userId || null,
    });
    await audit(trx, actor, 'standard.save', row.id, { code: row.code, version: row.version });
    return { ...presentSummary(row), document: body.document };
  });
}

/** Starts a standard of one's own (a city's or a community's rules) from an existing version. */
export async function cloneStandard(deps: StandardDeps, actor: Actor, id: number, body: StandardClone): Promise<StandardDetail> {
  const base = await store.findStandard(deps.db, id);
  if (!base) throw new AppError('STANDARD_NOT_FOUND');
  await requireStandardOwner(deps, actor, body.areaId ?? null);
  if (await store.findLatestStandard(deps.db, body.code)) throw new AppError('STANDARD_CODE_TAKEN', { code: body.code });
  return inTransaction(deps.db, async (trx) => {
    const row = await store.insertStandard(trx, {
      code: body.code, version: 1, name: body.name, areaId: body.areaId ?? null, clonedFrom: base.id, document: base.document,
      note: body.note ?? null, createdBy: actor.userId || null,
    });
    await audit(trx, actor, 'standard.clone', row.id, { code: row.code, from: `${base.code} v${base.version}` });
    return { ...presentSummary(row), document: base.document as StandardDocument };
  });
}

function audit(db: Kysely<DB>, actor: Actor, action: string, entityId: number, details: Record<string, unknown>) {
  return insertAuditEntry(db, { actorId: actor.userId, actorName: actor.username, action, entity: 'standard', entityId, ip: actor.ip, details });
}

export async function listKindMappings(deps: StandardDeps, actor: Actor): Promise<KindMappingRule[]> {
  requirePermission(actor, 'checkup.read');
  return store.listKindMappings(deps.db);
}

function checkKindMappings(rules: KindMappingRule[], knownKinds: ReadonlySet<string>): CodedDetail[] {
  const problems: CodedDetail[] = [];
  const seen = new Set<string>();
  rules.forEach((rule, r) => {
    const key = `${rule.source}:${rule.pattern}`;
    if (seen.has(key)) problems.push({ path: `rules.${r}.pattern`, code: 'DUPLICATE_CODE', params: { code: rule.pattern } });
    seen.add(key);
    if (!knownKinds.has(rule.kind)) problems.push({ path: `rules.${r}.kind`, code: 'UNKNOWN_FACILITY_KIND', params: { kind: rule.kind } });
    if (rule.source === 'osm' && !/^[^=\s]+=[^=]+$/.test(rule.pattern)) problems.push({ path: `rules.${r}.pattern`, code: 'PATTERN_FORMAT' });
  });
  return problems;
}

/** Replaces the mapping table (installation-wide, so an admin's job). */
export async function replaceKindMappings(deps: StandardDeps, actor: Actor, rules: KindMappingRule[]): Promise<KindMappingRule[]> {
  requirePermission(actor, 'standards.manage');
  if (!isAdmin(actor)) throw new AppError('FORBIDDEN');
  const problems = checkKindMappings(rules, new Set(await store.listFacilityKindCodes(deps.db)));
  if (problems.length) throw new AppError('KIND_MAPPING_INVALID', {}, problems);
  return inTransaction(deps.db, async (trx) => {
    await store.replaceKindMappings(trx, rules);
    await insertAuditEntry(trx, { actorId: actor.userId, actorName: actor.username, action: 'kind_mapping.replace', entity: 'facility_kind_mapping', entityId: null, ip: actor.ip, details: { rules: rules.length } });
    return store.listKindMappings(trx);
  });
}

const documentValidator = new Ajv({ allErrors: true, strict: false }).compile(StandardDocument);

/**
 * Reads a standard from a JSON file (the CLI's `linli standard import`): schema first, then the
 * standard's own rules; every problem says where, in the file's terms.
 */
export async function readStandardFile(db: Kysely<DB>, text: string, locale: Locale): Promise<{ document: StandardDocument; name?: string; code?: string; note?: string }> {
  let parsed: { document?: unknown; name?: string; code?: string; note?: string };
  try {
    parsed = JSON.parse(text) as typeof parsed;
  } catch (err) {
    throw new AppError('STANDARD_INVALID', {}, [{ path: 'file', message: (err as Error).message } satisfies ErrorDetail]);
  }
  const document = parsed.document ?? parsed;
  if (!documentValidator(document)) {
    throw new AppError('STANDARD_INVALID', {}, describeValidationErrors(documentValidator.errors ?? [], 'document', locale));
  }
  await validateStandardDocument(db, document);
  return { document, name: parsed.name, code: parsed.code, note: parsed.note };
}
