import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type Agent } from '../../test/app.ts';
import { multipart } from '../../test/multipart.ts';
import { createTicketScheduler } from '../tickets/scheduler.ts';
import { alarmRaiser } from './alarms.ts';
import { createCheckScheduler } from './checks.ts';
import { rulesForKind } from './defaultRules.ts';
import { alarmSpecOf } from './ruleRun.ts';
import * as store from './store.ts';

/**
 * Alarms from device messages, end to end below the transport: provisioning, an SOS that opens a ticket
 * and escalates until someone acknowledges it, de-duplication, malformed payloads, and the care rules
 * (a door not opened, the away mode) driven by the fake clock.
 */
let t: Awaited<ReturnType<typeof startTestApp>>;
let staff: Agent;
let grid: Agent;
const minute = 60_000;
const hour = 60 * minute;

/** Moves the clock; sessions last 12 hours, so the agents sign in again. */
async function advance(ms: number) {
  t.clock.advance(ms);
  [staff, grid] = await Promise.all([t.login('staff'), t.login('grid')]);
}

const tickets = () => createTicketScheduler({ db: t.database.db, clock: t.clock }).runDue();
const checks = () => createCheckScheduler({ db: t.database.db, clock: t.clock, cipher: t.cipher }).runDue();
const event = (deviceId: string, seq: number, type: string, extra: Record<string, unknown> = {}) =>
  t.app.ctx.ingest.ingest(deviceId, 'event', Buffer.from(JSON.stringify({ ts: t.clock.now().getTime(), seq, type, ...extra })));

async function provision(id: string, kind: string, householdId: number) {
  const res = await staff.send('POST', '/api/devices', { id, kind, communityId: t.world.communityA.id, householdId, label: `${id} 的位置` });
  expect(res.status, res.raw).toBe(201);
  return res.body;
}

async function alarmsOf(deviceId: string, status = 'all', type?: string) {
  const res = await staff.get(`/api/alarms?deviceId=${deviceId}&status=${status}${type ? `&type=${type}` : ''}`);
  expect(res.status, res.raw).toBe(200);
  return res.body.items as { id: number; type: string; severity: string; active: boolean; acknowledged: boolean; occurrences: number; ticketId: number | null }[];
}

beforeAll(async () => {
  t = await startTestApp();
  staff = await t.login('staff');
  grid = await t.login('grid');
});
afterAll(() => t.close());

describe('provisioning', () => {
  it('registers a device with a secret shown once, and refuses a second device with the same id', async () => {
    const provisioned = await provision('SOS-1', 'sos_button', t.world.a1.household.id);
    expect(provisioned.secret).toMatch(/^[A-Za-z0-9_-]{40,}$/);
    expect(provisioned.device).toMatchObject({ id: 'SOS-1', kind: 'sos_button', householdId: t.world.a1.household.id, gridId: t.world.gridA1.id, state: 'unknown' });
    expect(provisioned.device.topics.event).toBe('linli/CA/SOS-1/event');
    const again = await staff.get('/api/devices/SOS-1');
    expect(again.raw).not.toContain(provisioned.secret);
    const twice = await staff.send('POST', '/api/devices', { id: 'SOS-1', kind: 'sos_button', communityId: t.world.communityA.id });
    expect(twice.status).toBe(409);
    expect(twice.body.error.code).toBe('DEVICE_EXISTS');
  });

  it('refuses an unknown kind and a household of another community, writing nothing', async () => {
    const kind = await staff.send('POST', '/api/devices', { id: 'X-1', kind: 'toaster', communityId: t.world.communityA.id });
    expect(kind.body.error.code).toBe('DEVICE_KIND_UNKNOWN');
    const elsewhere = await staff.send('POST', '/api/devices', { id: 'X-2', kind: 'smoke', communityId: t.world.communityA.id, householdId: t.world.b1.household.id });
    expect(elsewhere.status).toBe(404);
    expect((await staff.get('/api/devices/X-2')).status).toBe(404);
  });
});

