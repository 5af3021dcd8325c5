/**
 * The MQTT topic scheme of device traffic: `linli/{communityCode}/{deviceId}/{channel}`.
 * Telemetry is periodic readings (QoS 0 allowed), events are alarms-to-be (SOS, fall, gas…: QoS 1),
 * state is the retained online/lost state that a device's last will sets.
 */

export const DEVICE_CHANNELS = ['telemetry', 'event', 'state'] as const;
export type DeviceChannel = (typeof DEVICE_CHANNELS)[number];

export interface DeviceTopic {
  communityCode: string;
  deviceId: string;
  channel: DeviceChannel;
}

/** The root level of every device topic. */
export const TOPIC_ROOT = 'linli';
/** The filter that matches every device topic, on any broker. */
export const DEVICE_TOPIC_FILTER = `${TOPIC_ROOT}/+/+/+`;

// Community codes and device ids share one shape, so neither can smuggle in a topic level or wildcard.
const IDENTIFIER = /^[A-Za-z0-9_-]{1,64}$/;

/** Whether a string may be a community code or a device id. */
export function isTopicIdentifier(value: string): boolean {
  return IDENTIFIER.test(value);
}

function isChannel(value: string): value is DeviceChannel {
  return (DEVICE_CHANNELS as readonly string[]).includes(value);
}

/**
 * Topics parsed already. Every message's topic is parsed, and topics repeat (a device publishes on three), so a
 * lookup replaces the split and the pattern tests. Only device topics are kept, and at most so many: a flood
 * of made-up ones cannot grow it without bound.
 */
const parsedTopics = new Map<string, Readonly<DeviceTopic>>();
const maxParsedTopics = 100_000;

/** The parts of a device topic, or undefined when the topic is not one. */
export function parseDeviceTopic(topic: string): Readonly<DeviceTopic> | undefined {
  const known = parsedTopics.get(topic);
  if (known) return known;
  const levels = topic.split('/');
  if (levels.length !== 4) return undefined;
  const [root, communityCode, deviceId, channel] = levels;
  if (root !== TOPIC_ROOT || !isTopicIdentifier(communityCode) || !isTopicIdentifier(deviceId) || !isChannel(channel)) {
    return undefined;
  }
  if (parsedTopics.size >= maxParsedTopics) parsedTopics.clear();
  const parsed = Object.freeze({ communityCode, deviceId, channel });
  parsedTopics.set(topic, parsed);
  return parsed;
}

/** The topic a device publishes on; throws on a code or id that could not be parsed back. */
export function formatDeviceTopic({ communityCode, deviceId, channel }: DeviceTopic): string {
  if (!isTopicIdentifier(communityCode)) throw new Error(`not a community code for a topic: ${communityCode}`);
  if (!isTopicIdentifier(deviceId)) throw new Error(`not a device id for a topic: ${deviceId}`);
  return `${TOPIC_ROOT}/${communityCode}/${deviceId}/${channel}`;
}

/** The filter under which a device may subscribe (its own commands, later): `linli/{community}/{device}/#`. */
export function deviceSubscriptionRoot(communityCode: string, deviceId: string): string {
  return `${TOPIC_ROOT}/${communityCode}/${deviceId}`;
}
