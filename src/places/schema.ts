import { Type, type Static } from 'typebox';
import { BBox, FeatureCollection, Geometry } from '../platform/geojson.ts';
import { PageQuery } from '../platform/pagination.ts';

const Id = Type.Integer({ minimum: 1 });
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);

export const AreaLevel = Type.Enum(['city', 'district', 'subdistrict', 'community', 'grid']);
export const BuildingPurpose = Type.Enum(['residential', 'commercial', 'mixed', 'public', 'other']);

export const AreaView = Type.Object({
  id: Id,
  parentId: Nullable(Id),
  level: AreaLevel,
  code: Type.String(),
  name: Type.String(),
  communityId: Nullable(Id),
  bbox: BBox,
});
export type AreaView = Static<typeof AreaView>;

export const AreaDetail = Type.Intersect([AreaView, Type.Object({ boundary: Nullable(Geometry), path: Type.Array(AreaView) })]);
export type AreaDetail = Static<typeof AreaDetail>;

export const AreaListQuery = Type.Intersect([
  PageQuery,
  Type.Object({
    parentId: Type.Optional(Id),
    level: Type.Optional(AreaLevel),
    q: Type.Optional(Type.String({ maxLength: 50 })),
  }),
]);

export const AreaCreate = Type.Object(
  {
    parentId: Type.Optional(Id),
    level: AreaLevel,
    code: Type.String({ minLength: 1, maxLength: 40, pattern: '^[A-Za-z0-9_-]+$' }),
    name: Type.String({ minLength: 1, maxLength: 80 }),
    boundary: Type.Optional(Nullable(Geometry)),
  },
  { additionalProperties: false },
);
export type AreaCreate = Static<typeof AreaCreate>;

export const EstateView = Type.Object({
  id: Id,
  communityId: Id,
  code: Type.String(),
  name: Type.String(),
  propertyCompany: Nullable(Type.String()),
  bbox: BBox,
  buildings: Type.Integer(),
});
export type EstateView = Static<typeof EstateView>;

export const BuildingView = Type.Object({
  id: Id,
  communityId: Id,
  gridId: Nullable(Id),
  gridName: Nullable(Type.String()),
  estateId: Nullable(Id),
  estateName: Nullable(Type.String()),
  code: Type.String(),
  name: Type.String(),
  purpose: BuildingPurpose,
  floors: Nullable(Type.Integer()),
  units: Nullable(Type.Integer()),
  entrance: Nullable(Type.Tuple([Type.Number(), Type.Number()])),
  households: Type.Integer(),
  residents: Type.Integer(),
});
export type BuildingView = Static<typeof BuildingView>;

export const UnitSummary = Type.Object({
  unit: Type.String(),
  households: Type.Integer(),
  occupied: Type.Integer(),
  residents: Type.Integer(),
});

export const BuildingDetail = Type.Intersect([
  BuildingView,
  Type.Object({ footprint: Nullable(Geometry), unitSummaries: Type.Array(UnitSummary) }),
]);
export type BuildingDetail = Static<typeof BuildingDetail>;

export const ScopedListQuery = Type.Object({
  communityId: Type.Optional(Id),
  gridId: Type.Optional(Id),
  q: Type.Optional(Type.String({ maxLength: 50, description: 'name or code contains' })),
});

export const BuildingListQuery = Type.Intersect([PageQuery, ScopedListQuery, Type.Object({ estateId: Type.Optional(Id) })]);
export type BuildingListQuery = Static<typeof BuildingListQuery>;

export const FacilityKindView = Type.Object({ code: Type.String(), nameZh: Type.String(), nameEn: Type.String(), aspect: Type.Integer() });

export const FacilityView = Type.Object({
  id: Id,
  communityId: Id,
  gridId: Nullable(Id),
  kind: Type.String(),
  code: Type.String(),
  name: Type.String(),
  lon: Type.Number(),
  lat: Type.Number(),
  floorAreaM2: Nullable(Type.Number()),
  capacity: Nullable(Type.Integer()),
  operator: Nullable(Type.String()),
  openingHours: Nullable(Type.String()),
});
export type FacilityView = Static<typeof FacilityView>;

export const FacilityListQuery = Type.Intersect([PageQuery, ScopedListQuery, Type.Object({ kind: Type.Optional(Type.String({ maxLength: 40 })) })]);
export type FacilityListQuery = Static<typeof FacilityListQuery>;

export const DepartmentView = Type.Object({ id: Id, areaId: Id, code: Type.String(), name: Type.String(), phone: Nullable(Type.String()) });

export const MapQuery = Type.Object({ areaId: Id });
export const MapLayers = Type.Object({
  bbox: BBox,
  areas: FeatureCollection,
  estates: FeatureCollection,
  buildings: FeatureCollection,
  facilities: FeatureCollection,
});
export type MapLayers = Static<typeof MapLayers>;

export const IdParams = Type.Object({ id: Id });
export const ListOf = <T extends Parameters<typeof Type.Array>[0]>(item: T) => Type.Object({ items: Type.Array(item) });

const facilityFields = {
  kind: Type.String({ minLength: 1, maxLength: 40 }),
  name: Type.String({ minLength: 1, maxLength: 80 }),
  geometry: Geometry,
  floorAreaM2: Type.Optional(Nullable(Type.Number({ minimum: 0, maximum: 1_000_000 }))),
  capacity: Type.Optional(Nullable(Type.Integer({ minimum: 0, maximum: 1_000_000 }))),
  operator: Type.Optional(Nullable(Type.String({ maxLength: 80 }))),
  openingHours: Type.Optional(Nullable(Type.String({ maxLength: 80 }))),
};

export const FacilityCreate = Type.Object(
  { communityId: Id, code: Type.String({ minLength: 1, maxLength: 40, pattern: '^[A-Za-z0-9_-]+$' }), ...facilityFields },
  { additionalProperties: false },
);
export type FacilityCreate = Static<typeof FacilityCreate>;

export const FacilityUpdate = Type.Partial(Type.Object(facilityFields), { additionalProperties: false, minProperties: 1 });
export type FacilityUpdate = Static<typeof FacilityUpdate>;

export const BuildingUpdate = Type.Object(
  {
    name: Type.Optional(Type.String({ minLength: 1, maxLength: 80 })),
    purpose: Type.Optional(BuildingPurpose),
    floors: Type.Optional(Nullable(Type.Integer({ minimum: 1, maximum: 200 }))),
    units: Type.Optional(Nullable(Type.Integer({ minimum: 1, maximum: 50 }))),
    estateId: Type.Optional(Nullable(Id)),
    gridId: Type.Optional(Nullable(Id)),
  },
  { additionalProperties: false, minProperties: 1 },
);
export type BuildingUpdate = Static<typeof BuildingUpdate>;
