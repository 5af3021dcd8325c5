import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type Agent } from '../../test/app.ts';
import { multipart } from '../../test/multipart.ts';
import { maskName } from '../people/identity.ts';
import { idNumber } from './testTables.ts';

let t: Awaited<ReturnType<typeof startTestApp>>;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(async () => t?.close());

type Fields = Record<string, string>;

/** Uploads a file to the import endpoint as the agent. */
function upload(agent: Agent, fields: Fields, file: { name: string; content: string }) {
  return agent.sendRaw('POST', '/api/imports', multipart(fields, { name: 'file', fileName: file.name, body: file.content }));
}

/** Polls a commit until it is no longer running. */
async function finished(agent: Agent, id: string) {
  for (let i = 0; i < 200; i++) {
    const report = (await agent.get(`/api/imports/${id}`)).body;
    if (report.status !== 'running') return report;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error('import still running');
}

const count = async (table: 'household' | 'resident' | 'building' | 'import_job') =>
  Number((await t.database.db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);

describe('registry import', () => {
  it('reports a bad household row by row and column, and writes nothing on dry run or commit', async () => {
    const staff = await t.login('staff');
    const csv = ['楼栋编号,单元,房号,楼层,面积,居住状态', 'A1,1,201,2,80,自住', 'ZZ,1,301,3,75,出租'].join('\n');
    const before = await count('household');
    const fields = { kind: 'households', communityId: String(t.world.communityA.id) };

    const dry = await upload(staff, { ...fields, dryRun: 'true' }, { name: 'households.csv', content: csv });
    expect(dry.status).toBe(200);
    expect(dry.body).toMatchObject({ dryRun: true, status: 'invalid', rowsTotal: 2 });
    expect(dry.body.errors).toEqual([expect.objectContaining({ row: 3, column: '楼栋编号', code: 'UNKNOWN_BUILDING' })]);
    expect(dry.body.errors[0].message).toContain('ZZ');
    expect(await count('household')).toBe(before);

    const commit = await upload(staff, { ...fields, dryRun: 'false' }, { name: 'households.csv', content: csv });
    expect(commit.status).toBe(422);
    expect(commit.body.error).toMatchObject({ code: 'IMPORT_INVALID', details: [expect.objectContaining({ row: 3 })] });
    expect(await count('household')).toBe(before);
    expect(await count('import_job')).toBe(0);
  });

  it('commits a residents file; the new resident is found by exact phone, with the name masked', async () => {
    const staff = await t.login('staff');
    const csv = ['楼栋编号,单元,房号,姓名,手机号,身份证号,与户主关系', `A1,1,101,赵六六,13900001111,${idNumber('19800101')},配偶`].join('\n');
    const before = await count('resident');
    const started = await upload(staff, { kind: 'residents', communityId: String(t.world.communityA.id), dryRun: 'false' }, { name: 'r.csv', content: csv });
    expect(started.status).toBe(202);
    expect(started.body).toMatchObject({ dryRun: false, rowsTotal: 1 });
    const report = await finished(staff, started.body.id);
    expect(report).toMatchObject({ status: 'committed', processed: 1, errors: [] });
    expect(await count('resident')).toBe(before + 1);

    const found = (await staff.get('/api/residents?phone=13900001111')).body;
    expect(found.items).toHaveLength(1);
    expect(found.items[0].name).toBe(maskName('赵六六'));
    expect(found.items[0].name).not.toBe('赵六六');
  });

  it('rolls back a whole commit that clashes with an existing household', async () => {
    const staff = await t.login('staff');
    const csv = ['楼栋编号,单元,房号', 'A2,1,501', 'A1,1,101'].join('\n');
    const before = await count('household');
    const started = await upload(staff, { kind: 'households', communityId: String(t.world.communityA.id), dryRun: 'false' }, { name: 'h.csv', content: csv });
    expect(started.status).toBe(202);
    const report = await finished(staff, started.body.id);
    expect(report.status).toBe('failed');
    expect(report.errors[0].code).toBe('IMPORT_CONFLICT');
    expect(await count('household')).toBe(before);
  });

  it('refuses a role without imports.run', async () => {
    const grid = await t.login('grid');
    const res = await upload(grid, { kind: 'households', communityId: String(t.world.communityA.id) }, { name: 'h.csv', content: '楼栋编号,房号\nA1,909' });
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe('FORBIDDEN');
  });

  it('refuses staff of another community', async () => {
    const staffB = await t.login('staffB');
    const res = await upload(staffB, { kind: 'households', communityId: String(t.world.communityA.id) }, { name: 'h.csv', content: '楼栋编号,房号\nA1,909' });
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe('OUT_OF_SCOPE');
  });

  it('answers VALIDATION_FAILED for an unknown kind', async () => {
    const staff = await t.login('staff');
    const res = await upload(staff, { kind: 'pets', communityId: String(t.world.communityA.id) }, { name: 'h.csv', content: 'a\n1' });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('VALIDATION_FAILED');
  });

  it('assigns imported buildings to the grid their entrance lies in', async () => {
    const staff = await t.login('staff');
    const square = (lon: number, lat: number) => [[[lon, lat], [lon + 0.0005, lat], [lon + 0.0005, lat + 0.0005], [lon, lat + 0.0005], [lon, lat]]];
    const geojson = JSON.stringify({
      type: 'FeatureCollection',
      features: [
        { type: 'Feature', properties: { code: 'N1', name: '新1号楼' }, geometry: { type: 'Polygon', coordinates: square(121.503, 29.803) } },
        { type: 'Feature', properties: { code: 'N2', name: '新2号楼', floors: 11 }, geometry: { type: 'Polygon', coordinates: square(121.513, 29.803) } },
      ],
    });
    const started = await upload(staff, { kind: 'buildings', communityId: String(t.world.communityA.id), dryRun: 'false' }, { name: 'b.geojson', content: geojson });
    expect(started.status).toBe(202);
    expect((await finished(staff, started.body.id)).status).toBe('committed');
    const rows = await t.database.db.selectFrom('building').select(['code', 'grid_id']).where('code', 'in', ['N1', 'N2']).orderBy('code').execute();
    expect(rows).toEqual([{ code: 'N1', grid_id: t.world.gridA1.id }, { code: 'N2', grid_id: t.world.gridA2.id }]);
  });
});

describe('registry export', () => {
  it('exports residents as CSV with masked names only', async () => {
    const staff = await t.login('staff');
    const res = await staff.get(`/api/exports/residents?communityId=${t.world.communityA.id}&format=csv`);
    expect(res.status).toBe(200);
    expect(res.headers['content-disposition']).toMatch(/^attachment; filename\*=UTF-8''/);
    const text = res.raw;
    expect(text).toContain('姓名');
    expect(text).toContain(maskName('张三'));
    expect(text).not.toContain('张三');
    expect(text).not.toContain('李四');
    // Another community's residents stay out of this community's export.
    expect(text).not.toContain(maskName('王五'));
  });

  it('exports buildings as GeoJSON that parses back', async () => {
    const staff = await t.login('staff');
    const res = await staff.get(`/api/exports/buildings?communityId=${t.world.communityA.id}&format=geojson`);
    expect(res.status).toBe(200);
    const collection = JSON.parse(res.raw);
    expect(collection.type).toBe('FeatureCollection');
    expect(collection.features.map((f: { properties: { code: string } }) => f.properties.code)).toContain('A1');
  });
});
