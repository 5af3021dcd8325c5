/**
 * Device messages from an external broker (Mosquitto, EMQX) through an MQTT 5 shared subscription,
 * `$share/{group}/linli/+/+/+`: each message goes to one subscriber of the group, so several Linli
 * processes (and several connections of one process) split the stream.
 *
 * At-least-once: a QoS 1 message is acknowledged (PUBACK) only after the handler has committed it.
 * Sessions are persistent (clean: false, a session expiry), so what a crashed process never
 * acknowledged is redelivered when it comes back with the same client ids.
 *
 * mqtt.js handles one packet at a time per connection: the `work` loop in lib/client.ts reads the next
 * packet only once `handleMessage` calls back, and for QoS 1 that callback is what sends the PUBACK
 * (lib/handlers/publish.ts, case 1). Waiting there for the commit would let a connection carry one event
 * per commit, with every reading behind it waiting too. So a QoS 1 message is taken off that loop at
 * once (an error to the callback skips mqtt.js's PUBACK) and acknowledged by us after the commit, while
 * the connection reads on; the broker bounds how many wait for their ack by our Receive Maximum.
 * QoS 0 readings keep the loop's backpressure: ingest takes them as fast as it queues them.
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
/** The QoS 1 messages the broker may send a connection before it has their acks (MQTT 5 Receive Maximum). */
const RECEIVE_MAXIMUM = 1_000;
/** Tells mqtt.js not to send its own PUBACK (lib/handlers/publish.ts): ours follows the commit. */
const ACKED_AFTER_COMMIT = new Error('acknowledged after the commit, not by mqtt.js');
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
  // One signal per connection, not per message: it aborts when the connection drops or Linli closes.
  const connectionSignal = () => {
    const connection = new AbortController();
    return { connection, signal: AbortSignal.any([closing, connection.signal]) };
  };
  let current = connectionSignal();
  client.on('close', () => {
    current.connection.abort();
    current = connectionSignal();
  });
  client.handleMessage = (packet, callback) => {
    const { connection, signal } = current;
    const delivering = deliver(toDeviceMessage(packet), signal);
    if (packet.qos !== 1) return delivering ? void delivering.then(() => callback(), (err: Error) => callback(err)) : callback();
    callback(ACKED_AFTER_COMMIT);
    (delivering ?? Promise.resolve()).then(() => {
      // mqtt.js has no public PUBACK; `_sendPacket` is what its own publish handler calls. Not after the
      // connection dropped: offline, mqtt.js would queue the ack for the next connection.
      if (!connection.signal.aborted) client['_sendPacket']({ cmd: 'puback', messageId: packet.messageId });
    }, () => undefined); // aborted: closing, or the connection dropped and the broker redelivers
  };
}

function connectSubscriber(options: SharedSubscriberOptions, clientId: string, closing: AbortSignal, outage: ReturnType<typeof outageLog>) {
  const client = connect(options.url, {
    clientId,
    protocolVersion: 5,
    clean: false,
    properties: { sessionExpiryInterval: options.sessionExpirySeconds, receiveMaximum: RECEIVE_MAXIMUM },
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
