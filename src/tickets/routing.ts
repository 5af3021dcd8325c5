import booleanPointInPolygon from '@turf/boolean-point-in-polygon';
import type { Kysely } from 'kysely';
import type { DB, RoutingTarget } from '../db/schema.ts';
import { AppError } from '../platform/errors.ts';
import * as store from './store.ts';

/**
 * Where a ticket belongs and who handles it (DESIGN: routing a ticket): the grid whose boundary holds
 * the point, then the routing rules (category × area, first match wins), with the grid — or the
 * community when the point is in no grid — as the fallback, so that no ticket is ever unrouted.
 */

type Polygonal = Parameters<typeof booleanPointInPolygon>[1];

export interface Placement {
  communityId: number;
  gridId: number | null;
}

/** The community and grid of a point; LOCATION_OUTSIDE_COMMUNITIES when no community holds it. */
export async function placePoint(db: Kysely<DB>, lon: number, lat: number): Promise<Placement> {
  const candidates = await store.selectAreasAround(db, lon, lat);
  const holds = (a: (typeof candidates)[number]) => a.boundary !== null && booleanPointInPolygon([lon, lat], a.boundary as Polygonal);
  const grid = candidates.find((a) => a.level === 'grid' && holds(a));
  if (grid?.community_id) return { communityId: grid.community_id, gridId: grid.id };
  const community = candidates.find((a) => a.level === 'community' && holds(a));
  if (community) return { communityId: community.id, gridId: null };
  throw new AppError('LOCATION_OUTSIDE_COMMUNITIES');
}

/** The grid of a point within a known community, or null (staff can set it by hand). */
export async function gridInCommunity(db: Kysely<DB>, communityId: number, lon: number, lat: number): Promise<number | null> {
  const candidates = await store.selectAreasAround(db, lon, lat);
  const grid = candidates.find((a) => a.level === 'grid' && a.community_id === communityId && a.boundary !== null
    && booleanPointInPolygon([lon, lat], a.boundary as Polygonal));
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

/** The first routing rule that matches the category and the place; the grid when none does. */
export async function routeTicket(db: Kysely<DB>, categoryCode: string, placement: Placement): Promise<Assignment> {
  const place = await store.findArea(db, placement.gridId ?? placement.communityId);
  const rules = await store.selectRoutingRules(db);
  const rule = rules.find((r) => (r.category_code === null || r.category_code === categoryCode)
    && (r.area_path === null || (place !== undefined && place.path.startsWith(r.area_path))));
  return assignmentFor(rule?.target ?? 'grid', placement, rule?.department_id ?? null);
}
