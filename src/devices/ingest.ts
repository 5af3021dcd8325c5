/**
 * The ingest pipeline (物联接入): every device message, from MQTT or the HTTP gateway, is routed by its
 * topic to a registered device, validated against its kind's schema, and handled by channel:
 * - event (QoS 1): written once (device × sequence number) with its rules' effects — alarms, tickets,
 *   rule state, checks — in one transaction; only then does the transport acknowledge it (at-least-once).
 *   Events are committed in groups: those that arrive while a group commits form the next one, so under
 *   load one transaction carries many events, and an event that arrives alone goes at once.
 * - telemetry (QoS 0 allowed): queued and written in batches with their rules' effects; a crash may
 *   lose the last fraction of a second of readings, never an event.
 * - state (retained; `lost` from the device's last will): the device's state.
 * Devices are shared out over lanes by id: each lane has its own event groups and telemetry batches, so a
 * device's messages are applied in order in its lane, while the lanes' transactions, whose devices (and so
 * row locks) never overlap, run side by side on the pool's connections.
 * A malformed message is counted on its device (visible in the console) and logged; it never stops ingest.
 */
// Imported, not the global: reading the global Buffer runs a getter, on every message.
import { Buffer } from 'node:buffer';
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import type { Clock } from '../platform/clock.ts';
import type { FieldCipher } from '../platform/fieldCipher.ts';
import { createDeviceCache, type CachedDevice } from './deviceCache.ts';
import { decodePayload, deviceTime, isDeviceKind, validatePayload, type Channel, type EventPayload, type PayloadOf } from './kinds.ts';
import type { Reading } from './rules.ts';
import { startRuleRun } from './ruleRun.ts';
import * as store from './store.ts';
import { parseDeviceTopic } from './topics.ts';
import type { MessageHandler } from './messages.ts';

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
  /** The transport's handler: resolves once an event or state is committed; undefined when a reading was queued at once. */
  handle: MessageHandler;
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
/**
 * At most this many readings per transaction. Readings that arrive while a batch is being written wait and go
 * in the next: under load batches grow, and a batch pays for its round trips and its devices' state once.
 */
const maxBatch = 5000;
/** Beyond this many queued readings, producers wait for the writes in progress (backpressure). */
const maxQueued = 20_000;
/** A device that keeps sending bad payloads is logged once a minute, counted every time. */
const malformedLogEveryMs = 60_000;
/** At most this many events per transaction: any burst is taken in a few, and none holds its locks long. */
const maxEventGroup = 200;
/** Lanes of writes: two keep both of a small server's cores busy, one writing while the other's round trip is under way. */
const laneCount = 2;

interface QueuedReading {
  device: CachedDevice;
  reading: Reading & { channel: 'telemetry'; value: PayloadOf['telemetry'] };
  /** The value's JSON as the device sent it, when it came as bytes. */
  text?: string;
  receivedAt: Date;
}

interface PendingEvent {
  device: CachedDevice;
  value: EventPayload;
  /** The payload's JSON as the device sent it, when it came as bytes. */
  text?: string;
  receivedAt: Date;
  done(outcome: IngestOutcome): void;
  failed(err: unknown): void;
}

/** A lane of writes: its devices' events in groups, and their readings in batches, each one transaction at a time. */
function createLane(deps: IngestDeps, counts: IngestCounts) {
  const writeEvent = eventGroups(deps);
  let queue: QueuedReading[] = [];
  let writing = false;
  let drained: Promise<void> = Promise.resolve();

  /** Writes batch after batch until nothing is queued; `writing` is cleared in the same turn as the last look at the queue. */
  async function drain(): Promise<void> {
    while (queue.length) {
      const batch = queue.length <= maxBatch ? queue : queue.slice(0, maxBatch);
      queue = batch === queue ? [] : queue.slice(maxBatch);
      await writeTelemetry(deps, batch).catch((err: unknown) => {
        counts.failedBatches++;
        deps.log.error({ err, readings: batch.length }, 'telemetry batch failed; its readings are lost');
      });
    }
    writing = false;
  }

  /** Resolves once everything queued now is written (and whatever else was queued meanwhile). */
  function flush(): Promise<void> {
    if (!writing && queue.length) {
      writing = true;
      drained = drain();
    }
    return drained;
  }

  return {
    writeEvent,
    flush,
    /** Queues a reading; when the queue is full, returns the writes to wait for before the next. */
    queueReading(reading: QueuedReading): Promise<void> | undefined {
      queue.push(reading);
      if (queue.length >= maxQueued / laneCount) return flush();
      if (queue.length >= flushSize) void flush();
      return undefined;
    },
  };
}

