import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type Agent } from '../../test/app.ts';
import { createCheckScheduler } from './checks.ts';

/** A community tunes the ready rules; a household's own limit wins over the community's. */
let t: Awaited<ReturnType<typeof startTestApp>>;
let staff: Agent;
const hour = 3_600_000;
const rule = 'door_magnet.door_inactive';

beforeAll(async () => {
  t = await startTestApp();
  staff = await t.login('staff');
});
afterAll(() => t.close());

const doorRule = async (query: string) => {
  const res = await staff.get(`/api/device-rules?communityId=${t.world.communityA.id}&kind=door_magnet${query}`);
  expect(res.status, res.raw).toBe(200);
  return res.body.find((r: { code: string }) => r.code === rule);
};

describe('rule settings', () => {
  it('lists the ready rules with their defaults and limits', async () => {
    const door = await doorRule('');
    expect(door).toMatchObject({ severity: 'major', effective: { hours: 24, enabled: true }, community: {}, household: {} });
    expect(door.specs.hours).toMatchObject({ type: 'number', min: 1, max: 168 });
  });

  it('takes a household its own limit, leaving the community default alone', async () => {
    const household = t.world.a2.household.id;
    const res = await staff.send('PUT', `/api/device-rules/${rule}/params`, { communityId: t.world.communityA.id, householdId: household, params: { hours: 12 } });
    expect(res.status, res.raw).toBe(200);
    // Shown at the level it was set: the household's, not the community's.
    expect(await doorRule(`&householdId=${household}`)).toMatchObject({ effective: { hours: 12 }, community: {}, household: { hours: 12 } });
    expect((await doorRule('')).effective.hours).toBe(24);
  });

  it('watches that household by its own limit', async () => {
    const provisioned = await staff.send('POST', '/api/devices', { id: 'DOOR-T', kind: 'door_magnet', communityId: t.world.communityA.id, householdId: t.world.a2.household.id });
    expect(provisioned.status, provisioned.raw).toBe(201);
    t.clock.advance(12 * hour + 60_000);
    await createCheckScheduler({ db: t.database.db, clock: t.clock, cipher: t.cipher }).runDue();
    const alarms = await t.database.db.selectFrom('alarm').select('type').where('device_id', '=', 'DOOR-T').where('type', '=', 'door_inactive').execute();
    expect(alarms).toHaveLength(1);
  });

  it('refuses a value out of range, an unknown parameter or rule, and another community', async () => {
    staff = await t.login('staff');
    const body = (params: Record<string, unknown>) => ({ communityId: t.world.communityA.id, params });
    const range = await staff.send('PUT', `/api/device-rules/${rule}/params`, body({ hours: 500 }));
    expect(range.status).toBe(400);
    expect(range.body.error.details[0]).toMatchObject({ path: 'body.params.hours', code: 'RULE_PARAM_NUMBER' });
    const unknown = await staff.send('PUT', `/api/device-rules/${rule}/params`, body({ minutes: 5 }));
    expect(unknown.body.error.details[0].code).toBe('RULE_PARAM_UNKNOWN');
    expect((await staff.send('PUT', '/api/device-rules/door_magnet.nothing/params', body({}))).body.error.code).toBe('ALARM_RULE_UNKNOWN');
    const other = await (await t.login('staffB')).send('PUT', `/api/device-rules/${rule}/params`, body({ hours: 2 }));
    expect(other.status).toBe(403);
    expect((await doorRule('')).effective.hours).toBe(24);
  });

  it('removes an override with empty params', async () => {
    const household = t.world.a2.household.id;
    await staff.send('PUT', `/api/device-rules/${rule}/params`, { communityId: t.world.communityA.id, householdId: household, params: {} });
    expect((await doorRule(`&householdId=${household}`)).effective.hours).toBe(24);
  });
});
