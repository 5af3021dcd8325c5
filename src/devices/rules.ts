/**
 * Rules over device streams, evaluated without I/O: a rule turns a reading (or a due check) and the
 * small state it keeps per device into "raise", "clear" and "look again at". The ingest pipeline
 * persists the state (rule_state) and the next check (rule_check) per device × rule, so a restart
 * loses nothing: a duration's start is a timestamp in the state, never a JS timer.
 *
 * Conditions: threshold (per reading), duration (holds for T), repeating (N readings in a row),
 * inactivity (no matching activity for H hours — door not opened, device silent) and usage_below
 * (less than V litres in H hours). Any rule may carry a schedule (China time): outside it the rule
 * does not raise, and a condition that came true outside it raises when the window opens if it still
 * holds. An alarm is raised once per episode (the condition coming true), except events: every
 * matching event is an occurrence, so repeated SOS presses bump the alarm's count.
 */
import type { AlarmSeverity } from '../db/schema.ts';
import { channels, type Channel, type DeviceKind, type EventType, type Label } from './kinds.ts';
import { inWindow, minutesOfDay, nextWindowOpen, type DailyWindow, type ScheduleDays } from './schedule.ts';
import { addMark, usageDueAt, usedInWindow, type Mark } from './usage.ts';

export type ParamValue = number | boolean | string;
export type RuleParams = Readonly<Record<string, ParamValue>>;

/** A tunable parameter and its community default. `time` is 'HH:MM', China time. */
export type ParamSpec =
  | { type: 'number'; default: number; min: number; max: number; integer?: boolean; unit?: string }
  | { type: 'boolean'; default: boolean }
  | { type: 'time'; default: string };

/** A value taken from the rule's effective parameters. */
export interface Ref {
  param: string;
}
export type Operand<T> = T | Ref;

export type Test =
  | { field: string; op: '>' | '>=' | '<' | '<='; value: Operand<number> }
  | { field: string; op: '==' | '!='; value: Operand<number | boolean | string> }
  | { field: string; op: 'in'; value: readonly string[] };

/**
 * Which readings a condition looks at — a channel, for events their types, and `where` tests that
 * pick readings (a heart rate of 0 is no measurement) — and the `tests` those readings must pass. A
 * reading without a tested field, or failing a `where`, says nothing either way (irrelevant).
 */
export interface Match {
  channel: Channel;
  types?: readonly EventType[];
  where?: readonly Test[];
  tests?: readonly Test[];
}

export type Condition =
  | { type: 'threshold'; when: readonly Match[] }
  | { type: 'duration'; when: readonly Match[]; seconds: Operand<number> }
  | { type: 'repeating'; when: readonly Match[]; times: Operand<number> }
  | { type: 'inactivity'; activity: readonly Match[]; hours: Operand<number> }
  | { type: 'usage_below'; field: string; amount: Operand<number>; hours: Operand<number> };

export interface Schedule {
  from: Operand<string>;
  to: Operand<string>;
  days: ScheduleDays;
}

/**
 * How an alarm clears by itself: never (a person must), on recovery (the condition no longer holds;
 * for inactivity and usage: activity again), or when a reading holds one of these matches (with a
 * margin, so a bin at 89 % ↔ 90 % does not flap).
 */
export type ClearPolicy = 'never' | 'recovery' | readonly Match[];

export interface RuleDef {
  code: string;
  kind: DeviceKind;
  /** The alarm's type: one open alarm per device and type. */
  alarmType: string;
  name: Label;
  severity: AlarmSeverity;
  /** The service-loop category its alarm opens a ticket in, when critical or major. */
  ticketCategory?: string;
  condition: Condition;
  schedule?: Schedule;
  clear: ClearPolicy;
  /** Suppressed while the household is away (in hospital, at a child's home). */
  awaySuppresses?: boolean;
  params: Readonly<Record<string, ParamSpec>>;
}

/**
 * What a rule remembers per device, as small JSON; times are epoch milliseconds. `dueAt` is the
 * check the caller has armed for this rule (the rule_check row), if any.
 */
