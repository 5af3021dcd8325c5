import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type Agent } from '../../test/app.ts';
import * as placesStore from '../places/store.ts';

let t: Awaited<ReturnType<typeof startTestApp>>;
let staff: Agent;
let admin: Agent;
beforeAll(async () => {
  t = await startTestApp();
  staff = await t.login('staff');
  admin = await t.login('admin');
});
afterAll(async () => t?.close());

const count = async (table: 'checkup' | 'checkup_result' | 'standard') =>
  Number((await t.database.db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);

function result(checkup: { results: { indicatorCode: string }[] }, code: string) {
  return checkup.results.find((r) => r.indicatorCode === code) as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- evidence of many shapes
}

describe('running a checkup', () => {
  it('measures a community against the national standard, with evidence', async () => {
    const res = await staff.send('POST', '/api/checkups', { communityId: t.world.communityA.id });
    expect(res.status).toBe(201);
    const checkup = res.body;
    expect(checkup.standard).toMatchObject({ code: 'CN-2020', version: 1 });
    expect(checkup.params).toMatchObject({ buildings: 2, households: 2, networkId: null });
    // The test world's health stations have 150 m² each: the 120 m² rule passes.
    expect(result(checkup, 'health_station_area')).toMatchObject({ status: 'pass', value: 150, target: 120, unit: 'm²' });
    // No kindergarten anywhere: a size rule would fail; walking is not measured without a street network.
    expect(result(checkup, 'kindergarten_walk')).toMatchObject({ status: 'not_measured', evidence: { reason: 'no_street_network' } });
    expect(result(checkup, 'service_station_present')).toMatchObject({ status: 'fail', evidence: { missingKinds: ['service_station'] } });
    expect(result(checkup, 'walking_satisfaction')).toMatchObject({ status: 'not_measured', evidence: { reason: 'no_survey' } });
    expect(checkup.summary.counts.fail).toBeGreaterThan(0);
    expect(checkup.outline).toHaveLength(6);
  });

  it('keeps history and shows the gap closing when a facility is added', async () => {
    const before = (await staff.send('POST', '/api/checkups', { communityId: t.world.communityA.id })).body;
    await placesStore.insertFacilities(t.database.db, [{
      communityId: t.world.communityA.id, gridId: t.world.gridA1.id, kind: 'service_station', code: 'SS-1', name: '综合服务站',
      geometry: { type: 'Point', coordinates: [121.505, 29.805] }, lon: 121.505, lat: 29.805, floorAreaM2: 820, capacity: null, operator: null, openingHours: null,
    }]);
    const after = (await staff.send('POST', '/api/checkups', { communityId: t.world.communityA.id })).body;
    const diff = await staff.get(`/api/checkups/${after.id}/compare/${before.id}`);
    expect(diff.status).toBe(200);
    const change = diff.body.changes.find((c: { indicatorCode: string }) => c.indicatorCode === 'service_station_present');
    expect(change).toMatchObject({ before: { status: 'fail' }, after: { status: 'pass' } });
    expect(diff.body.changes.find((c: { indicatorCode: string }) => c.indicatorCode === 'health_station_area')).toBeUndefined();
    const list = await staff.get(`/api/checkups?communityId=${t.world.communityA.id}&limit=2`);
    expect(list.body.items.map((c: { id: number }) => c.id)).toEqual([after.id, before.id]);
    expect(list.body.nextCursor).not.toBeNull();
  });

  it('turns a failed result into a finding for a project, but not a passed one', async () => {
    const checkup = (await staff.send('POST', '/api/checkups', { communityId: t.world.communityA.id })).body;
    const failed = checkup.results.find((r: { status: string }) => r.status === 'fail');
    const finding = await staff.get(`/api/findings/${failed.id}`);
    expect(finding.body).toMatchObject({ id: failed.id, checkupId: checkup.id, communityId: t.world.communityA.id, status: 'fail', indicatorName: failed.name });
    const passed = checkup.results.find((r: { status: string }) => r.status === 'pass');
    expect((await staff.get(`/api/findings/${passed.id}`)).body.error.code).toBe('FINDING_NOT_FOUND');
    expect((await (await t.login('staffB')).get(`/api/findings/${failed.id}`)).body.error.code).toBe('OUT_OF_SCOPE');
  });

  it('writes the problem ledger with failed and partial indicators only', async () => {
    const checkup = (await staff.send('POST', '/api/checkups', { communityId: t.world.communityA.id })).body;
    const res = await staff.get(`/api/checkups/${checkup.id}/ledger`);
    expect(res.headers['content-disposition']).toContain('.xlsx');
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(res.bytes as unknown as ArrayBuffer);
    const sheet = book.worksheets[0];
    expect(sheet.name).toBe('问题台账');
    expect(sheet.getRow(1).getCell(4).value).toBe('指标');
    const findings = checkup.results.filter((r: { status: string }) => r.status === 'fail' || r.status === 'partial');
    expect(sheet.rowCount - 1).toBe(findings.length);
    expect(String(sheet.getRow(2).getCell(9).value)).not.toBe('');
  });

  it('refuses a grid, an unknown standard, and a caller without the right, writing nothing', async () => {
    const before = await count('checkup');
    expect((await staff.send('POST', '/api/checkups', { communityId: t.world.gridA1.id })).body.error.code).toBe('COMMUNITY_REQUIRED');
    expect((await staff.send('POST', '/api/checkups', { communityId: t.world.communityA.id, standardId: 99999 })).body.error.code).toBe('STANDARD_NOT_FOUND');
    expect((await staff.send('POST', '/api/checkups', { communityId: t.world.communityB.id })).body.error.code).toBe('OUT_OF_SCOPE');
    expect((await (await t.login('grid')).send('POST', '/api/checkups', { communityId: t.world.communityA.id })).body.error.code).toBe('FORBIDDEN');
    expect((await staff.send('POST', '/api/checkups', { communityId: 'one' })).body.error.code).toBe('VALIDATION_FAILED');
    expect(await count('checkup')).toBe(before);
  });
});

describe('standards as data', () => {
  it('saves an edit as the next version and leaves the old one as it was', async () => {
    const [national] = (await staff.get('/api/standards')).body;
    const detail = (await staff.get(`/api/standards/${national.id}`)).body;
    const clone = await staff.send('POST', `/api/standards/${national.id}/clone`, { code: 'NB-2026', name: '宁波市完整社区标准', areaId: t.world.communityA.id });
    expect(clone.status).toBe(201);
    expect(clone.body).toMatchObject({ code: 'NB-2026', version: 1, clonedFrom: national.id });
    const document = structuredClone(detail.document);
    document.aspects[0].items[1].indicators[0].maxDistanceM = 500;
    const v2 = await staff.send('POST', '/api/standards', { code: 'NB-2026', name: '宁波市完整社区标准', document });
    expect(v2.body).toMatchObject({ code: 'NB-2026', version: 2 });
    expect((await staff.get(`/api/standards/${clone.body.id}`)).body.document.aspects[0].items[1].indicators[0].maxDistanceM).toBe(300);
    const run = (await staff.send('POST', '/api/checkups', { communityId: t.world.communityA.id, standardId: v2.body.id })).body;
    expect(run.standard).toMatchObject({ code: 'NB-2026', version: 2 });
  });

  it('lets only an admin change the national standard; others clone it', async () => {
    const [national] = (await staff.get('/api/standards')).body.filter((s: { code: string }) => s.code === 'CN-2020');
    const detail = (await staff.get(`/api/standards/${national.id}`)).body;
    const body = { code: 'CN-2020', name: detail.name, document: detail.document };
    expect((await staff.send('POST', '/api/standards', body)).body.error.code).toBe('OUT_OF_SCOPE');
    expect((await staff.send('POST', `/api/standards/${national.id}/clone`, { code: 'CN-2020', name: 'x', areaId: t.world.communityA.id })).body.error.code).toBe('STANDARD_CODE_TAKEN');
    // A clone belongs to an area the caller works in.
    expect((await staff.send('POST', `/api/standards/${national.id}/clone`, { code: 'CB-1', name: 'x', areaId: t.world.communityB.id })).body.error.code).toBe('OUT_OF_SCOPE');
    expect((await (await t.login('subdistrict')).send('POST', `/api/standards/${national.id}/clone`, { code: 'X-1', name: 'x' })).body.error.code).toBe('FORBIDDEN');
  });

  it('refuses a bad threshold, saying where, and writes nothing', async () => {
    const [national] = (await staff.get('/api/standards')).body;
    const document = structuredClone((await staff.get(`/api/standards/${national.id}`)).body.document);
    document.aspects[0].items[1].indicators[0].maxDistanceM = -5;
    const before = await count('standard');
    const schemaError = await admin.send('POST', '/api/standards', { code: 'CN-2020', name: 'x', document });
    expect(schemaError.body.error.code).toBe('VALIDATION_FAILED');
    expect(schemaError.body.error.details[0].path).toBe('body.document.aspects.0.items.1.indicators.0.maxDistanceM');
    document.aspects[0].items[1].indicators[0].maxDistanceM = 300;
    document.aspects[0].items[1].indicators[0].facilityKinds = ['kindergarden'];
    const ruleError = await admin.send('POST', '/api/standards', { code: 'CN-2020', name: 'x', document });
    expect(ruleError.body.error).toMatchObject({ code: 'STANDARD_INVALID', details: [{ path: 'aspects.0.items.1.indicators.0.facilityKinds.0', message: '没有“kindergarden”这种设施类型' }] });
    expect(await count('standard')).toBe(before);
  });

  it('keeps the facility kind mapping as editable data, for admins', async () => {
    const { rules } = (await staff.get('/api/kind-mappings')).body;
    expect(rules).toContainEqual({ source: 'osm', pattern: 'amenity=kindergarten', kind: 'kindergarten', priority: 10 });
    expect((await staff.send('PUT', '/api/kind-mappings', { rules })).body.error.code).toBe('FORBIDDEN');
    const bad = await admin.send('PUT', '/api/kind-mappings', { rules: [...rules, { source: 'osm', pattern: 'amenity', kind: 'nursery', priority: 1 }] });
    expect(bad.body.error.details.map((d: { path: string }) => d.path)).toEqual([`rules.${rules.length}.kind`, `rules.${rules.length}.pattern`]);
    const saved = await admin.send('PUT', '/api/kind-mappings', { rules: [...rules, { source: 'text', pattern: '托管', kind: 'childcare', priority: 15 }] });
    expect(saved.body.rules).toHaveLength(rules.length + 1);
  });
});
