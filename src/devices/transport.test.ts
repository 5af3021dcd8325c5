/**
 * The MQTT transport, embedded (aedes on a free port) and external (a real Mosquitto at
 * MQTT_TEST_URL; without it those tests are skipped, saying why — except when CI is set, where they fail).
 */
import net from 'node:net';
import { Writable } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import { connectAsync, type IClientOptions, type MqttClient } from 'mqtt';
import { pino } from 'pino';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { MqttPortInUseError, openTransport, type DeviceCredentials, type DeviceMessage, type MessageHandler, type Transport } from './transport.ts';

const mqttTestUrl = process.env.MQTT_TEST_URL;
const skipExternal = !mqttTestUrl && !process.env.CI;

/** A pino logger whose lines the test can read. */
function capturedLog() {
  const lines: { level: number; msg: string }[] = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      lines.push(JSON.parse(String(chunk)));
      done();
    },
  });
  const log = pino({ level: 'debug' }, stream);
  const said = (level: 'info' | 'warn' | 'error', msg: string) => lines.filter((l) => l.level === pino.levels.values[level] && l.msg === msg).length;
  return { log, said };
}

const registry: Record<string, { secret: string; communityCode: string }> = {
  'sos-1': { secret: 'sos-secret', communityCode: 'c1' },
  'door-2': { secret: 'door-secret', communityCode: 'c1' },
};
const credentials: DeviceCredentials = {
  async authenticate(deviceId, secret) {
    const device = registry[deviceId];
    return device && device.secret === secret ? { communityCode: device.communityCode } : undefined;
  },
};

const opened: { close(): Promise<void> }[] = [];
const devices: MqttClient[] = [];
afterEach(async () => {
  await Promise.all(devices.splice(0).map((device) => device.endAsync(true)));
  await Promise.all(opened.splice(0).map((transport) => transport.close()));
});

async function open(handler: MessageHandler, extra: Partial<Parameters<typeof openTransport>[0]> = {}) {
  const { log, said } = capturedLog();
  const transport = await openTransport({ mqttPort: 0, credentials, handler, log, ...extra });
  opened.push(transport);
  return { transport, said };
}

async function device(transport: Transport, deviceId: string, secret: string, options: IClientOptions = {}) {
  const client = await connectAsync(`mqtt://127.0.0.1:${transport.port}`, { clientId: deviceId, username: deviceId, password: secret, reconnectPeriod: 0, ...options });
  devices.push(client);
  return client;
}

function refusalCode(promise: Promise<unknown>) {
  return promise.then(
    () => 'connected',
    (err: { code?: number }) => err.code,
  );
}