describe('an SOS', () => {
  let alarmId: number;
  let ticketId: number;

  it('raises a critical alarm with a ticket in the service loop', async () => {
    expect(await event('SOS-1', 1, 'sos')).toBe('accepted');
    const [alarm] = await alarmsOf('SOS-1');
    expect(alarm).toMatchObject({ type: 'sos', severity: 'critical', active: true, acknowledged: false, occurrences: 1 });
    expect(alarm.ticketId).not.toBeNull();
    alarmId = alarm.id;
    ticketId = alarm.ticketId!;
    const ticket = await staff.get(`/api/tickets/${ticketId}`);
    expect(ticket.body).toMatchObject({ source: 'device', categoryCode: 'elder_help', priority: 'urgent', status: 'dispatched', level: 0, gridId: t.world.gridA1.id });
  });

  it('is written once however often the broker redelivers it; a new press counts as an occurrence', async () => {
    expect(await event('SOS-1', 1, 'sos')).toBe('duplicate');
    expect((await alarmsOf('SOS-1'))[0].occurrences).toBe(1);
    expect(await event('SOS-1', 2, 'sos')).toBe('accepted');
    const alarms = await alarmsOf('SOS-1');
    expect(alarms).toHaveLength(1);
    expect(alarms[0].occurrences).toBe(2);
  });

  it('escalates while nobody answers, and stops once staff acknowledge it', async () => {
    t.clock.advance(2 * minute);
    await tickets();
    expect((await staff.get(`/api/tickets/${ticketId}`)).body.level).toBe(1);
    const ack = await staff.send('POST', `/api/alarms/${alarmId}/acknowledge`);
    expect(ack.status, ack.raw).toBe(200);
    expect(ack.body).toMatchObject({ acknowledged: true, active: true, acknowledgedByName: 'staff' });
    expect(ack.body.timeline.map((e: { kind: string }) => e.kind)).toEqual(['raised', 'ticket_opened', 'acknowledged']);
    await advance(2 * hour);
    await tickets();
    const ticket = (await staff.get(`/api/tickets/${ticketId}`)).body;
    expect(ticket).toMatchObject({ status: 'accepted', level: 1 });
  });

  it('is handed only to someone who answers alarms where it is, found by name', async () => {
    const { name: gridName } = await t.database.db.selectFrom('area').select('name').where('id', '=', t.world.gridA1.id).executeTakeFirstOrThrow();
    const everyone = await grid.get(`/api/alarms/${alarmId}/assignees`);
    expect(everyone.status, everyone.raw).toBe(200);
    // Not staffB (another community), property (sees devices, does not answer alarms), department, resident.
    expect(everyone.body.map((p: { displayName: string }) => p.displayName)).toEqual(['admin', 'grid', 'lead', 'staff', 'subdistrict']);
    expect(everyone.body.find((p: { displayName: string }) => p.displayName === 'grid').areas).toBe(gridName);
    const found = await grid.get(`/api/alarms/${alarmId}/assignees?q=LEA`);
    expect(found.body).toEqual([{ id: expect.any(Number), displayName: 'lead', areas: gridName }]);
    expect((await grid.get(`/api/alarms/${alarmId}/assignees?q=%25`)).body).toEqual([]);
    const assigned = await grid.send('POST', `/api/alarms/${alarmId}/assign`, { userId: found.body[0].id });
    expect(assigned.status, assigned.raw).toBe(200);
    expect(assigned.body).toMatchObject({ assigneeName: 'lead' });
    const staffB = await t.database.db.selectFrom('app_user').select('id').where('username', '=', 'staffB').executeTakeFirstOrThrow();
    const refused = await grid.send('POST', `/api/alarms/${alarmId}/assign`, { userId: staffB.id });
    expect(refused.body.error.code).toBe('ASSIGNEE_NOT_FOUND');
    expect((await (await t.login('staffB')).get(`/api/alarms/${alarmId}/assignees`)).status).toBe(404);
  });

  it('never clears by itself; resolving its ticket clears it', async () => {
    expect(await event('SOS-1', 3, 'low_battery')).toBe('accepted');
    expect((await alarmsOf('SOS-1', 'active')).map((a) => a.type)).toContain('sos');
    const resolved = await staff.sendRaw('POST', `/api/tickets/${ticketId}/resolve`, multipart({ note: '已上门，老人安好' }, []));
    expect(resolved.status, resolved.raw).toBe(200);
    const alarm = (await staff.get(`/api/alarms/${alarmId}`)).body;
    expect(alarm.active).toBe(false);
    expect(alarm.timeline.at(-1)).toMatchObject({ kind: 'cleared', actorName: 'staff' });
  });

  it('accepting the ticket of a new SOS acknowledges its alarm', async () => {
    await event('SOS-1', 4, 'sos');
    const [alarm] = await alarmsOf('SOS-1', 'active');
    const accepted = await grid.send('POST', `/api/tickets/${alarm.ticketId}/accept`);
    expect(accepted.status, accepted.raw).toBe(200);
    expect((await staff.get(`/api/alarms/${alarm.id}`)).body).toMatchObject({ acknowledged: true, acknowledgedByName: 'grid' });
  });
});

