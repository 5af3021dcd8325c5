/**
 * The last day in the homes of the demo's elders living alone: their door sensors' openings and closings and
 * their water meters' readings, from the simulator's traffic model, played through the real ingest at `now`,
 * each message timed by its payload (as from devices that upload what they buffered). The care cards (关爱)
 * then open as a grid worker sees them on any day — the door last opened this morning, water used an hour
 * ago — rather than "never" until the live simulator has run for hours; and the silent elders stand out.
 */
import type { FleetRow } from '../devices/fleetStore.ts';
import { homeKey } from '../devices/fleet.ts';
import type { Ingest } from '../devices/ingest.ts';
import type { DeviceKind } from '../devices/kinds.ts';
import { DAY } from '../devices/simulatorBehaviours.ts';
import { createTraffic, payloadOf, type SimulatedDevice } from '../devices/simulatorTraffic.ts';

/** The devices whose traffic the care cards read. */
const CARE_CARD_KINDS: readonly string[] = ['door_magnet', 'water_meter'];
/** Hourly heartbeats: enough for battery and signal, and few enough to keep the demo's first start quick. */
const HEARTBEAT_MINUTES = 60;
/** Messages handed to ingest at once. */
const ROUND = 500;

/** Plays the day before `now` of the fleet's door sensors and water meters; returns how many messages it played. */
export async function playLastCareDay(ingest: Ingest, fleet: readonly FleetRow[], seed: number, now: Date): Promise<number> {
  const devices = fleet.filter((d) => d.household_id !== null && CARE_CARD_KINDS.includes(d.kind)).map((d): SimulatedDevice => ({
    id: d.id, kind: d.kind as DeviceKind, communityCode: d.community_code, home: homeKey(d.household_id!),
  }));
  if (!devices.length) return 0;
  const start = now.getTime() - DAY;
  // Sequence numbers from the start time in ms, as the live simulator's are from its own (later) start.
  const traffic = createTraffic(devices, { seed, start, seqBase: start, heartbeatMinutes: HEARTBEAT_MINUTES });
  let played = 0;
  let round: Promise<unknown>[] = [];
  for (let message = traffic.next(); message.at < now.getTime(); message = traffic.next()) {
    // A round's messages are handed over together, so that their events commit in groups, as under live load;
    // each device's messages still go in order.
    round.push(ingest.ingest(message.device.id, message.channel, Buffer.from(JSON.stringify(payloadOf(message, message.at)))));
    if (round.length === ROUND) {
      await Promise.all(round);
      round = [];
    }
    played++;
  }
  await Promise.all(round);
  await ingest.flush();
  return played;
}
