/**
 * The device kinds Linli understands and the compact JSON each one sends on its three channels:
 * telemetry (QoS 0, readings), event (QoS 1, things that happened) and state (retained, online/lost).
 *
 * Payload conventions, for device makers:
 * - `ts` is the device's clock in epoch milliseconds. Epoch seconds are accepted too (told apart by
 *   size), and an unset or wrong clock never loses a message: `deviceTime` falls back to the time
 *   Linli received it and says so.
 * - `seq` is the device's sequence number (an integer ≥ 0), required on events: a redelivered event
 *   with a seen `seq` is a duplicate.
 * - `battery` is percent (0–100); `signal` is the radio's received power in dBm (−150–0, e.g. NB-IoT RSRP).
 * - Fields a kind does not list are allowed (firmware adds fields over versions) and kept; the fields
 *   listed are type- and range-checked. Event types are not open-ended: an unknown type means the
 *   device is registered as the wrong kind or runs firmware Linli does not know, which the console
 *   should show rather than hide.
 */
import { Type, type TProperties, type TSchema } from 'typebox';
import { Compile, type Validator } from 'typebox/compile';

export const deviceKinds = [
  'sos_button', 'wristband', 'door_magnet', 'water_meter', 'smoke', 'gas',
  'manhole_cover', 'bin_level', 'lift_ebike_camera', 'high_throw_camera', 'lamp_pole',
] as const;
export type DeviceKind = (typeof deviceKinds)[number];

export const channels = ['telemetry', 'event', 'state'] as const;
export type Channel = (typeof channels)[number];

export interface Label {
  zh: string;
  en: string;
}

/** What happened, as a device reports it; the labels are for the console and the alarm timeline. */
export const eventTypes = {
  sos: { zh: '一键呼救', en: 'SOS' },
  fall: { zh: '跌倒', en: 'Fall' },
  door_open: { zh: '开门', en: 'Door opened' },
  door_close: { zh: '关门', en: 'Door closed' },
  leak: { zh: '疑似漏水（持续流水）', en: 'Suspected leak (continuous flow)' },
  smoke_alarm: { zh: '烟雾报警', en: 'Smoke alarm' },
  gas_alarm: { zh: '燃气泄漏报警', en: 'Gas alarm' },
  alarm_clear: { zh: '报警解除', en: 'Alarm over' },
  tilt: { zh: '井盖倾斜', en: 'Cover tilted' },
  cover_open: { zh: '井盖打开', en: 'Cover opened' },
  cover_close: { zh: '井盖复位', en: 'Cover closed' },
  overflow: { zh: '满溢', en: 'Overflowing' },
  ebike_detected: { zh: '电动车进电梯', en: 'E-bike taken into the lift' },
  object_thrown: { zh: '高空抛物', en: 'Object thrown from height' },
  lamp_fault: { zh: '路灯故障', en: 'Lamp fault' },
  lamp_ok: { zh: '路灯恢复', en: 'Lamp working again' },
  low_battery: { zh: '电量低', en: 'Low battery' },
  tamper: { zh: '防拆报警', en: 'Tampering' },
  fault: { zh: '设备故障', en: 'Device fault' },
} as const satisfies Record<string, Label>;
export type EventType = keyof typeof eventTypes;

export interface KindSpec {
  name: Label;
  /** Installed for an elder living alone (关爱对象): shown on the care card, watched more closely. */
  care: boolean;
  /** Runs on a battery, so it reports `battery` and gets a low-battery rule. */
  battery: boolean;
  /** The readings this kind sends on telemetry, besides ts, seq, battery and signal. */
  readings: TProperties;
  events: readonly EventType[];
  /** Optional fields some of its events carry. */
  eventFields?: TProperties;
}

const opt = Type.Optional;
const percent = Type.Number({ minimum: 0, maximum: 100 });
const snapshot = opt(Type.String({ maxLength: 500, description: 'URL of the camera frame' }));
const confidence = opt(Type.Number({ minimum: 0, maximum: 1 }));

