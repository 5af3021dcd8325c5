import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type Agent } from '../../test/app.ts';
import { homeKey } from '../devices/fleet.ts';
import { selectFleet } from '../devices/fleetStore.ts';
import { DAY } from '../devices/simulatorBehaviours.ts';
import { isSilentHome } from '../devices/simulatorTraffic.ts';
import { playLastCareDay } from './careDay.ts';

/** The demo's last day of door and water traffic, as the care cards show it. */
let t: Awaited<ReturnType<typeof startTestApp>>;
let staff: Agent;
let lively: number;
let silent: number;
let seed: number;

beforeAll(async () => {
  t = await startTestApp();
  staff = await t.login('staff');
  lively = t.world.a1.household.id;
  silent = t.world.a2.household.id;
  // The first seed under which the first home's elder goes about their day and the second's is a silent one.
  seed = 1;
  while (isSilentHome(seed, homeKey(lively)) || !isSilentHome(seed, homeKey(silent))) seed++;
  for (const household of [lively, silent]) {
    for (const kind of ['door_magnet', 'water_meter']) {
      const res = await staff.send('POST', '/api/devices', { id: `CARE-${household}-${kind}`, kind, communityId: t.world.communityA.id, householdId: household });
      expect(res.status, res.raw).toBe(201);
    }
  }
});
afterAll(() => t.close());

describe('the last care day of the demo', () => {
  it('gives the care cards a door opening and water use within the last day, and nothing to a silent elder', async () => {
    const now = t.clock.now();
    const played = await playLastCareDay(t.app.ctx.ingest, await selectFleet(t.database.db, 'CARE-'), seed, now);
    // Hourly heartbeats of four devices alone come to about a hundred.
    expect(played).toBeGreaterThan(90);
    const res = await staff.get('/api/care/cards');
    expect(res.status, res.raw).toBe(200);
    const card = (household: number) => res.body.items.find((c: { householdId: number }) => c.householdId === household);
    const withinTheDay = (iso: string | null) => iso !== null && Date.parse(iso) > now.getTime() - DAY && Date.parse(iso) <= now.getTime();
    expect(withinTheDay(card(lively).lastDoorOpenAt), card(lively).lastDoorOpenAt).toBe(true);
    expect(withinTheDay(card(lively).lastWaterUseAt), card(lively).lastWaterUseAt).toBe(true);
    expect(card(silent)).toMatchObject({ lastDoorOpenAt: null, lastWaterUseAt: null });
    // Every device reported through the day: none is left "never seen".
    for (const c of [card(lively), card(silent)]) expect(c.devices.map((d: { state: string }) => d.state)).toEqual(['online', 'online']);
  });
});
