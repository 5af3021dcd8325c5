import booleanPointInPolygon from '@turf/boolean-point-in-polygon';
import { describe, expect, it } from 'vitest';
import { isTopicIdentifier } from '../devices/topics.ts';
import { DEMO_DEVICE_PREFIX, planDemoDevices } from './devices.ts';
import { generateDemo } from './generate.ts';

const demo = generateDemo();
const devices = planDemoDevices(demo);
const communities = demo.areas.filter((a) => a.level === 'community');
const homeOf = (x: { communityCode: string; buildingCode: string | null; home?: { unit: string; room: string } | null; unit?: string; room?: string }) =>
  `${x.communityCode}|${x.buildingCode}|${x.home?.unit ?? x.unit}|${x.home?.room ?? x.room}`;

describe('the demo devices', () => {
  it('are the same for the same data and seed, with unique ids that can be MQTT user names', () => {
    expect(planDemoDevices(demo)).toEqual(devices);
    expect(planDemoDevices(demo, 7)).not.toEqual(devices);
    expect(new Set(devices.map((d) => d.id)).size).toBe(devices.length);
    for (const d of devices) {
      expect(isTopicIdentifier(d.id)).toBe(true);
      expect(d.id.startsWith(`${DEMO_DEVICE_PREFIX}${d.communityCode}-`)).toBe(true);
    }
  });

  it('give every elder living alone an SOS button, a door sensor and a water meter, and only them', () => {
    const elderHomes = new Set(demo.residents.filter((r) => r.careTags.includes('elder_alone')).map(homeOf));
    expect(elderHomes.size).toBeGreaterThan(100);
    for (const kind of ['sos_button', 'door_magnet', 'water_meter'] as const) {
      expect(new Set(devices.filter((d) => d.kind === kind).map(homeOf))).toEqual(elderHomes);
    }
    const kitchens = devices.filter((d) => d.kind === 'smoke' || d.kind === 'gas');
    expect(kitchens.filter((d) => elderHomes.has(homeOf(d))).length).toBeGreaterThan(kitchens.length / 3);
    expect(kitchens.every((d) => d.home !== null)).toBe(true);
  });

  it('put e-bike cameras in the lifts of tall buildings only, one per unit', () => {
    const cameras = devices.filter((d) => d.kind === 'lift_ebike_camera');
    const tall = demo.buildings.filter((b) => b.purpose === 'residential' && b.floors >= 18);
    expect(cameras).toHaveLength(tall.reduce((n, b) => n + b.units, 0));
    expect(cameras.length).toBeGreaterThan(10);
  });

  it('stand manhole covers, bins and lamp poles along the roads, inside their community', () => {
    for (const community of communities) {
      const street = devices.filter((d) => d.communityCode === community.code && d.point !== null);
      const byKind = (kind: string) => street.filter((d) => d.kind === kind).length;
      expect(byKind('manhole_cover')).toBeGreaterThan(15);
      expect(byKind('bin_level')).toBeGreaterThan(5);
      expect(byKind('lamp_pole')).toBeGreaterThan(2);
      for (const d of street) expect(booleanPointInPolygon(d.point!, community.boundary!), d.label).toBe(true);
    }
  });
});
