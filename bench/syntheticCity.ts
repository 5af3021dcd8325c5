/**
 * A synthetic city for benchmarking walking access: a jittered street grid with missing links and
 * diagonal alleys, streets that bend, buildings scattered over the blocks, and 20 facility kinds at
 * densities and cut-offs in the spirit of China's community life circles (5-minute ≈ 300 m,
 * 10-minute ≈ 500 m, 15-minute ≈ 1000 m). Deterministic for a given seed.
 */
import type { AccessKindQuery } from '../src/access/access.ts';
import { METRES_PER_DEGREE, polylineMetres } from '../src/access/geodesic.ts';
import type { LonLat, StreetNetwork } from '../src/access/types.ts';

export interface SyntheticCityOptions {
  /** Junctions along x and along y (nodes = columns × rows). */
  columns: number;
  rows: number;
  /** Block size in metres (default 60: dense urban fabric). */
  spacing?: number;
  /** Buildings per junction (default 0.6). */
  buildingsPerNode?: number;
  seed?: number;
  /**
   * Number the junctions in random order (default true), as a reader going through ways in file
   * order would, rather than in the grid's tidy row order that no real extract has.
   */
  shuffleNodes?: boolean;
}

export interface SyntheticCity {
  network: StreetNetwork;
  buildings: LonLat[];
  kinds: AccessKindQuery[];
  /** Area covered, km². */
  areaKm2: number;
}

/** The 20 facility kinds: how many per km², and how far a resident should have to walk at most. */
export const SYNTHETIC_KINDS: readonly { kind: string; perKm2: number; maxDistance: number }[] = [
  { kind: 'kindergarten', perKm2: 3, maxDistance: 300 },
  { kind: 'primary_school', perKm2: 1, maxDistance: 500 },
  { kind: 'middle_school', perKm2: 0.5, maxDistance: 1000 },
  { kind: 'health_centre', perKm2: 1, maxDistance: 1000 },
  { kind: 'health_station', perKm2: 2, maxDistance: 300 },
  { kind: 'pharmacy', perKm2: 6, maxDistance: 500 },
  { kind: 'convenience_store', perKm2: 15, maxDistance: 300 },
  { kind: 'supermarket', perKm2: 2, maxDistance: 500 },
  { kind: 'fresh_market', perKm2: 1, maxDistance: 500 },
  { kind: 'elderly_daycare', perKm2: 2, maxDistance: 300 },
  { kind: 'elderly_canteen', perKm2: 2, maxDistance: 500 },
  { kind: 'community_service', perKm2: 1.5, maxDistance: 500 },
  { kind: 'culture_room', perKm2: 1, maxDistance: 1000 },
  { kind: 'sports_venue', perKm2: 0.5, maxDistance: 1000 },
  { kind: 'fitness_area', perKm2: 5, maxDistance: 300 },
  { kind: 'playground', perKm2: 4, maxDistance: 300 },
  { kind: 'park', perKm2: 2, maxDistance: 500 },
  { kind: 'bus_stop', perKm2: 8, maxDistance: 500 },
  { kind: 'metro_station', perKm2: 0.3, maxDistance: 1000 },
  { kind: 'parcel_locker', perKm2: 10, maxDistance: 300 },
];

/** Centre of the city: Shanghai's People's Square. */
const LON0 = 121.4737;
const LAT0 = 31.2304;
const MISSING_LINK = 0.08;
const DIAGONAL = 0.05;

