/**
 * What the device robustness tests (kill -9, two processes) share: `linli serve` as a child process on a
 * test database of the PostgreSQL server, devices provisioned in that database, and devices that publish
 * QoS 1 events and remember which ones the broker acknowledged.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { connectAsync, type IClientOptions, type MqttClient } from 'mqtt';
import { inject } from 'vitest';
import type { Database } from '../src/db/engine.ts';
import { provisionDevice } from '../src/devices/registry.ts';
import { systemActor } from '../src/imports/cli.ts';
import { systemClock, type Clock } from '../src/platform/clock.ts';
import { createFieldCipher, generateDataKey, type FieldCipher } from '../src/platform/fieldCipher.ts';
import { createTestDatabase, serverUrlFor } from './db.ts';
import { makeWorld, type World } from './world.ts';

const root = path.join(__dirname, '..');

/** The external broker of the run (CI sets it; see .ci/run); without it those tests skip, except in CI, where they fail. */
export const mqttTestUrl = process.env.MQTT_TEST_URL;
export const skipExternalBroker = !mqttTestUrl && !process.env.CI;

/** These tests run Linli as separate processes on one database: only a PostgreSQL server allows that. */
export const onServer = inject('template').kind === 'server';

/** A name unique to this run: device ids, client ids and share groups, since other runs may share the broker. */
export function runTag(prefix: string): string {
  return `${prefix}${Date.now().toString(36)}${crypto.randomBytes(3).toString('hex')}`;
}

export interface FleetDatabase {
  database: Database;
  /** The database's URL, for DATABASE_URL of the child processes. */
  url: string;
  /** The data key, for LINLI_DATA_KEY of the child processes. */
  dataKey: string;
  cipher: FieldCipher;
  world: World;
  close(): Promise<void>;
}

/** A fresh test database on the server with the test world in it. */
export async function openFleetDatabase(): Promise<FleetDatabase> {
  const template = inject('template');
  if (template.kind !== 'server') throw new Error('a fleet database needs the PostgreSQL server (DATABASE_URL)');
  const database = await createTestDatabase();
  const dataKey = generateDataKey();
  const cipher = createFieldCipher(dataKey);
  const world = await makeWorld(database.db, cipher);
  const { name } = (await sql<{ name: string }>`SELECT current_database() AS name`.execute(database.db)).rows[0];
  return { database, url: serverUrlFor(template.url, name), dataKey, cipher, world, close: () => database.close() };
}

/**
 * Registers devices in community A (households A1 and A2 in turn), as the CLI would; returns their
 * secrets. `clock` backdates the registration, which is when inactivity watches start.
 */
export async function provisionDevices(fleet: FleetDatabase, devices: { id: string; kind: string }[], clock: Clock = systemClock): Promise<Map<string, string>> {
  const { world } = fleet;
  const actor = systemActor([{ id: world.city.id, path: world.city.path, code: 'C1', level: 'city' }], 'zh-CN');
  const secrets = new Map<string, string>();
  for (const [i, device] of devices.entries()) {
    const householdId = (i % 2 === 0 ? world.a1 : world.a2).household.id;
    const provisioned = await provisionDevice({ db: fleet.database.db, clock, cipher: fleet.cipher }, actor, {
      ...device, communityId: world.communityA.id, householdId, label: `${device.id} 的位置`,
    });
    secrets.set(device.id, provisioned.secret);
  }
  return secrets;
}

export interface LinliProcess {
  child: ChildProcessWithoutNullStreams;
  /** The embedded broker's port, from the start-up line "MQTT (devices): embedded mqtt://…". */
  mqttPort: number | undefined;
  /** How long it took from spawn to "Linli is running". */
  startupMs: number;
  /** Everything it printed so far, stdout and stderr. */
  output(): string;
  exited: Promise<unknown>;
  /** SIGTERM, then waits for it to exit. */
  stop(): Promise<void>;
}

const children: ChildProcessWithoutNullStreams[] = [];
const dataDirs: string[] = [];

/** Kills whatever this file started and has not stopped, and removes their data folders; for afterAll. */
export function cleanUpProcesses(): void {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  for (const dir of dataDirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
}

/** The environment of `linli serve` on the fleet database: no demo, no web build, an HTTP port of its own. */
export function serveEnv(fleet: FleetDatabase, extra: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  // With a database server the data folder holds only uploads, which these tests make none of.
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'linli-fleet-'));
  dataDirs.push(dataDir);
  const env: NodeJS.ProcessEnv = {
    ...process.env, DATABASE_URL: fleet.url, LINLI_DATA_KEY: fleet.dataKey, PORT: '0', LINLI_DEMO: 'false', LOG_LEVEL: 'warn', DATA_DIR: dataDir,
  };
  for (const name of ['MQTT_URL', 'MQTT_PORT', 'MQTT_CLIENT_ID', 'MQTT_SHARE_GROUP']) delete env[name];
  return { ...env, ...extra };
}

