/**
 * How each kind of simulated device behaves, day by day in China time: an elder's door and water
 * follow the elder's routine (out in the morning, maybe at noon, a walk in the evening; washing,
 * cooking, a shower — nothing at night), a few elders are silent (never out, no water: the inactivity
 * rules must catch them), SOS presses and gas leaks are rare, bins fill up between the morning and
 * evening rounds, manhole covers are mostly quiet, lamps burn at night.
 *
 * Everything is drawn from seeded streams keyed by device (or home) and day, so a device's traffic
 * does not depend on which other devices are simulated, and the door and the water meter of one home
 * agree on when its elder was out.
 */
import { createRng, type Rng } from '../demo/random.ts';
import type { DeviceKind, EventType } from './kinds.ts';

export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;
/** China has one zone, UTC+8, and no daylight saving. */
const CHINA_OFFSET = 8 * HOUR;

/** Share of elders living alone who never leave home nor use water in the simulation. */
const SILENT_SHARE = 0.03;
/** Chances per device and day; a community of a few hundred devices sees an incident every few days. */
const SOS_PER_DAY = 0.003;
const FALL_PER_DAY = 0.001;
const GAS_LEAK_PER_DAY = 0.002;
const SMOKE_PER_DAY = 0.0005;
const COVER_DISPLACED_PER_DAY = 0.001;
const EBIKE_PER_DAY = 0.1;
const OBJECT_THROWN_PER_DAY = 0.02;
const LAMP_FAULT_PER_DAY = 0.003;
/** A tap or a shower runs at about this many litres a minute. */
const FLOW_LPM = 8;

/** Start of the China calendar day holding the instant `at` (epoch ms). */
export function chinaDayStart(at: number): number {
  return Math.floor((at + CHINA_OFFSET) / DAY) * DAY - CHINA_OFFSET;
}

/** China hour of day at `at`, with its fraction. */
export function chinaHour(at: number): number {
  return ((at + CHINA_OFFSET) % DAY) / HOUR;
}

/** What a device sends: its kind's readings (telemetry) or something that happened (an event). */
export interface Out {
  channel: 'telemetry' | 'event';
  body: Record<string, unknown>;
}

/** Something a device does at `at` (simulated time); `run` may change its state and says what it sends. */
export interface Step {
  at: number;
  run(): Out[];
}

/** An incident a scenario forces at a chosen time, so that a demo or a test need not wait for chance. */
export type Incident = 'sos' | 'gas_leak';
/** The kinds that can have each incident. */
export const incidentKinds: Record<Incident, readonly DeviceKind[]> = { sos: ['sos_button', 'wristband'], gas_leak: ['gas'] };

export interface Behaviour {
  /** What happens on the China day starting at `dayStart`, besides heartbeats. */
  day(dayStart: number): Step[];
  /** The kind's own readings for a heartbeat at `at`. */
  readings(at: number): Record<string, unknown>;
  /** The steps of a forced incident at `at`; none when the kind has no such incident. */
  force(incident: Incident, at: number): Step[];
}

export interface BehaviourContext {
  seed: number;
  deviceId: string;
  /** The home (household) the device is in; null for devices in the street. */
  home: string | null;
}

const event = (type: EventType, fields: Record<string, unknown> = {}): Out => ({ channel: 'event', body: { type, ...fields } });
const once = (at: number, out: Out): Step => ({ at, run: () => [out] });
const round1 = (value: number) => Math.round(value * 10) / 10;
const noForce = (): Step[] => [];

/** A device's stream for one day: the same whatever else is simulated. */
function dayRng(ctx: BehaviourContext, dayStart: number): Rng {
  return createRng(ctx.seed, `${ctx.deviceId}:${dayStart}`);
}

/** Whether the elder of this home is a silent one: never out, no water. */
export function isSilentHome(seed: number, home: string): boolean {
  return createRng(seed, `home:${home}`).chance(SILENT_SHARE);
}

interface Outing {
  leave: number;
  back: number;
}

interface ElderDay {
  outings: Outing[];
  water: { at: number; litres: number }[];
}

