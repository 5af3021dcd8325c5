/**
 * Linli's embedded MQTT broker (aedes 1.x, MQTT 3.1.1), for installations without a broker of their own.
 *
 * Devices connect with username = device id (also their client id) and password = secret, and may
 * publish only to their own `linli/{community}/{device}/{telemetry|event|state}` topics.
 *
 * Messages reach ingest from aedes' authorizePublish hook, not from an in-process subscription:
 * aedes writes a QoS 1 PUBACK *before* it routes the message to subscribers
 * (lib/handlers/publish.js, enqueuePublish), but only after authorizePublish calls back
 * (handlePublish runs [authorizePublish, enqueuePublish] in series). Calling back once the handler
 * has committed is what makes the device's PUBACK mean "stored". A device's last will passes the
 * same hook (lib/client.js, close()), so a `lost` state is ingested like any other message.
 */
import type { EventEmitter } from 'node:events';
import net from 'node:net';
import { Aedes, type AuthenticateError, type Client, type PublishPacket, type Subscription } from 'aedes';
import type { FastifyBaseLogger } from 'fastify';
import { toDeviceMessage, type Deliver } from './messages.ts';
import { DEVICE_CHANNELS, deviceSubscriptionRoot, isTopicIdentifier } from './topics.ts';
import type { DeviceCredentials } from './transport.ts';

/** Something else (on a development machine, usually a Mosquitto) already listens on the MQTT port. */
export class MqttPortInUseError extends Error {
  constructor(
    readonly port: number,
    host: string,
  ) {
    super(
      `MQTT port ${port} on ${host} is already in use by another program (on this machine usually a Mosquitto broker), ` +
        `so Linli's embedded broker cannot start. Either set MQTT_PORT=0 to let the embedded broker pick a free port, ` +
        `or set MQTT_URL=mqtt://127.0.0.1:${port} to use the broker that holds the port.`,
    );
    this.name = 'MqttPortInUseError';
  }
}

export interface EmbeddedBrokerOptions {
  port: number;
  host: string;
  credentials: DeviceCredentials;
  deliver: Deliver;
  log: FastifyBaseLogger;
}

export interface EmbeddedBroker {
  /** The port it listens on (the chosen one when asked for 0). */
  port: number;
  close(): Promise<void>;
}

interface DeviceIdentity {
  deviceId: string;
  /** `linli/{community}/{device}`: everything the device may subscribe to is below it. */
  root: string;
  /** The topics it may publish to, made once when it connects: a publish is checked without building strings. */
  topics: ReadonlySet<string>;
}

function deviceIdentity(communityCode: string, deviceId: string): DeviceIdentity {
  const root = deviceSubscriptionRoot(communityCode, deviceId);
  return { deviceId, root, topics: new Set(DEVICE_CHANNELS.map((channel) => `${root}/${channel}`)) };
}

// CONNACK return codes of MQTT 3.1.1 (aedes speaks 3.1 and 3.1.1 only).
const IDENTIFIER_REJECTED = 2;
const SERVER_UNAVAILABLE = 3;
const BAD_USERNAME_OR_PASSWORD = 4;

function refusal(returnCode: number, message: string): AuthenticateError {
  return Object.assign(new Error(message), { returnCode }) as AuthenticateError;
}

function maySubscribe(device: DeviceIdentity, filter: string): boolean {
  // Anything below the device's own level, wildcards included, stays within its own topics.
  return filter.startsWith(`${device.root}/`);
}

/** The device a CONNECT speaks for, or a refusal carrying its CONNACK return code. */
async function identifyDevice(
  credentials: DeviceCredentials,
  log: FastifyBaseLogger,
  client: Client,
  username: string | undefined,
  password: Buffer | undefined,
): Promise<DeviceIdentity> {
  if (!username || !password || !isTopicIdentifier(username)) {
    throw refusal(BAD_USERNAME_OR_PASSWORD, 'device id or secret missing');
  }
  let found: { communityCode: string } | undefined;
  try {
    found = await credentials.authenticate(username, password.toString('utf8'));
  } catch (err) {
    log.error({ err, deviceId: username }, 'device credentials could not be checked');
    throw refusal(SERVER_UNAVAILABLE, 'credentials could not be checked');
  }
  if (!found) throw refusal(BAD_USERNAME_OR_PASSWORD, 'unknown device or wrong secret');
  // Another client id would let one device evict a connected one that uses the same id.
  if (client.id !== username) throw refusal(IDENTIFIER_REJECTED, 'the client id must be the device id');
  return deviceIdentity(found.communityCode, username);
}

