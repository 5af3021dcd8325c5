import { Type, type Static } from 'typebox';
import { RoleGrantView } from '../platform/auth/schema.ts';
import { PageQuery } from '../platform/pagination.ts';
import { roles } from '../platform/roles.ts';

const Id = Type.Integer({ minimum: 1 });
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);
const Username = Type.String({ minLength: 3, maxLength: 32, pattern: '^[A-Za-z0-9_.-]+$' });

export const RegisterBody = Type.Object(
  {
    username: Username,
    password: Type.String({ minLength: 1, maxLength: 200 }),
    displayName: Type.String({ minLength: 1, maxLength: 40 }),
    communityCode: Type.String({ minLength: 1, maxLength: 40 }),
    address: Type.String({ minLength: 2, maxLength: 100, description: 'building, unit and room as the resident says them' }),
    name: Type.String({ minLength: 1, maxLength: 40 }),
    phone: Type.String({ minLength: 5, maxLength: 20 }),
  },
  { additionalProperties: false },
);
export type RegisterBody = Static<typeof RegisterBody>;

/** A new application of a signed-in, unbound resident (after a rejection, say). */
export const ClaimBody = Type.Object(
  {
    address: Type.String({ minLength: 2, maxLength: 100 }),
    name: Type.String({ minLength: 1, maxLength: 40 }),
    phone: Type.String({ minLength: 5, maxLength: 20 }),
  },
  { additionalProperties: false },
);
export type ClaimBody = Static<typeof ClaimBody>;

export const ClaimSuggestion = Type.Object({
  residentId: Id,
  householdId: Id,
  estateName: Nullable(Type.String()),
  buildingName: Type.String(),
  unit: Type.String(),
  room: Type.String(),
  name: Type.String({ description: 'masked' }),
});

export const ClaimView = Type.Object({
  id: Id,
  communityId: Id,
  userId: Id,
  username: Type.String(),
  address: Type.String(),
  name: Type.String({ description: 'masked' }),
  phone: Type.String({ description: 'masked' }),
  status: Type.Enum(['pending', 'approved', 'rejected']),
  householdId: Nullable(Id),
  householdAddress: Nullable(Type.String({ description: 'estate, building, unit and room the account was bound to' })),
  residentId: Nullable(Id),
  decidedBy: Nullable(Type.String({ description: 'username of the verifier' })),
  decidedAt: Nullable(Type.String({ format: 'date-time' })),
  decisionNote: Nullable(Type.String()),
  createdAt: Type.String({ format: 'date-time' }),
  suggestions: Type.Array(ClaimSuggestion, { description: 'residents of the community whose name and phone match exactly' }),
});
export type ClaimView = Static<typeof ClaimView>;

export const ClaimListQuery = Type.Intersect([
  PageQuery,
  Type.Object({ status: Type.Optional(Type.Enum(['pending', 'approved', 'rejected'])), communityId: Type.Optional(Id) }),
]);
export type ClaimListQuery = Static<typeof ClaimListQuery>;

export const ApproveBody = Type.Object({ householdId: Id, residentId: Type.Optional(Nullable(Id)) }, { additionalProperties: false });
export const RejectBody = Type.Object({ reason: Type.String({ minLength: 2, maxLength: 200 }) }, { additionalProperties: false });
export const MyClaim = Type.Object({ claim: Nullable(ClaimView) });

export const UserView = Type.Object({
  id: Id,
  username: Type.String(),
  displayName: Type.String(),
  disabled: Type.Boolean(),
  householdId: Nullable(Id),
  roles: Type.Array(RoleGrantView),
  createdAt: Type.String({ format: 'date-time' }),
});
export type UserView = Static<typeof UserView>;

export const UserCreate = Type.Object(
  {
    username: Username,
    displayName: Type.String({ minLength: 1, maxLength: 40 }),
    password: Type.String({ minLength: 1, maxLength: 200 }),
    roles: Type.Array(Type.Object({ role: Type.Enum(roles), areaId: Id }, { additionalProperties: false }), { minItems: 1, maxItems: 10 }),
    householdId: Type.Optional(Nullable(Id)),
  },
  { additionalProperties: false },
);
export type UserCreate = Static<typeof UserCreate>;

export const UserListQuery = Type.Intersect([PageQuery, Type.Object({ q: Type.Optional(Type.String({ maxLength: 32 })) })]);
export type UserListQuery = Static<typeof UserListQuery>;
