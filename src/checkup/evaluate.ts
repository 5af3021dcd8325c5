import type { CheckupStatus } from '../db/schema.ts';
import type { LonLat } from '../access/types.ts';
import { indicatorDefaults, indicatorsOf } from './standardRules.ts';
import type { Indicator, StandardDocument } from './standardSchema.ts';

/**
 * Applies a standard to what a community has. Pure: the registry, the walking distances and the
 * survey scores come in; one result per indicator comes out, with the evidence a person would ask for.
 */

export interface CheckupBuilding {
  id: number;
  code: string;
  name: string;
  households: number;
  residents: number;
  /** Residents aged 60 and over. */
  elders: number;
  /** Residents aged 6 and under. */
  children: number;
  purpose: 'residential' | 'commercial' | 'mixed' | 'public' | 'other';
  point: LonLat;
}

export interface CheckupFacility {
  id: number;
  kind: string;
  name: string;
  floorAreaM2: number | null;
  capacity: number | null;
  /** Inside the community itself; facilities in the margin count for walking and presence only. */
  inCommunity: boolean;
  point: LonLat;
}

/** Walking distance from each building (same order as the buildings) to the nearest facility of a kind. */
export interface KindDistances {
  distance: Float64Array;
  /** Facility id per building, null when none is in reach. */
  facilityId: (number | null)[];
}

export interface SurveyScore {
  score: number;
  responses: number;
  surveyId: number;
  surveyTitle: string;
  questionLabel: string;
}

export interface CheckupInputs {
  buildings: CheckupBuilding[];
  facilities: CheckupFacility[];
  householdsTotal: number;
  /** Null when no street network covers the community: walking indicators are then not measured. */
  walking: Map<string, KindDistances> | null;
  /** How far the walking search went: a building with no distance is farther than this, or cut off. */
  walkingReachM: number;
  surveyScores: Map<string, SurveyScore>;
}

export interface IndicatorResult {
  aspectCode: string;
  itemCode: string;
  indicatorCode: string;
  status: CheckupStatus;
  value: number | null;
  target: number | null;
  unit: string | null;
  evidence: Record<string, unknown>;
}

/** How far a value ÷ target goes towards the standard: pass, partial or fail. */
function grade(share: number, indicator: Indicator): CheckupStatus {
  if (share >= (indicator.passShare ?? indicatorDefaults.passShare)) return 'pass';
  if (share >= (indicator.partialShare ?? indicatorDefaults.partialShare)) return 'partial';
  return 'fail';
}

type Outcome = Omit<IndicatorResult, 'aspectCode' | 'itemCode' | 'indicatorCode'>;
const notMeasured = (reason: string, unit: string | null = null): Outcome => ({ status: 'not_measured', value: null, target: null, unit, evidence: { reason } });
const round = (value: number, digits = 1) => Math.round(value * 10 ** digits) / 10 ** digits;

/**
 * The homes a walking indicator is about, and what each weighs. With a household registry: buildings
 * with households (and, for children's or elders' facilities, only where they live), weighed by
 * households. Without one (a community fresh from OpenStreetMap, where most buildings are just
 * "building=yes"): every building not known to be commercial or public, one each.
 */
function homesThatCount(buildings: CheckupBuilding[], population: Indicator['population']) {
  if (buildings.some((b) => b.households > 0)) {
    const who = population ?? indicatorDefaults.population;
    const homes = buildings.filter((b) => b.households > 0 && (who === 'all' || (who === 'children' ? b.children > 0 : b.elders > 0)));
    return { homes, countedBy: 'households' as const, weight: (b: CheckupBuilding) => b.households };
  }
  const homes = buildings.filter((b) => b.purpose !== 'commercial' && b.purpose !== 'public');
  return { homes, countedBy: 'buildings' as const, weight: () => 1 };
}

/** The nearest facility of any of the kinds, per building. */
function nearestOfKinds(walking: Map<string, KindDistances>, kinds: string[], index: number): { distance: number; facilityId: number | null } {
  let best = { distance: Infinity, facilityId: null as number | null };
  for (const kind of kinds) {
    const distances = walking.get(kind);
    if (distances && distances.distance[index] < best.distance) best = { distance: distances.distance[index], facilityId: distances.facilityId[index] };
  }
  return best;
}

