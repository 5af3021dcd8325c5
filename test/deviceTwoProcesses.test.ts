import type { MqttClient } from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  alarmsWithEvidence, cleanUpProcesses, connectDevice, discardSessions, eventKey, eventTopic, eventually, mqttTestUrl, onServer, openFleetDatabase, provisionDevices,
  publishEvents, runTag, serveEnv, serveLinli, skipExternalBroker, storedEvents, type LinliProcess, type SentEvent,
} from './deviceFleet.ts';

// Two `linli serve` processes on one Mosquitto and one PostgreSQL database, in one shared-subscription
// group: each device message goes to one of them. SOS buttons are pressed again and again and wristbands
// report SOS and falls, every other event delivered twice (a device that missed the PUBACK sends again),
// so both processes work on the same devices at once. Nothing is lost and nothing is counted twice.
//
// Which process got what is read from their debug logs: messages from an unregistered device (a "ghost"
// not yet provisioned) are logged by the process that received them, and are otherwise ignored.

const BUTTONS = 6;
const WRISTBANDS = 4;
const EVENTS = 30;
const GHOSTS_DURING = 40;
/**
 * Sent once the broker has acknowledged the whole burst, several per subscriber connection: Mosquitto hands
 * a group's messages to its subscribers in turn, and each connection handles its messages in order, so once
 * every one of these is logged, the burst ahead of them has been handled too.
 */
const GHOSTS_AFTER = 32;
const PROCESSES = ['p1', 'p2'];
const CONNECTIONS = 4; // per process, the transport's default

const cleanups: (() => Promise<void>)[] = [];
afterAll(async () => {
  cleanUpProcesses();
  for (const cleanup of cleanups.reverse()) await cleanup();
});

/** The events of one device: buttons only press SOS; wristbands alternate SOS and a fall. */
function eventsOf(deviceId: string, kind: 'sos_button' | 'wristband'): SentEvent[] {
  return Array.from({ length: EVENTS }, (_, i) => ({ deviceId, seq: i + 1, type: kind === 'wristband' && i % 2 === 1 ? 'fall' : 'sos' }));
}

/** How many messages of the ghost device each process logged. */
function ghostsLogged(processes: LinliProcess[], ghostId: string): number[] {
  return processes.map((linli) => linli.output().split('\n').filter((line) => {
    if (!line.startsWith('{')) return false;
    const entry = JSON.parse(line) as { msg?: string; deviceId?: string };
    return entry.msg === 'message from an unregistered device' && entry.deviceId === ghostId;
  }).length);
}

async function connectAll(ids: string[]): Promise<MqttClient[]> {
  const clients = await Promise.all(ids.map((id) => connectDevice(mqttTestUrl!, id)));
  cleanups.push(async () => {
    await Promise.all(clients.map((client) => client.endAsync(true)));
    await discardSessions(mqttTestUrl!, ids);
  });
  return clients;
}

describe.skipIf(!onServer || skipExternalBroker)(
  `two Linli processes on one broker and one database${onServer ? '' : ' (needs the PostgreSQL server: set DATABASE_URL)'}${mqttTestUrl ? '' : ' (MQTT_TEST_URL not set)'}`,
  () => {
    beforeAll(() => {
      if (!mqttTestUrl) throw new Error('CI is set, so the external-broker tests must run, but MQTT_TEST_URL is not set (e.g. mqtt://127.0.0.1:1883)');
    });

    it('split the stream: no lost event, no duplicate alarm, every press counted once, both at work', async () => {
      const fleet = await openFleetDatabase();
      cleanups.push(() => fleet.close());
      const tag = runTag('two');
      const devices = [
        ...Array.from({ length: BUTTONS }, (_, i) => ({ id: `${tag}-sos-${i}`, kind: 'sos_button' as const })),
        ...Array.from({ length: WRISTBANDS }, (_, i) => ({ id: `${tag}-band-${i}`, kind: 'wristband' as const })),
      ];
      const ids = devices.map((d) => d.id);
      await provisionDevices(fleet, devices);

      cleanups.push(() => discardSessions(mqttTestUrl!, PROCESSES.flatMap((p) => Array.from({ length: CONNECTIONS }, (_, n) => `${tag}-${p}-${n + 1}`))));
      const processes = await Promise.all(PROCESSES.map((p) => serveLinli(serveEnv(fleet, {
        MQTT_URL: mqttTestUrl, MQTT_CLIENT_ID: `${tag}-${p}`, MQTT_SHARE_GROUP: tag, LOG_LEVEL: 'debug',
      }))));

      const ghostDuring = `${tag}-ghost-during`;
      const ghostAfter = `${tag}-ghost-after`;
      const clients = await connectAll([...ids, ghostDuring, ghostAfter]);
      const sent = devices.flatMap((d) => eventsOf(d.id, d.kind));
      const acknowledged: SentEvent[] = [];
      const ghostEvents = (deviceId: string, n: number) => Array.from({ length: n }, (_, i) => ({ deviceId, seq: i + 1, type: 'sos' }));
      await Promise.all([
        ...devices.map((d, i) => publishEvents(clients[i], eventTopic(d.id), eventsOf(d.id, d.kind), acknowledged, (e) => (e.seq % 2 === 1 ? 2 : 1))),
        publishEvents(clients[ids.length], eventTopic(ghostDuring), ghostEvents(ghostDuring, GHOSTS_DURING), []),
      ]);
      expect(acknowledged).toHaveLength(sent.length + sent.filter((e) => e.seq % 2 === 1).length);
      await publishEvents(clients[ids.length + 1], eventTopic(ghostAfter), ghostEvents(ghostAfter, GHOSTS_AFTER), []);

      // Every message handled: all events stored, and every trailing ghost logged by one process or the other.
      await eventually(async () => {
        expect((await storedEvents(fleet.database, ids)).size).toBe(sent.length);
        expect(ghostsLogged(processes, ghostAfter).reduce((a, b) => a + b)).toBe(GHOSTS_AFTER);
      }, 45_000, 100);

      const stored = await storedEvents(fleet.database, ids);
      expect([...stored.values()].every((n) => n === 1)).toBe(true);
      for (const e of sent) expect(stored.has(eventKey(e.deviceId, e.seq))).toBe(true);

      // One alarm per device and type, its occurrences the distinct presses of that type, one ticket each.
      const expected = devices.flatMap((d) => {
        const types = [...new Set(eventsOf(d.id, d.kind).map((e) => e.type))].sort();
        return types.map((type) => {
          const n = eventsOf(d.id, d.kind).filter((e) => e.type === type).length;
          return { device_id: d.id, type, active: true, occurrences: n, events: n, tickets: 1 };
        });
      }).sort((a, b) => (a.device_id === b.device_id ? a.type.localeCompare(b.type) : a.device_id < b.device_id ? -1 : 1));
      expect(await alarmsWithEvidence(fleet.database, ids)).toMatchObject(expected);

      // Each message went to exactly one process, and both took a share. (Counted over both ghost runs: on a loaded
      // machine a process's connections may sit out the burst while the broker holds their share for them.)
      const during = ghostsLogged(processes, ghostDuring);
      expect(during.reduce((a, b) => a + b)).toBe(GHOSTS_DURING);
      const after = ghostsLogged(processes, ghostAfter);
      const shares = during.map((n, i) => n + after[i]);
      expect(shares.every((n) => n > 0), `ghost messages per process: ${shares}`).toBe(true);

      for (const linli of processes) {
        expect(linli.child.exitCode, linli.output()).toBeNull();
        await linli.stop();
        expect(linli.child.exitCode).toBe(0);
      }
    }, 120_000);
  },
);
