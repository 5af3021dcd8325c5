import type { AreaLevel } from '../db/schema.ts';

/**
 * Roles and what they may do. A role is always held on an area; it applies to that area's
 * subtree. What a role may do is a set of permissions; the store layer filters every tenant
 * query by the caller's scope for the permission the use case needs.
 */
export const roles = [
  'admin',
  'subdistrict_officer',
  'department_officer',
  'community_staff',
  'grid_worker',
  'building_lead',
  'property_manager',
  'resident',
] as const;
export type Role = (typeof roles)[number];

export const permissions = [
  'places.read',
  'places.write',
  'people.read',
  'people.write',
  'personal.reveal',
  'aggregates.read',
  'audit.read',
  'users.manage',
  'imports.run',
  'residents.verify',
  'checkup.read',
  'checkup.run',
  'standards.manage',
  'projects.write',
  'projects.accept',
  'surveys.manage',
  'tickets.read',
  'tickets.handle',
  'tickets.dispatch',
  'tickets.manage',
  'devices.read',
  'devices.manage',
  'alarms.handle',
] as const;
export type Permission = (typeof permissions)[number];

const rolePermissions: Record<Role, readonly Permission[]> = {
  admin: permissions,
  subdistrict_officer: [
    'places.read', 'people.read', 'aggregates.read', 'audit.read', 'checkup.read', 'checkup.run', 'projects.write', 'projects.accept',
    'tickets.read', 'tickets.handle', 'tickets.dispatch', 'devices.read', 'alarms.handle',
  ],
  // A department carries out projects it is responsible for: it records progress, others accept.
  // Of tickets it sees only those whistled to its own department (app_user.department_id).
  department_officer: ['places.read', 'aggregates.read', 'checkup.read', 'projects.write', 'tickets.handle'],
  // Everything, but only within their community; and only an admin grants the admin role.
  community_staff: permissions.filter((p) => p !== 'tickets.manage'),
  grid_worker: ['places.read', 'people.read', 'people.write', 'personal.reveal', 'aggregates.read', 'residents.verify', 'tickets.read', 'tickets.handle',
    'devices.read', 'alarms.handle'],
  // A building lead is in the contact chain of the elders in their building: they see and answer alarms.
  building_lead: ['places.read', 'people.read', 'aggregates.read', 'residents.verify', 'tickets.read', 'devices.read', 'alarms.handle'],
  property_manager: ['places.read', 'aggregates.read', 'checkup.read', 'tickets.read', 'devices.read'],
  // A resident reaches only their own household, through the "my household" use cases.
  resident: [],
};

/** The area levels each role may be held on: a grid worker works a grid, staff a community. */
export const roleAreaLevels: Record<Role, readonly AreaLevel[]> = {
  admin: ['city', 'district', 'subdistrict', 'community', 'grid'],
  subdistrict_officer: ['city', 'district', 'subdistrict'],
  department_officer: ['city', 'district', 'subdistrict'],
  community_staff: ['community'],
  grid_worker: ['community', 'grid'],
  building_lead: ['community', 'grid'],
  property_manager: ['community'],
  resident: ['community'],
};

export function roleGrants(role: Role, permission: Permission): boolean {
  return rolePermissions[role].includes(permission);
}

export function isRole(value: string): value is Role {
  return (roles as readonly string[]).includes(value);
}

/** Roles a user with users.manage may hand out: never admin, which only an admin grants. */
export function assignableRoles(isAdmin: boolean): readonly Role[] {
  return isAdmin ? roles : roles.filter((role) => role !== 'admin');
}
