import { sql } from 'kysely';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type Agent } from '../../test/app.ts';
import { multipart } from '../../test/multipart.ts';
import { child, childNames, expectSpec, newClient, parseXml, postForm, read } from './testSpec.ts';
import { w3 } from './conventions.ts';

// GET requests, one request, servicerequestupdates, tokens and photos: public, anonymous, withdrawn
// reports and devices' alarms left out, the spec's defaults (90 days, 1,000 requests) on the injected clock.

let t: Awaited<ReturnType<typeof startTestApp>>;
let grid: Agent;
let resident: Agent;
const ids = { hazard: 0, noise: 0, residents: 0, withdrawn: 0, alarm: 0 };
const DAY = 86_400_000;
const start = new Date('2026-11-26T08:00:00Z');
let png: Buffer;

const requestFields = [
  'service_request_id', 'status', 'status_notes', 'service_name', 'service_code', 'description', 'agency_responsible', 'service_notice',
  'requested_datetime', 'updated_datetime', 'expected_datetime', 'address', 'address_id', 'zipcode', 'lat', 'long', 'media_url',
];

async function report(key: string, fields: Record<string, string>): Promise<number> {
  const res = await postForm(t, '/open311/v2/requests.json', { api_key: key, lat: '29.805', long: '121.505', ...fields });
  if (res.status !== 200) throw new Error(res.text);
  return Number(res.json()[0].service_request_id);
}

beforeAll(async () => {
  t = await startTestApp();
  [grid, resident] = [await t.login('grid'), await t.login('resident')];
  png = await sharp({ create: { width: 8, height: 6, channels: 3, background: '#4a8' } }).png().toBuffer();
  const key = await newClient(t, t.world.communityA.id);
  ids.hazard = await report(key, { service_code: 'safety_hazard', 'attribute[hazard_kind]': 'ebike_charging', description: '楼道里给电动车充电' });
  ids.noise = await report(key, { service_code: 'noise', description: '夜里 <装修> & 电钻' });
  // The grid worker takes the hazard on, shows progress with a photo, and resolves it.
  t.clock.advance(60_000);
  await grid.send('POST', `/api/tickets/${ids.hazard}/accept`);
  t.clock.advance(60_000);
  await grid.sendRaw('POST', `/api/tickets/${ids.hazard}/notes`, multipart({ note: '已联系物业清理' }, { name: 'photos', fileName: 'p.png', body: png }));
  t.clock.advance(60_000);
  await grid.sendRaw('POST', `/api/tickets/${ids.hazard}/resolve`, multipart({ note: '充电线已拆除' }, []));
  // A resident's own report (with a photo) is public too, without the reporter; one taken back is not.
  const own = await resident.sendRaw('POST', '/api/tickets/report', multipart(
    { categoryCode: 'environment', description: '垃圾桶满了', lon: '121.515', lat: '29.805' }, { name: 'photos', fileName: 'g.png', body: png },
  ));
  ids.residents = own.body.id;
  const takenBack = await resident.sendRaw('POST', '/api/tickets/report', multipart(
    { categoryCode: 'environment', description: '撤回的', lon: '121.515', lat: '29.805' }, { name: 'photos', fileName: 'w.png', body: png },
  ));
  ids.withdrawn = takenBack.body.id;
  await resident.send('POST', `/api/tickets/${ids.withdrawn}/withdraw`, {});
  // An SOS button's alarm is about one home: never public.
  const at = t.clock.now();
  ids.alarm = (await t.database.db.insertInto('ticket').values({
    community_id: t.world.communityA.id, category_code: 'elder_help', source: 'device', description: 'SOS 按钮报警', status: 'submitted',
    lon: 121.505, lat: 29.805, created_at: at, updated_at: at,
  }).returning('id').executeTakeFirstOrThrow()).id;
});
afterAll(async () => t?.close());

