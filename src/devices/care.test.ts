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

  it('measures the quiet door and water against the household\'s own limits, as tuned', async () => {
    const quietHours = async () => (await staff.get(`/api/care/households/${household}`)).body.quietHours;
    expect(await quietHours()).toEqual({ door: 24, water: 24 });
    const tune = (code: string, level: Record<string, number>, params: Record<string, unknown>) =>
      staff.send('PUT', `/api/device-rules/${code}/params`, { communityId: t.world.communityA.id, ...level, params });
    expect((await tune('door_magnet.door_inactive', {}, { hours: 36 })).status).toBe(200);
    expect(await quietHours()).toEqual({ door: 36, water: 24 });
    await tune('door_magnet.door_inactive', { householdId: household }, { hours: 12 });
    await tune('water_meter.water_low', { householdId: household }, { enabled: false });
    expect(await quietHours()).toEqual({ door: 12, water: null });
    await tune('door_magnet.door_inactive', { householdId: household }, {});
    await tune('door_magnet.door_inactive', {}, {});
    await tune('water_meter.water_low', { householdId: household }, {});
    expect(await quietHours()).toEqual({ door: 24, water: 24 });
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
    // A2 has no care devices yet: the care view does not follow it.
    const elsewhere = await staff.send('POST', `/api/care/households/${t.world.a2.household.id}/calls`, { contactId: daughter.id, outcome: 'answered' });
    expect(elsewhere.body.error.code).toBe('HOUSEHOLD_NOT_FOUND');
  });

  it('keeps saved contacts by id when the chain is reordered or extended, their name and phone unless retyped', async () => {
    const before = (await staff.get(`/api/care/households/${household}`)).body.contacts;
    const [elder, daughter] = before;
    const path = `/api/care/households/${household}/contacts`;
    const res = await staff.send('PUT', path, {
      contacts: [{ id: daughter.id, role: 'family', relation: '大女儿' }, { role: 'neighbour', name: '王阿姨', phone: '13700001111' }, { id: elder.id, role: 'elder', phone: '13812340000' }],
    });
    expect(res.status, res.raw).toBe(200);
    expect(res.body.contacts.map((c: { id: number; position: number; name: string; phone: string; relation: string }) => [c.id === daughter.id, c.id === elder.id, c.position, c.name, c.phone, c.relation]))
      .toEqual([[true, false, 1, '张**', '139****4321', '大女儿'], [false, false, 2, '王**', '137****1111', ''], [false, true, 3, '张*', '138****0000', '']]);
    expect((await staff.send('POST', `/api/care/contacts/${daughter.id}/reveal`, { reason: '核对家属电话' })).body.phone).toBe('13987654321');
    expect((await staff.send('POST', `/api/care/contacts/${elder.id}/reveal`, { reason: '核对老人电话' })).body.phone).toBe('13812340000');
    // The call log still names the daughter's row.
    expect((await staff.send('POST', `/api/care/households/${household}/calls`, { contactId: daughter.id, outcome: 'busy' })).status).toBe(201);
  });

  it('refuses a new contact without a phone, and a contact of another chain, writing nothing', async () => {
    const path = `/api/care/households/${household}/contacts`;
    const before = (await staff.get(`/api/care/households/${household}`)).body.contacts;
    const missing = await staff.send('PUT', path, { contacts: [{ role: 'family', name: '李四' }] });
    expect(missing.status).toBe(400);
    expect(missing.body.error.details).toEqual([expect.objectContaining({ path: 'body.contacts.0.phone', code: 'CONTACT_FIELD_REQUIRED' })]);
    // A household without care devices has no chain to set, and nothing is written for it.
    const notFollowed = await staff.send('PUT', `/api/care/households/${t.world.a2.household.id}/contacts`, { contacts: [{ role: 'elder', name: '李四', phone: '13600002222' }] });
    expect(notFollowed.body.error.code).toBe('HOUSEHOLD_NOT_FOUND');
    expect(await t.database.db.selectFrom('care_contact').select('id').where('household_id', '=', t.world.a2.household.id).execute()).toEqual([]);
    await staff.send('POST', '/api/devices', { id: 'D-A2', kind: 'door_magnet', communityId: t.world.communityA.id, householdId: t.world.a2.household.id });
    const setElsewhere = await staff.send('PUT', `/api/care/households/${t.world.a2.household.id}/contacts`, { contacts: [{ role: 'elder', name: '李四', phone: '13600002222' }] });
    expect(setElsewhere.status, setElsewhere.raw).toBe(200);
    const foreign = setElsewhere.body.contacts[0].id;
    const callElsewhere = await staff.send('POST', `/api/care/households/${t.world.a2.household.id}/calls`, { contactId: before[0].id, outcome: 'answered' });
    expect(callElsewhere.body.error.code).toBe('CONTACT_NOT_FOUND');
    const stolen = await staff.send('PUT', path, { contacts: [{ id: foreign, role: 'family' }] });
    expect(stolen.body.error.details).toEqual([expect.objectContaining({ path: 'body.contacts.0.id', code: 'CONTACT_NOT_IN_CHAIN' })]);
    expect((await staff.get(`/api/care/households/${household}`)).body.contacts).toEqual(before);
  });

  it('is not shown to staff of another community', async () => {
    const other = await t.login('staffB');
    expect((await other.get('/api/care/cards')).body.items).toEqual([]);
    expect((await other.get(`/api/care/households/${household}`)).status).toBe(404);
  });
});