/** `linli serve`; resolves once it says it is running (and, with the embedded broker, on which port). */
export async function serveLinli(env: NodeJS.ProcessEnv): Promise<LinliProcess> {
  const started = performance.now();
  const child = spawn(process.execPath, [path.join(root, 'bin', 'linli.mjs'), 'serve'], { env });
  children.push(child);
  const exited = new Promise((resolve) => child.once('exit', resolve));
  let output = '';
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const mqttPort = await new Promise<number | undefined>((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const mqtt = /MQTT \(devices\): (embedded mqtt:\/\/[^:\s]+:(\d+)|external)/.exec(output);
      if (/Linli is running: /.test(output) && mqtt) resolve(mqtt[2] ? Number(mqtt[2]) : undefined);
      if (/cannot connect over MQTT/.test(output)) reject(new Error(`linli serve runs without MQTT:\n${output}`));
    });
    child.once('exit', (code) => reject(new Error(`linli serve exited (${code}) before it was running:\n${output}`)));
  });
  return {
    child, mqttPort, startupMs: performance.now() - started, output: () => output, exited,
    async stop() {
      child.kill('SIGTERM');
      await exited;
    },
  };
}

/**
 * A device's MQTT connection as firmware keeps one: a persistent session (clean: false) under its own
 * client id, reconnecting on its own. mqtt.js keeps every unacknowledged QoS 1 publish and sends it
 * again when it is back, whichever broker answers then.
 */
export async function connectDevice(url: string, deviceId: string, secret?: string, options: IClientOptions = {}): Promise<MqttClient> {
  const client = await connectAsync(url, {
    clientId: deviceId, clean: false, reconnectPeriod: 200, connectTimeout: 5_000, ...(secret && { username: deviceId, password: secret }), ...options,
  });
  // While Linli is down, each reconnect attempt fails with ECONNREFUSED: expected here, and mqtt.js retries.
  client.on('error', () => {});
  return client;
}

export interface SentEvent {
  deviceId: string;
  seq: number;
  type: string;
}

/**
 * Publishes events at QoS 1, all at once, and records each one the broker acknowledged (PUBACK).
 * `copies` sends an event that many times (a device that did not see the PUBACK sends it again).
 */
export function publishEvents(client: MqttClient, topic: string, events: SentEvent[], acknowledged: SentEvent[], copies: (e: SentEvent) => number = () => 1): Promise<void> {
  const sends = events.flatMap((e) => Array.from({ length: copies(e) }, () => {
    const payload = JSON.stringify({ ts: Date.now(), seq: e.seq, type: e.type });
    return client.publishAsync(topic, payload, { qos: 1 }).then(() => void acknowledged.push(e));
  }));
  return Promise.all(sends).then(() => undefined);
}

/**
 * Ends the persistent sessions a Linli process left at a shared broker (clean start, no expiry), so the
 * broker stops queueing device traffic for a test that is over.
 */
export async function discardSessions(url: string, clientIds: string[]): Promise<void> {
  await Promise.all(clientIds.map(async (clientId) => {
    const client = await connectAsync(url, { clientId, protocolVersion: 5, clean: true, properties: { sessionExpiryInterval: 0 }, reconnectPeriod: 0 });
    await client.endAsync();
  }));
}

/** Polls until `check` passes (it throws while not), for up to `timeoutMs`. */
export async function eventually<T>(check: () => Promise<T>, timeoutMs: number, everyMs = 50): Promise<T> {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    try {
      return await check();
    } catch (err) {
      if (performance.now() > deadline) throw err;
    }
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}

/** The stored events of these devices, as `deviceId seq` with how often each is stored. */
export async function storedEvents(database: Database, deviceIds: string[]): Promise<Map<string, number>> {
  const rows = await database.db.selectFrom('device_event').select(['device_id', 'seq', (eb) => eb.fn.countAll<number>().as('n')])
    .where('device_id', 'in', deviceIds).groupBy(['device_id', 'seq']).execute();
  return new Map(rows.map((r) => [eventKey(r.device_id, Number(r.seq)), Number(r.n)]));
}

export const eventKey = (deviceId: string, seq: number) => `${deviceId} ${seq}`;

/** Where a device of the test world's community A publishes its events. */
export const eventTopic = (deviceId: string) => `linli/CA/${deviceId}/event`;

/** The alarms of these devices, each with how many of its device's events of its type are stored and how many tickets it has. */
export async function alarmsWithEvidence(database: Database, deviceIds: string[]) {
  const { rows } = await sql<{ device_id: string; type: string; first_at: Date; active: boolean; occurrences: number; events: number; tickets: number }>`
    SELECT a.device_id, a.type, a.first_at, a.cleared_at IS NULL AS active, a.occurrences,
      (SELECT count(*) FROM device_event e WHERE e.device_id = a.device_id AND e.type = a.type)::int AS events,
      (SELECT count(*) FROM ticket t WHERE t.source = 'device' AND t.external_id = 'alarm:' || a.id)::int AS tickets
    FROM alarm a WHERE a.device_id IN (${sql.join(deviceIds)}) ORDER BY a.device_id COLLATE "C", a.type COLLATE "C", a.id`.execute(database.db);
  return rows;
}
