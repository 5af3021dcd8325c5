/**
 * 12345 hotline work orders (市民热线工单) imported as tickets: the hotline centre hands a community its
 * cases as a spreadsheet. A dry run only validates; a commit writes every new case in one transaction,
 * or none. Deadlines run from the import (when Linli received the case); the call time is kept on the
 * 'created' event.
 */
import ExcelJS from 'exceljs';
import { readUploadedTable, type Table } from '../imports/table.ts';
import { inScope, requirePermission, type Actor } from '../platform/actor.ts';
import { insertAuditEntry } from '../platform/audit/store.ts';
import { scopeFor } from '../platform/auth/service.ts';
import { AppError, type Locale } from '../platform/errors.ts';
import { listCategories } from './categories.ts';
import { hotlineColumns, hotlineLookups, urgencyChoices, validateHotlineRows, type HotlineCase, type HotlineContext, type SkippedCase } from './hotlineRows.ts';
import { placePoint } from './routing.ts';
import type { HotlineImportReport } from './schema.ts';
import { openReports, REPORTS_PER_STATEMENT } from './newTickets.ts';
import { prepareTicket, type PreparedTicket, type TicketDeps } from './service.ts';
import { whoOf } from './steps.ts';
import * as store from './store.ts';

type HotlineDeps = Pick<TicketDeps, 'db' | 'clock' | 'cipher'>;

export interface HotlineImportInput {
  fileName: string;
  file: Buffer;
  dryRun: boolean;
  locale: Locale;
}

/** One spreadsheet of at most 10 MB; the rows are capped so the one transaction stays short. */
export const hotlineUploadLimits = { maxFiles: 1, maxFileBytes: 10 * 1024 * 1024 };
export const maxHotlineRows = 500;

/** What the rows are checked against: the categories, the communities they name, the cases already in, the importer's scope. */
async function contextFor(deps: HotlineDeps, actor: Actor, table: Table): Promise<HotlineContext> {
  const { caseNumbers, communityWords } = hotlineLookups(table);
  const categories = await listCategories(deps);
  const communities = await store.selectCommunitiesNamed(deps.db, communityWords);
  const imported = await store.selectByExternalIds(deps.db, 'hotline_12345', caseNumbers);
  const scope = await scopeFor(deps.db, actor, 'tickets.handle');
  return {
    categories, communities, now: deps.clock.now(),
    imported: new Map(imported.map((t) => [t.external_id!, t.id])),
    place: (point) => placePoint(deps.db, point.lon, point.lat).catch((err: unknown) => {
      if (err instanceof AppError && err.code === 'LOCATION_OUTSIDE_COMMUNITIES') return undefined;
      throw err;
    }),
    mayHandle: (placement) => inScope(scope, placement.communityId, placement.gridId),
  };
}

/** Each case as openTicket would take it: source hotline_12345, the case number as its external id, the caller's contact sealed. */
async function prepareCases(deps: HotlineDeps, actor: Actor, cases: HotlineCase[]): Promise<PreparedTicket[]> {
  const prepared: PreparedTicket[] = [];
  for (const c of cases) {
    prepared.push(await prepareTicket(deps, {
      source: 'hotline_12345', who: whoOf(actor), reporterUserId: null, contact: c.contact, externalId: c.caseNumber,
      details: { callTime: c.callTime.toISOString() },
      auditActor: { id: actor.userId > 0 ? actor.userId : null, name: actor.username, ip: actor.ip },
    }, {
      categoryCode: c.categoryCode, description: c.description, location: c.point, address: c.address, priority: c.priority,
    }, c.placement));
  }
  return prepared;
}