/** One day of an elder's routine, drawn from the home's stream so that its door and its meter agree. */
function elderDay(seed: number, home: string, dayStart: number): ElderDay {
  const rng = createRng(seed, `home:${home}:${dayStart}`);
  const hour = (h: number) => dayStart + h * HOUR;
  const wake = rng.float(5.5, 7.5);
  const outings: Outing[] = [];
  const goOut = (from: number, to: number, minMinutes: number, maxMinutes: number) => {
    const leave = hour(rng.float(from, to));
    outings.push({ leave, back: leave + rng.float(minMinutes, maxMinutes) * MINUTE });
  };
  if (rng.chance(0.85)) goOut(wake + 0.5, wake + 2.5, 30, 150); // the market, the park
  if (rng.chance(0.35)) goOut(11, 13, 20, 60);
  if (rng.chance(0.65) || outings.length === 0) goOut(17, 19, 30, 120); // the evening walk; nobody stays in all day
  const use = (from: number, to: number, minLitres: number, maxLitres: number) => ({ at: hour(rng.float(from, to)), litres: rng.float(minLitres, maxLitres) });
  const water = [use(wake, wake + 0.5, 8, 20), use(11, 12.5, 5, 15), use(17.5, 19, 5, 15)];
  if (rng.chance(0.5)) water.push(use(19.5, 21.5, 30, 60)); // a shower
  for (let i = 0; i < 6; i++) water.push(use(wake, 22, 5, 7)); // the toilet
  return { outings, water };
}

/** The elder's routine for a care device, or none for a silent elder (or a device not in a home). */
function routine(ctx: BehaviourContext, dayStart: number): ElderDay | undefined {
  if (ctx.home === null || isSilentHome(ctx.seed, ctx.home)) return undefined;
  return elderDay(ctx.seed, ctx.home, dayStart);
}

/** A chance per day of one event at a random time within [fromHour, toHour). */
function rare(ctx: BehaviourContext, dayStart: number, chance: number, fromHour: number, toHour: number, out: (rng: Rng) => Out): Step[] {
  const rng = dayRng(ctx, dayStart);
  return rng.chance(chance) ? [once(dayStart + rng.float(fromHour, toHour) * HOUR, out(rng))] : [];
}

/** Spells of something abnormal (a leak, a tilted cover, a broken lamp) with the level readings show meanwhile. */
function spells() {
  let list: { from: number; to: number; level: number }[] = [];
  return {
    add(from: number, to: number, level: number) {
      list.push({ from, to, level });
    },
    /** The spell under way at `at` (heartbeats come in time order, so past spells are dropped). */
    at(at: number) {
      list = list.filter((s) => s.to > at);
      return list.find((s) => s.from <= at);
    },
  };
}

const forceSos = (incident: Incident, at: number): Step[] => (incident === 'sos' ? [once(at, event('sos'))] : []);

function sosButton(ctx: BehaviourContext): Behaviour {
  return {
    day: (dayStart) => (routine(ctx, dayStart) ? rare(ctx, dayStart, SOS_PER_DAY, 7, 21, () => event('sos')) : []),
    readings: () => ({}),
    force: forceSos,
  };
}

function wristband(ctx: BehaviourContext): Behaviour {
  const noise = createRng(ctx.seed, `${ctx.deviceId}:pulse`);
  const stepsPerHour = noise.int(150, 350);
  return {
    day: (dayStart) => (routine(ctx, dayStart)
      ? [...rare(ctx, dayStart, SOS_PER_DAY, 7, 21, () => event('sos')), ...rare(ctx, dayStart, FALL_PER_DAY, 6, 22, (rng) => event('fall', { confidence: round1(rng.float(0.8, 1)) }))]
      : []),
    readings(at) {
      const awake = chinaHour(at) >= 6 && chinaHour(at) < 22;
      return { heartRate: noise.int(awake ? 66 : 55, awake ? 92 : 70), spo2: noise.int(95, 99), steps: awake ? Math.round((chinaHour(at) - 6) * stepsPerHour) : 0 };
    },
    force: forceSos,
  };
}

