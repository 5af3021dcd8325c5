/**
 * pgRouting as the reference for the walking-access engine, shared by the cross-check test and the
 * benchmark: a throw-away database with the extension, a literal graph (see
 * src/access/literalGraph.ts) loaded into an edges table, and `pgr_drivingDistance` over it.
 * Vertex ids in the database are the literal graph's ids + 1 (pgRouting ignores vertex 0).
 */
import crypto from 'node:crypto';
import pg from 'pg';
import type { LiteralGraph } from '../src/access/literalGraph.ts';

/**
 * The PostgreSQL server to use: PGROUTING_URL's, else DATABASE_URL's (the server of this test run),
 * else the local one (trust auth); always its `postgres` database.
 */
export function pgAdminUrl(env: NodeJS.ProcessEnv = process.env): string {
  const url = new URL(env.PGROUTING_URL ?? env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres');
  url.pathname = '/postgres';
  return url.toString();
}

export type PgRoutingProbe = { ok: true; version: string } | { ok: false; reason: string };

/** Whether the server answers and offers the pgrouting extension; if not, why not. */
export async function probePgRouting(adminUrl: string): Promise<PgRoutingProbe> {
  const client = new pg.Client({ connectionString: adminUrl, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
  } catch (error) {
    return { ok: false, reason: `PostgreSQL is not reachable at ${redact(adminUrl)} (${(error as Error).message})` };
  }
  try {
    const { rows } = await client.query<{ default_version: string }>(
      `SELECT default_version FROM pg_available_extensions WHERE name = 'pgrouting'`,
    );
    if (rows.length === 0) return { ok: false, reason: `the pgrouting extension is not installed on ${redact(adminUrl)}` };
    return { ok: true, version: rows[0].default_version };
  } finally {
    await client.end();
  }
}

function redact(url: string): string {
  const parsed = new URL(url);
  parsed.password = '';
  return parsed.toString();
}

export interface PgRoutingDatabase {
  client: pg.Client;
  name: string;
  /** Disconnects and drops the database. */
  drop(): Promise<void>;
}

/** A new database `linli_pgr_<random>` with PostGIS and pgRouting (pgRouting 3.4 requires PostGIS). */
export async function createPgRoutingDatabase(adminUrl: string): Promise<PgRoutingDatabase> {
  const name = `linli_pgr_${crypto.randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const client = new pg.Client({ connectionString: url.toString() });
  const drop = async () => {
    await client.end().catch(() => undefined);
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end();
  };
  try {
    await client.connect();
    await client.query('CREATE EXTENSION pgrouting CASCADE');
  } catch (error) {
    await drop();
    throw error;
  }
  return { client, name, drop };
}

const CHUNK = 50_000;

/**
 * Loads the graph into table `edges` (id, source, target, cost, reverse_cost), walkable both ways,
 * and its origins' vertices into `origin_vertices` (node).
 */
export async function loadLiteralGraph(client: pg.Client, graph: LiteralGraph): Promise<void> {
  await client.query(`DROP TABLE IF EXISTS edges, origin_vertices`);
  await client.query(`CREATE TABLE edges (id bigint PRIMARY KEY, source bigint NOT NULL, target bigint NOT NULL,
    cost float8 NOT NULL, reverse_cost float8 NOT NULL)`);
  for (let first = 0; first < graph.edges.length; first += CHUNK) {
    const chunk = graph.edges.slice(first, first + CHUNK);
    // Numbers travel as their shortest round-trip text, so float8 receives every cost bit for bit.
    await client.query(
      `INSERT INTO edges SELECT * FROM unnest($1::bigint[], $2::bigint[], $3::bigint[], $4::float8[], $4::float8[])`,
      [chunk.map((_, i) => first + i + 1), chunk.map((e) => e.from + 1), chunk.map((e) => e.to + 1), chunk.map((e) => e.cost)],
    );
  }
  await client.query(`CREATE TABLE origin_vertices (node bigint PRIMARY KEY)`);
  const origins = [...new Set(graph.originVertex.filter((v) => v >= 0))];
  await client.query(`INSERT INTO origin_vertices SELECT unnest($1::bigint[])`, [origins.map((v) => v + 1)]);
  await client.query('ANALYZE edges, origin_vertices');
}

export interface Reached {
  /** Literal vertex id of the source. */
  from: number;
  /** Literal vertex id reached. */
  node: number;
  /** Metres from that source. */
  cost: number;
}

export interface DrivingDistanceOptions {
  /**
   * true: each vertex once, from its nearest source (pgRouting's equicost mode). false: each vertex
   * once per source that reaches it (one exact Dijkstra per source).
   */
  equicost: boolean;
  /** Answer for the origins' vertices only (a hash join; the routing work is the same). */
  originsOnly?: boolean;
}

/**
 * `pgr_drivingDistance` (undirected) from all `sources` within `maxDistance`. Literal vertex ids
 * in and out.
 */
export async function drivingDistance(
  client: pg.Client,
  sources: number[],
  maxDistance: number,
  options: DrivingDistanceOptions,
): Promise<Reached[]> {
  if (sources.length === 0) return [];
  const { rows } = await client.query<{ from_v: string; node: string; agg_cost: number }>(
    `SELECT from_v, node, agg_cost
       FROM pgr_drivingDistance('SELECT id, source, target, cost, reverse_cost FROM edges', $1::bigint[], $2::float8,
                                directed := false, equicost := $3) AS dd
      ${options.originsOnly ? 'JOIN origin_vertices USING (node)' : ''}`,
    [sources.map((v) => v + 1), maxDistance, options.equicost],
  );
  return rows.map((row) => ({ from: Number(row.from_v) - 1, node: Number(row.node) - 1, cost: Number(row.agg_cost) }));
}

/** Per vertex, the nearest of the sources that reached it. */
export function nearestPerNode(reached: Reached[]): Map<number, Reached> {
  const nearest = new Map<number, Reached>();
  for (const r of reached) {
    const known = nearest.get(r.node);
    if (!known || r.cost < known.cost) nearest.set(r.node, r);
  }
  return nearest;
}
