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

it('gives an account above community level nothing to frame', async () => {
  const res = await (await t.login('subdistrict')).get('/api/tickets/report-areas');
  expect(res.body.items).toEqual([]);
});