export interface RuleState {
  /** The rule has raised and the episode has not ended. */
  active?: boolean;
  /** duration: since when the condition holds. */
  since?: number;
  /** repeating: matching readings in a row (capped at the rule's N). */
  count?: number;
  /** inactivity: the last activity. */
  lastAt?: number;
  /** usage_below: meter marks over the window. */
  marks?: readonly Mark[];
  dueAt?: number;
}

export interface Reading {
  channel: Channel;
  at: Date;
  value: Readonly<Record<string, unknown>>;
}

/** Facts from outside the device that a due check needs. */
export interface RuleContext {
  /** The household is away until this instant (see chinaDateEnd): inactivity rules stay quiet. */
  awayUntil?: Date;
}

/**
 * What to do. `state` is the state to keep — the very object passed in when nothing changed, so the
 * caller can skip the write; `undefined` deletes it. `checkAt`: a Date arms (or moves) the rule's
 * check, `null` removes it, absent leaves it as it is.
 */
export interface RuleOutcome {
  state: RuleState | undefined;
  raise?: { details: Record<string, unknown> };
  clear?: true;
  checkAt?: Date | null;
}

type Verdict = 0 | 1 | 2;
const irrelevant = 0;
const holds = 1;
const fails = 2;

const hour = 3_600_000;
/** A timer is moved only when the due time moves by more than this share of the window: fewer writes. */
const rearmShare = 1 / 48;

function operand<T extends ParamValue>(value: Operand<T>, params: RuleParams): T {
  return typeof value === 'object' ? (params[value.param] as T) : value;
}

function runTest(test: Test, value: Readonly<Record<string, unknown>>, params: RuleParams): Verdict {
  const actual = value[test.field];
  if (actual === undefined || actual === null) return irrelevant;
  if (test.op === 'in') return typeof actual !== 'string' ? irrelevant : test.value.includes(actual) ? holds : fails;
  const expected = operand(test.value, params);
  if (typeof actual !== typeof expected) return irrelevant;
  let ok: boolean;
  switch (test.op) {
    case '==': ok = actual === expected; break;
    case '!=': ok = actual !== expected; break;
    case '>': ok = (actual as number) > (expected as number); break;
    case '>=': ok = (actual as number) >= (expected as number); break;
    case '<': ok = (actual as number) < (expected as number); break;
    case '<=': ok = (actual as number) <= (expected as number); break;
  }
  return ok ? holds : fails;
}

function runMatch(match: Match, reading: Reading, params: RuleParams): Verdict {
  if (match.channel !== reading.channel) return irrelevant;
  if (match.types && !match.types.includes(reading.value.type as EventType)) return irrelevant;
  for (const test of match.where ?? []) {
    if (runTest(test, reading.value, params) !== holds) return irrelevant;
  }
  let verdict: Verdict = holds;
  for (const test of match.tests ?? []) {
    const one = runTest(test, reading.value, params);
    if (one === irrelevant) return irrelevant;
    if (one === fails) verdict = fails;
  }
  return verdict;
}

/** Holds if any match holds; fails if none holds and one fails; else irrelevant. */
function matchReading(matches: readonly Match[], reading: Reading, params: RuleParams): Verdict {
  let verdict: Verdict = irrelevant;
  for (const match of matches) {
    const one = runMatch(match, reading, params);
    if (one === holds) return holds;
    if (one === fails) verdict = fails;
  }
  return verdict;
}

function windowOf(schedule: Schedule, params: RuleParams): DailyWindow {
  return { from: minutesOfDay(operand(schedule.from, params)), to: minutesOfDay(operand(schedule.to, params)), days: schedule.days };
}

function inSchedule(rule: RuleDef, params: RuleParams, atMs: number): boolean {
  return !rule.schedule || inWindow(windowOf(rule.schedule, params), atMs);
}

// sameState and isEmpty name every field of RuleState: a field added there must be added here.
function sameState(a: RuleState | undefined, b: RuleState | undefined): boolean {
  if (a === b) return true;
  if (!a || !b) return false;
  return a.active === b.active && a.since === b.since && a.count === b.count && a.lastAt === b.lastAt && a.marks === b.marks && a.dueAt === b.dueAt;
}