/** The lane of a device: the same one for as long as the process runs. */
function laneIndex(deviceId: string): number {
  let hash = 0;
  for (let i = 0; i < deviceId.length; i++) hash = (hash * 31 + deviceId.charCodeAt(i)) | 0;
  return Math.abs(hash) % laneCount;
}

export function createIngest(deps: IngestDeps): Ingest {
  const cache = createDeviceCache(deps.db, deps.clock);
  const counts: IngestCounts = { received: 0, accepted: 0, duplicates: 0, malformed: 0, unknown: 0, failedBatches: 0 };
  const lastLogged = new Map<string, number>();
  const lanes = Array.from({ length: laneCount }, () => createLane(deps, counts));
  let closed = false;
  const timer = setInterval(() => void flush(), flushIntervalMs);
  timer.unref();

  async function flush(): Promise<void> {
    await Promise.all(lanes.map((lane) => lane.flush()));
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

  /**
   * Takes one message: the outcome, or a promise of it when there is something to wait for (a device not
   * cached, an event or state to commit, a full queue). A reading from a cached device, nearly every
   * message, is queued with no promise at all: thousands a second add up.
   */
  function take(deviceId: string, channel: Channel, payload: Buffer | unknown, topicCommunity?: string): IngestOutcome | Promise<IngestOutcome> {
    counts.received++;
    const device = cache.peek(deviceId);
    if (device) return takeFrom(device, deviceId, channel, payload, topicCommunity);
    return cache.get(deviceId).then((found) => takeFrom(found, deviceId, channel, payload, topicCommunity));
  }

  function takeFrom(device: CachedDevice | undefined, deviceId: string, channel: Channel, payload: Buffer | unknown, topicCommunity?: string): IngestOutcome | Promise<IngestOutcome> {
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
    const writing = write(device, channel, decoded, deps.clock.now());
    return writing ? writing.then(counted) : counted('accepted');
  }

  function counted(outcome: IngestOutcome): IngestOutcome {
    if (outcome === 'duplicate') counts.duplicates++;
    else counts.accepted++;
    return outcome;
  }

  /**
   * A valid message to its lane: an event or a state to commit, a reading to queue. Returns what to wait for:
   * nothing for a reading that found room in the queue, the common case.
   */
  function write(device: CachedDevice, channel: Channel, { value, text }: { value: PayloadOf[Channel]; text?: string }, receivedAt: Date): Promise<IngestOutcome> | undefined {
    const lane = lanes[laneIndex(device.id)];
    if (channel === 'event') return lane.writeEvent(device, value as EventPayload, text, receivedAt);
    if (channel === 'state') return writeState(deps, device, value as PayloadOf['state'], receivedAt);
    const reading = { channel, at: deviceTime(value.ts, receivedAt).at, value: value as PayloadOf['telemetry'] };
    return lane.queueReading({ device, reading, text, receivedAt })?.then(() => 'accepted');
  }

  return {
    handle(message) {
      const topic = parseDeviceTopic(message.topic);
      if (!topic) {
        counts.received++;
        counts.unknown++;
        return undefined;
      }
      const taken = take(topic.deviceId, topic.channel, message.payload, topic.communityCode);
      return typeof taken === 'string' ? undefined : taken;
    },
    ingest: async (deviceId, channel, payload, topicCommunity) => take(deviceId, channel, payload, topicCommunity),
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

/**
 * The group commit of events: one group's transaction at a time; the events that arrive meanwhile wait and
 * form the next group. Each event's promise settles when its group has committed (or failed).
 */
function eventGroups(deps: IngestDeps) {
  const waiting: PendingEvent[] = [];
  let writing = false;
  async function drain() {
    writing = true;
    while (waiting.length) await commitGroup(deps, waiting.splice(0, maxEventGroup));
    writing = false;
  }
  return (device: CachedDevice, value: EventPayload, text: string | undefined, receivedAt: Date) => new Promise<IngestOutcome>((done, failed) => {
    waiting.push({ device, value, text, receivedAt, done, failed });
    if (!writing) void drain();
  });
}

/** Commits a group; if it fails, each of its events on its own, so that a bad event fails alone. */
async function commitGroup(deps: IngestDeps, group: PendingEvent[]): Promise<void> {
  try {
    const outcomes = await writeEvents(deps, group);
    group.forEach((e, i) => e.done(outcomes[i]));
  } catch (err) {
    if (group.length === 1) return group[0].failed(err);
    for (const e of group) await commitGroup(deps, [e]);
  }
}

async function writeEvents(deps: IngestDeps, group: PendingEvent[]): Promise<IngestOutcome[]> {
  const events = group.map((e) => ({
    device: e.device, receivedAt: e.receivedAt, text: e.text, reading: { channel: 'event' as const, at: deviceTime(e.value.ts, e.receivedAt).at, value: e.value }, key: `${e.device.id}:${e.value.seq}`,
  }));
  return deps.db.transaction().execute(async (trx) => {
    await store.lockDevices(trx, [...new Set(events.map((e) => e.device.id))]);
    const written = await store.insertEventsOnce(trx, events.map(({ device, reading, receivedAt, text }) => ({
      deviceId: device.id, seq: reading.value.seq, type: reading.value.type, at: reading.at, receivedAt, payload: reading.value, text,
    })));
    // Of two copies of one event in a group, the first is the one written.
    const fresh = events.filter((e) => written.delete(e.key));
    if (fresh.length) {
      const run = await startRuleRun(trx, deps, [...new Set(fresh.map((e) => e.device.id))], [store.sightingsUpdate(sightingsOf(fresh))]);
      await run.apply(fresh);
      await run.finish();
    }
    const accepted = new Set(fresh);
    return events.map((e): IngestOutcome => (accepted.has(e) ? 'accepted' : 'duplicate'));
  });
}

async function writeState(deps: IngestDeps, device: CachedDevice, value: PayloadOf['state'], receivedAt: Date): Promise<IngestOutcome> {
  const { at } = deviceTime(value.ts, receivedAt);
  await deps.db.transaction().execute(async (trx) => {
    await store.lockDevices(trx, [device.id]);
    const run = await startRuleRun(trx, deps, [device.id], [store.sightingsUpdate([{ deviceId: device.id, at: receivedAt, state: value.state }])]);
    await run.apply([{ device, reading: { channel: 'state', at, value } }]);
    await run.finish();
  });
  return 'accepted';
}

async function writeTelemetry(deps: IngestDeps, batch: QueuedReading[]): Promise<void> {
  const ids = [...new Set(batch.map((r) => r.device.id))];
  await deps.db.transaction().execute(async (trx) => {
    // The readings go in with the lock, in one round trip: they lock nothing (readings have no foreign key).
    await store.lockDevices(trx, ids, [store.readingsInsert(batch)]);
    const run = await startRuleRun(trx, deps, ids, [store.sightingsUpdate(sightingsOf(batch))]);
    await run.apply(batch);
    await run.finish();
  });
}

/** One sighting per device: seen at its last message, with the last battery and signal the batch told. */
function sightingsOf(batch: { device: CachedDevice; reading: { value: { battery?: number; signal?: number } }; receivedAt: Date }[]): store.DeviceSighting[] {
  const sightings = new Map<string, store.DeviceSighting>();
  for (const { device, reading: { value }, receivedAt } of batch) {
    const seen = sightings.get(device.id);
    if (!seen) {
      sightings.set(device.id, { deviceId: device.id, at: receivedAt, battery: value.battery, signal: value.signal });
      continue;
    }
    seen.at = receivedAt;
    seen.battery = value.battery ?? seen.battery;
    seen.signal = value.signal ?? seen.signal;
  }
  return [...sightings.values()];
}
