/**
 * The walking-access engine against pgRouting: on the literal graph of a query (every point a
 * vertex with a connector edge, snapped edges split — src/access/literalGraph.ts),
 * `pgr_drivingDistance(…, directed := false, equicost := true)` from each kind's facilities must
 * give every origin the engine's distance to within 0.01 m, and agree on what is out of reach.
 *
 * Needs PostgreSQL with pgRouting (CI installs postgresql-15-pgrouting). Without it the suite is
 * skipped, saying why — except when CI is set, where it fails.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createPgRoutingDatabase,
  drivingDistance,
  loadLiteralGraph,
  pgAdminUrl,
  probePgRouting,
  type PgRoutingDatabase,
} from '../bench/pgrouting.ts';
import { syntheticCity } from '../bench/syntheticCity.ts';
import { computeAccess, prepareNetwork, snapQuery, type AccessKindQuery, type AccessQuery } from '../src/access/access.ts';
import { buildLiteralGraph, type LiteralGraph } from '../src/access/literalGraph.ts';
import { readOsmExtract } from '../src/access/osm/readOsm.ts';
import type { LonLat, OsmExtract, StreetNetwork } from '../src/access/types.ts';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const osmFile = (name: string) => path.resolve(repoRoot, '../shared/data/osm', name);
const TOLERANCE = 0.01; // metres
const adminUrl = pgAdminUrl();
const probe = await probePgRouting(adminUrl);
const skip = !probe.ok && !process.env.CI;

describe.skipIf(skip)(`walking access equals pgRouting's pgr_drivingDistance${probe.ok ? '' : ` (skipped: ${probe.reason})`}`, () => {
  let database: PgRoutingDatabase;

  beforeAll(async () => {
    if (!probe.ok) throw new Error(`CI is set, so this cross-check must run, but ${probe.reason}`);
    database = await createPgRoutingDatabase(adminUrl);
  });
  afterAll(async () => {
    await database?.drop();
  });

  it('on a synthetic city, with points on shared edges, on nodes and out of reach', async () => {
    const city = syntheticCity({ columns: 40, rows: 40, seed: 11 });
    const kinds = ['kindergarten', 'pharmacy', 'middle_school', 'bus_stop'].map((name) => city.kinds.find((k) => k.kind === name)!);
    const origins = [...city.buildings, ...awkwardPoints(city.network)];
    // Facilities where some origins stand (same edge, even the same point) and at junctions.
    const atOrigins: AccessKindQuery = { kind: 'at_origins', facilities: origins.filter((_, i) => i % 37 === 0), maxDistance: 400 };
    const atNodes: AccessKindQuery = { kind: 'at_nodes', facilities: nodesEvery(city.network, 53), maxDistance: 250 };
    await expectSameAsPgRouting(database.client, city.network, { origins, kinds: [...kinds, atOrigins, atNodes] });
  });

  it('on the street network of Monaco (OpenStreetMap)', async () => {
    const extract = await readOsmExtract(osmFile('monaco.osm.pbf'));
    await expectSameAsPgRouting(database.client, extract.network, osmQuery(extract));
  });

  it('on the street network of Liechtenstein (OpenStreetMap)', async () => {
    const extract = await readOsmExtract(osmFile('liechtenstein.osm.pbf'));
    await expectSameAsPgRouting(database.client, extract.network, osmQuery(extract));
  });
});

/** Buildings' entrances as origins; a few facility kinds picked from the amenities by tag. */
function osmQuery(extract: OsmExtract): AccessQuery {
  const pick = (key: string, value: string, maxDistance: number): AccessKindQuery => ({
    kind: `${key}=${value}`,
    facilities: extract.amenities.filter((a) => a.tags[key] === value).map((a) => a.point),
    maxDistance,
  });
  const kinds = [
    pick('amenity', 'school', 1000),
    pick('amenity', 'pharmacy', 500),
    pick('shop', 'supermarket', 500),
    pick('leisure', 'playground', 300),
    pick('highway', 'bus_stop', 500),
  ].filter((k) => k.facilities.length > 0);
  expect(kinds.length).toBeGreaterThanOrEqual(3);
  return { origins: extract.buildings.map((b) => b.entrance), kinds };
}

/** Points exactly on junctions, far outside the network, and an exact duplicate. */
function awkwardPoints(network: StreetNetwork): LonLat[] {
  const first: LonLat = [network.nodeLon[0], network.nodeLat[0]];
  return [first, first, [network.nodeLon[0] + 0.05, network.nodeLat[0]]];
}

function nodesEvery(network: StreetNetwork, step: number): LonLat[] {
  const points: LonLat[] = [];
  for (let v = 0; v < network.nodeLon.length; v += step) points.push([network.nodeLon[v], network.nodeLat[v]]);
  return points;
}

async function expectSameAsPgRouting(client: pg.Client, network: StreetNetwork, query: AccessQuery): Promise<void> {
  const prepared = prepareNetwork(network);
  const graph = buildLiteralGraph(network, snapQuery(prepared, query));
  await loadLiteralGraph(client, graph);
  const result = computeAccess(prepared, query);
  let compared = 0;
  for (const [k, kind] of query.kinds.entries()) {
    const sources = graph.facilityVertex[k].filter((v) => v >= 0);
    const reached = await drivingDistance(client, sources, kind.maxDistance, graph.originVertex.filter((v) => v >= 0));
    const mismatches: { origin: number; engine: number; pgRouting: number }[] = [];
    const otherFacility: number[] = [];
    graph.originVertex.forEach((vertex, o) => {
      const theirs = reached.get(vertex);
      const pgRouting = theirs?.cost ?? Infinity;
      const engine = result[k].distance[o];
      if (!sameDistance(engine, pgRouting, kind.maxDistance)) mismatches.push({ origin: o, engine, pgRouting });
      if (theirs && result[k].facility[o] >= 0 && graph.facilityVertex[k][result[k].facility[o]] !== theirs.from) otherFacility.push(o);
      if (Number.isFinite(engine)) compared++;
    });
    expect(mismatches.slice(0, 5), `${kind.kind}: ${mismatches.length} origins differ`).toEqual([]);
    await expectTies(client, graph, k, kind, result[k].facility, result[k].distance, otherFacility);
  }
  expect(compared).toBeGreaterThan(100); // the check compared real distances, not only Infinity
}

/** Equal to within 0.01 m; or both out of reach (a disagreement right at the cut-off is a rounding). */
function sameDistance(engine: number, pgRouting: number, maxDistance: number): boolean {
  if (Number.isFinite(engine) && Number.isFinite(pgRouting)) return Math.abs(engine - pgRouting) <= TOLERANCE;
  if (!Number.isFinite(engine) && !Number.isFinite(pgRouting)) return true;
  const finite = Number.isFinite(engine) ? engine : pgRouting;
  return Math.abs(finite - maxDistance) <= 1e-6;
}

/**
 * Where the engine names another facility than pgRouting, that facility must be as near (a tie):
 * asks pgRouting for the distance from the engine's facility alone (for up to 20 such origins).
 */
async function expectTies(
  client: pg.Client,
  graph: LiteralGraph,
  k: number,
  kind: AccessKindQuery,
  facility: Int32Array,
  distance: Float64Array,
  origins: number[],
): Promise<void> {
  for (const o of origins.slice(0, 20)) {
    const named = graph.facilityVertex[k][facility[o]];
    const alone = await drivingDistance(client, [named], kind.maxDistance, [graph.originVertex[o]]);
    expect(alone.get(graph.originVertex[o])?.cost, `${kind.kind}: origin ${o}`).toBeCloseTo(distance[o], 2);
  }
}
