// The devices of `npm run bench:ingest`, in a process of their own (forked by bench/ingest.ts) so that
// publishing does not take the event loop that the broker and Linli's ingest run on: one mqtt.js
// connection per device (MQTT 3.1.1, as the devices connect to Linli), telemetry at QoS 0 and every
// tenth message an event at QoS 1 (an SOS press, or a door opening or closing) with its own sequence
// number. Wall-clock times (timeOrigin + now) are comparable with the parent's.
import { setImmediate as yieldToIo } from 'node:timers/promises';
import { connectAsync, type MqttClient } from 'mqtt';

export interface BenchDevice {
  id: string;
  kind: 'sos_button' | 'door_magnet' | 'water_meter' | 'bin_level';
  communityCode: string;
  secret: string;
}

export type PublisherCommand =
  | { type: 'connect'; url: string; devices: BenchDevice[] }
  | { type: 'burst'; count: number }
  | { type: 'open'; rate: number; seconds: number }
  | { type: 'disconnect' };

export type PublisherReply =
  | { type: 'connected' }
  | { type: 'burst'; startedAt: number; events: number }
  | { type: 'open'; startedAt: number; finishedAt: number; sent: number; events: [key: string, scheduledAt: number][] }
  | { type: 'disconnected' }
  | { type: 'failed'; error: string };

/** Every tenth message is an event. */
export const EVENT_EVERY = 10;
const CONNECTING_AT_ONCE = 25;
/** A burst lets the sockets drain this often. */
const YIELD_EVERY = 200;
const PUMP_MS = 2;

const wall = () => performance.timeOrigin + performance.now();

interface Connected {
  device: BenchDevice;
  client: MqttClient;
  telemetry: string;
  event: string;
}

let devices: Connected[] = [];
let eventDevices: Connected[] = [];
// Sequence numbers above any earlier run's: Linli drops an event whose (device, seq) it has already seen.
let seq = Date.now();
let next = 0;
let nextEvent = 0;
let nextTelemetry = 0;
let doorOpen = false;

function readings(kind: BenchDevice['kind'], i: number): Record<string, unknown> {
  switch (kind) {
    case 'water_meter': return { litres: 1000 + i * 0.5, flowLpm: i % 7 === 0 ? 8 : 0 };
    case 'bin_level': return { levelPct: 10 + (i % 60) };
    case 'door_magnet': return { open: false };
    case 'sos_button': return {};
  }
}

/** The next message: round robin over the devices, events over those that have them. */
function nextMessage(): { client: MqttClient; topic: string; payload: string; qos: 0 | 1; key?: string } {
  const i = next++;
  const ts = Date.now();
  if (i % EVENT_EVERY === 0) {
    const d = eventDevices[nextEvent++ % eventDevices.length];
    const type = d.device.kind === 'sos_button' ? 'sos' : (doorOpen = !doorOpen) ? 'door_open' : 'door_close';
    const s = seq++;
    return { client: d.client, topic: d.event, payload: JSON.stringify({ ts, seq: s, type, battery: 80, signal: -90 }), qos: 1, key: `${d.device.id}:${s}` };
  }
  const d = devices[nextTelemetry++ % devices.length];
  return { client: d.client, topic: d.telemetry, payload: JSON.stringify({ ts, battery: 80, signal: -90, ...readings(d.device.kind, i) }), qos: 0 };
}

async function connect(url: string, list: BenchDevice[]) {
  devices = [];
  for (let i = 0; i < list.length; i += CONNECTING_AT_ONCE) {
    devices.push(...(await Promise.all(list.slice(i, i + CONNECTING_AT_ONCE).map(async (device) => {
      const client = await connectAsync(url, { clientId: device.id, username: device.id, password: device.secret, protocolVersion: 4, clean: true, reconnectPeriod: 0 });
      const root = `linli/${device.communityCode}/${device.id}`;
      return { device, client, telemetry: `${root}/telemetry`, event: `${root}/event` };
    }))));
  }
  eventDevices = devices.filter((d) => d.device.kind === 'sos_button' || d.device.kind === 'door_magnet');
}

/** `count` messages as fast as the sockets take them. */
async function burst(count: number): Promise<PublisherReply> {
  const startedAt = wall();
  let events = 0;
  for (let i = 0; i < count; i++) {
    const m = nextMessage();
    if (m.qos === 1) events++;
    m.client.publish(m.topic, m.payload, { qos: m.qos });
    if (i % YIELD_EVERY === YIELD_EVERY - 1) await yieldToIo();
  }
  return { type: 'burst', startedAt, events };
}

/** An open loop: message k is due at start + k / rate, whether or not earlier ones were taken; events remember when they were due. */
async function openLoop(rate: number, seconds: number): Promise<PublisherReply> {
  const total = Math.round(rate * seconds);
  const events: [string, number][] = [];
  const startedAt = wall();
  let sent = 0;
  while (sent < total) {
    const due = Math.min(total, Math.floor(((wall() - startedAt) / 1000) * rate));
    for (; sent < due; sent++) {
      const m = nextMessage();
      if (m.key) events.push([m.key, startedAt + (sent * 1000) / rate]);
      m.client.publish(m.topic, m.payload, { qos: m.qos });
    }
    await new Promise((resolve) => setTimeout(resolve, PUMP_MS));
  }
  return { type: 'open', startedAt, finishedAt: wall(), sent, events };
}

async function disconnect(): Promise<PublisherReply> {
  await Promise.all(devices.map((d) => d.client.endAsync()));
  devices = [];
  return { type: 'disconnected' };
}

async function run(command: PublisherCommand): Promise<PublisherReply> {
  switch (command.type) {
    case 'connect':
      await connect(command.url, command.devices);
      return { type: 'connected' };
    case 'burst': return burst(command.count);
    case 'open': return openLoop(command.rate, command.seconds);
    case 'disconnect': return disconnect();
  }
}

process.on('message', (command: PublisherCommand) => {
  run(command).then(
    (reply) => process.send!(reply),
    (err: Error) => process.send!({ type: 'failed', error: err.message } satisfies PublisherReply),
  );
});
