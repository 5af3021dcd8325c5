import { describe, expect, it } from 'vitest';
import { deviceKinds, validatePayload, type DeviceKind } from './kinds.ts';
import { chinaHour, DAY } from './simulatorBehaviours.ts';
import { createTraffic, isSilentHome, payloadOf, type SimulatedDevice, type TrafficMessage, type TrafficOptions } from './simulatorTraffic.ts';

const start = Date.parse('2026-11-26T16:00:00Z'); // midnight in China
const seed = 7;
const options: TrafficOptions = { seed, start, seqBase: 1_000 };

function homes(count: number, kinds: readonly DeviceKind[]): SimulatedDevice[] {
  return Array.from({ length: count }, (_, i) => kinds.map((kind) => ({ id: `T-${i + 1}-${kind}`, kind, communityCode: 'C1', home: `home-${i + 1}` }))).flat();
}

/** Every message of the first `days` simulated days. */
function run(devices: SimulatedDevice[], days: number, opts: TrafficOptions = options): TrafficMessage[] {
  const traffic = createTraffic(devices, opts);
  const out: TrafficMessage[] = [];
  for (let m = traffic.next(); m.at < opts.start + days * DAY; m = traffic.next()) out.push(m);
  return out;
}

const doorOpenings = (messages: TrafficMessage[]) => messages.filter((m) => m.channel === 'event' && m.body.type === 'door_open');

describe('the traffic model', () => {
  it('is the same for the same seed and start, and differs for another seed', () => {
    const devices = homes(8, deviceKinds);
    const first = run(devices, 1);
    expect(run(devices, 1)).toEqual(first);
    expect(run(devices, 1, { ...options, seed: seed + 1 })).not.toEqual(first);
    expect(first.map((m) => m.at)).toEqual([...first.map((m) => m.at)].sort((a, b) => a - b));
  });

  it('sends payloads that Linli accepts for every kind, telemetry from every device', () => {
    const devices = homes(15, deviceKinds);
    const messages = run(devices, 3);
    const refused = messages.filter((m) => !validatePayload(m.device.kind, m.channel, payloadOf(m, m.at)).ok);
    expect(refused).toEqual([]);
    expect(new Set(messages.filter((m) => m.channel === 'event').map((m) => m.device.kind)).size).toBeGreaterThanOrEqual(3);
    const reporting = new Set(messages.filter((m) => m.channel === 'telemetry').map((m) => m.device.id));
    expect(reporting.size).toBe(devices.length);
    // Heartbeats every ten simulated minutes, give or take a tenth: about 144 a day.
    const perDevice = messages.filter((m) => m.channel === 'telemetry' && m.device.id === devices[0].id).length;
    expect(perDevice).toBeGreaterThan(3 * 125);
    expect(perDevice).toBeLessThan(3 * 165);
  });

  it('numbers every device its events from the base up, one by one', () => {
    const messages = run(homes(20, ['door_magnet', 'bin_level', 'sos_button']), 4);
    const seqs = new Map<string, number[]>();
    for (const m of messages.filter((x) => x.channel === 'event')) seqs.set(m.device.id, [...(seqs.get(m.device.id) ?? []), m.body.seq as number]);
    expect(seqs.size).toBeGreaterThan(20);
    for (const list of seqs.values()) expect(list).toEqual(list.map((_, i) => options.seqBase + i));
  });

  it('opens doors in the morning, at noon and in the evening, with noise, and never at night', () => {
    const devices = homes(80, ['door_magnet']);
    const byHour = new Array<number>(24).fill(0);
    const openings = doorOpenings(run(devices, 7));
    for (const m of openings) byHour[Math.floor(chinaHour(m.at))]++;
    const sum = (from: number, to: number) => byHour.slice(from, to).reduce((a, b) => a + b, 0);
    expect(sum(22, 24) + sum(0, 5)).toBe(0);
    const afternoonLull = sum(14, 16) / 2;
    expect(sum(7, 9) / 2).toBeGreaterThan(3 * afternoonLull + 5);
    expect(sum(11, 13) / 2).toBeGreaterThan(afternoonLull);
    expect(sum(17, 19) / 2).toBeGreaterThan(3 * afternoonLull + 5);
    // Not a timetable: the same home goes out at different minutes on different days.
    const firstOuts = new Set(openings.filter((m) => m.device.id === devices[0].id).map((m) => Math.round(chinaHour(m.at) * 60) % 60));
    expect(firstOuts.size).toBeGreaterThan(5);
  });

  it('keeps silent elders silent: no door, no water, though their devices still report', () => {
    const devices = homes(300, ['door_magnet', 'water_meter']);
    const silent = new Set(devices.filter((d) => isSilentHome(seed, d.home!)).map((d) => d.home));
    expect(silent.size).toBeGreaterThan(2);
    expect(silent.size).toBeLessThan(30);
    const messages = run(devices, 3);
    const opened = new Set(doorOpenings(messages).map((m) => m.device.home));
    for (const home of silent) expect(opened.has(home)).toBe(false);
    expect(opened.size).toBe(300 - silent.size); // everyone else goes out at least once a day

    const registers = (home: string) => new Set(messages.filter((m) => m.device.home === home && m.device.kind === 'water_meter').map((m) => m.body.litres));
    const aSilentHome = [...silent][0]!;
    expect(registers(aSilentHome).size).toBe(1);
    expect(messages.some((m) => m.device.home === aSilentHome && m.channel === 'telemetry')).toBe(true);
    const aLivelyHome = devices.find((d) => !silent.has(d.home))!.home!;
    const used = [...registers(aLivelyHome)] as number[];
    expect((Math.max(...used) - Math.min(...used)) / 3).toBeGreaterThan(40); // litres a day
  });

  it('forces a scenario’s incidents on the first device able to have them', () => {
    const devices = homes(5, ['sos_button', 'gas']);
    const firstLively = devices.find((d) => d.kind === 'sos_button' && !isSilentHome(seed, d.home!))!;
    const messages = run(devices, 1, { ...options, incidents: [{ incident: 'sos', afterMs: 30_000 }, { incident: 'gas_leak', afterMs: 60_000 }] });
    const sos = messages.find((m) => m.body.type === 'sos')!;
    expect(sos).toMatchObject({ at: start + 30_000, device: firstLively });
    const gas = messages.find((m) => m.body.type === 'gas_alarm')!;
    expect(gas).toMatchObject({ at: start + 60_000, device: { kind: 'gas' } });
    const leakReadings = messages.filter((m) => m.device.id === gas.device.id && m.channel === 'telemetry' && m.at > gas.at && m.at < gas.at + 3_600_000);
    expect(leakReadings.length).toBeGreaterThan(0);
    for (const reading of leakReadings) expect(reading.body.lel as number).toBeGreaterThanOrEqual(10); // the gas rule's default threshold
  });

  it('fills bins over the day and empties them at the rounds', () => {
    const bins = run(homes(20, ['bin_level']), 2).filter((m) => m.channel === 'telemetry');
    const mean = (from: number, to: number) => {
      const levels = bins.filter((m) => chinaHour(m.at) >= from && chinaHour(m.at) < to).map((m) => m.body.levelPct as number);
      return levels.reduce((a, b) => a + b, 0) / levels.length;
    };
    expect(mean(7.1, 8)).toBeLessThan(15); // just emptied
    expect(mean(18, 19)).toBeGreaterThan(45); // before the evening round
    expect(mean(19.1, 20)).toBeLessThan(15);
  });
});