describe('bad payloads', () => {
  it('are counted on the device with the reason, and change nothing else', async () => {
    await provision('SMOKE-1', 'smoke', t.world.a1.household.id);
    const bad = await t.app.ctx.ingest.ingest('SMOKE-1', 'event', Buffer.from('{"ts": 1, "type": "smoke_alarm"'));
    expect(bad).toBe('malformed');
    expect(await t.app.ctx.ingest.ingest('SMOKE-1', 'event', Buffer.from(JSON.stringify({ ts: 1, seq: 1, type: 'sos' })))).toBe('malformed');
    const device = (await staff.get('/api/devices/SMOKE-1')).body;
    expect(device.malformedCount).toBe(2);
    expect(device.lastMalformed).toMatch(/type/);
    expect(device.recentEvents).toEqual([]);
    expect(await alarmsOf('SMOKE-1')).toEqual([]);
    const listed = await staff.get('/api/devices?malformed=true');
    expect(listed.body.items.map((d: { id: string }) => d.id)).toEqual(['SMOKE-1']);
  });

  it('with text PostgreSQL cannot store are malformed, and the readings batched with them are kept', async () => {
    await provision('SMOKE-2', 'smoke', t.world.a1.household.id);
    const reading = (text: string) => t.app.ctx.ingest.ingest('SMOKE-2', 'telemetry', Buffer.from(text));
    expect(await reading('{"ts": 1, "seq": 1, "note": "\\u0000"}')).toBe('malformed');
    expect(await reading('{"ts": 1, "seq": 2, "\\udc00": 1}')).toBe('malformed');
    expect(await reading('{"ts": 1, "seq": 3, "note": "\\ud83d\\ude00 \\u00e9", "obscuration": 0.5}')).toBe('accepted');
    expect((await staff.get('/api/devices/SMOKE-2')).body.lastMalformed).toMatch(/NUL character or a lone surrogate/);
    await t.app.ctx.ingest.flush();
    const stored = await t.database.db.selectFrom('device_reading').select('value').where('device_id', '=', 'SMOKE-2').execute();
    expect(stored.map((r) => r.value)).toEqual([{ ts: 1, seq: 3, note: '😀 é', obscuration: 0.5 }]);
  });

  it('are stored as the device sent them — quotes, backslashes, Chinese, escaped control characters — by MQTT or the HTTP gateway', async () => {
    await provision('SMOKE-3', 'smoke', t.world.a1.household.id);
    const note = '楼道 "烟" \\ 路径\u001e末';
    const ingest = (channel: 'telemetry' | 'event', payload: Buffer | object) => t.app.ctx.ingest.ingest('SMOKE-3', channel, payload);
    expect(await ingest('telemetry', Buffer.from(JSON.stringify({ ts: 1, note, obscuration: 0.5 })))).toBe('accepted');
    expect(await ingest('telemetry', { ts: 2, note, obscuration: 0.25 })).toBe('accepted');
    expect(await ingest('event', Buffer.from(JSON.stringify({ ts: 3, seq: 1, type: 'alarm_clear', note })))).toBe('accepted');
    await t.app.ctx.ingest.flush();
    const readings = await t.database.db.selectFrom('device_reading').select('value').where('device_id', '=', 'SMOKE-3').execute();
    expect(readings.map((r) => r.value).sort((a, b) => (a as { ts: number }).ts - (b as { ts: number }).ts))
      .toEqual([{ ts: 1, note, obscuration: 0.5 }, { ts: 2, note, obscuration: 0.25 }]);
    const events = await t.database.db.selectFrom('device_event').select(['type', 'payload']).where('device_id', '=', 'SMOKE-3').execute();
    expect(events).toEqual([{ type: 'alarm_clear', payload: { ts: 3, seq: 1, type: 'alarm_clear', note } }]);
  });

  it('from an unregistered device are dropped', async () => {
    expect(await t.app.ctx.ingest.ingest('NOBODY', 'event', Buffer.from('{}'))).toBe('unknown_device');
  });
});

