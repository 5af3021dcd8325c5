import { Command } from 'commander';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type Agent } from '../../test/app.ts';
import { multipart } from '../../test/multipart.ts';
import { resolveColumns } from '../imports/fields.ts';
import { readTable } from '../imports/table.ts';
import { addHotlineImportCommand } from './hotlineCli.ts';
import { hotlineColumns, parseCallTime } from './hotlineRows.ts';

// Grid A1 spans 121.50–121.51 E, grid A2 121.51–121.52 E, both 29.80–29.81 N; community A reaches to 29.82 N
// beyond its grids. The test clock stands at 2026-11-26 16:00 China time.
let t: Awaited<ReturnType<typeof startTestApp>>;
let staff: Agent, staffB: Agent, subdistrict: Agent, resident: Agent;
const minutes = (n: number) => n * 60_000;

beforeAll(async () => {
  t = await startTestApp();
  [staff, staffB, subdistrict, resident] = await Promise.all(['staff', 'staffB', 'subdistrict', 'resident'].map((u) => t.login(u)));
});
afterAll(() => t.close());

const header = '工单编号,来电时间,诉求类别,诉求内容,地址,经度,纬度,社区,联系人,联系电话,紧急程度';
const csv = (...rows: string[]) => [header, ...rows].join('\r\n') + '\r\n';
const upload = (agent: Agent, fileName: string, body: Buffer | string, dryRun = false) =>
  agent.sendRaw('POST', `/api/tickets/import?dryRun=${dryRun}`, multipart({}, { name: 'file', fileName, body }));

