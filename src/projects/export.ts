/**
 * The gap project list (补短板项目清单) as an Excel file: the rows the list page shows with the same
 * filters, in the caller's language, one line per project.
 */
import { writeXlsx, type Cell } from '../imports/exportWriters.ts';
import type { Actor } from '../platform/actor.ts';
import { insertAuditEntry } from '../platform/audit/store.ts';
import type { Locale } from '../platform/errors.ts';
import { fundingSourceLabels, projectLevelLabels, projectStatusLabels } from './labels.ts';
import { formatYuan } from './rules.ts';
import type { ProjectExportQuery, ProjectView } from './schema.ts';
import { actorIdOf, selectForExport, today, type ProjectDeps } from './service.ts';

/** A list for a meeting or a report, not a backup: more than this many rows is a filter to narrow. */
const MAX_ROWS = 10_000;

const columns: { zh: string; en: string; cell: (p: ProjectView, language: 'zh' | 'en') => Cell }[] = [
  { zh: '编号', en: 'No.', cell: (p) => p.id },
  { zh: '项目名称', en: 'Project', cell: (p) => p.title },
  { zh: '社区', en: 'Community', cell: (p) => p.communityName },
  { zh: '对应指标', en: 'Indicator', cell: (p, l) => p.indicatorName?.[l] ?? p.indicatorCode },
  { zh: '层级', en: 'Level', cell: (p, l) => projectLevelLabels[p.level][l] },
  { zh: '责任单位', en: 'Responsible unit', cell: (p) => p.responsibleUnit },
  { zh: '预算（元）', en: 'Budget (yuan)', cell: (p) => p.budgetYuan },
  { zh: '资金来源', en: 'Funding sources', cell: (p, l) => p.funding.map((f) => `${fundingSourceLabels[f.source][l]} ${formatYuan(f.amountYuan)}`).join(l === 'zh' ? '；' : '; ') },
  { zh: '资金合计（元）', en: 'Funding total (yuan)', cell: (p) => p.fundingTotalYuan },
  { zh: '计划开工', en: 'Planned start', cell: (p) => p.plannedStart },
  { zh: '计划完工', en: 'Planned end', cell: (p) => p.plannedEnd },
  { zh: '状态', en: 'Status', cell: (p, l) => projectStatusLabels[p.status][l] },
  { zh: '进度（%）', en: 'Progress (%)', cell: (p) => p.progressPercent },
  { zh: '是否逾期', en: 'Overdue', cell: (p, l) => (p.overdue ? (l === 'zh' ? '逾期' : 'overdue') : '') },
  { zh: '验收人', en: 'Accepted by', cell: (p) => p.acceptedBy },
  { zh: '验收时间', en: 'Accepted at', cell: (p) => p.acceptedAt && chinaTime(p.acceptedAt) },
  { zh: '验收意见', en: 'Acceptance note', cell: (p) => p.acceptanceNote },
];

/** '2026-11-26T08:00:00.000Z' → '2026-11-26 16:00', China time, as people read it. */
function chinaTime(iso: string): string {
  return new Date(Date.parse(iso) + 8 * 3600_000).toISOString().slice(0, 16).replace('T', ' ');
}

/** The filtered project list as .xlsx; the export is audited with its row count. */
export async function exportProjects(deps: ProjectDeps, actor: Actor, q: ProjectExportQuery, locale: Locale) {
  const projects = await selectForExport(deps, actor, q, MAX_ROWS);
  const language = locale === 'en' ? 'en' : 'zh';
  const title = language === 'en' ? 'Gap projects' : '补短板项目清单';
  const body = await writeXlsx(title, columns.map((c) => c[language]), projects.map((p) => columns.map((c) => c.cell(p, language))));
  await insertAuditEntry(deps.db, {
    actorId: actorIdOf(actor), actorName: actor.username, action: 'export', entity: 'projects', communityId: q.communityId ?? null,
    ip: actor.ip, details: { rows: projects.length, filters: q },
  });
  const fileName = `${language === 'en' ? 'gap-projects' : title}-${today(deps).replaceAll('-', '')}.xlsx`;
  return { fileName, body };
}
