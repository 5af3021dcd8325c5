import { setTimeout as sleep } from 'node:timers/promises';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type Agent } from '../../test/app.ts';
import { multipart } from '../../test/multipart.ts';
import * as placesStore from '../places/store.ts';
import { writeReport } from './newTickets.ts';
import { prepareTicket } from './service.ts';

// A report is answered with the ticket as written, not read back (settingsCache.ts supplies the names):
// the answer must be exactly what a read of the ticket gives. Grid A1 spans 121.50–121.51 E, 29.80–29.81 N;
// community A reaches to 29.82 N beyond its grids.
const inA1 = { lon: 121.505, lat: 29.805 };
const inCommunityAOnly = { lon: 121.505, lat: 29.815 };

let t: Awaited<ReturnType<typeof startTestApp>>;
let resident: Agent, staff: Agent, admin: Agent;

beforeAll(async () => {
  t = await startTestApp();
  [resident, staff, admin] = await Promise.all(['resident', 'staff', 'admin'].map((u) => t.login(u)));
});
afterAll(() => t.close());

const square = (lon: number, lat: number, size: number) => ({
  type: 'Polygon', coordinates: [[[lon, lat], [lon + size, lat], [lon + size, lat + size], [lon, lat + size], [lon, lat]]],
});

/** Posts and reads back as the same person; both answers, the first checked to be a creation. */
async function postAndRead(agent: Agent, post: () => ReturnType<Agent['send']>) {
  const posted = await post();
  expect(posted.status, posted.raw).toBe(201);
  const read = await agent.get(`/api/tickets/${posted.body.id}`);
  expect(read.status, read.raw).toBe(200);
  return { posted: posted.body, read: read.body };
}

describe('the answer to a report', () => {
  it('is the ticket as a read gives it, for a resident in a grid', async () => {
    const { posted, read } = await postAndRead(resident, () => resident.send('POST', '/api/tickets', { categoryCode: 'safety_hazard', description: '井盖缺失', location: inA1 }));
    expect(posted).toEqual(read);
    expect(posted).toMatchObject({ gridName: 'CA-G1名', communityName: 'CA名', assigneeAreaName: 'CA-G1名', reporter: 'resident', following: true });
    expect(posted.timeline.map((e: { kind: string }) => e.kind)).toEqual(['created', 'dispatched']);
  });

  it('is the ticket as a read gives it, with its photo, for a point in no grid', async () => {
    const photo = await sharp({ create: { width: 8, height: 8, channels: 3, background: '#888' } }).png().toBuffer();
    const { posted, read } = await postAndRead(resident, () => resident.sendRaw('POST', '/api/tickets/report', multipart(
      { categoryCode: 'noise', description: '夜间施工', lon: String(inCommunityAOnly.lon), lat: String(inCommunityAOnly.lat) },
      { name: 'photos', fileName: 'site.png', body: photo },
    )));
    expect(posted).toEqual(read);
    expect(posted).toMatchObject({ gridId: null, level: 1, assigneeAreaName: 'CA名' });
    expect(posted.timeline[0].photos).toHaveLength(1);
  });

  it('is the ticket as a read gives it, for a call staff record with the caller masked', async () => {
    const call = { categoryCode: 'water_power', description: '停水', source: 'hotline_12345', externalId: 'case-answer-1', location: inA1, contact: { name: '赵六', phone: '13812345678' } };
    const { posted, read } = await postAndRead(staff, () => staff.send('POST', '/api/tickets', call));
    expect(posted).toEqual(read);
    expect(posted).toMatchObject({ reporter: '赵* 138****5678', following: false });
    // The same case again is the first ticket, read back.
    const again = await staff.send('POST', '/api/tickets', call);
    expect(again.body).toEqual(read);
  });

  it('is the ticket as a read gives it when routed straight to a department', async () => {
    const rules = [{ categoryCode: 'greening', areaId: null, target: 'department', departmentId: t.world.departmentId }];
    expect((await admin.send('PUT', '/api/ticket-routing-rules', { rules })).status).toBe(200);
    const { posted, read } = await postAndRead(resident, () => resident.send('POST', '/api/tickets', { categoryCode: 'greening', description: '树枝断落', location: inA1 }));
    expect(posted).toEqual(read);
    expect(posted).toMatchObject({ level: 3, assigneeDepartmentName: '住建局' });
    expect((await admin.send('PUT', '/api/ticket-routing-rules', { rules: [] })).status).toBe(200);
  });
});

