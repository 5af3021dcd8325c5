/**
 * The demo's alarm history: a fortnight of incidents played through the real ingest (device messages,
 * rules, alarms, their tickets) and the real use cases of the people answering them, on a clock stepped
 * by hand — so the alarm list, the answer KPI and the false-alarm rate are not empty on the first start.
 * Two SOS calls (one a false alarm), a gas leak, an e-bike in a lift, a tilted manhole cover and a full
 * bin, all answered and cleared; and an elder whose door has stayed shut for thirty hours, whose
 * inactivity alarm is live when the demo opens. Then the last day of every elder's door and water
 * (careDay.ts), so the care cards show this morning's outing.
 */
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import { acknowledgeAlarm, clearAlarm } from '../devices/alarmService.ts';
import { createCheckScheduler } from '../devices/checks.ts';
import { homeKey } from '../devices/fleet.ts';
import { selectFleet, type FleetRow } from '../devices/fleetStore.ts';
import { createIngest, type Ingest } from '../devices/ingest.ts';
import { DAY, HOUR, MINUTE, chinaDayStart } from '../devices/simulatorBehaviours.ts';
import { isSilentHome } from '../devices/simulatorTraffic.ts';
import { findActiveAlarm } from '../devices/store.ts';
import type { Actor } from '../platform/actor.ts';
import { fixedClock } from '../platform/clock.ts';
import type { FieldCipher } from '../platform/fieldCipher.ts';
import { createTicketScheduler } from '../tickets/scheduler.ts';
import * as workflow from '../tickets/workflow.ts';
import { playLastCareDay } from './careDay.ts';
import { DEMO_DEVICE_PREFIX } from './devices.ts';
import { actorOf, noPhotos } from './tickets.ts';

const SECOND = 1000;
/** The demo's history is quiet: nobody needs its lines in the start-up log. */
const quiet = { warn: () => undefined, error: () => undefined, debug: () => undefined };

interface Stage {
  db: Kysely<DB>;
  clock: ReturnType<typeof fixedClock>;
  cipher: FieldCipher;
  ingest: Ingest;
  staff: Actor;
  /** Sequence numbers per device, from 1: far below what the simulator uses (its start time in ms). */
  seqs: Map<string, number>;
  /** Moves the clock on and lets the ticket scheduler act, as it would have. */
  after(ms: number): Promise<void>;
}

function deps(stage: Stage) {
  return { db: stage.db, clock: stage.clock, cipher: stage.cipher, storage: noPhotos };
}

async function event(stage: Stage, deviceId: string, type: string, fields: Record<string, unknown> = {}) {
  const seq = (stage.seqs.get(deviceId) ?? 0) + 1;
  stage.seqs.set(deviceId, seq);
  const payload = { ts: stage.clock.now().getTime(), seq, type, ...fields };
  const outcome = await stage.ingest.ingest(deviceId, 'event', Buffer.from(JSON.stringify(payload)));
  if (outcome !== 'accepted') throw new Error(`demo event ${type} of ${deviceId} was ${outcome}`);
}

async function reading(stage: Stage, deviceId: string, values: Record<string, unknown>) {
  await stage.ingest.ingest(deviceId, 'telemetry', Buffer.from(JSON.stringify({ ts: stage.clock.now().getTime(), ...values })));
  await stage.ingest.flush();
}

async function activeAlarm(stage: Stage, deviceId: string, type: string) {
  const alarm = await findActiveAlarm(stage.db, deviceId, type);
  if (!alarm) throw new Error(`the demo expected an active ${type} alarm on ${deviceId}`);
  return alarm;
}

/** The person who acknowledged the alarm goes there and resolves its ticket, which clears the alarm. */
async function dealtWith(stage: Stage, ticketId: number | null, minutesThere: number, note: string) {
  if (ticketId === null) return;
  await stage.after(minutesThere * MINUTE);
  await workflow.arriveAtTicket(deps(stage), stage.staff, ticketId);
  await stage.after(minutesThere * MINUTE);
  await workflow.resolveTicket(deps(stage), stage.staff, ticketId, note);
}

/** An alarm answered after `answerAfter`, then dealt with on the spot. */
async function answered(stage: Stage, deviceId: string, type: string, answerAfter: number, minutesThere: number, note: string) {
  const alarm = await activeAlarm(stage, deviceId, type);
  await stage.after(answerAfter);
  await acknowledgeAlarm(deps(stage), stage.staff, alarm.id);
  await dealtWith(stage, alarm.ticket_id, minutesThere, note);
}

/** The demo devices of a kind in the staff's community, lively homes first (a silent elder presses no button). */
function pick(devices: readonly FleetRow[], kind: string, seed: number, silent = false): FleetRow | undefined {
  return devices.find((d) => d.kind === kind && (d.household_id === null || isSilentHome(seed, homeKey(d.household_id)) === silent));
}

type Incident = (stage: Stage, device: FleetRow) => Promise<void>;

/** A China time of day some days before `now`. */
const daysAgo = (days: number, hour: number) => (now: number) => chinaDayStart(now) - days * DAY + hour * HOUR;

