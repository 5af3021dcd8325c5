import { Type, type Static } from 'typebox';

const Id = Type.Integer({ minimum: 1 });

export const ImportKind = Type.Enum(['households', 'residents', 'areas', 'estates', 'buildings', 'facilities']);
export const ImportStatus = Type.Enum(['valid', 'invalid', 'running', 'committed', 'failed']);
export const ExportFormat = Type.Enum(['csv', 'xlsx', 'geojson']);

/** The text fields of the multipart upload, after conversion from strings. */
export const ImportFields = Type.Object(
  {
    kind: ImportKind,
    communityId: Type.Optional(Id),
    dryRun: Type.Boolean({ default: true }),
  },
  { additionalProperties: false },
);
export type ImportFields = Static<typeof ImportFields>;

export const RowErrorView = Type.Object({
  path: Type.Optional(Type.String()),
  row: Type.Optional(Type.Integer()),
  column: Type.Optional(Type.String()),
  code: Type.Optional(Type.String()),
  message: Type.String(),
});

export const ImportReport = Type.Object({
  id: Type.String(),
  kind: ImportKind,
  communityId: Type.Union([Id, Type.Null()]),
  fileName: Type.String(),
  dryRun: Type.Boolean(),
  status: ImportStatus,
  rowsTotal: Type.Integer({ minimum: 0 }),
  processed: Type.Integer({ minimum: 0 }),
  errors: Type.Array(RowErrorView),
});
export type ImportReport = Static<typeof ImportReport>;

export const ImportIdParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }) });

export const ExportParams = Type.Object({ kind: ImportKind });
export const ExportQuery = Type.Object({ communityId: Id, format: Type.Optional(ExportFormat), lang: Type.Optional(Type.String()) });
