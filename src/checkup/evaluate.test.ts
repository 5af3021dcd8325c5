import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { evaluateStandard, summarise, walkingNeeds, type CheckupBuilding, type CheckupFacility, type CheckupInputs } from './evaluate.ts';
import type { StandardDocument } from './standardSchema.ts';

const building = (id: number, households: number, extra: Partial<CheckupBuilding> = {}): CheckupBuilding => ({
  id, code: `B${id}`, name: `${id}号楼`, households, residents: households * 2, elders: 1, children: 0, purpose: 'residential', point: [0, 0], ...extra,
});
const facility = (id: number, kind: string, extra: Partial<CheckupFacility> = {}): CheckupFacility => ({
  id, kind, name: `${kind}-${id}`, floorAreaM2: null, capacity: null, inCommunity: true, point: [0, 0], ...extra,
});

function doc(indicators: StandardDocument['aspects'][number]['items'][number]['indicators']): StandardDocument {
  return { aspects: [{ code: '1', name: { zh: '一', en: 'One' }, items: [{ code: '1.1', name: { zh: '项', en: 'Item' }, indicators }] }] };
}

function inputs(over: Partial<CheckupInputs>): CheckupInputs {
  return { buildings: [], facilities: [], householdsTotal: 0, walking: null, walkingReachM: 1000, surveyScores: new Map(), ...over };
}

describe('walking indicators', () => {
  const walk = doc([{ code: 'kg', name: { zh: '幼儿园', en: 'KG' }, kind: 'walk', facilityKinds: ['kindergarten', 'childcare'], maxDistanceM: 300, population: 'children', partialShare: 0.5 }]);
  const buildings = [building(1, 40, { children: 3 }), building(2, 60, { children: 5 }), building(3, 100, { children: 0 })];

  it('counts households of the homes that matter, by the nearest of any listed kind', () => {
    const walking = new Map([
      ['kindergarten', { distance: Float64Array.from([250, 900, 100]), facilityId: [7, 7, 7] }],
      ['childcare', { distance: Float64Array.from([400, 320, Infinity]), facilityId: [8, 8, null] }],
    ]);
    const [result] = evaluateStandard(walk, inputs({ buildings, walking, facilities: [facility(7, 'kindergarten'), facility(8, 'childcare')] }));
    // Building 3 has no children, so only 1 and 2 count: 40 of 100 households in reach.
    expect(result).toMatchObject({ status: 'fail', value: 40, target: 100, unit: '%' });
    expect(result.evidence).toMatchObject({ beyondHouseholds: 60, beyondChildren: 5, buildingsBeyondCount: 1 });
    expect(result.evidence.buildingsBeyond).toEqual([
      { buildingId: 2, code: 'B2', name: '2号楼', households: 60, elders: 1, children: 5, distanceM: 320, facilityId: 8, facilityName: 'childcare-8' },
    ]);
  });

  it('grades partial between partialShare and passShare, and says when there is no network', () => {
    const walking = new Map([['kindergarten', { distance: Float64Array.from([250, 900, 100]), facilityId: [7, null, 7] }]]);
    const three = [building(1, 60, { children: 1 }), building(2, 40, { children: 1 }), building(3, 1, { children: 0 })];
    expect(evaluateStandard(walk, inputs({ buildings: three, walking }))[0]).toMatchObject({ status: 'partial', value: 60 });
    expect(evaluateStandard(walk, inputs({ buildings: three, walking: null }))[0]).toMatchObject({ status: 'not_measured', evidence: { reason: 'no_street_network' } });
  });

  it('counts buildings one each where no household is registered (a community from OSM), leaving out shops and public buildings', () => {
    const walking = new Map([['kindergarten', { distance: Float64Array.from([100, 900, 950]), facilityId: [7, null, null] }]]);
    const osm = [building(1, 0), building(2, 0), building(3, 0, { purpose: 'commercial' })];
    const [result] = evaluateStandard(walk, inputs({ buildings: osm, walking }));
    expect(result).toMatchObject({ status: 'partial', value: 50, evidence: { countedBy: 'buildings', homesCounted: 2, buildingsBeyondCount: 1 } });
  });

  it('an unreachable home has no distance in the evidence', () => {
    const walking = new Map([['kindergarten', { distance: Float64Array.from([Infinity]), facilityId: [null] }]]);
    const [result] = evaluateStandard(walk, inputs({ buildings: [building(1, 10, { children: 1 })], walking }));
    expect(result.evidence.buildingsBeyond).toMatchObject([{ distanceM: null, facilityId: null }]);
  });
});

