import { performance } from 'node:perf_hooks';
import booleanPointInPolygon from '@turf/boolean-point-in-polygon';
import Flatbush from 'flatbush';
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import type { SpecialDays } from './calendar.ts';
import * as settingsStore from './settingsStore.ts';
import * as store from './store.ts';

/**
 * The settings every new ticket is routed and timed by — categories, routing rules, escalation ladders,
 * the working calendar, and the outlines of grids and communities — kept in the process, one copy per
 * database. They change rarely and reading them cost a round trip each per ticket. A copy is dropped when
 * settings.ts changes them through this process, and is never older than TTL_MS otherwise: that is how long
 * a change made through another Linli process, or an area drawn or redrawn in places, may take to apply here.
 *
 * A transaction's handle cannot be told apart from another database's, so it is never cached: it reads
 * the table each time, as every caller did before this cache.
 */

const TTL_MS = 5_000;

/** A grid or community with its outline: where a point may fall, and what routing rules match by path. */
export type PlacementArea = Awaited<ReturnType<typeof store.selectPlacementAreas>>[number];
/** A routing rule with the path of its area (null: any area). */
export type RoutingRule = Awaited<ReturnType<typeof settingsStore.selectRoutingRules>>[number];

/** Minutes to accept per level: the default ladder, and the communities' own. */
export interface Ladders {
  minutes(communityId: number, level: number): number | undefined;
}

/** Grids and communities found by point (a bbox index, then point-in-polygon) or by id. */
export interface AreaIndex {
  /** The grids and communities whose outline holds the point, by id. */
  holding(lon: number, lat: number): PlacementArea[];
  byId(id: number): PlacementArea | undefined;
}

interface Parts {
  categories: Map<string, store.CategoryRow>;
  routingRules: RoutingRule[];
  ladders: Ladders;
  specialDays: SpecialDays;
  areas: AreaIndex;
}

type Polygonal = Parameters<typeof booleanPointInPolygon>[1];

/** Whether an area's outline holds the point. */
export function holdsPoint(area: { boundary: unknown }, lon: number, lat: number): boolean {
  return area.boundary !== null && booleanPointInPolygon([lon, lat], area.boundary as Polygonal);
}

function indexAreas(rows: PlacementArea[]): AreaIndex {
  const byId = new Map(rows.map((row) => [row.id, row]));
  const shaped = rows.filter((row) => row.boundary !== null && row.min_lon !== null);
  const index = shaped.length ? new Flatbush(shaped.length) : undefined;
  if (index) {
    for (const row of shaped) index.add(row.min_lon!, row.min_lat!, row.max_lon!, row.max_lat!);
    index.finish();
  }
  return {
    holding: (lon, lat) => (index?.search(lon, lat, lon, lat) ?? [])
      .map((i) => shaped[i])
      .filter((row) => holdsPoint(row, lon, lat))
      // The order the table gave before the index: the oldest area first where outlines overlap.
      .sort((a, b) => a.id - b.id),
    byId: (id) => byId.get(id),
  };
}

function ladderOf(rows: { community_id: number | null; level: number; minutes: number }[]): Ladders {
  const key = (communityId: number | null, level: number) => `${communityId ?? '*'}:${level}`;
  const steps = new Map(rows.map((row) => [key(row.community_id, row.level), row.minutes]));
  return { minutes: (communityId, level) => steps.get(key(communityId, level)) ?? steps.get(key(null, level)) };
}

const loaders: { [K in keyof Parts]: (db: Kysely<DB>) => Promise<Parts[K]> } = {
  categories: async (db) => new Map((await store.selectCategories(db)).map((row) => [row.code, row])),
  routingRules: (db) => settingsStore.selectRoutingRules(db),
  ladders: async (db) => ladderOf(await settingsStore.selectLadderSteps(db, 'all')),
  specialDays: (db) => settingsStore.selectSpecialDays(db),
  areas: async (db) => indexAreas(await store.selectPlacementAreas(db)),
};

interface Entry {
  value: Promise<unknown>;
  loadedAt: number;
}

const copies = new WeakMap<Kysely<DB>, Map<keyof Parts, Entry>>();

/**
 * One part of the settings: this process's copy for the database when it is at most `maxAgeMs` old
 * (TTL_MS by default), else read afresh. Concurrent callers share one read.
 */
export function ticketSettings<K extends keyof Parts>(db: Kysely<DB>, part: K, maxAgeMs = TTL_MS): Promise<Parts[K]> {
  if (db.isTransaction) return loaders[part](db);
  let entries = copies.get(db);
  if (!entries) copies.set(db, (entries = new Map()));
  // Wall time, not the injected clock: the copy ages with real time whatever a test's clock says.
  const now = performance.now();
  const entry = entries.get(part);
  if (entry && now - entry.loadedAt <= Math.min(maxAgeMs, TTL_MS)) return entry.value as Promise<Parts[K]>;
  const value = loaders[part](db);
  const fresh = { value, loadedAt: now };
  entries.set(part, fresh);
  // A failed read is not kept: the next caller tries again.
  value.catch(() => entries.get(part) === fresh && entries.delete(part));
  return value;
}

/** Drops this process's copy of the database's settings: settings.ts calls it after every change it commits. */
export function forgetTicketSettings(db: Kysely<DB>): void {
  copies.delete(db);
}
