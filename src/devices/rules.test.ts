import { describe, expect, it } from 'vitest';
import { defaultRules, ruleByCode } from './defaultRules.ts';
import { channels } from './kinds.ts';
import { defaultParams, effectiveParams } from './ruleParams.ts';
import { evaluateReading, evaluateTimer, heeds, startRule, type Reading, type RuleContext, type RuleDef, type RuleOutcome, type RuleParams, type RuleState } from './rules.ts';
import { chinaDateEnd } from './schedule.ts';

const second = 1000;
const minute = 60 * second;
const hour = 60 * minute;
/** An instant given in China time. 2026-05-04 is a Monday. */
const china = (local: string) => Date.parse(`${local}:00+08:00`);
const t0 = china('2026-05-04T08:00');

const tele = (at: number, value: Record<string, unknown>): Reading => ({ channel: 'telemetry', at: new Date(at), value: { ts: at, ...value } });
const event = (at: number, type: string, extra: Record<string, unknown> = {}): Reading => ({ channel: 'event', at: new Date(at), value: { ts: at, seq: 1, type, ...extra } });
const stateMsg = (at: number, state: 'online' | 'lost'): Reading => ({ channel: 'state', at: new Date(at), value: { state } });

function rule(code: string): RuleDef {
  const found = ruleByCode(code);
  if (!found) throw new Error(`no rule ${code}`);
  return found;
}

type Happening = { at: number; raise?: Record<string, unknown>; clear?: true };

/**
 * Plays readings through a rule as ingest and the scheduler would: every armed check fires at its due
 * time, before any later reading. Returns the raises and clears with their times, and checks that the
 * state always says which check is armed.
 */
function play(def: RuleDef, params: RuleParams, readings: Reading[], until: number, context: RuleContext = {}, start?: number) {
  let state: RuleState | undefined;
  let due: number | undefined;
  const log: Happening[] = [];
  const apply = (result: RuleOutcome, at: number) => {
    state = result.state;
    if (result.checkAt !== undefined) due = result.checkAt?.getTime();
    expect(state?.dueAt).toBe(due);
    if (result.raise) log.push({ at, raise: result.raise.details });
    if (result.clear) log.push({ at, clear: true });
  };
  const fireUntil = (end: number) => {
    for (let guard = 0; due !== undefined && due <= end; guard++) {
      if (guard > 1000) throw new Error('a check that keeps coming due');
      const at = due;
      // What the database keeps is JSON: a restart between any two steps must change nothing.
      state = state && (JSON.parse(JSON.stringify(state)) as RuleState);
      apply(evaluateTimer(def, params, state, new Date(at), context), at);
    }
  };
  if (start !== undefined) apply(startRule(def, params, new Date(start)), start);
  for (const reading of readings) {
    fireUntil(reading.at.getTime());
    apply(evaluateReading(def, params, reading, state), reading.at.getTime());
  }
  fireUntil(until);
  return { log, state, due };
}

describe('duration: heart rate above 120 for 60 s', () => {
  const hr = rule('wristband.heart_rate_high');
  const params = defaultParams(hr);

  it('raises only once the rate has held for the whole minute, and once per episode', () => {
    const { log } = play(hr, params, [tele(t0, { heartRate: 130 }), tele(t0 + 30 * second, { heartRate: 125 }), tele(t0 + 59 * second, { heartRate: 140 })], t0 + 59 * second);
    expect(log).toEqual([]);
    const later = play(hr, params, [tele(t0, { heartRate: 130 }), tele(t0 + 60 * second, { heartRate: 131 }), tele(t0 + 70 * second, { heartRate: 150 })], t0 + 90 * second);
    expect(later.log).toEqual([{ at: t0 + 60 * second, raise: expect.objectContaining({ since: new Date(t0).toISOString() }) }]);
  });

  it('fires from its check when no reading comes after the minute — also after a restart', () => {
    const { log } = play(hr, params, [tele(t0, { heartRate: 130 })], t0 + 5 * minute);
    expect(log).toEqual([{ at: t0 + 60 * second, raise: { since: new Date(t0).toISOString(), heldSeconds: 60 } }]);
  });

  it('starts again when the rate drops, and ignores a 0 (no measurement)', () => {
    const readings = [
      tele(t0, { heartRate: 130 }), tele(t0 + 20 * second, { heartRate: 0 }), tele(t0 + 40 * second, { heartRate: 100 }),
      tele(t0 + 50 * second, { heartRate: 130 }), tele(t0 + 100 * second, { heartRate: 130 }),
    ];
    expect(play(hr, params, readings, t0 + 109 * second).log).toEqual([]);
    expect(play(hr, params, readings, t0 + 110 * second).log.map((h) => h.at)).toEqual([t0 + 110 * second]);
    const noBreak = [tele(t0, { heartRate: 130 }), tele(t0 + 30 * second, { heartRate: 0 })];
    expect(play(hr, params, noBreak, t0 + 60 * second).log.map((h) => h.at)).toEqual([t0 + 60 * second]);
  });

  it('clears on recovery, and removes its check when the rate drops before the minute', () => {
    const { log } = play(hr, params, [tele(t0, { heartRate: 130 }), tele(t0 + 2 * minute, { heartRate: 90 })], t0 + 3 * minute);
    expect(log).toEqual([{ at: t0 + minute, raise: expect.anything() }, { at: t0 + 2 * minute, clear: true }]);
    const first = evaluateReading(hr, params, tele(t0, { heartRate: 130 }), undefined);
    expect(first.checkAt).toEqual(new Date(t0 + minute));
    expect(evaluateReading(hr, params, tele(t0 + 10 * second, { heartRate: 80 }), first.state)).toEqual({ state: undefined, checkAt: null });
  });
});

