/**
 * The simulator's traffic model, pure: for a set of devices, a seed and a start time, the one sequence
 * of messages they send, in simulated-time order — heartbeat telemetry every few minutes (the battery
 * slowly draining, the signal wandering) and whatever the device's kind does (simulatorBehaviours.ts).
 * simulator.ts publishes it over MQTT at a chosen rate, stamping each payload with the real time.
 */
import { createRng, type Rng } from '../demo/random.ts';
import { kinds, type DeviceKind } from './kinds.ts';
import { behaviourOf, chinaDayStart, DAY, incidentKinds, isSilentHome, MINUTE, type Incident, type Out, type Step } from './simulatorBehaviours.ts';

export { isSilentHome, type Incident };

export interface SimulatedDevice {
  id: string;
  kind: DeviceKind;
  communityCode: string;
  /** The household it is in (devices of one home share its elder's routine); null in the street. */
  home: string | null;
}

export interface TrafficMessage {
  /** Simulated time, epoch ms. */
  at: number;
  device: SimulatedDevice;
  channel: 'telemetry' | 'event';
  /** The payload but its `ts`; an event's carries `seq` and `type`. */
  body: Record<string, unknown>;
}

export interface TrafficOptions {
  seed: number;
  /** Simulated start, epoch ms: the real time the simulation starts, so its days are China's days. */
  start: number;
  /**
   * Every device's first event sequence number. Linli drops an event whose (device, seq) it has seen,
   * so a new run must start above the last: the start time in ms does, as no device sends an event a ms.
   */
  seqBase: number;
  /** Simulated minutes between heartbeats (default 10). */
  heartbeatMinutes?: number;
  /** Incidents forced at start + afterMs, each on the first device (not of a silent home) that can have it. */
  incidents?: { incident: Incident; afterMs: number }[];
}

export interface Traffic {
  /** The next message in simulated time; the traffic never ends. */
  next(): TrafficMessage;
}

const DEFAULT_HEARTBEAT_MINUTES = 10;
/** Below this a device reports low battery: the default of the low_battery rule. */
const LOW_BATTERY = 20;

/** Battery and signal over time, added to a heartbeat's body: a few devices start nearly flat, so some low-battery warnings come soon. */
function health(kind: DeviceKind, rng: Rng, start: number) {
  const weak = rng.chance(0.02);
  const full = weak ? rng.float(20.2, 21) : rng.float(55, 100);
  const drainPerDay = weak ? 0.3 : 0.05;
  const signal = rng.int(-105, -65);
  const battery = kinds[kind].battery;
  return (at: number, body: Record<string, unknown>) => {
    if (battery) body.battery = Math.max(0, Math.floor(full - (drainPerDay * (at - start)) / DAY));
    body.signal = signal + rng.int(-3, 3);
  };
}

/** A heartbeat: the device's readings, and a low-battery event the first time the battery drops below the mark. */
function heartbeats(device: SimulatedDevice, readings: (at: number) => Record<string, unknown>, rng: Rng, start: number) {
  const addHealth = health(device.kind, rng, start);
  let warned = false;
  return (at: number): Step => ({
    at,
    run() {
      const telemetry: Out = { channel: 'telemetry', body: readings(at) };
      addHealth(at, telemetry.body);
      const battery = telemetry.body.battery as number | undefined;
      if (battery === undefined || battery >= LOW_BATTERY || warned) return [telemetry];
      warned = true;
      return [telemetry, { channel: 'event', body: { type: 'low_battery', battery } }];
    },
  });
}

