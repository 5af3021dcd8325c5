import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp } from '../../test/app.ts';
import { child, childNames, expectSpec, newClient, parseXml, postForm, read, rowCounts } from './testSpec.ts';

// POST requests: an integrator's report becomes a ticket, or is refused in the spec's shape with
// nothing written.

let t: Awaited<ReturnType<typeof startTestApp>>;
let keyA: string;
let keySubdistrict: string;
beforeAll(async () => {
  t = await startTestApp();
  keyA = await newClient(t, t.world.communityA.id, '社区 A 小程序');
  keySubdistrict = await newClient(t, t.world.subdistrict.id, '街道平台');
});
afterAll(async () => t?.close());

/** A point in grid A1 (community A), one in community B, one in no community. */
const inA1 = { lat: '29.805', long: '121.505' };
const inB = { lat: '29.81', long: '121.61' };
const nowhere = { lat: '30.5', long: '120.1' };

const hazard = (extra: Record<string, string> = {}) => ({
  api_key: keyA, service_code: 'safety_hazard', ...inA1, 'attribute[hazard_kind]': 'fire_exit', description: '楼道堆满杂物，消防通道被堵', ...extra,
});

async function expectRefused(fields: Record<string, string> | [string, string][], status: number, mention?: string) {
  const before = await rowCounts(t);
  for (const format of ['json', 'xml'] as const) {
    const res = await postForm(t, `/open311/v2/requests.${format}`, fields);
    expect(res.status).toBe(status);
    if (format === 'json') {
      expectSpec('errors', res.json());
      expect(res.json().every((e: { code: number }) => e.code === status)).toBe(true);
      if (mention) expect(res.json().map((e: { description: string }) => e.description).join('\n')).toContain(mention);
    } else {
      const { root } = parseXml(res.text);
      expect(root.name).toBe('errors');
      expect(root.children.every((e) => e.name === 'error' && childNames(e).join() === 'code,description')).toBe(true);
    }
  }
  expect(await rowCounts(t)).toEqual(before);
}

