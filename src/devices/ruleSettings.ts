/**
 * Tuning the ready rules (规则设置): a community's defaults, then a household's (a frail elder's door
 * watched after 12 hours instead of 24), then a device's own. Ingest picks changes up within its device
 * cache's lifetime (30 s).
 */
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import { requireInScope, requirePermission, type Actor } from '../platform/actor.ts';
import { insertAuditEntry } from '../platform/audit/store.ts';
import { scopeFor } from '../platform/auth/service.ts';
import { AppError } from '../platform/errors.ts';
import { defaultRules, ruleByCode } from './defaultRules.ts';
import { checkRuleParams, effectiveParams, layersByRule } from './ruleParams.ts';
import type { RuleParamsBody, RuleSettingsQuery } from './schema.ts';
import * as store from './store.ts';

type Level = { communityId: number; householdId?: number; deviceId?: string };
type Values = Record<string, number | boolean | string>;

/** Checks that the household or device lies in the community and the actor may manage devices there. */
async function requireLevel(db: Kysely<DB>, actor: Actor, level: Level, permission: 'devices.read' | 'devices.manage') {
  requirePermission(actor, permission);
  const scope = await scopeFor(db, actor, permission);
  if (level.deviceId !== undefined) {
    const device = await store.findDevicePlace(db, level.deviceId);
    if (!device || device.community_id !== level.communityId) throw new AppError('DEVICE_NOT_FOUND', { id: level.deviceId });
    requireInScope(scope, device.community_id, device.grid_id);
    return { householdId: level.householdId ?? device.household_id ?? undefined, kind: device.kind };
  }
  if (level.householdId !== undefined) {
    const household = await store.findHouseholdPlace(db, level.householdId);
    if (!household || household.community_id !== level.communityId) throw new AppError('HOUSEHOLD_NOT_FOUND');
    requireInScope(scope, household.community_id, household.grid_id);
    return { householdId: level.householdId, kind: undefined };
  }
  requireInScope(scope, level.communityId, null);
  return { householdId: undefined, kind: undefined };
}

/** The rules with their parameters at each level and what applies at the level asked for. */
export async function listRuleSettings(deps: { db: Kysely<DB> }, actor: Actor, q: RuleSettingsQuery) {
  const { householdId, kind } = await requireLevel(deps.db, actor, q, 'devices.read');
  // Only this level's rows and those above it are read: a layer not asked for stays empty.
  const stored = layersByRule(await store.selectRuleParams(deps.db, q.communityId, householdId ?? null, q.deviceId ?? ''));
  return defaultRules.filter((rule) => rule.kind === (kind ?? q.kind ?? rule.kind)).map((rule) => {
    const layers = stored.get(rule.code);
    const [community, household, device] = [layers?.community, layers?.household, layers?.device].map((layer) => (layer ?? {}) as Values);
    return {
      code: rule.code, kind: rule.kind, alarmType: rule.alarmType, name: rule.name, severity: rule.severity, specs: rule.params as Record<string, Record<string, unknown>>,
      effective: { ...effectiveParams(rule, { community, household, device }) }, community, household, device,
    };
  });
}

/** Sets the overrides of one rule at one level (community, household or device); empty params remove them. Returns the kind's rules there. */
export async function setRuleParams(deps: { db: Kysely<DB> }, actor: Actor, code: string, body: RuleParamsBody) {
  const rule = ruleByCode(code);
  if (!rule) throw new AppError('ALARM_RULE_UNKNOWN', { rule: code });
  const { kind } = await requireLevel(deps.db, actor, body, 'devices.manage');
  if (kind !== undefined && kind !== rule.kind) throw new AppError('ALARM_RULE_UNKNOWN', { rule: code });
  const params = checkRuleParams(rule, body.params);
  // A device's row carries no household: the device is the more specific level.
  const level = { communityId: body.communityId, householdId: body.deviceId === undefined ? body.householdId ?? null : null, deviceId: body.deviceId ?? null };
  await deps.db.transaction().execute(async (trx) => {
    if (Object.keys(params).length) await store.upsertRuleParams(trx, { ...level, ruleCode: code, params });
    else await store.deleteRuleParams(trx, { ...level, ruleCode: code });
    await insertAuditEntry(trx, {
      actorId: actor.userId > 0 ? actor.userId : null, actorName: actor.username, action: 'device_rule.params', entity: 'device_rule', entityId: code,
      communityId: body.communityId, ip: actor.ip, details: { ...level, params },
    });
  });
  return listRuleSettings(deps, actor, { communityId: body.communityId, householdId: body.householdId, deviceId: body.deviceId, kind: rule.kind });
}