/** One device's messages in time order: each China day's steps (and the forced ones) sorted, then run. */
function* deviceStream(device: SimulatedDevice, options: TrafficOptions, forced: { incident: Incident; at: number }[]): Generator<TrafficMessage> {
  const { seed, start } = options;
  const rng = createRng(seed, `${device.id}:health`);
  const behaviour = behaviourOf(device.kind, { seed, deviceId: device.id, home: device.home });
  const beat = heartbeats(device, behaviour.readings, rng, start);
  const interval = (options.heartbeatMinutes ?? DEFAULT_HEARTBEAT_MINUTES) * MINUTE;
  let pending: Step[] = forced.flatMap((f) => behaviour.force(f.incident, f.at));
  let nextBeat = start + rng.float(0, interval);
  let seq = options.seqBase;
  for (let day = chinaDayStart(start); ; day += DAY) {
    const end = day + DAY;
    pending.push(...behaviour.day(day));
    for (; nextBeat < end; nextBeat += interval * rng.float(0.9, 1.1)) pending.push(beat(nextBeat));
    pending.sort((a, b) => a.at - b.at);
    const due = pending.findIndex((step) => step.at >= end);
    const today = due < 0 ? pending : pending.slice(0, due);
    pending = due < 0 ? [] : pending.slice(due);
    for (const step of today) {
      if (step.at < start) continue;
      for (const out of step.run()) {
        const body = out.channel === 'event' ? { seq: seq++, ...out.body } : out.body;
        yield { at: step.at, device, channel: out.channel, body };
      }
    }
  }
}

/** Which device has each forced incident: the first one, in the order given, that can and is not in a silent home. */
function assignIncidents(devices: readonly SimulatedDevice[], options: TrafficOptions): Map<string, { incident: Incident; at: number }[]> {
  const byDevice = new Map<string, { incident: Incident; at: number }[]>();
  for (const { incident, afterMs } of options.incidents ?? []) {
    const device = devices.find((d) => incidentKinds[incident].includes(d.kind) && !(d.home !== null && isSilentHome(options.seed, d.home)));
    if (!device) continue;
    byDevice.set(device.id, [...(byDevice.get(device.id) ?? []), { incident, at: options.start + afterMs }]);
  }
  return byDevice;
}

interface Head {
  message: TrafficMessage;
  order: number;
  stream: Generator<TrafficMessage>;
}

/** A binary min-heap of each device's next message, by time, then by the device's place in the list. */
function headHeap() {
  const heap: Head[] = [];
  const before = (a: Head, b: Head) => a.message.at < b.message.at || (a.message.at === b.message.at && a.order < b.order);
  const swap = (i: number, j: number) => ([heap[i], heap[j]] = [heap[j], heap[i]]);
  return {
    push(head: Head) {
      heap.push(head);
      for (let i = heap.length - 1; i > 0 && before(heap[i], heap[(i - 1) >> 1]); i = (i - 1) >> 1) swap(i, (i - 1) >> 1);
    },
    /** Takes the earliest head off the heap. */
    pop(): Head {
      const top = heap[0];
      const last = heap.pop()!;
      if (heap.length === 0) return top;
      heap[0] = last;
      for (let i = 0; ; ) {
        const l = 2 * i + 1;
        const r = l + 1;
        let least = i;
        if (l < heap.length && before(heap[l], heap[least])) least = l;
        if (r < heap.length && before(heap[r], heap[least])) least = r;
        if (least === i) return top;
        swap(i, least);
        i = least;
      }
    },
  };
}

/** The traffic of these devices: deterministic for the same devices, seed and start. */
export function createTraffic(devices: readonly SimulatedDevice[], options: TrafficOptions): Traffic {
  if (devices.length === 0) throw new Error('no devices to simulate');
  const incidents = assignIncidents(devices, options);
  const heap = headHeap();
  devices.forEach((device, order) => {
    const stream = deviceStream(device, options, incidents.get(device.id) ?? []);
    heap.push({ message: stream.next().value as TrafficMessage, order, stream });
  });
  return {
    next() {
      const head = heap.pop();
      const { message } = head;
      head.message = head.stream.next().value as TrafficMessage;
      heap.push(head);
      return message;
    },
  };
}

/** The JSON a device publishes for a message: its body stamped with the device clock. */
export function payloadOf(message: TrafficMessage, ts: number): Record<string, unknown> {
  return { ts, ...message.body };
}
