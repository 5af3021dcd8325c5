import type { Kysely } from 'kysely';
import type { DB, RoutingTarget } from '../db/schema.ts';
import { AppError } from '../platform/errors.ts';
import { holdsPoint, ticketSettings } from './settingsCache.ts';
import * as store from './store.ts';

/**
 * Where a ticket belongs and who handles it (DESIGN: routing a ticket): the grid whose boundary holds
 * the point, then the routing rules (category × area, first match wins), with the grid — or the
 * community when the point is in no grid — as the fallback, so that no ticket is ever unrouted.
 */

export interface Placement {
  communityId: number;
  gridId: number | null;
}

/** A point newer areas may hold is looked up again at most this often (a community drawn a moment ago). */
const MISS_RECHECK_MS = 1_000;

/**
 * The grids and communities whose outline holds the point, oldest first: from this process's index of
 * them, or (in a transaction, whose reads are never cached) by bounding box from the table.
 */
async function areasHolding(db: Kysely<DB>, lon: number, lat: number, maxAgeMs?: number) {
  if (db.isTransaction) return (await store.selectAreasAround(db, lon, lat)).filter((a) => holdsPoint(a, lon, lat)).sort((a, b) => a.id - b.id);
  return (await ticketSettings(db, 'areas', maxAgeMs)).holding(lon, lat);
}

function placementIn(holding: { id: number; level: string; community_id: number | null }[]): Placement | undefined {
  const grid = holding.find((a) => a.level === 'grid');
  if (grid?.community_id) return { communityId: grid.community_id, gridId: grid.id };
  const community = holding.find((a) => a.level === 'community');
  return community && { communityId: community.id, gridId: null };
}

/** The community and grid of a point; LOCATION_OUTSIDE_COMMUNITIES when no community holds it. */
export async function placePoint(db: Kysely<DB>, lon: number, lat: number): Promise<Placement> {
  const placement = placementIn(await areasHolding(db, lon, lat)) ?? placementIn(await areasHolding(db, lon, lat, MISS_RECHECK_MS));
  if (!placement) throw new AppError('LOCATION_OUTSIDE_COMMUNITIES');
  return placement;
}

/** The grid of a point within a known community, or null (staff can set it by hand). */
export async function gridInCommunity(db: Kysely<DB>, communityId: number, lon: number, lat: number): Promise<number | null> {
  const grid = (await areasHolding(db, lon, lat)).find((a) => a.level === 'grid' && a.community_id === communityId);
  return grid?.id ?? null;
}

/** Who must act on a ticket: a level of the ladder, and the area or department at that level. */
export interface Assignment {
  level: number;
  areaId: number | null;
  departmentId: number | null;
}

/** The assignee for a target: the grid (level 0), the community (1), or a department whistled at once (3). */
export function assignmentFor(target: RoutingTarget, placement: Placement, departmentId: number | null): Assignment {
  if (target === 'department' && departmentId !== null) return { level: 3, areaId: null, departmentId };
  if (target === 'grid' && placement.gridId !== null) return { level: 0, areaId: placement.gridId, departmentId: null };
  return { level: 1, areaId: placement.communityId, departmentId: null };
}

/** The path of a grid or community: from the index, or from the table in a transaction. */
async function pathOf(db: Kysely<DB>, areaId: number): Promise<string | undefined> {
  const area = db.isTransaction ? await store.findArea(db, areaId) : (await ticketSettings(db, 'areas')).byId(areaId);
  return area?.path;
}

/** The first routing rule that matches the category and the place; the grid when none does. */
export async function routeTicket(db: Kysely<DB>, categoryCode: string, placement: Placement): Promise<Assignment> {
  const [path, rules] = await Promise.all([pathOf(db, placement.gridId ?? placement.communityId), ticketSettings(db, 'routingRules')]);
  const rule = rules.find((r) => (r.category_code === null || r.category_code === categoryCode)
    && (r.area_path === null || (path !== undefined && path.startsWith(r.area_path))));
  return assignmentFor(rule?.target ?? 'grid', placement, rule?.department_id ?? null);
}
