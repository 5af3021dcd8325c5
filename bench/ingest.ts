// npm run bench:ingest — how fast device messages become rows, on the embedded broker (aedes) and on the local
// Mosquitto (127.0.0.1:1883, or MQTT_TEST_URL; skipped, saying so, when it does not answer). For each broker, with
// the same publisher (bench/ingestPublisher.ts, its own process: one MQTT connection per device) and the same
// payloads (telemetry at QoS 0, every tenth message a QoS 1 event: SOS presses and door openings):
//   (a) the broker alone, pub→sub, to a plain subscriber: on aedes an in-process subscription on an aedes without
//       Linli's hooks (Linli's own broker admits device identities only); on Mosquitto several connections in a
//       shared group, as Linli subscribes;
//   (b) Linli's ingest (openTransport + createIngest, as `linli serve` runs them) into a throw-away PostgreSQL
//       database (DATABASE_URL's server, else the local one): validation, device state, rules, alarms, commits;
// (a) and (b) taking turns, a burst each per round, the ratio (b)/(a) being the median of the rounds' own; then
// open loops at fixed rates timing each event from when it was due to be published
// to when its transaction (alarm included) committed. (b) on the embedded engine (PGlite) is printed for reference.
import crypto from 'node:crypto';
import { fork } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Aedes } from 'aedes';
import { sql } from 'kysely';
import { connectAsync, type MqttClient } from 'mqtt';
import { pino } from 'pino';
import { openEmbeddedDatabase, openServerDatabase, type Database } from '../src/db/engine.ts';
import { registerFleet, takeOverFleet, type FleetDevice } from '../src/devices/fleet.ts';
import { createIngest, type Ingest } from '../src/devices/ingest.ts';
import { authenticateDevice } from '../src/devices/registry.ts';
import { openTransport } from '../src/devices/transport.ts';
import { systemClock } from '../src/platform/clock.ts';
import { createFieldCipher, generateDataKey, type FieldCipher } from '../src/platform/fieldCipher.ts';
import type { BenchDevice, PublisherCommand, PublisherReply } from './ingestPublisher.ts';
import { EVENT_EVERY } from './ingestPublisher.ts';
import { median, percentile, prepareWorld, throwawayServerDatabase } from './tickets.ts';

const DEVICES_PER_KIND = 50;
const KINDS: BenchDevice['kind'][] = ['sos_button', 'door_magnet', 'water_meter', 'bin_level'];
/**
 * Bursts of WARM_UP until WARM_UP_MS have passed, before each receiver's timed bursts: what is timed is the
 * steady state, not V8 still optimising the ingest path (for the first seconds its compiler threads take a
 * good part of the two cores).
 */
const WARM_UP = 3_000;
const WARM_UP_MS = 3_000;
const BURST = 90_000;
/**
 * Timed bursts per receiver: a burst lasts about a second, so one stall of the machine would swing a single
 * figure; the median is reported. On a server, (a) and (b) take turns, a burst each per round, and the ratio
 * is the median of the rounds' own: this machine's speed drifts by a fifth from minute to minute, which
 * would otherwise land on one side of the comparison.
 */
const BURST_ROUNDS = 7;
const PGLITE_BURST = 10_000;
/** The goal's rate, and a lighter one to show the latency of a machine that keeps up. */
const OPEN_RATES = [1_000, 5_000];
const GOAL_RATE = 5_000;
const OPEN_SECONDS = 10;
/** Subscriber connections in the shared group, for (a) and (b) alike: what Linli opens by default. */
const SHARED_CONNECTIONS = 4;
/** Nothing more arrived for this long: the rest was dropped. */
const IDLE_MS = 5_000;
const RATIO_GOAL = 0.5;
const P99_GOAL_MS = 100;
const MOSQUITTO_URL = process.env.MQTT_TEST_URL ?? 'mqtt://127.0.0.1:1883';

const wall = () => performance.timeOrigin + performance.now();
const silent = pino({ level: 'silent' });
const hex = () => crypto.randomBytes(3).toString('hex');

type Ask = <T extends PublisherReply['type']>(command: PublisherCommand) => Promise<Extract<PublisherReply, { type: T }>>;