describe('a door not opened (elder living alone)', () => {
  it('raises an inactivity alarm after a day, which clears when the door opens', async () => {
    await provision('DOOR-1', 'door_magnet', t.world.a2.household.id);
    await event('DOOR-1', 1, 'door_open');
    await advance(23 * hour);
    await checks();
    expect(await alarmsOf('DOOR-1', 'all', 'door_inactive')).toEqual([]);
    await advance(hour + minute);
    await checks();
    const [alarm] = await alarmsOf('DOOR-1', 'active', 'door_inactive');
    expect(alarm).toMatchObject({ type: 'door_inactive', severity: 'major', acknowledged: false });
    expect(alarm.ticketId).not.toBeNull();
    await event('DOOR-1', 2, 'door_open');
    expect(await alarmsOf('DOOR-1', 'active', 'door_inactive')).toEqual([]);
  });

  it('stays quiet while the household is away, and watches again once it is back', async () => {
    const away = await grid.send('PUT', `/api/households/${t.world.a2.household.id}/away`, { until: '2026-12-01', reason: '住院' });
    // The grid worker works grid A1; the household is in A2.
    expect(away.status).toBe(403);
    const marked = await staff.send('PUT', `/api/households/${t.world.a2.household.id}/away`, { until: '2026-12-01', reason: '住院' });
    expect(marked.status, marked.raw).toBe(200);
    await advance(48 * hour);
    await checks();
    expect(await alarmsOf('DOOR-1', 'active', 'door_inactive')).toEqual([]);
    // Back on 2 December: a day later with the door still closed, the watch fires again.
    t.clock.set(new Date('2026-12-02T16:30:00Z'));
    await advance(0);
    await checks();
    expect((await alarmsOf('DOOR-1', 'active', 'door_inactive'))).toHaveLength(1);
  });
});

describe('the HTTP gateway', () => {
  it('takes a device’s messages with its own credentials only', async () => {
    const { secret } = await provision('GAS-1', 'gas', t.world.a1.household.id);
    const send = (password: string) => t.app.inject({
      method: 'POST', url: '/api/devices/GAS-1/messages', headers: { authorization: `Basic ${Buffer.from(`GAS-1:${password}`).toString('base64')}` },
      payload: { messages: [{ channel: 'telemetry', payload: { ts: t.clock.now().getTime(), lel: 3 } }, { channel: 'event', payload: { ts: t.clock.now().getTime(), seq: 7, type: 'gas_alarm' } }] },
    });
    const wrong = await send('not-the-secret');
    expect(wrong.statusCode).toBe(401);
    expect(wrong.json().error.code).toBe('DEVICE_AUTH_FAILED');
    expect(await alarmsOf('GAS-1')).toEqual([]);
    const right = await send(secret);
    expect(right.json()).toEqual({ accepted: 2, malformed: 0, duplicates: 0 });
    expect((await alarmsOf('GAS-1')).map((a) => [a.type, a.severity])).toEqual([['gas', 'critical']]);
    const device = (await staff.get('/api/devices/GAS-1')).body;
    expect(device).toMatchObject({ state: 'online' });
  });
});

