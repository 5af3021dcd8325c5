import { Type, type Static } from 'typebox';
import { PageQuery } from '../platform/pagination.ts';
import { IndicatorKind, StandardDocument } from './standardSchema.ts';

const Id = Type.Integer({ minimum: 1 });
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);
const Label = Type.Object({ zh: Type.String(), en: Type.String() });
const StandardCode = Type.String({ minLength: 2, maxLength: 40, pattern: '^[A-Za-z0-9_-]+$' });

export const StandardSummary = Type.Object({
  id: Id,
  code: Type.String(),
  version: Type.Integer(),
  name: Type.String(),
  areaId: Nullable(Id),
  clonedFrom: Nullable(Id),
  note: Nullable(Type.String()),
  createdAt: Type.String({ format: 'date-time' }),
});
export type StandardSummary = Static<typeof StandardSummary>;

export const StandardDetail = Type.Intersect([StandardSummary, Type.Object({ document: StandardDocument })]);
export type StandardDetail = Static<typeof StandardDetail>;

export const StandardSave = Type.Object({
  code: StandardCode,
  name: Type.String({ minLength: 1, maxLength: 100 }),
  note: Type.Optional(Type.String({ maxLength: 1000 })),
  /** For a new code: the community (or, for an admin, any area) whose rules these are. */
  areaId: Type.Optional(Id),
  document: StandardDocument,
}, { additionalProperties: false });
export type StandardSave = Static<typeof StandardSave>;

export const StandardClone = Type.Object({
  code: StandardCode,
  name: Type.String({ minLength: 1, maxLength: 100 }),
  note: Type.Optional(Type.String({ maxLength: 1000 })),
  areaId: Type.Optional(Id),
}, { additionalProperties: false });
export type StandardClone = Static<typeof StandardClone>;

export const KindMappingRule = Type.Object({
  source: Type.Enum(['osm', 'text']),
  pattern: Type.String({ minLength: 1, maxLength: 200 }),
  kind: Type.String({ minLength: 1, maxLength: 40 }),
  priority: Type.Integer({ minimum: 0, maximum: 10_000 }),
}, { additionalProperties: false });
export const KindMappingList = Type.Object({ rules: Type.Array(KindMappingRule, { maxItems: 2000 }) }, { additionalProperties: false });

export const CheckupStatus = Type.Enum(['pass', 'partial', 'fail', 'not_measured']);

export const CheckupRun = Type.Object({
  communityId: Id,
  /** Default: the latest version of the national standard. */
  standardId: Type.Optional(Id),
  /** Facilities this far outside the community count (a life circle crosses borders). Default: the longest walk the standard asks. */
  marginM: Type.Optional(Type.Integer({ minimum: 0, maximum: 5000 })),
}, { additionalProperties: false });
export type CheckupRun = Static<typeof CheckupRun>;

export const CheckupSummary = Type.Object({
  counts: Type.Object({ pass: Type.Integer(), partial: Type.Integer(), fail: Type.Integer(), not_measured: Type.Integer() }),
  aspects: Type.Array(Type.Object({ code: Type.String(), score: Nullable(Type.Number()), measured: Type.Integer(), total: Type.Integer() })),
  manualItems: Type.Array(Type.String()),
});

export const CheckupView = Type.Object({
  id: Id,
  communityId: Id,
  communityName: Type.String(),
  standard: Type.Object({ id: Id, code: Type.String(), version: Type.Integer(), name: Type.String() }),
  startedAt: Type.String({ format: 'date-time' }),
  finishedAt: Type.String({ format: 'date-time' }),
  params: Type.Object({
    marginM: Type.Number(),
    networkId: Nullable(Id),
    networkName: Nullable(Type.String()),
    buildings: Type.Integer(),
    facilities: Type.Integer(),
    households: Type.Integer(),
    walkingMs: Type.Number(),
  }),
  summary: CheckupSummary,
});
export type CheckupView = Static<typeof CheckupView>;

export const ResultView = Type.Object({
  id: Id,
  aspectCode: Type.String(),
  itemCode: Type.String(),
  indicatorCode: Type.String(),
  name: Label,
  kind: IndicatorKind,
  status: CheckupStatus,
  value: Nullable(Type.Number()),
  target: Nullable(Type.Number()),
  unit: Nullable(Type.String()),
  uncertain: Type.Boolean(),
  source: Nullable(Type.String()),
  evidence: Type.Record(Type.String(), Type.Unknown()),
});
export type ResultView = Static<typeof ResultView>;

export const CheckupDetail = Type.Intersect([CheckupView, Type.Object({
  results: Type.Array(ResultView),
  /** The standard's outline, to group results by aspect and item. */
  outline: Type.Array(Type.Object({ code: Type.String(), name: Label, items: Type.Array(Type.Object({ code: Type.String(), name: Label })) })),
})]);
export type CheckupDetail = Static<typeof CheckupDetail>;

export const CheckupListQuery = Type.Intersect([PageQuery, Type.Object({ communityId: Type.Optional(Id) })]);
export type CheckupListQuery = Static<typeof CheckupListQuery>;

/** A failed or partial result, as a project sees it. */
export const FindingView = Type.Object({
  id: Id,
  checkupId: Id,
  communityId: Id,
  aspectCode: Type.String(),
  itemCode: Type.String(),
  indicatorCode: Type.String(),
  indicatorName: Label,
  status: CheckupStatus,
  value: Nullable(Type.Number()),
  target: Nullable(Type.Number()),
  unit: Nullable(Type.String()),
});
export type FindingView = Static<typeof FindingView>;

/** Walking distances of one checkup, for the report's map: per kind, per building. */
export const CheckupAccess = Type.Object({
  kinds: Type.Array(Type.String()),
  buildings: Type.Array(Type.Object({ id: Id, name: Type.String(), households: Type.Integer(), point: Type.Tuple([Type.Number(), Type.Number()]) })),
  /** distances[k][b]: metres from building b to the nearest facility of kinds[k]; null when none in reach. */
  distances: Type.Array(Type.Array(Nullable(Type.Number()))),
  facilityIds: Type.Array(Type.Array(Nullable(Id))),
  facilities: Type.Array(Type.Object({ id: Id, kind: Type.String(), name: Type.String(), point: Type.Tuple([Type.Number(), Type.Number()]) })),
});
export type CheckupAccess = Static<typeof CheckupAccess>;

export const CheckupChange = Type.Object({
  indicatorCode: Type.String(),
  name: Label,
  before: Nullable(Type.Object({ status: CheckupStatus, value: Nullable(Type.Number()) })),
  after: Nullable(Type.Object({ status: CheckupStatus, value: Nullable(Type.Number()) })),
  unit: Nullable(Type.String()),
  /** Walking indicators: buildings that came into reach, and that fell out of it. */
  nowInReach: Type.Array(Type.String()),
  noLongerInReach: Type.Array(Type.String()),
});
export const CheckupComparison = Type.Object({
  before: CheckupView,
  after: CheckupView,
  changes: Type.Array(CheckupChange),
});
export type CheckupComparison = Static<typeof CheckupComparison>;

export const CompareParams = Type.Object({ id: Id, otherId: Id });
