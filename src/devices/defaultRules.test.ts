import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { AppError, localizeDetail } from '../platform/errors.ts';
import { defaultRules, ruleByCode, rulesForKind } from './defaultRules.ts';
import { deviceKinds, kinds, payloadSchema } from './kinds.ts';
import { checkRuleParams, defaultParams, effectiveParams } from './ruleParams.ts';
import type { Match, Operand, ParamSpec, ParamValue, RuleDef } from './rules.ts';

const categories = (JSON.parse(fs.readFileSync(new URL('../tickets/categories.json', import.meta.url), 'utf8')) as { categories: { code: string }[] })
  .categories.map((c) => c.code);

function matchesOf(rule: RuleDef): Match[] {
  const c = rule.condition;
  const own = c.type === 'inactivity' ? c.activity : c.type === 'usage_below' ? [] : c.when;
  return [...own, ...(typeof rule.clear === 'object' ? rule.clear : [])];
}

/** The parameters a rule refers to, with the type each use needs (equality takes any). */
function refsOf(rule: RuleDef): { name: string; type: ParamSpec['type'] | undefined }[] {
  const refs: { name: string; type: ParamSpec['type'] | undefined }[] = [];
  const add = (value: Operand<ParamValue> | readonly string[], type: ParamSpec['type'] | undefined) => {
    if (typeof value === 'object' && 'param' in value) refs.push({ name: value.param, type });
  };
  const c = rule.condition;
  if (c.type === 'duration') add(c.seconds, 'number');
  if (c.type === 'repeating') add(c.times, 'number');
  if (c.type === 'inactivity') add(c.hours, 'number');
  if (c.type === 'usage_below') [c.amount, c.hours].forEach((v) => add(v, 'number'));
  if (rule.schedule) [rule.schedule.from, rule.schedule.to].forEach((v) => add(v, 'time'));
  for (const match of matchesOf(rule)) {
    for (const test of [...(match.where ?? []), ...(match.tests ?? [])]) {
      if (test.op === '==' || test.op === '!=') add(test.value, undefined);
      else if (test.op !== 'in') add(test.value, 'number');
    }
  }
  return refs;
}

describe('the default rules table', () => {
  it('gives every kind rules, a device-offline rule, and one rule per code and alarm type', () => {
    for (const kind of deviceKinds) {
      const rules = rulesForKind(kind);
      expect(rules.map((r) => r.code)).toContain(`${kind}.offline`);
      expect(new Set(rules.map((r) => r.alarmType)).size).toBe(rules.length);
      if (kinds[kind].battery) expect(rules.map((r) => r.alarmType)).toContain('low_battery');
    }
    expect(new Set(defaultRules.map((r) => r.code)).size).toBe(defaultRules.length);
    expect(defaultRules.every((rule) => ruleByCode(rule.code) === rule)).toBe(true);
  });

  it('opens critical and major alarms in an existing service-loop category', () => {
    for (const rule of defaultRules) {
      if (rule.severity === 'critical' || rule.severity === 'major') expect(rule.ticketCategory, rule.code).toBeDefined();
      if (rule.ticketCategory) expect(categories, rule.code).toContain(rule.ticketCategory);
    }
  });

  it('never clears SOS, fall, gas or smoke by itself', () => {
    for (const type of ['sos', 'fall', 'gas', 'smoke']) {
      const rules = defaultRules.filter((r) => r.alarmType === type);
      expect(rules.length).toBeGreaterThan(0);
      for (const rule of rules) expect(rule).toMatchObject({ severity: 'critical', clear: 'never' });
    }
  });

  it('only tests events and fields its kind sends, and only parameters it has', () => {
    for (const rule of defaultRules) {
      const events: readonly string[] = kinds[rule.kind].events;
      const fields = Object.keys((payloadSchema(rule.kind, 'telemetry') as unknown as { properties: object }).properties);
      for (const match of matchesOf(rule)) {
        for (const type of match.types ?? []) expect(events, rule.code).toContain(type);
        if (match.channel === 'telemetry') for (const test of [...(match.where ?? []), ...(match.tests ?? [])]) expect(fields, rule.code).toContain(test.field);
      }
      if (rule.condition.type === 'usage_below') expect(fields).toContain(rule.condition.field);
      for (const ref of refsOf(rule)) {
        expect(Object.keys(rule.params), rule.code).toContain(ref.name);
        if (ref.type) expect(rule.params[ref.name].type, `${rule.code}: ${ref.name}`).toBe(ref.type);
      }
    }
  });

  it('has defaults that pass its own parameter check, and the community defaults the issue asks for', () => {
    for (const rule of defaultRules) expect(checkRuleParams(rule, defaultParams(rule))).toEqual(defaultParams(rule));
    expect(defaultParams(ruleByCode('door_magnet.door_inactive')!)).toEqual({ enabled: true, hours: 24 });
    expect(defaultParams(ruleByCode('water_meter.water_low')!)).toEqual({ enabled: true, litres: 10, hours: 24 });
    expect(defaultParams(ruleByCode('wristband.heart_rate_high')!)).toMatchObject({ above: 120, seconds: 60 });
    expect(defaultParams(ruleByCode('wristband.offline')!)).toMatchObject({ hours: 2 });
    expect(defaultParams(ruleByCode('lamp_pole.offline')!)).toMatchObject({ hours: 24 });
    expect(defaultParams(ruleByCode('door_magnet.door_open_night')!)).toMatchObject({ enabled: false, from: '22:00', to: '06:00' });
  });
});