describe('embedded broker', () => {
  it('acknowledges a QoS 1 publish only after the handler has committed it', async () => {
    const started: DeviceMessage[] = [];
    let commit!: () => void;
    const committed = new Promise<void>((resolve) => (commit = resolve));
    const { transport } = await open(async (message) => {
      started.push(message);
      await committed;
    });
    const sos = await device(transport, 'sos-1', 'sos-secret');
    let acknowledged = false;
    const published = sos.publishAsync('linli/c1/sos-1/event', '{"seq":1,"type":"sos"}', { qos: 1 }).then(() => (acknowledged = true));

    await vi.waitFor(() => expect(started).toHaveLength(1));
    await sleep(300);
    expect(acknowledged).toBe(false);
    commit();
    await published;
    expect(started[0]).toEqual({ topic: 'linli/c1/sos-1/event', payload: Buffer.from('{"seq":1,"type":"sos"}'), qos: 1, retain: false });
  });

  it('retries a failing handler without acknowledging, logs the failure once, and survives synchronous throws', async () => {
    let calls = 0;
    const handler = ((() => {
      calls++;
      if (calls === 1) throw new Error('database down (thrown)');
      if (calls === 2) return Promise.reject(new Error('database down (rejected)'));
      return undefined; // taken at once, as ingest takes a reading: acknowledged without a promise
    }) as MessageHandler);
    const { transport, said } = await open(handler);
    const sos = await device(transport, 'sos-1', 'sos-secret');
    await sos.publishAsync('linli/c1/sos-1/event', '{"seq":2}', { qos: 1 });
    expect(calls).toBe(3);
    expect(said('error', 'device message handler failed; retrying, not acknowledging')).toBe(1);
    expect(said('info', 'device message handler recovered')).toBe(1);
  });

  it('passes malformed payloads on to the handler and survives garbage on the wire', async () => {
    const received: DeviceMessage[] = [];
    const { transport } = await open(async (message) => void received.push(message));
    const garbage = net.connect(transport.port!, '127.0.0.1');
    await new Promise((resolve) => garbage.once('connect', resolve));
    garbage.write(Buffer.from([0xff, 0xff, 0xff, 0xff, 0x00, 0x13, 0x37]));
    await new Promise((resolve) => garbage.once('close', resolve));

    const sos = await device(transport, 'sos-1', 'sos-secret');
    await sos.publishAsync('linli/c1/sos-1/telemetry', Buffer.from([0xc3, 0x28, 0x7b]), { qos: 1 });
    await sos.publishAsync('linli/c1/sos-1/event', '', { qos: 1 });
    expect(received.map((m) => m.payload)).toEqual([Buffer.from([0xc3, 0x28, 0x7b]), Buffer.alloc(0)]);
  });

  it('answers a device that fails authentication with a CONNACK code, not a hang', async () => {
    const { transport } = await open(async () => {});
    expect(await refusalCode(device(transport, 'sos-1', 'wrong'))).toBe(4); // bad user name or password
    expect(await refusalCode(device(transport, 'ghost', 'sos-secret'))).toBe(4);
    expect(await refusalCode(device(transport, 'sos-1', 'sos-secret', { clientId: 'door-2' }))).toBe(2); // identifier rejected
    expect(await refusalCode(device(transport, 'sos-1', 'sos-secret', { protocolVersion: 5 }))).toBe(1); // aedes speaks 3.1.1
  });

  it('answers "server unavailable" when the credentials cannot be checked', async () => {
    const { log } = capturedLog();
    const broken: DeviceCredentials = { authenticate: () => Promise.reject(new Error('database down')) };
    const transport = await openTransport({ mqttPort: 0, credentials: broken, handler: async () => {}, log });
    opened.push(transport);
    expect(await refusalCode(device(transport, 'sos-1', 'sos-secret'))).toBe(3);
  });

  it('lets a device publish only to its own topics, and disconnects it when it tries another', async () => {
    const received: string[] = [];
    const { transport } = await open(async (message) => void received.push(message.topic));
    for (const topic of ['linli/c1/door-2/event', 'linli/c2/sos-1/event', 'linli/c1/sos-1/command', 'elsewhere']) {
      const sos = await device(transport, 'sos-1', 'sos-secret');
      const closed = new Promise<void>((resolve) => sos.once('close', () => resolve()));
      sos.publish(topic, '{}', { qos: 1 });
      await closed;
    }
    const sos = await device(transport, 'sos-1', 'sos-secret');
    for (const channel of ['telemetry', 'event', 'state']) await sos.publishAsync(`linli/c1/sos-1/${channel}`, '{}', { qos: 1 });
    expect(received).toEqual(['linli/c1/sos-1/telemetry', 'linli/c1/sos-1/event', 'linli/c1/sos-1/state']);
  });

  it('lets a device subscribe only below its own topic', async () => {
    const { transport } = await open(async () => {});
    const sos = await device(transport, 'sos-1', 'sos-secret');
    expect(await sos.subscribeAsync('linli/c1/sos-1/#', { qos: 1 })).toEqual([{ topic: 'linli/c1/sos-1/#', qos: 1 }]);
    for (const filter of ['linli/#', 'linli/c1/+/event', 'linli/c1/door-2/#']) {
      await expect(sos.subscribeAsync(filter, { qos: 1 })).rejects.toThrow(/Subscribe error/);
    }
  });

  it("ingests a device's last will on its own state topic, and not one on another device's", async () => {
    const received: DeviceMessage[] = [];
    const { transport } = await open(async (message) => void received.push(message));
    const lost = { payload: Buffer.from('{"state":"lost"}'), qos: 1 as const, retain: true };
    const door = await device(transport, 'door-2', 'door-secret', { will: { topic: 'linli/c1/sos-1/state', ...lost } });
    const sos = await device(transport, 'sos-1', 'sos-secret', { will: { topic: 'linli/c1/sos-1/state', ...lost } });
    door.stream.destroy(); // a crash, not a DISCONNECT: the broker publishes the will
    await sleep(200);
    sos.stream.destroy();
    await vi.waitFor(() => expect(received).toHaveLength(1));
    await sleep(200);
    expect(received).toEqual([{ topic: 'linli/c1/sos-1/state', ...lost }]);
  });

  it('reports the free port it picked, and a port in use in plain words', async () => {
    const { transport } = await open(async () => {});
    expect(transport.port).toBeGreaterThan(0);
    expect(transport.description).toBe(`embedded mqtt://127.0.0.1:${transport.port}`);

    const holder = net.createServer();
    await new Promise<void>((resolve) => holder.listen(0, '127.0.0.1', resolve));
    const taken = (holder.address() as net.AddressInfo).port;
    try {
      const failure = await openTransport({ mqttPort: taken, credentials, handler: async () => {}, log: capturedLog().log }).catch((err) => err);
      expect(failure).toBeInstanceOf(MqttPortInUseError);
      expect(failure.port).toBe(taken);
      expect(failure.message).toMatch(/already in use.*Mosquitto/);
      expect(failure.message).toContain('MQTT_PORT=0');
      expect(failure.message).toContain(`MQTT_URL=mqtt://127.0.0.1:${taken}`);
    } finally {
      await new Promise((resolve) => holder.close(resolve));
    }
  });

  it('closes promptly even while a handler keeps failing, and frees the port', async () => {
    const { transport } = await open(() => Promise.reject(new Error('database down')));
    const sos = await device(transport, 'sos-1', 'sos-secret');
    let acknowledged = false;
    sos.publish('linli/c1/sos-1/event', '{"seq":3}', { qos: 1 }, () => (acknowledged = true));
    await sleep(300);
    const started = Date.now();
    await transport.close();
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(acknowledged).toBe(false);

    const reuse = net.createServer();
    await new Promise<void>((resolve) => reuse.listen(transport.port, '127.0.0.1', resolve));
    await new Promise((resolve) => reuse.close(resolve));
  });
});

