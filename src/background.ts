import type { AppInstance } from './app.ts';
import { DEMO_DEVICE_PREFIX } from './demo/devices.ts';
import { DEFAULT_DEMO_SEED } from './demo/generate.ts';
import { createCheckScheduler } from './devices/checks.ts';
import { takeOverFleet } from './devices/fleet.ts';
import { authenticateDevice } from './devices/registry.ts';
import { startSimulator } from './devices/simulator.ts';
import { MqttPortInUseError, openTransport, type Transport } from './devices/transport.ts';
import { createWebhookWorker } from './notifications/webhooks.ts';
import type { Runtime } from './runtime.ts';
import { systemClock, type Clock } from './platform/clock.ts';
import { readSetting } from './platform/settings.ts';
import { createTicketScheduler } from './tickets/scheduler.ts';

/**
 * Work that runs beside the HTTP server: the ticket scheduler (due deadlines, escalations, callbacks),
 * the device rule checks (inactivity, silence, durations), the webhook deliveries, and the MQTT transport
 * that feeds device messages to the ingest pipeline. Each is a poll of rows claimed with SKIP LOCKED, so every Linli process
 * may run them; each loop waits for its round to finish before the next, and stops with the app.
 */

/** Timers fire within a second of due: the scheduler looks this often (one indexed query when idle). */
const SCHEDULER_INTERVAL_MS = 200;
const WEBHOOK_INTERVAL_MS = 1000;
const CHECK_INTERVAL_MS = 500;

function every(intervalMs: number, run: () => Promise<unknown>, onError: (error: unknown) => void) {
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let round: Promise<unknown> = Promise.resolve();
  const tick = () => {
    round = run().catch(onError).finally(() => {
      if (!stopped) timer = setTimeout(tick, intervalMs);
    });
  };
  timer = setTimeout(tick, intervalMs);
  return async () => {
    stopped = true;
    clearTimeout(timer);
    await round;
  };
}

export function startBackgroundWork(app: AppInstance, runtime: Runtime, clock: Clock): void {
  const deps = { db: runtime.database.db, clock, cipher: runtime.cipher, log: app.log };
  const scheduler = createTicketScheduler(deps);
  const webhooks = createWebhookWorker(deps);
  const checks = createCheckScheduler(deps);
  const stops = [
    every(CHECK_INTERVAL_MS, () => checks.runDue(), (err) => app.log.error({ err }, 'device rule checks failed')),
    every(SCHEDULER_INTERVAL_MS, () => scheduler.runDue(), (err) => app.log.error({ err }, 'ticket scheduler failed')),
    every(WEBHOOK_INTERVAL_MS, () => webhooks.runDue(), (err) => app.log.error({ err }, 'webhook deliveries failed')),
  ];
  // Stopped before the database closes: onClose hooks run before the runtime is shut.
  app.addHook('onClose', async () => {
    await Promise.all(stops.map((stop) => stop()));
  });
}

/**
 * Connects device traffic to the ingest pipeline: the embedded broker, or the external one with MQTT_URL.
 * A taken MQTT port does not stop Linli: it says so plainly and serves without MQTT (the HTTP gateway
 * still takes device messages). Call before the app listens (it adds the close hook).
 */
export async function startDeviceTransport(app: AppInstance, runtime: Runtime, say: (line: string) => void): Promise<Transport | undefined> {
  const { config } = runtime;
  try {
    const transport = await openTransport({
      mqttUrl: config.mqttUrl, mqttPort: config.mqttPort, host: config.host, clientId: config.mqttClientId, shareGroup: config.mqttShareGroup, httpPort: config.port,
      credentials: { authenticate: (deviceId, secret) => authenticateDevice(runtime.database.db, deviceId, secret) },
      handler: (message) => app.ctx.ingest.handle(message), log: app.log.child({ component: 'mqtt' }),
    });
    app.addHook('onClose', () => transport.close());
    return transport;
  } catch (err) {
    if (!(err instanceof MqttPortInUseError)) throw err;
    say(err.message);
    say('Devices cannot connect over MQTT until then; everything else runs.');
    return undefined;
  }
}

/** The demo opens with an SOS and, a few minutes later, a gas leak (simulated time; the demo's runs faster than real). */
const DEMO_INCIDENTS = [{ incident: 'sos', afterMs: 20_000 }, { incident: 'gas_leak', afterMs: 10 * 60_000 }] as const;

/**
 * Plays the demo's devices while Linli serves the demo: they take new secrets, known to this process only,
 * and publish to the broker Linli listens to at config.demoDeviceRate until the app closes. Call before the
 * app listens (it adds the close hook). Returns the start-up line, or undefined when there is no demo.
 */
export async function startDemoSimulator(app: AppInstance, runtime: Runtime, transport: Transport | undefined): Promise<string | undefined> {
  const { config, database } = runtime;
  if (!config.demo || config.demoDeviceRate === 0 || (await readSetting<boolean>(database.db, 'demo')) !== true) return undefined;
  if (!transport) return 'Device simulator: not started, as devices cannot connect over MQTT (see above).';
  const devices = await takeOverFleet(database.db, DEMO_DEVICE_PREFIX, undefined, 'demo simulator');
  if (devices.length === 0) return 'Device simulator: this demo has no devices yet (`npm run linli -- demo --reset` rebuilds it with them).';
  // The embedded broker listens on config.host; a wildcard address is reached on the loopback.
  const host = ['0.0.0.0', '::'].includes(config.host) ? '127.0.0.1' : config.host.includes(':') ? `[${config.host}]` : config.host;
  const simulator = startSimulator({
    url: config.mqttUrl ?? `mqtt://${host}:${transport.port}`, devices, rate: config.demoDeviceRate, seed: DEFAULT_DEMO_SEED, clock: systemClock,
    incidents: [...DEMO_INCIDENTS], log: app.log.child({ component: 'simulator' }),
  });
  app.addHook('onClose', () => simulator.stop());
  return `Device simulator: ${devices.length} devices, ${config.demoDeviceRate} msg/s`;
}
