import { Type, type Static } from 'typebox';
import { RowErrorView } from '../imports/schema.ts';
import { BBox, Geometry } from '../platform/geojson.ts';
import { PageQuery } from '../platform/pagination.ts';

const Id = Type.Integer({ minimum: 1 });
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);
const Label = Type.Object({ zh: Type.String(), en: Type.String() });
const Instant = Type.String({ format: 'date-time' });

export const ticketSources = ['resident_app', 'hotline_12345', 'staff', 'patrol', 'device', 'open311', 'checkup', 'proactive'] as const;
export const TicketSource = Type.Enum(ticketSources);
export const ticketStatuses = ['submitted', 'dispatched', 'accepted', 'on_site', 'resolved', 'closed', 'merged', 'withdrawn'] as const;
export const TicketStatus = Type.Enum(ticketStatuses);
export const TicketOutcome = Type.Enum(['resolved', 'not_resolved', 'no_answer']);
export const TicketPriority = Type.Enum(['low', 'normal', 'high', 'urgent']);
export const TicketRating = Type.Enum(['satisfied', 'basically_satisfied', 'not_satisfied']);
/** Who must act: 0 the grid, 1 the community, 2 the subdistrict, 3 a whistled department. */
export const TicketLevel = Type.Integer({ minimum: 0, maximum: 3 });

const Longitude = Type.Number({ minimum: -180, maximum: 180 });
const Latitude = Type.Number({ minimum: -90, maximum: 90 });
export const TicketLocation = Type.Object({ lon: Longitude, lat: Latitude }, { additionalProperties: false });

/** A hotline caller's or integrator's contact: sealed at rest, masked in every view. */
export const TicketContact = Type.Object({
  name: Type.Optional(Type.String({ maxLength: 50 })),
  phone: Type.Optional(Type.String({ maxLength: 20 })),
}, { additionalProperties: false });

const createFields = {
  categoryCode: Type.String({ minLength: 1, maxLength: 40 }),
  description: Type.String({ minLength: 1, maxLength: 2000 }),
  location: Type.Optional(TicketLocation),
  address: Type.Optional(Type.String({ maxLength: 200 })),
  /** Needed when there is no location (a hotline call with an address only); else found from the location. */
  communityId: Type.Optional(Id),
  anonymous: Type.Optional(Type.Boolean()),
};

/** A report through the API: residents (source resident_app) and staff (staff, patrol, hotline_12345). */
export const TicketCreate = Type.Object({
  ...createFields,
  source: Type.Optional(Type.Enum(['resident_app', 'hotline_12345', 'staff', 'patrol'])),
  priority: Type.Optional(TicketPriority),
  contact: Type.Optional(TicketContact),
  /** The hotline's case number: a second submission with the same number returns the first ticket. */
  externalId: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
}, { additionalProperties: false });
export type TicketCreate = Static<typeof TicketCreate>;

/** The same report as multipart form fields (with photos in `photos`): numbers and booleans arrive as text. */
export const TicketReportFields = Type.Object({
  categoryCode: createFields.categoryCode,
  description: createFields.description,
  lon: Type.Optional(Type.String({ pattern: '^-?\\d{1,3}(\\.\\d+)?$' })),
  lat: Type.Optional(Type.String({ pattern: '^-?\\d{1,2}(\\.\\d+)?$' })),
  address: createFields.address,
  communityId: Type.Optional(Type.String({ pattern: '^[1-9]\\d{0,14}$' })),
  anonymous: Type.Optional(Type.Enum(['true', 'false'])),
}, { additionalProperties: false });
export type TicketReportFields = Static<typeof TicketReportFields>;

export const PhotoView = Type.Object({ id: Id, width: Type.Integer(), height: Type.Integer() });