/** The catalogue. Readings are named with their unit where the name alone would not say it. */
export const kinds: Record<DeviceKind, KindSpec> = {
  sos_button: {
    name: { zh: '一键呼救按钮', en: 'SOS button' }, care: true, battery: true,
    readings: {},
    events: ['sos', 'low_battery', 'tamper'],
  },
  wristband: {
    name: { zh: '智能手环', en: 'Wristband' }, care: true, battery: true,
    readings: {
      // 0 means no measurement (the band is off the wrist).
      heartRate: opt(Type.Integer({ minimum: 0, maximum: 250, description: 'beats per minute' })),
      spo2: opt(percent),
      steps: opt(Type.Integer({ minimum: 0, description: 'steps today' })),
    },
    events: ['sos', 'fall', 'low_battery'],
    eventFields: { confidence },
  },
  door_magnet: {
    name: { zh: '关爱门磁', en: 'Door sensor' }, care: true, battery: true,
    readings: { open: opt(Type.Boolean()) },
    events: ['door_open', 'door_close', 'low_battery', 'tamper'],
  },
  water_meter: {
    name: { zh: '智能水表', en: 'Smart water meter' }, care: true, battery: true,
    readings: {
      // The meter's register (cumulative), not an increment: a lost QoS 0 reading then loses nothing,
      // and the use in any window is the difference of two readings.
      litres: opt(Type.Number({ minimum: 0, description: 'meter register, litres since installation' })),
      flowLpm: opt(Type.Number({ minimum: 0, description: 'current flow, litres per minute' })),
    },
    events: ['leak', 'low_battery', 'tamper'],
  },
  smoke: {
    name: { zh: '烟雾报警器', en: 'Smoke alarm' }, care: false, battery: true,
    readings: {
      obscuration: opt(Type.Number({ minimum: 0, maximum: 100, description: 'smoke obscuration, % per metre' })),
      temperatureC: opt(Type.Number({ minimum: -40, maximum: 150 })),
    },
    events: ['smoke_alarm', 'alarm_clear', 'fault', 'low_battery', 'tamper'],
  },
  gas: {
    // Household combustible-gas detectors measure % of the lower explosive limit (GB 15322.2).
    name: { zh: '燃气报警器', en: 'Gas alarm' }, care: false, battery: false,
    readings: { lel: opt(Type.Number({ minimum: 0, maximum: 100, description: '% of the lower explosive limit' })) },
    events: ['gas_alarm', 'alarm_clear', 'fault'],
  },
  manhole_cover: {
    name: { zh: '智能井盖', en: 'Manhole cover sensor' }, care: false, battery: true,
    readings: {
      tiltDeg: opt(Type.Number({ minimum: 0, maximum: 180 })),
      open: opt(Type.Boolean()),
    },
    events: ['tilt', 'cover_open', 'cover_close', 'low_battery'],
    eventFields: { tiltDeg: opt(Type.Number({ minimum: 0, maximum: 180 })) },
  },
  bin_level: {
    name: { zh: '垃圾桶满溢监测', en: 'Bin fill sensor' }, care: false, battery: true,
    readings: { levelPct: opt(percent) },
    events: ['overflow', 'low_battery'],
  },
  lift_ebike_camera: {
    name: { zh: '电梯电动车识别摄像头', en: 'Lift e-bike camera' }, care: false, battery: false,
    readings: {},
    events: ['ebike_detected', 'fault'],
    eventFields: { snapshot, confidence },
  },
  high_throw_camera: {
    name: { zh: '高空抛物监测摄像头', en: 'Thrown-object camera' }, care: false, battery: false,
    readings: {},
    events: ['object_thrown', 'fault'],
    eventFields: { snapshot, confidence, floor: opt(Type.Integer({ minimum: -5, maximum: 200, description: 'estimated floor' })) },
  },
  lamp_pole: {
    name: { zh: '智慧灯杆', en: 'Smart lamp pole' }, care: false, battery: false,
    readings: {
      lampOn: opt(Type.Boolean()),
      powerW: opt(Type.Number({ minimum: 0 })),
      fault: opt(Type.Boolean()),
    },
    events: ['lamp_fault', 'lamp_ok', 'fault'],
    eventFields: { code: opt(Type.String({ maxLength: 40, description: "the maker's fault code" })) },
  },
};

export function isDeviceKind(kind: string): kind is DeviceKind {
  return Object.hasOwn(kinds, kind);
}

const ts = Type.Number({ minimum: 0, description: 'device clock, epoch milliseconds (seconds accepted)' });
const seq = Type.Integer({ minimum: 0, description: "the device's sequence number" });
const common = {
  battery: opt(Type.Integer({ minimum: 0, maximum: 100 })),
  signal: opt(Type.Integer({ minimum: -150, maximum: 0, description: 'dBm' })),
};

/** The payload schema of one kind on one channel. */
export function payloadSchema(kind: DeviceKind, channel: Channel): TSchema {
  const spec = kinds[kind];
  switch (channel) {
    case 'telemetry':
      return Type.Object({ ts, seq: opt(seq), ...common, ...spec.readings });
    case 'event':
      return Type.Object({ ts, seq, type: Type.Enum([...spec.events]), ...common, ...spec.eventFields });
    case 'state':
      return Type.Object({ state: Type.Enum(['online', 'lost']), ts: opt(ts) });
  }
}

export interface TelemetryPayload extends Record<string, unknown> {
  ts: number;
  seq?: number;
  battery?: number;
  signal?: number;
}
export interface EventPayload extends Record<string, unknown> {
  ts: number;
  seq: number;
  type: EventType;
  battery?: number;
  signal?: number;
}
export interface StatePayload extends Record<string, unknown> {
  state: 'online' | 'lost';
  ts?: number;
}
export interface PayloadOf {
  telemetry: TelemetryPayload;
  event: EventPayload;
  state: StatePayload;
}