/** The aedes hooks: who may connect, publish and subscribe, and handing each publish to ingest. */
function deviceHooks(options: EmbeddedBrokerOptions, closing: AbortSignal) {
  const { credentials, deliver, log } = options;
  const devices = new WeakMap<Client, DeviceIdentity>();

  return {
    authenticate(client: Client, username: string | undefined, password: Buffer | undefined, done: (err: AuthenticateError | null, ok: boolean | null) => void) {
      identifyDevice(credentials, log, client, username, password).then(
        (device) => {
          devices.set(client, device);
          done(null, true);
        },
        (err: AuthenticateError) => {
          log.info({ deviceId: username, returnCode: err.returnCode, reason: err.message }, 'device connection refused');
          done(err, false);
        },
      );
    },
    authorizePublish(client: Client | null, packet: PublishPacket, done: (err?: Error | null) => void) {
      const device = client ? devices.get(client) : undefined;
      if (!device?.topics.has(packet.topic)) {
        // MQTT 3.1.1 has no negative PUBACK: aedes drops the connection (MQTT-3.3.5-2).
        log.info({ deviceId: device?.deviceId, topic: packet.topic }, 'device publish refused: not its own topic');
        return done(new Error('not authorised to publish to this topic'));
      }
      if (closing.aborted) return done(new Error('the broker is closing'));
      const delivering = deliver(toDeviceMessage(packet), closing);
      if (delivering === undefined) return done(null);
      delivering.then(() => done(null), (err: Error) => done(err));
    },
    authorizeSubscribe(client: Client, subscription: Subscription, done: (err: Error | null, subscription?: Subscription | null) => void) {
      const device = devices.get(client);
      // null refuses just this filter: the SUBACK carries 0x80 for it.
      done(null, device && maySubscribe(device, subscription.topic) ? subscription : null);
    },
  };
}

function listen(server: net.Server, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const failed = (err: NodeJS.ErrnoException) => reject(err.code === 'EADDRINUSE' ? new MqttPortInUseError(port, host) : err);
    server.once('error', failed);
    server.listen(port, host, () => {
      server.off('error', failed);
      resolve((server.address() as net.AddressInfo).port);
    });
  });
}

/** Starts aedes on a TCP server at host:port; throws MqttPortInUseError when the port is taken. */
export async function startEmbeddedBroker(options: EmbeddedBrokerOptions): Promise<EmbeddedBroker> {
  const { log } = options;
  const closing = new AbortController();
  const broker = await Aedes.createBroker(deviceHooks(options, closing.signal));
  broker.on('clientError', (client, err) => log.debug({ clientId: client.id, err }, 'device connection error'));
  broker.on('connectionError', (_client, err) => log.debug({ err }, 'connection error before CONNECT'));
  // aedes emits 'error' on persistence failures (its typings omit it); unlistened, that would end the process.
  const events: EventEmitter = broker;
  events.on('error', (err: Error) => log.error({ err }, 'embedded MQTT broker error'));
  const server = net.createServer(broker.handle);
  server.on('error', (err) => log.error({ err }, 'embedded MQTT server error'));

  const close = async () => {
    closing.abort();
    // The server's callback waits for its connections, which closing the broker ends.
    const serverClosed = new Promise<void>((resolve) => server.close(() => resolve()));
    await new Promise<void>((resolve) => broker.close(() => resolve()));
    await serverClosed;
  };
  try {
    const port = await listen(server, options.port, options.host);
    return { port, close };
  } catch (err) {
    await close();
    throw err;
  }
}
