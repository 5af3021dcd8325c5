/**
 * Rules applied to readings inside one transaction: the pure rule engine (rules.ts) on one side, the
 * database on the other. A run loads the rule state of its devices once, keeps it in memory while it
 * evaluates every reading in order, raises and clears alarms as it goes, and writes the repeats of
 * active alarms, the changed state and the checks at the end — so a batch of a thousand readings is a
 * handful of statements, and a restart resumes exactly where the last commit left off.
 */
import type { Kysely } from 'kysely';
import type { Part } from '../db/parts.ts';
import type { DB } from '../db/schema.ts';
import { alarmRaiser, markCleared, ruleWho, type AlarmDeps, type AlarmSpec } from './alarms.ts';
import { rulesForKind } from './defaultRules.ts';
import type { CachedDevice } from './deviceCache.ts';
import { effectiveParams, type ParamLayers } from './ruleParams.ts';
import { evaluateReading, heeds, startRule, type Reading, type RuleDef, type RuleOutcome, type RuleParams, type RuleState } from './rules.ts';
import * as store from './store.ts';
import type { DeviceKind } from './kinds.ts';

const key = (deviceId: string, ruleCode: string) => `${deviceId}\u0000${ruleCode}`;

export function alarmSpecOf(rule: RuleDef): AlarmSpec {
  return { ruleCode: rule.code, type: rule.alarmType, severity: rule.severity, name: rule.name, ticketCategory: rule.ticketCategory };
}

/** A device without tuned parameters for a rule: one shared object, not one per reading. */
const untuned: ParamLayers = Object.freeze({});

/** The rule's parameters for this device: defaults ← community ← household ← device. */
export function paramsFor(device: CachedDevice, rule: RuleDef): RuleParams {
  return effectiveParams(rule, device.overrides.get(rule.code) ?? untuned);
}

export interface RuleRun {
  /** Evaluates every rule of each device's kind on its reading, one reading after another. */
  apply(readings: { device: CachedDevice; reading: Reading }[]): Promise<void>;
  /** Applies an outcome computed elsewhere (a due check) for one device and rule. */
  settle(device: CachedDevice, rule: RuleDef, before: RuleState | undefined, result: RuleOutcome, at: Date): Promise<void>;
  state(deviceId: string, ruleCode: string): RuleState | undefined;
  /** Writes the counted alarm repeats, the changed state and the checks. */
  finish(): Promise<void>;
}

/** Starts a run over these devices in the caller's transaction; `alongside` are writes to make in the statement that reads their state. */
export async function startRuleRun(trx: Kysely<DB>, deps: Pick<AlarmDeps, 'cipher'>, deviceIds: string[], alongside: Part[] = []): Promise<RuleRun> {
  const states = new Map<string, RuleState | undefined>();
  for (const row of await store.selectRuleStates(trx, deviceIds, alongside)) states.set(key(row.device_id, row.rule_code), row.state as RuleState);
  const changedStates = new Map<string, store.RuleStateChange>();
  const changedChecks = new Map<string, store.RuleCheckChange>();
  const alarms = alarmRaiser(trx, deps, deviceIds);
  // Each device's keys, made once per run rather than once per reading and rule.
  const keys = new Map<string, string[]>();
  const keysOf = (device: CachedDevice, rules: readonly RuleDef[]) => {
    let made = keys.get(device.id);
    if (!made) keys.set(device.id, (made = rules.map((rule) => key(device.id, rule.code))));
    return made;
  };

  /** Keeps an outcome's state and check under its key `k`; true when it also raises or clears an alarm (act's work). */
  function record(k: string, device: CachedDevice, rule: RuleDef, before: RuleState | undefined, result: RuleOutcome, at: Date): boolean {
    if (result.state !== before) {
      states.set(k, result.state);
      changedStates.set(k, { deviceId: device.id, ruleCode: rule.code, state: result.state, at });
    }
    if (result.checkAt !== undefined) changedChecks.set(k, { deviceId: device.id, ruleCode: rule.code, dueAt: result.checkAt });
    return result.raise !== undefined || result.clear === true;
  }

  async function settle(device: CachedDevice, rule: RuleDef, before: RuleState | undefined, result: RuleOutcome, at: Date) {
    if (record(key(device.id, rule.code), device, rule, before, result, at)) await act(device, rule, result, at);
  }

  async function act(device: CachedDevice, rule: RuleDef, result: RuleOutcome, at: Date) {
    if (result.raise) await alarms.raise(device, alarmSpecOf(rule), at, result.raise.details);
    if (result.clear) {
      // Repeats counted before the clear belong to the alarm it clears.
      await alarms.flush();
      const alarm = await store.findActiveAlarm(trx, device.id, rule.alarmType);
      if (alarm) await markCleared(trx, alarm, ruleWho, at, { reason: '条件已恢复', details: { rule: rule.code } });
      alarms.cleared(device.id, rule.alarmType);
    }
  }

  /**
   * One reading's rules. Most readings raise and clear nothing: then nothing is returned, and a batch of a
   * thousand readings takes no round of promises.
   */
  function evaluate(device: CachedDevice, reading: Reading): Promise<void> | undefined {
    // The rules of a reading are independent of each other: each is evaluated at once, the alarms they raise or clear follow in order.
    let acting: { rule: RuleDef; result: RuleOutcome }[] | undefined;
    const rules = rulesForKind(device.kind as DeviceKind);
    const ruleKeys = keysOf(device, rules);
    for (let i = 0; i < rules.length; i++) {
      const rule = rules[i];
      const k = ruleKeys[i];
      const params = paramsFor(device, rule);
      if (!heeds(rule, params, reading.channel)) continue;
      const before = states.get(k);
      const result = evaluateReading(rule, params, reading, before);
      if (record(k, device, rule, before, result, reading.at)) (acting ??= []).push({ rule, result });
    }
    if (!acting) return undefined;
    return (async () => {
      for (const { rule, result } of acting) await act(device, rule, result, reading.at);
    })();
  }

  return {
    async apply(readings) {
      for (const { device, reading } of readings) {
        const acting = evaluate(device, reading);
        if (acting) await acting;
      }
    },
    settle,
    state: (deviceId, ruleCode) => states.get(key(deviceId, ruleCode)),
    async finish() {
      await alarms.flush();
      await store.writeRuleChanges(trx, [...changedStates.values()], [...changedChecks.values()]);
    },
  };
}

/** Starts the rules of a newly registered device: an inactivity watch runs even if the device never speaks. */
export async function startWatching(trx: Kysely<DB>, deps: Pick<AlarmDeps, 'cipher'>, device: CachedDevice, at: Date): Promise<void> {
  const run = await startRuleRun(trx, deps, [device.id]);
  for (const rule of rulesForKind(device.kind as DeviceKind)) {
    await run.settle(device, rule, undefined, startRule(rule, paramsFor(device, rule), at), at);
  }
  await run.finish();
}
