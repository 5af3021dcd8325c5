import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { roleGrants, type Permission, type Role } from '../src/platform/roles.ts';
import { multipart } from './multipart.ts';
import { startTestApp, type Agent, type TestResponse } from './app.ts';
import type { World } from './world.ts';

/**
 * Every role × every route. Community A holds grids A1 and A2, community B grid B1; each grid has one
 * building, household, resident and facility (a "place"). The expected answer is worked out here from
 * the permission table and the area tree, independently of the store's scope filter it checks.
 */
type Place = 'a1' | 'a2' | 'b1';
const places: Place[] = ['a1', 'a2', 'b1'];

/** Where each demo account's role is held: the places under that area. */
const accounts: Record<string, { role: Role; reach: Place[] }> = {
  admin: { role: 'admin', reach: places },
  subdistrict: { role: 'subdistrict_officer', reach: places },
  department: { role: 'department_officer', reach: places },
  staff: { role: 'community_staff', reach: ['a1', 'a2'] },
  staffB: { role: 'community_staff', reach: ['b1'] },
  grid: { role: 'grid_worker', reach: ['a1'] },
  lead: { role: 'building_lead', reach: ['a1'] },
  property: { role: 'property_manager', reach: ['a1', 'a2'] },
  resident: { role: 'resident', reach: ['a1', 'a2'] },
};

function allowedPlaces(username: string, permission: Permission): Place[] {
  const { role, reach } = accounts[username];
  return roleGrants(role, permission) ? reach : [];
}

type Res = Pick<TestResponse, 'status' | 'body'>;
/** What a list item belongs to: a place, or (for rows without a grid, such as estates) a community. */
type Unit = Place | 'A' | 'B';
type ListProbe = {
  kind: 'list'; permission: Permission; run: (a: Agent, w: World) => Promise<Res>;
  placeOf: (item: any, w: World) => Unit; // eslint-disable-line @typescript-eslint/no-explicit-any -- items of many shapes
  perCommunity?: true;
};
type PlaceProbe = { kind: 'place'; permission: Permission; run: (a: Agent, w: World, p: Place) => Promise<Res> };
type Probe = ListProbe | PlaceProbe;

const byId = (key: 'building' | 'household' | 'resident' | 'facility', field = 'id') => (item: Record<string, number>, w: World) =>
  places.find((p) => w[p][key].id === item[field])!;
const communityOf = (w: World, p: Place) => (p === 'b1' ? w.communityB.id : w.communityA.id);
/** A point inside each place's grid (see the squares in world.ts). */
const pointIn: Record<Place, [number, number]> = { a1: [121.505, 29.805], a2: [121.515, 29.805], b1: [121.61, 29.81] };

