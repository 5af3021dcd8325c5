/**
 * The shape of the demo data set: plain rows keyed by codes rather than database ids, so the
 * same data can be loaded into any database, written as CSV or shown in tests.
 */
import type { CareTag } from '../people/careTags.ts';

/** WGS84 [longitude, latitude]. */
export type LonLat = [number, number];
/** GeoJSON polygon; every ring is closed and the outer ring runs counter-clockwise. */
export type Polygon = { type: 'Polygon'; coordinates: LonLat[][] };
export type Point = { type: 'Point'; coordinates: LonLat };

export type AreaLevel = 'city' | 'district' | 'subdistrict' | 'community' | 'grid';
export type BuildingPurpose = 'residential' | 'commercial' | 'mixed' | 'public' | 'other';
export type Occupancy = 'resident' | 'rented' | 'vacant' | 'seasonal';
export type Sex = 'male' | 'female';
export type Relation = 'head' | 'spouse' | 'child' | 'parent' | 'grandchild' | 'sibling' | 'tenant' | 'other';

export interface DemoArea {
  code: string;
  name: string;
  level: AreaLevel;
  parentCode: string | null;
  boundary: Polygon | null;
}

export interface DemoDepartment {
  code: string;
  name: string;
  areaCode: string;
  phone: string;
}

export interface DemoEstate {
  code: string;
  name: string;
  communityCode: string;
  propertyCompany: string;
  boundary: Polygon;
}

export interface DemoBuilding {
  code: string;
  name: string;
  communityCode: string;
  estateCode: string | null;
  purpose: BuildingPurpose;
  floors: number;
  units: number;
  footprint: Polygon;
  entrance: LonLat;
}

export interface DemoHousehold {
  communityCode: string;
  buildingCode: string;
  unit: string;
  room: string;
  floor: number;
  sizeM2: number;
  occupancy: Occupancy;
}

export interface DemoResident {
  communityCode: string;
  buildingCode: string;
  unit: string;
  room: string;
  name: string;
  phone: string | null;
  idNumber: string | null;
  birthYear: number;
  sex: Sex;
  relation: Relation;
  careTags: CareTag[];
}

export interface DemoFacility {
  communityCode: string;
  code: string;
  kind: string;
  name: string;
  geometry: Point | Polygon;
  floorAreaM2: number | null;
  capacity: number | null;
  operator: string | null;
  openingHours: string | null;
}

export interface DemoData {
  areas: DemoArea[];
  departments: DemoDepartment[];
  estates: DemoEstate[];
  buildings: DemoBuilding[];
  households: DemoHousehold[];
  residents: DemoResident[];
  facilities: DemoFacility[];
}
