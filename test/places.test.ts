import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type Agent } from './app.ts';

let t: Awaited<ReturnType<typeof startTestApp>>;
let staff: Agent;
beforeAll(async () => {
  t = await startTestApp();
  staff = await t.login('staff');
});
afterAll(async () => t?.close());

describe('buildings', () => {
  it('moves a building to another grid with its households and residents', async () => {
    const { building, household, resident } = t.world.a1;
    const res = await staff.send('PATCH', `/api/buildings/${building.id}`, { gridId: t.world.gridA2.id, floors: 9 });
    expect(res.body).toMatchObject({ gridId: t.world.gridA2.id, floors: 9 });
    expect((await staff.get(`/api/households/${household.id}`)).body.gridId).toBe(t.world.gridA2.id);
    const residents = (await staff.get(`/api/residents?gridId=${t.world.gridA2.id}`)).body.items.map((r: { id: number }) => r.id);
    expect(residents).toContain(resident.id);
    // The grid worker of A1 no longer sees the building's people.
    const grid = await t.login('grid');
    expect((await grid.get(`/api/households/${household.id}`)).body.error.code).toBe('OUT_OF_SCOPE');
  });

  it('refuses a grid of another community', async () => {
    const res = await staff.send('PATCH', `/api/buildings/${t.world.a2.building.id}`, { gridId: t.world.gridB1.id });
    expect(res.body.error.code).toBe('AREA_NOT_FOUND');
  });
});

describe('facilities', () => {
  it('adds a facility in the grid where it lies, and updates it', async () => {
    const res = await staff.send('POST', '/api/facilities', {
      communityId: t.world.communityA.id, code: 'F-NEW', kind: 'elder_daycare', name: '日间照料中心', floorAreaM2: 360,
      geometry: { type: 'Polygon', coordinates: [[[121.512, 29.802], [121.513, 29.802], [121.513, 29.803], [121.512, 29.803], [121.512, 29.802]]] },
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ gridId: t.world.gridA2.id, floorAreaM2: 360 });
    expect(res.body.lon).toBeCloseTo(121.5125, 6);
    const updated = await staff.send('PATCH', `/api/facilities/${res.body.id}`, { floorAreaM2: 300, openingHours: '08:00-18:00' });
    expect(updated.body).toMatchObject({ floorAreaM2: 300, openingHours: '08:00-18:00' });
  });

  it('refuses an unknown kind, a broken geometry and a taken code, writing nothing', async () => {
    const base = { communityId: t.world.communityA.id, code: 'F-BAD', kind: 'pharmacy', name: '药店', geometry: { type: 'Point', coordinates: [121.505, 29.805] } };
    expect((await staff.send('POST', '/api/facilities', { ...base, kind: 'casino' })).body.error.code).toBe('FACILITY_KIND_UNKNOWN');
    const broken = await staff.send('POST', '/api/facilities', { ...base, geometry: { type: 'Point', coordinates: [500, 29.8] } });
    expect(broken.body.error.details[0].path).toBe('body.geometry');
    const taken = await staff.send('POST', '/api/facilities', { ...base, code: 'F-A1' });
    expect(taken.body.error.details[0].code).toBe('DUPLICATE_CODE');
    expect((await staff.get('/api/facilities?q=F-BAD')).body.items).toEqual([]);
  });
});

describe('residents leaving', () => {
  it('removes a resident with a reason, keeps the reason in the audit log, and unlinks their account', async () => {
    const { resident } = t.world.a1;
    const res = await staff.send('DELETE', `/api/residents/${resident.id}?reason=moved_out`);
    expect(res.status).toBe(204);
    expect((await staff.get(`/api/residents?householdId=${t.world.a1.household.id}`)).body.items).toEqual([]);
    const audit = (await staff.get('/api/audit?action=resident.remove')).body.items[0];
    expect(audit).toMatchObject({ entityId: String(resident.id), reason: 'moved_out' });
    const me = await t.login('resident');
    expect((await me.get('/api/me/household')).body.me).toBeNull();
    expect((await staff.send('DELETE', `/api/residents/${resident.id}?reason=gone`)).status).toBe(400);
  });
});
