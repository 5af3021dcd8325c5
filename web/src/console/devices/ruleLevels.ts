import type { RuleLevel, RuleSetting } from '../../api/devices.ts';

/**
 * The levels a rule's parameters are tuned at, most specific first, as the server applies them:
 * device ← household ← community ← the rule's own default.
 */
export type LevelName = 'device' | 'household' | 'community';
export type Source = LevelName | 'default';
export type ParamValue = RuleSetting['effective'][string];

const mostSpecificFirst: LevelName[] = ['device', 'household', 'community'];

export function levelNameOf(level: RuleLevel): LevelName {
  if (level.deviceId !== undefined) return 'device';
  return level.householdId !== undefined ? 'household' : 'community';
}

/** The value of a parameter as the first of `levels` holding an override has it, else the rule's default. */
function lookup(rule: RuleSetting, name: string, levels: LevelName[]): { value: ParamValue; source: Source } {
  const source = levels.find((level) => Object.hasOwn(rule[level], name));
  if (source) return { value: rule[source][name], source };
  return { value: rule.specs[name].default as ParamValue, source: 'default' };
}

/** Where the value that applies at `level` comes from (the server sends only the layers at and above the level asked for). */
export function sourceOf(rule: RuleSetting, name: string, level: LevelName): Source {
  return lookup(rule, name, mostSpecificFirst.slice(mostSpecificFirst.indexOf(level))).source;
}

/** What would apply at `level` without its own override: what 恢复默认 goes back to. */
export function inheritedOf(rule: RuleSetting, name: string, level: LevelName): { value: ParamValue; source: Source } {
  return lookup(rule, name, mostSpecificFirst.slice(mostSpecificFirst.indexOf(level) + 1));
}

/**
 * The overrides to store at `level` from what the form holds: a value the level already overrides, or
 * one that differs from what it inherits. An emptied field stops overriding (the inherited value applies).
 */
export function overridesFrom(rule: RuleSetting, level: LevelName, values: Record<string, ParamValue | null | undefined>): Record<string, ParamValue> {
  const overrides: Record<string, ParamValue> = {};
  for (const [name, value] of Object.entries(values)) {
    if (value === null || value === undefined || value === '') continue;
    if (Object.hasOwn(rule[level], name) || value !== inheritedOf(rule, name, level).value) overrides[name] = value;
  }
  return overrides;
}

/** The query of the rule settings page at a level, and the device kind whose rules it shows. */
export function rulesSearch(level: Partial<RuleLevel> & { kind?: string }): URLSearchParams {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(level)) if (value !== undefined) search.set(key, String(value));
  return search;
}

/** The address of the rule settings at a level (the device drawer and the care cards link to it). */
export const rulesHref = (level: Partial<RuleLevel> & { kind?: string }) => `/device-rules?${rulesSearch(level)}`;