const probes: Record<string, Probe> = {
  'GET /api/buildings': { kind: 'list', permission: 'places.read', run: (a) => a.get('/api/buildings'), placeOf: byId('building') },
  'GET /api/buildings/{id}': { kind: 'place', permission: 'places.read', run: (a, w, p) => a.get(`/api/buildings/${w[p].building.id}`) },
  'GET /api/facilities': {
    kind: 'list', permission: 'places.read', run: (a) => a.get('/api/facilities?limit=500'),
    placeOf: (f: { gridId: number }, w) => places.find((p) => w[p].grid.id === f.gridId)!,
  },
  'GET /api/map': {
    kind: 'list', permission: 'places.read',
    run: async (a, w) => {
      const res = await a.get(`/api/map?areaId=${w.subdistrict.id}`);
      return res.status === 200 ? { status: 200, body: { items: res.body.buildings.features.map((f: { properties: object }) => f.properties) } } : res;
    },
    placeOf: byId('building'),
  },
  'GET /api/estates': {
    kind: 'list', permission: 'places.read', run: (a) => a.get('/api/estates'),
    placeOf: (e: { communityId: number }, w) => (e.communityId === w.communityB.id ? 'B' : 'A'),
    perCommunity: true,
  },
  'GET /api/areas': {
    kind: 'list', permission: 'places.read',
    run: async (a) => {
      // Grids made by the POST /api/areas probe are left out: they belong to no place.
      const res = await a.get('/api/areas?level=grid&limit=500');
      return res.status === 200 ? { status: 200, body: { items: res.body.items.filter((g: { code: string }) => !g.code.startsWith('NEW-')) } } : res;
    },
    placeOf: (area: { id: number }, w) => places.find((p) => w[p].grid.id === area.id)!,
  },
  'GET /api/areas/{id}': { kind: 'place', permission: 'places.read', run: (a, w, p) => a.get(`/api/areas/${w[p].grid.id}`) },
  'POST /api/areas': {
    kind: 'place', permission: 'places.write',
    run: (a, w, p) => a.send('POST', '/api/areas', { parentId: communityOf(w, p), level: 'grid', code: `NEW-${p}-${Math.random().toString(36).slice(2, 8)}`, name: '新网格' }),
  },
  // Rows added by the write probes below still belong to a place: through their building or household.
  'GET /api/households': { kind: 'list', permission: 'people.read', run: (a) => a.get('/api/households?limit=500'), placeOf: byId('building', 'buildingId') },
  'GET /api/households/{id}': { kind: 'place', permission: 'people.read', run: (a, w, p) => a.get(`/api/households/${w[p].household.id}`) },
  'POST /api/households': {
    kind: 'place', permission: 'people.write',
    run: (a, w, p) => a.send('POST', '/api/households', { buildingId: w[p].building.id, unit: '9', room: String(Math.floor(Math.random() * 1e6)) }),
  },
  'PATCH /api/households/{id}': { kind: 'place', permission: 'people.write', run: (a, w, p) => a.send('PATCH', `/api/households/${w[p].household.id}`, { sizeM2: 81 }) },
  'GET /api/residents': { kind: 'list', permission: 'people.read', run: (a) => a.get('/api/residents?limit=500'), placeOf: byId('household', 'householdId') },
  'POST /api/residents': { kind: 'place', permission: 'people.write', run: (a, w, p) => a.send('POST', '/api/residents', { householdId: w[p].household.id, name: '新成员' }) },
  'PATCH /api/residents/{id}': { kind: 'place', permission: 'people.write', run: (a, w, p) => a.send('PATCH', `/api/residents/${w[p].resident.id}`, { sex: 'male' }) },
  'POST /api/residents/{id}/reveal': {
    kind: 'place', permission: 'personal.reveal', run: (a, w, p) => a.send('POST', `/api/residents/${w[p].resident.id}/reveal`, { reason: '入户走访核实' }),
  },
  'GET /api/profile': { kind: 'place', permission: 'aggregates.read', run: (a, w, p) => a.get(`/api/profile?areaId=${w[p].grid.id}`) },
  'PATCH /api/buildings/{id}': { kind: 'place', permission: 'places.write', run: (a, w, p) => a.send('PATCH', `/api/buildings/${w[p].building.id}`, { floors: 7 }) },
  'POST /api/facilities': {
    kind: 'place', permission: 'places.write',
    run: (a, w, p) => a.send('POST', '/api/facilities', {
      communityId: communityOf(w, p), code: `NEW-${Math.random().toString(36).slice(2, 8)}`, kind: 'pharmacy', name: '新药店',
      geometry: { type: 'Point', coordinates: pointIn[p] },
    }),
  },
  'PATCH /api/facilities/{id}': { kind: 'place', permission: 'places.write', run: (a, w, p) => a.send('PATCH', `/api/facilities/${w[p].facility.id}`, { capacity: 12 }) },
  'DELETE /api/residents/{id}': {
    kind: 'place', permission: 'people.write',
    run: async (a, w, p) => {
      // A resident made for the purpose, so the world's own stay for the other probes.
      const made = await admin.send('POST', '/api/residents', { householdId: w[p].household.id, name: '待删除' });
      return a.send('DELETE', `/api/residents/${made.body.id}?reason=moved_out`);
    },
  },
  'GET /api/exports/{kind}': {
    kind: 'list', permission: 'people.read',
    run: async (a, w) => {
      // Both communities' exports; one the caller cannot reach at all is refused, not sent empty.
      const files = await Promise.all([w.communityA.id, w.communityB.id].map((id) => a.get(`/api/exports/households?communityId=${id}&format=csv`)));
      const readable = files.filter((f) => f.status === 200);
      if (!readable.length) return files.find((f) => f.status !== 200)!;
      const codes = readable.flatMap((f) => f.raw.match(/\b(A1|A2|B1)\b/g) ?? []);
      return { status: 200, body: { items: codes.map((code) => ({ code })) } };
    },
    placeOf: (row: { code: string }) => row.code.toLowerCase() as Place,
  },
  'POST /api/imports': {
    kind: 'place', permission: 'imports.run',
    run: (a, w, p) => a.sendRaw('POST', '/api/imports', multipart({ kind: 'households', communityId: String(communityOf(w, p)), dryRun: 'true' }, {
      name: 'file', fileName: 'h.csv', body: `楼栋编号,单元,房号\n${p.toUpperCase()},1,999\n`,
    })),
  },
};