describe('registry indicators', () => {
  it('facility size fails when missing or undersized, naming the facility', () => {
    const size = doc([{ code: 'dc', name: { zh: '日间照料', en: 'DC' }, kind: 'facility_size', facilityKinds: ['elder_daycare'], minAreaM2: 350 }]);
    expect(evaluateStandard(size, inputs({}))[0]).toMatchObject({ status: 'fail', value: 0, evidence: { missing: true } });
    const small = inputs({ facilities: [facility(1, 'elder_daycare', { floorAreaM2: 280 }), facility(2, 'elder_daycare', { floorAreaM2: 400, inCommunity: false })] });
    expect(evaluateStandard(size, small)[0]).toMatchObject({ status: 'fail', value: 280, target: 350, evidence: { undersized: [{ facilityId: 1, floorAreaM2: 280 }] } });
  });

  it('facility size judges only recorded areas, and is not measured when none is recorded', () => {
    const size = doc([{ code: 'dc', name: { zh: '日间照料', en: 'DC' }, kind: 'facility_size', facilityKinds: ['elder_daycare'], minAreaM2: 350 }]);
    const unknown = inputs({ facilities: [facility(1, 'elder_daycare')] });
    expect(evaluateStandard(size, unknown)[0]).toMatchObject({ status: 'not_measured', evidence: { reason: 'area_unknown', areaUnknown: [{ facilityId: 1 }] } });
    const mixed = inputs({ facilities: [facility(1, 'elder_daycare'), facility(2, 'elder_daycare', { floorAreaM2: 400 })] });
    expect(evaluateStandard(size, mixed)[0]).toMatchObject({ status: 'pass', value: 400, evidence: { undersized: [], areaUnknown: [{ facilityId: 1 }] } });
  });

  it('per-household ratios compare the total with the target and state the shortfall', () => {
    const parking = doc([{ code: 'p', name: { zh: '车位', en: 'Parking' }, kind: 'per_households', facilityKinds: ['parking'], measure: 'capacity', amount: 1, perHouseholds: 1 }]);
    const result = evaluateStandard(parking, inputs({ householdsTotal: 200, facilities: [facility(1, 'parking', { capacity: 120 }), facility(2, 'parking', { capacity: 50 })] }))[0];
    expect(result).toMatchObject({ status: 'partial', value: 0.85, target: 1, evidence: { total: 170, shortfall: 30 } });
  });

  it('presence needs every listed kind, counting the margin around the community', () => {
    const shops = doc([{ code: 's', name: { zh: '网点', en: 'Shops' }, kind: 'presence', facilityKinds: ['barber', 'laundry'], partialShare: 0.5 }]);
    const result = evaluateStandard(shops, inputs({ facilities: [facility(1, 'barber', { inCommunity: false })] }))[0];
    expect(result).toMatchObject({ status: 'partial', value: 1, target: 2, evidence: { missingKinds: ['laundry'] } });
  });

  it('survey indicators read the score that residents gave, or say none was taken', () => {
    const sat = doc([{ code: 'walking_satisfaction', name: { zh: '满意度', en: 'Satisfaction' }, kind: 'survey', minScore: 70, partialShare: 0.85 }]);
    expect(evaluateStandard(sat, inputs({}))[0].status).toBe('not_measured');
    const scores = new Map([['walking_satisfaction', { score: 62, responses: 300, surveyId: 1, surveyTitle: 't', questionLabel: 'q' }]]);
    expect(evaluateStandard(sat, inputs({ surveyScores: scores }))[0]).toMatchObject({ status: 'partial', value: 62, target: 70 });
  });
});

describe('the national standard', () => {
  const national = JSON.parse(fs.readFileSync(new URL('./standards/cn-2020.json', import.meta.url), 'utf8')).document as StandardDocument;

  it('searches every kind as far as the longest walk it asks (1,000 m), and keeps on-site items without indicators', () => {
    const needs = walkingNeeds(national);
    expect(needs.get('kindergarten')).toBe(1000);
    expect(needs.get('health_station')).toBe(1000);
    expect(needs.has('service_station')).toBe(false);
    const results = evaluateStandard(national, inputs({}));
    const summary = summarise(national, results);
    expect(summary.manualItems).toEqual(['3.9', '3.12', '5.17', '6.18']);
    expect(summary.counts.pass + summary.counts.partial + summary.counts.fail + summary.counts.not_measured).toBe(results.length);
    expect(summary.aspects).toHaveLength(6);
  });
});
