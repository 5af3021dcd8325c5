/** What the MQTT transport hands to ingest, whichever broker a message came through. */

export interface DeviceMessage {
  topic: string;
  payload: Buffer;
  qos: 0 | 1 | 2;
  retain: boolean;
}

/**
 * Resolves once the message is safely handled (committed): only then is a QoS 1 message acknowledged.
 * Undefined when it was handled at once (a reading queued): most messages, which then take no promise.
 */
export type MessageHandler = (message: DeviceMessage) => Promise<unknown> | undefined;

/** Hands a message to the handler until it succeeds; rejects only when `signal` aborts first; undefined as the handler's. */
export type Deliver = (message: DeviceMessage, signal: AbortSignal) => Promise<void> | undefined;

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
