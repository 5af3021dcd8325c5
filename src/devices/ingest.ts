/**
 * The ingest pipeline (物联接入): every device message, from MQTT or the HTTP gateway, is routed by its
 * topic to a registered device, validated against its kind's schema, and handled by channel:
 * - event (QoS 1): written once (device × sequence number) with its rules' effects — alarms, tickets,
 *   rule state, checks — in one transaction; only then does the transport acknowledge it (at-least-once).
 * - telemetry (QoS 0 allowed): queued and written in batches with their rules' effects; a crash may
 *   lose the last fraction of a second of readings, never an event.
 * - state (retained; `lost` from the device's last will): the device's state.
 * A malformed message is counted on its device (visible in the console) and logged; it never stops ingest.
 */
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import type { Clock } from '../platform/clock.ts';
import type { FieldCipher } from '../platform/fieldCipher.ts';
import { createDeviceCache, type CachedDevice } from './deviceCache.ts';
import { decodePayload, deviceTime, isDeviceKind, validatePayload, type Channel, type EventPayload, type PayloadOf } from './kinds.ts';
import { startRuleRun } from './ruleRun.ts';
import * as store from './store.ts';
import { parseDeviceTopic } from './topics.ts';
import type { DeviceMessage } from './transport.ts';

export interface IngestDeps {
  db: Kysely<DB>;
  clock: Clock;
  cipher: FieldCipher;
  log: { warn(obj: object, msg: string): void; error(obj: object, msg: string): void; debug(obj: object, msg: string): void };
}

export type IngestOutcome = 'accepted' | 'duplicate' | 'malformed' | 'unknown_device' | 'inactive';

export interface IngestCounts {
  received: number;
  accepted: number;
  duplicates: number;
  malformed: number;
  unknown: number;
  /** Telemetry batches that failed to commit (their readings are lost: telemetry may be). */
  failedBatches: number;
}

export interface Ingest {
  /** The transport's handler: resolves once an event or state is committed, or a reading is queued. */
  handle(message: DeviceMessage): Promise<void>;
  /** One message for a device, with its payload as bytes (MQTT) or parsed JSON (HTTP gateway). */
  ingest(deviceId: string, channel: Channel, payload: Buffer | unknown, topicCommunity?: string): Promise<IngestOutcome>;
  /** Writes the queued telemetry now. */
  flush(): Promise<void>;
  /** Forgets what it knows of a device (after a change in the registry). */
  forget(deviceId: string): void;
  readonly counts: Readonly<IngestCounts>;
  close(): Promise<void>;
}

/** Telemetry is written at least this often, and at once when this many readings are queued. */
const flushIntervalMs = 250;
const flushSize = 1000;
/** Beyond this many queued readings, producers wait for the write in progress (backpressure). */
const maxQueued = 20_000;
/** A device that keeps sending bad payloads is logged once a minute, counted every time. */
const malformedLogEveryMs = 60_000;

interface QueuedReading {
  device: CachedDevice;
  value: PayloadOf['telemetry'];
  at: Date;
  receivedAt: Date;
}