describe('external broker', () => {
  it('fails at start, naming MQTT_URL, when the broker cannot be reached', async () => {
    const nothing = net.createServer();
    await new Promise<void>((resolve) => nothing.listen(0, '127.0.0.1', resolve));
    const port = (nothing.address() as net.AddressInfo).port;
    await new Promise((resolve) => nothing.close(resolve));
    await expect(open(async () => {}, { mqttUrl: `mqtt://127.0.0.1:${port}`, connections: 2 })).rejects.toThrow(/MQTT_URL/);
  });
});

describe.skipIf(skipExternal)(`external broker at MQTT_TEST_URL${mqttTestUrl ? '' : ' (not set)'}`, () => {
  // A group and a community of its own per test: other processes may share this broker.
  const unique = () => `t${Date.now().toString(36)}${process.pid}${Math.floor(Math.random() * 1e6)}`;
  const external = (shareGroup: string, clientId: string, connections = 2) => ({ mqttUrl: mqttTestUrl, shareGroup, clientId, connections, sessionExpirySeconds: 30 });
  /** Passes on only this test's community: every group gets a copy of what other tests publish to the broker meanwhile. */
  const only = (community: string, handler: MessageHandler): MessageHandler => (message) =>
    (message.topic.startsWith(`linli/${community}/`) ? handler(message) : undefined);

  async function publisher(url = mqttTestUrl!) {
    const client = await connectAsync(url, { clientId: unique(), reconnectPeriod: 0 });
    devices.push(client);
    return client;
  }

  beforeAll(() => {
    if (!mqttTestUrl) throw new Error('CI is set, so the external-broker tests must run, but MQTT_TEST_URL is not set (e.g. mqtt://127.0.0.1:1883)');
  });

  it('splits the stream between two Linli processes: each message to exactly one, none lost', async () => {
    const group = unique();
    const community = unique();
    const byProcess: string[][] = [[], []];
    for (const [i, received] of byProcess.entries()) {
      // Taken at once (no promise), as ingest takes a reading: acknowledged all the same.
      await open(only(community, (message) => void received.push(message.payload.toString())), external(group, `${group}-p${i}`));
    }
    const sender = await publisher();
    const sent = Array.from({ length: 200 }, (_, i) => `{"seq":${i}}`);
    await Promise.all(sent.map((payload, i) => sender.publishAsync(`linli/${community}/dev-${i % 7}/event`, payload, { qos: 1 })));

    await vi.waitFor(() => expect(byProcess.flat()).toHaveLength(200), { timeout: 10_000 });
    await sleep(300);
    expect(byProcess.flat().sort()).toEqual([...sent].sort());
    expect(byProcess[0].length).toBeGreaterThan(0);
    expect(byProcess[1].length).toBeGreaterThan(0);
  });

  it('acknowledges only committed messages: after a crash the uncommitted one comes back, the committed ones not', async () => {
    const group = unique();
    const community = unique();
    const seen: string[] = [];
    let failures = 0;
    // First life: "taken" is handled at once (no promise, as a reading is); "retried" fails twice before it commits; "held" never commits.
    const first = await open(only(community, (message) => {
      const payload = message.payload.toString();
      seen.push(payload);
      if (payload === 'taken') return undefined;
      if (payload === 'retried' && failures++ < 2) return Promise.reject(new Error('database down'));
      return payload === 'held' ? new Promise(() => {}) : Promise.resolve();
    }), external(group, group, 1));
    const sender = await publisher();
    await sender.publishAsync(`linli/${community}/sos-1/telemetry`, 'taken', { qos: 1 });
    await sender.publishAsync(`linli/${community}/sos-1/event`, 'retried', { qos: 1 });
    await vi.waitFor(() => expect(seen).toEqual(['taken', 'retried', 'retried', 'retried']));
    await sleep(200); // the PUBACK leaves on the socket
    await sender.publishAsync(`linli/${community}/sos-1/event`, 'held', { qos: 1 });
    await vi.waitFor(() => expect(seen).toContain('held'));
    await first.transport.close();

    // Second life, same client ids: the broker resumes the session and redelivers what was not acknowledged.
    const again: string[] = [];
    await open(only(community, async (message) => void again.push(message.payload.toString())), external(group, group, 1));
    await vi.waitFor(() => expect(again).toContain('held'), { timeout: 10_000 });
    await sleep(300);
    expect(again).toEqual(['held']);
  });

  it('reconnects after losing the broker, logging the loss once, not per retry', async () => {
    const target = new URL(mqttTestUrl!);
    const proxy = cuttableProxy(Number(target.port || 1883), target.hostname);
    const port = await proxy.open(0);
    const group = unique();
    const community = unique();
    const received: string[] = [];
    const throughProxy = { ...external(group, group, 2), mqttUrl: `mqtt://127.0.0.1:${port}` };
    const { said } = await open(only(community, async (message) => void received.push(message.payload.toString())), throughProxy);

    await proxy.cut();
    await sleep(2_500); // two or three reconnect attempts fail meanwhile
    expect(said('warn', 'lost the connection to the MQTT broker; reconnecting')).toBe(1);
    expect(said('warn', 'MQTT broker connection error')).toBeLessThanOrEqual(1);
    await proxy.open(port);
    await vi.waitFor(() => expect(said('info', 'reconnected to the MQTT broker')).toBe(1), { timeout: 10_000 });

    const sender = await publisher();
    await sender.publishAsync(`linli/${community}/sos-1/event`, 'after', { qos: 1 });
    await vi.waitFor(() => expect(received).toEqual(['after']));
    expect(said('warn', 'lost the connection to the MQTT broker; reconnecting')).toBe(1);
    await proxy.cut();
  }, 30_000);

  /** A TCP proxy to the broker whose line the test can cut and restore. */
  function cuttableProxy(brokerPort: number, brokerHost: string) {
    const sockets = new Set<net.Socket>();
    let server: net.Server | undefined;
    return {
      async open(port: number) {
        server = net.createServer((inbound) => {
          const outbound = net.connect(brokerPort, brokerHost);
          for (const socket of [inbound, outbound]) {
            sockets.add(socket);
            socket.on('error', () => {});
            socket.on('close', () => {
              sockets.delete(socket);
              inbound.destroy();
              outbound.destroy();
            });
          }
          inbound.pipe(outbound).pipe(inbound);
        });
        await new Promise<void>((resolve) => server!.listen(port, '127.0.0.1', resolve));
        return (server.address() as net.AddressInfo).port;
      },
      async cut() {
        const closed = new Promise((resolve) => server!.close(resolve));
        for (const socket of sockets) socket.destroy();
        await closed;
      },
    };
  }
});
