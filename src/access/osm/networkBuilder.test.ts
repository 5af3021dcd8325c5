import { describe, expect, it } from 'vitest';
import type { OsmExtract, StreetNetwork } from '../types.ts';
import { ExtractBuilder } from './extractBuilder.ts';
import { isWalkable } from './networkBuilder.ts';
import type { TestNode, TestWay } from './testPbf.ts';

/** Runs the two passes over in-memory elements, as a reader would. */
function extractOf(nodes: TestNode[], ways: TestWay[]): OsmExtract {
  const builder = new ExtractBuilder();
  for (const w of ways) builder.onWay(w.id, w.refs, w.tags ?? {});
  builder.startNodes();
  for (const n of nodes) builder.onNode(n.id, n.lon, n.lat, n.tags ?? null);
  return builder.finish();
}

const edgesOf = (n: StreetNetwork) => Array.from(n.edgeFrom, (from, i) => [from, n.edgeTo[i]]);

/** Haversine written out independently of the code under test, on the same IUGG mean radius. */
function greatCircle([lon1, lat1]: number[], [lon2, lat2]: number[]): number {
  const r = Math.PI / 180;
  const h = Math.sin(((lat2 - lat1) * r) / 2) ** 2 + Math.cos(lat1 * r) * Math.cos(lat2 * r) * Math.sin(((lon2 - lon1) * r) / 2) ** 2;
  return 2 * 6_371_008.8 * Math.asin(Math.sqrt(h));
}

// A small plus-shaped neighbourhood around (121.55, 29.82), about 100 m per arm.
const grid: TestNode[] = [
  { id: 1, lon: 121.549, lat: 29.82 },
  { id: 2, lon: 121.55, lat: 29.82 },
  { id: 3, lon: 121.551, lat: 29.82 },
  { id: 4, lon: 121.55, lat: 29.821 },
  { id: 5, lon: 121.55, lat: 29.819 },
];
const residential = { highway: 'residential' };

describe('the pedestrian filter', () => {
  const cases: [Record<string, string>, boolean][] = [
    [{ highway: 'footway' }, true],
    [{ highway: 'footway', footway: 'crossing' }, true],
    [{ highway: 'path' }, true],
    [{ highway: 'steps' }, true],
    [{ highway: 'pedestrian', area: 'yes' }, true],
    [{ highway: 'residential' }, true],
    [{ highway: 'living_street' }, true],
    [{ highway: 'service' }, true],
    [{ highway: 'primary' }, true],
    [{ highway: 'track' }, true],
    [{ highway: 'cycleway' }, true],
    [{ highway: 'cycleway', foot: 'no' }, false],
    [{ highway: 'motorway' }, false],
    [{ highway: 'motorway_link' }, false],
    [{ highway: 'trunk' }, false],
    [{ highway: 'trunk', foot: 'yes' }, true],
    [{ highway: 'residential', foot: 'no' }, false],
    [{ highway: 'primary', foot: 'use_sidepath' }, false],
    [{ highway: 'service', access: 'private' }, false],
    [{ highway: 'service', access: 'no', foot: 'yes' }, true],
    [{ highway: 'bridleway' }, false],
    [{ highway: 'bridleway', foot: 'designated' }, true],
    [{ highway: 'construction' }, false],
    [{ highway: 'proposed' }, false],
    [{ building: 'yes' }, false],
    [{ railway: 'rail' }, false],
  ];
  it.each(cases)('%o → %s', (tags, walkable) => {
    expect(isWalkable(tags)).toBe(walkable);
  });

  it('keeps walkable ways out of the network when they are closed to pedestrians', () => {
    const e = extractOf(grid, [
      { id: 10, refs: [1, 2, 3], tags: { highway: 'motorway' } },
      { id: 11, refs: [4, 2, 5], tags: { highway: 'steps' } },
    ]);
    expect(e.network.edgeFrom.length).toBe(1);
    expect(e.network.nodeLat[e.network.edgeFrom[0]]).toBe(29.821);
  });
});

