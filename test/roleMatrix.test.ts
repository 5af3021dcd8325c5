import ExcelJS from 'exceljs';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { roleGrants, type Permission } from '../src/platform/roles.ts';
import { multipart } from './multipart.ts';
import { startTestApp, type Agent, type TestResponse } from './app.ts';
import { places, worldAccounts, type Place, type World } from './world.ts';

/**
 * Every role × every route. Community A holds grids A1 and A2, community B grid B1; each grid has one
 * building, household, resident and facility (a "place"). The expected answer is worked out here from
 * the permission table and the area tree, independently of the store's scope filter it checks.
 */
const accounts = worldAccounts;

function allowedPlaces(username: string, permission: Permission): Place[] {
  const { role, reach } = accounts[username];
  return roleGrants(role, permission) ? reach : [];
}

type Res = Pick<TestResponse, 'status' | 'body'>;
/** What a list item belongs to: a place, or (for rows without a grid, such as estates) a community. */
type Unit = Place | 'A' | 'B';
type ListProbe = {
  kind: 'list'; permission: Permission; run: (a: Agent, w: World) => Promise<Res>;
  placeOf: (item: any, w: World) => Unit; // eslint-disable-line @typescript-eslint/no-explicit-any -- items of many shapes
  perCommunity?: true;
  /** The places an account reaches, where the permission's scope alone does not say. */
  reachOf?: (username: string) => Place[];
};
type PlaceProbe = { kind: 'place'; permission: Permission; run: (a: Agent, w: World, p: Place) => Promise<Res> };
type Probe = ListProbe | PlaceProbe;

const byId = (key: 'building' | 'household' | 'resident' | 'facility', field = 'id') => (item: Record<string, number>, w: World) =>
  places.find((p) => w[p][key].id === item[field])!;
const communityOf = (w: World, p: Place) => (p === 'b1' ? w.communityB.id : w.communityA.id);
/** A point inside each place's grid (see the squares in world.ts). */
const pointIn: Record<Place, [number, number]> = { a1: [121.505, 29.805], a2: [121.515, 29.805], b1: [121.61, 29.81] };

/**
 * Surveys belong to a whole community, so a1 and a2 reach community A's. Each write probe works on a
 * survey made for it by the admin; reads share one published survey per community.
 */
const surveyBody = (w: World, p: Place, answerUnit = 'resident') => ({
  communityId: communityOf(w, p), title: '满意度调查', answerUnit,
  questions: [{ key: 'score', type: 'scale', label: '满意度', required: true }, { key: 'say', type: 'text', label: '建议' }],
});
async function newSurvey(w: World, p: Place, publish: boolean, answerUnit?: string): Promise<number> {
  const { id } = (await admin.send('POST', '/api/surveys', surveyBody(w, p, answerUnit))).body;
  if (publish) await admin.send('POST', `/api/surveys/${id}/publish`);
  return id;
}
const sharedSurveys = new Map<number, Promise<number>>();
function surveyOf(w: World, p: Place): Promise<number> {
  const community = communityOf(w, p);
  if (!sharedSurveys.has(community)) sharedSurveys.set(community, newSurvey(w, p, true));
  return sharedSurveys.get(community)!;
}
const surveyProbes: Record<string, Probe> = {
  'GET /api/surveys': {
    kind: 'list', permission: 'checkup.read', perCommunity: true,
    run: async (a, w) => {
      await Promise.all(places.map((p) => surveyOf(w, p)));
      return a.get('/api/surveys?limit=500');
    },
    placeOf: (s: { communityId: number }, w) => (s.communityId === w.communityB.id ? 'B' : 'A'),
  },
  'POST /api/surveys': { kind: 'place', permission: 'surveys.manage', run: (a, w, p) => a.send('POST', '/api/surveys', surveyBody(w, p)) },
  'GET /api/surveys/{id}': { kind: 'place', permission: 'checkup.read', run: async (a, w, p) => a.get(`/api/surveys/${await surveyOf(w, p)}`) },
  'PATCH /api/surveys/{id}': {
    kind: 'place', permission: 'surveys.manage', run: async (a, w, p) => a.send('PATCH', `/api/surveys/${await newSurvey(w, p, false)}`, { title: '改' }),
  },
  'POST /api/surveys/{id}/publish': {
    kind: 'place', permission: 'surveys.manage', run: async (a, w, p) => a.send('POST', `/api/surveys/${await newSurvey(w, p, false)}/publish`),
  },
  'POST /api/surveys/{id}/close': {
    kind: 'place', permission: 'surveys.manage', run: async (a, w, p) => a.send('POST', `/api/surveys/${await newSurvey(w, p, true)}/close`),
  },
  'GET /api/surveys/{id}/results': { kind: 'place', permission: 'checkup.read', run: async (a, w, p) => a.get(`/api/surveys/${await surveyOf(w, p)}/results`) },
  'GET /api/surveys/{id}/text-answers': {
    kind: 'place', permission: 'checkup.read', run: async (a, w, p) => a.get(`/api/surveys/${await surveyOf(w, p)}/text-answers?questionKey=say`),
  },
  'GET /api/surveys/{id}/export': { kind: 'place', permission: 'surveys.manage', run: async (a, w, p) => a.get(`/api/surveys/${await surveyOf(w, p)}/export`) },
  'POST /api/surveys/{id}/paper-responses': {
    kind: 'place', permission: 'surveys.manage',
    run: async (a, w, p) => a.send('POST', `/api/surveys/${await newSurvey(w, p, true, 'household')}/paper-responses`, {
      householdId: w[p].household.id, answers: { score: 4 },
    }),
  },
};

