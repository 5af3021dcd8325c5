/**
 * The rules every device kind ships with, and their community defaults. A community tunes the
 * parameters (per household, per device); the conditions themselves are reviewed here.
 *
 * Choices worth knowing:
 * - SOS, fall, gas and smoke never clear by themselves: a leak that has dispersed or a fall the elder
 *   got up from still needs someone to look. Camera events (e-bike in a lift, thrown object) are
 *   incidents, so they have nothing to recover from either.
 * - 高空抛物 is a public-safety hazard handled by property and police, not an emergency call: major.
 * - A low heart rate needs two readings in a row (a loose band reads low once); a high one must hold
 *   for a minute (climbing stairs is not an alarm). A heart rate of 0 is no measurement.
 * - Every rule has `enabled`; the night-time door rule (for elders with dementia) ships switched off.
 */
import { kinds, type DeviceKind, type EventType } from './kinds.ts';
import type { Match, ParamSpec, Ref, RuleDef, Test } from './rules.ts';

type Entry = Omit<RuleDef, 'code' | 'kind' | 'params'> & { params?: Record<string, ParamSpec>; off?: boolean };

const p = (param: string): Ref => ({ param });
const event = (...types: EventType[]): Match => ({ channel: 'event', types });
const telemetry = (...tests: Test[]): Match => ({ channel: 'telemetry', tests });
const number = (value: number, min: number, max: number, unit: string): ParamSpec => ({ type: 'number', default: value, min, max, unit });
const whole = (value: number, min: number, max: number, unit?: string): ParamSpec => ({ type: 'number', default: value, min, max, unit, integer: true });
const time = (value: string): ParamSpec => ({ type: 'time', default: value });
const measured: Test = { field: 'heartRate', op: '>', value: 0 };

function define(kind: DeviceKind, name: string, { off, params, ...entry }: Entry): RuleDef {
  return { code: `${kind}.${name}`, kind, ...entry, params: { enabled: { type: 'boolean', default: !off }, ...params } };
}

const sos: Entry = {
  alarmType: 'sos', name: { zh: '一键呼救', en: 'SOS call' }, severity: 'critical', ticketCategory: 'elder_help',
  condition: { type: 'threshold', when: [event('sos')] }, clear: 'never',
};

const perKind: Record<DeviceKind, Record<string, Entry>> = {
  sos_button: { sos },
  wristband: {
    sos,
    fall: {
      alarmType: 'fall', name: { zh: '跌倒', en: 'Fall' }, severity: 'critical', ticketCategory: 'elder_help',
      condition: { type: 'threshold', when: [event('fall')] }, clear: 'never',
    },
    heart_rate_high: {
      alarmType: 'heart_rate_high', name: { zh: '心率过高', en: 'Heart rate too high' }, severity: 'major', ticketCategory: 'elder_help',
      condition: { type: 'duration', when: [{ channel: 'telemetry', where: [measured], tests: [{ field: 'heartRate', op: '>', value: p('above') }] }], seconds: p('seconds') },
      params: { above: whole(120, 80, 220, 'bpm'), seconds: whole(60, 10, 3600, 's') }, clear: 'recovery',
    },
    heart_rate_low: {
      alarmType: 'heart_rate_low', name: { zh: '心率过低', en: 'Heart rate too low' }, severity: 'major', ticketCategory: 'elder_help',
      condition: { type: 'repeating', when: [{ channel: 'telemetry', where: [measured], tests: [{ field: 'heartRate', op: '<', value: p('below') }] }], times: p('readings') },
      params: { below: whole(40, 20, 80, 'bpm'), readings: whole(2, 1, 10) }, clear: 'recovery',
    },
  },
  door_magnet: {
    door_inactive: {
      alarmType: 'door_inactive', name: { zh: '长时间未开门', en: 'Door not opened' }, severity: 'major', ticketCategory: 'elder_help',
      condition: { type: 'inactivity', activity: [event('door_open', 'door_close')], hours: p('hours') },
      params: { hours: number(24, 1, 168, 'h') }, clear: 'recovery', awaySuppresses: true,
    },
    door_open_night: {
      alarmType: 'door_open_night', name: { zh: '夜间开门', en: 'Door opened at night' }, severity: 'major', ticketCategory: 'elder_help',
      condition: { type: 'threshold', when: [event('door_open')] }, schedule: { from: p('from'), to: p('to'), days: 'all' },
      params: { from: time('22:00'), to: time('06:00') }, clear: 'never', off: true,
    },
  },
  water_meter: {
    water_low: {
      alarmType: 'water_low', name: { zh: '用水量异常偏低', en: 'Too little water used' }, severity: 'major', ticketCategory: 'elder_help',
      condition: { type: 'usage_below', field: 'litres', amount: p('litres'), hours: p('hours') },
      params: { litres: number(10, 1, 1000, 'L'), hours: number(24, 1, 168, 'h') }, clear: 'recovery', awaySuppresses: true,
    },
    leak: {
      alarmType: 'water_leak', name: { zh: '疑似漏水', en: 'Suspected water leak' }, severity: 'major', ticketCategory: 'water_power',
      condition: { type: 'threshold', when: [event('leak')] }, clear: 'never',
    },
  },
  smoke: {
    smoke: {
      alarmType: 'smoke', name: { zh: '烟雾报警', en: 'Smoke' }, severity: 'critical', ticketCategory: 'gas_smoke',
      condition: { type: 'threshold', when: [event('smoke_alarm'), telemetry({ field: 'obscuration', op: '>=', value: p('obscuration') })] },
      params: { obscuration: number(4, 0.5, 20, '%/m') }, clear: 'never',
    },
  },
  gas: {
    gas: {
      alarmType: 'gas', name: { zh: '燃气泄漏', en: 'Gas leak' }, severity: 'critical', ticketCategory: 'gas_smoke',
      condition: { type: 'threshold', when: [event('gas_alarm'), telemetry({ field: 'lel', op: '>=', value: p('lel') })] },
      params: { lel: number(10, 3, 25, '%LEL') }, clear: 'never',
    },
  },
  manhole_cover: {
    displaced: {
      alarmType: 'manhole_displaced', name: { zh: '井盖倾斜或打开', en: 'Manhole cover tilted or open' }, severity: 'major', ticketCategory: 'safety_hazard',
      condition: {
        type: 'threshold',
        when: [event('tilt', 'cover_open'), telemetry({ field: 'tiltDeg', op: '>', value: p('tiltDeg') }), telemetry({ field: 'open', op: '==', value: true })],
      },
      params: { tiltDeg: number(15, 3, 90, '°'), flatBelow: number(5, 0, 45, '°') },
      clear: [event('cover_close'), telemetry({ field: 'tiltDeg', op: '<', value: p('flatBelow') })],
    },
  },
  bin_level: {
    full: {
      alarmType: 'bin_full', name: { zh: '垃圾桶满溢', en: 'Bin full' }, severity: 'minor', ticketCategory: 'environment',
      condition: { type: 'threshold', when: [telemetry({ field: 'levelPct', op: '>=', value: p('full') }), event('overflow')] },
      params: { full: number(90, 50, 100, '%'), emptyBelow: number(50, 0, 90, '%') },
      clear: [telemetry({ field: 'levelPct', op: '<', value: p('emptyBelow') })],
    },
  },
  lift_ebike_camera: {
    ebike: {
      alarmType: 'ebike_in_lift', name: { zh: '电动车进电梯', en: 'E-bike in a lift' }, severity: 'major', ticketCategory: 'safety_hazard',
      condition: { type: 'threshold', when: [event('ebike_detected')] }, clear: 'never',
    },
  },
  high_throw_camera: {
    object_thrown: {
      alarmType: 'object_thrown', name: { zh: '高空抛物', en: 'Object thrown from height' }, severity: 'major', ticketCategory: 'safety_hazard',
      condition: { type: 'threshold', when: [event('object_thrown')] }, clear: 'never',
    },
  },
  lamp_pole: {
    lamp_fault: {
      alarmType: 'lamp_fault', name: { zh: '路灯故障', en: 'Lamp fault' }, severity: 'minor', ticketCategory: 'public_facility',
      condition: { type: 'threshold', when: [event('lamp_fault'), telemetry({ field: 'fault', op: '==', value: true })] },
      clear: [event('lamp_ok'), telemetry({ field: 'fault', op: '==', value: false })],
    },
  },
};

