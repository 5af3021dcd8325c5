// npm run bench:access — walking access for all buildings × every facility kind, on Liechtenstein
// (OpenStreetMap) and on a synthetic city of ≥ 300,000 junctions: Linli's engine and pgRouting's
// pgr_drivingDistance (equicost) on the same graph, same sources and cut-offs, in the same run.
//
// Options: --size N (synthetic grid N × N, default 550 → 302,500 nodes), --runs N (engine runs
// timed, default 5, after --warmup N untimed ones, default 2; the first is reported as cold), --no-pgrouting, --pgr-memory-mb N (see pgRoutingBatch), --pgr-budget-s N (see
// measurePgRouting), --only liechtenstein|synthetic.
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { computeAccess, prepareNetwork, snapQuery, type AccessQuery, type KindAccess, type PreparedNetwork } from '../src/access/access.ts';
import { DijkstraWorkspace } from '../src/access/dijkstra.ts';
import { buildLiteralGraph, type LiteralGraph } from '../src/access/literalGraph.ts';
import { readOsmExtract } from '../src/access/osm/readOsm.ts';
import type { StreetNetwork } from '../src/access/types.ts';
import { createPgRoutingDatabase, drivingDistance, loadLiteralGraph, nearestPerNode, pgAdminUrl, probePgRouting } from './pgrouting.ts';
import { syntheticCity } from './syntheticCity.ts';
import { osmExtract } from '../test/osmExtracts.ts';

const { values: args } = parseArgs({
  options: {
    size: { type: 'string', default: '550' },
    runs: { type: 'string', default: '5' },
    warmup: { type: 'string', default: '2' },
    'no-pgrouting': { type: 'boolean', default: false },
    'pgr-memory-mb': { type: 'string', default: '1500' },
    'pgr-budget-s': { type: 'string', default: '900' },
    only: { type: 'string' },
  },
});

interface Case {
  name: string;
  network: StreetNetwork;
  query: AccessQuery;
}

interface Timing {
  wall: number;
  cpu: number;
}

interface EngineResult {
  prepare: Timing;
  /** Snapping alone (origins and facilities, as inside compute), best of the runs. */
  snap: Timing;
  /** What resetting the search's whole arrays before every kind would add (the engine resets only what it reached). */
  fullReset: number;
  /** Median of the timed compute runs, and every timed run's wall time. */
  compute: Timing;
  runs: number[];
  /** The very first compute run, before the JIT has seen the code. */
  cold: Timing;
  result: KindAccess[];
  memory: { rss: number; heapUsed: number; arrayBuffers: number; typedArrays: number };
}

interface PgResult {
  load: number;
  /** Seconds spent in the kinds measured, and how many kinds that was. */
  total: number;
  kindsMeasured: number;
  /** Estimate for all kinds: measured, plus the rest at the measured time per source. */
  estimate: number;
  batches: number;
  /** Origins where pgRouting's equicost distance differs from the engine's by more than 1 cm. */
  differing: number;
  longer: number;
}

async function liechtenstein(): Promise<Case> {
  const extract = await readOsmExtract(osmExtract('liechtenstein.osm.pbf'));
  // The same 20 kinds as the synthetic city would be too many for a country with 9k buildings that
  // maps few amenities; these are the tags it does map, with the life-circle cut-offs.
  const tags: [string, string, number][] = [
    ['amenity', 'kindergarten', 300], ['amenity', 'school', 500], ['amenity', 'pharmacy', 500], ['amenity', 'doctors', 1000],
    ['shop', 'supermarket', 500], ['shop', 'convenience', 300], ['shop', 'bakery', 500], ['amenity', 'post_office', 500],
    ['amenity', 'bank', 500], ['amenity', 'restaurant', 500], ['amenity', 'cafe', 500], ['amenity', 'toilets', 300],
    ['amenity', 'bench', 300], ['amenity', 'drinking_water', 300], ['amenity', 'recycling', 300], ['leisure', 'playground', 300],
    ['leisure', 'park', 500], ['leisure', 'pitch', 500], ['leisure', 'sports_centre', 1000], ['highway', 'bus_stop', 500],
  ];
  const kinds = tags
    .map(([key, value, maxDistance]) => ({
      kind: `${key}=${value}`,
      maxDistance,
      facilities: extract.amenities.filter((a) => a.tags[key] === value).map((a) => a.point),
    }))
    .filter((k) => k.facilities.length > 0);
  return { name: 'Liechtenstein', network: extract.network, query: { origins: extract.buildings.map((b) => b.entrance), kinds } };
}

function synthetic(size: number): Case {
  const city = syntheticCity({ columns: size, rows: size, seed: 1 });
  return { name: `synthetic ${size}×${size}`, network: city.network, query: { origins: city.buildings, kinds: city.kinds } };
}

function cpuMs(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}

function time<T>(work: () => T): [T, Timing] {
  const cpu = cpuMs();
  const wall = performance.now();
  const value = work();
  return [value, { wall: performance.now() - wall, cpu: cpuMs() - cpu }];
}