export const TicketView = Type.Object({
  id: Id,
  communityId: Id,
  communityName: Type.String(),
  gridId: Nullable(Id),
  gridName: Nullable(Type.String()),
  categoryCode: Type.String(),
  categoryName: Label,
  source: TicketSource,
  description: Type.String(),
  location: Nullable(TicketLocation),
  address: Type.String(),
  priority: TicketPriority,
  status: TicketStatus,
  outcome: Nullable(TicketOutcome),
  level: TicketLevel,
  assigneeAreaId: Nullable(Id),
  assigneeAreaName: Nullable(Type.String()),
  assigneeDepartmentId: Nullable(Id),
  assigneeDepartmentName: Nullable(Type.String()),
  assigneeUserName: Nullable(Type.String()),
  mergedInto: Nullable(Id),
  anonymous: Type.Boolean(),
  /** The number the source gave it: the 12345 hotline's case number, an integrator's Open311 token. */
  externalId: Nullable(Type.String()),
  /** The reporter as handlers see them: an account's display name, or the masked contact; null for the public view. */
  reporter: Nullable(Type.String()),
  acceptDue: Nullable(Instant),
  arriveDue: Nullable(Instant),
  resolveDue: Nullable(Instant),
  acceptBreached: Type.Boolean(),
  arriveBreached: Type.Boolean(),
  resolveBreached: Type.Boolean(),
  acceptedAt: Nullable(Instant),
  arrivedAt: Nullable(Instant),
  resolvedAt: Nullable(Instant),
  closedAt: Nullable(Instant),
  whistledAt: Nullable(Instant),
  pausedAt: Nullable(Instant),
  reopenCount: Type.Integer(),
  rating: Nullable(TicketRating),
  ratingResolved: Nullable(Type.Boolean()),
  ratingComment: Nullable(Type.String()),
  createdAt: Instant,
  updatedAt: Instant,
});
export type TicketView = Static<typeof TicketView>;

export const TicketEventView = Type.Object({
  id: Id,
  kind: Type.String(),
  at: Instant,
  actorName: Type.String(),
  fromStatus: Nullable(TicketStatus),
  toStatus: Nullable(TicketStatus),
  body: Nullable(Type.String()),
  details: Type.Record(Type.String(), Type.Unknown()),
  photos: Type.Array(PhotoView),
});
export type TicketEventView = Static<typeof TicketEventView>;

export const TicketDetail = Type.Object({
  ...TicketView.properties,
  timeline: Type.Array(TicketEventView),
  /** The answers to the category's questions (Open311 attributes), in the category's order. */
  answers: Type.Array(Type.Object({
    code: Type.String(), label: Label, values: Type.Array(Type.Object({ key: Type.String(), name: Label })),
  })),
  /** A picture the reporter's app linked to instead of uploading (Open311 media_url). */
  mediaUrl: Nullable(Type.String()),
  /** What the caller may do next, so screens show only the buttons that will work. */
  actions: Type.Array(Type.String()),
  /** True when the caller follows the ticket (reported it or subscribed). */
  following: Type.Boolean(),
});
export type TicketDetail = Static<typeof TicketDetail>;

const listFilters = {
  communityId: Type.Optional(Id),
  gridId: Type.Optional(Id),
  status: Type.Optional(TicketStatus),
  open: Type.Optional(Type.Boolean({ description: 'only tickets not closed, merged or withdrawn' })),
  categoryCode: Type.Optional(Type.String({ maxLength: 40 })),
  source: Type.Optional(TicketSource),
  level: Type.Optional(TicketLevel),
  overdue: Type.Optional(Type.Boolean({ description: 'only open tickets with a breached deadline' })),
  mine: Type.Optional(Type.Boolean({ description: 'only tickets assigned to me, my grid or my department' })),
  from: Type.Optional(Type.String({ format: 'date', description: 'created on or after (China date)' })),
  to: Type.Optional(Type.String({ format: 'date', description: 'created on or before (China date)' })),
  q: Type.Optional(Type.String({ maxLength: 100, description: 'words of the description or address, or a ticket number' })),
};
export const TicketListQuery = Type.Object({ ...listFilters, ...PageQuery.properties }, { additionalProperties: false });
export type TicketListQuery = Static<typeof TicketListQuery>;

export const TicketIdParams = Type.Object({ id: Id });
export const TicketPhotoParams = Type.Object({ id: Id, photoId: Id });

