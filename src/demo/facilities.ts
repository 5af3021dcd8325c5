/**
 * Facilities of a community: the neighbourhood centre, what each estate has at its gate, and
 * what lies just across the community's roads. Codes are given out last, in a fixed order.
 */
import type { CommunitySpec, EstateKind } from './communities.ts';
import { centreFacilities, type CentrePlan } from './centre.ts';
import type { EstatePlan } from './estates.ts';
import type { FacilityDraft } from './facilityDraft.ts';
import { pointGeometry, rectCentre, rectPolygon, type Rect, type Xy } from './geo.ts';
import type { Rng } from './random.ts';
import type { DemoFacility } from './types.ts';

const USUAL_HOURS: Record<string, string> = {
  service_station: '08:30-17:00',
  kindergarten: '07:30-17:00',
  childcare: '07:30-17:30',
  elder_station: '08:00-17:00',
  elder_daycare: '07:30-18:00',
  health_station: '08:00-17:00',
  supermarket: '07:00-22:00',
  parcel_locker: '08:00-21:00',
  convenience: '07:00-23:00',
  pharmacy: '08:00-21:30',
  barber: '09:00-21:00',
  laundry: '09:00-20:00',
  repair: '08:30-18:00',
  canteen: '10:30-18:30',
  parking: '00:00-24:00',
  ev_charging: '00:00-24:00',
  bus_stop: '05:30-22:30',
  waste_station: '06:00-20:00',
  public_toilet: '05:00-23:00',
  activity_ground: '06:00-21:00',
  sports_ground: '06:00-21:00',
  park: '05:00-22:00',
  property_office: '08:00-17:30',
  culture_room: '08:30-21:00',
};

/** Parking spaces per household and share of spaces with a charger: older estates were built with few. */
const PARKING: Record<EstateKind, { perHousehold: number; charging: number }> = {
  old: { perHousehold: 0.35, charging: 0.05 },
  mid: { perHousehold: 0.8, charging: 0.12 },
  high: { perHousehold: 1.05, charging: 0.2 },
};

function gateFacilities(rng: Rng, plan: EstatePlan): FacilityDraft[] {
  const { estate, spec, bounds } = plan;
  const gate: Xy = { x: (bounds.x0 + bounds.x1) / 2, y: bounds.y0 + 9 };
  const parking = PARKING[spec.kind];
  const spaces = Math.round(plan.households * parking.perHousehold);
  return [
    {
      kind: 'property_office',
      name: `${estate.name}物业服务中心`,
      at: rectCentre(plan.propertyOffice),
      floorAreaM2: rng.int(90, 220),
      capacity: null,
      operator: spec.propertyCompany,
    },
    { kind: 'parking', name: `${estate.name}停车场`, at: gate, floorAreaM2: null, capacity: spaces, operator: spec.propertyCompany },
    {
      kind: 'ev_charging',
      name: `${estate.name}充电桩`,
      at: { x: gate.x + 12, y: gate.y },
      floorAreaM2: null,
      capacity: Math.max(4, Math.round(spaces * parking.charging)),
      operator: '甬电充电服务有限公司',
    },
  ];
}

function optionalEstateFacilities(rng: Rng, spec: CommunitySpec, plan: EstatePlan, index: number): FacilityDraft[] {
  const { estate, bounds, zone } = plan;
  const cx = (bounds.x0 + bounds.x1) / 2;
  const drafts: FacilityDraft[] = [];
  if (spec.facilities.lockerColumns.includes(plan.block.col)) {
    const at = { x: cx - 14, y: bounds.y0 + 9 };
    drafts.push({ kind: 'parcel_locker', name: `${estate.name}快递驿站`, at, floorAreaM2: rng.int(25, 60), capacity: rng.int(150, 320), operator: '邻里快递驿站' });
  }
  // Every fourth estate has no activity ground of its own: a finding for the checkup.
  if (index % 4 !== 3) {
    const ground: Rect = { x0: cx - 12, y0: zone.y1 + 2, x1: cx + 12, y1: zone.y1 + 14 };
    drafts.push({ kind: 'activity_ground', name: `${estate.name}休闲广场`, at: ground, floorAreaM2: 288, capacity: 40, operator: estate.propertyCompany });
  }
  if (index % 2 === 1) {
    const at = { x: bounds.x1 - 10, y: bounds.y0 + 9 };
    drafts.push({ kind: 'convenience', name: `${estate.name}便民超市`, at, floorAreaM2: rng.int(40, 90), capacity: null, operator: '个体经营' });
  }
  return drafts;
}

function toFacility(spec: CommunitySpec, draft: FacilityDraft, n: number): DemoFacility {
  const geometry = 'x0' in draft.at ? rectPolygon(draft.at) : pointGeometry(draft.at);
  return {
    communityCode: spec.code,
    code: `${spec.prefix}-F${String(n).padStart(3, '0')}`,
    kind: draft.kind,
    name: draft.name,
    geometry,
    floorAreaM2: draft.floorAreaM2,
    capacity: draft.capacity,
    operator: draft.operator,
    openingHours: draft.openingHours === undefined ? (USUAL_HOURS[draft.kind] ?? null) : draft.openingHours,
  };
}

/** All facilities of one community, coded `HM-F001`, `HM-F002`, … */
export function buildFacilities(rng: Rng, spec: CommunitySpec, centre: CentrePlan, estates: readonly EstatePlan[]): DemoFacility[] {
  const drafts = [
    ...centreFacilities(spec, centre),
    ...estates.flatMap((plan, i) => [...gateFacilities(rng, plan), ...optionalEstateFacilities(rng, spec, plan, i)]),
    ...spec.outside,
  ];
  return drafts.map((draft, i) => toFacility(spec, draft, i + 1));
}