function collect(): void {
  (globalThis as { gc?: () => void }).gc?.();
}

function measureEngine(c: Case, runs: number, warmup: number): EngineResult {
  collect();
  const before = process.memoryUsage();
  const [prepared, prepare] = time(() => prepareNetwork(c.network));
  const [first, cold] = time(() => computeAccess(prepared, c.query));
  // Memory right after a run, while its results are still held (typed arrays count in arrayBuffers).
  const after = process.memoryUsage();
  for (let r = 1; r < warmup; r++) computeAccess(prepared, c.query);
  const timings: Timing[] = [];
  let result = first;
  for (let r = 0; r < runs; r++) {
    const [value, timing] = time(() => computeAccess(prepared, c.query));
    timings.push(timing);
    result = value;
  }
  const sorted = [...timings].sort((a, b) => a.wall - b.wall);
  const snaps = Array.from({ length: runs }, () => time(() => snapQuery(prepared, c.query))[1]).sort((a, b) => a.wall - b.wall);
  return {
    prepare,
    cold,
    snap: snaps[0],
    fullReset: fullResetCost(prepared.csr.nodeCount, c.query.kinds.length),
    compute: sorted[Math.floor(sorted.length / 2)],
    runs: timings.map((t) => t.wall),
    result,
    memory: {
      rss: after.rss - before.rss,
      heapUsed: after.heapUsed - before.heapUsed,
      arrayBuffers: after.arrayBuffers - before.arrayBuffers,
      typedArrays: typedArrayBytes(prepared, c.query, result),
    },
  };
}

function fullResetCost(nodeCount: number, kinds: number): number {
  const search = new DijkstraWorkspace(nodeCount);
  const start = performance.now();
  for (let k = 0; k < kinds; k++) {
    search.dist.fill(Infinity);
    search.nearest.fill(-1);
  }
  return performance.now() - start;
}

/** Bytes of the engine's own typed arrays: prepared graph and index, one query's snaps, search and results. */
function typedArrayBytes(prepared: PreparedNetwork, query: AccessQuery, result: KindAccess[]): number {
  const points = query.origins.length + query.kinds.reduce((n, k) => n + k.facilities.length, 0);
  const snaps = points * (4 + 8 * 4); // edge, offset, connector, lon, lat
  const originTable = query.origins.length * (4 * 4 + 8 * 3);
  const search = new DijkstraWorkspace(prepared.csr.nodeCount).byteLength + prepared.network.edgeFrom.length * 4;
  const results = result.reduce((n, r) => n + r.distance.byteLength + r.facility.byteLength, 0);
  return prepared.byteLength + snaps + originTable + search + results;
}

/**
 * Sources per pgRouting call. pgRouting 3.4's equicost mode keeps a predecessor array per source
 * (sources × vertices × 8 bytes), which for thousands of sources on a city graph is more memory
 * than the machine has; so sources go in batches within --pgr-memory-mb and the nearest is taken
 * over the batches, as a pgRouting user would have to do.
 */
function pgRoutingBatch(vertexCount: number): number {
  const budget = Number(args['pgr-memory-mb']) * 1024 * 1024;
  return Math.max(1, Math.floor(budget / (2 * 8 * vertexCount)));
}

/**
 * pgRouting on the literal graph (loading it is not timed), kind by kind. pgRouting takes far
 * longer than the engine on a city, so once --pgr-budget-s is spent the remaining kinds are not run
 * but estimated at the measured time per source; the ratio printed uses the measured kinds only
 * (against the engine's time for all kinds), so it is a lower bound.
 */
async function measurePgRouting(c: Case, prepared: PreparedNetwork, engine: KindAccess[]): Promise<PgResult> {
  const graph = buildLiteralGraph(c.network, snapQuery(prepared, c.query));
  const database = await createPgRoutingDatabase(pgAdminUrl());
  try {
    const loadStart = performance.now();
    await loadLiteralGraph(database.client, graph);
    const load = performance.now() - loadStart;
    const batch = pgRoutingBatch(graph.vertexCount);
    const budget = Number(args['pgr-budget-s']) * 1000;
    const result: PgResult = { load, total: 0, kindsMeasured: 0, estimate: 0, batches: 0, differing: 0, longer: 0 };
    let sourcesMeasured = 0;
    let sourcesLeft = 0;
    for (const [k, kind] of c.query.kinds.entries()) {
      const sources = graph.facilityVertex[k].filter((v) => v >= 0);
      if (result.total > budget) {
        sourcesLeft += sources.length;
        continue;
      }
      const start = performance.now();
      const reached = [];
      for (let first = 0; first < sources.length; first += batch, result.batches++) {
        const some = sources.slice(first, first + batch);
        reached.push(...(await drivingDistance(database.client, some, kind.maxDistance, { equicost: true, originsOnly: true })));
      }
      const elapsed = performance.now() - start;
      result.total += elapsed;
      result.kindsMeasured++;
      sourcesMeasured += sources.length;
      compare(graph, engine[k], nearestPerNode(reached), result);
      console.log(`  pgRouting ${kind.kind}: ${sources.length} sources in batches of ${batch}, ${secs(elapsed)}`);
    }
    result.estimate = result.total + (sourcesMeasured > 0 ? (result.total / sourcesMeasured) * sourcesLeft : 0);
    return result;
  } finally {
    await database.drop();
  }
}