export const NearbyQuery = Type.Object({
  categoryCode: Type.String({ maxLength: 40 }),
  lon: Longitude,
  lat: Latitude,
  radiusM: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, default: 50 })),
}, { additionalProperties: false });
export type NearbyQuery = Static<typeof NearbyQuery>;
export const NearbyTicket = Type.Object({
  id: Id, categoryName: Label, description: Type.String(), address: Type.String(), status: TicketStatus, distanceM: Type.Number(), createdAt: Instant,
});

const Reason = Type.String({ minLength: 1, maxLength: 500 });
export const ReasonBody = Type.Object({ reason: Reason }, { additionalProperties: false });
export const OptionalNote = Type.Object({ note: Type.Optional(Type.String({ maxLength: 2000 })) }, { additionalProperties: false });
export const ResolveFields = Type.Object({ note: Type.String({ minLength: 1, maxLength: 2000 }) }, { additionalProperties: false });
export type ResolveFields = Static<typeof ResolveFields>;

/** Staff send a ticket to a grid, the community, or a department; with a reason for the timeline. */
export const DispatchBody = Type.Object({
  target: Type.Enum(['grid', 'community', 'department']),
  gridId: Type.Optional(Id),
  departmentId: Type.Optional(Id),
  reason: Type.Optional(Type.String({ maxLength: 500 })),
}, { additionalProperties: false });
export type DispatchBody = Static<typeof DispatchBody>;
export const WhistleBody = Type.Object({ departmentId: Id, reason: Reason }, { additionalProperties: false });
export const MergeBody = Type.Object({ intoId: Id, reason: Type.Optional(Type.String({ maxLength: 500 })) }, { additionalProperties: false });
export const RegridBody = Type.Object({ gridId: Id, reason: Type.Optional(Type.String({ maxLength: 500 })) }, { additionalProperties: false });
export const RateBody = Type.Object({
  resolved: Type.Boolean({ description: 'the resident confirms the problem is solved; false reopens the ticket' }),
  rating: TicketRating,
  comment: Type.Optional(Type.String({ maxLength: 1000 })),
}, { additionalProperties: false });
export type RateBody = Static<typeof RateBody>;
export const CloseBody = Type.Object({
  outcome: Type.Enum(['resolved', 'not_resolved']),
  reason: Reason,
}, { additionalProperties: false });

export const CategoryView = Type.Object({
  code: Type.String(),
  name: Label,
  slaClass: Type.Enum(['emergency', 'utility', 'general', 'complex']),
  calendar: Type.Enum(['24x7', 'working']),
  acceptMinutes: Type.Integer(),
  arriveMinutes: Nullable(Type.Integer()),
  resolveMinutes: Type.Integer(),
  active: Type.Boolean(),
});
export type CategoryView = Static<typeof CategoryView>;

/** Where the caller's report map opens: the communities and grids they hold a role on (outlines only). */
export const ReportBuilding = Type.Object({ name: Type.String(), footprint: Geometry });
export const ReportArea = Type.Object({
  id: Id, name: Type.String(), level: Type.Enum(['community', 'grid']), boundary: Nullable(Geometry), bbox: BBox,
  buildings: Type.Array(ReportBuilding, { description: "the area's building footprints: where there is no base map, what tells one spot from another" }),
});
export type ReportArea = Static<typeof ReportArea>;

/** A 12345 hotline spreadsheet upload has no text fields: the file goes in `file`. */
export const HotlineImportFields = Type.Object({}, { additionalProperties: false });
/** Validate only (the default), or write the file whole. */
export const HotlineImportQuery = Type.Object({
  dryRun: Type.Optional(Type.Boolean({ default: true, description: 'true: validate and write nothing; false: create every case in one transaction, or none' })),
});
export const HotlineImportReport = Type.Object({
  dryRun: Type.Boolean(),
  /** Data rows read (blank rows are not counted). */
  rowsTotal: Type.Integer({ minimum: 0 }),
  created: Type.Integer({ minimum: 0, description: 'tickets created; on a dry run, the valid rows that would be' }),
  skipped: Type.Array(Type.Object({ row: Type.Integer(), caseNumber: Type.String(), ticketId: Id }), { description: 'cases imported before' }),
  errors: Type.Array(RowErrorView),
});
export type HotlineImportReport = Static<typeof HotlineImportReport>;
