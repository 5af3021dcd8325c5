/**
 * `linli simulate devices --community CODE [--households N] --rate R [--seed S] [--mqtt-url URL]`:
 * realistic device traffic into a running Linli, for the demo and for load. With --households it
 * registers (once) simulated devices in the first N lived-in households of the community; without, it
 * plays the demo's devices there. Either way it gives them new secrets — the only way to learn one —
 * and then publishes as them until stopped.
 */
import { Command, InvalidArgumentError } from 'commander';
import { DataDirLockedError } from '../db/lock.ts';
import { DEMO_DEVICE_PREFIX } from '../demo/devices.ts';
import { systemClock } from '../platform/clock.ts';
import * as placesStore from '../places/store.ts';
import type { Runtime } from '../runtime.ts';
import { registerSimulatedFleet, simulatedPrefix, takeOverFleet, type PlayedDevice } from './fleet.ts';
import { startSimulator, type Simulator } from './simulator.ts';

type WithRuntime = <T>(work: (runtime: Runtime) => Promise<T>) => Promise<T>;
type Say = (line: string) => void;

interface Options {
  community: string;
  households?: number;
  rate: number;
  seed: number;
  mqttUrl?: string;
  duration?: number;
}

const PROGRESS_EVERY_MS = 10_000;
/** Care devices count as offline after two silent hours (the default rule): warn well before. */
const SLOW_REPORT_SECONDS = 3600;

/** Something the person at the shell can fix; printed without a stack, exit code 1. */
class SimulateRefused extends Error {}

function positive(integer: boolean) {
  return (value: string) => {
    const n = Number(value);
    if (!(n > 0) || (integer && !Number.isInteger(n))) throw new InvalidArgumentError(integer ? 'expected a whole number above 0' : 'expected a number above 0');
    return n;
  };
}

function wholeNumber(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n)) throw new InvalidArgumentError('expected a whole number');
  return n;
}

/** The broker's address without credentials, for the screen. */
function shown(url: string): string {
  const parsed = new URL(url);
  return `${parsed.protocol}//${parsed.host}`;
}

/** Registers what is missing, takes the devices over, and says where they will publish. */
async function prepare(runtime: Runtime, options: Options, say: Say): Promise<{ devices: PlayedDevice[]; url: string }> {
  const db = runtime.database.db;
  const community = await placesStore.findAreaByCode(db, options.community);
  if (!community || community.level !== 'community') throw new SimulateRefused(`No community with the code ${options.community}.`);
  let prefix = DEMO_DEVICE_PREFIX;
  let only: ReadonlySet<string> | undefined;
  if (options.households !== undefined) {
    const fleet = await registerSimulatedFleet(db, runtime, community, options.households, systemClock.now());
    if (fleet.homes < options.households) say(`${community.name} has only ${fleet.homes} lived-in households: simulating those.`);
    say(`Simulated devices in ${fleet.homes} households: ${fleet.ids.size} (${fleet.added} newly registered, ids ${simulatedPrefix(community.code)}…).`);
    prefix = simulatedPrefix(community.code);
    only = fleet.ids;
  }
  const devices = await takeOverFleet(db, prefix, community.id, 'linli simulate', only);
  if (devices.length === 0) {
    throw new SimulateRefused(`${community.name} has no demo devices. Give --households N to register simulated ones in N of its households.`);
  }
  return { devices, url: options.mqttUrl ?? runtime.config.mqttUrl ?? `mqtt://127.0.0.1:${runtime.config.mqttPort}` };
}

function lockedExplanation(err: DataDirLockedError): string {
  return [
    `The embedded database is in use by the running Linli (pid ${err.ownerPid}), so this command cannot read or register devices.`,
    '`npm start` with the demo already runs a device simulator for the demo devices (its start-up lines say so).',
    'To simulate more devices, run Linli on PostgreSQL (DATABASE_URL) and run this command with the same DATABASE_URL, or stop Linli first.',
  ].join('\n');
}

function progressLine(simulator: Simulator): string {
  const s = simulator.stats;
  // China is UTC+8 all year.
  const at = s.simulatedAt === undefined ? '—' : new Date(s.simulatedAt + 8 * 3600_000).toISOString().slice(0, 16).replace('T', ' ');
  return `  sent ${s.telemetry} readings, ${s.events} events (${s.acknowledged} acknowledged), ${s.states} online; ` +
    `simulated China time ${at} (×${simulator.speed().toFixed(1)})${s.refused ? `; ${s.refused} devices refused` : ''}${s.dropped ? `; ${s.dropped} dropped` : ''}`;
}

/** Resolves on Ctrl-C, on SIGTERM, or after `seconds`. */
function untilStopped(seconds: number | undefined): Promise<void> {
  return new Promise((resolve) => {
    process.once('SIGINT', () => resolve());
    process.once('SIGTERM', () => resolve());
    if (seconds !== undefined) setTimeout(resolve, seconds * 1000).unref();
  });
}

async function simulateDevices(withRuntime: WithRuntime, say: Say, options: Options): Promise<void> {
  let prepared: { devices: PlayedDevice[]; url: string };
  try {
    prepared = await withRuntime((runtime) => prepare(runtime, options, say));
  } catch (err) {
    if (!(err instanceof DataDirLockedError || err instanceof SimulateRefused)) throw err;
    process.stderr.write(`${err instanceof DataDirLockedError ? lockedExplanation(err) : err.message}\n`);
    process.exitCode = 1;
    return;
  }
  const { devices, url } = prepared;
  const simulator = startSimulator({
    url, devices, rate: options.rate, seed: options.seed, clock: systemClock,
    log: { info: () => undefined, warn: (obj, msg) => say(`  ${msg} (${JSON.stringify(obj)})`) },
  });
  say(`Device simulator: ${devices.length} devices, ${options.rate} msg/s → ${shown(url)} (Ctrl-C stops)`);
  const reportSeconds = (devices.length * 1.1) / options.rate;
  if (reportSeconds > SLOW_REPORT_SECONDS) {
    say(`  At this rate each device reports only about every ${Math.round(reportSeconds / 60)} min: care devices count as offline after 2 h. Raise --rate.`);
  }
  const progress = setInterval(() => say(progressLine(simulator)), PROGRESS_EVERY_MS);
  await untilStopped(options.duration);
  clearInterval(progress);
  await simulator.stop();
  say(progressLine(simulator));
}

export function simulateCommand(withRuntime: WithRuntime, say: Say): Command {
  const simulate = new Command('simulate').description('simulated traffic for the demo and for load');
  simulate.command('devices').description('publish realistic device traffic (door openings, water use, SOS, a gas leak…) to the MQTT broker')
    .requiredOption('--community <code>', 'code of the community whose devices to play')
    .option('--households <n>', 'register simulated devices in this many of its households (else play the demo devices)', positive(true))
    .requiredOption('--rate <r>', 'messages per second, all devices together', positive(false))
    .option('--seed <s>', 'random seed: the same seed plays the same traffic', wholeNumber, 1)
    .option('--mqtt-url <url>', "the broker (default MQTT_URL, else Linli's embedded broker on MQTT_PORT)")
    .option('--duration <seconds>', 'stop after this long (default: run until Ctrl-C)', positive(false))
    .action((options: Options) => simulateDevices(withRuntime, say, options));
  return simulate;
}