/** The forked publisher, one command at a time. */
function startPublisher(): { ask: Ask; close(): void } {
  const child = fork(fileURLToPath(new URL('./ingestPublisher.ts', import.meta.url)), [], { execArgv: ['--import', 'tsx'] });
  const ask = ((command: PublisherCommand) => new Promise<PublisherReply>((resolve, reject) => {
    child.once('message', (reply: PublisherReply) => (reply.type === 'failed' ? reject(new Error(`publisher: ${reply.error}`)) : resolve(reply)));
    child.send(command);
  })) as Ask;
  return { ask, close: () => child.kill() };
}

/**
 * Counts this run's messages (others may share the broker) and tells when `n` have arrived — or when none has
 * for a while: a broker may drop QoS 0 messages it cannot pass on in time, and then they never come.
 */
function createCounter(prefix: string) {
  const marker = `/${prefix}`;
  let count = 0;
  let lastAt = 0;
  let arrived: (() => void) | undefined;
  let want = Infinity;
  return {
    hit(topic: string) {
      if (!topic.includes(marker)) return;
      count++;
      lastAt = wall();
      if (count >= want) arrived?.();
    },
    reset() {
      count = 0;
    },
    get count() {
      return count;
    },
    /** When the last message arrived. */
    get lastAt() {
      return lastAt;
    },
    async reach(n: number): Promise<void> {
      want = n;
      const all = new Promise<void>((resolve) => (arrived = resolve));
      while (count < n) {
        const before = count;
        let timer: NodeJS.Timeout | undefined;
        const idle = new Promise<'idle'>((resolve) => (timer = setTimeout(() => resolve('idle'), IDLE_MS)));
        const first = await Promise.race([all, idle]);
        clearTimeout(timer);
        if (first === 'idle' && count === before) return;
      }
    },
  };
}
type Counter = ReturnType<typeof createCounter>;

interface Receiver {
  url: string;
  /** Resolves once everything received is committed (Linli's queued telemetry). */
  settle(): Promise<void>;
  close(): Promise<void>;
}

async function listen(server: net.Server): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as net.AddressInfo).port;
}

/** (a) on aedes: a broker without Linli's hooks, and an in-process subscription. */
async function plainAedes(counter: Counter): Promise<Receiver> {
  const broker = await Aedes.createBroker();
  broker.subscribe('linli/+/+/+', (packet, done) => (counter.hit(packet.topic), done()), () => undefined);
  const server = net.createServer(broker.handle);
  const port = await listen(server);
  return {
    url: `mqtt://127.0.0.1:${port}`, settle: async () => undefined,
    async close() {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      await new Promise<void>((resolve) => broker.close(() => resolve()));
      await closed;
    },
  };
}

/** (a) on Mosquitto: plain MQTT 5 subscribers sharing the stream, as Linli's connections do. */
async function plainSharedSubscribers(url: string, counter: Counter): Promise<Receiver> {
  const group = `benchplain${hex()}`;
  const clients: MqttClient[] = [];
  for (let i = 0; i < SHARED_CONNECTIONS; i++) {
    const client = await connectAsync(url, { protocolVersion: 5, clientId: `${group}-${i}`, clean: true, reconnectPeriod: 0 });
    client.on('message', (topic) => counter.hit(topic));
    await client.subscribeAsync(`$share/${group}/linli/+/+/+`, { qos: 1 });
    clients.push(client);
  }
  return { url, settle: async () => undefined, close: async () => void (await Promise.all(clients.map((c) => c.endAsync()))) };
}

/** When each event (`{deviceId}:{seq}`) committed, kept while `on` (the open loops): the bursts pay nothing for it. */
interface CommitTimes {
  on: boolean;
  at: Map<string, number>;
}

const commitTimes = (): CommitTimes => ({ on: false, at: new Map() });

