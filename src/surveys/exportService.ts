/**
 * A survey's answers as an Excel workbook: one row per response, one column per question, with
 * option labels rather than codes. Who answered is left out: results are for reading, not for
 * tracing a neighbour's opinion back to their door.
 */
import { writeXlsx, type Cell } from '../imports/exportWriters.ts';
import type { Actor } from '../platform/actor.ts';
import { insertAuditEntry } from '../platform/audit/store.ts';
import type { Locale } from '../platform/errors.ts';
import type { AnswerValue, Question } from './schema.ts';
import { loadSurvey, questionsOf, type SurveyDeps } from './service.ts';
import * as store from './store.ts';

const words = {
  'zh-CN': { id: '答卷编号', channel: '方式', createdAt: '提交时间', online: '线上', paper: '纸质代录', file: '答卷' },
  en: { id: 'Response', channel: 'Channel', createdAt: 'Submitted', online: 'online', paper: 'paper (entered by staff)', file: 'responses' },
} satisfies Record<Locale, Record<string, string>>;

function cellOf(q: Question, value: AnswerValue | undefined): Cell {
  if (value === undefined) return null;
  const label = (v: string) => q.options?.find((o) => o.value === v)?.label ?? v;
  if (Array.isArray(value)) return value.map(label).join('、');
  if (q.type === 'single' && typeof value === 'string') return label(value);
  return value;
}

/** A safe file name: the title without the characters file systems refuse. */
function fileNameOf(title: string, suffix: string): string {
  return `${title.replace(/[\\/:*?"<>|\r\n]+/g, ' ').trim().slice(0, 60) || 'survey'}-${suffix}.xlsx`;
}

/** Writes every response of a survey to an .xlsx file; the export itself goes to the audit log. */
export async function exportResponses(deps: SurveyDeps, actor: Actor, id: number, locale: Locale) {
  const row = await loadSurvey(deps, actor, id, 'manage');
  const questions = questionsOf(row);
  const w = words[locale];
  const responses = await store.selectAllResponses(deps.db, id);
  const rows: Cell[][] = responses.map((r) => {
    const answers = r.answers as Record<string, AnswerValue>;
    return [r.id, w[r.channel], r.created_at.toISOString(), ...questions.map((q) => cellOf(q, answers[q.key]))];
  });
  const body = await writeXlsx(row.title, [w.id, w.channel, w.createdAt, ...questions.map((q) => q.label)], rows);
  await insertAuditEntry(deps.db, {
    actorId: actor.userId, actorName: actor.username, action: 'export', entity: 'survey_response', entityId: id, communityId: row.community_id, ip: actor.ip,
    details: { surveyId: id, rows: rows.length },
  });
  return { fileName: fileNameOf(row.title, w.file), body };
}
