/**
 * The ranking of the three rates (三率排名) as an Excel file: a title row with the period and grouping,
 * the column headers, one row per group in rank order, and the total; rates as percentages.
 */
import ExcelJS from 'exceljs';
import type { Actor } from '../platform/actor.ts';
import { insertAuditEntry } from '../platform/audit/store.ts';
import type { Locale } from '../platform/errors.ts';
import { measureTickets, type Measures, type MeasuresQuery, type MeasuresRow } from './measures.ts';
import type { MeasureGrouping } from './measuresStore.ts';
import type { TicketDeps } from './service.ts';

type Language = 'zh' | 'en';
type Row = MeasuresRow & { rank?: number };
type Column = { zh: string; en: string; value: (r: Row) => number | string | null; format?: 'percent' | 'minutes' };

const groupLabels: Record<MeasureGrouping, { zh: string; en: string }> = {
  grid: { zh: '网格', en: 'Grid' },
  community: { zh: '社区', en: 'Community' },
  subdistrict: { zh: '街道', en: 'Subdistrict' },
  department: { zh: '部门', en: 'Department' },
};

function columnsFor(groupBy: MeasureGrouping): Column[] {
  return [
    { zh: '排名', en: 'Rank', value: (r) => r.rank ?? null },
    { ...groupLabels[groupBy], value: (r) => r.name },
    { zh: '工单数', en: 'Tickets', value: (r) => r.tickets },
    { zh: '应签收', en: 'Due for acceptance', value: (r) => r.dueForAcceptance },
    { zh: '按时签收', en: 'Accepted in time', value: (r) => r.acceptedInTime },
    { zh: '响应率', en: 'Response rate', value: (r) => r.responseRate, format: 'percent' },
    { zh: '评价次数', en: 'Ratings', value: (r) => r.rated },
    { zh: '确认解决', en: 'Confirmed resolved', value: (r) => r.confirmedResolved },
    { zh: '解决率', en: 'Resolution rate', value: (r) => r.resolutionRate, format: 'percent' },
    { zh: '满意及基本满意', en: 'Satisfied', value: (r) => r.satisfied },
    { zh: '满意率', en: 'Satisfaction rate', value: (r) => r.satisfactionRate, format: 'percent' },
    { zh: '平均签收（分钟）', en: 'Avg. to accept (min)', value: (r) => r.avgAcceptMinutes, format: 'minutes' },
    { zh: 'P90 签收（分钟）', en: 'P90 to accept (min)', value: (r) => r.p90AcceptMinutes, format: 'minutes' },
    { zh: '平均到场（分钟）', en: 'Avg. to arrive (min)', value: (r) => r.avgArriveMinutes, format: 'minutes' },
    { zh: 'P90 到场（分钟）', en: 'P90 to arrive (min)', value: (r) => r.p90ArriveMinutes, format: 'minutes' },
    { zh: '平均办结（分钟）', en: 'Avg. to resolve (min)', value: (r) => r.avgResolveMinutes, format: 'minutes' },
    { zh: 'P90 办结（分钟）', en: 'P90 to resolve (min)', value: (r) => r.p90ResolveMinutes, format: 'minutes' },
    { zh: '超时未办结', en: 'Overdue, open', value: (r) => r.overdueOpen },
    { zh: '回访无应答', en: 'No answer', value: (r) => r.noAnswer },
    { zh: '办结未解决', en: 'Closed, not resolved', value: (r) => r.closedNotResolved },
  ];
}

const titles = { zh: '三率排名', en: 'Response, resolution and satisfaction ranking' };

function titleLine(m: Measures, language: Language): string {
  const group = groupLabels[m.groupBy][language];
  return language === 'en'
    ? `${titles.en} by ${group.toLowerCase()}, ${m.from} to ${m.to}`
    : `${titles.zh}（按${group}）  ${m.from} 至 ${m.to}`;
}

async function writeWorkbook(m: Measures, language: Language): Promise<Buffer> {
  const columns = columnsFor(m.groupBy);
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet(language === 'en' ? 'Ranking' : titles.zh, { views: [{ state: 'frozen', ySplit: 2 }] });
  sheet.addRow([titleLine(m, language)]).font = { bold: true, size: 14 };
  sheet.mergeCells(1, 1, 1, columns.length);
  sheet.addRow(columns.map((c) => c[language])).font = { bold: true };
  for (const row of m.items) sheet.addRow(columns.map((c) => c.value(row)));
  sheet.addRow(columns.map((c) => c.value(m.total))).font = { bold: true };
  columns.forEach((c, i) => {
    const column = sheet.getColumn(i + 1);
    column.width = i === 1 ? 24 : Math.max(10, c[language].length * (language === 'zh' ? 2 : 1) + 2);
    if (c.format === 'percent') column.numFmt = '0.0%';
    if (c.format === 'minutes') column.numFmt = '0.0';
  });
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/** The ranking as .xlsx in the caller's language; the export is audited with its period and grouping. */
export async function exportMeasures(deps: Pick<TicketDeps, 'db' | 'clock'>, actor: Actor, q: MeasuresQuery, locale: Locale) {
  const measures = await measureTickets(deps, actor, q, locale);
  const language: Language = locale === 'en' ? 'en' : 'zh';
  const body = await writeWorkbook(measures, language);
  await insertAuditEntry(deps.db, {
    actorId: actor.userId > 0 ? actor.userId : null, actorName: actor.username, action: 'export', entity: 'ticket_measures',
    communityId: q.communityId ?? null, ip: actor.ip,
    details: { groupBy: measures.groupBy, from: measures.from, to: measures.to, categoryCode: q.categoryCode ?? null, rows: measures.items.length },
  });
  const period = [measures.from, measures.to].map((d) => d.replaceAll('-', '')).join('-');
  return { fileName: `${language === 'en' ? 'ticket-ranking' : titles.zh}-${period}.xlsx`, body };
}