describe('repeating: heart rate below 40 twice in a row', () => {
  const low = rule('wristband.heart_rate_low');
  const params = defaultParams(low);

  it('counts only readings in a row, skipping non-measurements', () => {
    const apart = [tele(t0, { heartRate: 35 }), tele(t0 + minute, { heartRate: 60 }), tele(t0 + 2 * minute, { heartRate: 35 })];
    expect(play(low, params, apart, t0 + hour).log).toEqual([]);
    const inRow = [tele(t0, { heartRate: 35 }), tele(t0 + minute, { heartRate: 0 }), tele(t0 + 2 * minute, { heartRate: 38 }), tele(t0 + 3 * minute, { heartRate: 36 })];
    expect(play(low, params, inRow, t0 + hour).log).toEqual([{ at: t0 + 2 * minute, raise: expect.objectContaining({ times: 2 }) }]);
  });

  it('takes a tuned count and clears when the rate recovers', () => {
    const tuned = effectiveParams(low, { household: { readings: 3 } });
    const readings = [35, 35, 35, 70].map((heartRate, i) => tele(t0 + i * minute, { heartRate }));
    expect(play(low, tuned, readings, t0 + hour).log).toEqual([{ at: t0 + 2 * minute, raise: expect.anything() }, { at: t0 + 3 * minute, clear: true }]);
  });
});

