import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp } from '../../test/app.ts';
import { TEST_PASSWORD } from '../../test/world.ts';
import { maskName } from '../people/identity.ts';
import { idNumber } from './testTables.ts';

let t: Awaited<ReturnType<typeof startTestApp>>;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(async () => t?.close());

/** A multipart/form-data body built by hand: text fields first, then the one file. */
function multipart(fields: Record<string, string>, file: { name: string; content: string }) {
  const boundary = '----linli-test-boundary-7f3a';
  const parts: Buffer[] = [];
  for (const [name, value] of Object.entries(fields)) {
    parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`));
  }
  parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${file.name}"\r\nContent-Type: application/octet-stream\r\n\r\n`));
  parts.push(Buffer.from(file.content, 'utf8'), Buffer.from(`\r\n--${boundary}--\r\n`));
  return { payload: Buffer.concat(parts), contentType: `multipart/form-data; boundary=${boundary}` };
}

/** Logs in and returns raw-request helpers: uploads and file downloads need more than the JSON agent. */
async function session(username: string) {
  const res = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password: TEST_PASSWORD } });
  const cookie = `linli_session=${res.cookies.find((c) => c.name === 'linli_session')!.value}`;
  const csrf = res.json().csrfToken as string;
  return {
    async upload(fields: Record<string, string>, file: { name: string; content: string }) {
      const body = multipart(fields, file);
      const r = await t.app.inject({
        method: 'POST', url: '/api/imports', payload: body.payload,
        headers: { cookie, 'x-csrf-token': csrf, 'content-type': body.contentType },
      });
      return { status: r.statusCode, body: r.json() };
    },
    async get(url: string) {
      return t.app.inject({ method: 'GET', url, headers: { cookie } });
    },
    /** Polls a commit until it is no longer running. */
    async finished(id: string) {
      for (let i = 0; i < 200; i++) {
        const r = await t.app.inject({ method: 'GET', url: `/api/imports/${id}`, headers: { cookie } });
        const report = r.json();
        if (report.status !== 'running') return report;
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      throw new Error('import still running');
    },
  };
}