// One checkup per community, run once by the admin and shared by the read probes.
const sharedCheckups = new Map<number, Promise<{ id: number; findingId: number }>>();
function checkupOf(w: World, p: Place): Promise<{ id: number; findingId: number }> {
  const community = communityOf(w, p);
  if (!sharedCheckups.has(community)) {
    sharedCheckups.set(community, admin.send('POST', '/api/checkups', { communityId: community }).then((res) => ({
      id: res.body.id, findingId: res.body.results.find((r: { status: string }) => r.status === 'fail').id,
    })));
  }
  return sharedCheckups.get(community)!;
}
const checkupProbes: Record<string, Probe> = {
  'POST /api/checkups': { kind: 'place', permission: 'checkup.run', run: (a, w, p) => a.send('POST', '/api/checkups', { communityId: communityOf(w, p) }) },
  'GET /api/checkups': {
    kind: 'list', permission: 'checkup.read', perCommunity: true,
    run: async (a, w) => {
      await Promise.all(places.map((p) => checkupOf(w, p)));
      return a.get('/api/checkups?limit=500');
    },
    placeOf: (c: { communityId: number }, w) => (c.communityId === w.communityB.id ? 'B' : 'A'),
  },
  'GET /api/checkups/{id}': { kind: 'place', permission: 'checkup.read', run: async (a, w, p) => a.get(`/api/checkups/${(await checkupOf(w, p)).id}`) },
  'GET /api/checkups/{id}/access': { kind: 'place', permission: 'checkup.read', run: async (a, w, p) => a.get(`/api/checkups/${(await checkupOf(w, p)).id}/access`) },
  'GET /api/checkups/{id}/ledger': { kind: 'place', permission: 'checkup.read', run: async (a, w, p) => a.get(`/api/checkups/${(await checkupOf(w, p)).id}/ledger`) },
  'GET /api/checkups/{id}/compare/{otherId}': {
    kind: 'place', permission: 'checkup.read', run: async (a, w, p) => a.get(`/api/checkups/${(await checkupOf(w, p)).id}/compare/${(await checkupOf(w, p)).id}`),
  },
  'GET /api/findings/{id}': { kind: 'place', permission: 'checkup.read', run: async (a, w, p) => a.get(`/api/findings/${(await checkupOf(w, p)).findingId}`) },
};

/**
 * Gap projects belong to a whole community. Reads share one project per community (with a photo);
 * each status change and acceptance works on a project the admin made (and advanced) for it.
 */