const idsOf = (list: { service_request_id: string }[]) => list.map((r) => Number(r.service_request_id)).sort((a, b) => a - b);
const sorted = (...values: number[]) => [...values].sort((a, b) => a - b);

describe('GET requests', () => {
  it('lists the last 90 days newest first, open and closed, never a withdrawn report or an alarm', async () => {
    const res = await read(t, '/open311/v2/requests.json');
    expect(res.status).toBe(200);
    const list = res.json();
    expectSpec('service_requests', list);
    expect(list.map((r: { service_request_id: string }) => Number(r.service_request_id))).toEqual([ids.residents, ids.noise, ids.hazard]);
    const hazard = list.find((r: { service_request_id: string }) => r.service_request_id === String(ids.hazard));
    expect(Object.keys(hazard)).toEqual(requestFields);
    expect(hazard).toMatchObject({
      status: 'closed', status_notes: '已办结：充电线已拆除', service_name: '安全隐患', service_code: 'safety_hazard', agency_responsible: 'CA-G1名',
      requested_datetime: '2026-11-26T16:00:00+08:00', updated_datetime: '2026-11-26T16:03:00+08:00', expected_datetime: null, lat: 29.805, long: 121.505,
    });
    expect(hazard.media_url).toMatch(new RegExp(`^http://localhost:80/open311/v2/requests/${ids.hazard}/photos/\\d+$`));
    const noise = list.find((r: { service_request_id: string }) => r.service_request_id === String(ids.noise));
    const due = await t.database.db.selectFrom('ticket').select('resolve_due').where('id', '=', ids.noise).executeTakeFirstOrThrow();
    expect(noise).toMatchObject({ status: 'open', description: '夜里 <装修> & 电钻', expected_datetime: w3(due.resolve_due!), media_url: null });
  });

  it('filters by service_code, status and ids (which override everything else), comma delimited', async () => {
    const get = async (query: string) => idsOf((await read(t, `/open311/v2/requests.json?${query}`)).json());
    expect(await get('service_code=noise')).toEqual([ids.noise]);
    expect(await get('service_code=noise,safety_hazard')).toEqual(sorted(ids.noise, ids.hazard));
    expect(await get('status=closed')).toEqual([ids.hazard]);
    expect(await get('status=open')).toEqual(sorted(ids.noise, ids.residents));
    expect(await get('status=open,closed&service_code=')).toEqual(sorted(ids.noise, ids.residents, ids.hazard));
    expect(await get(`service_request_id=${ids.hazard},${ids.withdrawn},${ids.alarm},${ids.noise}&status=open&service_code=greening&start_date=2020-01-01T00:00:00Z`))
      .toEqual(sorted(ids.noise, ids.hazard));
  });

  it('answers one request, and 404 for a withdrawn, an alarm or an unknown one', async () => {
    const one = await read(t, `/open311/v2/requests/${ids.noise}.json`);
    expectSpec('service_requests', one.json());
    expect(idsOf(one.json())).toEqual([ids.noise]);
    for (const id of [ids.withdrawn, ids.alarm, 999_999]) {
      const res = await read(t, `/open311/v2/requests/${id}.json`);
      expect(res.status).toBe(404);
      expectSpec('errors', res.json());
    }
  });

  it('writes <service_requests><request> with every field in the spec\'s order, escaped', async () => {
    const res = await read(t, '/open311/v2/requests.xml');
    const { root } = parseXml(res.text);
    expect(root.name).toBe('service_requests');
    expect(root.children.map((c) => c.name)).toEqual(['request', 'request', 'request']);
    for (const request of root.children) expect(childNames(request)).toEqual(requestFields);
    const noise = root.children.find((r) => child(r, 'service_request_id')!.text === String(ids.noise))!;
    expect(child(noise, 'description')!.text).toBe('夜里 <装修> & 电钻');
    expect(res.text).toContain('夜里 &lt;装修&gt; &amp; 电钻');
    expect(child(noise, 'media_url')!.children).toEqual([]);
    expect(child(noise, 'lat')!.text).toBe('29.805');
  });

  it('adds attributes, photos and the public timeline with extensions=true, never who took a step', async () => {
    const res = await read(t, `/open311/v2/requests/${ids.hazard}.json?extensions=true`);
    const [hazard] = res.json();
    expectSpec('service_requests', res.json());
    expect(hazard.attributes).toEqual([{ label: '隐患类型', name: 'hazard_kind', value: '电动车违规充电', code: 'ebike_charging' }]);
    expect(hazard.extended_attributes.channel).toBe('open311');
    expect(hazard.extended_attributes.photos).toEqual([expect.objectContaining({ title: '有新进展', width: 8, height: 6 })]);
    expect(hazard.notes.map((n: { type: string; description: string }) => [n.type, n.description])).toEqual([
      ['created', '已受理'], ['dispatched', '已派单'], ['accepted', '已签收'], ['note', '有新进展：已联系物业清理'], ['resolved', '已办结：充电线已拆除'],
    ]);
    expect(res.text).not.toMatch(/"grid"|actor|display/);
    const photo = await read(t, new URL(hazard.extended_attributes.photos[0].media_url).pathname);
    expect(photo.status).toBe(200);
    expect(photo.type).toBe('image/png');

    const own = (await read(t, `/open311/v2/requests/${ids.residents}.xml?extensions=true`)).text;
    expect(own).not.toMatch(/>resident<|张三/);
    const { root } = parseXml(own);
    expect(childNames(root.children[0])).toEqual([...requestFields, 'attributes', 'extended_attributes', 'notes']);
    const extended = child(root.children[0], 'extended_attributes')!;
    expect(childNames(extended)).toEqual(['channel', 'photos']);
    expect(child(extended, 'photos')!.children.map((p) => [p.name, ...childNames(p)])).toEqual([['photo', 'media_url', 'title', 'width', 'height', 'created_at']]);
    expect(child(root.children[0], 'notes')!.children.map((n) => [n.name, ...childNames(n)])[0]).toEqual(['note', 'datetime', 'description', 'type']);
  });

  it('serves no photo of a withdrawn report', async () => {
    const photo = await t.database.db.selectFrom('ticket_photo').select('id').where('ticket_id', '=', ids.withdrawn).executeTakeFirstOrThrow();
    const res = await read(t, `/open311/v2/requests/${ids.withdrawn}/photos/${photo.id}`);
    expect(res.status).toBe(404);
  });

  it('refuses a range over 90 days, a reversed one and a date without its zone', async () => {
    for (const query of [
      'start_date=2026-01-01T00:00:00Z&end_date=2026-06-01T00:00:00Z', 'start_date=2026-11-27T00:00:00Z&end_date=2026-11-26T00:00:00Z',
      'start_date=2026-11-01T00:00:00', 'end_date=2026-02-30T00:00:00Z',
    ]) {
      const res = await read(t, `/open311/v2/requests.json?${query}`);
      expect(res.status, query).toBe(400);
      expectSpec('errors', res.json());
    }
    // An offset sent with an unencoded '+' (read as a space) still counts.
    expect(idsOf((await read(t, '/open311/v2/requests.json?start_date=2026-11-26T16:00:00+08:00')).json())).toHaveLength(3);
  });
});

