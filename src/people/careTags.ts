/**
 * Care tags (重点人群标签): who needs attention. Stored encrypted per resident, with a keyed
 * hash per tag for counts and filters. Codes are stable; labels are what staff see.
 */
export const careTags = {
  elder_alone: { zh: '独居老人', en: 'Elder living alone' },
  empty_nest: { zh: '空巢老人', en: 'Empty-nest elder' },
  elder_80: { zh: '80岁以上', en: 'Aged 80+' },
  disabled: { zh: '残疾人', en: 'Disabled' },
  child: { zh: '儿童', en: 'Child' },
  low_income: { zh: '低保/低收入', en: 'Low income' },
  veteran: { zh: '退役军人', en: 'Veteran' },
  chronic_ill: { zh: '慢病患者', en: 'Chronically ill' },
} as const;

export type CareTag = keyof typeof careTags;
export const careTagCodes = Object.keys(careTags) as CareTag[];

export function isCareTag(value: string): value is CareTag {
  return Object.hasOwn(careTags, value);
}

/** Accepts a code or its zh/en label; undefined when unknown. */
export function parseCareTag(value: string): CareTag | undefined {
  const v = value.trim();
  if (isCareTag(v)) return v;
  return careTagCodes.find((code) => careTags[code].zh === v || careTags[code].en.toLowerCase() === v.toLowerCase());
}