/** mulberry32: a small, fast, seedable generator (uniform in [0, 1)). */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Builds the city described by `options`. */
export function syntheticCity(options: SyntheticCityOptions): SyntheticCity {
  const spacing = options.spacing ?? 60;
  const random = seededRandom(options.seed ?? 1);
  const { columns, rows } = options;
  const toLonLat = (x: number, y: number): LonLat => [
    LON0 + x / (METRES_PER_DEGREE * Math.cos((LAT0 * Math.PI) / 180)),
    LAT0 + y / METRES_PER_DEGREE,
  ];
  const nodeX = new Float64Array(columns * rows);
  const nodeY = new Float64Array(columns * rows);
  for (let j = 0; j < rows; j++) {
    for (let i = 0; i < columns; i++) {
      nodeX[j * columns + i] = (i - columns / 2 + (random() - 0.5) * 0.3) * spacing;
      nodeY[j * columns + i] = (j - rows / 2 + (random() - 0.5) * 0.3) * spacing;
    }
  }
  const streets = buildStreets(columns, rows, nodeX, nodeY, random, toLonLat);
  const network = options.shuffleNodes === false ? streets : shuffleNodes(streets, random);
  const width = columns * spacing;
  const height = rows * spacing;
  const anywhere = (): LonLat => toLonLat((random() - 0.5) * width, (random() - 0.5) * height);
  const areaKm2 = (width * height) / 1e6;
  const buildings = Array.from({ length: Math.round(columns * rows * (options.buildingsPerNode ?? 0.6)) }, anywhere);
  const kinds = SYNTHETIC_KINDS.map(({ kind, perKm2, maxDistance }) => ({
    kind,
    maxDistance,
    facilities: Array.from({ length: Math.max(1, Math.round(perKm2 * areaKm2)) }, anywhere),
  }));
  return { network, buildings, kinds, areaKm2 };
}

/** The same network with its nodes numbered in a random order. */
function shuffleNodes(network: StreetNetwork, random: () => number): StreetNetwork {
  const count = network.nodeLon.length;
  const newId = Uint32Array.from({ length: count }, (_, i) => i);
  for (let i = count - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [newId[i], newId[j]] = [newId[j], newId[i]];
  }
  const nodeLon = new Float64Array(count);
  const nodeLat = new Float64Array(count);
  for (let i = 0; i < count; i++) {
    nodeLon[newId[i]] = network.nodeLon[i];
    nodeLat[newId[i]] = network.nodeLat[i];
  }
  return {
    ...network,
    nodeLon,
    nodeLat,
    edgeFrom: network.edgeFrom.map((v) => newId[v]),
    edgeTo: network.edgeTo.map((v) => newId[v]),
  };
}

/** Streets of the grid: most links between neighbours, a few diagonals, some bent in the middle. */
function buildStreets(
  columns: number,
  rows: number,
  nodeX: Float64Array,
  nodeY: Float64Array,
  random: () => number,
  toLonLat: (x: number, y: number) => LonLat,
): StreetNetwork {
  const from: number[] = [];
  const to: number[] = [];
  const lengths: number[] = [];
  const geometryStart: number[] = [0];
  const coords: number[] = [];
  const addStreet = (a: number, b: number) => {
    const points: LonLat[] = [toLonLat(nodeX[a], nodeY[a])];
    const bends = random() < 0.5 ? 0 : random() < 0.6 ? 1 : 2;
    for (let k = 1; k <= bends; k++) {
      const t = k / (bends + 1);
      const x = nodeX[a] + t * (nodeX[b] - nodeX[a]) + (random() - 0.5) * 8;
      const y = nodeY[a] + t * (nodeY[b] - nodeY[a]) + (random() - 0.5) * 8;
      points.push(toLonLat(x, y));
    }
    points.push(toLonLat(nodeX[b], nodeY[b]));
    const first = coords.length / 2;
    for (const [lon, lat] of points) coords.push(lon, lat);
    from.push(a);
    to.push(b);
    lengths.push(polylineMetres(coords, first, first + points.length));
    geometryStart.push(first + points.length);
  };
  for (let j = 0; j < rows; j++) {
    for (let i = 0; i < columns; i++) {
      const node = j * columns + i;
      if (i + 1 < columns && random() >= MISSING_LINK) addStreet(node, node + 1);
      if (j + 1 < rows && random() >= MISSING_LINK) addStreet(node, node + columns);
      if (i + 1 < columns && j + 1 < rows && random() < DIAGONAL) addStreet(node, node + columns + 1);
    }
  }
  const nodeLonLat = Array.from(nodeX, (x, k) => toLonLat(x, nodeY[k]));
  return {
    nodeLon: Float64Array.from(nodeLonLat, (p) => p[0]),
    nodeLat: Float64Array.from(nodeLonLat, (p) => p[1]),
    edgeFrom: Uint32Array.from(from),
    edgeTo: Uint32Array.from(to),
    edgeLength: Float64Array.from(lengths),
    geometryStart: Uint32Array.from(geometryStart),
    coords: Float64Array.from(coords),
  };
}