const projectBody = (w: World, p: Place) => ({ communityId: communityOf(w, p), title: '补短板', responsibleUnit: '社区居委会', funding: [{ source: 'district', amountYuan: 1 }] });
async function newProject(w: World, p: Place, ...statuses: string[]): Promise<number> {
  const { id } = (await admin.send('POST', '/api/projects', projectBody(w, p))).body;
  for (const to of statuses) await admin.send('POST', `/api/projects/${id}/status`, { to });
  return id;
}
const sharedProjects = new Map<number, Promise<{ id: number; photoId: number }>>();
function projectOf(w: World, p: Place): Promise<{ id: number; photoId: number }> {
  const community = communityOf(w, p);
  if (!sharedProjects.has(community)) {
    sharedProjects.set(community, (async () => {
      const id = await newProject(w, p);
      const png = await sharp({ create: { width: 8, height: 8, channels: 3, background: '#888' } }).png().toBuffer();
      const noted = await admin.sendRaw('POST', `/api/projects/${id}/notes`, multipart({ text: '进场' }, { name: 'photos', fileName: 'a.png', body: png }));
      return { id, photoId: noted.body.timeline.at(-1).photos[0].id };
    })());
  }
  return sharedProjects.get(community)!;
}
const projectProbes: Record<string, Probe> = {
  'GET /api/projects': {
    kind: 'list', permission: 'checkup.read', perCommunity: true,
    run: async (a, w) => {
      await Promise.all(places.map((p) => projectOf(w, p)));
      return a.get('/api/projects?limit=500');
    },
    placeOf: (project: { communityId: number }, w) => (project.communityId === w.communityB.id ? 'B' : 'A'),
  },
  'GET /api/projects/export.xlsx': {
    kind: 'list', permission: 'checkup.read', perCommunity: true,
    run: async (a, w) => {
      await Promise.all(places.map((p) => projectOf(w, p)));
      const res = await a.get('/api/projects/export.xlsx');
      if (res.status !== 200) return res;
      const book = new ExcelJS.Workbook();
      await book.xlsx.load(res.bytes as unknown as ArrayBuffer);
      // Column 3 is the community's name (world.ts names community CA "CA名").
      return { status: 200, body: { items: book.worksheets[0].getColumn(3).values.slice(2).map((name) => ({ name })) } };
    },
    placeOf: (row: { name: string }) => (row.name === 'CB名' ? 'B' : 'A'),
  },
  'GET /api/projects/{id}': { kind: 'place', permission: 'checkup.read', run: async (a, w, p) => a.get(`/api/projects/${(await projectOf(w, p)).id}`) },
  'GET /api/projects/{id}/photos/{photoId}': {
    kind: 'place', permission: 'checkup.read', run: async (a, w, p) => {
      const { id, photoId } = await projectOf(w, p);
      return a.get(`/api/projects/${id}/photos/${photoId}`);
    },
  },
  'POST /api/projects': {
    kind: 'place', permission: 'projects.write',
    run: async (a, w, p) => a.send('POST', '/api/projects', { findingId: (await checkupOf(w, p)).findingId, responsibleUnit: '区教育局' }),
  },
  'PATCH /api/projects/{id}': { kind: 'place', permission: 'projects.write', run: async (a, w, p) => a.send('PATCH', `/api/projects/${(await projectOf(w, p)).id}`, { description: '补充' }) },
  'POST /api/projects/{id}/status': {
    kind: 'place', permission: 'projects.write', run: async (a, w, p) => a.send('POST', `/api/projects/${await newProject(w, p)}/status`, { to: 'approved' }),
  },
  'POST /api/projects/{id}/notes': {
    kind: 'place', permission: 'projects.write',
    run: async (a, w, p) => a.sendRaw('POST', `/api/projects/${(await projectOf(w, p)).id}/notes`, multipart({ text: '进展' }, [])),
  },
  'POST /api/projects/{id}/accept': {
    kind: 'place', permission: 'projects.accept',
    run: async (a, w, p) => {
      const id = await newProject(w, p, 'approved', 'funded', 'under_construction', 'completed');
      return a.sendRaw('POST', `/api/projects/${id}/accept`, multipart({ note: '合格' }, []));
    },
  },
};

/** One patrol ticket per place; the one in b1 is whistled to the housing department. */
let sharedTickets: Promise<void> | undefined;
function ticketsInPlaces(w: World): Promise<void> {
  sharedTickets ??= (async () => {
    for (const p of places) {
      const { body } = await admin.send('POST', '/api/tickets', { categoryCode: 'environment', description: `巡查 ${p}`, source: 'patrol', location: { lon: pointIn[p][0], lat: pointIn[p][1] } });
      if (p === 'b1') await admin.send('POST', `/api/tickets/${body.id}/dispatch`, { target: 'department', departmentId: w.departmentId });
    }
  })();
  return sharedTickets;
}
// The three rates count tickets in the tickets.read scope; a department officer's, those whistled to its department.
const measuresReach = (username: string): Place[] => (username === 'department' ? ['b1'] : allowedPlaces(username, 'tickets.read'));
const gridNames: Record<string, Place> = { 'CA-G1名': 'a1', 'CA-G2名': 'a2', 'CB-G1名': 'b1' };
const ticketProbes: Record<string, Probe> = {
  'GET /api/tickets/measures': {
    kind: 'list', permission: 'tickets.read', reachOf: measuresReach,
    run: async (a, w) => {
      await ticketsInPlaces(w);
      return a.get('/api/tickets/measures?groupBy=grid');
    },
    placeOf: (row: { name: string }) => gridNames[row.name],
  },
  'GET /api/tickets/measures.xlsx': {
    kind: 'list', permission: 'tickets.read', reachOf: measuresReach,
    run: async (a, w) => {
      await ticketsInPlaces(w);
      const res = await a.get('/api/tickets/measures.xlsx?groupBy=grid');
      if (res.status !== 200) return res;
      const book = new ExcelJS.Workbook();
      await book.xlsx.load(res.bytes as unknown as ArrayBuffer);
      // Below the title and header rows, above the total: one row per grid, its name in column 2.
      const sheet = book.worksheets[0];
      return { status: 200, body: { items: sheet.getColumn(2).values.slice(3, sheet.rowCount).map((name) => ({ name })) } };
    },
    placeOf: (row: { name: string }) => gridNames[row.name],
  },
};

/**
 * Devices and alarms: one SOS button per place (in its household) with one alarm, made by the admin;
 * probes that use an alarm up (clear) get a device and alarm of their own.
 */