describe('splitting ways into edges', () => {
  it('splits at a node two ways share: a T junction gives 3 edges meeting at one node', () => {
    const e = extractOf(grid, [
      { id: 10, refs: [1, 2, 3], tags: residential },
      { id: 11, refs: [2, 4], tags: { highway: 'footway' } },
    ]);
    const n = e.network;
    expect(n.nodeLon.length).toBe(4);
    expect(edgesOf(n)).toEqual([[0, 1], [1, 2], [1, 3]]);
    expect([n.nodeLon[1], n.nodeLat[1]]).toEqual([121.55, 29.82]);
    expect(Array.from(n.geometryStart)).toEqual([0, 2, 4, 6]);
  });

  it('does not split where a node is used by one way only', () => {
    const e = extractOf(grid, [{ id: 10, refs: [1, 2, 3], tags: residential }]);
    expect(edgesOf(e.network)).toEqual([[0, 1]]);
    expect(Array.from(e.network.coords)).toEqual([121.549, 29.82, 121.55, 29.82, 121.551, 29.82]);
  });

  it('gives each edge the geodesic length of its whole polyline', () => {
    const bent: TestNode[] = [
      { id: 1, lon: 121.55, lat: 29.82 },
      { id: 2, lon: 121.5512, lat: 29.8207 },
      { id: 3, lon: 121.5531, lat: 29.8199 },
    ];
    const e = extractOf(bent, [{ id: 10, refs: [1, 2, 3], tags: residential }]);
    const expected = greatCircle([121.55, 29.82], [121.5512, 29.8207]) + greatCircle([121.5512, 29.8207], [121.5531, 29.8199]);
    expect(e.network.edgeLength[0]).toBeCloseTo(expected, 6);
    // One thousandth of a degree of latitude on the mean sphere: 111.195 m.
    const north = extractOf(grid, [{ id: 11, refs: [2, 4], tags: residential }]);
    expect(north.network.edgeLength[0]).toBeCloseTo(111.195, 3);
  });

  it('cuts a way where the extract lacks one of its nodes, and drops zero-length and repeated points', () => {
    const nodes: TestNode[] = [...grid, { id: 6, lon: 121.551, lat: 29.82 }];
    const e = extractOf(nodes, [
      { id: 10, refs: [1, 2, 99, 4], tags: residential }, // node 99 lies outside the extract
      { id: 11, refs: [3, 6], tags: residential }, // two nodes at one spot: no length, no edge
      { id: 12, refs: [5, 5, 2], tags: { highway: 'path' } },
    ]);
    const n = e.network;
    expect(n.edgeFrom.length).toBe(2);
    expect(Array.from(n.edgeLength).every((l) => l > 0)).toBe(true);
    expect(Array.from(n.geometryStart)).toEqual([0, 2, 4]);
  });

  it('walks a pedestrian area along its outline and splits it where a street meets it', () => {
    const e = extractOf(grid, [
      { id: 10, refs: [1, 4, 3, 5, 1], tags: { highway: 'pedestrian', area: 'yes' } },
      { id: 11, refs: [2, 3], tags: { highway: 'footway' } },
    ]);
    // The ring splits at 1 (its ends) and 3 (shared with the footway): two arcs, plus the footway.
    expect(edgesOf(e.network)).toEqual([[0, 1], [1, 0], [2, 1]]);
  });

  it('numbers nodes in the order the ways reach them, so a file always gives the same network', () => {
    const ways: TestWay[] = [
      { id: 10, refs: [3, 2, 1], tags: residential },
      { id: 11, refs: [5, 2, 4], tags: residential },
    ];
    const first = extractOf(grid, ways).network;
    expect(Array.from(first.nodeLon.slice(0, 2))).toEqual([121.551, 121.55]);
    expect(extractOf([...grid].reverse(), ways).network).toEqual(first);
  });
});

describe('buildings and amenities', () => {
  // A 0.001° square (about 97 × 111 m) with an entrance on one corner.
  const square: TestNode[] = [
    { id: 21, lon: 121.55, lat: 29.82 },
    { id: 22, lon: 121.551, lat: 29.82, tags: { entrance: 'yes' } },
    { id: 23, lon: 121.551, lat: 29.821, tags: { entrance: 'main' } },
    { id: 24, lon: 121.55, lat: 29.821 },
  ];
  const ring = [21, 22, 23, 24, 21];

  it('reads a closed building way with its levels and main entrance', () => {
    const e = extractOf(square, [{ id: 30, refs: ring, tags: { building: 'apartments', 'building:levels': '6', name: '一号楼' } }]);
    expect(e.buildings).toHaveLength(1);
    const b = e.buildings[0];
    expect(b).toMatchObject({ osmId: 'w30', name: '一号楼', buildingTag: 'apartments', levels: 6, entrance: [121.551, 29.821] });
    expect(b.footprint.type).toBe('Polygon');
    expect((b.footprint.coordinates as number[][][])[0]).toHaveLength(5);
  });

  it('falls back to the centroid, and skips building=no, open ways and cut footprints', () => {
    const plain = square.map((n) => ({ ...n, tags: undefined }));
    const e = extractOf(plain, [
      { id: 30, refs: ring, tags: { building: 'yes' } },
      { id: 31, refs: ring, tags: { building: 'no' } },
      { id: 32, refs: [21, 22, 23], tags: { building: 'yes' } },
      { id: 33, refs: [21, 22, 98, 21], tags: { building: 'yes' } },
    ]);
    expect(e.buildings.map((b) => b.osmId)).toEqual(['w30']);
    expect(e.buildings[0].entrance[0]).toBeCloseTo(121.5505, 9);
    expect(e.buildings[0].entrance[1]).toBeCloseTo(29.8205, 9);
  });

  it('keeps amenity nodes and closed amenity ways with all their tags, and the area of a way', () => {
    const nodes: TestNode[] = [
      ...square.map((n) => ({ ...n, tags: undefined })),
      { id: 40, lon: 121.5502, lat: 29.8203, tags: { amenity: 'pharmacy', name: '社区药房', opening_hours: 'Mo-Su 08:00-20:00' } },
      { id: 41, lon: 121.5503, lat: 29.8204, tags: { highway: 'bus_stop', name: '邻里站' } },
      { id: 42, lon: 121.5504, lat: 29.8205, tags: { natural: 'tree' } },
    ];
    const e = extractOf(nodes, [{ id: 50, refs: ring, tags: { leisure: 'park', name: '口袋公园' } }]);
    expect(e.amenities.map((a) => a.osmId)).toEqual(['n40', 'n41', 'w50']);
    expect(e.amenities[0]).toMatchObject({ name: '社区药房', point: [121.5502, 29.8203], areaM2: null, tags: { amenity: 'pharmacy', opening_hours: 'Mo-Su 08:00-20:00' } });
    const park = e.amenities[2];
    const expectedArea = greatCircle([121.55, 29.82], [121.551, 29.82]) * greatCircle([121.55, 29.82], [121.55, 29.821]);
    expect(park.areaM2! / expectedArea).toBeCloseTo(1, 2);
    expect(e.bbox).toEqual([121.55, 29.82, 121.551, 29.821]);
  });
});