describe('clearing by hand', () => {
  const telemetry = (lel: number) => t.app.ctx.ingest.ingest('GAS-1', 'telemetry', Buffer.from(JSON.stringify({ ts: t.clock.now().getTime(), lel })));

  it('starts the rule afresh: a reading still over the limit raises a new alarm', async () => {
    const [gas] = await alarmsOf('GAS-1', 'active');
    await telemetry(30);
    await t.app.ctx.ingest.flush();
    // Back over the limit after a reading under it: one more occurrence of the same alarm.
    expect((await alarmsOf('GAS-1', 'active')).map((a) => [a.id, a.occurrences])).toEqual([[gas.id, 2]]);
    const cleared = await staff.send('POST', `/api/alarms/${gas.id}/clear`, { reason: '已关阀通风', falseAlarm: false });
    expect(cleared.status, cleared.raw).toBe(200);
    expect(await alarmsOf('GAS-1', 'active')).toEqual([]);
    await telemetry(30);
    await t.app.ctx.ingest.flush();
    const [again] = await alarmsOf('GAS-1', 'active');
    expect(again.id).not.toBe(gas.id);
  });
});

describe('the answer KPI', () => {
  it('counts critical alarms acknowledged within 60 s and 180 s', async () => {
    const res = await staff.get('/api/alarms/kpi?from=2026-11-01&to=2026-12-31');
    expect(res.status, res.raw).toBe(200);
    // SOS #1 was acknowledged after 2 minutes, SOS #2 at once (its ticket accepted), the first gas alarm at once
    // (cleared by hand, which acknowledges), the second gas alarm not yet.
    expect(res.body).toMatchObject({ critical: 4, within60s: 2 / 4, within180s: 3 / 4, unacknowledged: 1 });
  });
});

describe('repeats of an active alarm', () => {
  it('are counted together: presses that arrive at once make one alarm with every press in it', async () => {
    await provision('SOS-R', 'sos_button', t.world.a1.household.id);
    expect(await event('SOS-R', 1, 'sos')).toBe('accepted');
    expect(await Promise.all([2, 3, 4, 5].map((seq) => event('SOS-R', seq, 'sos')))).toEqual(['accepted', 'accepted', 'accepted', 'accepted']);
    const alarms = await alarmsOf('SOS-R');
    expect(alarms).toHaveLength(1);
    expect(alarms[0]).toMatchObject({ active: true, occurrences: 5 });
  });

  it('raise a new alarm when a person cleared the one they repeat before they were written, as a lone press would', async () => {
    const [before] = await alarmsOf('SOS-R', 'active');
    const spec = alarmSpecOf(rulesForKind('sos_button').find((r) => r.alarmType === 'sos')!);
    await t.database.db.transaction().execute(async (trx) => {
      const device = (await store.findDeviceInfo(trx, 'SOS-R'))!;
      const raiser = alarmRaiser(trx, { cipher: t.cipher }, [device.id]);
      await raiser.raise(device, spec, t.clock.now(), { press: 6 });
      // Cleared by hand between the count and its write.
      await store.updateAlarm(trx, before.id, { cleared_at: t.clock.now() });
      await raiser.flush();
    });
    const alarms = await alarmsOf('SOS-R');
    expect(alarms.find((a) => a.id === before.id)).toMatchObject({ active: false, occurrences: 5 });
    const raised = alarms.filter((a) => a.active);
    expect(raised).toHaveLength(1);
    expect(raised[0]).toMatchObject({ type: 'sos', occurrences: 1 });
    expect(raised[0].ticketId).not.toBeNull();
  });
});
