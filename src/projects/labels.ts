/**
 * What staff read for the codes of a gap project, in the console (web/src/i18n/projects.*.ts) and in
 * the Excel list, and the order of its statuses. Plain data, so the web app imports it without
 * pulling in server code.
 */
import type { FundingEntry, ProjectLevel, ProjectStatus } from './schema.ts';

type Bilingual<K extends string> = Record<K, { zh: string; en: string }>;

export const projectLevelLabels: Bilingual<ProjectLevel> = {
  city: { zh: '市级', en: 'City' },
  district: { zh: '区级', en: 'District' },
  subdistrict: { zh: '街道级', en: 'Subdistrict' },
  community: { zh: '社区级', en: 'Community' },
};

/** The statuses in the order a project goes through them; `accepted` only through an acceptance. */
export const projectStatusOrder: readonly ProjectStatus[] = ['proposed', 'approved', 'funded', 'under_construction', 'completed', 'accepted'];

export const projectStatusLabels: Bilingual<ProjectStatus> = {
  proposed: { zh: '拟建', en: 'Proposed' },
  approved: { zh: '已立项', en: 'Approved' },
  funded: { zh: '资金已落实', en: 'Funded' },
  under_construction: { zh: '在建', en: 'Under construction' },
  completed: { zh: '已完工', en: 'Completed' },
  accepted: { zh: '已验收', en: 'Accepted' },
};

export const fundingSourceLabels: Bilingual<FundingEntry['source']> = {
  central: { zh: '中央资金', en: 'Central government' },
  provincial: { zh: '省级资金', en: 'Provincial' },
  city: { zh: '市级资金', en: 'City' },
  district: { zh: '区级资金', en: 'District' },
  subdistrict: { zh: '街道资金', en: 'Subdistrict' },
  social: { zh: '社会资本', en: 'Private / social capital' },
  residents: { zh: '居民自筹', en: 'Residents' },
  other: { zh: '其他', en: 'Other' },
};

/** One language of a bilingual table: { code: label }. */
export function labelsIn<K extends string>(table: Bilingual<K>, language: 'zh' | 'en'): Record<K, string> {
  return Object.fromEntries(Object.entries(table).map(([code, label]) => [code, (label as { zh: string; en: string })[language]])) as Record<K, string>;
}
