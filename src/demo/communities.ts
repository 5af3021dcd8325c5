/**
 * The fixed story of the demo: where the two communities lie, which estates they hold, and
 * which gaps the community checkup should find. Everything random is drawn elsewhere.
 */
import type { FacilityDraft } from './facilityDraft.ts';

export type EstateKind = 'old' | 'mid' | 'high';

export interface EstateSpec {
  name: string;
  kind: EstateKind;
  propertyCompany: string;
}

export interface FacilityProfile {
  hasKindergarten: boolean;
  serviceStationM2: number;
  elderStationM2: number;
  elderDaycareM2: number;
  healthStationM2: number;
  childcareM2: number;
  publicToiletM2: number;
  supermarketM2: number;
  wasteStationM2: number;
  sportsGround: { w: number; h: number };
  /** Block columns whose estates get a parcel station; estates elsewhere have none nearby. */
  lockerColumns: number[];
}

export interface CommunitySpec {
  code: string;
  name: string;
  /** Short name used in building, facility and road names. */
  short: string;
  /** Prefix of building, estate and facility codes. */
  prefix: string;
  /** x of the north–south roads and y of the east–west roads, metres in the demo frame. */
  xCuts: number[];
  yCuts: number[];
  /** Metres the outermost west/east road moves east per metre north: the roads are not quite north–south. */
  westSkew: number;
  eastSkew: number;
  /** The block holding the neighbourhood centre; it shares a grid with the block south of it. */
  centre: { col: number; row: number };
  /** One per block, row by row from the south-west, skipping the centre block. */
  estates: EstateSpec[];
  facilities: FacilityProfile;
  /** Facilities just across the community's roads: life circles do not stop at the boundary. */
  outside: FacilityDraft[];
}

export const CITY = { code: '330200', name: '宁波市' } as const;
export const DISTRICT = { code: '330212', name: '鄞州区' } as const;
export const SUBDISTRICT = { code: '330212001', name: '示范街道（演示）' } as const;

/** The year the demo pretends it is: ages, care tags and ID numbers follow from it. */
export const DEMO_YEAR = 2026;

/** Region prefix of residents' ID numbers (鄞州区). */
export const ID_REGION = '330212';

const HEMU: CommunitySpec = {
  code: '330212001001',
  name: '和睦社区（演示）',
  short: '和睦',
  prefix: 'HM',
  xCuts: [0, 330, 670, 1000],
  yCuts: [0, 310, 640, 960],
  westSkew: -0.04,
  eastSkew: 0,
  centre: { col: 1, row: 1 },
  estates: [
    { name: '和睦新村', kind: 'old', propertyCompany: '甬城物业服务有限公司' },
    { name: '春晖苑', kind: 'mid', propertyCompany: '春晖物业管理有限公司' },
    { name: '金色家园', kind: 'high', propertyCompany: '鄞和物业服务有限公司' },
    { name: '和睦花园', kind: 'old', propertyCompany: '甬城物业服务有限公司' },
    { name: '丽景华庭', kind: 'mid', propertyCompany: '丽景物业服务有限公司' },
    { name: '怡和苑', kind: 'old', propertyCompany: '和睦社区自管小组' },
    { name: '锦绣府', kind: 'high', propertyCompany: '锦绣物业服务有限公司' },
    { name: '翠柏里', kind: 'old', propertyCompany: '甬城物业服务有限公司' },
  ],
  // Gaps: day care below 350 m², health station below 120 m², parcel stations only in the west.
  facilities: {
    hasKindergarten: true,
    serviceStationM2: 680,
    elderStationM2: 210,
    elderDaycareM2: 280,
    healthStationM2: 95,
    childcareM2: 240,
    publicToiletM2: 42,
    supermarketM2: 460,
    wasteStationM2: 135,
    sportsGround: { w: 36, h: 24 },
    lockerColumns: [0],
  },
  outside: [
    { kind: 'bus_stop', name: '和睦路中段站', at: { x: 480, y: -12 }, floorAreaM2: null, capacity: null, operator: '宁波公交（演示）' },
    { kind: 'bus_stop', name: '兴宁路和睦社区站', at: { x: -33, y: 480 }, floorAreaM2: null, capacity: null, operator: '宁波公交（演示）' },
    { kind: 'supermarket', name: '兴宁路生鲜超市', at: { x: -53, y: 200 }, floorAreaM2: 620, capacity: null, operator: '甬鲜商贸有限公司' },
    {
      kind: 'kindergarten',
      name: '学府路幼儿园',
      at: { x0: 120, y0: 990, x1: 180, y1: 1035 },
      floorAreaM2: 1260,
      capacity: 180,
      operator: '鄞州区教育局',
    },
  ],
};

const CHANGCHUN: CommunitySpec = {
  code: '330212001002',
  name: '长春社区（演示）',
  short: '长春',
  prefix: 'CC',
  xCuts: [1000, 1270, 1540, 1810, 2080],
  yCuts: [0, 480, 960],
  westSkew: 0,
  eastSkew: 0.07,
  centre: { col: 1, row: 1 },
  estates: [
    { name: '长春新村', kind: 'old', propertyCompany: '长春物业管理有限公司' },
    { name: '嘉和园', kind: 'mid', propertyCompany: '嘉和物业服务有限公司' },
    { name: '春江名邸', kind: 'high', propertyCompany: '春江物业服务有限公司' },
    { name: '阳光水岸', kind: 'mid', propertyCompany: '鄞和物业服务有限公司' },
    { name: '长春花苑', kind: 'old', propertyCompany: '长春物业管理有限公司' },
    { name: '东湖景苑', kind: 'high', propertyCompany: '东湖物业服务有限公司' },
    { name: '文华小区', kind: 'old', propertyCompany: '长春社区自管小组' },
  ],
  // Gaps: no kindergarten at all (the nearest is in 和睦, over a kilometre from the east side),
  // childcare below 200 m², public toilet below 30 m², supermarket below 300 m², waste station
  // below 120 m², multi-sport ground below 800 m².
  facilities: {
    hasKindergarten: false,
    serviceStationM2: 820,
    elderStationM2: 240,
    elderDaycareM2: 420,
    healthStationM2: 160,
    childcareM2: 180,
    publicToiletM2: 26,
    supermarketM2: 280,
    wasteStationM2: 95,
    sportsGround: { w: 30, h: 20 },
    lockerColumns: [0, 1, 2, 3],
  },
  outside: [
    { kind: 'bus_stop', name: '学府路长春站', at: { x: 1540, y: 972 }, floorAreaM2: null, capacity: null, operator: '宁波公交（演示）' },
    { kind: 'bus_stop', name: '东湖路长春社区站', at: { x: 2115, y: 300 }, floorAreaM2: null, capacity: null, operator: '宁波公交（演示）' },
    { kind: 'pharmacy', name: '和睦路大药房', at: { x: 1700, y: -30 }, floorAreaM2: 110, capacity: null, operator: '甬康医药连锁有限公司' },
    {
      kind: 'park',
      name: '东湖河滨公园',
      at: { x0: 2145, y0: 500, x1: 2225, y1: 570 },
      floorAreaM2: 5600,
      capacity: null,
      operator: '鄞州区园林管理所',
    },
  ],
};

export const COMMUNITIES: readonly CommunitySpec[] = [HEMU, CHANGCHUN];