describe('areas drawn after this process read them', () => {
  it('places a report in a community drawn a moment ago, and in a new grid once the copy has aged', async () => {
    const report = (location: { lon: number; lat: number }) => resident.send('POST', '/api/tickets', { categoryCode: 'noise', description: '新小区噪音', location });
    expect((await report(inA1)).status).toBe(201);
    // As another Linli process (or the places import) would: straight into the table, no word to this process.
    const community = await placesStore.insertArea(t.database.db, {
      parentId: t.world.subdistrict.id, parentPath: t.world.subdistrict.path, level: 'community', code: 'CN', name: 'CN名', communityId: null,
      boundary: square(121.7, 29.8, 0.02),
    });
    // A point no community held is looked up again when the copy is a second old.
    await sleep(1_100);
    const inNew = await report({ lon: 121.705, lat: 29.805 });
    expect(inNew.status, inNew.raw).toBe(201);
    expect(inNew.body).toMatchObject({ communityId: community.id, gridId: null, communityName: 'CN名' });

    const grid = await placesStore.insertArea(t.database.db, {
      parentId: community.id, parentPath: community.path, level: 'grid', code: 'CN-G1', name: 'CN-G1名', communityId: community.id,
      boundary: square(121.7, 29.8, 0.01),
    });
    // A grid in a community the copy knows: found once the copy is older than its five seconds.
    await sleep(5_100);
    expect((await report({ lon: 121.705, lat: 29.805 })).body).toMatchObject({ communityId: community.id, gridId: grid.id, gridName: 'CN-G1名' });
  });
});