describe('parameters', () => {
  const doorRule = ruleByCode('door_magnet.door_inactive')!;

  it('inherit: the device beats the household, which beats the community, which beats the default', () => {
    expect(effectiveParams(doorRule, {})).toEqual({ enabled: true, hours: 24 });
    expect(effectiveParams(doorRule, { community: { hours: 36 } })).toEqual({ enabled: true, hours: 36 });
    expect(effectiveParams(doorRule, { community: { hours: 36 }, household: { hours: 12 } })).toEqual({ enabled: true, hours: 12 });
    expect(effectiveParams(doorRule, { community: { hours: 36 }, household: { hours: 12, enabled: false }, device: { hours: 48 } }))
      .toEqual({ enabled: false, hours: 48 });
    expect(effectiveParams(doorRule, { community: null, household: { enabled: false } })).toEqual({ enabled: false, hours: 24 });
  });

  it('pass over a stored value the rule no longer takes rather than stop ingest', () => {
    expect(effectiveParams(doorRule, { community: { hours: 'many', days: 3 }, device: { hours: 0 } })).toEqual({ enabled: true, hours: 24 });
  });

  function detailsOf(run: () => unknown) {
    try {
      run();
    } catch (err) {
      expect(err).toBeInstanceOf(AppError);
      expect((err as AppError).code).toBe('VALIDATION_FAILED');
      return (err as AppError).details.map((d) => localizeDetail(d, 'en'));
    }
    throw new Error('expected the check to refuse');
  }

  it('refuse an override with an unknown name or a wrong type, naming the field in both languages', () => {
    expect(detailsOf(() => checkRuleParams(doorRule, { hour: 12, hours: 'twelve' }))).toEqual([
      { path: 'body.params.hour', code: 'RULE_PARAM_UNKNOWN', message: 'The rule has no parameter "hour"; it has: enabled, hours' },
      { path: 'body.params.hours', code: 'RULE_PARAM_NUMBER', message: 'Must be a number from 1 to 168 h' },
    ]);
    const zh = (() => {
      try {
        checkRuleParams(doorRule, { hours: 500 });
      } catch (err) {
        return localizeDetail((err as AppError).details[0], 'zh-CN').message;
      }
    })();
    expect(zh).toBe('应为 1 到 168 h 之间的数');
  });

  it('check ranges, whole numbers, switches and times of day', () => {
    const lowRule = ruleByCode('wristband.heart_rate_low')!;
    const night = ruleByCode('door_magnet.door_open_night')!;
    expect(detailsOf(() => checkRuleParams(lowRule, { readings: 1.5 })).map((d) => d.code)).toEqual(['RULE_PARAM_INTEGER']);
    expect(detailsOf(() => checkRuleParams(night, { enabled: 'yes', from: '10pm' }, 'params')).map((d) => [d.path, d.code])).toEqual([
      ['params.enabled', 'RULE_PARAM_BOOLEAN'], ['params.from', 'RULE_PARAM_TIME'],
    ]);
    expect(detailsOf(() => checkRuleParams(doorRule, { constructor: 1 })).map((d) => d.code)).toEqual(['RULE_PARAM_UNKNOWN']);
    expect(checkRuleParams(night, { enabled: true, from: '21:30' })).toEqual({ enabled: true, from: '21:30' });
  });
});
