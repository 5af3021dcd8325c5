/**
 * The demo's service loop: a month of tickets played through the real use cases (report, accept,
 * arrive, resolve, rate; late ones escalated by the real scheduler) on a clock stepped by hand, so
 * that the console's list, map and three rates show a believable community from the first start.
 */
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import type { Actor } from '../platform/actor.ts';
import { selectGrants } from '../platform/auth/store.ts';
import { fixedClock } from '../platform/clock.ts';
import type { FieldCipher } from '../platform/fieldCipher.ts';
import type { Storage } from '../platform/storage.ts';
import { createTicketScheduler } from '../tickets/scheduler.ts';
import { openTicket, type TicketDeps } from '../tickets/service.ts';
import * as workflow from '../tickets/workflow.ts';
import { createRng, type Rng } from './random.ts';

const DAYS = 30;
const TICKETS = 40;
const MINUTE = 60_000;

/** Demo tickets carry no photos, so nothing is ever stored. */
export const noPhotos: Storage = {
  put: () => Promise.reject(new Error('demo tickets carry no photos')),
  get: async () => undefined,
  remove: async () => undefined,
};

const reports: { category: string; text: string }[] = [
  { category: 'safety_hazard', text: '楼道里堆放纸箱杂物，堵住了消防通道。' },
  { category: 'safety_hazard', text: '单元门口有电动车在楼道里充电。' },
  { category: 'water_power', text: '整栋楼停水了，没有看到通知。' },
  { category: 'environment', text: '垃圾分类点的厨余垃圾桶满了一天没人清运。' },
  { category: 'environment', text: '小区绿化带里有大量建筑垃圾。' },
  { category: 'public_facility', text: '健身器材的扶手断了，老人用起来很危险。' },
  { category: 'public_facility', text: '路灯坏了好几天，晚上很黑。' },
  { category: 'parking', text: '消防车道上长期停着私家车。' },
  { category: 'noise', text: '楼下商铺晚上十点后还在放音乐。' },
  { category: 'greening', text: '树枝伸到三楼窗户，刮风时敲打玻璃。' },
  { category: 'neighbour_dispute', text: '楼上住户漏水到我家天花板，协商未果。' },
  { category: 'property_service', text: '电梯经常停运，物业维修不及时。' },
];

interface Cast {
  resident: Actor;
  grid: Actor;
  staff: Actor;
}

export async function actorOf(db: Kysely<DB>, username: string): Promise<Actor> {
  const user = await db.selectFrom('app_user').selectAll().where('username', '=', username).executeTakeFirstOrThrow();
  return {
    userId: user.id, username: user.username, displayName: user.display_name, locale: 'zh-CN', grants: await selectGrants(db, user.id),
    householdId: user.household_id, residentId: user.resident_id, departmentId: user.department_id, ip: null,
  };
}

/**
 * Points to report at: building entrances in the demo staff member's community, split into those in
 * the demo grid worker's grid (theirs to handle) and the others (the community staff's).
 */
async function reportPoints(db: Kysely<DB>, cast: Cast) {
  const rows = await db.selectFrom('building').select(['grid_id', 'entrance_lon', 'entrance_lat'])
    .where('community_id', '=', cast.staff.grants[0].areaId).where('entrance_lon', 'is not', null).where('grid_id', 'is not', null).execute();
  const gridId = cast.grid.grants[0].areaId;
  const point = (r: (typeof rows)[number]) => ({ lon: r.entrance_lon!, lat: r.entrance_lat! });
  return { inGrid: rows.filter((r) => r.grid_id === gridId).map(point), elsewhere: rows.filter((r) => r.grid_id !== gridId).map(point) };
}

/** One ticket's life, up to `now`: most are handled and rated, some run late, a few are still open. */
async function playTicket(
  deps: TicketDeps & { clock: ReturnType<typeof fixedClock> }, rng: Rng, cast: Cast, start: Date, now: Date, point: { lon: number; lat: number }, inGrid: boolean,
) {
  const { clock } = deps;
  const scheduler = createTicketScheduler(deps);
  let elapsed = 0;
  /** Moves the clock on by some minutes and lets the scheduler act; false once that would pass now. */
  const after = async (minutes: number) => {
    elapsed += minutes;
    const next = start.getTime() + elapsed * MINUTE;
    if (next > now.getTime()) return false;
    clock.set(new Date(next));
    await scheduler.runDue();
    return true;
  };
  clock.set(start);
  const report = rng.pick(reports);
  const byResident = rng.chance(0.4);
  const id = await openTicket(deps, {
    source: byResident ? 'resident_app' : rng.pick(['hotline_12345', 'patrol'] as const), who: byResident ? { id: cast.resident.userId, name: cast.resident.displayName } : { id: cast.grid.userId, name: cast.grid.displayName },
    reporterUserId: byResident ? cast.resident.userId : null, auditActor: { id: null, name: 'demo', ip: null },
    contact: byResident ? undefined : { name: '王先生', phone: `139${String(rng.int(10_000_000, 99_999_999))}` },
  }, { categoryCode: report.category, description: report.text, location: point, address: '' });
  // Late ones wait past the grid's minute, so the scheduler moves them to the community, whose staff accept.
  const late = rng.chance(0.2);
  if (!(await after(late ? rng.int(3, 20) : rng.float(0.2, 0.9)))) return;
  const handler = late || !inGrid ? cast.staff : cast.grid;
  await workflow.acceptTicket(deps, handler, id);
  if (!(await after(rng.int(5, 30)))) return;
  await workflow.arriveAtTicket(deps, handler, id);
  if (!(await after(rng.int(60, 60 * 48)))) return;
  await workflow.resolveTicket(deps, handler, id, '已到现场处理完毕，请居民确认。');
  // Hotline callers are called back by staff; some residents never rate (closed as no answer after three days).
  if (!byResident || rng.chance(0.2) || !(await after(rng.int(60, 60 * 60)))) return;
  const resolved = rng.chance(0.85);
  await workflow.rateTicket(deps, cast.resident, id, {
    resolved, rating: resolved ? rng.weighted({ satisfied: 75, basically_satisfied: 25 }) : 'not_satisfied', comment: resolved ? '处理及时，谢谢。' : '问题还在。',
  });
}

/** Plays a month of tickets ending now; the scheduler then catches up to now (breaches, callbacks). */
export async function loadDemoTickets(db: Kysely<DB>, cipher: FieldCipher, seed: number, now: Date): Promise<number> {
  const rng = createRng(seed, 'tickets');
  const clock = fixedClock(now);
  const deps = { db, cipher, clock, storage: noPhotos };
  const cast = { resident: await actorOf(db, 'resident'), grid: await actorOf(db, 'grid'), staff: await actorOf(db, 'staff') };
  const points = await reportPoints(db, cast);
  const starts = Array.from({ length: TICKETS }, () => now.getTime() - rng.float(0.05, DAYS) * 86_400_000).sort((a, b) => a - b);
  for (const start of starts) {
    const inGrid = rng.chance(0.6) || !points.elsewhere.length;
    await playTicket(deps, rng, cast, new Date(start), now, rng.pick(inGrid ? points.inGrid : points.elsewhere), inGrid);
  }
  clock.set(now);
  await createTicketScheduler(deps).runDue();
  return TICKETS;
}