describe('threshold', () => {
  it('bin level: raises at 90 %, stays raised through 70 %, clears below 50 %, raises again', () => {
    const bin = rule('bin_level.full');
    const readings = [95, 70, 92, 40, 91].map((levelPct, i) => tele(t0 + i * hour, { levelPct }));
    expect(play(bin, defaultParams(bin), readings, t0 + 9 * hour).log.map((h) => [h.at, h.raise ? 'raise' : 'clear'])).toEqual([
      [t0, 'raise'], [t0 + 3 * hour, 'clear'], [t0 + 4 * hour, 'raise'],
    ]);
  });

  it('gas: one raise per episode of high readings, one per alarm event, and never a clear', () => {
    const gas = rule('gas.gas');
    const readings = [tele(t0, { lel: 12 }), tele(t0 + 1, { lel: 15 }), tele(t0 + 2, { lel: 2 }), tele(t0 + 3, { lel: 12 }), event(t0 + 4, 'gas_alarm'), event(t0 + 5, 'gas_alarm'), event(t0 + 6, 'alarm_clear')];
    expect(play(gas, defaultParams(gas), readings, t0 + hour).log.map((h) => (h.raise ? h.at - t0 : 'clear'))).toEqual([0, 3, 4, 5]);
  });

  it('SOS: every press is an occurrence, and nothing the device sends or the clock does clears it', () => {
    const sos = rule('sos_button.sos');
    const params = defaultParams(sos);
    let result = evaluateReading(sos, params, event(t0, 'sos'), undefined);
    expect(result.raise).toEqual({ details: { channel: 'event', reading: { ts: t0, seq: 1, type: 'sos' } } });
    const others = [event(t0 + 1, 'sos'), tele(t0 + 2, { battery: 100 }), stateMsg(t0 + 3, 'online'), event(t0 + 4, 'low_battery'), event(t0 + 5, 'tamper')];
    const outcomes: RuleOutcome[] = [];
    for (const reading of others) {
      result = evaluateReading(sos, params, reading, result.state);
      outcomes.push(result);
    }
    outcomes.push(evaluateTimer(sos, params, result.state, new Date(t0 + 48 * hour)));
    expect(outcomes[0].raise).toBeDefined();
    expect(outcomes.some((o) => o.clear)).toBe(false);
  });

  it('manhole: open or tilted raises; back flat and closed clears', () => {
    const cover = rule('manhole_cover.displaced');
    const readings = [tele(t0, { open: true }), tele(t0 + 1, { tiltDeg: 2, open: true }), tele(t0 + 2, { tiltDeg: 2 }), event(t0 + 3, 'tilt'), event(t0 + 4, 'cover_close')];
    expect(play(cover, defaultParams(cover), readings, t0 + hour).log.map((h) => [h.at - t0, h.raise ? 'raise' : 'clear'])).toEqual([
      [0, 'raise'], [2, 'clear'], [3, 'raise'], [4, 'clear'],
    ]);
  });

  it('low battery: raised by a reading or an event, cleared only once charged past 30 %', () => {
    const battery = rule('door_magnet.low_battery');
    const readings = [event(t0, 'low_battery'), tele(t0 + 1, { battery: 25 }), tele(t0 + 2, { battery: 35 }), tele(t0 + 3, { battery: 15 })];
    expect(play(battery, defaultParams(battery), readings, t0 + hour).log.map((h) => [h.at - t0, h.raise ? 'raise' : 'clear'])).toEqual([
      [0, 'raise'], [2, 'clear'], [3, 'raise'],
    ]);
  });

  it('keeps the very same state for a reading the rule does not look at', () => {
    const lamp = rule('lamp_pole.lamp_fault');
    const raised = evaluateReading(lamp, defaultParams(lamp), tele(t0, { fault: true }), undefined);
    const unrelated = evaluateReading(lamp, defaultParams(lamp), tele(t0 + 1, { powerW: 80 }), raised.state);
    expect(unrelated).toEqual({ state: raised.state });
    expect(unrelated.state).toBe(raised.state);
    expect(evaluateReading(lamp, defaultParams(lamp), event(t0 + 2, 'lamp_ok'), raised.state)).toEqual({ state: undefined, clear: true });
  });
});

describe('schedule (China time)', () => {
  const night = rule('door_magnet.door_open_night');
  const on = effectiveParams(night, { household: { enabled: true } });

  it('ships switched off, and at night only once switched on', () => {
    expect(evaluateReading(night, defaultParams(night), event(china('2026-05-04T23:00'), 'door_open'), undefined)).toEqual({ state: undefined });
    const opens = ['2026-05-04T12:00', '2026-05-04T23:00', '2026-05-05T05:59', '2026-05-05T06:00'].map((local) => event(china(local), 'door_open'));
    expect(play(night, on, opens, china('2026-05-06T00:00')).log.map((h) => h.at)).toEqual([china('2026-05-04T23:00'), china('2026-05-05T05:59')]);
    const early = effectiveParams(night, { household: { enabled: true }, device: { from: '21:00' } });
    expect(evaluateReading(night, early, event(china('2026-05-04T21:30'), 'door_open'), undefined).raise).toBeDefined();
  });

  it('on weekday nights: Friday night past midnight counts, Sunday night does not', () => {
    const weekdays: RuleDef = { ...night, schedule: { ...night.schedule!, days: 'weekdays' } };
    const opens = ['2026-05-09T02:00', '2026-05-09T23:00', '2026-05-11T02:00', '2026-05-11T23:30'].map((local) => event(china(local), 'door_open'));
    expect(play(weekdays, on, opens, china('2026-05-12T00:00')).log.map((h) => h.at)).toEqual([china('2026-05-09T02:00'), china('2026-05-11T23:30')]);
  });

  it('a duration met during the day raises when the night begins, if it still holds then', () => {
    const hr = rule('wristband.heart_rate_high');
    const nightly: RuleDef = { ...hr, schedule: { from: '22:00', to: '06:00', days: 'all' } };
    const held = play(nightly, defaultParams(hr), [tele(china('2026-05-04T12:00'), { heartRate: 130 }), tele(china('2026-05-04T12:05'), { heartRate: 130 })], china('2026-05-05T00:00'));
    expect(held.log.map((h) => h.at)).toEqual([china('2026-05-04T22:00')]);
    const ended = play(nightly, defaultParams(hr), [tele(china('2026-05-04T12:00'), { heartRate: 130 }), tele(china('2026-05-04T18:00'), { heartRate: 80 })], china('2026-05-05T00:00'));
    expect(ended.log).toEqual([]);
  });
});

