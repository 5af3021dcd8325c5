import { Type, type Static } from 'typebox';

// Open311 GeoReport v2 (http://wiki.open311.org/GeoReport_v2) as this server speaks it, plus the
// administration of integrator keys. Field names are the spec's (snake_case), in the spec's order:
// the JSON serializer and the XML writer both keep it.

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);
const Id = Type.Integer({ minimum: 1 });

/** "Optional means the response is the same whether a parameter is passed empty or not at all": every pattern admits ''. */
const optionalText = (pattern: string, maxLength: number, description?: string) =>
  Type.Optional(Type.String({ pattern: `^(${pattern})?$`, maxLength, description }));

/** w3 datetime with its zone, as the spec requires; a '+' sent unencoded in a query string arrives as a space. */
const w3Pattern = '\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}(:\\d{2}(\\.\\d{1,9})?)?(Z|[+ -]\\d{2}:\\d{2})';
const W3Text = (description: string) => optionalText(w3Pattern, 40, description);
const Code = '[a-z][a-z0-9_]{1,39}';

export const Format = Type.Enum(['json', 'xml']);
export type Format = Static<typeof Format>;
export const FormatParams = Type.Object({ format: Format });
export const ServiceParams = Type.Object({ service_code: Type.String({ pattern: `^${Code}$` }), format: Format });
export const RequestParams = Type.Object({ id: Id, format: Format });
export const TokenParams = Type.Object({ token: Type.String({ pattern: '^[1-9]\\d{0,14}$' }), format: Format });
export const PhotoParams = Type.Object({ id: Id, photoId: Id });

/** Accepted everywhere: jurisdiction_id is ignored (one jurisdiction is served), and reads need no key. */
const ignored = {
  jurisdiction_id: Type.Optional(Type.String({ maxLength: 200, description: 'ignored: this endpoint serves one jurisdiction' })),
  api_key: Type.Optional(Type.String({ maxLength: 200, description: 'reads need none; a POST may carry it here instead of in its form' })),
};
export const PlainQuery = Type.Object(ignored, { additionalProperties: false });

const paging = {
  page: optionalText('[1-9]\\d{0,6}', 7, 'extension: page number, from 1'),
  page_size: optionalText('[1-9]\\d{0,2}|1000', 4, 'extension: requests per page, at most 1000 (the default)'),
};

export const RequestListQuery = Type.Object({
  ...ignored,
  service_request_id: optionalText('[1-9]\\d{0,14}(,[1-9]\\d{0,14}){0,999}', 16_000, 'comma delimited; overrides all other arguments'),
  service_code: optionalText(`${Code}(,${Code}){0,99}`, 4100, 'comma delimited'),
  start_date: W3Text('earliest requested_datetime; defaults to 90 days before end_date'),
  end_date: W3Text('latest requested_datetime; defaults to now'),
  status: optionalText('(open|closed)(,(open|closed))?', 11, 'open, closed, or both comma delimited'),
  extensions: optionalText('true|false', 5, 'true adds attributes, extended_attributes (photos) and notes'),
  ...paging,
}, { additionalProperties: false });
export type RequestListQuery = Static<typeof RequestListQuery>;

export const RequestQuery = Type.Object({ ...ignored, extensions: RequestListQuery.properties.extensions }, { additionalProperties: false });

export const UpdateListQuery = Type.Object({
  ...ignored,
  start_date: W3Text('earliest update; defaults to 90 days before end_date'),
  end_date: W3Text('latest update; defaults to now'),
  ...paging,
}, { additionalProperties: false });
export type UpdateListQuery = Static<typeof UpdateListQuery>;

const Text = (maxLength: number) => Type.Optional(Type.String({ maxLength }));
/** One answer, or several for a multivaluelist (attribute[code][]=a&attribute[code][]=b). */
const AttributeValue = Type.Union([Type.String({ maxLength: 2000 }), Type.Array(Type.String({ maxLength: 2000 }), { maxItems: 50 })]);

/** POST requests, as application/x-www-form-urlencoded fields. */
export const RequestCreate = Type.Object({
  jurisdiction_id: ignored.jurisdiction_id,
  api_key: Type.Optional(Type.String({ maxLength: 200, description: "the integrator's key: required, checked before anything else (403)" })),
  service_code: Type.String({ pattern: `^${Code}$` }),
  lat: optionalText('-?\\d{1,2}(\\.\\d{1,15})?', 20),
  long: optionalText('-?\\d{1,3}(\\.\\d{1,15})?', 20),
  address_string: Text(200),
  address_id: Text(200),
  email: optionalText('[^@\\s]+@[^@\\s]+', 254),
  device_id: Text(200),
  account_id: Text(200),
  first_name: Text(50),
  last_name: Text(50),
  phone: Text(20),
  description: Type.Optional(Type.String({ maxLength: 2000, description: 'the spec allows 4,000 characters; tickets hold 2,000' })),
  media_url: optionalText('https?://\\S+', 1000),
}, { additionalProperties: false, patternProperties: { [`^attribute\\[${Code}\\](\\[\\])?$`]: AttributeValue } });
export type RequestCreate = Static<typeof RequestCreate>;

