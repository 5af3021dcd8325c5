/**
 * The external-broker subscriber under a slow commit, on a real Mosquitto at MQTT_TEST_URL (skipped
 * without it, saying why — except when CI is set, where it fails): one connection keeps reading while
 * an event waits for its commit, and still acknowledges each event only after its own commit.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { connectAsync, type MqttClient } from 'mqtt';
import { pino } from 'pino';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { openSharedSubscriber, type SharedSubscriber } from './sharedSubscriber.ts';

const mqttTestUrl = process.env.MQTT_TEST_URL;
const skipExternal = !mqttTestUrl && !process.env.CI;

const opened: (SharedSubscriber | MqttClient)[] = [];
afterEach(async () => {
  await Promise.all(opened.splice(0).map((o) => ('endAsync' in o ? o.endAsync(true) : o.close())));
});

describe.skipIf(skipExternal)(`shared subscriber at MQTT_TEST_URL${mqttTestUrl ? '' : ' (not set)'}`, () => {
  beforeAll(() => {
    if (!mqttTestUrl) throw new Error('CI is set, so the external-broker tests must run, but MQTT_TEST_URL is not set (e.g. mqtt://127.0.0.1:1883)');
  });

  it('reads on while an event waits for its commit, and acknowledges only committed events', async () => {
    const tag = `t${Date.now().toString(36)}${process.pid}${Math.floor(Math.random() * 1e6)}`;
    const subscribe = async (deliver: (payload: string) => Promise<void>) => {
      const subscriber = await openSharedSubscriber({
        url: mqttTestUrl!, clientIdPrefix: tag, connections: 1, shareGroup: tag, sessionExpirySeconds: 30, log: pino({ level: 'silent' }),
        async deliver(message) {
          if (message.topic.startsWith(`linli/${tag}/`)) await deliver(message.payload.toString()); // other tests share the broker
        },
      });
      opened.push(subscriber);
      return subscriber;
    };
    // First life: "held" never commits.
    const seen: string[] = [];
    const first = await subscribe(async (payload) => {
      seen.push(payload);
      if (payload === 'held') await new Promise(() => {});
    });
    const sender = await connectAsync(mqttTestUrl!, { clientId: `${tag}-device`, reconnectPeriod: 0 });
    opened.push(sender);
    const publish = (channel: string, payload: string, qos: 0 | 1) => sender.publishAsync(`linli/${tag}/sos-1/${channel}`, payload, { qos });
    await publish('event', 'held', 1);
    await vi.waitFor(() => expect(seen).toEqual(['held']));
    await publish('telemetry', 'reading', 0);
    await publish('event', 'next', 1);
    // Behind the uncommitted event, on the same connection, the reading and the next event go through.
    await vi.waitFor(() => expect(seen).toEqual(['held', 'reading', 'next']));
    await sleep(200); // the PUBACK of "next" leaves on the socket
    await first.close();

    // Second life, same client id: the broker redelivers only what was not acknowledged.
    const again: string[] = [];
    await subscribe(async (payload) => void again.push(payload));
    await vi.waitFor(() => expect(again).toContain('held'), { timeout: 10_000 });
    await sleep(300);
    expect(again).toEqual(['held']);
  });
});