let deviceSerial = 0;
async function newDevice(w: World, p: Place): Promise<string> {
  const id = `RM-${p}-${++deviceSerial}`;
  await admin.send('POST', '/api/devices', { id, kind: 'sos_button', communityId: communityOf(w, p), householdId: w[p].household.id });
  return id;
}
async function newAlarm(w: World, p: Place): Promise<number> {
  const deviceId = await newDevice(w, p);
  await t.app.ctx.ingest.ingest(deviceId, 'event', Buffer.from(JSON.stringify({ ts: Date.now(), seq: 1, type: 'sos' })));
  const res = await admin.get(`/api/alarms?deviceId=${deviceId}`);
  return res.body.items[0].id;
}
const sharedDevices = new Map<Place, Promise<string>>();
const sharedAlarms = new Map<Place, Promise<number>>();
const deviceOf = (w: World, p: Place) => sharedDevices.get(p) ?? sharedDevices.set(p, newDevice(w, p)).get(p)!;
const alarmOf = (w: World, p: Place) => sharedAlarms.get(p) ?? sharedAlarms.set(p, newAlarm(w, p)).get(p)!;
const householdPlace = byId('household', 'householdId');
async function adminId(): Promise<number> {
  return (await admin.get('/api/auth/me')).body.id;
}
/** Care cards are for households with care devices: each place's SOS button makes its household one. */
const careCard = async (a: Agent, w: World, p: Place) => {
  await deviceOf(w, p);
  return a.get(`/api/care/households/${w[p].household.id}`);
};
const contacts = [{ role: 'family', name: '张小红', phone: '13987654321', relation: '女儿' }];
/** The first contact of the place's chain, read afresh: the contacts probe replaces the chain (new ids). */
async function contactOf(w: World, p: Place): Promise<number> {
  const card = await careCard(admin, w, p);
  if (card.body.contacts.length) return card.body.contacts[0].id;
  return (await admin.send('PUT', `/api/care/households/${w[p].household.id}/contacts`, { contacts })).body.contacts[0].id;
}
const careProbes: Record<string, Probe> = {
  'GET /api/care/cards': {
    kind: 'list', permission: 'devices.read', placeOf: householdPlace,
    run: async (a, w) => {
      await Promise.all(places.map((p) => deviceOf(w, p)));
      return a.get('/api/care/cards?limit=200');
    },
  },
  'GET /api/care/households/{id}': { kind: 'place', permission: 'devices.read', run: careCard },
  'PUT /api/care/households/{id}/contacts': {
    kind: 'place', permission: 'alarms.handle',
    run: async (a, w, p) => (await careCard(admin, w, p)) && a.send('PUT', `/api/care/households/${w[p].household.id}/contacts`, { contacts }),
  },
  'POST /api/care/households/{id}/calls': {
    kind: 'place', permission: 'alarms.handle',
    run: async (a, w, p) => a.send('POST', `/api/care/households/${w[p].household.id}/calls`, { contactId: await contactOf(w, p), outcome: 'answered' }),
  },
  'POST /api/care/contacts/{id}/reveal': {
    kind: 'place', permission: 'personal.reveal', run: async (a, w, p) => a.send('POST', `/api/care/contacts/${await contactOf(w, p)}/reveal`, { reason: '联系家属' }),
  },
};
const deviceProbes: Record<string, Probe> = {
  'GET /api/devices': {
    kind: 'list', permission: 'devices.read', placeOf: householdPlace,
    run: async (a, w) => {
      await Promise.all(places.map((p) => deviceOf(w, p)));
      return a.get('/api/devices?limit=500');
    },
  },
  'GET /api/devices/{id}': { kind: 'place', permission: 'devices.read', run: async (a, w, p) => a.get(`/api/devices/${await deviceOf(w, p)}`) },
  'POST /api/devices': {
    kind: 'place', permission: 'devices.manage',
    run: (a, w, p) => a.send('POST', '/api/devices', { id: `RM-new-${++deviceSerial}`, kind: 'smoke', communityId: communityOf(w, p), householdId: w[p].household.id }),
  },
  'PATCH /api/devices/{id}': { kind: 'place', permission: 'devices.manage', run: async (a, w, p) => a.send('PATCH', `/api/devices/${await deviceOf(w, p)}`, { label: '客厅' }) },
  'POST /api/devices/{id}/secret': { kind: 'place', permission: 'devices.manage', run: async (a, w, p) => a.send('POST', `/api/devices/${await deviceOf(w, p)}/secret`) },
  'GET /api/alarms': {
    kind: 'list', permission: 'devices.read', placeOf: householdPlace,
    run: async (a, w) => {
      await Promise.all(places.map((p) => alarmOf(w, p)));
      return a.get('/api/alarms?status=all&limit=500');
    },
  },
  'GET /api/alarms/{id}': { kind: 'place', permission: 'devices.read', run: async (a, w, p) => a.get(`/api/alarms/${await alarmOf(w, p)}`) },
  'POST /api/alarms/{id}/acknowledge': { kind: 'place', permission: 'alarms.handle', run: async (a, w, p) => a.send('POST', `/api/alarms/${await alarmOf(w, p)}/acknowledge`) },
  'POST /api/alarms/{id}/comments': { kind: 'place', permission: 'alarms.handle', run: async (a, w, p) => a.send('POST', `/api/alarms/${await alarmOf(w, p)}/comments`, { text: '已电话联系家属' }) },
  'GET /api/alarms/{id}/assignees': { kind: 'place', permission: 'alarms.handle', run: async (a, w, p) => a.get(`/api/alarms/${await alarmOf(w, p)}/assignees`) },
  'POST /api/alarms/{id}/assign': {
    kind: 'place', permission: 'alarms.handle', run: async (a, w, p) => a.send('POST', `/api/alarms/${await alarmOf(w, p)}/assign`, { userId: await adminId() }),
  },
  'POST /api/alarms/{id}/clear': { kind: 'place', permission: 'alarms.handle', run: async (a, w, p) => a.send('POST', `/api/alarms/${await newAlarm(w, p)}/clear`, { reason: '误报', falseAlarm: true }) },
  'PUT /api/households/{id}/away': {
    kind: 'place', permission: 'alarms.handle', run: (a, w, p) => a.send('PUT', `/api/households/${w[p].household.id}/away`, { until: '2099-01-01', reason: '住院' }),
  },
  'DELETE /api/households/{id}/away': { kind: 'place', permission: 'alarms.handle', run: (a, w, p) => a.send('DELETE', `/api/households/${w[p].household.id}/away`) },
  'POST /api/devices/import': {
    kind: 'place', permission: 'devices.manage',
    run: (a, w, p) => a.sendRaw('POST', `/api/devices/import?communityId=${communityOf(w, p)}&dryRun=true`, multipart({}, {
      name: 'file', fileName: 'devices.csv', body: `设备编号,设备类型,楼栋编号\nRM-import-${p},smoke,${p.toUpperCase()}\n`,
    })),
  },
  'GET /api/device-rules': {
    kind: 'place', permission: 'devices.read', run: (a, w, p) => a.get(`/api/device-rules?communityId=${communityOf(w, p)}&householdId=${w[p].household.id}`),
  },
  'PUT /api/device-rules/{code}/params': {
    kind: 'place', permission: 'devices.manage',
    run: (a, w, p) => a.send('PUT', '/api/device-rules/door_magnet.door_inactive/params', { communityId: communityOf(w, p), householdId: w[p].household.id, params: { hours: 12 } }),
  },
  ...careProbes,
};