function isEmpty(state: RuleState): boolean {
  return !state.active && state.since === undefined && state.count === undefined && state.lastAt === undefined && state.marks === undefined && state.dueAt === undefined;
}

/** The outcome of moving from `before` to `after`, with the check derived from their `dueAt`. */
function outcome(before: RuleState | undefined, after: RuleState | undefined, extra?: Pick<RuleOutcome, 'raise' | 'clear'>): RuleOutcome {
  const kept = after && isEmpty(after) ? undefined : after;
  const result: RuleOutcome = { state: sameState(before, kept) ? before : kept, ...extra };
  const was = before?.dueAt;
  const now = kept?.dueAt;
  if (was !== now) result.checkAt = now === undefined ? null : new Date(now);
  return result;
}

/**
 * Raise now if the schedule allows, else keep `base` and look again when the window opens.
 * Raising ends any armed check: the episode is on until it clears.
 */
function raiseOrWait(rule: RuleDef, params: RuleParams, before: RuleState | undefined, base: RuleState, atMs: number, details: Record<string, unknown>): RuleOutcome {
  const window = rule.schedule && windowOf(rule.schedule, params);
  if (!window || inWindow(window, atMs)) return outcome(before, { ...base, active: true, dueAt: undefined }, { raise: { details } });
  return outcome(before, { ...base, dueAt: nextWindowOpen(window, atMs) });
}

/**
 * A reading that does not hold the condition (`broke`: it contradicts it). It may end the episode
 * and clear the alarm, as the rule's clear policy says.
 */
function settle(rule: RuleDef, params: RuleParams, reading: Reading, before: RuleState | undefined, after: RuleState | undefined, broke: boolean): RuleOutcome {
  if (!after?.active) return outcome(before, after);
  const ended = { ...after, active: undefined };
  if (typeof rule.clear === 'object') {
    return matchReading(rule.clear, reading, params) === holds ? outcome(before, ended, { clear: true }) : outcome(before, after);
  }
  if (!broke) return outcome(before, after);
  return outcome(before, ended, rule.clear === 'recovery' ? { clear: true } : undefined);
}

function readingDetails(reading: Reading): Record<string, unknown> {
  return { channel: reading.channel, reading: reading.value };
}

function onThreshold(rule: RuleDef, params: RuleParams, reading: Reading, state: RuleState | undefined, when: readonly Match[]): RuleOutcome {
  const verdict = matchReading(when, reading, params);
  if (verdict !== holds) return settle(rule, params, reading, state, state, verdict === fails);
  if (!inSchedule(rule, params, reading.at.getTime())) return { state };
  // Every matching event is an occurrence; a reading only starts an episode.
  if (state?.active && reading.channel !== 'event') return { state };
  return outcome(state, { ...state, active: true }, { raise: { details: readingDetails(reading) } });
}

function onDuration(rule: RuleDef, params: RuleParams, reading: Reading, state: RuleState | undefined, when: readonly Match[], seconds: number): RuleOutcome {
  const verdict = matchReading(when, reading, params);
  if (verdict !== holds) {
    const after = verdict === fails && state ? { ...state, since: undefined, dueAt: undefined } : state;
    return settle(rule, params, reading, state, after, verdict === fails);
  }
  if (state?.active) return { state };
  const at = reading.at.getTime();
  const since = state?.since ?? at;
  if (at - since >= seconds * 1000) {
    return raiseOrWait(rule, params, state, { since }, at, { ...readingDetails(reading), since: new Date(since).toISOString() });
  }
  return outcome(state, { since, dueAt: state?.dueAt ?? since + seconds * 1000 });
}

function onRepeating(rule: RuleDef, params: RuleParams, reading: Reading, state: RuleState | undefined, when: readonly Match[], times: number): RuleOutcome {
  const verdict = matchReading(when, reading, params);
  if (verdict !== holds) {
    const after = verdict === fails && state ? { ...state, count: undefined } : state;
    return settle(rule, params, reading, state, after, verdict === fails);
  }
  const count = Math.min((state?.count ?? 0) + 1, times);
  if (state?.active || count < times || !inSchedule(rule, params, reading.at.getTime())) return outcome(state, { ...state, count });
  return outcome(state, { ...state, count, active: true }, { raise: { details: { ...readingDetails(reading), times } } });
}

