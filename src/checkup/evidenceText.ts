import type { Locale } from '../platform/errors.ts';
import type { ResultView } from './schema.ts';

/**
 * One line of evidence per result, as a community worker would write it in the problem ledger
 * (问题台账) or read it in a terminal. The console shows the same evidence as tables.
 */

type Evidence = Record<string, unknown>;
const n = (value: unknown) => Number(value ?? 0);

const statusWords: Record<ResultView['status'], { zh: string; en: string }> = {
  pass: { zh: '达标', en: 'Pass' },
  partial: { zh: '部分达标', en: 'Partial' },
  fail: { zh: '未达标', en: 'Fail' },
  not_measured: { zh: '未测', en: 'Not measured' },
};

const reasons: Record<string, { zh: string; en: string }> = {
  no_street_network: { zh: '没有覆盖本社区的路网数据，无法计算步行距离', en: 'No street network covers the community, so walking distances cannot be computed' },
  no_homes: { zh: '社区内没有住户', en: 'The community has no households' },
  no_survey: { zh: '尚无居民问卷结果', en: 'No resident survey has answered this yet' },
  area_unknown: { zh: '设施面积均未登记，无法判断', en: 'No floor area is recorded for these facilities' },
};

export function statusWord(status: ResultView['status'], locale: Locale): string {
  return locale === 'en' ? statusWords[status].en : statusWords[status].zh;
}

function walkText(e: Evidence, en: boolean): string {
  const buildings = n(e.buildingsBeyondCount);
  if (!buildings) return en ? `Every home counted is within ${n(e.maxDistanceM)} m` : `所有住户均在 ${n(e.maxDistanceM)} 米步行范围内`;
  if (e.countedBy === 'buildings') {
    return en
      ? `${buildings} of ${n(e.homesCounted)} buildings are beyond ${n(e.maxDistanceM)} m (no households registered: counted by building)`
      : `${n(e.homesCounted)} 栋楼中有 ${buildings} 栋步行超过 ${n(e.maxDistanceM)} 米（未登记住户，按楼栋计）`;
  }
  return en
    ? `${buildings} buildings (${n(e.beyondHouseholds)} households; ${n(e.beyondElders)} people 60+, ${n(e.beyondChildren)} children ≤6) are beyond ${n(e.maxDistanceM)} m`
    : `${buildings} 栋楼（${n(e.beyondHouseholds)} 户，60 岁以上 ${n(e.beyondElders)} 人、6 岁以下 ${n(e.beyondChildren)} 人）步行超过 ${n(e.maxDistanceM)} 米`;
}

/** A list of names, the first few only: a ledger cell, not an inventory. */
function someOf(names: string[], en: boolean): string {
  const shown = names.slice(0, 5).join(en ? '; ' : '；');
  return names.length > 5 ? shown + (en ? ` and ${names.length - 5} more` : ` 等 ${names.length} 处`) : shown;
}

function sizeText(e: Evidence, en: boolean): string {
  if (e.missing) return en ? 'No such facility in the community' : '社区内没有此类设施';
  const under = (e.undersized as { name: string; floorAreaM2: number }[]) ?? [];
  const unknown = (e.areaUnknown as { name: string }[]) ?? [];
  const parts: string[] = [];
  if (under.length) parts.push((en ? 'Undersized: ' : '面积不足：') + someOf(under.map((f) => `${f.name} ${f.floorAreaM2} m²`), en));
  if (unknown.length) parts.push((en ? 'Area not recorded: ' : '面积未登记：') + someOf(unknown.map((f) => f.name), en));
  return parts.length ? parts.join(en ? '. ' : '。') : (en ? 'Every facility is large enough' : '各设施面积均达标');
}

function perHouseholdsText(e: Evidence, en: boolean): string {
  const shortfall = n(e.shortfall);
  if (!shortfall) return en ? `Total ${n(e.total)} for ${n(e.households)} households` : `合计 ${n(e.total)}，共 ${n(e.households)} 户`;
  return en ? `Total ${n(e.total)} for ${n(e.households)} households; short by ${shortfall}` : `合计 ${n(e.total)}，共 ${n(e.households)} 户，缺口 ${shortfall}`;
}

function presenceText(e: Evidence, en: boolean, kindName: (kind: string) => string): string {
  const missing = (e.missingKinds as string[]) ?? [];
  if (!missing.length) return en ? 'Present' : '已具备';
  return (en ? 'Missing: ' : '缺少：') + missing.map(kindName).join(en ? ', ' : '、');
}

function surveyText(e: Evidence, en: boolean): string {
  return en
    ? `"${String(e.questionLabel)}" in "${String(e.surveyTitle)}": ${n(e.responses)} answers`
    : `问卷“${String(e.surveyTitle)}”中“${String(e.questionLabel)}”：${n(e.responses)} 份回答`;
}

export function describeEvidence(result: Pick<ResultView, 'kind' | 'status' | 'evidence'>, locale: Locale, kindName: (kind: string) => string): string {
  const en = locale === 'en';
  const e = result.evidence;
  if (result.status === 'not_measured') {
    const reason = reasons[String(e.reason)];
    return reason ? (en ? reason.en : reason.zh) : String(e.reason ?? '');
  }
  switch (result.kind) {
    case 'walk': return walkText(e, en);
    case 'facility_size': return sizeText(e, en);
    case 'per_households': return perHouseholdsText(e, en);
    case 'presence': return presenceText(e, en, kindName);
    case 'survey': return surveyText(e, en);
  }
}