describe('inactivity: door not opened for 24 h', () => {
  const door = rule('door_magnet.door_inactive');
  const params = defaultParams(door);

  it('is due 24 h after the last opening, and raises then with the last activity', () => {
    const start = evaluateReading(door, params, tele(t0, { battery: 90 }), undefined);
    expect(start.checkAt).toEqual(new Date(t0 + 24 * hour));
    const { log } = play(door, params, [event(t0 + hour, 'door_open'), tele(t0 + 2 * hour, { open: false })], t0 + 3 * 24 * hour, {}, t0);
    expect(log).toEqual([{ at: t0 + 25 * hour, raise: { lastActivityAt: new Date(t0 + hour).toISOString(), hours: 24 } }]);
  });

  it('moves its check only when the due time moves by more than half an hour, and never fires early', () => {
    const armed = startRule(door, params, new Date(t0));
    const moved = evaluateReading(door, params, event(t0 + 10 * minute, 'door_close'), armed.state);
    expect(moved.checkAt).toBeUndefined();
    expect(moved.state).toMatchObject({ lastAt: t0 + 10 * minute, dueAt: t0 + 24 * hour });
    expect(evaluateTimer(door, params, moved.state, new Date(t0 + 24 * hour))).toMatchObject({ checkAt: new Date(t0 + 24 * hour + 10 * minute) });
    expect(evaluateTimer(door, params, moved.state, new Date(t0 + 24 * hour)).raise).toBeUndefined();
    expect(evaluateReading(door, params, event(t0 + hour, 'door_open'), armed.state).checkAt).toEqual(new Date(t0 + 25 * hour));
  });

  it('clears when the door opens again, and watches afresh', () => {
    const { log, due } = play(door, params, [event(t0 + 30 * hour, 'door_open')], t0 + 40 * hour, {}, t0);
    expect(log.map((h) => [h.at, h.raise ? 'raise' : 'clear'])).toEqual([[t0 + 24 * hour, 'raise'], [t0 + 30 * hour, 'clear']]);
    expect(due).toBe(t0 + 54 * hour);
  });

  it('takes the household tuning', () => {
    const tuned = effectiveParams(door, { community: { hours: 36 }, household: { hours: 12 } });
    expect(play(door, tuned, [], t0 + 24 * hour, {}, t0).log.map((h) => h.at)).toEqual([t0 + 12 * hour]);
  });

  it('stays quiet while the household is away, and gives the elder 24 h after coming back', () => {
    const awayUntil = chinaDateEnd('2026-05-06');
    const { log } = play(door, params, [], awayUntil.getTime() + 48 * hour, { awayUntil }, t0);
    expect(log.map((h) => h.at)).toEqual([awayUntil.getTime() + 24 * hour]);
    // A door opened while away (a visit) re-arms the check earlier, so that ending the away early leaves no gap.
    const waiting = evaluateTimer(door, params, startRule(door, params, new Date(t0)).state, new Date(t0 + 24 * hour), { awayUntil });
    expect(waiting.checkAt).toEqual(new Date(awayUntil.getTime() + 24 * hour));
    const visited = evaluateReading(door, params, event(t0 + 30 * hour, 'door_open'), waiting.state);
    expect(visited.checkAt).toEqual(new Date(t0 + 54 * hour));
    expect(evaluateTimer(door, params, visited.state, new Date(t0 + 54 * hour)).raise).toBeDefined();
    const offline = rule('door_magnet.offline');
    expect(play(offline, defaultParams(offline), [], t0 + 3 * hour, { awayUntil }, t0).log.map((h) => h.at)).toEqual([t0 + 2 * hour]);
  });
});