function doorMagnet(ctx: BehaviourContext): Behaviour {
  let open = false;
  const pass = (at: number, rng: Rng): Step[] => [
    { at, run: () => ((open = true), [event('door_open')]) },
    { at: at + rng.float(10, 60) * 1000, run: () => ((open = false), [event('door_close')]) },
  ];
  return {
    day(dayStart) {
      const day = routine(ctx, dayStart);
      const rng = dayRng(ctx, dayStart);
      return day ? day.outings.flatMap(({ leave, back }) => [...pass(leave, rng), ...pass(back, rng)]) : [];
    },
    readings: () => ({ open }),
    force: noForce,
  };
}

function waterMeter(ctx: BehaviourContext): Behaviour {
  // The register is cumulative, as real meters report: installed some months ago.
  let litres = createRng(ctx.seed, `${ctx.deviceId}:register`).float(500, 20_000);
  let flowingUntil = 0;
  return {
    day: (dayStart) => (routine(ctx, dayStart)?.water ?? []).map((use) => ({
      at: use.at,
      run() {
        litres += use.litres;
        flowingUntil = use.at + (use.litres / FLOW_LPM) * MINUTE;
        return [];
      },
    })),
    readings: (at) => ({ litres: round1(litres), flowLpm: at < flowingUntil ? FLOW_LPM : 0 }),
    force: noForce,
  };
}

/** A detector (gas, smoke) that alarms during a spell and reports the level meanwhile. */
function detector(ctx: BehaviourContext, o: { alarm: EventType; perDay: number; incident?: Incident; hours: [number, number]; level: [number, number]; field: string; quiet: number }): Behaviour {
  const leaks = spells();
  const noise = createRng(ctx.seed, `${ctx.deviceId}:noise`);
  const spell = (at: number, rng: Rng): Step[] => {
    const to = at + rng.float(...o.hours) * HOUR;
    leaks.add(at, to, rng.float(...o.level));
    return [once(at, event(o.alarm)), once(to, event('alarm_clear'))];
  };
  return {
    day(dayStart) {
      const rng = dayRng(ctx, dayStart);
      return rng.chance(o.perDay) ? spell(dayStart + rng.float(6, 22) * HOUR, rng) : [];
    },
    readings(at) {
      const level = leaks.at(at)?.level ?? noise.float(0, o.quiet);
      return { [o.field]: round1(level) };
    },
    force: (incident, at) => (incident === o.incident ? spell(at, createRng(ctx.seed, `${ctx.deviceId}:forced:${at}`)) : []),
  };
}

function smoke(ctx: BehaviourContext): Behaviour {
  const inner = detector(ctx, { alarm: 'smoke_alarm', perDay: SMOKE_PER_DAY, hours: [0.2, 0.6], level: [5, 12], field: 'obscuration', quiet: 0.3 });
  const noise = createRng(ctx.seed, `${ctx.deviceId}:temperature`);
  return { ...inner, readings: (at) => ({ ...inner.readings(at), temperatureC: round1(20 + 3 * Math.sin(((chinaHour(at) - 9) / 24) * 2 * Math.PI) + noise.float(0, 2)) }) };
}

function gas(ctx: BehaviourContext): Behaviour {
  return detector(ctx, { alarm: 'gas_alarm', perDay: GAS_LEAK_PER_DAY, incident: 'gas_leak', hours: [1, 3], level: [15, 35], field: 'lel', quiet: 1 });
}

function manholeCover(ctx: BehaviourContext): Behaviour {
  const displaced = spells();
  const noise = createRng(ctx.seed, `${ctx.deviceId}:noise`);
  return {
    day(dayStart) {
      const rng = dayRng(ctx, dayStart);
      if (!rng.chance(COVER_DISPLACED_PER_DAY)) return [];
      const from = dayStart + rng.float(0, 24) * HOUR;
      const to = from + rng.float(2, 8) * HOUR; // until the road crew puts it back
      const tiltDeg = round1(rng.float(20, 40));
      displaced.add(from, to, tiltDeg);
      return [once(from, event('tilt', { tiltDeg })), once(to, event('cover_close'))];
    },
    readings: (at) => ({ tiltDeg: round1(displaced.at(at)?.level ?? noise.float(0, 2)), open: false }),
    force: noForce,
  };
}