describe('POST requests with a key', () => {
  it('opens a ticket from the integrator, anonymous to the public, and answers with its id', async () => {
    const res = await postForm(t, '/open311/v2/requests.json', hazard({
      first_name: '六', last_name: '赵', phone: '139 0000 1111', email: 'zhao@example.com', device_id: 'dev-1', account_id: 'acct-9',
      address_string: '3 号楼 2 单元', media_url: 'https://img.example.com/a.jpg', 'attribute[people_at_risk]': '12',
    }));
    expect(res.status).toBe(200);
    const body = res.json();
    expectSpec('service_request_created', body);
    expect(body).toEqual([{ service_request_id: expect.stringMatching(/^\d+$/), service_notice: '1 分钟内受理，10 分钟内到场，2 小时内办结（全天候计时）', account_id: 'acct-9' }]);
    const id = Number(body[0].service_request_id);
    const ticket = await t.database.db.selectFrom('ticket').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    expect(ticket).toMatchObject({
      source: 'open311', reporter_user_id: null, category_code: 'safety_hazard', community_id: t.world.communityA.id, grid_id: t.world.gridA1.id,
      address: '3 号楼 2 单元', media_url: 'https://img.example.com/a.jpg', attributes: { hazard_kind: 'fire_exit', people_at_risk: 12 },
      contact_masked: '赵* 139****1111', status: 'dispatched',
    });
    expect(ticket.contact_sealed).not.toContain('13900001111');
    const created = await t.database.db.selectFrom('ticket_event').selectAll().where('ticket_id', '=', id).where('kind', '=', 'created').executeTakeFirstOrThrow();
    expect(created).toMatchObject({ actor_id: null, actor_name: '社区 A 小程序' });
    const audit = await t.database.db.selectFrom('audit_log').selectAll().where('action', '=', 'ticket.create').where('entity_id', '=', String(id)).executeTakeFirstOrThrow();
    expect(audit.actor_name).toBe('open311:社区 A 小程序');
    // The grid worker's console shows the answers by name in both languages, and the linked picture.
    const detail = (await (await t.login('grid')).get(`/api/tickets/${id}`)).body;
    expect(detail).toMatchObject({
      mediaUrl: 'https://img.example.com/a.jpg', externalId: null,
      answers: [
        { code: 'hazard_kind', label: { zh: '隐患类型', en: 'Kind of hazard' }, values: [{ key: 'fire_exit', name: { zh: '消防通道堵塞', en: 'Blocked fire exit' } }] },
        { code: 'people_at_risk', label: { zh: '受影响人数（估计）' }, values: [{ key: '12', name: { zh: '12', en: '12' } }] },
      ],
    });
    // Nobody reading it learns who reported it.
    for (const url of [`/open311/v2/requests/${id}.json?extensions=true`, `/open311/v2/requests/${id}.xml?extensions=true`]) {
      const text = (await read(t, url)).text;
      expect(text).not.toMatch(/赵|13900001111|1111|zhao@|acct-9|dev-1/);
    }
  });

  it('answers in XML as <service_requests><request>', async () => {
    const res = await postForm(t, '/open311/v2/requests.xml', hazard());
    expect(res.status).toBe(200);
    expect(res.type).toBe('text/xml; charset=utf-8');
    const { root } = parseXml(res.text);
    expect(root.name).toBe('service_requests');
    expect(root.children.map((r) => r.name)).toEqual(['request']);
    expect(childNames(root.children[0])).toEqual(['service_request_id', 'service_notice', 'account_id']);
    expect(child(root.children[0], 'service_request_id')!.text).toMatch(/^\d+$/);
    expect(child(root.children[0], 'account_id')!.children).toEqual([]);
  });

  it('takes a multivaluelist as attribute[code][] and a datetime with its offset', async () => {
    const res = await postForm(t, '/open311/v2/requests.json', [
      ['api_key', keyA], ['service_code', 'water_power'], ['lat', inA1.lat], ['long', inA1.long],
      ['attribute[utility][]', 'water'], ['attribute[utility][]', 'gas'], ['attribute[utility][]', 'water'], ['attribute[since]', '2026-11-26T07:30:00+08:00'],
    ]);
    expect(res.status).toBe(200);
    const id = Number(res.json()[0].service_request_id);
    const ticket = await t.database.db.selectFrom('ticket').select(['attributes', 'description']).where('id', '=', id).executeTakeFirstOrThrow();
    expect(ticket.attributes).toEqual({ utility: ['water', 'gas'], since: '2026-11-25T23:30:00.000Z' });
    // No description sent: the service's name stands in.
    expect(ticket.description).toBe('水电气故障');
  });

  it('places a report by address_string alone in the integrator\'s one community', async () => {
    const res = await postForm(t, '/open311/v2/requests.json', { api_key: keyA, service_code: 'noise', address_string: '和睦花园 5 幢', description: '夜间施工' });
    expect(res.status).toBe(200);
    const ticket = await t.database.db.selectFrom('ticket').selectAll().where('id', '=', Number(res.json()[0].service_request_id)).executeTakeFirstOrThrow();
    expect(ticket).toMatchObject({ community_id: t.world.communityA.id, grid_id: null, lon: null, lat: null, address: '和睦花园 5 幢' });
  });

  it('parses form bodies on these routes only', async () => {
    const elsewhere = await t.app.inject({
      method: 'POST', url: '/api/auth/login', payload: 'username=admin&password=x', headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(elsewhere.statusCode).toBe(415);
    expect(elsewhere.json().error.code).toBe('VALIDATION_FAILED');
  });

  it('places a subdistrict integrator\'s report by its point, anywhere in the subdistrict', async () => {
    const res = await postForm(t, '/open311/v2/requests.json', { api_key: keySubdistrict, service_code: 'noise', ...inB, description: '广场舞音响' });
    expect(res.status).toBe(200);
    const ticket = await t.database.db.selectFrom('ticket').select('community_id').where('id', '=', Number(res.json()[0].service_request_id)).executeTakeFirstOrThrow();
    expect(ticket.community_id).toBe(t.world.communityB.id);
  });
});

describe('POST requests refused, with nothing written', () => {
  it('403 without a key, with a wrong key, and before anything else is checked', async () => {
    const { api_key: _key, ...noKey } = hazard();
    await expectRefused(noKey, 403, 'api_key');
    await expectRefused(hazard({ api_key: 'not-a-key' }), 403);
    await expectRefused(hazard({ api_key: '', lat: 'north' }), 403);
  });

  it('404 for an unknown service_code', async () => {
    await expectRefused(hazard({ service_code: 'potholes' }), 404, 'potholes');
  });

  it('400 without a location, or with half of one', async () => {
    const { lat: _lat, long: _long, ...noPlace } = hazard();
    await expectRefused(noPlace, 400, 'address_string');
    await expectRefused({ ...noPlace, lat: inA1.lat }, 400, 'lat');
    await expectRefused({ ...noPlace, address_id: 'A-17' }, 400, 'address_id');
    // address_string alone cannot say which of the subdistrict's communities.
    await expectRefused({ ...noPlace, api_key: keySubdistrict, address_string: '某小区' }, 400, '街道平台');
  });

  it('400 for a point outside the integrator\'s area or outside every community', async () => {
    await expectRefused(hazard(inB), 400, '社区 A 小程序');
    await expectRefused(hazard(nowhere), 400, '社区 A 小程序');
  });

  it('400 for attributes that do not fit the service definition', async () => {
    const { 'attribute[hazard_kind]': _kind, ...noKind } = hazard();
    await expectRefused(noKind, 400, 'attribute[hazard_kind]');
    await expectRefused(hazard({ 'attribute[hazard_kind]': 'flood' }), 400, 'flood');
    await expectRefused(hazard({ 'attribute[people_at_risk]': 'many' }), 400, 'attribute[people_at_risk]');
    await expectRefused(hazard({ 'attribute[colour]': 'red' }), 400, 'attribute[colour]');
    await expectRefused([...Object.entries(hazard()), ['attribute[hazard_kind]', 'other']], 400, '只能选择一个值');
    const water = { api_key: keyA, service_code: 'water_power', ...inA1 };
    await expectRefused({ ...water, 'attribute[utility][]': 'wind' }, 400, 'wind');
    await expectRefused({ ...water, 'attribute[utility]': 'water', 'attribute[since]': '2026-02-30T08:00:00+08:00' }, 400, 'attribute[since]');
    await expectRefused({ ...water, 'attribute[utility]': 'water', 'attribute[since]': 'yesterday' }, 400, 'attribute[since]');
    const litter = { api_key: keyA, service_code: 'environment', ...inA1 };
    await expectRefused({ ...litter, 'attribute[location_detail]': '东门\n西侧' }, 400, 'attribute[location_detail]');
  });

  it('400 in the spec shape for schema failures, naming the field', async () => {
    await expectRefused(hazard({ lat: 'north' }), 400, 'lat');
    await expectRefused(hazard({ title: '标题' }), 400, 'title');
    await expectRefused(hazard({ phone: '12345' }), 400, 'phone');
    await expectRefused(hazard({ media_url: 'javascript:alert(1)' }), 400, 'media_url');
    await expectRefused(hazard({ description: '长'.repeat(2001) }), 400, 'description');
    await expectRefused(hazard({ lat: '95' }), 400, 'lat');
  });
});