describe('the spec\'s defaults on the injected clock, and paging', () => {
  it('leaves out requests older than 90 days, and returns at most 1,000 unless paged', async () => {
    t.clock.set(new Date(start.getTime() + 91 * DAY));
    expect((await read(t, '/open311/v2/requests.json')).json()).toEqual([]);
    expect(idsOf((await read(t, '/open311/v2/requests.json?start_date=2026-11-20T00:00:00Z')).json())).toEqual(sorted(ids.noise, ids.residents, ids.hazard));

    const at = t.clock.now();
    await sql`INSERT INTO ticket (community_id, category_code, source, description, status, created_at, updated_at)
              SELECT ${t.world.communityA.id}, 'noise', 'hotline_12345', '第 ' || g || ' 次来电', 'submitted', ${at}, ${at}
              FROM generate_series(1, 1005) AS g`.execute(t.database.db);
    const first = (await read(t, '/open311/v2/requests.json')).json();
    expect(first).toHaveLength(1000);
    const second = (await read(t, '/open311/v2/requests.json?page=2')).json();
    expect(second).toHaveLength(5);
    expect(new Set([...idsOf(first), ...idsOf(second)]).size).toBe(1005);
    const small = (await read(t, '/open311/v2/requests.json?page=3&page_size=10')).json();
    expect(idsOf(small)).toEqual(idsOf(first).slice(-30, -20));
    expect((await read(t, '/open311/v2/requests.json?page_size=1001')).status).toBe(400);
    t.clock.set(start);
  });
});

