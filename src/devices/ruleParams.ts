/**
 * Rule parameters: each rule's defaults, tuned by the community, then per household, then per device
 * (the most specific wins), and the check an override passes before it is stored.
 */
import { AppError, type CodedDetail } from '../platform/errors.ts';
import type { ParamSpec, ParamValue, RuleDef, RuleParams } from './rules.ts';
import { isTimeOfDay } from './schedule.ts';

/** Overrides as stored (rule_params.params); any layer may be missing. */
export interface ParamLayers {
  community?: Readonly<Record<string, unknown>> | null;
  household?: Readonly<Record<string, unknown>> | null;
  device?: Readonly<Record<string, unknown>> | null;
}

/** A stored override row (rule_params): a device's when it names a device, else a household's when it names one, else its community's. */
export interface StoredParams {
  rule_code: string;
  household_id: number | null;
  device_id?: string | null;
  params: unknown;
}

/** Stored override rows as each rule's layers. */
export function layersByRule(rows: StoredParams[]): Map<string, ParamLayers> {
  const byRule = new Map<string, ParamLayers>();
  for (const row of rows) {
    const layer = row.device_id != null ? 'device' : row.household_id !== null ? 'household' : 'community';
    byRule.set(row.rule_code, { ...byRule.get(row.rule_code), [layer]: row.params as Record<string, unknown> });
  }
  return byRule;
}

const defaultsCache = new WeakMap<RuleDef, RuleParams>();

/** The rule's own defaults: what a community gets before it tunes anything. */
export function defaultParams(rule: RuleDef): RuleParams {
  let defaults = defaultsCache.get(rule);
  if (!defaults) {
    defaults = Object.freeze(Object.fromEntries(Object.entries(rule.params).map(([name, spec]) => [name, spec.default])));
    defaultsCache.set(rule, defaults);
  }
  return defaults;
}

function problem(spec: ParamSpec, value: unknown): Omit<CodedDetail, 'path'> | undefined {
  switch (spec.type) {
    case 'boolean':
      return typeof value === 'boolean' ? undefined : { code: 'RULE_PARAM_BOOLEAN' };
    case 'time':
      return typeof value === 'string' && isTimeOfDay(value) ? undefined : { code: 'RULE_PARAM_TIME' };
    case 'number': {
      const ok = typeof value === 'number' && Number.isFinite(value) && value >= spec.min && value <= spec.max && (!spec.integer || Number.isInteger(value));
      const range = { min: spec.min, max: spec.max, unit: spec.unit ? ` ${spec.unit}` : '' };
      return ok ? undefined : { code: spec.integer ? 'RULE_PARAM_INTEGER' : 'RULE_PARAM_NUMBER', params: range };
    }
  }
}

/**
 * The effective parameters: defaults ← community ← household ← device. A stored value the rule no
 * longer knows, or of the wrong type, is passed over rather than trusted: ingest must keep running.
 */
export function effectiveParams(rule: RuleDef, layers: ParamLayers): RuleParams {
  const defaults = defaultParams(rule);
  if (!layers.community && !layers.household && !layers.device) return defaults;
  const params: Record<string, ParamValue> = { ...defaults };
  for (const layer of [layers.community, layers.household, layers.device]) {
    for (const [name, value] of Object.entries(layer ?? {})) {
      if (Object.hasOwn(rule.params, name) && !problem(rule.params[name], value)) params[name] = value as ParamValue;
    }
  }
  return params;
}

/**
 * Checks overrides sent to the API for one rule: every name must be a parameter of the rule and every
 * value of its type and range. Throws VALIDATION_FAILED with one detail per bad entry, at
 * `${path}.${name}`.
 */
export function checkRuleParams(rule: RuleDef, input: Readonly<Record<string, unknown>>, path = 'body.params'): Record<string, ParamValue> {
  const details: CodedDetail[] = [];
  for (const [name, value] of Object.entries(input)) {
    const spec = Object.hasOwn(rule.params, name) ? rule.params[name] : undefined;
    const found = spec ? problem(spec, value) : { code: 'RULE_PARAM_UNKNOWN' as const, params: { param: name, allowed: Object.keys(rule.params).join(', ') } };
    if (found) details.push({ path: `${path}.${name}`, ...found });
  }
  if (details.length) throw new AppError('VALIDATION_FAILED', { rule: rule.code }, details);
  return input as Record<string, ParamValue>;
}
