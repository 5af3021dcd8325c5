import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import { inTransaction } from '../db/transaction.ts';
import { requireInScope, requirePermission, type Actor } from '../platform/actor.ts';
import { insertAuditEntry } from '../platform/audit/store.ts';
import { scopeFor } from '../platform/auth/service.ts';
import type { Clock } from '../platform/clock.ts';
import { AppError, type Locale } from '../platform/errors.ts';
import { writeXlsx } from '../imports/exportWriters.ts';
import { decodeCursor, toPage } from '../platform/pagination.ts';
import * as placesStore from '../places/store.ts';
import { surveyIndicatorScores } from '../surveys/service.ts';
import { accessOf, inputsForCommunity } from './inputs.ts';
import { evaluateStandard, summarise, walkingNeeds } from './evaluate.ts';
import { compareResults } from './compare.ts';
import { describeEvidence, statusWord } from './evidenceText.ts';
import type { CheckupAccess, CheckupComparison, CheckupDetail, CheckupListQuery, CheckupRun, CheckupView, FindingView, ResultView } from './schema.ts';
import { indicatorsOf } from './standardRules.ts';
import { nationalStandardCode } from './standardService.ts';
import type { Indicator, StandardDocument } from './standardSchema.ts';
import * as store from './store.ts';

export interface CheckupDeps {
  db: Kysely<DB>;
  clock: Clock;
}

type CheckupRow = Awaited<ReturnType<typeof store.selectCheckups>>[number];
type ResultRow = Awaited<ReturnType<typeof store.selectResults>>[number];

function iso(value: Date | string): string {
  return new Date(value).toISOString();
}

function presentCheckup(row: CheckupRow, communityName: string): CheckupView {
  return {
    id: row.id, communityId: row.community_id, communityName,
    standard: { id: row.standard_id, code: row.standard_code, version: row.standard_version, name: row.standard_name },
    startedAt: iso(row.started_at), finishedAt: iso(row.finished_at),
    params: row.params as CheckupView['params'], summary: row.summary as CheckupView['summary'],
  };
}

function indicatorIndex(document: StandardDocument): Map<string, Indicator> {
  return new Map(indicatorsOf(document).map(({ indicator }) => [indicator.code, indicator]));
}

function presentResult(row: ResultRow, indicators: Map<string, Indicator>): ResultView {
  const indicator = indicators.get(row.indicator_code);
  return {
    id: row.id, aspectCode: row.aspect_code, itemCode: row.item_code, indicatorCode: row.indicator_code,
    name: indicator?.name ?? { zh: row.indicator_code, en: row.indicator_code }, kind: indicator?.kind ?? 'presence',
    status: row.status, value: row.value, target: row.target, unit: row.unit,
    uncertain: indicator?.uncertain ?? false, source: indicator?.source ?? null, evidence: row.evidence as Record<string, unknown>,
  };
}

function outlineOf(document: StandardDocument): CheckupDetail['outline'] {
  return document.aspects.map((a) => ({ code: a.code, name: a.name, items: a.items.map((i) => ({ code: i.code, name: i.name })) }));
}

async function requireCommunity(deps: CheckupDeps, actor: Actor, communityId: number, permission: 'checkup.read' | 'checkup.run') {
  requirePermission(actor, permission);
  const community = await placesStore.findArea(deps.db, communityId);
  if (!community) throw new AppError('AREA_NOT_FOUND');
  if (community.level !== 'community') throw new AppError('COMMUNITY_REQUIRED');
  requireInScope(await scopeFor(deps.db, actor, permission), community.id, null);
  return community;
}

async function standardFor(db: Kysely<DB>, standardId: number | undefined) {
  const standard = standardId === undefined ? await store.findLatestStandard(db, nationalStandardCode) : await store.findStandard(db, standardId);
  if (!standard) throw new AppError('STANDARD_NOT_FOUND');
  return standard;
}

/**
 * Runs the standard over a community: walking distances on the street network, the registry's
 * facilities and households, the residents' survey scores; stores one result per indicator.
 */
export async function runCheckup(deps: CheckupDeps, actor: Actor, input: CheckupRun): Promise<CheckupDetail> {
  const community = await requireCommunity(deps, actor, input.communityId, 'checkup.run');
  const standard = await standardFor(deps.db, input.standardId);
  const document = standard.document as StandardDocument;
  const startedAt = deps.clock.now();
  const needs = walkingNeeds(document);
  const marginM = input.marginM ?? Math.max(0, ...needs.values());
  const gathered = await inputsForCommunity(deps.db, community, needs, marginM, startedAt.getFullYear());
  const inputs = { ...gathered.inputs, surveyScores: await surveyIndicatorScores(deps, community.id) };
  const results = evaluateStandard(document, inputs);
  const params: CheckupView['params'] = {
    marginM, networkId: gathered.walking?.networkId ?? null, networkName: gathered.walking?.networkName ?? null,
    buildings: inputs.buildings.length, facilities: inputs.facilities.length, households: inputs.householdsTotal, walkingMs: gathered.walkingMs,
  };
  const id = await inTransaction(deps.db, async (trx) => {
    const checkupId = await store.insertCheckup(trx, {
      communityId: community.id, standardId: standard.id, params, summary: summarise(document, results),
      access: accessOf(inputs, [...needs.keys()]), runBy: actor.userId || null, startedAt, finishedAt: deps.clock.now(),
    }, results);
    await insertAuditEntry(trx, {
      actorId: actor.userId, actorName: actor.username, action: 'checkup.run', entity: 'checkup', entityId: checkupId, communityId: community.id, ip: actor.ip,
      details: { standard: `${standard.code} v${standard.version}` },
    });
    return checkupId;
  });
  return getCheckup(deps, actor, id);
}