/** Routes whose access is not a matter of area scope, and where each is tested. */
const coveredElsewhere: Record<string, string> = {
  'GET /healthz': 'public', 'GET /readyz': 'public', 'GET /api/config': 'public', 'GET /api/facility-kinds': 'reference data for any account',
  'POST /api/auth/login': 'auth.test', 'GET /api/auth/me': 'auth.test', 'PATCH /api/auth/me': 'auth.test (own account only)', 'POST /api/auth/logout': 'auth.test',
  'POST /api/auth/logout-all': 'auth.test', 'POST /api/auth/password': 'auth.test', 'POST /api/auth/register': 'accounts.test',
  'GET /api/me/claim': 'accounts.test (own account only)', 'POST /api/me/claim': 'accounts.test (own account only)', 'GET /api/me/household': 'the resident case below',
  'GET /api/claims': 'accounts.test and the permission case below', 'POST /api/claims/{id}/approve': 'accounts.test',
  'POST /api/claims/{id}/reject': 'accounts.test', 'GET /api/users': 'accounts.test and below', 'POST /api/users': 'accounts.test',
  'GET /api/audit': 'permission case below', 'GET /api/departments': 'below', 'GET /api/imports/{id}': 'imports service.test (owner only)',
};

let t: Awaited<ReturnType<typeof startTestApp>>;
let admin: Agent;
beforeAll(async () => {
  t = await startTestApp();
  admin = await t.login('admin');
});
afterAll(async () => t?.close());

it('covers every route of the API', async () => {
  const doc = (await t.app.inject({ url: '/api/openapi.json' })).json();
  const routes = Object.entries(doc.paths as Record<string, object>).flatMap(([path, methods]) => Object.keys(methods).map((m) => `${m.toUpperCase()} ${path}`));
  const untested = routes.filter((r) => !(r in probes) && !(r in coveredElsewhere));
  expect(untested).toEqual([]);
});

describe.each(Object.keys(accounts))('role matrix: %s', (username) => {
  let agent: Agent;
  beforeAll(async () => {
    agent = await t.login(username);
  });

  it.each(Object.entries(probes))('%s', async (_route, probe) => {
    const expected = allowedPlaces(username, probe.permission);
    if (probe.kind === 'list') {
      const res = await probe.run(agent, t.world);
      if (!expected.length) return expect([403, 404]).toContain(res.status);
      expect(res.status).toBe(200);
      const seen = [...new Set(res.body.items.map((item: object) => probe.placeOf(item, t.world)))].sort();
      const wanted = probe.perCommunity ? [...new Set(expected.map((p) => (p === 'b1' ? 'B' : 'A')))].sort() : expected;
      return expect(seen).toEqual(wanted);
    }
    for (const place of places) {
      const res = await probe.run(agent, t.world, place);
      const ok = res.status >= 200 && res.status < 300;
      expect({ place, ok, code: ok ? undefined : res.body?.error?.code }).toMatchObject({ place, ok: expected.includes(place) });
      if (!ok) expect(res.body.error.code).toMatch(/^(FORBIDDEN|OUT_OF_SCOPE|[A-Z_]+_NOT_FOUND)$/);
    }
  });

  it('reads the audit log, claims, accounts and departments only with the right', async () => {
    const has = (p: Permission) => roleGrants(accounts[username].role, p);
    expect((await agent.get('/api/audit')).status === 200).toBe(has('audit.read'));
    expect((await agent.get('/api/claims')).status === 200).toBe(has('residents.verify'));
    expect((await agent.get('/api/users')).status === 200).toBe(has('users.manage'));
    const departments = await agent.get('/api/departments');
    expect(departments.status === 200).toBe(has('places.read'));
    if (has('places.read')) expect(departments.body.items.map((d: { code: string }) => d.code)).toEqual(['D1-HOUSING']);
  });
});

describe('resident', () => {
  it('reads its own household, others masked, itself in full', async () => {
    const agent = await t.login('resident');
    const res = await agent.get('/api/me/household');
    expect(res.status).toBe(200);
    expect(res.body.household.id).toBe(t.world.a1.household.id);
    expect(res.body.me.name).toBe('张三');
    expect(res.body.members[0].name).toBe('张*');
  });
});
