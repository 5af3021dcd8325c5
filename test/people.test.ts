import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { idNumberCheckChar } from '../src/people/identity.ts';
import { startTestApp, type Agent } from './app.ts';

let t: Awaited<ReturnType<typeof startTestApp>>;
let staff: Agent;
beforeAll(async () => {
  t = await startTestApp();
  staff = await t.login('staff');
});
afterAll(async () => t?.close());

const validId = (serial: number) => {
  const first17 = `33021219800101${String(serial).padStart(3, '0')}`;
  return first17 + idNumberCheckChar(first17);
};

describe('households and residents', () => {
  it('adds a household to a building, which inherits its grid; a duplicate room is refused', async () => {
    const body = { buildingId: t.world.a1.building.id, unit: '2', room: '502', floor: 5, occupancy: 'rented' };
    const created = await staff.send('POST', '/api/households', body);
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ gridId: t.world.gridA1.id, occupancy: 'rented', residentCount: 0 });
    const again = await staff.send('POST', '/api/households', body);
    expect(again.body.error.code).toBe('HOUSEHOLD_EXISTS');
  });

  it('stores a null sent for a number as null, not 0, and refuses a number sent as text', async () => {
    const created = await staff.send('POST', '/api/households', { buildingId: t.world.a1.building.id, unit: '3', room: '301', floor: null, sizeM2: null });
    expect(created.body).toMatchObject({ floor: null, sizeM2: null });
    const cleared = await staff.send('PATCH', `/api/households/${t.world.a2.household.id}`, { floor: null });
    expect(cleared.body.floor).toBeNull();
    const text = await staff.send('PATCH', `/api/households/${t.world.a2.household.id}`, { floor: '3' });
    expect(text.body.error.details[0]).toMatchObject({ path: 'body.floor' });
  });

  it('refuses a bad phone or ID number with field details, and writes nothing', async () => {
    const before = (await staff.get(`/api/residents?householdId=${t.world.a1.household.id}`)).body.items.length;
    const res = await staff.send('POST', '/api/residents', {
      householdId: t.world.a1.household.id, name: '赵六', phone: '12345', idNumber: '330212198001010011',
    });
    expect(res.status).toBe(400);
    expect(res.body.error.details.map((d: { code: string }) => d.code).sort()).toEqual(['INVALID_ID_NUMBER', 'INVALID_PHONE']);
    const after = (await staff.get(`/api/residents?householdId=${t.world.a1.household.id}`)).body.items.length;
    expect(after).toBe(before);
  });

  it('stores personal data encrypted, lists it masked, and finds it by exact phone, ID number or name', async () => {
    const idNumber = validId(7);
    const res = await staff.send('POST', '/api/residents', {
      householdId: t.world.a2.household.id, name: '钱小红', phone: '139 0000 1234', idNumber, relation: 'spouse', careTags: ['disabled'],
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ name: '钱**', phone: '139****1234', idNumber: '3302**********' + idNumber.slice(-4), birthYear: 1980, careTagCount: 1 });
    const raw = await t.database.db.selectFrom('resident').selectAll().where('id', '=', res.body.id).executeTakeFirstOrThrow();
    expect(raw.name_enc.toString('utf8')).not.toContain('钱小红');
    expect(JSON.stringify(raw)).not.toContain('13900001234');
    for (const query of ['phone=13900001234', `idNumber=${idNumber}`, `name=${encodeURIComponent('钱小红')}`]) {
      const found = await staff.get(`/api/residents?${query}`);
      expect(found.body.items.map((r: { id: number }) => r.id)).toEqual([res.body.id]);
    }
    const disabled = await staff.get('/api/residents?careTag=disabled');
    expect(disabled.body.items.map((r: { id: number }) => r.id)).toEqual([res.body.id]);
  });

  it('refuses the same ID number twice in a community', async () => {
    const res = await staff.send('POST', '/api/residents', { householdId: t.world.a1.household.id, name: '孙七', idNumber: validId(7) });
    expect(res.body.error.code).toBe('RESIDENT_ID_NUMBER_EXISTS');
  });

  it('reveals in full only with a reason, and writes the reveal to the audit log', async () => {
    const id = t.world.a1.resident.id;
    const noReason = await staff.send('POST', `/api/residents/${id}/reveal`, {});
    expect(noReason.status).toBe(400);
    const res = await staff.send('POST', `/api/residents/${id}/reveal`, { reason: '核实独居老人情况' });
    expect(res.body).toMatchObject({ name: '张三', phone: '13812345678', careTags: ['elder_alone', 'elder_80'] });
    const audit = await staff.get('/api/audit?action=resident.reveal');
    expect(audit.body.items[0]).toMatchObject({ actorName: 'staff', entityId: String(id), reason: '核实独居老人情况' });
  });

  it('updates a resident and re-indexes the changed phone', async () => {
    const id = t.world.a2.resident.id;
    const res = await staff.send('PATCH', `/api/residents/${id}`, { phone: '13700002222' });
    expect(res.body.phone).toBe('137****2222');
    expect((await staff.get('/api/residents?phone=13700002222')).body.items.map((r: { id: number }) => r.id)).toEqual([id]);
  });

  it('pages through a list with cursors and rejects a forged cursor', async () => {
    const first = await staff.get('/api/residents?limit=1');
    expect(first.body.items).toHaveLength(1);
    const second = await staff.get(`/api/residents?limit=1&cursor=${first.body.nextCursor}`);
    expect(second.body.items[0].id).toBeGreaterThan(first.body.items[0].id);
    expect((await staff.get('/api/residents?cursor=bogus')).body.error.code).toBe('BAD_CURSOR');
  });
});

describe('population profile (人群画像)', () => {
  it('counts households, residents and care tags per grid without personal data', async () => {
    const res = await staff.get(`/api/profile?areaId=${t.world.communityA.id}`);
    expect(res.status).toBe(200);
    const gridA1 = res.body.rows.find((r: { id: number }) => r.id === t.world.gridA1.id);
    expect(gridA1.careTags.elder_alone).toBeGreaterThanOrEqual(1);
    expect(res.body.households).toBe(res.body.rows.reduce((sum: number, r: { households: number }) => sum + r.households, 0));
    expect(JSON.stringify(res.body)).not.toMatch(/张三|138/);
    const byBuilding = await staff.get(`/api/profile?areaId=${t.world.gridA1.id}&by=building`);
    expect(byBuilding.body.rows.map((r: { id: number }) => r.id)).toContain(t.world.a1.building.id);
  });
});