describe('the list of care cards', () => {
  /** A new household in a1's building with one care device of its own. */
  async function careHousehold(room: string, device: { id: string; kind: string }): Promise<number> {
    const created = await staff.send('POST', '/api/households', { buildingId: t.world.a1.building.id, unit: '2', room });
    expect(created.status, created.raw).toBe(201);
    const res = await staff.send('POST', '/api/devices', { ...device, communityId: t.world.communityA.id, householdId: created.body.id });
    expect(res.status, res.raw).toBe(201);
    return created.body.id;
  }
  type Card = { householdId: number; openAlarms: { id: number; acknowledged: boolean }[] };
  const idsOf = (cards: Card[]) => cards.map((c) => c.householdId);

  it('puts households with an alarm nobody has acknowledged first, then those with one still open, then the rest, and pages through them once each', async () => {
    const quiet = await careHousehold('201', { id: 'D-20', kind: 'door_magnet' });
    const answered = await careHousehold('202', { id: 'S-20', kind: 'sos_button' });
    await send('S-20', 'event', { seq: 1, type: 'sos' });
    const [sos] = (await staff.get(`/api/care/households/${answered}`)).body.openAlarms;
    expect((await staff.send('POST', `/api/alarms/${sos.id}/acknowledge`)).status).toBe(200);

    const all = (await staff.get('/api/care/cards')).body.items as Card[];
    // The first test's SOS, in the world's household, is still waiting for someone.
    expect(all.find((c) => c.householdId === household)!.openAlarms.some((a) => !a.acknowledged)).toBe(true);
    expect(idsOf(all).slice(0, 2)).toEqual([household, answered]);
    const rest = all.slice(2);
    expect(idsOf(rest)).toContain(quiet);
    expect(rest.every((c) => !c.openAlarms.length)).toBe(true);
    expect(idsOf(rest)).toEqual(idsOf(rest).sort((x, y) => x - y));

    const paged: number[] = [];
    let cursor: string | null = '';
    while (cursor !== null) {
      const page: { status: number; body: { items: Card[]; nextCursor: string | null } } = await staff.get(`/api/care/cards?limit=1${cursor ? `&cursor=${cursor}` : ''}`);
      expect(page.status).toBe(200);
      paged.push(...idsOf(page.body.items));
      cursor = page.body.nextCursor;
    }
    expect(paged).toEqual(idsOf(all));
  });

  it('refuses a cursor it did not give', async () => {
    const res = await staff.get(`/api/care/cards?cursor=${Buffer.from('i:12').toString('base64url')}`);
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('BAD_CURSOR');
  });
});
