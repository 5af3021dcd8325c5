/**
 * The neighbourhood centre block of a community (邻里中心): the service building with the
 * service station, elder care, health station and canteen; a shop building; the kindergarten
 * where there is one; a park, a sports ground and the community's own waste station.
 */
import type { CommunitySpec } from './communities.ts';
import { entranceOf } from './estates.ts';
import { insetRect, placeRect, rectArea, rectCentre, rectPolygon, toLonLat, type Rect, type Xy } from './geo.ts';
import { centreBlock, type CommunityLayout } from './layout.ts';
import type { FacilityDraft } from './facilityDraft.ts';
import type { DemoBuilding } from './types.ts';

export interface CentrePlan {
  inner: Rect;
  hub: Rect;
  shops: Rect;
  kindergarten: { site: Rect; building: Rect } | null;
  park: Rect;
  sports: Rect;
  activity: Rect;
  toilet: Xy;
  waste: Xy;
}

export function planCentre(layout: CommunityLayout): CentrePlan {
  const inner = insetRect(centreBlock(layout).safe, 20);
  const width = inner.x1 - inner.x0;
  const { sportsGround } = layout.spec.facilities;
  const sportsX = inner.x0 + width / 2 - sportsGround.w / 2;
  let kindergarten: CentrePlan['kindergarten'] = null;
  if (layout.spec.facilities.hasKindergarten) {
    const site = placeRect(inner, 'nw', 70, 55);
    kindergarten = { site, building: { x0: site.x0 + 15, y0: site.y0 + 30, x1: site.x0 + 55, y1: site.y0 + 44 } };
  }
  return {
    inner,
    hub: placeRect(inner, 'sw', 60, 22),
    shops: placeRect(inner, 'se', 60, 16),
    kindergarten,
    park: placeRect(inner, 'ne', Math.min(120, width - 90), 90),
    sports: { x0: sportsX, y0: inner.y0 + 60, x1: sportsX + sportsGround.w, y1: inner.y0 + 60 + sportsGround.h },
    activity: placeRect(inner, 'sw', 24, 16, 0, 60),
    toilet: { x: inner.x1 - 15, y: inner.y0 + 40 },
    waste: { x: inner.x1 - 35, y: inner.y0 + 40 },
  };
}

function centreBuilding(spec: CommunitySpec, n: number, name: string, purpose: 'public' | 'commercial', floors: number, footprint: Rect): DemoBuilding {
  return {
    code: `${spec.prefix}-00-${String(n).padStart(2, '0')}`,
    name,
    communityCode: spec.code,
    estateCode: null,
    purpose,
    floors,
    units: 1,
    footprint: rectPolygon(footprint),
    entrance: toLonLat(entranceOf(footprint, 'south')),
  };
}

export function centreBuildings(spec: CommunitySpec, plan: CentrePlan): DemoBuilding[] {
  const buildings = [
    centreBuilding(spec, 1, `${spec.short}邻里中心`, 'public', 4, plan.hub),
    centreBuilding(spec, 2, `${spec.short}商业楼`, 'commercial', 3, plan.shops),
  ];
  if (plan.kindergarten) {
    buildings.push(centreBuilding(spec, 3, `${spec.short}幼儿园教学楼`, 'public', 3, plan.kindergarten.building));
  }
  return buildings;
}

/** Points spread over a building so that rooms in it do not sit on one coordinate. */
function roomsOf(footprint: Rect, count: number): Xy[] {
  const c = rectCentre(footprint);
  return Array.from({ length: count }, (_, i) => ({ x: c.x - 24 + (i % 5) * 12, y: c.y + (i < 5 ? -4 : 4) }));
}

