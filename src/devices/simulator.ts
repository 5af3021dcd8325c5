/**
 * The device simulator: plays the traffic model (simulatorTraffic.ts) over MQTT as the devices
 * themselves would — one mqtt.js connection per device (MQTT 3.1.1, client id and user name = the
 * device id, password = its secret, a retained last will `{"state":"lost"}` on its state topic),
 * `online` said on every connect, telemetry at QoS 0, events at QoS 1 with increasing sequence numbers.
 *
 * Messages go out at a fixed overall rate (an open loop: a slow broker does not slow the sender), so
 * simulated time runs as fast as the rate needs: a rate above the devices' natural one compresses their
 * days. Payload timestamps are always the real time, since Linli refuses device clocks far ahead.
 */
import { connect, type MqttClient } from 'mqtt';
import type { Clock } from '../platform/clock.ts';
import type { PlayedDevice } from './fleet.ts';
import { createTraffic, payloadOf, type Incident, type TrafficMessage } from './simulatorTraffic.ts';
import { formatDeviceTopic } from './topics.ts';

export interface SimulatorOptions {
  /** The broker, e.g. mqtt://127.0.0.1:1883. */
  url: string;
  devices: readonly PlayedDevice[];
  /** Messages per second, all devices together (telemetry and events; each connection's `online` comes on top). */
  rate: number;
  seed: number;
  clock: Clock;
  /** Incidents forced after so many simulated ms (a demo's first SOS, a test's). */
  incidents?: { incident: Incident; afterMs: number }[];
  log: { info(obj: object, msg: string): void; warn(obj: object, msg: string): void };
}

export interface SimulatorStats {
  telemetry: number;
  events: number;
  /** `online` states published, one per (re)connection. */
  states: number;
  /** Events the broker acknowledged (the embedded broker does so once Linli has committed them). */
  acknowledged: number;
  /** Devices the broker refused (a wrong secret, an unknown device); they stop. */
  refused: number;
  /** Messages skipped because their device was disconnected and its queue full, or refused. */
  dropped: number;
  /** Simulated time of the last message sent, epoch ms. */
  simulatedAt: number | undefined;
}

export interface Simulator {
  readonly stats: Readonly<SimulatorStats>;
  /** Simulated time elapsed per real time elapsed so far. */
  speed(): number;
  /** Stops sending and disconnects every device (cleanly: no last will). */
  stop(): Promise<void>;
}

/** At most this many messages per pump, so a stall (a GC pause) is caught up gradually, not in one burst. */
const MAX_BURST = 2_000;
/** Pumps at least this far apart, so a high rate sends in batches rather than on a timer per message. */
const MIN_PUMP_MS = 5;
/** Unacknowledged events a device may hold while its broker is away; beyond that it drops them, as real devices do. */
const MAX_QUEUED_EVENTS = 100;
const RECONNECT_MS = 2_000;
const END_TIMEOUT_MS = 5_000;

interface PlayedClient {
  client: MqttClient;
  queued: number;
  connectedOnce: boolean;
  refused: boolean;
}

type WarnOnce = (problem: string, obj: object, msg: string) => void;

/** One device's connection, opened when its first message is due, so a large fleet connects over its first heartbeat. */
function connectDevice(url: string, device: PlayedDevice, clock: Clock, stats: SimulatorStats, warnOnce: WarnOnce): PlayedClient {
  const state = formatDeviceTopic({ communityCode: device.communityCode, deviceId: device.id, channel: 'state' });
  const client = connect(url, {
    clientId: device.id, username: device.id, password: device.secret, protocolVersion: 4, clean: true, keepalive: 120, reconnectPeriod: RECONNECT_MS,
    will: { topic: state, payload: Buffer.from('{"state":"lost"}'), qos: 1, retain: true },
  });
  const played: PlayedClient = { client, queued: 0, connectedOnce: false, refused: false };
  client.on('connect', () => {
    played.connectedOnce = true;
    stats.states++;
    client.publish(state, JSON.stringify({ state: 'online', ts: clock.now().getTime() }), { qos: 1, retain: true });
  });
  client.on('error', (err: Error & { code?: number | string }) => {
    // CONNACK 4 and 5: a wrong secret or an unknown device. Retrying would only be refused again.
    if (err.code !== 4 && err.code !== 5) return warnOnce('unreachable', { url, err: err.message }, 'cannot reach the MQTT broker; devices keep trying');
    stats.refused++;
    warnOnce('refused', { deviceId: device.id, err: err.message }, 'the broker refused a simulated device; was its secret rotated since?');
    played.refused = true;
    client.end(true);
  });
  return played;
}