function evaluateWalk(indicator: Indicator, inputs: CheckupInputs, facilityNames: Map<number, string>): Outcome {
  if (!inputs.walking) return notMeasured('no_street_network', '%');
  const maxDistance = indicator.maxDistanceM!;
  const { homes, countedBy, weight } = homesThatCount(inputs.buildings, indicator.population);
  if (!homes.length) return notMeasured('no_homes', '%');
  const position = new Map(inputs.buildings.map((b, i) => [b.id, i]));
  const beyond = homes
    .map((b) => ({ b, nearest: nearestOfKinds(inputs.walking!, indicator.facilityKinds!, position.get(b.id)!) }))
    .filter(({ nearest }) => !(nearest.distance <= maxDistance));
  const total = homes.reduce((sum, b) => sum + weight(b), 0);
  const share = (total - beyond.reduce((sum, { b }) => sum + weight(b), 0)) / total;
  beyond.sort((x, y) => (y.nearest.distance === Infinity ? 1e12 : y.nearest.distance) - (x.nearest.distance === Infinity ? 1e12 : x.nearest.distance));
  return {
    status: grade(share, indicator), value: round(share * 100), target: round((indicator.passShare ?? indicatorDefaults.passShare) * 100), unit: '%',
    evidence: {
      maxDistanceM: maxDistance, searchedToM: inputs.walkingReachM, countedBy, homesCounted: homes.length, beyondHouseholds: beyond.reduce((sum, { b }) => sum + b.households, 0),
      beyondElders: beyond.reduce((sum, { b }) => sum + b.elders, 0), beyondChildren: beyond.reduce((sum, { b }) => sum + b.children, 0),
      buildingsBeyond: beyond.slice(0, 300).map(({ b, nearest }) => ({
        buildingId: b.id, code: b.code, name: b.name, households: b.households, elders: b.elders, children: b.children,
        distanceM: Number.isFinite(nearest.distance) ? round(nearest.distance) : null,
        facilityId: nearest.facilityId, facilityName: nearest.facilityId === null ? null : (facilityNames.get(nearest.facilityId) ?? null),
      })),
      buildingsBeyondCount: beyond.length,
    },
  };
}

function ofKinds(facilities: CheckupFacility[], kinds: string[], inCommunityOnly: boolean): CheckupFacility[] {
  return facilities.filter((f) => kinds.includes(f.kind) && (!inCommunityOnly || f.inCommunity));
}

/**
 * Every facility of the kinds must be large enough. A facility whose floor area nobody recorded (a
 * point from OpenStreetMap) cannot be judged: it is listed, and when no area is known at all the
 * indicator is not measured rather than failed.
 */
function evaluateSize(indicator: Indicator, inputs: CheckupInputs): Outcome {
  const minArea = indicator.minAreaM2!;
  const found = ofKinds(inputs.facilities, indicator.facilityKinds!, true);
  if (!found.length) return { status: 'fail', value: 0, target: minArea, unit: 'm²', evidence: { missing: true, facilityKinds: indicator.facilityKinds } };
  const known = found.filter((f) => f.floorAreaM2 !== null);
  const areaUnknown = found.filter((f) => f.floorAreaM2 === null).map((f) => ({ facilityId: f.id, name: f.name, kind: f.kind }));
  if (!known.length) return { ...notMeasured('area_unknown', 'm²'), evidence: { reason: 'area_unknown', facilities: found.length, areaUnknown } };
  const under = known.filter((f) => f.floorAreaM2! < minArea);
  return {
    status: grade((known.length - under.length) / known.length, indicator), value: Math.min(...known.map((f) => f.floorAreaM2!)), target: minArea, unit: 'm²',
    evidence: {
      facilities: found.length,
      undersized: under.map((f) => ({ facilityId: f.id, name: f.name, kind: f.kind, floorAreaM2: f.floorAreaM2 })),
      areaUnknown,
    },
  };
}

function measureOf(facility: CheckupFacility, measure: Indicator['measure']): number {
  if (measure === 'count') return 1;
  return (measure === 'capacity' ? facility.capacity : facility.floorAreaM2) ?? 0;
}

function evaluatePerHouseholds(indicator: Indicator, inputs: CheckupInputs): Outcome {
  if (!inputs.householdsTotal) return notMeasured('no_homes');
  const found = ofKinds(inputs.facilities, indicator.facilityKinds!, true);
  const total = found.reduce((sum, f) => sum + measureOf(f, indicator.measure), 0);
  const value = (total / inputs.householdsTotal) * indicator.perHouseholds!;
  const unit = indicator.measure === 'floor_area' ? `m²/${indicator.perHouseholds}户` : `/${indicator.perHouseholds}户`;
  return {
    status: grade(value / indicator.amount!, indicator), value: round(value, 2), target: indicator.amount!, unit,
    evidence: {
      measure: indicator.measure, total: round(total, 1), households: inputs.householdsTotal,
      shortfall: round(Math.max(0, (indicator.amount! * inputs.householdsTotal) / indicator.perHouseholds! - total), 1),
      facilities: found.map((f) => ({ facilityId: f.id, name: f.name, kind: f.kind, amount: measureOf(f, indicator.measure) })),
    },
  };
}

