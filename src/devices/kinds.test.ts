import { describe, expect, it } from 'vitest';
import { decodePayload, deviceKinds, deviceTime, kinds, validatePayload, type DeviceKind } from './kinds.ts';

const ts = Date.parse('2026-05-04T08:00:00Z');

/** A reading each kind really sends, and one a broken firmware might. */
const samples: Record<DeviceKind, { good: Record<string, unknown>; bad: Record<string, unknown>; badPath: string }> = {
  sos_button: { good: { battery: 88, signal: -95 }, bad: { battery: 130 }, badPath: '/battery' },
  wristband: { good: { heartRate: 72, spo2: 97, steps: 1200 }, bad: { heartRate: '72' }, badPath: '/heartRate' },
  door_magnet: { good: { open: false }, bad: { open: 'closed' }, badPath: '/open' },
  water_meter: { good: { litres: 12345.6, flowLpm: 0 }, bad: { litres: -1 }, badPath: '/litres' },
  smoke: { good: { obscuration: 0.2, temperatureC: 24 }, bad: { obscuration: 140 }, badPath: '/obscuration' },
  gas: { good: { lel: 0 }, bad: { lel: 'high' }, badPath: '/lel' },
  manhole_cover: { good: { tiltDeg: 1.5, open: false }, bad: { tiltDeg: 200 }, badPath: '/tiltDeg' },
  bin_level: { good: { levelPct: 64 }, bad: { levelPct: 101 }, badPath: '/levelPct' },
  lift_ebike_camera: { good: {}, bad: { signal: 5 }, badPath: '/signal' },
  high_throw_camera: { good: {}, bad: { seq: -1 }, badPath: '/seq' },
  lamp_pole: { good: { lampOn: true, powerW: 80, fault: false }, bad: { fault: 1 }, badPath: '/fault' },
};

describe('payload validation, kind by kind', () => {
  it.each(deviceKinds)('%s: good telemetry, every event type and both states pass; a wrong reading fails at its field', (kind) => {
    const { good, bad, badPath } = samples[kind];
    expect(validatePayload(kind, 'telemetry', { ts, seq: 1, ...good })).toEqual({ ok: true, value: { ts, seq: 1, ...good } });
    for (const type of kinds[kind].events) expect(validatePayload(kind, 'event', { ts, seq: 7, type }).ok).toBe(true);
    expect(validatePayload(kind, 'state', { state: 'lost' }).ok).toBe(true);
    expect(validatePayload(kind, 'state', { state: 'online', ts }).ok).toBe(true);

    const result = validatePayload(kind, 'telemetry', { ts, ...bad });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.errors[0]).toMatch(new RegExp(`^${badPath} `));
  });

  it('refuses an event type the kind does not send, naming the ones it does', () => {
    const result = validatePayload('door_magnet', 'event', { ts, seq: 3, type: 'gas_alarm' });
    expect(result).toEqual({ ok: false, errors: ['/type must be equal to one of the allowed values: door_open, door_close, low_battery, tamper'] });
  });

  it('needs a sequence number and a timestamp on events, and a known state', () => {
    const event = validatePayload('sos_button', 'event', { type: 'sos' });
    expect(event.ok).toBe(false);
    if (!event.ok) expect(event.errors.join()).toMatch(/ts.*seq|seq.*ts/);
    expect(validatePayload('sos_button', 'event', { ts, seq: 1.5, type: 'sos' }).ok).toBe(false);
    expect(validatePayload('sos_button', 'state', { state: 'sleeping' }).ok).toBe(false);
    expect(validatePayload('sos_button', 'telemetry', [ts]).ok).toBe(false);
  });

  it('keeps fields a newer firmware adds, while still checking the known ones', () => {
    const value = { ts, heartRate: 80, bodyTempC: 36.6, firmware: '2.1.0' };
    expect(validatePayload('wristband', 'telemetry', value)).toEqual({ ok: true, value });
    expect(validatePayload('wristband', 'telemetry', { ...value, heartRate: 400 }).ok).toBe(false);
  });

  it('checks the optional fields an event carries', () => {
    expect(validatePayload('high_throw_camera', 'event', { ts, seq: 1, type: 'object_thrown', floor: 12, snapshot: 'https://x/1.jpg' }).ok).toBe(true);
    expect(validatePayload('high_throw_camera', 'event', { ts, seq: 1, type: 'object_thrown', floor: 'twelve' }).ok).toBe(false);
  });

  it('keeps the error list short', () => {
    const result = validatePayload('lamp_pole', 'telemetry', { ts: -1, seq: -1, battery: -1, signal: 9, lampOn: 1, powerW: -1, fault: 2 });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.errors).toHaveLength(5);
  });

  it('reports bytes that are not JSON as malformed', () => {
    expect(decodePayload('gas', 'event', Buffer.from('{"ts":'))).toEqual({ ok: false, errors: ['payload is not JSON'] });
  });

  it('keeps the JSON a valid payload came as, and refuses text PostgreSQL cannot store, whether it came as bytes or parsed', () => {
    const text = JSON.stringify({ ts, seq: 9, type: 'gas_alarm', note: '煤气 😀' });
    expect(decodePayload('gas', 'event', Buffer.from(text))).toEqual({ ok: true, value: JSON.parse(text), text });
    for (const bad of [{ note: '\u0000' }, { note: 'a\ud800b' }, { ['\udc00']: 1 }, { list: [{ deep: 'x\u0000' }] }]) {
      const value = { ts, seq: 9, type: 'gas_alarm', ...bad };
      expect(validatePayload('gas', 'event', value).ok, JSON.stringify(bad)).toBe(false);
      expect(decodePayload('gas', 'event', Buffer.from(JSON.stringify(value))).ok, JSON.stringify(bad)).toBe(false);
    }
  });
});

describe('device time', () => {
  const received = new Date('2026-05-04T08:00:10Z');

  it('takes the device clock in milliseconds or seconds', () => {
    expect(deviceTime(ts, received)).toEqual({ at: new Date(ts), clockWrong: false });
    expect(deviceTime(ts / 1000, received)).toEqual({ at: new Date(ts), clockWrong: false });
    expect(deviceTime(ts / 1000 + 0.25, received).at.getTime()).toBe(ts + 250);
  });

  it('keeps the time of an event buffered while the device was offline', () => {
    const yesterday = ts - 86_400_000;
    expect(deviceTime(yesterday, received)).toEqual({ at: new Date(yesterday), clockWrong: false });
  });

  it('falls back to the receipt time for an unset or runaway clock, and says so', () => {
    expect(deviceTime(0, received)).toEqual({ at: received, clockWrong: true });
    expect(deviceTime(Date.parse('2019-12-31T23:59:59Z'), received)).toEqual({ at: received, clockWrong: true });
    expect(deviceTime(received.getTime() + 6 * 60_000, received)).toEqual({ at: received, clockWrong: true });
    expect(deviceTime(received.getTime() + 4 * 60_000, received).clockWrong).toBe(false);
    expect(deviceTime(undefined, received)).toEqual({ at: received, clockWrong: false });
  });
});
