import { Type, type Static } from 'typebox';
import { PageQuery } from '../platform/pagination.ts';
import { ScopedListQuery } from '../places/schema.ts';
import { careTagCodes } from './careTags.ts';

const Id = Type.Integer({ minimum: 1 });
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);

export const Occupancy = Type.Enum(['resident', 'rented', 'vacant', 'seasonal']);
export const Sex = Type.Union([Type.Literal('male'), Type.Literal('female')]);
export const Relation = Type.Enum(['head', 'spouse', 'child', 'parent', 'grandchild', 'sibling', 'tenant', 'other']);
export const CareTag = Type.Enum(careTagCodes);

export const HouseholdView = Type.Object({
  id: Id,
  communityId: Id,
  gridId: Nullable(Id),
  buildingId: Id,
  buildingName: Type.String(),
  unit: Type.String(),
  room: Type.String(),
  floor: Nullable(Type.Integer()),
  sizeM2: Nullable(Type.Number()),
  occupancy: Occupancy,
  residentCount: Type.Integer(),
});
export type HouseholdView = Static<typeof HouseholdView>;

export const HouseholdListQuery = Type.Intersect([
  PageQuery,
  ScopedListQuery,
  Type.Object({ buildingId: Type.Optional(Id), unit: Type.Optional(Type.String({ maxLength: 10 })), occupancy: Type.Optional(Occupancy) }),
]);
export type HouseholdListQuery = Static<typeof HouseholdListQuery>;

export const HouseholdCreate = Type.Object(
  {
    buildingId: Id,
    unit: Type.String({ minLength: 1, maxLength: 10, default: '1' }),
    room: Type.String({ minLength: 1, maxLength: 20 }),
    floor: Type.Optional(Nullable(Type.Integer({ minimum: -5, maximum: 200 }))),
    sizeM2: Type.Optional(Nullable(Type.Number({ exclusiveMinimum: 0, maximum: 10000 }))),
    occupancy: Type.Optional(Occupancy),
  },
  { additionalProperties: false },
);
export type HouseholdCreate = Static<typeof HouseholdCreate>;

export const HouseholdUpdate = Type.Object(
  {
    floor: Type.Optional(Nullable(Type.Integer({ minimum: -5, maximum: 200 }))),
    sizeM2: Type.Optional(Nullable(Type.Number({ exclusiveMinimum: 0, maximum: 10000 }))),
    occupancy: Type.Optional(Occupancy),
  },
  { additionalProperties: false, minProperties: 1 },
);
export type HouseholdUpdate = Static<typeof HouseholdUpdate>;

/** What lists show: personal data masked, care tags only counted. */
export const ResidentView = Type.Object({
  id: Id,
  communityId: Id,
  gridId: Nullable(Id),
  householdId: Id,
  estateName: Nullable(Type.String()),
  buildingName: Type.String(),
  unit: Type.String(),
  room: Type.String(),
  name: Type.String({ description: 'masked, e.g. 张*' }),
  phone: Nullable(Type.String({ description: 'masked, e.g. 138****5678' })),
  idNumber: Nullable(Type.String({ description: 'masked, e.g. 3302**********1234' })),
  birthYear: Nullable(Type.Integer()),
  sex: Nullable(Sex),
  relation: Relation,
  careTagCount: Type.Integer(),
});
export type ResidentView = Static<typeof ResidentView>;

export const ResidentListQuery = Type.Intersect([
  PageQuery,
  ScopedListQuery,
  Type.Object({
    householdId: Type.Optional(Id),
    buildingId: Type.Optional(Id),
    careTag: Type.Optional(CareTag),
    name: Type.Optional(Type.String({ minLength: 1, maxLength: 40, description: 'exact full name' })),
    phone: Type.Optional(Type.String({ minLength: 5, maxLength: 20, description: 'exact phone number' })),
    idNumber: Type.Optional(Type.String({ minLength: 18, maxLength: 18, description: 'exact ID number' })),
  }),
]);
export type ResidentListQuery = Static<typeof ResidentListQuery>;

const residentFields = {
  name: Type.String({ minLength: 1, maxLength: 40 }),
  phone: Type.Optional(Nullable(Type.String({ maxLength: 20 }))),
  idNumber: Type.Optional(Nullable(Type.String({ maxLength: 18 }))),
  birthYear: Type.Optional(Nullable(Type.Integer({ minimum: 1880, maximum: 2200 }))),
  sex: Type.Optional(Nullable(Sex)),
  relation: Type.Optional(Relation),
  careTags: Type.Optional(Type.Array(CareTag, { maxItems: 20, uniqueItems: true })),
};

export const ResidentCreate = Type.Object({ householdId: Id, ...residentFields }, { additionalProperties: false });
export type ResidentCreate = Static<typeof ResidentCreate>;

export const ResidentUpdate = Type.Partial(Type.Object(residentFields), { additionalProperties: false, minProperties: 1 });
export type ResidentUpdate = Static<typeof ResidentUpdate>;

export const RemovalReason = Type.Enum(['moved_out', 'deceased', 'duplicate', 'entered_in_error']);
export type RemovalReason = Static<typeof RemovalReason>;
export const RemovalQuery = Type.Object({ reason: RemovalReason });

export const RevealBody = Type.Object({ reason: Type.String({ minLength: 2, maxLength: 200 }) }, { additionalProperties: false });

export const ResidentRevealed = Type.Object({
  id: Id,
  name: Type.String(),
  phone: Nullable(Type.String()),
  idNumber: Nullable(Type.String()),
  careTags: Type.Array(CareTag),
});
export type ResidentRevealed = Static<typeof ResidentRevealed>;

const Counts = Type.Record(Type.String(), Type.Integer());
export const ProfileRow = Type.Object({
  id: Type.Integer({ minimum: 0, description: 'grid or building id; 0 for households without one' }),
  name: Type.String(),
  households: Type.Integer(),
  residents: Type.Integer(),
  careTags: Counts,
});
export const Profile = Type.Object({
  areaId: Id,
  households: Type.Integer(),
  residents: Type.Integer(),
  occupancy: Counts,
  careTags: Counts,
  ageBands: Counts,
  rows: Type.Array(ProfileRow, { description: 'per grid, or per building with by=building' }),
});
export type Profile = Static<typeof Profile>;
export const ProfileQuery = Type.Object({ areaId: Id, by: Type.Optional(Type.Union([Type.Literal('grid'), Type.Literal('building')])) });

export const MyHousehold = Type.Object({
  household: HouseholdView,
  buildingName: Type.String(),
  estateName: Nullable(Type.String()),
  communityName: Type.String(),
  gridName: Nullable(Type.String()),
  members: Type.Array(ResidentView),
  me: Nullable(ResidentRevealed),
});
export type MyHousehold = Static<typeof MyHousehold>;