/** Keep the armed check when the due time only moved a little later: the check re-arms when it comes. */
function nextDue(state: RuleState | undefined, due: number, windowMs: number): number {
  const armed = state?.dueAt;
  return armed !== undefined && due >= armed && due - armed < windowMs * rearmShare ? armed : due;
}

function onInactivity(rule: RuleDef, params: RuleParams, reading: Reading, state: RuleState | undefined, activity: readonly Match[], hours: number): RuleOutcome {
  const at = reading.at.getTime();
  if (matchReading(activity, reading, params) !== holds) {
    // The device's first word starts the clock, whatever it says.
    return state ? { state } : outcome(state, { lastAt: at, dueAt: at + hours * hour });
  }
  if (state?.lastAt !== undefined && at <= state.lastAt) return { state };
  const windowMs = hours * hour;
  if (!state?.active) return outcome(state, { lastAt: at, dueAt: nextDue(state, at + windowMs, windowMs) });
  return outcome(state, { lastAt: at, dueAt: at + windowMs }, rule.clear === 'never' ? undefined : { clear: true });
}

function onUsage(rule: RuleDef, reading: Reading, state: RuleState | undefined, field: string, amount: number, hours: number): RuleOutcome {
  const litres = reading.value[field];
  if (reading.channel !== 'telemetry' || typeof litres !== 'number') return { state };
  const windowMs = hours * hour;
  const at = reading.at.getTime();
  const marks = addMark(state?.marks, at, litres, windowMs);
  if (marks === state?.marks) return { state };
  const due = usageDueAt(marks, amount, windowMs);
  if (!state?.active) return outcome(state, { marks, dueAt: nextDue(state, due, windowMs) });
  if (usedInWindow(marks, at, windowMs) < amount) return outcome(state, { marks, active: true });
  return outcome(state, { marks, dueAt: due }, rule.clear === 'never' ? undefined : { clear: true });
}

/** A rule switched off (param `enabled` false) keeps no state and no check. */
function switchedOff(params: RuleParams, state: RuleState | undefined): RuleOutcome | undefined {
  if (params.enabled !== false) return undefined;
  return outcome(state, undefined);
}

/** The channels whose readings can move a rule, or clear its alarm. */
function channelsHeeded(rule: RuleDef): ReadonlySet<Channel> {
  const c = rule.condition;
  // An inactivity watch starts on the device's first word, whatever its channel.
  if (c.type === 'inactivity') return new Set(channels);
  const matches = c.type === 'usage_below' ? [{ channel: 'telemetry' as const }] : c.when;
  return new Set([...matches, ...(typeof rule.clear === 'object' ? rule.clear : [])].map((m) => m.channel));
}

const heededCache = new WeakMap<RuleDef, ReadonlySet<Channel>>();

/**
 * Whether a reading on this channel can change anything for the rule. One it does not heed says nothing
 * either way, and evaluateReading would return the state it was given: a caller may skip it, as ingest
 * does for most rules of most readings (an SOS rule and telemetry). A rule switched off is heeded on any
 * channel: its evaluation forgets the state.
 */
export function heeds(rule: RuleDef, params: RuleParams, channel: Channel): boolean {
  if (params.enabled === false) return true;
  let heeded = heededCache.get(rule);
  if (!heeded) heededCache.set(rule, (heeded = channelsHeeded(rule)));
  return heeded.has(channel);
}

/**
 * Evaluates one rule on one validated reading. `params` are the rule's effective parameters
 * (effectiveParams); `state` is what this function returned last time for the device, or undefined.
 */
export function evaluateReading(rule: RuleDef, params: RuleParams, reading: Reading, state: RuleState | undefined): RuleOutcome {
  const off = switchedOff(params, state);
  if (off) return off;
  const c = rule.condition;
  switch (c.type) {
    case 'threshold': return onThreshold(rule, params, reading, state, c.when);
    case 'duration': return onDuration(rule, params, reading, state, c.when, operand(c.seconds, params));
    case 'repeating': return onRepeating(rule, params, reading, state, c.when, operand(c.times, params));
    case 'inactivity': return onInactivity(rule, params, reading, state, c.activity, operand(c.hours, params));
    case 'usage_below': return onUsage(rule, reading, state, c.field, operand(c.amount, params), operand(c.hours, params));
  }
}