/** The service loop's settings: a community's own escalation ladder is set by whoever dispatches its tickets. */
const ladderSteps = [{ level: 1, minutes: 10 }, { level: 2, minutes: 30 }, { level: 3, minutes: 30 }];
const ticketSettingsProbes: Record<string, Probe> = {
  'GET /api/ticket-settings': {
    kind: 'list', permission: 'tickets.read', perCommunity: true,
    run: async (a) => {
      const res = await a.get('/api/ticket-settings');
      return res.status === 200 ? { status: 200, body: { items: res.body.escalation.communities } } : res;
    },
    placeOf: (c: { communityId: number }, w) => (c.communityId === w.communityB.id ? 'B' : 'A'),
  },
  'PUT /api/escalation-ladder': {
    kind: 'place', permission: 'tickets.dispatch',
    run: (a, w, p) => a.send('PUT', '/api/escalation-ladder', { communityId: communityOf(w, p), steps: ladderSteps }),
  },
  'DELETE /api/escalation-ladder/{communityId}': {
    kind: 'place', permission: 'tickets.dispatch', run: (a, w, p) => a.send('DELETE', `/api/escalation-ladder/${communityOf(w, p)}`),
  },
};

const probes: Record<string, Probe> = {
  'GET /api/buildings': { kind: 'list', permission: 'places.read', run: (a) => a.get('/api/buildings'), placeOf: byId('building') },
  'GET /api/buildings/{id}': { kind: 'place', permission: 'places.read', run: (a, w, p) => a.get(`/api/buildings/${w[p].building.id}`) },
  'GET /api/facilities': {
    kind: 'list', permission: 'places.read', run: (a) => a.get('/api/facilities?limit=500'),
    placeOf: (f: { gridId: number }, w) => places.find((p) => w[p].grid.id === f.gridId)!,
  },
  'GET /api/map': {
    kind: 'list', permission: 'places.read',
    run: async (a, w) => {
      const res = await a.get(`/api/map?areaId=${w.subdistrict.id}`);
      return res.status === 200 ? { status: 200, body: { items: res.body.buildings.features.map((f: { properties: object }) => f.properties) } } : res;
    },
    placeOf: byId('building'),
  },
  'GET /api/estates': {
    kind: 'list', permission: 'places.read', run: (a) => a.get('/api/estates'),
    placeOf: (e: { communityId: number }, w) => (e.communityId === w.communityB.id ? 'B' : 'A'),
    perCommunity: true,
  },
  'GET /api/areas': {
    kind: 'list', permission: 'places.read',
    run: async (a) => {
      // Grids made by the POST /api/areas probe are left out: they belong to no place.
      const res = await a.get('/api/areas?level=grid&limit=500');
      return res.status === 200 ? { status: 200, body: { items: res.body.items.filter((g: { code: string }) => !g.code.startsWith('NEW-')) } } : res;
    },
    placeOf: (area: { id: number }, w) => places.find((p) => w[p].grid.id === area.id)!,
  },
  'GET /api/areas/{id}': { kind: 'place', permission: 'places.read', run: (a, w, p) => a.get(`/api/areas/${w[p].grid.id}`) },
  'POST /api/areas': {
    kind: 'place', permission: 'places.write',
    run: (a, w, p) => a.send('POST', '/api/areas', { parentId: communityOf(w, p), level: 'grid', code: `NEW-${p}-${Math.random().toString(36).slice(2, 8)}`, name: '新网格' }),
  },
  // Rows added by the write probes below still belong to a place: through their building or household.
  'GET /api/households': { kind: 'list', permission: 'people.read', run: (a) => a.get('/api/households?limit=500'), placeOf: byId('building', 'buildingId') },
  'GET /api/households/{id}': { kind: 'place', permission: 'people.read', run: (a, w, p) => a.get(`/api/households/${w[p].household.id}`) },
  'POST /api/households': {
    kind: 'place', permission: 'people.write',
    run: (a, w, p) => a.send('POST', '/api/households', { buildingId: w[p].building.id, unit: '9', room: String(Math.floor(Math.random() * 1e6)) }),
  },
  'PATCH /api/households/{id}': { kind: 'place', permission: 'people.write', run: (a, w, p) => a.send('PATCH', `/api/households/${w[p].household.id}`, { sizeM2: 81 }) },
  'GET /api/residents': { kind: 'list', permission: 'people.read', run: (a) => a.get('/api/residents?limit=500'), placeOf: byId('household', 'householdId') },
  'POST /api/residents': { kind: 'place', permission: 'people.write', run: (a, w, p) => a.send('POST', '/api/residents', { householdId: w[p].household.id, name: '新成员' }) },
  'PATCH /api/residents/{id}': { kind: 'place', permission: 'people.write', run: (a, w, p) => a.send('PATCH', `/api/residents/${w[p].resident.id}`, { sex: 'male' }) },
  'POST /api/residents/{id}/reveal': {
    kind: 'place', permission: 'personal.reveal', run: (a, w, p) => a.send('POST', `/api/residents/${w[p].resident.id}/reveal`, { reason: '入户走访核实' }),
  },
  'GET /api/profile': { kind: 'place', permission: 'aggregates.read', run: (a, w, p) => a.get(`/api/profile?areaId=${w[p].grid.id}`) },
  'PATCH /api/buildings/{id}': { kind: 'place', permission: 'places.write', run: (a, w, p) => a.send('PATCH', `/api/buildings/${w[p].building.id}`, { floors: 7 }) },
  'POST /api/facilities': {
    kind: 'place', permission: 'places.write',
    run: (a, w, p) => a.send('POST', '/api/facilities', {
      communityId: communityOf(w, p), code: `NEW-${Math.random().toString(36).slice(2, 8)}`, kind: 'pharmacy', name: '新药店',
      geometry: { type: 'Point', coordinates: pointIn[p] },
    }),
  },
  'PATCH /api/facilities/{id}': { kind: 'place', permission: 'places.write', run: (a, w, p) => a.send('PATCH', `/api/facilities/${w[p].facility.id}`, { capacity: 12 }) },
  'DELETE /api/residents/{id}': {
    kind: 'place', permission: 'people.write',
    run: async (a, w, p) => {
      // A resident made for the purpose, so the world's own stay for the other probes.
      const made = await admin.send('POST', '/api/residents', { householdId: w[p].household.id, name: '待删除' });
      return a.send('DELETE', `/api/residents/${made.body.id}?reason=moved_out`);
    },
  },
  'GET /api/exports/{kind}': {
    kind: 'list', permission: 'people.read',
    run: async (a, w) => {
      // Both communities' exports; one the caller cannot reach at all is refused, not sent empty.
      const files = await Promise.all([w.communityA.id, w.communityB.id].map((id) => a.get(`/api/exports/households?communityId=${id}&format=csv`)));
      const readable = files.filter((f) => f.status === 200);
      if (!readable.length) return files.find((f) => f.status !== 200)!;
      const codes = readable.flatMap((f) => f.raw.match(/\b(A1|A2|B1)\b/g) ?? []);
      return { status: 200, body: { items: codes.map((code) => ({ code })) } };
    },
    placeOf: (row: { code: string }) => row.code.toLowerCase() as Place,
  },
  'POST /api/imports': {
    kind: 'place', permission: 'imports.run',
    run: (a, w, p) => a.sendRaw('POST', '/api/imports', multipart({ kind: 'households', communityId: String(communityOf(w, p)), dryRun: 'true' }, {
      name: 'file', fileName: 'h.csv', body: `楼栋编号,单元,房号\n${p.toUpperCase()},1,999\n`,
    })),
  },
  ...surveyProbes,
  ...checkupProbes,
  ...projectProbes,
  ...ticketProbes,
  ...ticketSettingsProbes,
  ...deviceProbes,
};