/** Starts publishing at once; the first messages go out within a few milliseconds. */
export function startSimulator(options: SimulatorOptions): Simulator {
  const { clock, log } = options;
  if (!(options.rate > 0)) throw new Error(`the rate must be a positive number of messages a second, not ${options.rate}`);
  const started = clock.now().getTime();
  const traffic = createTraffic(options.devices, { seed: options.seed, start: started, seqBase: started, incidents: options.incidents });
  const secrets = new Map(options.devices.map((d) => [d.id, d]));
  const clients = new Map<string, PlayedClient>();
  const stats: SimulatorStats = { telemetry: 0, events: 0, states: 0, acknowledged: 0, refused: 0, dropped: 0, simulatedAt: undefined };
  let sent = 0;
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  const warned = new Set<string>();
  const warnOnce: WarnOnce = (problem, obj, msg) => {
    if (warned.has(problem)) return;
    warned.add(problem);
    log.warn(obj, msg);
  };

  function send(message: TrafficMessage) {
    stats.simulatedAt = message.at;
    const id = message.device.id;
    let played = clients.get(id);
    if (!played) {
      played = connectDevice(options.url, secrets.get(id)!, clock, stats, warnOnce);
      clients.set(id, played);
    }
    const event = message.channel === 'event';
    // Telemetry while the broker is away is lost, as on a device without storage; events wait, up to a point.
    const away = played.connectedOnce && !played.client.connected;
    if (played.refused || (event && played.queued >= MAX_QUEUED_EVENTS) || (!event && away)) {
      stats.dropped++;
      return;
    }
    const topic = formatDeviceTopic({ communityCode: message.device.communityCode, deviceId: id, channel: message.channel });
    const payload = JSON.stringify(payloadOf(message, clock.now().getTime()));
    if (!event) {
      stats.telemetry++;
      played.client.publish(topic, payload, { qos: 0 });
      return;
    }
    stats.events++;
    played.queued++;
    const owner = played;
    owner.client.publish(topic, payload, { qos: 1 }, (err) => {
      owner.queued--;
      if (!err) stats.acknowledged++;
    });
  }

  function pump() {
    if (stopped) return;
    const now = clock.now().getTime();
    const due = Math.min(MAX_BURST, Math.floor(((now - started) / 1000) * options.rate) - sent);
    for (let i = 0; i < due; i++) send(traffic.next());
    sent += Math.max(0, due);
    const nextAt = started + ((sent + 1) / options.rate) * 1000;
    timer = setTimeout(pump, Math.max(MIN_PUMP_MS, nextAt - clock.now().getTime()));
  }
  pump();

  return {
    stats,
    speed() {
      const real = clock.now().getTime() - started;
      return stats.simulatedAt === undefined || real <= 0 ? 0 : (stats.simulatedAt - started) / real;
    },
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await Promise.all([...clients.values()].map(({ client }) => endClient(client)));
      log.info({ ...stats }, 'device simulator stopped');
    },
  };
}

/** A clean disconnect (the broker then drops the last will), given up on after a while when the broker is gone. */
async function endClient(client: MqttClient): Promise<void> {
  let timeout: NodeJS.Timeout | undefined;
  const gaveUp = new Promise<boolean>((resolve) => (timeout = setTimeout(() => resolve(true), END_TIMEOUT_MS)));
  const ended = await Promise.race([client.endAsync().then(() => false), gaveUp]);
  clearTimeout(timeout);
  if (ended) await client.endAsync(true);
}