const count = async (table: 'household' | 'resident' | 'building' | 'import_job') =>
  Number((await t.database.db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);

describe('registry import', () => {
  it('reports a bad household row by row and column, and writes nothing on dry run or commit', async () => {
    const staff = await session('staff');
    const csv = ['楼栋编号,单元,房号,楼层,面积,居住状态', 'A1,1,201,2,80,自住', 'ZZ,1,301,3,75,出租'].join('\n');
    const before = await count('household');
    const fields = { kind: 'households', communityId: String(t.world.communityA.id) };

    const dry = await staff.upload({ ...fields, dryRun: 'true' }, { name: 'households.csv', content: csv });
    expect(dry.status).toBe(200);
    expect(dry.body).toMatchObject({ dryRun: true, status: 'invalid', rowsTotal: 2 });
    expect(dry.body.errors).toEqual([expect.objectContaining({ row: 3, column: '楼栋编号', code: 'UNKNOWN_BUILDING' })]);
    expect(dry.body.errors[0].message).toContain('ZZ');
    expect(await count('household')).toBe(before);

    const commit = await staff.upload({ ...fields, dryRun: 'false' }, { name: 'households.csv', content: csv });
    expect(commit.status).toBe(422);
    expect(commit.body.error).toMatchObject({ code: 'IMPORT_INVALID', details: [expect.objectContaining({ row: 3 })] });
    expect(await count('household')).toBe(before);
    expect(await count('import_job')).toBe(0);
  });

  it('commits a residents file; the new resident is found by exact phone, with the name masked', async () => {
    const staff = await session('staff');
    const csv = ['楼栋编号,单元,房号,姓名,手机号,身份证号,与户主关系', `A1,1,101,赵六六,13900001111,${idNumber('19800101')},配偶`].join('\n');
    const before = await count('resident');
    const started = await staff.upload({ kind: 'residents', communityId: String(t.world.communityA.id), dryRun: 'false' }, { name: 'r.csv', content: csv });
    expect(started.status).toBe(202);
    expect(started.body).toMatchObject({ dryRun: false, rowsTotal: 1 });
    const report = await staff.finished(started.body.id);
    expect(report).toMatchObject({ status: 'committed', processed: 1, errors: [] });
    expect(await count('resident')).toBe(before + 1);

    const found = (await staff.get('/api/residents?phone=13900001111')).json();
    expect(found.items).toHaveLength(1);
    expect(found.items[0].name).toBe(maskName('赵六六'));
    expect(found.items[0].name).not.toBe('赵六六');
  });

  it('rolls back a whole commit that clashes with an existing household', async () => {
    const staff = await session('staff');
    const csv = ['楼栋编号,单元,房号', 'A2,1,501', 'A1,1,101'].join('\n');
    const before = await count('household');
    const started = await staff.upload({ kind: 'households', communityId: String(t.world.communityA.id), dryRun: 'false' }, { name: 'h.csv', content: csv });
    expect(started.status).toBe(202);
    const report = await staff.finished(started.body.id);
    expect(report.status).toBe('failed');
    expect(report.errors[0].code).toBe('IMPORT_CONFLICT');
    expect(await count('household')).toBe(before);
  });

  it('refuses a role without imports.run', async () => {
    const grid = await session('grid');
    const res = await grid.upload({ kind: 'households', communityId: String(t.world.communityA.id) }, { name: 'h.csv', content: '楼栋编号,房号\nA1,909' });
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe('FORBIDDEN');
  });

  it('refuses staff of another community', async () => {
    const staffB = await session('staffB');
    const res = await staffB.upload({ kind: 'households', communityId: String(t.world.communityA.id) }, { name: 'h.csv', content: '楼栋编号,房号\nA1,909' });
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe('OUT_OF_SCOPE');
  });

  it('answers VALIDATION_FAILED for an unknown kind', async () => {
    const staff = await session('staff');
    const res = await staff.upload({ kind: 'pets', communityId: String(t.world.communityA.id) }, { name: 'h.csv', content: 'a\n1' });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('VALIDATION_FAILED');
  });

  it('assigns imported buildings to the grid their entrance lies in', async () => {
    const staff = await session('staff');
    const square = (lon: number, lat: number) => [[[lon, lat], [lon + 0.0005, lat], [lon + 0.0005, lat + 0.0005], [lon, lat + 0.0005], [lon, lat]]];
    const geojson = JSON.stringify({
      type: 'FeatureCollection',
      features: [
        { type: 'Feature', properties: { code: 'N1', name: '新1号楼' }, geometry: { type: 'Polygon', coordinates: square(121.503, 29.803) } },
        { type: 'Feature', properties: { code: 'N2', name: '新2号楼', floors: 11 }, geometry: { type: 'Polygon', coordinates: square(121.513, 29.803) } },
      ],
    });
    const started = await staff.upload({ kind: 'buildings', communityId: String(t.world.communityA.id), dryRun: 'false' }, { name: 'b.geojson', content: geojson });
    expect(started.status).toBe(202);
    expect((await staff.finished(started.body.id)).status).toBe('committed');
    const rows = await t.database.db.selectFrom('building').select(['code', 'grid_id']).where('code', 'in', ['N1', 'N2']).orderBy('code').execute();
    expect(rows).toEqual([{ code: 'N1', grid_id: t.world.gridA1.id }, { code: 'N2', grid_id: t.world.gridA2.id }]);
  });
});

describe('registry export', () => {
  it('exports residents as CSV with masked names only', async () => {
    const staff = await session('staff');
    const res = await staff.get(`/api/exports/residents?communityId=${t.world.communityA.id}&format=csv`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-disposition']).toMatch(/^attachment; filename\*=UTF-8''/);
    const text = res.body;
    expect(text).toContain('姓名');
    expect(text).toContain(maskName('张三'));
    expect(text).not.toContain('张三');
    expect(text).not.toContain('李四');
    // Another community's residents stay out of this community's export.
    expect(text).not.toContain(maskName('王五'));
  });

  it('exports buildings as GeoJSON that parses back', async () => {
    const staff = await session('staff');
    const res = await staff.get(`/api/exports/buildings?communityId=${t.world.communityA.id}&format=geojson`);
    expect(res.statusCode).toBe(200);
    const collection = res.json();
    expect(collection.type).toBe('FeatureCollection');
    expect(collection.features.map((f: { properties: { code: string } }) => f.properties.code)).toContain('A1');
  });
});
