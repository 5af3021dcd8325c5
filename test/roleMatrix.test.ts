import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type Agent } from './app.ts';

/**
 * Every role × every registry endpoint: what each role reads and writes, and that nobody reaches
 * outside their area. Community A has grids A1 and A2; community B has grid B1. Grid roles sit on A1.
 */
type Place = 'a1' | 'a2' | 'b1';
interface Expectation {
  places: Place[]; // buildings and facilities visible
  people: Place[] | 'forbidden'; // households and residents visible
  reveal: Place[] | 'forbidden'; // personal data revealable
  write: Place[] | 'forbidden'; // households editable
  profile: boolean;
  audit: boolean;
  verify: boolean; // household claims
  users: boolean; // account administration
}
const all: Place[] = ['a1', 'a2', 'b1'];
const matrix: Record<string, Expectation> = {
  admin: { places: all, people: all, reveal: all, write: all, profile: true, audit: true, verify: true, users: true },
  subdistrict: { places: all, people: all, reveal: 'forbidden', write: 'forbidden', profile: true, audit: true, verify: false, users: false },
  department: { places: all, people: 'forbidden', reveal: 'forbidden', write: 'forbidden', profile: true, audit: false, verify: false, users: false },
  staff: { places: ['a1', 'a2'], people: ['a1', 'a2'], reveal: ['a1', 'a2'], write: ['a1', 'a2'], profile: true, audit: true, verify: true, users: true },
  staffB: { places: ['b1'], people: ['b1'], reveal: ['b1'], write: ['b1'], profile: false, audit: true, verify: true, users: true },
  grid: { places: ['a1'], people: ['a1'], reveal: ['a1'], write: ['a1'], profile: true, audit: false, verify: true, users: false },
  lead: { places: ['a1'], people: ['a1'], reveal: 'forbidden', write: 'forbidden', profile: true, audit: false, verify: true, users: false },
  property: { places: ['a1', 'a2'], people: 'forbidden', reveal: 'forbidden', write: 'forbidden', profile: true, audit: false, verify: false, users: false },
  resident: { places: [], people: 'forbidden', reveal: 'forbidden', write: 'forbidden', profile: false, audit: false, verify: false, users: false },
};

let t: Awaited<ReturnType<typeof startTestApp>>;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(async () => t?.close());

const codeOf = (t2: typeof t, id: number): Place | undefined =>
  (['a1', 'a2', 'b1'] as Place[]).find((p) => t2.world[p].building.id === id);

async function visibleBuildings(agent: Agent): Promise<Place[] | 'forbidden'> {
  const res = await agent.get('/api/buildings?limit=100');
  if (res.status === 403) return 'forbidden';
  return res.body.items.map((b: { id: number }) => codeOf(t, b.id)).sort();
}

async function visibleHouseholds(agent: Agent): Promise<Place[] | 'forbidden'> {
  const res = await agent.get('/api/households?limit=100');
  if (res.status === 403) return 'forbidden';
  return res.body.items.map((h: { buildingId: number }) => codeOf(t, h.buildingId)).sort();
}

async function perPlace(run: (p: Place) => Promise<{ status: number; body: { error?: { code: string } } }>) {
  const allowed: Place[] = [];
  let forbidden = true;
  for (const p of all) {
    const res = await run(p);
    if (res.status === 200) allowed.push(p);
    else expect(['FORBIDDEN', 'OUT_OF_SCOPE']).toContain(res.body.error?.code);
    if (res.body.error?.code !== 'FORBIDDEN') forbidden = false;
  }
  return forbidden ? 'forbidden' : allowed;
}

describe.each(Object.entries(matrix))('role %s', (username, expected) => {
  let agent: Agent;
  beforeAll(async () => {
    agent = await t.login(username);
  });

  it('sees exactly the buildings and facilities of its areas', async () => {
    const buildings = await visibleBuildings(agent);
    expect(buildings === 'forbidden' ? [] : buildings).toEqual(expected.places);
  });

  it('sees exactly the households and residents of its areas, masked', async () => {
    expect(await visibleHouseholds(agent)).toEqual(expected.people);
    const residents = await agent.get('/api/residents?limit=100');
    if (expected.people === 'forbidden') return expect(residents.status).toBe(403);
    for (const r of residents.body.items) expect(r.name).toMatch(/^.\*+$/);
    const single = await perPlace((p) => agent.get(`/api/households/${t.world[p].household.id}`));
    expect(single).toEqual(expected.people);
  });

  it('reveals personal data only where allowed, with a reason', async () => {
    const result = await perPlace((p) => agent.send('POST', `/api/residents/${t.world[p].resident.id}/reveal`, { reason: '入户走访核实' }));
    expect(result).toEqual(expected.reveal);
  });

  it('writes only where allowed', async () => {
    const result = await perPlace((p) => agent.send('PATCH', `/api/households/${t.world[p].household.id}`, { sizeM2: 81 }));
    expect(result).toEqual(expected.write);
  });

  it('reads aggregates and the audit log only with the right', async () => {
    const profile = await agent.get(`/api/profile?areaId=${t.world.communityA.id}`);
    expect(profile.status === 200).toBe(expected.profile);
    const audit = await agent.get('/api/audit');
    expect(audit.status === 200).toBe(expected.audit);
  });

  it('verifies household claims and manages accounts only with the right', async () => {
    expect((await agent.get('/api/claims')).status === 200).toBe(expected.verify);
    expect((await agent.get('/api/users')).status === 200).toBe(expected.users);
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
