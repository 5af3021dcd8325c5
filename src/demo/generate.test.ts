import { readFileSync } from 'node:fs';
import booleanPointInPolygon from '@turf/boolean-point-in-polygon';
import { describe, expect, it } from 'vitest';
import { isValidIdNumber, isValidPhone } from '../people/identity.ts';
import { generateDemo, type DemoData } from './generate.ts';

const demo = generateDemo();
const communities = demo.areas.filter((a) => a.level === 'community');

function householdKey(h: { communityCode: string; buildingCode: string; unit: string; room: string }): string {
  return `${h.communityCode}|${h.buildingCode}|${h.unit}|${h.room}`;
}

function ofCommunity<T extends { communityCode: string }>(rows: T[], code: string): T[] {
  return rows.filter((r) => r.communityCode === code);
}

/** Facility kinds from the facility_kind INSERT of the registry migration. */
function migrationFacilityKinds(): string[] {
  const sqlText = readFileSync(new URL('../db/migrations/001_registry.sql', import.meta.url), 'utf8');
  const insert = sqlText.slice(sqlText.indexOf('INSERT INTO facility_kind'));
  const statement = insert.slice(0, insert.indexOf(';'));
  return [...statement.matchAll(/\(\s*'([a-z_]+)'\s*,/g)].map((m) => m[1]);
}

function distanceM(a: [number, number], b: [number, number]): number {
  const metresPerDegLat = 111_320;
  const metresPerDegLon = metresPerDegLat * Math.cos((a[1] * Math.PI) / 180);
  return Math.hypot((a[0] - b[0]) * metresPerDegLon, (a[1] - b[1]) * metresPerDegLat);
}

describe('generateDemo', () => {
  it('gives the same data for the same seed and different data for another', () => {
    expect(generateDemo()).toEqual(demo);
    const other: DemoData = generateDemo(7);
    expect(other).not.toEqual(demo);
    expect(other.residents.slice(0, 20)).not.toEqual(demo.residents.slice(0, 20));
  });

  it('has one subdistrict with two communities of about 4,000 households and 6–12 grids each', () => {
    expect(demo.areas.filter((a) => a.level === 'subdistrict')).toHaveLength(1);
    expect(communities).toHaveLength(2);
    for (const c of communities) {
      const households = ofCommunity(demo.households, c.code).length;
      expect(households).toBeGreaterThanOrEqual(3600);
      expect(households).toBeLessThanOrEqual(4400);
      const grids = demo.areas.filter((a) => a.level === 'grid' && a.parentCode === c.code);
      expect(grids.length).toBeGreaterThanOrEqual(6);
      expect(grids.length).toBeLessThanOrEqual(12);
    }
    const codes = demo.areas.map((a) => a.code);
    expect(new Set(codes).size).toBe(codes.length);
  });

  it('puts every building entrance in exactly one grid of its community', () => {
    for (const c of communities) {
      const grids = demo.areas.filter((a) => a.level === 'grid' && a.parentCode === c.code);
      const wrong = ofCommunity(demo.buildings, c.code).filter(
        (b) => grids.filter((g) => g.boundary && booleanPointInPolygon(b.entrance, g.boundary)).length !== 1,
      );
      expect(wrong.map((b) => b.code)).toEqual([]);
    }
  });

  it('keeps building and facility codes unique within a community', () => {
    for (const c of communities) {
      const buildings = ofCommunity(demo.buildings, c.code).map((b) => b.code);
      const facilities = ofCommunity(demo.facilities, c.code).map((f) => f.code);
      expect(new Set(buildings).size).toBe(buildings.length);
      expect(new Set(facilities).size).toBe(facilities.length);
    }
  });

  it('places every household in an existing building, once', () => {
    const buildings = new Set(demo.buildings.map((b) => `${b.communityCode}|${b.code}`));
    expect(demo.households.filter((h) => !buildings.has(`${h.communityCode}|${h.buildingCode}`))).toEqual([]);
    const keys = demo.households.map(householdKey);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('gives each occupied household exactly one head and each vacant one nobody', () => {
    const people = new Map<string, { count: number; heads: number }>();
    for (const r of demo.residents) {
      const entry = people.get(householdKey(r)) ?? { count: 0, heads: 0 };
      entry.count++;
      if (r.relation === 'head') entry.heads++;
      people.set(householdKey(r), entry);
    }
    const wrong = demo.households.filter((h) => {
      const entry = people.get(householdKey(h)) ?? { count: 0, heads: 0 };
      return h.occupancy === 'vacant' ? entry.count !== 0 : entry.heads !== 1 || entry.count > 5;
    });
    expect(wrong).toEqual([]);
    const householdKeys = new Set(demo.households.map(householdKey));
    expect([...people.keys()].filter((key) => !householdKeys.has(key))).toEqual([]);
  });

  it('houses about 2.4–2.8 people per occupied household, a fifth of them 60 or older', () => {
    const occupied = demo.households.filter((h) => h.occupancy !== 'vacant').length;
    const perHousehold = demo.residents.length / occupied;
    expect(perHousehold).toBeGreaterThanOrEqual(2.4);
    expect(perHousehold).toBeLessThanOrEqual(2.8);
    const elderShare = demo.residents.filter((r) => 2026 - r.birthYear >= 60).length / demo.residents.length;
    expect(elderShare).toBeGreaterThan(0.18);
    expect(elderShare).toBeLessThan(0.26);
  });

  it('gives valid, unique ID numbers that match birth year and sex', () => {
    const ids = demo.residents.flatMap((r) => (r.idNumber ? [r.idNumber] : []));
    expect(ids.length).toBeGreaterThan(demo.residents.length * 0.95);
    expect(new Set(ids).size).toBe(ids.length);
    const wrong = demo.residents.filter(
      (r) =>
        r.idNumber !== null &&
        (!isValidIdNumber(r.idNumber) ||
          !r.idNumber.startsWith('330212') ||
          Number(r.idNumber.slice(6, 10)) !== r.birthYear ||
          (Number(r.idNumber[16]) % 2 === 1 ? 'male' : 'female') !== r.sex),
    );
    expect(wrong.map((r) => r.idNumber)).toEqual([]);
  });

  it('gives valid phone numbers to departments and residents', () => {
    expect(demo.departments.filter((d) => !isValidPhone(d.phone))).toEqual([]);
    expect(demo.residents.filter((r) => r.phone !== null && !isValidPhone(r.phone)).map((r) => r.phone)).toEqual([]);
    expect(demo.residents.filter((r) => r.phone !== null).length).toBeGreaterThan(demo.residents.length * 0.8);
    const codes = demo.departments.map((d) => d.code);
    expect(new Set(codes).size).toBe(codes.length);
  });

  it('tags care needs consistently with age and household', () => {
    const size = new Map<string, number>();
    for (const r of demo.residents) size.set(householdKey(r), (size.get(householdKey(r)) ?? 0) + 1);
    const wrong = demo.residents.filter((r) => {
      const age = 2026 - r.birthYear;
      return (
        r.careTags.includes('child') !== age < 14 ||
        r.careTags.includes('elder_80') !== r.birthYear <= 1946 ||
        r.careTags.includes('elder_alone') !== (age >= 60 && size.get(householdKey(r)) === 1)
      );
    });
    expect(wrong).toEqual([]);
    const aloneHouseholds = demo.residents.filter((r) => r.careTags.includes('elder_alone')).length / demo.households.length;
    expect(aloneHouseholds).toBeGreaterThan(0.02);
    expect(aloneHouseholds).toBeLessThan(0.045);
  });

  it('includes every facility kind of the registry migration', () => {
    const kinds = migrationFacilityKinds();
    expect(kinds.length).toBeGreaterThan(20);
    const present = new Set(demo.facilities.map((f) => f.kind));
    expect(kinds.filter((k) => !present.has(k))).toEqual([]);
    expect([...present].filter((k) => !kinds.includes(k))).toEqual([]);
  });

  it('leaves gaps for the checkup: no kindergarten within 500 m of some buildings of the second community', () => {
    const [, second] = communities;
    const kindergartens = demo.facilities
      .filter((f) => f.kind === 'kindergarten')
      .map((f) => (f.geometry.type === 'Point' ? f.geometry.coordinates : f.geometry.coordinates[0][0]));
    expect(ofCommunity(demo.facilities, second.code).some((f) => f.kind === 'kindergarten')).toBe(false);
    const farBuildings = ofCommunity(demo.buildings, second.code).filter(
      (b) => b.purpose === 'residential' && kindergartens.every((k) => distanceM(k, b.entrance) > 500),
    );
    expect(farBuildings.length).toBeGreaterThan(0);
  });
});