describe('device offline', () => {
  it('care devices after 2 h of silence, others after 24 h; a last will is no sign of life', () => {
    const sos = rule('sos_button.offline');
    const { log } = play(sos, defaultParams(sos), [tele(t0, {}), stateMsg(t0 + hour, 'lost'), stateMsg(t0 + 5 * hour, 'online')], t0 + 6 * hour);
    expect(log.map((h) => [h.at, h.raise ? 'raise' : 'clear'])).toEqual([[t0 + 2 * hour, 'raise'], [t0 + 5 * hour, 'clear']]);
    const lamp = rule('lamp_pole.offline');
    expect(play(lamp, defaultParams(lamp), [event(t0, 'lamp_ok')], t0 + 30 * hour).log.map((h) => h.at)).toEqual([t0 + 24 * hour]);
  });

  it('keeps no state or check once switched off', () => {
    const sos = rule('sos_button.offline');
    const armed = startRule(sos, defaultParams(sos), new Date(t0));
    const off = effectiveParams(sos, { device: { enabled: false } });
    expect(evaluateReading(sos, off, tele(t0 + 1, {}), armed.state)).toEqual({ state: undefined, checkAt: null });
    expect(evaluateTimer(sos, off, armed.state, new Date(t0 + 2 * hour))).toEqual({ state: undefined, checkAt: null });
  });
});

describe('water used below 10 L in 24 h', () => {
  const water = rule('water_meter.water_low');
  const params = defaultParams(water);
  /** The meter reports hourly: 5 L an hour for the first day, then nothing, then 20 L at hour 52. */
  const readings = Array.from({ length: 60 }, (_, h) => tele(t0 + h * hour, { litres: 1000 + 5 * Math.min(h, 24) + (h >= 52 ? 20 : 0) }));

  it('raises a day after use stops — not before the window really holds under 10 L — and clears when water runs again', () => {
    const { log } = play(water, params, readings, t0 + 60 * hour);
    expect(log).toHaveLength(2);
    const [raised, cleared] = log;
    // The last 10 L ran between hours 22 and 24: the window holds less from hour 47 on.
    expect(raised.at).toBeGreaterThanOrEqual(t0 + 47 * hour);
    expect(raised.at).toBeLessThanOrEqual(t0 + 48 * hour);
    expect(raised.raise).toMatchObject({ litres: 10, hours: 24 });
    expect(raised.raise!.litresUsed as number).toBeLessThan(10);
    expect(cleared).toEqual({ at: t0 + 52 * hour, clear: true });
  });

  it('stays quiet for a household that uses water every day, and while it is away', () => {
    const daily = Array.from({ length: 72 }, (_, h) => tele(t0 + h * hour, { litres: 1000 + 2 * h }));
    expect(play(water, params, daily, t0 + 72 * hour).log).toEqual([]);
    const awayUntil = new Date(t0 + 80 * hour);
    expect(play(water, params, readings.slice(0, 50), t0 + 80 * hour, { awayUntil }).log).toEqual([]);
  });
});

describe('channels a rule heeds', () => {
  /** Readings of every channel, with the fields of every kind at values that would hold or break a condition. */
  const fields = { battery: 5, levelPct: 99, heartRate: 0, obscuration: 50, lel: 50, fault: true, open: true, litres: 1, flowLpm: 30 };
  const samples = [tele(t0, fields), tele(t0, { ...fields, battery: 90, levelPct: 1, fault: false }), stateMsg(t0, 'lost'), stateMsg(t0, 'online'),
    ...['sos', 'fall', 'door_open', 'leak', 'smoke_alarm', 'gas_alarm', 'overflow', 'tamper', 'fault', 'low_battery'].map((type) => event(t0, type))];
  /** States as rules keep them (an empty one is kept as none). */
  const states: (RuleState | undefined)[] = [undefined, { active: true }, { count: 2, since: t0 - hour, lastAt: t0 - hour, dueAt: t0 + hour }, { active: true, since: t0 - hour, count: 3 }];

  it('leaves the state as it was, raising and clearing nothing, on every reading of a channel it does not heed', () => {
    let skipped = 0;
    for (const r of defaultRules) {
      const params = defaultParams(r);
      for (const reading of samples.filter((s) => !heeds(r, params, s.channel))) {
        for (const state of states) {
          expect(evaluateReading(r, params, reading, state), `${r.code} on ${reading.channel}`).toEqual({ state });
          skipped++;
        }
      }
    }
    // Most rules ignore most channels: the check above is not empty.
    expect(skipped).toBeGreaterThan(defaultRules.length * states.length);
  });

  it('heeds every channel while switched off (the evaluation forgets the state), and any for an inactivity watch', () => {
    const sos = rule('sos_button.sos');
    expect(heeds(sos, defaultParams(sos), 'telemetry')).toBe(false);
    expect(heeds(sos, { ...defaultParams(sos), enabled: false }, 'telemetry')).toBe(true);
    const offline = rule('sos_button.offline');
    for (const channel of channels) expect(heeds(offline, defaultParams(offline), channel)).toBe(true);
  });
});
