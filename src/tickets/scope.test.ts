import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type Agent } from '../../test/app.ts';
import { places, worldAccounts, type Place } from '../../test/world.ts';
import { roleGrants, type Permission } from '../platform/roles.ts';

/**
 * Who sees and moves which tickets, account by account, worked out from the role table and the area
 * tree (like test/roleMatrix.test.ts) plus the one rule the matrix cannot state: a department officer
 * sees and handles only tickets whistled to their own department.
 */
const pointIn: Record<Place, { lon: number; lat: number }> = { a1: { lon: 121.505, lat: 29.805 }, a2: { lon: 121.515, lat: 29.805 }, b1: { lon: 121.61, lat: 29.81 } };
const accounts = worldAccounts;
const byNumber = (a: number, b: number) => a - b;
const grants = (username: string, permission: Permission) => roleGrants(accounts[username].role, permission);

let t: Awaited<ReturnType<typeof startTestApp>>;
let admin: Agent;
const ticketIn = new Map<Place, number>();
let whistled: number;

async function patrolTicket(place: Place): Promise<number> {
  const res = await admin.send('POST', '/api/tickets', { categoryCode: 'environment', description: `巡查发现 ${place}`, source: 'patrol', location: pointIn[place] });
  expect(res.status, res.raw).toBe(201);
  return res.body.id;
}

beforeAll(async () => {
  t = await startTestApp();
  admin = await t.login('admin');
  for (const place of places) ticketIn.set(place, await patrolTicket(place));
  whistled = await patrolTicket('b1');
  const res = await admin.send('POST', `/api/tickets/${whistled}/dispatch`, { target: 'department', departmentId: t.world.departmentId, reason: '请住建部门报到' });
  expect(res.status, res.raw).toBe(200);
});
afterAll(() => t.close());

describe.each(Object.keys(accounts))('tickets for %s', (username) => {
  let agent: Agent;
  beforeAll(async () => {
    agent = await t.login(username);
  });

  it('lists the tickets of their reach, and a department its whistled ones', async () => {
    const res = await agent.get('/api/tickets?limit=500');
    const readable = grants(username, 'tickets.read') ? accounts[username].reach : [];
    const expected = [...readable.map((p) => ticketIn.get(p)!), ...(readable.includes('b1') || username === 'department' ? [whistled] : [])].sort(byNumber);
    // Later cases open more tickets; this one looks at those of beforeAll.
    const known = new Set([...ticketIn.values(), whistled]);
    if (!grants(username, 'tickets.read') && !grants(username, 'tickets.handle')) return expect(res.status).toBe(403);
    expect(res.status).toBe(200);
    expect(res.body.items.map((i: { id: number }) => i.id).filter((id: number) => known.has(id)).sort(byNumber)).toEqual(expected);
  });

  it('reads one ticket only within reach, and nobody learns of others', async () => {
    for (const place of places) {
      const res = await agent.get(`/api/tickets/${ticketIn.get(place)}`);
      const readable = grants(username, 'tickets.read') && accounts[username].reach.includes(place);
      expect({ place, status: res.status }).toEqual({ place, status: readable ? 200 : 404 });
    }
  });

  it('accepts a grid ticket only with tickets.handle over its place, and the whistled one only as its department', async () => {
    for (const place of places) {
      const id = await patrolTicket(place);
      const res = await agent.send('POST', `/api/tickets/${id}/accept`);
      const handles = grants(username, 'tickets.handle') && accounts[username].reach.includes(place) && username !== 'department';
      expect({ place, ok: res.status === 200 }).toEqual({ place, ok: handles });
    }
    const id = await patrolTicket('a2');
    await admin.send('POST', `/api/tickets/${id}/dispatch`, { target: 'department', departmentId: t.world.departmentId });
    const res = await agent.send('POST', `/api/tickets/${id}/accept`);
    expect(res.status === 200).toBe(username === 'department' || username === 'admin');
  });

  it('dispatches only with tickets.dispatch over the place', async () => {
    for (const place of places) {
      const id = await patrolTicket(place);
      const res = await agent.send('POST', `/api/tickets/${id}/dispatch`, { target: 'community', reason: '改派社区' });
      const dispatches = grants(username, 'tickets.dispatch') && accounts[username].reach.includes(place);
      expect({ place, ok: res.status === 200 }).toEqual({ place, ok: dispatches });
    }
  });
});
