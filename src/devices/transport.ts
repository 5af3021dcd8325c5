/**
 * The one adapter over MQTT. Device messages reach the ingest handler either from Linli's embedded
 * broker (aedes, the default) or from an external broker (Mosquitto, EMQX) through an MQTT 5 shared
 * subscription, so that several Linli processes split the stream.
 *
 * Both paths are at-least-once: a QoS 1 message is acknowledged only after the handler resolves,
 * and a failing handler is retried with backoff, never acknowledged, until it succeeds or the
 * transport closes. Topic and payload validation is the handler's job; the transport passes on
 * every message on the device topics and survives whatever the handler or a client does.
 */
import os from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import type { FastifyBaseLogger } from 'fastify';
import { MqttPortInUseError, startEmbeddedBroker } from './broker.ts';
import type { Deliver, DeviceMessage, MessageHandler } from './messages.ts';
import { openSharedSubscriber } from './sharedSubscriber.ts';

export { MqttPortInUseError };
export type { DeviceMessage, MessageHandler } from './messages.ts';

export interface DeviceCredentials {
  /** Whether this device id + secret may connect (embedded broker only; the external broker does its own auth). */
  authenticate(deviceId: string, secret: string): Promise<{ communityCode: string } | undefined>;
}

export interface Transport {
  /** 'embedded mqtt://127.0.0.1:PORT' or 'external mqtt://host:port' — for the start-up lines. */
  readonly description: string;
  /** For the embedded broker, the port it listens on (useful with MQTT_PORT=0). */
  readonly port: number | undefined;
  close(): Promise<void>;
}

export interface TransportOptions {
  /** External broker; absent means the embedded one. */
  mqttUrl?: string;
  /** Embedded broker port; 0 picks a free one. */
  mqttPort: number;
  /** Embedded broker address (default 127.0.0.1). */
  host?: string;
  /** External broker: prefix of the subscriber client ids (default `linli-{hostname}-{httpPort or pid}`). */
  clientId?: string;
  /** External broker: the HTTP port, which makes the default client ids stable across restarts. */
  httpPort?: number;
  /** External broker: subscriber connections in the shared group (default 4). */
  connections?: number;
  /** External broker: the shared subscription group (default `linli`); processes in one group split the stream. */
  shareGroup?: string;
  /** External broker: how long the broker keeps a subscriber's session, and its unacknowledged messages, while it is away. */
  sessionExpirySeconds?: number;
  credentials: DeviceCredentials;
  handler: MessageHandler;
  log: FastifyBaseLogger;
}

const FIRST_RETRY_MS = 100;
const LAST_RETRY_MS = 5_000;

/**
 * Wraps the handler in retries with exponential backoff. Handler failures are logged when they
 * start and when they stop, not once per message: while the database is down every message fails.
 */
function retryingDelivery(handler: MessageHandler, log: FastifyBaseLogger): Deliver {
  let failing = 0;
  const recovered = () => {
    if (failing > 0) log.info({ failures: failing }, 'device message handler recovered');
    failing = 0;
  };
  const failed = (err: unknown, topic: string, attempt: number) => {
    if (failing++ === 0) log.error({ err, topic }, 'device message handler failed; retrying, not acknowledging');
    else log.debug({ err, topic, attempt }, 'device message handler failed again');
  };
  const attempt = (message: DeviceMessage) => {
    try {
      return handler(message);
    } catch (err) {
      return Promise.reject(err);
    }
  };
  async function retry(message: DeviceMessage, signal: AbortSignal, firstError: unknown): Promise<void> {
    failed(firstError, message.topic, 0);
    for (let n = 1; ; n++) {
      await sleep(Math.min(FIRST_RETRY_MS * 2 ** (n - 1), LAST_RETRY_MS), undefined, { signal });
      try {
        await attempt(message);
        return recovered();
      } catch (err) {
        failed(err, message.topic, n);
      }
    }
  }
  return (message, signal) => {
    if (signal.aborted) return Promise.reject(signal.reason);
    // A message handled at once (a reading queued) goes back without a promise, as the handler gave it.
    const handling = attempt(message);
    if (handling === undefined) {
      recovered();
      return undefined;
    }
    return handling.then(recovered, (err: unknown) => retry(message, signal, err));
  };
}

function defaultClientId(httpPort: number | undefined): string {
  // A client id names a session on the broker: the same one after a restart resumes it (and gets
  // the unacknowledged messages); two processes must never share one, or they take turns evicting each other.
  const host = os.hostname().replace(/[^A-Za-z0-9_-]/g, '_');
  return `linli-${host}-${httpPort ? httpPort : process.pid}`;
}

function brokerAddress(url: string): string {
  const parsed = new URL(url);
  return `${parsed.protocol}//${parsed.host}`; // without credentials: this goes to the logs
}

/** Starts the embedded broker, or connects to `mqttUrl`, and hands every device message to `handler`. */
export async function openTransport(options: TransportOptions): Promise<Transport> {
  const log = options.log.child({ component: 'mqtt' });
  const deliver = retryingDelivery(options.handler, log);
  if (options.mqttUrl) {
    const subscriber = await openSharedSubscriber({
      url: options.mqttUrl,
      clientIdPrefix: options.clientId ?? defaultClientId(options.httpPort),
      connections: options.connections ?? 4,
      shareGroup: options.shareGroup ?? 'linli',
      sessionExpirySeconds: options.sessionExpirySeconds ?? 86_400,
      deliver,
      log,
    });
    return { description: `external ${brokerAddress(options.mqttUrl)}`, port: undefined, close: subscriber.close };
  }
  const host = options.host ?? '127.0.0.1';
  const broker = await startEmbeddedBroker({ port: options.mqttPort, host, credentials: options.credentials, deliver, log });
  const shownHost = host.includes(':') ? `[${host}]` : host;
  return { description: `embedded mqtt://${shownHost}:${broker.port}`, port: broker.port, close: broker.close };
}