/** (b): Linli's transport and ingest as `linli serve` runs them. */
async function linliIngest(database: Database, cipher: FieldCipher, counter: Counter, commits: CommitTimes, mqttUrl?: string): Promise<Receiver & { ingest: Ingest }> {
  const ingest = createIngest({ db: database.db, clock: systemClock, cipher, log: silent });
  const run = hex();
  const transport = await openTransport({
    mqttUrl, mqttPort: 0, clientId: `bench-${run}`, shareGroup: `bench${run}`, connections: SHARED_CONNECTIONS, sessionExpirySeconds: 0, log: silent,
    credentials: { authenticate: (id, secret) => authenticateDevice(database.db, id, secret) },
    // As `linli serve` hands messages over: a reading queued at once comes back without a promise.
    handler(message) {
      const handling = ingest.handle(message);
      if (!handling) return void counter.hit(message.topic);
      return handling.then(() => {
        if (commits.on && message.topic.endsWith('/event')) {
          const deviceId = message.topic.split('/')[2];
          commits.at.set(`${deviceId}:${(JSON.parse(message.payload.toString()) as { seq: number }).seq}`, wall());
        }
        counter.hit(message.topic);
      });
    },
  });
  return {
    url: mqttUrl ?? `mqtt://127.0.0.1:${transport.port}`, ingest, settle: () => ingest.flush(),
    async close() {
      await transport.close();
      await ingest.close();
    },
  };
}

/** The bench's devices in the test world's community A, taken over so that the publisher knows their secrets. */
async function benchDevices(database: Database, cipher: FieldCipher, world: Awaited<ReturnType<typeof prepareWorld>>['world']): Promise<BenchDevice[]> {
  const prefix = `B${hex()}-`;
  const homes = [world.a1, world.a2];
  const fleet = KINDS.flatMap((kind) => Array.from({ length: DEVICES_PER_KIND }, (_, i): FleetDevice => {
    const home = homes[i % homes.length];
    return {
      id: `${prefix}${i + 1}-${kind}`, kind, communityId: world.communityA.id, point: { lon: 121.5002, lat: 29.8002 }, label: `压测 ${i + 1}`, model: 'bench',
      place: { householdId: kind === 'bin_level' ? null : home.household.id, buildingId: home.building.id, gridId: home.grid.id },
    };
  }));
  await database.db.transaction().execute((trx) => registerFleet(trx, { cipher }, fleet, systemClock.now(), 'bench'));
  const played = await takeOverFleet(database.db, prefix, undefined, 'bench');
  return played.map((d) => ({ id: d.id, kind: d.kind as BenchDevice['kind'], communityCode: d.communityCode, secret: d.secret }));
}

interface Rate {
  perSecond: number;
  seconds: number;
  /** Messages that never arrived: dropped by the broker (QoS 0, or QoS 1 beyond its queue for a slow subscriber). */
  lost: number;
}

/** The median of several bursts, and the slowest and fastest of them. */
interface BurstRates extends Rate {
  slowest: number;
  fastest: number;
}

/** `n` messages as fast as the publisher can send them, timed until the receiver has them all (committed). */
async function timedBurst(ask: Ask, receiver: Receiver, counter: Counter, n: number): Promise<Rate> {
  counter.reset();
  const { startedAt } = await ask<'burst'>({ type: 'burst', count: n });
  await counter.reach(n);
  await receiver.settle();
  const seconds = ((counter.count < n ? counter.lastAt : wall()) - startedAt) / 1000;
  return { perSecond: counter.count / seconds, seconds, lost: n - counter.count };
}

/** Bursts of WARM_UP for `warmUpMs` (at least one: it also settles fresh connections), then a timed burst of `count`. */
async function warmedBurst(ask: Ask, receiver: Receiver, counter: Counter, count: number, warmUpMs: number): Promise<Rate> {
  const warmUntil = performance.now() + warmUpMs;
  do await timedBurst(ask, receiver, counter, WARM_UP);
  while (performance.now() < warmUntil);
  return timedBurst(ask, receiver, counter, count);
}

function summarize(rates: Rate[]): BurstRates {
  const sorted = [...rates].sort((a, b) => a.perSecond - b.perSecond);
  return { ...sorted[Math.floor(sorted.length / 2)], slowest: sorted[0].perSecond, fastest: sorted.at(-1)!.perSecond };
}

/** A warm-up, then BURST_ROUNDS bursts of `count`. */
async function burst(ask: Ask, receiver: Receiver, counter: Counter, count: number): Promise<BurstRates> {
  const rates = [await warmedBurst(ask, receiver, counter, count, WARM_UP_MS)];
  while (rates.length < BURST_ROUNDS) rates.push(await timedBurst(ask, receiver, counter, count));
  return summarize(rates);
}

interface OpenLoop {
  rate: number;
  achieved: number;
  events: number;
  /** Telemetry that never arrived, and events that never committed. */
  lost: number;
  lostEvents: number;
  p50: number;
  p99: number;
  max: number;
}