export function createIngest(deps: IngestDeps): Ingest {
  const cache = createDeviceCache(deps.db, deps.clock);
  const counts: IngestCounts = { received: 0, accepted: 0, duplicates: 0, malformed: 0, unknown: 0, failedBatches: 0 };
  const lastLogged = new Map<string, number>();
  let queue: QueuedReading[] = [];
  let flushing: Promise<void> = Promise.resolve();
  let closed = false;
  const timer = setInterval(() => void flush(), flushIntervalMs);
  timer.unref();

  function flush(): Promise<void> {
    if (!queue.length) return flushing;
    const batch = queue;
    queue = [];
    flushing = flushing.then(() => writeTelemetry(deps, batch)).catch((err: unknown) => {
      counts.failedBatches++;
      deps.log.error({ err, readings: batch.length }, 'telemetry batch failed; its readings are lost');
    });
    return flushing;
  }

  async function malformed(device: CachedDevice, channel: Channel, errors: string[]): Promise<IngestOutcome> {
    counts.malformed++;
    const error = `${channel}: ${errors.join('; ')}`.slice(0, 500);
    await store.recordMalformed(deps.db, device.id, deps.clock.now(), error);
    const now = deps.clock.now().getTime();
    if ((lastLogged.get(device.id) ?? 0) + malformedLogEveryMs <= now) {
      lastLogged.set(device.id, now);
      deps.log.warn({ deviceId: device.id, channel, errors }, 'malformed device payload');
    }
    return 'malformed';
  }

  async function ingest(deviceId: string, channel: Channel, payload: Buffer | unknown, topicCommunity?: string): Promise<IngestOutcome> {
    counts.received++;
    const device = await cache.get(deviceId);
    if (!device || !isDeviceKind(device.kind)) {
      counts.unknown++;
      deps.log.debug({ deviceId, channel }, 'message from an unregistered device');
      return 'unknown_device';
    }
    if (!device.active) return 'inactive';
    if (topicCommunity !== undefined && topicCommunity !== device.community_code) {
      return malformed(device, channel, [`published under community ${topicCommunity}, registered in ${device.community_code}`]);
    }
    const decoded = Buffer.isBuffer(payload) ? decodePayload(device.kind, channel, payload) : validatePayload(device.kind, channel, payload);
    if (!decoded.ok) return malformed(device, channel, decoded.errors);
    const receivedAt = deps.clock.now();
    const outcome = await handleValid(device, channel, decoded.value, receivedAt);
    if (outcome === 'duplicate') counts.duplicates++;
    else counts.accepted++;
    return outcome;
  }

  async function handleValid(device: CachedDevice, channel: Channel, value: PayloadOf[Channel], receivedAt: Date): Promise<IngestOutcome> {
    if (channel === 'event') return writeEvent(deps, device, value as EventPayload, receivedAt);
    if (channel === 'state') return writeState(deps, device, value as PayloadOf['state'], receivedAt);
    queue.push({ device, value: value as PayloadOf['telemetry'], at: deviceTime(value.ts, receivedAt).at, receivedAt });
    if (queue.length >= maxQueued) await flush();
    else if (queue.length >= flushSize) void flush();
    return 'accepted';
  }

  return {
    async handle(message) {
      const topic = parseDeviceTopic(message.topic);
      if (!topic) {
        counts.received++;
        counts.unknown++;
        return;
      }
      await ingest(topic.deviceId, topic.channel, message.payload, topic.communityCode);
    },
    ingest,
    flush,
    forget: (deviceId) => cache.forget(deviceId),
    counts,
    async close() {
      if (closed) return;
      closed = true;
      clearInterval(timer);
      await flush();
    },
  };
}

/** Locks the devices' rows, in id order (no deadlocks): one device's messages are applied one at a time, in any process. */
async function lockDevices(trx: Kysely<DB>, ids: string[]): Promise<void> {
  await trx.selectFrom('device').select('id').where('id', 'in', ids).orderBy('id').forUpdate().execute();
}

async function writeEvent(deps: IngestDeps, device: CachedDevice, value: EventPayload, receivedAt: Date): Promise<IngestOutcome> {
  const { at } = deviceTime(value.ts, receivedAt);
  return deps.db.transaction().execute(async (trx): Promise<IngestOutcome> => {
    await lockDevices(trx, [device.id]);
    const fresh = await store.insertEventOnce(trx, { deviceId: device.id, seq: value.seq, type: value.type, at, receivedAt, payload: value });
    if (!fresh) return 'duplicate';
    await store.recordSightings(trx, [{ deviceId: device.id, at: receivedAt, battery: value.battery as number | undefined, signal: value.signal as number | undefined }]);
    const run = await startRuleRun(trx, deps, [device.id]);
    await run.apply(device, { channel: 'event', at, value });
    await run.finish();
    return 'accepted';
  });
}

async function writeState(deps: IngestDeps, device: CachedDevice, value: PayloadOf['state'], receivedAt: Date): Promise<IngestOutcome> {
  const { at } = deviceTime(value.ts, receivedAt);
  await deps.db.transaction().execute(async (trx) => {
    await lockDevices(trx, [device.id]);
    await store.recordSightings(trx, [{ deviceId: device.id, at: receivedAt, state: value.state }]);
    const run = await startRuleRun(trx, deps, [device.id]);
    await run.apply(device, { channel: 'state', at, value });
    await run.finish();
  });
  return 'accepted';
}

async function writeTelemetry(deps: IngestDeps, batch: QueuedReading[]): Promise<void> {
  const ids = [...new Set(batch.map((r) => r.device.id))];
  await deps.db.transaction().execute(async (trx) => {
    await lockDevices(trx, ids);
    await store.insertReadings(trx, batch.map((r) => ({ deviceId: r.device.id, at: r.at, receivedAt: r.receivedAt, value: r.value })));
    await store.recordSightings(trx, sightingsOf(batch));
    const run = await startRuleRun(trx, deps, ids);
    for (const r of batch) await run.apply(r.device, { channel: 'telemetry', at: r.at, value: r.value });
    await run.finish();
  });
}

/** One sighting per device: seen at its last reading, with the last battery and signal the batch told. */
function sightingsOf(batch: QueuedReading[]): store.DeviceSighting[] {
  const sightings = new Map<string, store.DeviceSighting>();
  for (const r of batch) {
    const seen = sightings.get(r.device.id);
    sightings.set(r.device.id, {
      deviceId: r.device.id, at: r.receivedAt, battery: r.value.battery ?? seen?.battery, signal: r.value.signal ?? seen?.signal,
    });
  }
  return [...sightings.values()];
}
