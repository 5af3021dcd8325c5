/**
 * The demo data set: one subdistrict of Yinzhou, Ningbo, with two communities of about 4,000
 * households each, their estates, buildings, residents and facilities. Pure and deterministic:
 * the same seed always gives the same data, so screenshots, tests and walkthroughs agree.
 */
import { centreBuildings, planCentre } from './centre.ts';
import { COMMUNITIES, DISTRICT, SUBDISTRICT } from './communities.ts';
import { planEstates } from './estates.ts';
import { buildFacilities } from './facilities.ts';
import { buildHouseholds, buildResidents } from './households.ts';
import type { UsedIdentities } from './identities.ts';
import { buildAreas, layoutCommunity, type CommunityLayout } from './layout.ts';
import { createRng } from './random.ts';
import type { DemoData, DemoDepartment } from './types.ts';

export type {
  AreaLevel,
  BuildingPurpose,
  DemoArea,
  DemoBuilding,
  DemoData,
  DemoDepartment,
  DemoEstate,
  DemoFacility,
  DemoHousehold,
  DemoResident,
  LonLat,
  Occupancy,
  Point,
  Polygon,
  Relation,
  Sex,
} from './types.ts';

export const DEFAULT_DEMO_SEED = 20261126;

/** Departments that answer the subdistrict's whistles; the district bodies first. */
function buildDepartments(): DemoDepartment[] {
  const district = DISTRICT.code;
  const subdistrict = SUBDISTRICT.code;
  return [
    { code: 'YZ-ZJJ', name: '鄞州区住房和城乡建设局', areaCode: district, phone: '0574-88120001' },
    { code: 'YZ-SWJ', name: '鄞州区水务局', areaCode: district, phone: '0574-88120002' },
    { code: 'YZ-ZFJ', name: '鄞州区综合行政执法局（城管）', areaCode: district, phone: '0574-88120003' },
    { code: 'YZ-MZJ', name: '鄞州区民政局', areaCode: district, phone: '0574-88120004' },
    { code: 'YZ-GDJ', name: '鄞州区供电服务中心', areaCode: district, phone: '0574-88120005' },
    { code: 'SF-PCS', name: '示范派出所', areaCode: subdistrict, phone: '0574-88120101' },
    { code: 'SF-SCJGS', name: '示范市场监管所', areaCode: subdistrict, phone: '0574-88120102' },
    { code: 'SF-ZFZD', name: '示范街道综合行政执法中队', areaCode: subdistrict, phone: '0574-88120103' },
    { code: 'SF-WSY', name: '示范街道社区卫生服务中心', areaCode: subdistrict, phone: '0574-88120104' },
  ];
}

type CommunityData = Pick<DemoData, 'estates' | 'buildings' | 'households' | 'residents' | 'facilities'>;

function buildCommunity(seed: number, layout: CommunityLayout, used: UsedIdentities): CommunityData {
  const spec = layout.spec;
  const estatePlans = planEstates(createRng(seed, `estates:${spec.code}`), layout);
  const centre = planCentre(layout);
  const residential = estatePlans.flatMap((p) => p.residential);
  const buildings = [...centreBuildings(spec, centre), ...estatePlans.flatMap((p) => [...p.residential.map((r) => r.building), ...p.others])];
  const households = buildHouseholds(createRng(seed, `households:${spec.code}`), residential);
  const peopleRng = createRng(seed, `residents:${spec.code}`);
  return {
    estates: estatePlans.map((p) => p.estate),
    buildings,
    households,
    residents: households.flatMap((h) => buildResidents(peopleRng, h, used)),
    facilities: buildFacilities(createRng(seed, `facilities:${spec.code}`), spec, centre, estatePlans),
  };
}

/**
 * Generates the whole demo for a seed. No I/O, no clock, no Math.random: two calls with the
 * same seed return deep-equal data.
 */
export function generateDemo(seed = DEFAULT_DEMO_SEED): DemoData {
  const layouts = COMMUNITIES.map((spec) => layoutCommunity(spec, createRng(seed, `layout:${spec.code}`)));
  const used: UsedIdentities = { idNumbers: new Set(), phones: new Set() };
  const parts = layouts.map((layout) => buildCommunity(seed, layout, used));
  return {
    areas: buildAreas(layouts),
    departments: buildDepartments(),
    estates: parts.flatMap((p) => p.estates),
    buildings: parts.flatMap((p) => p.buildings),
    households: parts.flatMap((p) => p.households),
    residents: parts.flatMap((p) => p.residents),
    facilities: parts.flatMap((p) => p.facilities),
  };
}