describe('servicerequestupdates', () => {
  it('lists the public steps after each report, oldest first, with the status after each', async () => {
    const res = await read(t, '/open311/v2/servicerequestupdates.json?start_date=2026-11-26T00:00:00Z&end_date=2026-11-27T00:00:00Z');
    expect(res.status).toBe(200);
    const updates = res.json();
    expectSpec('service_request_updates', updates);
    const hazard = updates.filter((u: { service_request_id: string }) => u.service_request_id === String(ids.hazard));
    expect(hazard.map((u: { status: string; description: string }) => [u.status, u.description])).toEqual([
      ['open', '已派单'], ['open', '已签收'], ['open', '有新进展：已联系物业清理'], ['closed', '已办结：充电线已拆除'],
    ]);
    expect(hazard[2].media_url).toMatch(/\/open311\/v2\/requests\/\d+\/photos\/\d+$/);
    expect(hazard[3].updated_datetime).toBe('2026-11-26T16:03:00+08:00');
    expect(updates.some((u: { service_request_id: string }) => u.service_request_id === String(ids.withdrawn))).toBe(false);

    const { root } = parseXml((await read(t, '/open311/v2/servicerequestupdates.xml?start_date=2026-11-26T00:00:00Z&end_date=2026-11-27T00:00:00Z')).text);
    expect(root.name).toBe('service_request_updates');
    expect(root.children).toHaveLength(updates.length);
    for (const update of root.children) {
      expect([update.name, ...childNames(update)]).toEqual(['request_update', 'update_id', 'service_request_id', 'status', 'updated_datetime', 'description', 'media_url']);
    }
    const late = await read(t, '/open311/v2/servicerequestupdates.json?start_date=2026-11-26T08:02:30Z&end_date=2026-11-26T09:00:00Z');
    expect(late.json().map((u: { service_request_id: string; description: string }) => [Number(u.service_request_id), u.description])).toEqual([
      [ids.hazard, '已办结：充电线已拆除'], [ids.residents, '已派单'],
    ]);
  });
});

describe('tokens', () => {
  it('resolves the token of a request made through Open311 to its id, and no other', async () => {
    const res = await read(t, `/open311/v2/tokens/${ids.noise}.json`);
    expect(res.status).toBe(200);
    expectSpec('token', res.json());
    expect(res.json()).toEqual([{ service_request_id: String(ids.noise), token: String(ids.noise) }]);
    const { root } = parseXml((await read(t, `/open311/v2/tokens/${ids.noise}.xml`)).text);
    expect([root.name, ...root.children.map((r) => [r.name, ...childNames(r)])]).toEqual(['service_requests', ['request', 'service_request_id', 'token']]);
    const notOpen311 = await read(t, `/open311/v2/tokens/${ids.residents}.json`);
    expect(notOpen311.status).toBe(404);
    expectSpec('errors', notOpen311.json());
  });
});
