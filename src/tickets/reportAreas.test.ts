import { afterAll, beforeAll, expect, it } from 'vitest';
import { startTestApp } from '../../test/app.ts';

/** The report map opens over the caller's own community or grid: only the areas they hold a role on. */
let t: Awaited<ReturnType<typeof startTestApp>>;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.close());

it('gives a resident their community and a grid worker their grid, with outlines', async () => {
  const resident = await (await t.login('resident')).get('/api/tickets/report-areas');
  expect(resident.status).toBe(200);
  expect(resident.body.items).toEqual([
    expect.objectContaining({ id: t.world.communityA.id, level: 'community', bbox: [121.5, 29.8, 121.52, 29.82], boundary: expect.objectContaining({ type: 'Polygon' }) }),
  ]);
  const grid = await (await t.login('grid')).get('/api/tickets/report-areas');
  expect(grid.body.items.map((a: { id: number }) => a.id)).toEqual([t.world.gridA1.id]);
});

it('draws the buildings of each area, by name, for a map without a base map', async () => {
  const names = async (username: string) => (await (await t.login(username)).get('/api/tickets/report-areas')).body.items
    .map((a: { buildings: { name: string; footprint: { type: string } }[] }) => a.buildings.map((b) => `${b.name} ${b.footprint.type}`));
  // The resident's community holds both of its grids' buildings; the grid worker's grid only its own.
  expect(await names('resident')).toEqual([['A1号楼 Polygon', 'A2号楼 Polygon']]);
  expect(await names('grid')).toEqual([['A1号楼 Polygon']]);
});

it('gives an account above community level nothing to frame', async () => {
  const res = await (await t.login('subdistrict')).get('/api/tickets/report-areas');
  expect(res.body.items).toEqual([]);
});