/** Messages due every 1/rate s for `seconds`; each event timed from when it was due to when it committed. */
async function openLoop(ask: Ask, receiver: Receiver, counter: Counter, commits: CommitTimes, rate: number): Promise<OpenLoop> {
  counter.reset();
  commits.at.clear();
  commits.on = true;
  const sent = await ask<'open'>({ type: 'open', rate, seconds: OPEN_SECONDS });
  await counter.reach(sent.sent);
  await receiver.settle();
  const end = counter.count < sent.sent ? counter.lastAt : wall();
  commits.on = false;
  const latencies = sent.events.filter(([key]) => commits.at.has(key)).map(([key, due]) => commits.at.get(key)! - due).sort((a, b) => a - b);
  return {
    rate, achieved: counter.count / ((end - sent.startedAt) / 1000), events: latencies.length, lost: sent.sent - counter.count, lostEvents: sent.events.length - latencies.length,
    p50: percentile(latencies, 50), p99: percentile(latencies, 99), max: latencies.at(-1)!,
  };
}

interface BrokerRow {
  broker: string;
  plain?: BurstRates;
  linli: BurstRates;
  /** (b)/(a) of each round, when the two took turns. */
  ratios?: number[];
  open: OpenLoop[];
}

async function withReceiver<T>(receiver: Receiver, ask: Ask, devices: BenchDevice[], work: () => Promise<T>): Promise<T> {
  try {
    await ask({ type: 'connect', url: receiver.url, devices });
    return await work();
  } finally {
    await ask({ type: 'disconnect' }).catch(() => undefined);
    await receiver.close();
  }
}

/**
 * (a) and (b) taking turns on one broker, then the open loops; `plain` starts (a)'s receiver, `mqttUrl` is the
 * external broker (absent: embedded). Each burst has a receiver of its own, started for it and closed after it:
 * on a shared broker the other one's group would get a copy of every message and slow the one being timed.
 * The first round of each warms up for WARM_UP_MS; this process then stays warm for the next rounds.
 */
async function onBroker(broker: string, ask: Ask, setup: Setup, plain: (counter: Counter) => Promise<Receiver>, mqttUrl?: string): Promise<BrokerRow> {
  const prefix = setup.devices[0].id.split('-')[0];
  const plainCounter = createCounter(prefix);
  const counter = createCounter(prefix);
  const commits = commitTimes();
  const plainRates: Rate[] = [];
  const linliRates: Rate[] = [];
  const open: OpenLoop[] = [];
  for (let round = 0; round < BURST_ROUNDS; round++) {
    const warmUpMs = round === 0 ? WARM_UP_MS : 0;
    const plainReceiver = await plain(plainCounter);
    plainRates.push(await withReceiver(plainReceiver, ask, setup.devices, () => warmedBurst(ask, plainReceiver, plainCounter, BURST, warmUpMs)));
    const linli = await linliIngest(setup.database, setup.cipher, counter, commits, mqttUrl);
    linliRates.push(await withReceiver(linli, ask, setup.devices, async () => {
      const rate = await warmedBurst(ask, linli, counter, BURST, warmUpMs);
      if (round === BURST_ROUNDS - 1) for (const r of OPEN_RATES) open.push(await openLoop(ask, linli, counter, commits, r));
      return rate;
    }));
  }
  const ratios = linliRates.map((rate, i) => rate.perSecond / plainRates[i].perSecond);
  return { broker, plain: summarize(plainRates), linli: summarize(linliRates), ratios, open };
}

interface Setup {
  database: Database;
  cipher: FieldCipher;
  devices: BenchDevice[];
}

async function prepare(database: Database): Promise<Setup> {
  const cipher = createFieldCipher(generateDataKey());
  const { world } = await prepareWorld(database, cipher);
  return { database, cipher, devices: await benchDevices(database, cipher, world) };
}

async function mosquittoAnswers(url: string): Promise<boolean> {
  try {
    const client = await connectAsync(url, { connectTimeout: 3_000, reconnectPeriod: 0, protocolVersion: 5 });
    await client.endAsync();
    return true;
  } catch {
    return false;
  }
}

const fmt = (n: number) => Math.round(n).toLocaleString('en-US');