/** Any sign of life: a reading, an event, or the broker saying the device connected. */
const anyContact: Match[] = [{ channel: 'telemetry' }, { channel: 'event' }, { channel: 'state', tests: [{ field: 'state', op: '==', value: 'online' }] }];

/** The device-health rules every kind gets, as far as it has a battery, a tamper switch or self-test. */
function healthRules(kind: DeviceKind): Record<string, Entry> {
  const spec = kinds[kind];
  const rules: Record<string, Entry> = {
    offline: {
      // Care devices are watched closely: a silent wristband may be an elder without help.
      alarmType: 'device_offline', name: { zh: '设备离线', en: 'Device offline' }, severity: 'minor',
      condition: { type: 'inactivity', activity: anyContact, hours: p('hours') },
      params: { hours: number(spec.care ? 2 : 24, 0.25, 720, 'h') }, clear: 'recovery',
    },
  };
  if (spec.battery) {
    rules.low_battery = {
      alarmType: 'low_battery', name: { zh: '电量低', en: 'Low battery' }, severity: 'warning',
      condition: { type: 'threshold', when: [telemetry({ field: 'battery', op: '<', value: p('below') }), event('low_battery')] },
      params: { below: whole(20, 1, 90, '%'), chargedAt: whole(30, 1, 100, '%') },
      clear: [telemetry({ field: 'battery', op: '>=', value: p('chargedAt') })],
    };
  }
  if (spec.events.includes('tamper')) {
    rules.tamper = {
      alarmType: 'tamper', name: { zh: '设备被拆动', en: 'Device tampered with' }, severity: 'minor',
      condition: { type: 'threshold', when: [event('tamper')] }, clear: 'never',
    };
  }
  if (spec.events.includes('fault')) {
    rules.fault = {
      alarmType: 'device_fault', name: { zh: '设备故障', en: 'Device fault' }, severity: 'minor',
      condition: { type: 'threshold', when: [event('fault')] }, clear: 'never',
    };
  }
  return rules;
}

function buildRules(): Map<DeviceKind, readonly RuleDef[]> {
  const byKind = new Map<DeviceKind, readonly RuleDef[]>();
  for (const kind of Object.keys(perKind) as DeviceKind[]) {
    const entries = { ...perKind[kind], ...healthRules(kind) };
    byKind.set(kind, Object.entries(entries).map(([name, entry]) => define(kind, name, entry)));
  }
  return byKind;
}

const rulesByKind = buildRules();
const rulesByCode = new Map([...rulesByKind.values()].flat().map((rule) => [rule.code, rule]));

/** Every default rule, kind by kind. Codes are `kind.name`, e.g. `door_magnet.door_inactive`. */
export const defaultRules: readonly RuleDef[] = [...rulesByCode.values()];

/** The rules a device of this kind is watched by. */
export function rulesForKind(kind: DeviceKind): readonly RuleDef[] {
  return rulesByKind.get(kind) ?? [];
}

export function ruleByCode(code: string): RuleDef | undefined {
  return rulesByCode.get(code);
}