function hubFacilities(spec: CommunitySpec, plan: CentrePlan): FacilityDraft[] {
  const f = spec.facilities;
  const s = spec.short;
  const rooms = roomsOf(plan.hub, 7);
  const committee = `${s}社区居民委员会`;
  const elderCare = '鄞州颐乐居家养老服务中心';
  return [
    { kind: 'service_station', name: `${s}社区党群服务中心`, at: rooms[0], floorAreaM2: f.serviceStationM2, capacity: null, operator: committee },
    { kind: 'elder_station', name: `${s}社区老年服务站`, at: rooms[1], floorAreaM2: f.elderStationM2, capacity: 40, operator: elderCare },
    { kind: 'elder_daycare', name: `${s}社区日间照料中心`, at: rooms[2], floorAreaM2: f.elderDaycareM2, capacity: Math.round(f.elderDaycareM2 / 12), operator: elderCare },
    { kind: 'health_station', name: `${s}社区卫生服务站`, at: rooms[3], floorAreaM2: f.healthStationM2, capacity: null, operator: '示范街道社区卫生服务中心' },
    { kind: 'culture_room', name: `${s}社区文化活动室`, at: rooms[4], floorAreaM2: 120, capacity: 60, operator: committee },
    { kind: 'canteen', name: `${s}邻里食堂`, at: rooms[5], floorAreaM2: 160, capacity: 80, operator: '甬味餐饮管理有限公司' },
    { kind: 'childcare', name: `${s}宝贝托育园`, at: rooms[6], floorAreaM2: f.childcareM2, capacity: Math.round(f.childcareM2 / 6), operator: '小橡树托育服务有限公司' },
  ];
}

function shopFacilities(spec: CommunitySpec, plan: CentrePlan): FacilityDraft[] {
  const s = spec.short;
  const rooms = roomsOf(plan.shops, 6);
  return [
    { kind: 'supermarket', name: `邻里优选超市（${s}店）`, at: rooms[0], floorAreaM2: spec.facilities.supermarketM2, capacity: null, operator: '邻里优选商贸有限公司' },
    { kind: 'pharmacy', name: `${s}大药房`, at: rooms[1], floorAreaM2: 80, capacity: null, operator: '甬康医药连锁有限公司' },
    { kind: 'convenience', name: `${s}便利店`, at: rooms[2], floorAreaM2: 60, capacity: null, operator: '个体经营' },
    { kind: 'barber', name: `${s}理发店`, at: rooms[3], floorAreaM2: 35, capacity: null, operator: '个体经营' },
    { kind: 'laundry', name: `${s}洗衣店`, at: rooms[4], floorAreaM2: 40, capacity: null, operator: '个体经营' },
    { kind: 'repair', name: `${s}便民维修点`, at: rooms[5], floorAreaM2: 20, capacity: null, operator: `${s}社区志愿服务队` },
  ];
}

function groundFacilities(spec: CommunitySpec, plan: CentrePlan): FacilityDraft[] {
  const s = spec.short;
  const f = spec.facilities;
  const drafts: FacilityDraft[] = [
    { kind: 'park', name: `${s}口袋公园`, at: plan.park, floorAreaM2: Math.round(rectArea(plan.park)), capacity: null, operator: '鄞州区园林管理所' },
    { kind: 'sports_ground', name: `${s}多功能运动场`, at: plan.sports, floorAreaM2: Math.round(rectArea(plan.sports)), capacity: 30, operator: `${s}社区居民委员会` },
    { kind: 'activity_ground', name: `${s}邻里广场`, at: plan.activity, floorAreaM2: Math.round(rectArea(plan.activity)), capacity: 50, operator: `${s}社区居民委员会` },
    { kind: 'public_toilet', name: `${s}公厕`, at: plan.toilet, floorAreaM2: f.publicToiletM2, capacity: 6, operator: '鄞州区环境卫生管理处' },
    { kind: 'waste_station', name: `${s}垃圾分类收集站`, at: plan.waste, floorAreaM2: f.wasteStationM2, capacity: null, operator: '鄞州区环境卫生管理处' },
  ];
  if (plan.kindergarten) {
    const site = plan.kindergarten.site;
    drafts.push({ kind: 'kindergarten', name: `${s}幼儿园`, at: site, floorAreaM2: 1680, capacity: 270, operator: '鄞州区教育局' });
  }
  if (f.lockerColumns.includes(spec.centre.col)) {
    const at = { x: plan.shops.x0 - 12, y: plan.shops.y0 + 8 };
    drafts.push({ kind: 'parcel_locker', name: `${s}邻里中心快递驿站`, at, floorAreaM2: 45, capacity: 400, operator: '邻里快递驿站' });
  }
  return drafts;
}

/** Everything the centre block offers, before facility codes are given out. */
export function centreFacilities(spec: CommunitySpec, plan: CentrePlan): FacilityDraft[] {
  return [...hubFacilities(spec, plan), ...shopFacilities(spec, plan), ...groundFacilities(spec, plan)];
}