/** The time the watch may fire, pushed past an away period: the clock restarts when the household is back. */
function awayAdjusted(rule: RuleDef, due: number, windowMs: number, context: RuleContext): number {
  const back = context.awayUntil?.getTime();
  return rule.awaySuppresses && back !== undefined ? Math.max(due, back + windowMs) : due;
}

function dueInactivity(rule: RuleDef, params: RuleParams, state: RuleState, atMs: number, hours: number, context: RuleContext): RuleOutcome {
  const windowMs = hours * hour;
  const due = awayAdjusted(rule, state.lastAt! + windowMs, windowMs, context);
  if (atMs < due) return outcome(state, { ...state, dueAt: due });
  return raiseOrWait(rule, params, state, { lastAt: state.lastAt }, atMs, { lastActivityAt: new Date(state.lastAt!).toISOString(), hours });
}

function dueUsage(rule: RuleDef, params: RuleParams, state: RuleState, atMs: number, amount: number, hours: number, context: RuleContext): RuleOutcome {
  const windowMs = hours * hour;
  const marks = state.marks!;
  const due = awayAdjusted(rule, usageDueAt(marks, amount, windowMs), windowMs, context);
  if (atMs < due) return outcome(state, { ...state, dueAt: due });
  return raiseOrWait(rule, params, state, { marks }, atMs, { litresUsed: usedInWindow(marks, atMs, windowMs), litres: amount, hours });
}

function dueDuration(rule: RuleDef, params: RuleParams, state: RuleState, atMs: number, seconds: number): RuleOutcome {
  const due = state.since! + seconds * 1000;
  if (atMs < due) return outcome(state, { ...state, dueAt: due });
  return raiseOrWait(rule, params, state, { since: state.since }, atMs, { since: new Date(state.since!).toISOString(), heldSeconds: Math.round((atMs - state.since!) / 1000) });
}

/**
 * Evaluates a rule when its armed check comes due (at `at`, or later if the scheduler was behind):
 * a duration that ran out without a new reading, a door not opened, a device gone silent, too little
 * water. The check that fired is used up, so `checkAt` is always given: the next check, or null.
 */
export function evaluateTimer(rule: RuleDef, params: RuleParams, state: RuleState | undefined, at: Date, context: RuleContext = {}): RuleOutcome {
  const result = switchedOff(params, state) ?? onDue(rule, params, state, at.getTime(), context);
  // The check that came due is used up: the outcome always says whether and when to look again.
  const dueAt = result.state?.dueAt;
  result.checkAt = dueAt === undefined ? null : new Date(dueAt);
  return result;
}

function onDue(rule: RuleDef, params: RuleParams, state: RuleState | undefined, atMs: number, context: RuleContext): RuleOutcome {
  const disarm = () => outcome(state, state && { ...state, dueAt: undefined });
  if (!state || state.active) return disarm();
  const c = rule.condition;
  switch (c.type) {
    case 'duration': return state.since === undefined ? disarm() : dueDuration(rule, params, state, atMs, operand(c.seconds, params));
    case 'inactivity': return state.lastAt === undefined ? disarm() : dueInactivity(rule, params, state, atMs, operand(c.hours, params), context);
    case 'usage_below': return state.marks?.length ? dueUsage(rule, params, state, atMs, operand(c.amount, params), operand(c.hours, params), context) : disarm();
    default: return disarm();
  }
}

/**
 * Starts watching a newly provisioned device, so an inactivity rule fires even if the device never
 * speaks: its clock starts at `at`. Other conditions wait for readings.
 */
export function startRule(rule: RuleDef, params: RuleParams, at: Date): RuleOutcome {
  if (params.enabled === false || rule.condition.type !== 'inactivity') return { state: undefined };
  const atMs = at.getTime();
  return outcome(undefined, { lastAt: atMs, dueAt: atMs + operand(rule.condition.hours, params) * hour });
}