function printRow(row: BrokerRow) {
  const { plain, linli, ratios, open } = row;
  const ratio = ratios && median(ratios);
  console.log(`  ${row.broker}`);
  const lost = (r: { lost: number }) => (r.lost ? `, ${fmt(r.lost)} messages dropped by the broker` : '');
  const spread = (r: BurstRates) => `median of ${BURST_ROUNDS} bursts, ${r.seconds.toFixed(1)} s${lost(r)}; slowest ${fmt(r.slowest)}, fastest ${fmt(r.fastest)}`;
  if (plain) console.log(`    (a) broker pub→sub, plain subscriber   ${fmt(plain.perSecond).padStart(7)} msg/s   (${spread(plain)})`);
  console.log(`    (b) Linli ingest, committed            ${fmt(linli.perSecond).padStart(7)} msg/s   (${spread(linli)})`);
  if (ratio !== undefined) {
    console.log(`    ratio (b)/(a), median of the rounds'    ${ratio.toFixed(2).padStart(7)}         (goal ≥ ${RATIO_GOAL}: ${ratio >= RATIO_GOAL ? 'met' : 'NOT met'}; rounds: ${ratios!.map((r) => r.toFixed(2)).join(', ')})`);
  }
  for (const o of open) {
    const goal = o.rate === GOAL_RATE ? ` (goal p99 < ${P99_GOAL_MS} ms: ${o.p99 < P99_GOAL_MS ? 'met' : 'NOT met'})` : '';
    console.log(`    open loop ${fmt(o.rate)} msg/s for ${OPEN_SECONDS} s: achieved ${fmt(o.achieved)} msg/s; ${o.events} events, due → committed:` +
      ` p50 ${o.p50.toFixed(1)} ms, p99 ${o.p99.toFixed(1)} ms, max ${o.max.toFixed(0)} ms${goal}` +
      `${lost(o)}${o.lostEvents ? `, ${o.lostEvents} of them QoS 1 events (never committed)` : ''}`);
  }
}

async function onServer(ask: Ask) {
  const throwaway = await throwawayServerDatabase('linli_bench_ingest');
  const database = openServerDatabase(throwaway.url);
  try {
    const setup = await prepare(database);
    const version = (await sql<{ v: string }>`SELECT current_setting('server_version') AS v`.execute(database.db)).rows[0].v;
    console.log(`Device ingest on PostgreSQL ${version} (pool of 10): ${setup.devices.length} devices (${KINDS.join(', ')}), one connection each;` +
      ` telemetry at QoS 0, every ${EVENT_EVERY}th message a QoS 1 event; ${BURST_ROUNDS} rounds of a burst of ${fmt(BURST)} to (a) and one to (b), each after a burst of ${fmt(WARM_UP)} (the first after ${WARM_UP_MS / 1000} s of them, to warm up)`);
    console.log(`  ${os.cpus().length} cores shared by publisher, broker, Linli and PostgreSQL; load average before: ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}`);
    printRow(await onBroker('embedded broker (aedes)', ask, setup, plainAedes));
    if (await mosquittoAnswers(MOSQUITTO_URL)) {
      printRow(await onBroker(`Mosquitto at ${MOSQUITTO_URL}`, ask, setup, (counter) => plainSharedSubscribers(MOSQUITTO_URL, counter), MOSQUITTO_URL));
    } else {
      console.log(`  Mosquitto at ${MOSQUITTO_URL}: not answering, skipped (start it with: mosquitto -d -c /etc/mosquitto/mosquitto.conf)`);
    }
  } finally {
    await database.close();
    await throwaway.drop();
  }
}

async function onEmbedded(ask: Ask, dataDir: string) {
  const database = await openEmbeddedDatabase(path.join(dataDir, 'embedded'));
  try {
    const setup = await prepare(database);
    const counter = createCounter(setup.devices[0].id.split('-')[0]);
    const linli = await linliIngest(database, setup.cipher, counter, commitTimes());
    const rate = await withReceiver(linli, ask, setup.devices, () => burst(ask, linli, counter, PGLITE_BURST));
    console.log('Embedded engine (PGlite, one connection), embedded broker, for reference');
    printRow({ broker: `embedded broker (aedes), bursts of ${fmt(PGLITE_BURST)}`, linli: rate, open: [] });
  } finally {
    await database.close();
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const publisher = startPublisher();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'linli-bench-ingest-'));
  try {
    await onServer(publisher.ask);
    await onEmbedded(publisher.ask, dataDir);
  } finally {
    publisher.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}