/** A valid payload; `text` is the JSON it was parsed from, when it came as bytes (kept so that it need not be serialised again). */
export type PayloadResult<C extends Channel> = { ok: true; value: PayloadOf[C]; text?: string } | { ok: false; errors: string[] };

// Compiled on first use, once per kind × channel: validation runs for every message.
const validators = new Map<DeviceKind, Map<Channel, Validator>>();

function validatorFor(kind: DeviceKind, channel: Channel): Validator {
  let ofKind = validators.get(kind);
  if (!ofKind) validators.set(kind, (ofKind = new Map()));
  let validator = ofKind.get(channel);
  if (!validator) {
    validator = Compile(payloadSchema(kind, channel));
    ofKind.set(channel, validator);
  }
  return validator;
}

/** Enough errors to fix a firmware, few enough to keep in the device's last-malformed column. */
const maxErrors = 5;

// A NUL, or half of a surrogate pair: JSON may carry either as an escape, and PostgreSQL stores neither.
const unstorable = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
const unstorableError = '/ holds a NUL character or a lone surrogate, which cannot be stored';

/** Whether a parsed payload holds a string (or key) PostgreSQL cannot store. */
function holdsUnstorableText(json: unknown): boolean {
  if (typeof json === 'string') return unstorable.test(json);
  if (typeof json !== 'object' || json === null) return false;
  if (Array.isArray(json)) return json.some(holdsUnstorableText);
  return Object.entries(json).some(([key, value]) => unstorable.test(key) || holdsUnstorableText(value));
}

function checkPayload<C extends Channel>(kind: DeviceKind, channel: C, json: unknown, mayHoldUnstorable: boolean): PayloadResult<C> {
  const validator = validatorFor(kind, channel);
  if (validator.Check(json)) {
    // One device's NUL would otherwise fail the statement that writes a whole batch of other devices' readings.
    return mayHoldUnstorable && holdsUnstorableText(json) ? { ok: false, errors: [unstorableError] } : { ok: true, value: json as PayloadOf[C] };
  }
  const errors = validator.Errors(json).slice(0, maxErrors).map((error) => {
    const allowed = error.keyword === 'enum' ? `: ${(error.params as { allowedValues: unknown[] }).allowedValues.join(', ')}` : '';
    return `${error.instancePath || '/'} ${error.message}${allowed}`;
  });
  return { ok: false, errors };
}

/**
 * Checks a parsed payload against its kind's schema for the channel. The value is returned as is
 * (extra fields kept); errors are short English lines such as `/heartRate must be <= 250`, for the
 * log and the console, meant for the device's maker.
 */
export function validatePayload<C extends Channel>(kind: DeviceKind, channel: C, json: unknown): PayloadResult<C> {
  return checkPayload(kind, channel, json, true);
}

/** Parses the bytes of an MQTT or HTTP message as JSON and validates them; bad JSON is one more error. */
export function decodePayload<C extends Channel>(kind: DeviceKind, channel: C, bytes: Buffer | string): PayloadResult<C> {
  const text = typeof bytes === 'string' ? bytes : bytes.toString('utf8');
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { ok: false, errors: ['payload is not JSON'] };
  }
  // Valid UTF-8 holds neither a NUL in a JSON string nor a surrogate: only a \u escape can bring one in.
  const result = checkPayload(kind, channel, json, text.includes('\\u'));
  if (result.ok) result.text = text;
  return result;
}

/** Before this a device clock is unset (many start at 1970 or at their firmware's build date). */
const earliestPlausible = Date.UTC(2020, 0, 1);
/** A device clock this far ahead of Linli's is wrong, not early. */
const maxAhead = 5 * 60_000;
/** Below this a timestamp is in seconds: 1e11 s is the year 5138, 1e11 ms is 1973. */
const secondsBelow = 1e11;

/**
 * When a reading happened: the device's `ts` when its clock is plausible (not before 2020 and not
 * more than five minutes ahead of `receivedAt`), else the time it was received — flagged, so that
 * ingest can count devices with a wrong clock. Events buffered while offline keep their own time.
 */
export function deviceTime(payloadTs: number | undefined, receivedAt: Date): { at: Date; clockWrong: boolean } {
  if (payloadTs === undefined) return { at: receivedAt, clockWrong: false };
  const ms = payloadTs < secondsBelow ? payloadTs * 1000 : payloadTs;
  if (ms < earliestPlausible || ms > receivedAt.getTime() + maxAhead) return { at: receivedAt, clockWrong: true };
  return { at: new Date(Math.round(ms)), clockWrong: false };
}