function compare(graph: LiteralGraph, engine: KindAccess, pg: Map<number, { cost: number }>, out: { differing: number; longer: number }): void {
  graph.originVertex.forEach((vertex, o) => {
    const theirs = pg.get(vertex)?.cost ?? Infinity;
    const ours = engine.distance[o];
    if (ours === theirs || Math.abs(ours - theirs) <= 0.01) return;
    out.differing++;
    if (theirs > ours) out.longer++;
  });
}

const mb = (bytes: number) => `${bytes < 0 ? '−' : '+'}${(Math.abs(bytes) / 1048576).toFixed(0)} MB`;
const secs = (ms: number) => (ms < 1000 ? `${ms.toFixed(1)} ms` : `${(ms / 1000).toFixed(2)} s`);

function report(c: Case, engine: EngineResult, pg: PgResult | string): string[] {
  const facilities = c.query.kinds.reduce((n, k) => n + k.facilities.length, 0);
  const lines = [
    `${c.name}: ${c.network.nodeLon.length.toLocaleString('en')} nodes, ${c.network.edgeFrom.length.toLocaleString('en')} edges, ` +
      `${c.query.origins.length.toLocaleString('en')} origins, ${c.query.kinds.length} kinds, ${facilities.toLocaleString('en')} facilities`,
    `  Linli     prepare ${secs(engine.prepare.wall)} (cpu ${secs(engine.prepare.cpu)}), compute ${secs(engine.compute.wall)} ` +
      `(median; cpu ${secs(engine.compute.cpu)}; runs ${engine.runs.map(secs).join(', ')}), prepare + compute ` +
      `${secs(engine.prepare.wall + engine.compute.wall)}; first (cold) compute ${secs(engine.cold.wall)}`,
    `            of compute: snapping ${secs(engine.snap.wall)} (cpu ${secs(engine.snap.cpu)}); resetting whole search arrays per kind ` +
      `would add ${engine.fullReset.toFixed(1)} ms`,
    `  memory    RSS ${mb(engine.memory.rss)}, heapUsed ${mb(engine.memory.heapUsed)}, arrayBuffers ${mb(engine.memory.arrayBuffers)}; ` +
      `engine typed arrays ${(engine.memory.typedArrays / 1048576).toFixed(0)} MB`,
  ];
  if (typeof pg === 'string') return [...lines, `  pgRouting ${pg}`];
  const kinds = c.query.kinds.length;
  const all = pg.kindsMeasured === kinds;
  const measured = all ? secs(pg.total) : `${secs(pg.total)} for ${pg.kindsMeasured} of ${kinds} kinds (all ${kinds}: ≈ ${secs(pg.estimate)})`;
  const atLeast = all ? '' : '≥ ';
  const estimate = all ? '' : ` (≈ ${(pg.estimate / engine.compute.wall).toFixed(0)}× for all kinds)`;
  const withPrepare = pg.total / (engine.prepare.wall + engine.compute.wall);
  const againstCold = pg.total / engine.cold.wall;
  return [
    ...lines,
    `  pgRouting ${measured} in ${pg.batches} pgr_drivingDistance calls (graph load ${secs(pg.load)}, not timed)`,
    `  ratio     pgRouting / Linli compute = ${atLeast}${(pg.total / engine.compute.wall).toFixed(1)}×${estimate}; ` +
      `against prepare + compute ${atLeast}${withPrepare.toFixed(1)}×; against the cold compute ${atLeast}${againstCold.toFixed(1)}×`,
    `  agreement pgRouting equicost differs from Linli by > 1 cm at ${pg.differing} origin×kind pairs ` +
      `(${pg.longer} of them longer in pgRouting)`,
  ];
}

async function main(): Promise<void> {
  const probe = args['no-pgrouting'] ? { ok: false as const, reason: 'skipped (--no-pgrouting)' } : await probePgRouting(pgAdminUrl());
  console.log(`node ${process.version}, ${os.cpus().length} × ${os.cpus()[0]?.model}, load average ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}` +
    `${probe.ok ? `, pgRouting ${probe.version}` : ''}`);
  const cases: (() => Promise<Case> | Case)[] = [];
  if (args.only !== 'synthetic') cases.push(liechtenstein);
  if (args.only !== 'liechtenstein') cases.push(() => synthetic(Number(args.size)));
  const lines: string[] = [];
  for (const load of cases) {
    const c = await load();
    console.log(`${c.name}: measuring…`);
    const engine = measureEngine(c, Number(args.runs), Number(args.warmup));
    const prepared = prepareNetwork(c.network);
    const pg = probe.ok ? await measurePgRouting(c, prepared, engine.result) : `not run: ${probe.reason}`;
    lines.push(...report(c, engine, pg));
  }
  console.log(`\n${lines.join('\n')}\nload average now ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}`);
}

await main();