describe('reports sent together', () => {
  // Points 111 m apart along grid A1, so no two make a proactive ticket together.
  const spot = (i: number) => ({ lon: 121.5015 + i * 0.001, lat: 29.8085 });

  it('writes each whole, answered as a read gives it, however they were batched', async () => {
    const sent = await Promise.all([0, 1, 2, 3, 4, 5].map((i) => resident.send('POST', '/api/tickets', {
      categoryCode: i % 2 ? 'noise' : 'environment', description: `一起报的第 ${i} 件`, location: spot(i),
    })));
    for (const res of sent) expect(res.status, res.raw).toBe(201);
    const ids: number[] = sent.map((res) => res.body.id);
    expect(new Set(ids).size).toBe(6);
    for (const res of sent) expect(res.body).toEqual((await resident.get(`/api/tickets/${res.body.id}`)).body);
    const db = t.database.db;
    const perTicket = async (table: 'ticket_timer' | 'ticket_event' | 'notification') =>
      (await db.selectFrom(table).select('ticket_id').where('ticket_id', 'in', ids).execute()).map((r) => Number(r.ticket_id));
    for (const id of ids) {
      expect((await perTicket('ticket_timer')).filter((x) => x === id)).toHaveLength(2);
      expect((await perTicket('ticket_event')).filter((x) => x === id)).toHaveLength(2);
      expect((await perTicket('notification')).filter((x) => x === id).length).toBeGreaterThan(0);
    }
    const audited = await db.selectFrom('audit_log').select('entity_id').where('action', '=', 'ticket.create').where('entity_id', 'in', ids.map(String)).execute();
    expect(audited.map((a) => Number(a.entity_id)).sort((a, b) => a - b)).toEqual([...ids].sort((a, b) => a - b));
  });

  it('makes one ticket of a hotline case sent twice at once, and still writes the reports beside it', async () => {
    const call = (i: number, caseNumber: string) => staff.send('POST', '/api/tickets', {
      categoryCode: 'water_power', description: `来电 ${i}`, source: 'hotline_12345', externalId: caseNumber, location: spot(i),
    });
    const sent = await Promise.all([call(0, 'case-twice'), call(1, 'case-twice'), call(2, 'case-beside-2'), call(3, 'case-beside-3')]);
    for (const res of sent) expect(res.status, res.raw).toBe(201);
    expect(sent[0].body.id).toBe(sent[1].body.id);
    expect(new Set(sent.map((res) => res.body.id)).size).toBe(3);
  });

  it('fails only the report that cannot be written when it shares a batch with others', async () => {
    const deps = { db: t.database.db, cipher: t.cipher };
    const prepare = (i: number, caseNumber: string) => prepareTicket(deps, {
      source: 'hotline_12345', who: { id: null, name: 'test' }, reporterUserId: null, externalId: caseNumber, auditActor: { id: null, name: 'test', ip: null },
    }, { categoryCode: 'other', description: `批内 ${i}`, location: spot(i) });
    const [first, twin, beside] = await Promise.all([prepare(0, 'case-batch'), prepare(1, 'case-batch'), prepare(2, 'case-batch-beside')]);
    const at = t.clock.now();
    // Called in one tick: the first goes at once, the other two wait and go together.
    const results = await Promise.allSettled([first, twin, beside].map((ticket) => writeReport(t.database.db, { ticket, at, photos: [] })));
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect((results[1] as PromiseRejectedResult).reason).toMatchObject({ code: '23505' });
    const written = await t.database.db.selectFrom('ticket').select('external_id').where('external_id', 'in', ['case-batch', 'case-batch-beside']).execute();
    expect(written.map((w) => w.external_id).sort()).toEqual(['case-batch', 'case-batch-beside']);
  });

  it('opens the proactive tickets of one batch together, one per category at the place, each whole', async () => {
    const deps = { db: t.database.db, cipher: t.cipher };
    const place = { lon: 121.5041, lat: 29.8041 };
    const prepare = (categoryCode: string, location: { lon: number; lat: number }) => prepareTicket(deps, {
      source: 'staff', who: { id: null, name: 'test' }, reporterUserId: null, auditActor: { id: null, name: 'test', ip: null },
    }, { categoryCode, description: `同处反映 ${categoryCode}`, location });
    const elsewhere = await prepare('other', spot(9));
    const reports = await Promise.all(['noise', 'parking', 'noise', 'parking', 'noise', 'parking'].map((code) => prepare(code, place)));
    const at = t.clock.now();
    // Called in one tick: the first goes at once, the six at the place wait and go together.
    await Promise.all([elsewhere, ...reports].map((ticket) => writeReport(t.database.db, { ticket, at, photos: [] })));
    for (const categoryCode of ['noise', 'parking']) {
      const proactive = await staff.get(`/api/tickets?source=proactive&categoryCode=${categoryCode}`);
      expect(proactive.body.items, categoryCode).toHaveLength(1);
      const detail = (await staff.get(`/api/tickets/${proactive.body.items[0].id}`)).body;
      expect(detail).toMatchObject({ status: 'dispatched', priority: 'high', location: place });
      expect(detail.description).toContain('第 3 次');
      expect(detail.timeline.map((e: { kind: string }) => e.kind)).toEqual(['created', 'dispatched']);
    }
  });

  it('opens one proactive ticket for three reports of one place sent at once', async () => {
    const place = { lon: 121.5031, lat: 29.8011 };
    const sent = await Promise.all([0, 1, 2].map((i) => resident.send('POST', '/api/tickets', { categoryCode: 'public_facility', description: `垃圾满溢 ${i}`, location: place })));
    for (const res of sent) expect(res.status, res.raw).toBe(201);
    const proactive = await staff.get('/api/tickets?source=proactive&categoryCode=public_facility');
    expect(proactive.body.items).toHaveLength(1);
  });
});