/** Writes the cases in one transaction with one audit entry for the file; a case imported meanwhile undoes it all. */
async function writeCases(deps: HotlineDeps, actor: Actor, input: HotlineImportInput, prepared: PreparedTicket[], skipped: SkippedCase[]) {
  const at = deps.clock.now();
  const communities = [...new Set(prepared.map((t) => t.placement.communityId))];
  try {
    await deps.db.transaction().execute(async (trx) => {
      for (let i = 0; i < prepared.length; i += REPORTS_PER_STATEMENT) {
        await openReports(trx, prepared.slice(i, i + REPORTS_PER_STATEMENT).map((ticket) => ({ ticket, at, photos: [] })));
      }
      await insertAuditEntry(trx, {
        actorId: actor.userId > 0 ? actor.userId : null, actorName: actor.username, action: 'ticket.import_hotline', entity: 'ticket',
        communityId: communities.length === 1 ? communities[0] : null, ip: actor.ip,
        details: { fileName: input.fileName, created: prepared.length, skipped: skipped.length, communities },
      });
    });
  } catch (err) {
    if ((err as { code?: string }).code !== '23505') throw err;
    throw new AppError('IMPORT_CONFLICT', { what: input.locale === 'en' ? 'a case number imported meanwhile' : '工单编号已在其间导入' });
  }
}

/**
 * Reads a hotline file and checks every row (tickets.handle, each case within the importer's scope).
 * A dry run writes nothing and lists the errors; a commit with any error throws IMPORT_INVALID and
 * writes nothing; otherwise every new case becomes a ticket, all in one transaction.
 */
export async function importHotlineCases(deps: HotlineDeps, actor: Actor, input: HotlineImportInput): Promise<HotlineImportReport> {
  requirePermission(actor, 'tickets.handle');
  const table = await readUploadedTable(input, { maxRows: maxHotlineRows, tooLarge: 'HOTLINE_IMPORT_TOO_LARGE' });
  const { cases, skipped, errors } = await validateHotlineRows(table, await contextFor(deps, actor, table), input.locale);
  const report = { dryRun: input.dryRun, rowsTotal: table.rows.length, created: cases.length, skipped, errors };
  if (input.dryRun) return report;
  if (errors.length) throw new AppError('IMPORT_INVALID', { count: errors.length }, errors);
  await writeCases(deps, actor, input, await prepareCases(deps, actor, cases), skipped);
  return report;
}

/** The template the hotline or the community fills in: the headers (* marks required), an example row, and the categories. */
export async function hotlineTemplate(deps: Pick<TicketDeps, 'db'>, actor: Actor, locale: Locale) {
  requirePermission(actor, 'tickets.handle');
  const en = locale === 'en';
  const categories = await listCategories(deps);
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet(en ? 'Cases' : '工单');
  sheet.addRow(hotlineColumns.map((c) => `${c.required ? '*' : ''}${en ? c.en : c.zh}`)).font = { bold: true };
  const label = (name: { zh: string; en: string } | undefined) => (name ? (en ? name.en : name.zh) : '');
  sheet.addRow([
    'GD20261126000123', '2026-11-26 09:30', label(categories[0]?.name), '3号楼东侧路灯不亮，晚上出行不便', '幸福路88号', '', '',
    en ? 'community name or code' : '社区名称或编码', '张先生', '13800000000', label(urgencyChoices[0]),
  ]);
  hotlineColumns.forEach(({ field }, i) => {
    const column = sheet.getColumn(i + 1);
    column.width = field === 'description' ? 40 : 16;
    // Case numbers and phone numbers stay text: Excel would turn long digit runs into rounded numbers.
    if (field === 'caseNumber' || field === 'contactPhone') column.numFmt = '@';
  });
  const list = workbook.addWorksheet(en ? 'Categories' : '诉求类别');
  list.addRow(en ? ['Category', 'Code'] : ['诉求类别', '编码']).font = { bold: true };
  for (const c of categories) list.addRow([label(c.name), c.code]);
  list.getColumn(1).width = 24;
  return { fileName: en ? 'hotline-cases-template.xlsx' : '12345工单导入模板.xlsx', body: Buffer.from(await workbook.xlsx.writeBuffer()) };
}