async function findCheckupInScope(deps: CheckupDeps, actor: Actor, id: number) {
  requirePermission(actor, 'checkup.read');
  const row = await store.findCheckup(deps.db, id);
  if (!row) throw new AppError('CHECKUP_NOT_FOUND');
  requireInScope(await scopeFor(deps.db, actor, 'checkup.read'), row.community_id, null);
  const community = await placesStore.findArea(deps.db, row.community_id);
  return { row, communityName: community?.name ?? '' };
}

export async function getCheckup(deps: CheckupDeps, actor: Actor, id: number): Promise<CheckupDetail> {
  const { row, communityName } = await findCheckupInScope(deps, actor, id);
  const document = row.document as StandardDocument;
  const indicators = indicatorIndex(document);
  const results = (await store.selectResults(deps.db, id)).map((r) => presentResult(r, indicators));
  return { ...presentCheckup(row, communityName), results, outline: outlineOf(document) };
}

export async function getCheckupAccess(deps: CheckupDeps, actor: Actor, id: number): Promise<CheckupAccess> {
  await findCheckupInScope(deps, actor, id);
  const access = await store.findCheckupAccess(deps.db, id);
  return (access as CheckupAccess | null) ?? { kinds: [], buildings: [], distances: [], facilityIds: [], facilities: [] };
}

export async function listCheckups(deps: CheckupDeps, actor: Actor, q: CheckupListQuery) {
  requirePermission(actor, 'checkup.read');
  const scope = await scopeFor(deps.db, actor, 'checkup.read');
  const communityIds = q.communityId === undefined ? scope.communityIds : scope.communityIds.filter((id) => id === q.communityId);
  const limit = q.limit ?? 50;
  const rows = await store.selectCheckups(deps.db, { communityIds, afterId: decodeCursor(q.cursor), limit });
  const names = new Map((await Promise.all([...new Set(rows.map((r) => r.community_id))].map((cid) => placesStore.findArea(deps.db, cid))))
    .filter((a) => a !== undefined).map((a) => [a.id, a.name]));
  return toPage(rows, limit, (row) => presentCheckup(row, names.get(row.community_id) ?? ''));
}

/** A failed or partial result, for turning into a project. */
export async function getFinding(deps: Pick<CheckupDeps, 'db'>, actor: Actor, resultId: number): Promise<FindingView> {
  requirePermission(actor, 'checkup.read');
  const result = await store.findResult(deps.db, resultId);
  if (!result || result.status === 'pass' || result.status === 'not_measured') throw new AppError('FINDING_NOT_FOUND');
  requireInScope(await scopeFor(deps.db, actor, 'checkup.read'), result.community_id, null);
  const checkup = await store.findCheckup(deps.db, result.checkup_id);
  const indicator = indicatorIndex(checkup!.document as StandardDocument).get(result.indicator_code);
  return {
    id: result.id, checkupId: result.checkup_id, communityId: result.community_id, aspectCode: result.aspect_code, itemCode: result.item_code,
    indicatorCode: result.indicator_code, indicatorName: indicator?.name ?? { zh: result.indicator_code, en: result.indicator_code },
    status: result.status, value: result.value, target: result.target, unit: result.unit,
  };
}

/** What changed from one run to another of the same community: the gap closing, or opening. */
export async function compareCheckups(deps: CheckupDeps, actor: Actor, beforeId: number, afterId: number): Promise<CheckupComparison> {
  const [before, after] = await Promise.all([getCheckup(deps, actor, beforeId), getCheckup(deps, actor, afterId)]);
  if (before.communityId !== after.communityId) throw new AppError('CHECKUP_NOT_FOUND');
  const { results: _b, outline: _bo, ...beforeView } = before;
  const { results: _a, outline: _ao, ...afterView } = after;
  return { before: beforeView, after: afterView, changes: compareResults(before, after) };
}

/** The problem ledger (问题台账): every failed and partial indicator with its evidence, as Excel. */
export async function exportLedger(deps: CheckupDeps, actor: Actor, id: number, locale: Locale): Promise<{ fileName: string; body: Buffer }> {
  const checkup = await getCheckup(deps, actor, id);
  const en = locale === 'en';
  const kinds = new Map((await placesStore.selectFacilityKinds(deps.db)).map((k) => [k.code, en ? k.name_en : k.name_zh]));
  const aspects = new Map(checkup.outline.map((a) => [a.code, a]));
  const findings = checkup.results.filter((r) => r.status === 'fail' || r.status === 'partial');
  const headers = en
    ? ['No.', 'Aspect', 'Item', 'Indicator', 'Result', 'Measured', 'Required', 'Unit', 'Evidence', 'Source']
    : ['序号', '方面', '项目', '指标', '结论', '实测值', '标准值', '单位', '问题说明', '依据'];
  const label = (name: { zh: string; en: string }) => (en ? name.en : name.zh);
  const rows = findings.map((r, i) => {
    const aspect = aspects.get(r.aspectCode);
    const item = aspect?.items.find((it) => it.code === r.itemCode);
    return [
      i + 1, aspect ? label(aspect.name) : r.aspectCode, item ? `${item.code} ${label(item.name)}` : r.itemCode, label(r.name),
      statusWord(r.status, locale), r.value, r.target, r.unit, describeEvidence(r, locale, (k) => kinds.get(k) ?? k), r.source,
    ];
  });
  const date = checkup.finishedAt.slice(0, 10);
  const sheet = en ? 'Problem ledger' : '问题台账';
  return { fileName: `${checkup.communityName}-${sheet}-${date}.xlsx`, body: await writeXlsx(sheet, headers, rows) };
}