/** Routes whose access is not a matter of area scope, and where each is tested. */
const coveredElsewhere: Record<string, string> = {
  'GET /healthz': 'public', 'GET /readyz': 'public', 'GET /api/config': 'public', 'GET /api/facility-kinds': 'reference data for any account',
  'POST /api/auth/login': 'auth.test', 'GET /api/auth/me': 'auth.test', 'PATCH /api/auth/me': 'auth.test (own account only)', 'POST /api/auth/logout': 'auth.test',
  'POST /api/auth/logout-all': 'auth.test', 'POST /api/auth/password': 'auth.test', 'POST /api/auth/register': 'accounts.test',
  'GET /api/me/claim': 'accounts.test (own account only)', 'POST /api/me/claim': 'accounts.test (own account only)', 'GET /api/me/household': 'the resident case below',
  'GET /api/claims': 'accounts.test and the permission case below', 'POST /api/claims/{id}/approve': 'accounts.test',
  'POST /api/claims/{id}/reject': 'accounts.test', 'GET /api/users': 'accounts.test and below', 'POST /api/users': 'accounts.test',
  'GET /api/audit': 'permission case below', 'GET /api/departments': 'below', 'GET /api/imports/{id}': 'imports service.test (owner only)',
  'GET /api/me/surveys': 'surveys routes.test (own community and household only)', 'GET /api/me/surveys/{id}': 'surveys routes.test (own community only)',
  'POST /api/me/surveys/{id}/responses': 'surveys routes.test (own resident record or household only)',
  'GET /api/standards': 'checkup service.test (standards as data): any checkup.read', 'GET /api/standards/{id}': 'checkup service.test',
  'POST /api/standards': 'checkup service.test (own area or admin)', 'POST /api/standards/{id}/clone': 'checkup service.test (standards.manage)',
  'GET /api/kind-mappings': 'checkup service.test', 'PUT /api/kind-mappings': 'checkup service.test (admin only)',
  'GET /api/notifications': 'notifications inbox.test (own inbox only)', 'GET /api/notifications/unread-count': 'notifications inbox.test (own inbox only)',
  'POST /api/notifications/{id}/read': 'notifications inbox.test (own inbox only)', 'POST /api/notifications/read-all': 'notifications inbox.test (own inbox only)',
  'GET /api/webhooks': 'notifications webhooks.test (tickets.manage: admin only)', 'POST /api/webhooks': 'notifications webhooks.test (admin only)',
  'PATCH /api/webhooks/{id}': 'notifications webhooks.test (admin only)', 'DELETE /api/webhooks/{id}': 'notifications webhooks.test (admin only)',
  'GET /api/webhooks/{id}/deliveries': 'notifications webhooks.test (admin only)', 'POST /api/webhook-deliveries/{id}/retry': 'notifications webhooks.test (admin only)',
  'GET /api/tickets/report-areas': 'tickets reportAreas.test (the caller\'s own role areas only)',
  // Tickets: a department officer reaches only tickets whistled to its department, which the matrix cannot state.
  'GET /api/tickets': 'tickets scope.test (every account)', 'GET /api/tickets/{id}': 'tickets scope.test (every account)',
  'POST /api/tickets/{id}/accept': 'tickets scope.test (every account)', 'POST /api/tickets/{id}/dispatch': 'tickets scope.test (every account)',
  'POST /api/tickets': 'tickets tickets.test (residents report anywhere; staff sources need tickets.handle in scope)',
  'POST /api/tickets/report': 'tickets tickets.test (as POST /api/tickets)', 'GET /api/ticket-categories': 'reference data for any account',
  'GET /api/tickets/nearby': 'tickets tickets.test (open tickets near a point: category, place and status only)',
  'GET /api/my/tickets': 'tickets tickets.test (own followed tickets only)', 'GET /api/tickets/{id}/photos/{photoId}': 'as GET /api/tickets/{id}',
  'POST /api/tickets/{id}/arrive': 'permissions.ts rules, as accept', 'POST /api/tickets/{id}/resolve': 'permissions.ts rules, as accept',
  'POST /api/tickets/{id}/notes': 'permissions.ts rules, as accept', 'POST /api/tickets/{id}/return': 'permissions.ts rules, as accept',
  'POST /api/tickets/{id}/pause': 'permissions.ts rules, as accept', 'POST /api/tickets/{id}/resume': 'permissions.ts rules, as accept',
  'POST /api/tickets/{id}/whistle': 'permissions.ts rules, as dispatch', 'POST /api/tickets/{id}/merge': 'permissions.ts rules, as dispatch',
  'POST /api/tickets/{id}/regrid': 'permissions.ts rules, as dispatch', 'POST /api/tickets/{id}/close': 'permissions.ts rules, as dispatch',
  'POST /api/tickets/{id}/withdraw': 'tickets tickets.test (reporter only)', 'POST /api/tickets/{id}/rate': 'tickets tickets.test (reporter, or dispatch)',
  'POST /api/tickets/{id}/reopen': 'tickets tickets.test (reporter only)', 'POST /api/tickets/{id}/subscribe': 'tickets tickets.test (any account, open tickets)',
  'GET /api/open311/clients': 'open311 clients.test (tickets.manage: admin only)', 'POST /api/open311/clients': 'open311 clients.test (admin only)',
  'DELETE /api/open311/clients/{id}': 'open311 clients.test (admin only)',
  // Open311 GeoReport v2: no session and no area scope. Reads are public, as the spec has them (anonymous, withdrawn
  // reports left out); POST needs an integrator's api_key and places reports only in its area (open311 post.test).
  'GET /open311/v2/discovery.{format}': 'public (open311 services.test)', 'GET /open311/v2/services.{format}': 'public (open311 services.test)',
  'GET /open311/v2/services/{service_code}.{format}': 'public (open311 services.test)', 'GET /open311/v2/requests.{format}': 'public (open311 read.test)',
  'POST /open311/v2/requests.{format}': 'api_key of an integrator, its area only (open311 post.test)', 'GET /open311/v2/requests/{id}.{format}': 'public (open311 read.test)',
  'GET /open311/v2/requests/{id}/photos/{photoId}': 'public, photos of public steps only (open311 read.test)',
  'GET /open311/v2/tokens/{token}.{format}': 'public (open311 read.test)', 'GET /open311/v2/servicerequestupdates.{format}': 'public (open311 read.test)',
  'POST /api/ticket-categories': 'tickets settings.test (tickets.manage: admin only)', 'PATCH /api/ticket-categories/{code}': 'tickets settings.test (admin only)',
  'PUT /api/ticket-routing-rules': 'tickets settings.test (admin only)', 'PUT /api/working-calendar': 'tickets settings.test (admin only)',
  'POST /api/tickets/import': 'tickets hotlineImport.test (tickets.handle; a row outside the importer\'s scope is a row error)',
  'GET /api/device-kinds': 'reference data for any account',
  'POST /api/devices/{id}/messages': "the device's own id and secret, no session (devices alarms.test)",
  'GET /api/alarms/kpi': 'devices alarms.test (counts over the caller\'s devices.read scope)',
  'GET /api/tickets/import/template.xlsx': 'tickets hotlineImport.test (tickets.handle; no tenant data)',
};

