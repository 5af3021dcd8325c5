/**
 * Device messages from an external broker (Mosquitto, EMQX) through an MQTT 5 shared subscription,
 * `$share/{group}/linli/+/+/+`: each message goes to one subscriber of the group, so several Linli
 * processes (and several connections of one process) split the stream.
 *
 * At-least-once: mqtt.js sends a QoS 1 PUBACK from the callback of `client.handleMessage`
 * (lib/handlers/publish.ts, case 1), so that callback runs only after the handler has committed.
 * Sessions are persistent (clean: false, a session expiry), so what a crashed process never
 * acknowledged is redelivered when it comes back with the same client ids.
 *
 * mqtt.js handles one packet at a time per connection (the `work` loop in lib/client.ts waits for
 * each packet's callback), so one connection is bounded by commit latency: hence several.
 */
import { connect, type MqttClient } from 'mqtt';
import type { FastifyBaseLogger } from 'fastify';
import { toDeviceMessage, type Deliver } from './messages.ts';
import { DEVICE_TOPIC_FILTER } from './topics.ts';

export interface SharedSubscriberOptions {
  url: string;
  /** Connection n uses `{clientIdPrefix}-{n}`. */
  clientIdPrefix: string;
  connections: number;
  shareGroup: string;
  sessionExpirySeconds: number;
  deliver: Deliver;
  log: FastifyBaseLogger;
}

export interface SharedSubscriber {
  close(): Promise<void>;
}

const RECONNECT_MS = 1_000;
const CONNECT_TIMEOUT_MS = 10_000;

/** Logs a broker outage once when it starts and once when every connection is back, not per retry. */
function outageLog(log: FastifyBaseLogger) {
  const down = new Set<string>();
  let errorLogged = false;
  return {
    lost(clientId: string) {
      if (down.size === 0) log.warn('lost the connection to the MQTT broker; reconnecting');
      down.add(clientId);
    },
    restored(clientId: string) {
      if (!down.delete(clientId) || down.size > 0) return;
      errorLogged = false;
      log.info('reconnected to the MQTT broker');
    },
    error(err: Error) {
      if (errorLogged) return log.debug({ err }, 'MQTT broker connection error');
      errorLogged = true;
      log.warn({ err }, 'MQTT broker connection error');
    },
  };
}

/**
 * Hands each message to `deliver` and acknowledges it after that resolves, on the connection it came
 * on. Once that connection drops the broker redelivers the message itself: an ack sent on the next
 * connection could carry a packet id the broker has since given to another message.
 */
function ackAfterDelivery(client: MqttClient, deliver: Deliver, closing: AbortSignal) {
  let connection = new AbortController();
  client.on('close', () => {
    connection.abort();
    connection = new AbortController();
  });
  client.handleMessage = (packet, callback) => {
    const current = connection.signal;
    deliver(toDeviceMessage(packet), AbortSignal.any([closing, current])).then(
      () => callback(current.aborted ? new Error('connection lost before the ack; the broker redelivers') : undefined),
      (err: Error) => callback(err),
    );
  };
}

function connectSubscriber(options: SharedSubscriberOptions, clientId: string, closing: AbortSignal, outage: ReturnType<typeof outageLog>) {
  const client = connect(options.url, {
    clientId,
    protocolVersion: 5,
    clean: false,
    properties: { sessionExpiryInterval: options.sessionExpirySeconds },
    reconnectPeriod: RECONNECT_MS,
    connectTimeout: CONNECT_TIMEOUT_MS,
  });
  ackAfterDelivery(client, options.deliver, closing);
  const ready = new Promise<void>((resolve, reject) => {
    let connected = false;
    const failed = (reason: string) => reject(new Error(`cannot subscribe at the MQTT broker in MQTT_URL as ${clientId}: ${reason}`));
    client.on('error', (err) => (connected ? outage.error(err) : failed(err.message)));
    client.on('close', () => {
      if (!connected) return failed('the connection closed before the broker accepted it');
      if (!closing.aborted) outage.lost(clientId);
    });
    client.on('connect', () => {
      if (connected) return outage.restored(clientId);
      connected = true;
      // mqtt.js renews this subscription itself after a reconnect that did not resume the session.
      client.subscribeAsync(`$share/${options.shareGroup}/${DEVICE_TOPIC_FILTER}`, { qos: 1 }).then(() => resolve(), (err: Error) => failed(err.message));
    });
  });
  return { client, ready };
}

/** Connects `connections` subscribers to the shared group; rejects (and disconnects) when any cannot subscribe. */
export async function openSharedSubscriber(options: SharedSubscriberOptions): Promise<SharedSubscriber> {
  const closing = new AbortController();
  const outage = outageLog(options.log);
  const subscribers = Array.from({ length: options.connections }, (_, i) =>
    connectSubscriber(options, `${options.clientIdPrefix}-${i + 1}`, closing.signal, outage),
  );
  const close = async () => {
    closing.abort();
    await Promise.all(subscribers.map(({ client }) => client.endAsync()));
  };
  try {
    await Promise.all(subscribers.map(({ ready }) => ready));
  } catch (err) {
    await close();
    throw err;
  }
  return { close };
}