/** Every listed kind needs at least minCount facilities, inside the community or within its margin. */
function evaluatePresence(indicator: Indicator, inputs: CheckupInputs): Outcome {
  const minCount = indicator.minCount ?? indicatorDefaults.minCount;
  const kinds = indicator.facilityKinds!;
  const counts = kinds.map((kind) => ({ kind, count: ofKinds(inputs.facilities, [kind], false).length }));
  const met = counts.filter((c) => c.count >= minCount).length;
  return {
    status: grade(met / kinds.length, indicator), value: met, target: kinds.length, unit: null,
    evidence: { minCount, kinds: counts, missingKinds: counts.filter((c) => c.count < minCount).map((c) => c.kind) },
  };
}

function evaluateSurvey(indicator: Indicator, code: string, inputs: CheckupInputs): Outcome {
  const found = inputs.surveyScores.get(code);
  if (!found) return notMeasured('no_survey');
  const minScore = indicator.minScore!;
  return { status: grade(minScore ? found.score / minScore : 1, indicator), value: round(found.score), target: minScore, unit: '分', evidence: { ...found } };
}

function evaluateIndicator(indicator: Indicator, inputs: CheckupInputs, facilityNames: Map<number, string>): Outcome {
  switch (indicator.kind) {
    case 'walk': return evaluateWalk(indicator, inputs, facilityNames);
    case 'facility_size': return evaluateSize(indicator, inputs);
    case 'per_households': return evaluatePerHouseholds(indicator, inputs);
    case 'presence': return evaluatePresence(indicator, inputs);
    case 'survey': return evaluateSurvey(indicator, indicator.code, inputs);
  }
}

/** One result per indicator of the standard, in the standard's order. */
export function evaluateStandard(document: StandardDocument, inputs: CheckupInputs): IndicatorResult[] {
  const facilityNames = new Map(inputs.facilities.map((f) => [f.id, f.name]));
  return indicatorsOf(document).map(({ aspectCode, itemCode, indicator }) => ({
    aspectCode, itemCode, indicatorCode: indicator.code, ...evaluateIndicator(indicator, inputs, facilityNames),
  }));
}

/**
 * The facility kinds the walking indicators need, each searched as far as the longest walk the
 * standard asks for anything (1,000 m for the national standard): still bounded, and far enough that
 * a building beyond a 300 m kindergarten walk shows how far it really is, and the report's map can
 * colour every kind in the same distance bands.
 */
export function walkingNeeds(document: StandardDocument): Map<string, number> {
  const walks = indicatorsOf(document).map(({ indicator }) => indicator).filter((indicator) => indicator.kind === 'walk');
  const reach = Math.max(0, ...walks.map((indicator) => indicator.maxDistanceM ?? 0));
  return new Map(walks.flatMap((indicator) => indicator.facilityKinds ?? []).map((kind) => [kind, reach]));
}

export interface CheckupSummary {
  counts: Record<CheckupStatus, number>;
  /** Per aspect: share of measured indicators met (partial counts half), 0–100; null when none measured. */
  aspects: { code: string; score: number | null; measured: number; total: number }[];
  /** Items with no data indicator: judged on site. */
  manualItems: string[];
}

export function summarise(document: StandardDocument, results: IndicatorResult[]): CheckupSummary {
  const counts: Record<CheckupStatus, number> = { pass: 0, partial: 0, fail: 0, not_measured: 0 };
  for (const r of results) counts[r.status] += 1;
  const aspects = document.aspects.map((aspect) => {
    const own = results.filter((r) => r.aspectCode === aspect.code);
    const measured = own.filter((r) => r.status !== 'not_measured');
    const points = measured.reduce((sum, r) => sum + (r.status === 'pass' ? 1 : r.status === 'partial' ? 0.5 : 0), 0);
    return { code: aspect.code, score: measured.length ? round((points / measured.length) * 100) : null, measured: measured.length, total: own.length };
  });
  const manualItems = document.aspects.flatMap((a) => a.items.filter((i) => !i.indicators.length).map((i) => i.code));
  return { counts, aspects, manualItems };
}