const countTickets = async () =>
  Number((await t.database.db.selectFrom('ticket').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
const ticketOfCase = (caseNumber: string) =>
  t.database.db.selectFrom('ticket').select(['id']).where('source', '=', 'hotline_12345').where('external_id', '=', caseNumber).executeTakeFirst();
async function ticketView(caseNumber: string) {
  const row = await ticketOfCase(caseNumber);
  return (await subdistrict.get(`/api/tickets/${row!.id}`)).body;
}

/** GB18030 bytes of ASCII and Chinese text: Node decodes GB18030 but cannot encode it, so its decoder is run backwards. */
function gb18030(text: string): Buffer {
  const codes = new Map<string, number[]>();
  const decoder = new TextDecoder('gb18030');
  for (let lead = 0x81; lead <= 0xfe; lead++) {
    const pairs: number[] = [];
    for (let trail = 0x40; trail <= 0xfe; trail++) if (trail !== 0x7f) pairs.push(lead, trail);
    Array.from(decoder.decode(Buffer.from(pairs))).forEach((ch, i) => codes.set(ch, pairs.slice(2 * i, 2 * i + 2)));
  }
  return Buffer.from(Array.from(text).flatMap((ch) => (ch.charCodeAt(0) < 0x80 ? [ch.charCodeAt(0)] : codes.get(ch)!)));
}

describe('importing 12345 hotline cases', () => {
  const goodCsv = csv(
    'GD-001,2026-11-26 09:30,水电气故障,3号楼停水一整天,和睦花园3号楼,121.505,29.805,,赵六,13812345678,紧急',
    'GD-002,2026/11/26 10:05,noise,夜间施工噪音扰民,,121.515,29.805,CA,,,',
    'GD-003,2026-11-26 11:00,公共设施损坏,路灯不亮,幸福路88号,,,CA名,钱七,0574-87654321,特急',
  );

  it('checks a file on a dry run and writes nothing', async () => {
    const before = await countTickets();
    const res = await upload(staff, '工单.csv', goodCsv, true);
    expect(res.status, res.raw).toBe(200);
    expect(res.body).toEqual({ dryRun: true, rowsTotal: 3, created: 3, skipped: [], errors: [] });
    expect(await countTickets()).toBe(before);
  });

  it('creates tickets in the grids of their points, or with the community named, the caller masked', async () => {
    const res = await upload(staff, '工单.csv', goodCsv);
    expect(res.status, res.raw).toBe(200);
    expect(res.body).toMatchObject({ dryRun: false, rowsTotal: 3, created: 3, skipped: [], errors: [] });
    const [first, second, third] = await Promise.all(['GD-001', 'GD-002', 'GD-003'].map(ticketView));
    expect(first).toMatchObject({
      source: 'hotline_12345', externalId: 'GD-001', status: 'dispatched', level: 0, gridId: t.world.gridA1.id, categoryCode: 'water_power', priority: 'high',
      reporter: '赵* 138****5678', address: '和睦花园3号楼', location: { lon: 121.505, lat: 29.805 },
    });
    expect(second).toMatchObject({ gridId: t.world.gridA2.id, categoryCode: 'noise', priority: 'normal', reporter: null });
    expect(third).toMatchObject({ communityId: t.world.communityA.id, gridId: null, level: 1, priority: 'urgent', reporter: '钱* 0574****4321' });
    // Deadlines run from the import; the call is kept on the timeline.
    const now = t.clock.now().getTime();
    expect(Date.parse(first.resolveDue) - now).toBe(minutes(1440));
    const created = first.timeline.find((e: { kind: string }) => e.kind === 'created');
    expect(created.details).toEqual({ source: 'hotline_12345', callTime: '2026-11-26T01:30:00.000Z' });
    expect(created.actorName).toBe('staff');
    const sealed = await t.database.db.selectFrom('ticket').select('contact_sealed').where('external_id', '=', 'GD-001').executeTakeFirstOrThrow();
    expect(sealed.contact_sealed).not.toContain('13812345678');
    const audit = await t.database.db.selectFrom('audit_log').selectAll().where('action', '=', 'ticket.import_hotline').execute();
    expect(audit).toHaveLength(1);
    expect(audit[0].details).toMatchObject({ fileName: '工单.csv', created: 3, skipped: 0 });
  });

  it('skips cases imported before and creates only the new ones', async () => {
    const again = csv(
      'GD-001,2026-11-26 09:30,水电气故障,3号楼停水一整天,,121.505,29.805,,赵六,13812345678,紧急',
      'GD-004,2026-11-26 12:00,环境卫生,垃圾桶满溢,,121.505,29.806,,,,',
    );
    const before = await countTickets();
    const res = await upload(staff, 'again.csv', again);
    expect(res.status, res.raw).toBe(200);
    const first = await ticketOfCase('GD-001');
    expect(res.body).toMatchObject({ created: 1, skipped: [{ row: 2, caseNumber: 'GD-001', ticketId: first!.id }], errors: [] });
    expect(await countTickets()).toBe(before + 1);
  });

  it('reads an Excel workbook with English headers, date cells and number cells', async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('cases');
    sheet.addRow(['case_number', 'call_time', 'category', 'description', 'longitude', 'latitude', 'contact_name', 'contact_phone', 'urgency']);
    sheet.addRow(['GD-101', new Date(Date.UTC(2026, 10, 25, 20, 15)), 'Noise', '广场舞音响太响', 121.515, 29.808, '孙八', 13912345678, 'urgent']);
    sheet.getCell('B2').numFmt = 'yyyy-mm-dd hh:mm';
    const res = await upload(staff, 'cases.xlsx', Buffer.from(await workbook.xlsx.writeBuffer()));
    expect(res.status, res.raw).toBe(200);
    expect(res.body.created).toBe(1);
    const ticket = await ticketView('GD-101');
    expect(ticket).toMatchObject({ gridId: t.world.gridA2.id, categoryCode: 'noise', priority: 'urgent', reporter: '孙* 139****5678' });
    expect(ticket.timeline[0].details.callTime).toBe('2026-11-25T12:15:00.000Z');
  });

  it('decodes a GB18030 file saved by Chinese Excel', async () => {
    const bytes = gb18030(csv('GD-201,2026-11-26 08:00,环境卫生,楼道里堆满杂物,,121.505,29.807,,周九,13712345678,一般'));
    expect(() => new TextDecoder('utf-8', { fatal: true }).decode(bytes)).toThrow();
    const res = await upload(staff, 'gbk.csv', bytes);
    expect(res.status, res.raw).toBe(200);
    expect(await ticketView('GD-201')).toMatchObject({ categoryCode: 'environment', description: '楼道里堆满杂物', reporter: '周* 137****5678' });
  });

  it('refuses a file with bad rows with every row and column named, writing nothing', async () => {
    const bad = csv(
      'GD-301,2026-11-26 09:00,环境卫生,这一行没有问题,,121.505,29.805,,,,',
      'GD-302,2026-11-26 09:00,不存在的类别,内容,,121.505,29.805,,,,',
      'GD-303,2026-11-26 09:00,噪音扰民,,,121.505,29.805,,,,',
      'GD-304,2026-11-26 09:00,噪音扰民,内容,,121.505,,,,,',
      'GD-305,2026-11-26 09:00,噪音扰民,内容,,100,20,,,,',
      'GD-306,2026-11-26 09:00,噪音扰民,内容,,,,CB,,,',
      'GD-307,2026-13-01 09:00,噪音扰民,内容,,,,CA,,12345,十万火急',
      'GD-301,2026-11-26 09:00,噪音扰民,同号,,,,CA,,,',
    );
    const before = await countTickets();
    const dry = await upload(staff, 'bad.csv', bad, true);
    expect(dry.status).toBe(200);
    expect(dry.body.created).toBe(1);
    const res = await upload(staff, 'bad.csv', bad);
    expect(res.status).toBe(422);
    expect(res.body.error.code).toBe('IMPORT_INVALID');
    const where = res.body.error.details.map((d: { row: number; column: string; code: string }) => [d.row, d.column, d.code]);
    expect(where).toEqual([
      [3, '诉求类别', 'HOTLINE_CATEGORY_UNKNOWN'],
      [4, '诉求内容', 'REQUIRED'],
      [5, '纬度', 'HOTLINE_POINT_INCOMPLETE'],
      [6, '经度', 'HOTLINE_POINT_OUTSIDE'],
      [7, '社区', 'OUT_OF_SCOPE'],
      [8, '来电时间', 'HOTLINE_CALL_TIME_INVALID'],
      [8, '联系电话', 'INVALID_PHONE'],
      [8, '紧急程度', 'HOTLINE_URGENCY_INVALID'],
      [9, '工单编号', 'HOTLINE_CASE_REPEATED'],
    ]);
    expect(res.body.error.details[0].message).toMatch(/^第 3 行“诉求类别”：未知的诉求类别“不存在的类别”，可填：安全隐患、.*其他诉求$/);
    expect(await countTickets()).toBe(before);
    const english = await staff.sendRaw('POST', '/api/tickets/import?dryRun=true&lang=en', multipart({}, { name: 'file', fileName: 'bad.csv', body: bad }));
    expect(english.body.errors[0].message).toMatch(/^Row 3, "诉求类别": Unknown category "不存在的类别"; use one of: Safety hazard, /);
  });

  it('needs a point or a community, a point inside the community named, and the required columns', async () => {
    const res = await upload(staff, 'x.csv', csv(
      'GD-401,2026-11-26 09:00,噪音扰民,内容,,,,,,,',
      'GD-402,2026-11-26 09:00,噪音扰民,内容,,121.605,29.805,CA,,,',
      'GD-403,2026-11-26 09:00,噪音扰民,内容,,,,没有这个社区,,,',
    ), true);
    expect(res.body.errors.map((d: { code: string }) => d.code)).toEqual(['HOTLINE_COMMUNITY_REQUIRED', 'HOTLINE_POINT_NOT_IN_COMMUNITY', 'HOTLINE_COMMUNITY_UNKNOWN']);
    const missing = await upload(staff, 'x.csv', '工单编号,诉求内容\r\nGD-404,内容\r\n', true);
    expect(missing.body.errors.map((d: { row: number; code: string; column: string }) => [d.row, d.code, d.column])).toEqual([
      [1, 'MISSING_COLUMN', '来电时间'], [1, 'MISSING_COLUMN', '诉求类别'],
    ]);
  });

  it('lets a subdistrict officer import across communities, and refuses residents and unreadable files', async () => {
    const res = await upload(subdistrict, 'both.csv', csv(
      'GD-501,2026-11-26 09:00,噪音扰民,内容,,121.605,29.805,,,,',
      'GD-502,2026-11-26 09:00,噪音扰民,内容,,,,CA,,,',
    ));
    expect(res.status, res.raw).toBe(200);
    expect((await ticketView('GD-501')).gridId).toBe(t.world.gridB1.id);
    const forbidden = await upload(resident, 'x.csv', goodCsv, true);
    expect(forbidden.status).toBe(403);
    const pdf = await upload(staff, 'x.pdf', 'not a table', true);
    expect(pdf.status).toBe(400);
    expect(pdf.body.error.code).toBe('IMPORT_FORMAT');
    const noFile = await staff.sendRaw('POST', '/api/tickets/import', multipart({}, []));
    expect(noFile.body.error.details[0]).toMatchObject({ path: 'body.file', code: 'FILE_REQUIRED' });
    const tooMany = csv(...Array.from({ length: 501 }, (_, i) => `GD-9${i},2026-11-26 09:00,噪音扰民,内容,,,,CA,,,`));
    expect((await upload(staff, 'big.csv', tooMany, true)).body.error.code).toBe('HOTLINE_IMPORT_TOO_LARGE');
    expect((await upload(staffB, 'b.csv', csv('GD-601,2026-11-26 09:00,噪音扰民,内容,,,,CB,,,'))).status).toBe(200);
  });

  it('offers a template whose headers the importer reads, with valid example values', async () => {
    const res = await staff.get('/api/tickets/import/template.xlsx');
    expect(res.status).toBe(200);
    expect(String(res.headers['content-disposition'])).toContain(encodeURIComponent('12345工单导入模板.xlsx'));
    const table = await readTable(res.bytes, 'template.xlsx');
    expect(table.headers[0]).toBe('*工单编号');
    expect(resolveColumns(table.headers, hotlineColumns, 'zh-CN').errors).toEqual([]);
    const dry = await upload(staff, 'template.xlsx', res.bytes, true);
    // Only the example's community is a placeholder to fill in.
    expect(dry.body.errors.map((e: { code: string }) => e.code)).toEqual(['HOTLINE_COMMUNITY_UNKNOWN']);
    expect((await resident.get('/api/tickets/import/template.xlsx')).status).toBe(403);
  });
});

describe('call times', () => {
  it('reads the hotline\'s ways of writing a time, in China time', () => {
    expect(parseCallTime('2026-11-26 09:30')?.toISOString()).toBe('2026-11-26T01:30:00.000Z');
    expect(parseCallTime('2026/1/5 7:05:09')?.toISOString()).toBe('2026-01-04T23:05:09.000Z');
    expect(parseCallTime('2026-11-26')?.toISOString()).toBe('2026-11-25T16:00:00.000Z');
    expect(parseCallTime('46352.5')?.toISOString()).toBe('2026-11-26T04:00:00.000Z');
    for (const bad of ['2026-02-30 09:00', '2026-11-26 24:00', '26-11-2026', '昨天', '2026']) expect(parseCallTime(bad)).toBeUndefined();
  });
});

describe('linli import hotline', () => {
  it('imports a file as the system and prints a summary; --dry-run writes nothing', async () => {
    const fs = await import('node:fs');
    const os = await import('node:os');
    const path = await import('node:path');
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'linli-hotline-'));
    const file = path.join(dir, 'cases.csv');
    fs.writeFileSync(file, csv('GD-701,2024-01-02 09:00,噪音扰民,内容,,,,CB,,,'));
    const lines: string[] = [];
    const run = async (...args: string[]) => {
      const importing = new Command('import').option('--dry-run').option('--lang <locale>', '', 'zh-CN');
      addHotlineImportCommand(importing, (work) => work({ database: t.database, cipher: t.cipher }), (line) => lines.push(line));
      await importing.parseAsync(['hotline', file, ...args], { from: 'user' });
    };
    try {
      const before = await countTickets();
      await run('--dry-run');
      expect(lines.pop()).toBe('共 1 行：可新建 1 件，已导入过 0 件，错误 0 处（试导入，未写入）。');
      expect(await countTickets()).toBe(before);
      await run('--lang', 'en');
      expect(lines.pop()).toBe('1 rows: 1 created, 0 already imported, 0 errors.');
      expect((await ticketView('GD-701')).communityId).toBe(t.world.communityB.id);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