let t: Awaited<ReturnType<typeof startTestApp>>;
let admin: Agent;
beforeAll(async () => {
  t = await startTestApp();
  admin = await t.login('admin');
});
afterAll(async () => t?.close());

it('covers every route of the API', async () => {
  const doc = (await t.app.inject({ url: '/api/openapi.json' })).json();
  const routes = Object.entries(doc.paths as Record<string, object>).flatMap(([path, methods]) => Object.keys(methods).map((m) => `${m.toUpperCase()} ${path}`));
  const untested = routes.filter((r) => !(r in probes) && !(r in coveredElsewhere));
  expect(untested).toEqual([]);
});

describe.each(Object.keys(accounts))('role matrix: %s', (username) => {
  let agent: Agent;
  beforeAll(async () => {
    agent = await t.login(username);
  });

  it.each(Object.entries(probes))('%s', async (_route, probe) => {
    const expected = probe.kind === 'list' && probe.reachOf ? probe.reachOf(username) : allowedPlaces(username, probe.permission);
    if (probe.kind === 'list') {
      const res = await probe.run(agent, t.world);
      if (!expected.length) return expect([403, 404]).toContain(res.status);
      expect(res.status).toBe(200);
      const seen = [...new Set(res.body.items.map((item: object) => probe.placeOf(item, t.world)))].sort();
      const wanted = probe.perCommunity ? [...new Set(expected.map((p) => (p === 'b1' ? 'B' : 'A')))].sort() : expected;
      return expect(seen).toEqual(wanted);
    }
    for (const place of places) {
      const res = await probe.run(agent, t.world, place);
      const ok = res.status >= 200 && res.status < 300;
      expect({ place, ok, code: ok ? undefined : res.body?.error?.code }).toMatchObject({ place, ok: expected.includes(place) });
      if (!ok) expect(res.body.error.code).toMatch(/^(FORBIDDEN|OUT_OF_SCOPE|[A-Z_]+_NOT_FOUND)$/);
    }
  });

  it('reads the audit log, claims, accounts and departments only with the right', async () => {
    const has = (p: Permission) => roleGrants(accounts[username].role, p);
    expect((await agent.get('/api/audit')).status === 200).toBe(has('audit.read'));
    expect((await agent.get('/api/claims')).status === 200).toBe(has('residents.verify'));
    expect((await agent.get('/api/users')).status === 200).toBe(has('users.manage'));
    const departments = await agent.get('/api/departments');
    expect(departments.status === 200).toBe(has('places.read'));
    if (has('places.read')) expect(departments.body.items.map((d: { code: string }) => d.code)).toEqual(['D1-HOUSING']);
  });
});

describe('resident', () => {
  it('reads its own household, others masked, itself in full', async () => {
    const agent = await t.login('resident');
    const res = await agent.get('/api/me/household');
    expect(res.status).toBe(200);
    expect(res.body.household.id).toBe(t.world.a1.household.id);
    expect(res.body.me.name).toBe('张三');
    expect(res.body.members[0].name).toBe('张*');
  });
});
