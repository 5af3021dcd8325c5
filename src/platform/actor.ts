import type { AreaLevel } from '../db/schema.ts';
import type { Locale } from './errors.ts';
import { AppError } from './errors.ts';
import { permissions, roleGrants, type Permission, type Role } from './roles.ts';

/** A role held on an area (and so on its subtree). */
export interface RoleGrant {
  role: Role;
  areaId: number;
  areaPath: string;
  areaLevel: AreaLevel;
  areaName: string;
}

/** Who is calling: the authenticated user with their grants, as services see them. */
export interface Actor {
  userId: number;
  username: string;
  displayName: string;
  locale: Locale;
  grants: RoleGrant[];
  householdId: number | null;
  residentId: number | null;
  /** The department a department officer reports for (吹哨报到), if any. */
  departmentId: number | null;
  ip: string | null;
}

/**
 * Where a permission reaches: whole communities, plus single grids for grid-level grants.
 * Tenant queries keep rows whose community_id or grid_id is listed here.
 */
export interface Scope {
  communityIds: number[];
  gridIds: number[];
}

export function can(actor: Actor, permission: Permission): boolean {
  return actor.grants.some((grant) => roleGrants(grant.role, permission));
}

/** Throws FORBIDDEN unless some role of the actor grants the permission somewhere. */
export function requirePermission(actor: Actor, permission: Permission): void {
  if (!can(actor, permission)) throw new AppError('FORBIDDEN');
}

export function permissionsOf(actor: Actor): Permission[] {
  const all = new Set<Permission>();
  for (const grant of actor.grants) {
    for (const p of permissions) {
      if (roleGrants(grant.role, p)) all.add(p);
    }
  }
  return [...all];
}

export function isAdmin(actor: Actor): boolean {
  return actor.grants.some((grant) => grant.role === 'admin');
}

export function inScope(scope: Scope, communityId: number, gridId: number | null): boolean {
  return scope.communityIds.includes(communityId) || (gridId !== null && scope.gridIds.includes(gridId));
}

/** Throws OUT_OF_SCOPE when a row lies outside the scope. */
export function requireInScope(scope: Scope, communityId: number, gridId: number | null): void {
  if (!inScope(scope, communityId, gridId)) throw new AppError('OUT_OF_SCOPE');
}