const incidents: { kind: string; at: (now: number) => number; silent?: boolean; play: Incident }[] = [
  {
    kind: 'sos_button', at: daysAgo(12, 9.3), play: async (stage, d) => {
      await event(stage, d.id, 'sos');
      await answered(stage, d.id, 'sos', 35 * SECOND, 20, '已上门查看：老人起身时头晕跌坐，已扶至床上休息，并通知其女儿。');
    },
  },
  {
    kind: 'bin_level', at: daysAgo(10, 16.7), play: async (stage, d) => {
      await reading(stage, d.id, { levelPct: 94, battery: 81 });
      const alarm = await activeAlarm(stage, d.id, 'bin_full');
      await stage.after(30 * MINUTE);
      await acknowledgeAlarm(deps(stage), stage.staff, alarm.id);
      await stage.after(110 * MINUTE);
      await reading(stage, d.id, { levelPct: 6, battery: 81 }); // emptied: the rule clears it
    },
  },
  {
    kind: 'gas', at: daysAgo(6, 11.1), play: async (stage, d) => {
      await event(stage, d.id, 'gas_alarm');
      await reading(stage, d.id, { lel: 22 });
      await answered(stage, d.id, 'gas', 75 * SECOND, 15, '已关闭燃气总阀、开窗通风；燃气公司更换了老化的软管。');
      await event(stage, d.id, 'alarm_clear');
      await reading(stage, d.id, { lel: 0 });
    },
  },
  {
    kind: 'lift_ebike_camera', at: daysAgo(4, 19.5), play: async (stage, d) => {
      await event(stage, d.id, 'ebike_detected', { confidence: 0.93 });
      await answered(stage, d.id, 'ebike_in_lift', 3 * MINUTE, 10, '物业已到场劝导，电动车已推出电梯，车主签署了承诺书。');
    },
  },
  {
    kind: 'manhole_cover', at: daysAgo(3, 7.8), play: async (stage, d) => {
      await event(stage, d.id, 'tilt', { tiltDeg: 28 });
      const alarm = await activeAlarm(stage, d.id, 'manhole_displaced');
      await stage.after(4 * MINUTE);
      await acknowledgeAlarm(deps(stage), stage.staff, alarm.id);
      await stage.after(2 * HOUR);
      await event(stage, d.id, 'cover_close'); // put back: the rule clears it
      await dealtWith(stage, alarm.ticket_id, 5, '井盖已复位，并加装了防位移支架。');
    },
  },
  {
    kind: 'sos_button', at: daysAgo(2, 15.2), play: async (stage, d) => {
      await event(stage, d.id, 'sos');
      const alarm = await activeAlarm(stage, d.id, 'sos');
      await stage.after(50 * SECOND);
      await clearAlarm(deps(stage), stage.staff, alarm.id, { reason: '老人打扫时误触按钮，电话回访确认平安。', falseAlarm: true });
      await dealtWith(stage, alarm.ticket_id, 1, '误报：电话回访确认老人平安，无需上门。');
    },
  },
  {
    // Thirty hours ago, the last time this door opened: the inactivity alarm (24 h) is live when the demo opens.
    kind: 'door_magnet', at: (now) => now - 30 * HOUR, silent: true, play: async (stage, d) => {
      await event(stage, d.id, 'door_open');
      await stage.after(40 * SECOND);
      await event(stage, d.id, 'door_close');
    },
  },
];

/**
 * Plays the alarm history of the staff member's community up to `now`, after the demo's devices and
 * tickets are loaded; returns how many incidents it played.
 */
export async function loadDemoAlarms(db: Kysely<DB>, cipher: FieldCipher, seed: number, now: Date): Promise<number> {
  const clock = fixedClock(now);
  const ingest = createIngest({ db, clock, cipher, log: quiet });
  const staff = await actorOf(db, 'staff');
  const community = await db.selectFrom('area').select('code').where('id', '=', staff.grants[0].areaId).executeTakeFirstOrThrow();
  const devices = await selectFleet(db, `${DEMO_DEVICE_PREFIX}${community.code}-`);
  const tickets = createTicketScheduler({ db, clock });
  const stage: Stage = {
    db, clock, cipher, ingest, staff, seqs: new Map(),
    async after(ms) {
      clock.advance(ms);
      await tickets.runDue();
    },
  };
  const played: FleetRow[] = [];
  try {
    for (const incident of incidents) {
      const device = pick(devices.filter((d) => !played.includes(d)), incident.kind, seed, incident.silent);
      if (!device) continue;
      clock.set(new Date(incident.at(now.getTime())));
      await incident.play(stage, device);
      played.push(device);
    }
    // Back to now: the last day of the elders' doors and water; every demo device reports in, so that none
    // looks offline; then the checks and deadlines catch up, which raises the silent elders' inactivity alarms.
    clock.set(now);
    const fleet = await selectFleet(db, DEMO_DEVICE_PREFIX);
    await playLastCareDay(ingest, fleet, seed, now);
    for (const d of fleet) await ingest.ingest(d.id, 'telemetry', Buffer.from(JSON.stringify({ ts: now.getTime() })));
    await ingest.flush();
    await createCheckScheduler({ db, clock, cipher }).runDue();
    await tickets.runDue();
  } finally {
    await ingest.close();
  }
  return played.length;
}
