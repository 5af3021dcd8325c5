import { Type, type Static } from 'typebox';

/**
 * The shape of a standard: aspects → items → indicators. A standard is data (a JSON document stored
 * per version); this schema and the checks in standardRules.ts are all that decide what is valid.
 */

const Label = Type.Object({
  zh: Type.String({ minLength: 1, maxLength: 200 }),
  en: Type.String({ minLength: 1, maxLength: 200 }),
}, { additionalProperties: false });

export const IndicatorKind = Type.Enum(['walk', 'facility_size', 'per_households', 'presence', 'survey']);
export type IndicatorKind = Static<typeof IndicatorKind>;

/** Whose homes count for a walking indicator: everyone's, or only where children or elders live. */
export const Population = Type.Enum(['all', 'children', 'elders']);
export type Population = Static<typeof Population>;

const Share = Type.Number({ minimum: 0, maximum: 1 });
const Positive = (maximum: number) => Type.Number({ exclusiveMinimum: 0, maximum });

/**
 * One flat shape for every kind, so that a mistake is reported on the field that is wrong; which
 * fields a kind needs is checked in standardRules.ts.
 */
export const Indicator = Type.Object({
  code: Type.String({ minLength: 1, maxLength: 60, pattern: '^[a-z0-9_]+$' }),
  name: Label,
  kind: IndicatorKind,
  /** The facility kinds it looks at (codes of table facility_kind). */
  facilityKinds: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 40 }), { maxItems: 20 })),
  /** walk: the longest acceptable walk from a home (5-minute ≈ 300 m, 10 ≈ 500 m, 15 ≈ 1,000 m). */
  maxDistanceM: Type.Optional(Positive(5000)),
  /** walk: whose homes count. */
  population: Type.Optional(Population),
  /** facility_size: every facility of these kinds must be at least this large. */
  minAreaM2: Type.Optional(Positive(1_000_000)),
  /** per_households: what is summed over the facilities. */
  measure: Type.Optional(Type.Enum(['floor_area', 'count', 'capacity'])),
  /** per_households: at least `amount` (m², facilities or places) for every `perHouseholds` households. */
  amount: Type.Optional(Positive(1_000_000)),
  perHouseholds: Type.Optional(Type.Integer({ minimum: 1, maximum: 100_000 })),
  /** presence: how many facilities of these kinds are needed (within the community and its margin). */
  minCount: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000 })),
  /** survey: the lowest acceptable score, 0–100, of the survey question that feeds this indicator. */
  minScore: Type.Optional(Type.Number({ minimum: 0, maximum: 100 })),
  /** Share of the target met that passes (walk: share of homes in reach; others: value ÷ target). */
  passShare: Type.Optional(Share),
  /** Share at or above which a miss is "partial" rather than "fail". */
  partialShare: Type.Optional(Share),
  /** The figure comes from a secondary source: an editable default, not settled truth. */
  uncertain: Type.Optional(Type.Boolean()),
  source: Type.Optional(Type.String({ maxLength: 300 })),
}, { additionalProperties: false });
export type Indicator = Static<typeof Indicator>;

export const StandardItem = Type.Object({
  code: Type.String({ minLength: 1, maxLength: 20 }),
  name: Label,
  /** Empty when the item is judged on site, not from data (水电路气热信, 无障碍, …). */
  indicators: Type.Array(Indicator, { maxItems: 50 }),
}, { additionalProperties: false });
export type StandardItem = Static<typeof StandardItem>;

export const StandardAspect = Type.Object({
  code: Type.String({ minLength: 1, maxLength: 20 }),
  name: Label,
  items: Type.Array(StandardItem, { minItems: 1, maxItems: 50 }),
}, { additionalProperties: false });
export type StandardAspect = Static<typeof StandardAspect>;

export const StandardDocument = Type.Object({
  aspects: Type.Array(StandardAspect, { minItems: 1, maxItems: 20 }),
}, { additionalProperties: false });
export type StandardDocument = Static<typeof StandardDocument>;
