/**
 * The simulator end to end: devices registered in real households of a test community, taken over with
 * new secrets, playing their traffic through Linli's embedded broker (on a free port) into ingest.
 */
import { sql } from 'kysely';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startTestApp } from '../../test/app.ts';
import { systemClock } from '../platform/clock.ts';
import { registerSimulatedFleet, simulatedPrefix, takeOverFleet, type PlayedDevice } from './fleet.ts';
import { authenticateDevice } from './registry.ts';
import { startSimulator, type Simulator } from './simulator.ts';
import { openTransport, type Transport } from './transport.ts';

let t: Awaited<ReturnType<typeof startTestApp>>;
let transport: Transport;
let devices: PlayedDevice[];
const log = pino({ level: 'silent' });

beforeAll(async () => {
  t = await startTestApp();
  const db = t.database.db;
  const community = { id: t.world.communityA.id, code: 'CA' };
  const first = await registerSimulatedFleet(db, t, community, 2, t.clock.now());
  expect(first).toMatchObject({ homes: 2, added: first.ids.size });
  expect((await registerSimulatedFleet(db, t, community, 2, t.clock.now())).added).toBe(0);
  devices = await takeOverFleet(db, simulatedPrefix('CA'), community.id, 'test');
  transport = await openTransport({
    mqttPort: 0, credentials: { authenticate: (id, secret) => authenticateDevice(db, id, secret) }, handler: (message) => t.app.ctx.ingest.handle(message), log,
  });
});

afterAll(async () => {
  await transport?.close();
  await t?.close();
});

const count = async (query: ReturnType<typeof sql<{ n: number }>>) => Number((await query.execute(t.database.db)).rows[0].n);

describe('the device simulator', () => {
  let simulator: Simulator;

  it('plays the care set and street devices of real homes, each taken over with a secret that works', () => {
    expect(devices.map((d) => d.id).sort()).toEqual([
      'SIM-CA-1-bin_level', 'SIM-CA-1-door_magnet', 'SIM-CA-1-manhole_cover', 'SIM-CA-1-sos_button', 'SIM-CA-1-water_meter',
      'SIM-CA-2-door_magnet', 'SIM-CA-2-sos_button', 'SIM-CA-2-water_meter',
    ]);
    expect(devices.find((d) => d.id === 'SIM-CA-1-door_magnet')!.home).toBe(devices.find((d) => d.id === 'SIM-CA-1-water_meter')!.home);
    expect(devices.find((d) => d.id === 'SIM-CA-1-bin_level')!.home).toBeNull();
  });

  it('publishes readings and events that ingest commits, and a forced SOS raises an alarm', async () => {
    simulator = startSimulator({
      url: `mqtt://127.0.0.1:${transport.port}`, devices, rate: 200, seed: 3, clock: systemClock, incidents: [{ incident: 'sos', afterMs: 60_000 }], log,
    });
    await vi.waitFor(async () => {
      expect(await count(sql`SELECT count(*) AS n FROM alarm WHERE type = 'sos' AND device_id LIKE 'SIM-CA-%'`)).toBe(1);
      expect(await count(sql`SELECT count(*) AS n FROM device_event WHERE type IN ('door_open', 'door_close')`)).toBeGreaterThan(0);
      expect(await count(sql`SELECT count(*) AS n FROM device WHERE state = 'online' AND id LIKE 'SIM-CA-%'`)).toBe(devices.length);
    }, { timeout: 30_000, interval: 250 });
    await simulator.stop();

    const { stats } = simulator;
    expect(stats.refused).toBe(0);
    expect(stats.states).toBe(devices.length); // each device said it is online once
    expect(stats.acknowledged).toBe(stats.events);
    expect(simulator.speed()).toBeGreaterThan(100); // 200 msg/s from 8 devices compresses their days
    // QoS 0 readings the broker took just before the stop may still be on their way into the batch.
    await vi.waitFor(async () => {
      await t.app.ctx.ingest.flush();
      expect(await count(sql`SELECT count(*) AS n FROM device_reading`)).toBe(stats.telemetry);
    });
    expect(await count(sql`SELECT count(*) AS n FROM device_event`)).toBe(stats.events);
    expect(t.app.ctx.ingest.counts.malformed).toBe(0);
  });

  it('stops cleanly: no device is left marked lost by its last will', async () => {
    expect(await count(sql`SELECT count(*) AS n FROM device WHERE state = 'lost'`)).toBe(0);
  });
});