/** The bin rounds: emptied at 07:00 and 19:00. */
const ROUNDS = [7, 19];

function binLevel(ctx: BehaviourContext): Behaviour {
  const base = createRng(ctx.seed, `${ctx.deviceId}:fill`).float(2, 7);
  /** Fill per hour and what was left after the round that started at `emptiedAt`. */
  const round = (emptiedAt: number) => {
    const rng = createRng(ctx.seed, `${ctx.deviceId}:${emptiedAt}`);
    return { perHour: base * rng.float(0.7, 1.3), left: rng.float(2, 8) };
  };
  const lastRound = (at: number) => {
    const day = chinaDayStart(at);
    const hour = chinaHour(at);
    if (hour >= ROUNDS[1]) return day + ROUNDS[1] * HOUR;
    return hour >= ROUNDS[0] ? day + ROUNDS[0] * HOUR : day - (24 - ROUNDS[1]) * HOUR;
  };
  return {
    day(dayStart) {
      // A bin that fills before the next round overflows.
      return ROUNDS.flatMap((h, i) => {
        const emptiedAt = dayStart + h * HOUR;
        const { perHour, left } = round(emptiedAt);
        const fullAt = emptiedAt + ((100 - left) / perHour) * HOUR;
        const next = dayStart + (ROUNDS[i + 1] ?? ROUNDS[0] + 24) * HOUR;
        return fullAt < next ? [once(fullAt, event('overflow'))] : [];
      });
    },
    readings(at) {
      const emptiedAt = lastRound(at);
      const { perHour, left } = round(emptiedAt);
      return { levelPct: Math.min(100, Math.round(left + ((at - emptiedAt) / HOUR) * perHour)) };
    },
    force: noForce,
  };
}

function liftCamera(ctx: BehaviourContext): Behaviour {
  return {
    day: (dayStart) => rare(ctx, dayStart, EBIKE_PER_DAY, 7, 22, (rng) => event('ebike_detected', { confidence: Math.round(rng.float(0.8, 0.99) * 100) / 100 })),
    readings: () => ({}),
    force: noForce,
  };
}

function throwCamera(ctx: BehaviourContext): Behaviour {
  return {
    day: (dayStart) => rare(ctx, dayStart, OBJECT_THROWN_PER_DAY, 7, 23, (rng) => event('object_thrown', { floor: rng.int(3, 25), confidence: Math.round(rng.float(0.7, 0.95) * 100) / 100 })),
    readings: () => ({}),
    force: noForce,
  };
}

function lampPole(ctx: BehaviourContext): Behaviour {
  const broken = spells();
  const noise = createRng(ctx.seed, `${ctx.deviceId}:noise`);
  return {
    day(dayStart) {
      const rng = dayRng(ctx, dayStart);
      if (!rng.chance(LAMP_FAULT_PER_DAY)) return [];
      const from = dayStart + rng.float(18.5, 23) * HOUR; // noticed when it fails to light
      const to = from + rng.float(8, 30) * HOUR;
      broken.add(from, to, 0);
      return [once(from, event('lamp_fault', { code: 'E07' })), once(to, event('lamp_ok'))];
    },
    readings(at) {
      if (broken.at(at)) return { lampOn: false, powerW: 0, fault: true };
      const lampOn = chinaHour(at) >= 18 || chinaHour(at) < 6;
      return { lampOn, powerW: lampOn ? round1(noise.float(96, 104)) : 0, fault: false };
    },
    force: noForce,
  };
}

const behaviours: Record<DeviceKind, (ctx: BehaviourContext) => Behaviour> = {
  sos_button: sosButton,
  wristband,
  door_magnet: doorMagnet,
  water_meter: waterMeter,
  smoke,
  gas,
  manhole_cover: manholeCover,
  bin_level: binLevel,
  lift_ebike_camera: liftCamera,
  high_throw_camera: throwCamera,
  lamp_pole: lampPole,
};

/** The behaviour of one simulated device of this kind. */
export function behaviourOf(kind: DeviceKind, ctx: BehaviourContext): Behaviour {
  return behaviours[kind](ctx);
}
