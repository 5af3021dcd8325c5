import { Type, type Static } from 'typebox';
import { PageQuery } from '../platform/pagination.ts';

const Id = Type.Integer({ minimum: 1 });
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);

export const projectStatuses = ['proposed', 'approved', 'funded', 'under_construction', 'completed', 'accepted'] as const;
export const ProjectStatus = Type.Enum(projectStatuses);
export type ProjectStatus = Static<typeof ProjectStatus>;
export const ProjectLevel = Type.Enum(['city', 'district', 'subdistrict', 'community']);
export type ProjectLevel = Static<typeof ProjectLevel>;
export const FundingSource = Type.Enum(['central', 'provincial', 'city', 'district', 'subdistrict', 'social', 'residents', 'other']);

/** Money in yuan; the service keeps it to whole fen (0.01). numeric(14,2) holds up to a trillion. */
const Yuan = Type.Number({ minimum: 0, maximum: 999_999_999_999 });
const DateText = Type.String({ format: 'date', description: 'YYYY-MM-DD' });
const Label = Type.Object({ zh: Type.String(), en: Type.String() });

export const FundingEntry = Type.Object({ source: FundingSource, amountYuan: Yuan }, { additionalProperties: false });
export type FundingEntry = Static<typeof FundingEntry>;

const projectFields = {
  id: Id,
  communityId: Id,
  communityName: Type.String(),
  findingId: Nullable(Id),
  indicatorCode: Nullable(Type.String()),
  indicatorName: Nullable(Label),
  title: Type.String(),
  description: Type.String(),
  level: ProjectLevel,
  responsibleUnit: Type.String(),
  departmentId: Nullable(Id),
  departmentName: Nullable(Type.String()),
  budgetYuan: Nullable(Type.Number()),
  funding: Type.Array(FundingEntry),
  fundingTotalYuan: Type.Number(),
  plannedStart: Nullable(Type.String()),
  plannedEnd: Nullable(Type.String()),
  status: ProjectStatus,
  progressPercent: Type.Integer({ minimum: 0, maximum: 100 }),
  overdue: Type.Boolean({ description: 'planned end passed (China date) and not completed or accepted' }),
  acceptedBy: Nullable(Type.String({ description: 'display name of who accepted' })),
  acceptedAt: Nullable(Type.String({ format: 'date-time' })),
  acceptanceNote: Nullable(Type.String()),
  createdAt: Type.String({ format: 'date-time' }),
  updatedAt: Type.String({ format: 'date-time' }),
};
export const ProjectView = Type.Object(projectFields);
export type ProjectView = Static<typeof ProjectView>;

export const PhotoView = Type.Object({ id: Id, width: Type.Integer(), height: Type.Integer() });

export const ProjectEventView = Type.Object({
  id: Id,
  kind: Type.Enum(['created', 'edited', 'status', 'note', 'accepted']),
  at: Type.String({ format: 'date-time' }),
  actorName: Type.String(),
  fromStatus: Nullable(ProjectStatus),
  toStatus: Nullable(ProjectStatus),
  body: Nullable(Type.String({ description: 'reason, note or acceptance note' })),
  progressPercent: Nullable(Type.Integer()),
  fields: Type.Array(Type.String(), { description: 'what an edit changed' }),
  photos: Type.Array(PhotoView),
});
export type ProjectEventView = Static<typeof ProjectEventView>;

export const ProjectDetail = Type.Object({ ...projectFields, timeline: Type.Array(ProjectEventView, { description: 'oldest first' }) });
export type ProjectDetail = Static<typeof ProjectDetail>;

const filterFields = {
  communityId: Type.Optional(Id),
  level: Type.Optional(ProjectLevel),
  status: Type.Optional(ProjectStatus),
  overdue: Type.Optional(Type.Boolean()),
  findingId: Type.Optional(Id),
  q: Type.Optional(Type.String({ maxLength: 50, description: 'title or responsible unit contains' })),
};
export const ProjectListQuery = Type.Intersect([PageQuery, Type.Object(filterFields)]);
export type ProjectListQuery = Static<typeof ProjectListQuery>;
export const ProjectExportQuery = Type.Object(filterFields);
export type ProjectExportQuery = Static<typeof ProjectExportQuery>;

const editableFields = {
  title: Type.String({ minLength: 1, maxLength: 200 }),
  description: Type.String({ maxLength: 2000 }),
  level: ProjectLevel,
  responsibleUnit: Type.String({ minLength: 1, maxLength: 100 }),
  departmentId: Nullable(Id),
  budgetYuan: Nullable(Yuan),
  funding: Type.Array(FundingEntry, { maxItems: 8 }),
  plannedStart: Nullable(DateText),
  plannedEnd: Nullable(DateText),
};

/** A new project: of a finding (community, indicator and a default title come from it), or of a community. */
export const ProjectCreate = Type.Object(
  {
    findingId: Type.Optional(Id),
    communityId: Type.Optional(Id),
    ...editableFields,
    title: Type.Optional(editableFields.title),
    description: Type.Optional(editableFields.description),
    level: Type.Optional(ProjectLevel),
    departmentId: Type.Optional(editableFields.departmentId),
    budgetYuan: Type.Optional(editableFields.budgetYuan),
    funding: Type.Optional(editableFields.funding),
    plannedStart: Type.Optional(editableFields.plannedStart),
    plannedEnd: Type.Optional(editableFields.plannedEnd),
  },
  { additionalProperties: false },
);
export type ProjectCreate = Static<typeof ProjectCreate>;

export const ProjectUpdate = Type.Partial(
  Type.Object({ ...editableFields, progressPercent: Type.Integer({ minimum: 0, maximum: 100 }) }),
  { additionalProperties: false, minProperties: 1 },
);
export type ProjectUpdate = Static<typeof ProjectUpdate>;

export const StatusChange = Type.Object(
  { to: ProjectStatus, reason: Type.Optional(Type.String({ maxLength: 500, description: 'required when stepping back' })) },
  { additionalProperties: false },
);
export type StatusChange = Static<typeof StatusChange>;

/** The text fields of a progress note (multipart, with up to six `photos`). */
export const NoteFields = Type.Object(
  { text: Type.Optional(Type.String({ maxLength: 2000 })), progressPercent: Type.Optional(Type.Integer({ minimum: 0, maximum: 100 })) },
  { additionalProperties: false },
);
export type NoteFields = Static<typeof NoteFields>;

/** The text fields of an acceptance (multipart, with up to six `photos`). */
export const AcceptFields = Type.Object({ note: Type.Optional(Type.String({ maxLength: 2000 })) }, { additionalProperties: false });
export type AcceptFields = Static<typeof AcceptFields>;

export const ProjectIdParams = Type.Object({ id: Id });
export const PhotoParams = Type.Object({ id: Id, photoId: Id });
