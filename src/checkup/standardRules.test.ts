import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { checkStandard } from './standardRules.ts';
import type { StandardDocument } from './standardSchema.ts';

const kinds = new Set(['kindergarten', 'park', 'parking']);
const national = JSON.parse(fs.readFileSync(new URL('./standards/cn-2020.json', import.meta.url), 'utf8')).document as StandardDocument;

function withIndicators(indicators: StandardDocument['aspects'][number]['items'][number]['indicators']): StandardDocument {
  return { aspects: [{ code: '1', name: { zh: '一', en: 'One' }, items: [{ code: '1.1', name: { zh: '项', en: 'Item' }, indicators }] }] };
}

describe('standard rules', () => {
  it('accept the national standard against the facility kinds it names', () => {
    const used = new Set(national.aspects.flatMap((a) => a.items.flatMap((i) => i.indicators.flatMap((n) => n.facilityKinds ?? []))));
    expect(checkStandard(national, used)).toEqual([]);
  });

  it('say where each problem is', () => {
    const problems = checkStandard(withIndicators([
      { code: 'a', name: { zh: 'a', en: 'a' }, kind: 'walk', facilityKinds: ['kindergarten'] },
      { code: 'a', name: { zh: 'b', en: 'b' }, kind: 'presence', facilityKinds: ['school'] },
      { code: 'c', name: { zh: 'c', en: 'c' }, kind: 'per_households', facilityKinds: ['parking'], measure: 'capacity', amount: 1, perHouseholds: 1, passShare: 0.5, partialShare: 0.9 },
    ]), kinds);
    expect(problems).toEqual([
      { path: 'aspects.0.items.0.indicators.0.maxDistanceM', code: 'INDICATOR_FIELD_REQUIRED', params: { kind: 'walk', field: 'maxDistanceM' } },
      { path: 'aspects.0.items.0.indicators.1.code', code: 'INDICATOR_CODE_REPEATED', params: { code: 'a' } },
      { path: 'aspects.0.items.0.indicators.1.facilityKinds.0', code: 'UNKNOWN_FACILITY_KIND', params: { kind: 'school' } },
      { path: 'aspects.0.items.0.indicators.2.partialShare', code: 'PARTIAL_ABOVE_PASS', params: { partial: 0.9, pass: 0.5 } },
    ]);
  });
});
