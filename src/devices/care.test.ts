import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type Agent } from '../../test/app.ts';

/** The care card of an elder living alone: readings at a glance, the contact chain, the call log. */
let t: Awaited<ReturnType<typeof startTestApp>>;
let staff: Agent;
let household: number;
const hour = 3_600_000;

async function send(deviceId: string, channel: 'event' | 'telemetry', payload: Record<string, unknown>) {
  await t.app.ctx.ingest.ingest(deviceId, channel, Buffer.from(JSON.stringify({ ts: t.clock.now().getTime(), ...payload })));
}

beforeAll(async () => {
  t = await startTestApp();
  staff = await t.login('staff');
  household = t.world.a1.household.id;
  for (const [id, kind] of [['D-1', 'door_magnet'], ['W-1', 'water_meter'], ['S-1', 'sos_button']]) {
    const res = await staff.send('POST', '/api/devices', { id, kind, communityId: t.world.communityA.id, householdId: household });
    expect(res.status, res.raw).toBe(201);
  }
  // A smoke alarm alone does not make a care household.
  await staff.send('POST', '/api/devices', { id: 'SM-2', kind: 'smoke', communityId: t.world.communityA.id, householdId: t.world.a2.household.id });
});
afterAll(() => t.close());

describe('the care card', () => {
  it('shows the last door opening, the last water use, the devices and open alarms', async () => {
    const opened = t.clock.now().toISOString();
    await send('D-1', 'event', { seq: 1, type: 'door_open' });
    await send('W-1', 'telemetry', { litres: 100.5, battery: 80 });
    t.clock.advance(hour);
    await send('W-1', 'telemetry', { litres: 104 });
    const used = t.clock.now().toISOString();
    t.clock.advance(hour);
    await send('W-1', 'telemetry', { litres: 104 });
    await send('S-1', 'event', { seq: 1, type: 'sos' });
    await t.app.ctx.ingest.flush();
    const res = await staff.get('/api/care/cards');
    expect(res.status, res.raw).toBe(200);
    expect(res.body.items.map((c: { householdId: number }) => c.householdId)).toEqual([household]);
    const [card] = res.body.items;
    expect(card).toMatchObject({ lastDoorOpenAt: opened, lastWaterUseAt: used, elders: [{ name: '张*', age: 77 }], awayUntil: null });
    expect(card.devices.map((d: { id: string }) => d.id)).toEqual(['D-1', 'S-1', 'W-1']);
    expect(card.devices.find((d: { id: string }) => d.id === 'W-1')).toMatchObject({ battery: 80, state: 'online' });
    expect(card.openAlarms.map((a: { type: string }) => a.type)).toContain('sos');
    const alarming = await staff.get('/api/care/cards?alarming=true');
    expect(alarming.body.items).toHaveLength(1);
  });

  it('keeps the contact chain masked, in calling order, and reveals a phone only for a reason', async () => {
    const bad = await staff.send('PUT', `/api/care/households/${household}/contacts`, { contacts: [{ role: 'family', name: '张小红', phone: '12' + '3'.repeat(5) }] });
    expect(bad.status).toBe(400);
    const res = await staff.send('PUT', `/api/care/households/${household}/contacts`, {
      contacts: [{ role: 'elder', name: '张三', phone: '13812345678' }, { role: 'family', name: '张小红', phone: '13987654321', relation: '女儿' }],
    });
    expect(res.status, res.raw).toBe(200);
    expect(res.body.contacts.map((c: { position: number; name: string; phone: string }) => [c.position, c.name, c.phone])).toEqual([[1, '张*', '138****5678'], [2, '张**', '139****4321']]);
    expect(res.raw).not.toContain('13987654321');
    const daughter = res.body.contacts[1].id;
    const noReason = await staff.send('POST', `/api/care/contacts/${daughter}/reveal`, { reason: '' });
    expect(noReason.status).toBe(400);
    const revealed = await staff.send('POST', `/api/care/contacts/${daughter}/reveal`, { reason: '老人未接电话，联系家属' });
    expect(revealed.body).toEqual({ id: daughter, name: '张小红', phone: '13987654321' });
    const audit = await staff.get('/api/audit?action=care_contact.reveal');
    expect(audit.body.items.map((e: { reason: string }) => e.reason)).toEqual(['老人未接电话，联系家属']);
  });

  it('logs each call attempt with its outcome, newest first', async () => {
    const card = (await staff.get(`/api/care/households/${household}`)).body;
    const [elder, daughter] = card.contacts;
    const alarmId = card.openAlarms[0].id;
    await staff.send('POST', `/api/care/households/${household}/calls`, { contactId: elder.id, outcome: 'no_answer', alarmId });
    const res = await staff.send('POST', `/api/care/households/${household}/calls`, { contactId: daughter.id, outcome: 'answered', note: '女儿马上过去', alarmId });
    expect(res.status, res.raw).toBe(201);
    expect(res.body.recentCalls.map((c: { role: string; outcome: string; contactName: string }) => [c.role, c.outcome, c.contactName]))
      .toEqual([['family', 'answered', '张**'], ['elder', 'no_answer', '张*']]);
    const elsewhere = await staff.send('POST', `/api/care/households/${t.world.a2.household.id}/calls`, { contactId: daughter.id, outcome: 'answered' });
    expect(elsewhere.body.error.code).toBe('CONTACT_NOT_FOUND');
  });

  it('is not shown to staff of another community', async () => {
    const other = await t.login('staffB');
    expect((await other.get('/api/care/cards')).body.items).toEqual([]);
    expect((await other.get(`/api/care/households/${household}`)).status).toBe(404);
  });
});