export const Discovery = Type.Object({
  changeset: Type.String(),
  contact: Type.String(),
  key_service: Type.String(),
  endpoints: Type.Array(Type.Object({
    specification: Type.String(), url: Type.String(), changeset: Type.String(), type: Type.Enum(['production', 'test']), formats: Type.Array(Type.String()),
  })),
});

export const Service = Type.Object({
  service_code: Type.String(),
  service_name: Type.String(),
  description: Type.String(),
  metadata: Type.Boolean(),
  type: Type.Enum(['realtime', 'batch', 'blackbox']),
  keywords: Type.String(),
  group: Type.String(),
});
export type Service = Static<typeof Service>;

export const ServiceDefinition = Type.Object({
  service_code: Type.String(),
  attributes: Type.Array(Type.Object({
    variable: Type.Boolean(),
    code: Type.String(),
    datatype: Type.Enum(['string', 'number', 'datetime', 'text', 'singlevaluelist', 'multivaluelist']),
    required: Type.Boolean(),
    datatype_description: Nullable(Type.String()),
    order: Type.Integer({ minimum: 1 }),
    description: Type.String(),
    values: Type.Optional(Type.Array(Type.Object({ key: Type.String(), name: Type.String() }))),
  })),
});
export type ServiceDefinition = Static<typeof ServiceDefinition>;

export const RequestCreated = Type.Array(Type.Object({ service_request_id: Type.String(), service_notice: Type.String(), account_id: Nullable(Type.String()) }));
export type RequestCreated = Static<typeof RequestCreated>;

export const TokenAnswer = Type.Array(Type.Object({ service_request_id: Type.String(), token: Type.String() }));

/** The Extended Attributes extension (extensions=true): the answers, photos, and public steps of the timeline. */
const Extensions = {
  attributes: Type.Optional(Type.Array(Type.Object({ label: Type.String(), name: Type.String(), value: Type.String(), code: Type.String() }))),
  extended_attributes: Type.Optional(Type.Object({
    channel: Type.String(),
    photos: Type.Array(Type.Object({ media_url: Type.String(), title: Type.String(), width: Type.Integer(), height: Type.Integer(), created_at: Type.String() })),
  })),
  notes: Type.Optional(Type.Array(Type.Object({ datetime: Type.String(), description: Type.String(), type: Type.String() }))),
};

export const ServiceRequest = Type.Object({
  service_request_id: Type.String(),
  status: Type.Enum(['open', 'closed']),
  status_notes: Nullable(Type.String()),
  service_name: Type.String(),
  service_code: Type.String(),
  description: Type.String(),
  agency_responsible: Nullable(Type.String()),
  service_notice: Nullable(Type.String()),
  requested_datetime: Type.String(),
  updated_datetime: Type.String(),
  expected_datetime: Nullable(Type.String()),
  address: Nullable(Type.String()),
  address_id: Nullable(Type.String()),
  zipcode: Nullable(Type.String()),
  lat: Nullable(Type.Number()),
  long: Nullable(Type.Number()),
  media_url: Nullable(Type.String()),
  ...Extensions,
});
export type ServiceRequest = Static<typeof ServiceRequest>;

/** mySociety's extension: GET servicerequestupdates (the public steps of every request's timeline). */
export const RequestUpdate = Type.Object({
  update_id: Type.String(),
  service_request_id: Type.String(),
  status: Type.Enum(['open', 'closed']),
  updated_datetime: Type.String(),
  description: Type.String(),
  media_url: Nullable(Type.String()),
});
export type RequestUpdate = Static<typeof RequestUpdate>;

// Administration of integrators (tickets.manage).
export const ClientView = Type.Object({
  id: Id,
  name: Type.String(),
  areaId: Id,
  areaCode: Type.String(),
  areaName: Type.String(),
  active: Type.Boolean(),
  createdAt: Type.String({ format: 'date-time' }),
});
export type ClientView = Static<typeof ClientView>;
export const ClientList = Type.Object({ items: Type.Array(ClientView) });
export const ClientCreate = Type.Object({
  name: Type.String({ minLength: 1, maxLength: 100, pattern: '\\S' }),
  areaId: Id,
}, { additionalProperties: false });
export type ClientCreate = Static<typeof ClientCreate>;
/** The key is shown once, here; only its SHA-256 is stored. */
export const ClientCreated = Type.Object({ ...ClientView.properties, apiKey: Type.String() });
export type ClientCreated = Static<typeof ClientCreated>;
export const ClientIdParams = Type.Object({ id: Id });
