import type { CodedDetail } from '../platform/errors.ts';
import type { Indicator, IndicatorKind, StandardDocument } from './standardSchema.ts';

/** The fields each kind of indicator cannot do without. */
const requiredFields: Record<IndicatorKind, (keyof Indicator)[]> = {
  walk: ['facilityKinds', 'maxDistanceM'],
  facility_size: ['facilityKinds', 'minAreaM2'],
  per_households: ['facilityKinds', 'measure', 'amount', 'perHouseholds'],
  presence: ['facilityKinds'],
  survey: ['minScore'],
};

/** Defaults for what a standard may leave out. A walk passes only if every home is in reach. */
export const indicatorDefaults = { passShare: 1, partialShare: 0.8, population: 'all', minCount: 1 } as const;

function checkIndicator(indicator: Indicator, path: string, knownKinds: ReadonlySet<string>): CodedDetail[] {
  const problems: CodedDetail[] = [];
  for (const field of requiredFields[indicator.kind]) {
    const value = indicator[field];
    if (value === undefined || (Array.isArray(value) && value.length === 0)) {
      problems.push({ path: `${path}.${field}`, code: 'INDICATOR_FIELD_REQUIRED', params: { kind: indicator.kind, field } });
    }
  }
  indicator.facilityKinds?.forEach((kind, k) => {
    if (!knownKinds.has(kind)) problems.push({ path: `${path}.facilityKinds.${k}`, code: 'UNKNOWN_FACILITY_KIND', params: { kind } });
  });
  const pass = indicator.passShare ?? indicatorDefaults.passShare;
  const partial = indicator.partialShare ?? indicatorDefaults.partialShare;
  if (partial > pass) problems.push({ path: `${path}.partialShare`, code: 'PARTIAL_ABOVE_PASS', params: { partial, pass } });
  return problems;
}

/**
 * What the schema cannot say: indicator codes are unique, each kind has the fields it needs, facility
 * kinds exist, and "partial" lies below "pass". Paths name the place, as in aspects.0.items.1.indicators.0.
 */
export function checkStandard(document: StandardDocument, knownKinds: ReadonlySet<string>): CodedDetail[] {
  const problems: CodedDetail[] = [];
  const seen = new Set<string>();
  document.aspects.forEach((aspect, a) => aspect.items.forEach((item, i) => item.indicators.forEach((indicator, n) => {
    const path = `aspects.${a}.items.${i}.indicators.${n}`;
    if (seen.has(indicator.code)) problems.push({ path: `${path}.code`, code: 'INDICATOR_CODE_REPEATED', params: { code: indicator.code } });
    seen.add(indicator.code);
    problems.push(...checkIndicator(indicator, path, knownKinds));
  })));
  return problems;
}

export interface LocatedIndicator {
  aspectCode: string;
  itemCode: string;
  indicator: Indicator;
}

/** Every indicator with the aspect and item it belongs to, in the standard's order. */
export function indicatorsOf(document: StandardDocument): LocatedIndicator[] {
  return document.aspects.flatMap((aspect) => aspect.items.flatMap((item) =>
    item.indicators.map((indicator) => ({ aspectCode: aspect.code, itemCode: item.code, indicator }))));
}
