/** What the MQTT transport hands to ingest, whichever broker a message came through. */

export interface DeviceMessage {
  topic: string;
  payload: Buffer;
  qos: 0 | 1 | 2;
  retain: boolean;
}

/** Resolves once the message is safely handled (committed): only then is a QoS 1 message acknowledged. */
export type MessageHandler = (message: DeviceMessage) => Promise<void>;

/** Hands a message to the handler until it succeeds; rejects only when `signal` aborts first. */
export type Deliver = (message: DeviceMessage, signal: AbortSignal) => Promise<void>;

/** A PUBLISH as aedes and mqtt.js parse it (both with mqtt-packet). */
interface PublishPacket {
  topic: string;
  payload: Buffer | string;
  qos: 0 | 1 | 2;
  retain: boolean;
}

export function toDeviceMessage({ topic, payload, qos, retain }: PublishPacket): DeviceMessage {
  return { topic, payload: Buffer.isBuffer(payload) ? payload : Buffer.from(payload), qos, retain };
}
