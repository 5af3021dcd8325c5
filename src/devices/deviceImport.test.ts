import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type Agent } from '../../test/app.ts';
import { multipart } from '../../test/multipart.ts';
import { authenticateDevice } from './registry.ts';

/** An installer's spreadsheet of devices: checked row by row, registered whole, secrets shown once. */
let t: Awaited<ReturnType<typeof startTestApp>>;
let staff: Agent;

beforeAll(async () => {
  t = await startTestApp();
  staff = await t.login('staff');
});
afterAll(() => t.close());

const upload = (csv: string, dryRun: boolean) =>
  staff.sendRaw('POST', `/api/devices/import?communityId=${t.world.communityA.id}&dryRun=${dryRun}`, multipart({}, { name: 'file', fileName: 'devices.csv', body: csv }));

const good = ['设备编号,设备类型,楼栋编号,单元,房号,安装位置,经度,纬度,安装日期',
  'IMP-1,关爱门磁,A1,1,101,入户门,,,2026-11-20',
  'IMP-2,smoke,A2,,,2号楼楼道,,,',
  'IMP-3,智能井盖,,,,人民路井盖 12,121.512,29.806,'].join('\n');

describe('provisioning by spreadsheet', () => {
  it('checks without writing on a dry run', async () => {
    const res = await upload(good, true);
    expect(res.status, res.raw).toBe(200);
    expect(res.body).toEqual({ dryRun: true, rowsTotal: 3, created: [], errors: [] });
    expect((await staff.get('/api/devices/IMP-1')).status).toBe(404);
  });

  it('registers every row, placed in its household, building or grid, each with a secret that works', async () => {
    const res = await upload(good, false);
    expect(res.status, res.raw).toBe(200);
    expect(res.body.created.map((c: { id: string; kind: string }) => [c.id, c.kind])).toEqual([['IMP-1', 'door_magnet'], ['IMP-2', 'smoke'], ['IMP-3', 'manhole_cover']]);
    const [door, smoke, cover] = await Promise.all(['IMP-1', 'IMP-2', 'IMP-3'].map(async (id) => (await staff.get(`/api/devices/${id}`)).body));
    expect(door).toMatchObject({ householdId: t.world.a1.household.id, gridId: t.world.gridA1.id, installedOn: '2026-11-20', label: '入户门' });
    expect(smoke).toMatchObject({ householdId: null, buildingId: t.world.a2.building.id, gridId: t.world.gridA2.id });
    expect(cover).toMatchObject({ buildingId: null, gridId: t.world.gridA2.id, location: { lon: 121.512, lat: 29.806 } });
    expect(await authenticateDevice(t.database.db, 'IMP-1', res.body.created[0].secret)).toEqual({ communityCode: 'CA' });
    expect(await authenticateDevice(t.database.db, 'IMP-1', res.body.created[1].secret)).toBeUndefined();
  });

  it('names each wrong cell, and a commit with any of them writes nothing', async () => {
    const bad = ['设备编号,设备类型,楼栋编号,单元,房号',
      'IMP-1,sos_button,A1,1,101',
      'NEW-1,烤面包机,A1,1,101',
      'NEW-2,sos_button,A1,1,909',
      'NEW-2,sos_button,,,',
      'NEW-3,sos_button,Z9,,'].join('\n');
    const checked = await upload(bad, true);
    expect(checked.body.errors.map((e: { row: number; column: string; code: string }) => [e.row, e.column, e.code])).toEqual([
      [2, '设备编号', 'DEVICE_ID_TAKEN'], [3, '设备类型', 'UNKNOWN_DEVICE_KIND'], [4, '房号', 'UNKNOWN_HOUSEHOLD'], [5, '设备编号', 'DUPLICATE_DEVICE'],
      [6, '楼栋编号', 'UNKNOWN_BUILDING'],
    ]);
    const committed = await upload(bad, false);
    expect(committed.status).toBe(422);
    expect(committed.body.error.code).toBe('IMPORT_INVALID');
    expect((await staff.get('/api/devices?q=NEW-')).body.items).toEqual([]);
  });
});
