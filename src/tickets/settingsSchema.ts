import { Type, type Static } from 'typebox';

/**
 * Request and response shapes of the service loop's settings: categories with their time limits,
 * routing rules, the escalation ladder and the working calendar.
 */

const Id = Type.Integer({ minimum: 1 });
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);
const Label = Type.Object({ zh: Type.String(), en: Type.String() });
const LabelInput = Type.Object({
  zh: Type.String({ minLength: 1, maxLength: 40, pattern: '\\S' }),
  en: Type.String({ minLength: 1, maxLength: 60, pattern: '\\S' }),
}, { additionalProperties: false });

/** 90 days of minutes: on the working calendar that is 270 working days, well inside what a deadline may reach. */
export const maxLimitMinutes = 129_600;
const Minutes = Type.Integer({ minimum: 1, maximum: maxLimitMinutes, description: "minutes of the category's calendar (a working day is 480)" });
const SlaClass = Type.Enum(['emergency', 'utility', 'general', 'complex']);
const CalendarKind = Type.Enum(['24x7', 'working']);
const RoutingTarget = Type.Enum(['grid', 'community', 'department']);

export const SettingsCategory = Type.Object({
  code: Type.String(),
  name: Label,
  slaClass: SlaClass,
  calendar: CalendarKind,
  acceptMinutes: Type.Integer(),
  arriveMinutes: Nullable(Type.Integer()),
  resolveMinutes: Type.Integer(),
  active: Type.Boolean(),
  position: Type.Integer(),
});
export type SettingsCategory = Static<typeof SettingsCategory>;

const categoryFields = {
  name: LabelInput,
  slaClass: SlaClass,
  calendar: CalendarKind,
  acceptMinutes: Minutes,
  /** Only on-call categories must be reached on site in a set time; null: no such limit. */
  arriveMinutes: Nullable(Minutes),
  resolveMinutes: Minutes,
  active: Type.Boolean(),
  position: Type.Integer({ minimum: 0, maximum: 10_000 }),
};

export const CategoryCreate = Type.Object({
  code: Type.String({ pattern: '^[a-z][a-z0-9_]{1,39}$', description: 'a lower-case letter, then 1–39 lower-case letters, digits or _' }),
  name: categoryFields.name,
  slaClass: categoryFields.slaClass,
  calendar: categoryFields.calendar,
  acceptMinutes: categoryFields.acceptMinutes,
  arriveMinutes: Type.Optional(categoryFields.arriveMinutes),
  resolveMinutes: categoryFields.resolveMinutes,
  active: Type.Optional(categoryFields.active),
  position: Type.Optional(categoryFields.position),
}, { additionalProperties: false });
export type CategoryCreate = Static<typeof CategoryCreate>;

export const CategoryUpdate = Type.Partial(Type.Object(categoryFields), { additionalProperties: false, minProperties: 1 });
export type CategoryUpdate = Static<typeof CategoryUpdate>;

export const CategoryParams = Type.Object({ code: Type.String({ maxLength: 40 }) });

export const RoutingRuleInput = Type.Object({
  /** null: any category. */
  categoryCode: Nullable(Type.String({ maxLength: 40 })),
  /** null: anywhere; else the area and everything under it. */
  areaId: Nullable(Id),
  target: RoutingTarget,
  /** The department of a 'department' target; null otherwise. */
  departmentId: Nullable(Id),
}, { additionalProperties: false });
export type RoutingRuleInput = Static<typeof RoutingRuleInput>;

export const RoutingRulesPut = Type.Object({
  rules: Type.Array(RoutingRuleInput, { maxItems: 200, description: 'in the order they are tried: the first that matches wins' }),
}, { additionalProperties: false });
export type RoutingRulesPut = Static<typeof RoutingRulesPut>;

export const RoutingRuleView = Type.Object({
  id: Id,
  position: Type.Integer(),
  categoryCode: Nullable(Type.String()),
  categoryName: Nullable(Label),
  areaId: Nullable(Id),
  areaName: Nullable(Type.String()),
  target: RoutingTarget,
  departmentId: Nullable(Id),
  departmentName: Nullable(Type.String()),
});
export type RoutingRuleView = Static<typeof RoutingRuleView>;

/** Level 1: the community takes over from a grid that did not accept; 2: the subdistrict; 3: a whistled department reports. */
export const LadderStep = Type.Object({
  level: Type.Integer({ minimum: 1, maximum: 3 }),
  minutes: Type.Integer({ minimum: 1, maximum: maxLimitMinutes }),
}, { additionalProperties: false });
export type LadderStep = Static<typeof LadderStep>;

export const LadderPut = Type.Object({
  /** null: the default ladder (admins only); else the community's own. */
  communityId: Nullable(Id),
  steps: Type.Array(LadderStep, { minItems: 3, maxItems: 3, description: 'levels 1, 2 and 3, each once' }),
}, { additionalProperties: false });
export type LadderPut = Static<typeof LadderPut>;

export const LadderParams = Type.Object({ communityId: Id });

/** A ladder as saved: the default's (communityId null) or a community's own. */
export const LadderView = Type.Object({ communityId: Nullable(Id), steps: Type.Array(LadderStep) });
export type LadderView = Static<typeof LadderView>;

export const CommunityLadder = Type.Object({
  communityId: Id,
  name: Type.String(),
  /** The community's own ladder; null when it follows the default. */
  steps: Nullable(Type.Array(LadderStep)),
  /** Whether the caller may set this community's ladder. */
  editable: Type.Boolean(),
});
export type CommunityLadder = Static<typeof CommunityLadder>;

export const CalendarDay = Type.Object({
  day: Type.String({ format: 'date' }),
  /** false: a holiday (法定节假日) on a weekday; true: a weekend worked instead (调休). */
  working: Type.Boolean(),
  name: Type.String({ maxLength: 20 }),
}, { additionalProperties: false });
export type CalendarDay = Static<typeof CalendarDay>;

export const CalendarPut = Type.Object({
  year: Type.Integer({ minimum: 2000, maximum: 2100 }),
  days: Type.Array(CalendarDay, { maxItems: 366 }),
}, { additionalProperties: false });
export type CalendarPut = Static<typeof CalendarPut>;

/** A year's marked days as saved. */
export const CalendarYear = Type.Object({ year: Type.Integer(), days: Type.Array(CalendarDay) });
export type CalendarYear = Static<typeof CalendarYear>;

export const TicketSettings = Type.Object({
  /** Whether the caller may change categories, routing rules, the calendar and the default ladder. */
  canManage: Type.Boolean(),
  categories: Type.Array(SettingsCategory),
  routingRules: Type.Array(RoutingRuleView),
  escalation: Type.Object({ default: Type.Array(LadderStep), communities: Type.Array(CommunityLadder) }),
  /** Marked days from the first of this year (China date) on. */
  calendarDays: Type.Array(CalendarDay),
});
export type TicketSettings = Static<typeof TicketSettings>;
