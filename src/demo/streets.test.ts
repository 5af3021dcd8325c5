import { describe, expect, it } from 'vitest';
import { haversineMetres } from '../access/geodesic.ts';
import type { StreetNetwork } from '../access/types.ts';
import { SUBDISTRICT } from './communities.ts';
import { DEFAULT_DEMO_SEED, generateDemo } from './generate.ts';
import { toXy } from './geo.ts';
import { generateDemoStreets } from './streets.ts';

const data = generateDemo();
const streets = generateDemoStreets(data, DEFAULT_DEMO_SEED);
const net = streets.network;

/** Network node at exactly this coordinate, or -1. */
function nodeAt([lon, lat]: readonly number[]): number {
  for (let i = 0; i < net.nodeLon.length; i++) if (net.nodeLon[i] === lon && net.nodeLat[i] === lat) return i;
  return -1;
}

/** Plain Dijkstra over the whole network from one node (the demo network has a few hundred nodes). */
function walkFrom(n: StreetNetwork, source: number): Float64Array {
  const dist = new Float64Array(n.nodeLon.length).fill(Infinity);
  const done = new Uint8Array(dist.length);
  dist[source] = 0;
  for (;;) {
    let u = -1;
    for (let i = 0; i < dist.length; i++) if (!done[i] && dist[i] < Infinity && (u < 0 || dist[i] < dist[u])) u = i;
    if (u < 0) return dist;
    done[u] = 1;
    for (let e = 0; e < n.edgeFrom.length; e++) {
      const v = n.edgeFrom[e] === u ? n.edgeTo[e] : n.edgeTo[e] === u ? n.edgeFrom[e] : -1;
      if (v >= 0 && dist[u] + n.edgeLength[e] < dist[v]) dist[v] = dist[u] + n.edgeLength[e];
    }
  }
}

describe('the demo street network', () => {
  it('is one network for the subdistrict, the same for the same data and seed', () => {
    expect(streets.areaCode).toBe(SUBDISTRICT.code);
    expect(generateDemoStreets(generateDemo(), DEFAULT_DEMO_SEED)).toEqual(streets);
    const km = net.edgeLength.reduce((s, l) => s + l, 0) / 1000;
    expect(km).toBeGreaterThan(25);
    expect(km).toBeLessThan(60);
    expect(Array.from(net.edgeLength).every((l) => l > 0)).toBe(true);
  });

  it('reaches every building entrance and every facility, all from one another', () => {
    const doors = data.buildings.map((b) => nodeAt(b.entrance));
    const facilities = data.facilities.map((f) => nodeAt(f.geometry.type === 'Point' ? f.geometry.coordinates : f.geometry.coordinates[0][0]));
    expect(doors.filter((n) => n < 0)).toEqual([]);
    expect(facilities.filter((n) => n < 0)).toEqual([]);
    const reach = walkFrom(net, doors[0]);
    expect(Array.from(reach).every(Number.isFinite)).toBe(true);
  });

  it('runs a lane along each row of housing, a few metres from the doors', () => {
    // A door's spur is its only edge; the lane it joins is within 6 m.
    for (const b of data.buildings.filter((x) => x.purpose === 'residential' && x.estateCode)) {
      const door = nodeAt(b.entrance);
      const spur = Array.from(net.edgeFrom.keys()).find((e) => net.edgeFrom[e] === door || net.edgeTo[e] === door)!;
      expect(net.edgeLength[spur]).toBeLessThan(6);
    }
  });

  it('has a canal without a bridge, so neighbours on its two banks walk far round', () => {
    // Housing doors in 长春's north row nearest the canal (x ≈ 1810 m), one on each bank.
    const north = data.buildings.filter((b) => b.communityCode === '330212001002' && b.purpose === 'residential' && toXy(b.entrance).y > 560);
    const west = north.filter((b) => toXy(b.entrance).x < 1810).sort((a, b) => toXy(b.entrance).x - toXy(a.entrance).x)[0];
    const east = north.filter((b) => toXy(b.entrance).x > 1810).sort((a, b) => toXy(a.entrance).x - toXy(b.entrance).x)[0];
    const straight = haversineMetres(west.entrance[0], west.entrance[1], east.entrance[0], east.entrance[1]);
    const walk = walkFrom(net, nodeAt(west.entrance))[nodeAt(east.entrance)];
    expect(straight).toBeLessThan(250);
    expect(walk).toBeGreaterThan(3 * straight);
  });
});
