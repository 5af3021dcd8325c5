import { Type, type Static } from 'typebox';
import { RowErrorView } from '../imports/schema.ts';

const Id = Type.Integer({ minimum: 1 });
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);
const Label = Type.Object({ zh: Type.String(), en: Type.String() });
const Instant = Type.String({ format: 'date-time' });
const ChinaDay = Type.String({ format: 'date', description: 'a China date, YYYY-MM-DD' });

export const DeviceId = Type.String({ pattern: '^[A-Za-z0-9_-]{1,64}$', description: "the manufacturer's id; also the MQTT username" });
export const DeviceIdParams = Type.Object({ id: DeviceId });
export const DeviceState = Type.Enum(['unknown', 'online', 'lost']);
export const Location = Type.Object({ lon: Type.Number({ minimum: -180, maximum: 180 }), lat: Type.Number({ minimum: -90, maximum: 90 }) }, { additionalProperties: false });

const placeFields = {
  householdId: Type.Optional(Nullable(Id)),
  buildingId: Type.Optional(Nullable(Id)),
  location: Type.Optional(Nullable(Location)),
  label: Type.Optional(Type.String({ maxLength: 100 })),
  model: Type.Optional(Type.String({ maxLength: 100 })),
  installedOn: Type.Optional(Nullable(ChinaDay)),
};

export const DeviceCreate = Type.Object({
  id: DeviceId,
  kind: Type.String({ minLength: 1, maxLength: 40 }),
  communityId: Id,
  ...placeFields,
}, { additionalProperties: false });
export type DeviceCreate = Static<typeof DeviceCreate>;

export const DeviceUpdate = Type.Object({ ...placeFields, active: Type.Optional(Type.Boolean()) }, { additionalProperties: false, minProperties: 1 });
export type DeviceUpdate = Static<typeof DeviceUpdate>;

export const DeviceView = Type.Object({
  id: Type.String(), kind: Type.String(), kindName: Label, model: Type.String(), label: Type.String(),
  communityId: Type.Integer(), communityName: Type.String(), gridId: Nullable(Type.Integer()),
  buildingId: Nullable(Type.Integer()), buildingName: Nullable(Type.String()), householdId: Nullable(Type.Integer()), householdLabel: Nullable(Type.String()),
  location: Nullable(Location), installedOn: Nullable(Type.String()), state: DeviceState, battery: Nullable(Type.Integer()), signal: Nullable(Type.Integer()),
  lastSeenAt: Nullable(Instant), malformedCount: Type.Integer(), lastMalformedAt: Nullable(Instant), lastMalformed: Nullable(Type.String()),
  openAlarms: Type.Integer(), active: Type.Boolean(), createdAt: Instant,
});
export type DeviceView = Static<typeof DeviceView>;

export const DeviceDetail = Type.Object({
  ...DeviceView.properties,
  recentEvents: Type.Array(Type.Object({ seq: Type.Integer(), type: Type.String(), at: Instant, receivedAt: Instant, payload: Type.Record(Type.String(), Type.Unknown()) })),
  topics: Type.Object({ telemetry: Type.String(), event: Type.String(), state: Type.String() }),
});
export type DeviceDetail = Static<typeof DeviceDetail>;

/** A new or rotated secret is shown once, here; only its hash is kept. */
export const ProvisionedDevice = Type.Object({ device: DeviceDetail, secret: Type.String() });
export type ProvisionedDevice = Static<typeof ProvisionedDevice>;

export const DeviceListQuery = Type.Object({
  communityId: Type.Optional(Id),
  kind: Type.Optional(Type.String({ maxLength: 40 })),
  householdId: Type.Optional(Id),
  state: Type.Optional(DeviceState),
  malformed: Type.Optional(Type.Boolean({ description: 'only devices that sent payloads failing validation' })),
  q: Type.Optional(Type.String({ maxLength: 64 })),
  cursor: Type.Optional(Type.String({ maxLength: 100 })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 50 })),
}, { additionalProperties: false });
export type DeviceListQuery = Static<typeof DeviceListQuery>;

export const DeviceKindView = Type.Object({
  code: Type.String(), name: Label, care: Type.Boolean(),
  rules: Type.Array(Type.Object({
    code: Type.String(), alarmType: Type.String({ description: 'the type of the alarms it raises' }), name: Label, severity: Type.String(),
    params: Type.Record(Type.String(), Type.Unknown()),
  })),
});

// Alarms.

export const AlarmSeverity = Type.Enum(['critical', 'major', 'minor', 'warning']);
export const AlarmIdParams = Type.Object({ id: Id });

export const AlarmView = Type.Object({
  id: Type.Integer(), type: Type.String(), name: Label, severity: AlarmSeverity, ruleCode: Type.String(),
  deviceId: Type.String(), deviceKind: Type.String(), deviceLabel: Type.String(), location: Nullable(Location),
  communityId: Type.Integer(), gridId: Nullable(Type.Integer()), buildingId: Nullable(Type.Integer()), householdId: Nullable(Type.Integer()),
  householdLabel: Nullable(Type.String()),
  firstAt: Instant, lastAt: Instant, occurrences: Type.Integer(), details: Type.Record(Type.String(), Type.Unknown()),
  active: Type.Boolean(), acknowledged: Type.Boolean(), acknowledgedAt: Nullable(Instant), acknowledgedByName: Nullable(Type.String()),
  clearedAt: Nullable(Instant), falseAlarm: Type.Boolean(), assigneeUserId: Nullable(Type.Integer()), assigneeName: Nullable(Type.String()),
  ticketId: Nullable(Type.Integer()),
});
export type AlarmView = Static<typeof AlarmView>;

export const AlarmDetail = Type.Object({
  ...AlarmView.properties,
  timeline: Type.Array(Type.Object({
    id: Type.Integer(), kind: Type.String(), at: Instant, actorName: Type.String(), body: Nullable(Type.String()), details: Type.Record(Type.String(), Type.Unknown()),
  })),
});
export type AlarmDetail = Static<typeof AlarmDetail>;

export const AlarmListQuery = Type.Object({
  communityId: Type.Optional(Id),
  gridId: Type.Optional(Id),
  buildingId: Type.Optional(Id),
  householdId: Type.Optional(Id),
  deviceId: Type.Optional(DeviceId),
  status: Type.Optional(Type.Enum(['active', 'unacknowledged', 'cleared', 'all'], { default: 'active' })),
  severity: Type.Optional(AlarmSeverity),
  type: Type.Optional(Type.String({ maxLength: 40 })),
  cursor: Type.Optional(Type.String({ maxLength: 64 })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 50 })),
}, { additionalProperties: false });
export type AlarmListQuery = Static<typeof AlarmListQuery>;

export const AlarmClear = Type.Object({
  reason: Type.String({ minLength: 1, maxLength: 500 }),
  falseAlarm: Type.Optional(Type.Boolean({ description: 'nothing was wrong: counts in the false-alarm rate' })),
}, { additionalProperties: false });
export const AlarmAssign = Type.Object({ userId: Id }, { additionalProperties: false });
export const AlarmAssigneesQuery = Type.Object({
  q: Type.Optional(Type.String({ maxLength: 40, description: 'part of a name or username' })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 50 })),
}, { additionalProperties: false });
export type AlarmAssigneesQuery = Static<typeof AlarmAssigneesQuery>;
export const AlarmAssignee = Type.Object({ id: Id, displayName: Type.String(), areas: Type.String({ description: 'where they answer alarms' }) });
export const AlarmComment = Type.Object({ text: Type.String({ minLength: 1, maxLength: 2000 }) }, { additionalProperties: false });

export const AnswerKpiQuery = Type.Object({
  communityId: Type.Optional(Id),
  from: Type.Optional(ChinaDay),
  to: Type.Optional(ChinaDay),
}, { additionalProperties: false });
export type AnswerKpiQuery = Static<typeof AnswerKpiQuery>;

export const AnswerKpi = Type.Object({
  from: Type.String(), to: Type.String(),
  critical: Type.Integer({ description: 'critical alarms raised in the period' }),
  within60s: Nullable(Type.Number({ description: 'share acknowledged within 60 s (goal 0.975)' })),
  within180s: Nullable(Type.Number({ description: 'share acknowledged within 180 s (goal 0.99)' })),
  unacknowledged: Type.Integer(),
  falseAlarms: Type.Array(Type.Object({ householdId: Type.Integer(), householdLabel: Type.String(), month: Type.String(), alarms: Type.Integer(), falseAlarms: Type.Integer(), rate: Type.Number() })),
});
export type AnswerKpi = Static<typeof AnswerKpi>;

// Care (关爱): the away mode of a household.

export const HouseholdIdParams = Type.Object({ id: Id });
export const AwayBody = Type.Object({
  until: ChinaDay,
  reason: Type.String({ minLength: 1, maxLength: 200, description: '住院, 子女家…' }),
}, { additionalProperties: false });
export const AwayView = Type.Object({ householdId: Type.Integer(), awayUntil: Nullable(Type.String()), awayReason: Nullable(Type.String()) });

export const GatewayReading = Type.Object({
  channel: Type.Enum(['telemetry', 'event', 'state']),
  payload: Type.Record(Type.String(), Type.Unknown()),
}, { additionalProperties: false });
export const GatewayBatch = Type.Object({ messages: Type.Array(GatewayReading, { minItems: 1, maxItems: 500 }) }, { additionalProperties: false });
export const GatewayResult = Type.Object({ accepted: Type.Integer(), malformed: Type.Integer(), duplicates: Type.Integer() });

// Care cards (关爱卡片) for households with care devices, their contact chain and call log.

export const ContactRole = Type.Enum(['elder', 'family', 'neighbour', 'grid_worker', 'building_lead', 'property']);
export const CallOutcome = Type.Enum(['answered', 'no_answer', 'busy', 'unreachable', 'visited']);

export const CareContactInput = Type.Object({
  id: Type.Optional(Type.Integer({ minimum: 1, description: 'a contact already in the chain: kept, with its name and phone unless they are given' })),
  role: ContactRole,
  name: Type.Optional(Type.String({ maxLength: 50, description: 'required for a new contact' })),
  phone: Type.Optional(Type.String({ maxLength: 20, description: 'required for a new contact' })),
  relation: Type.Optional(Type.String({ maxLength: 20, description: '女儿, 邻居…' })),
}, { additionalProperties: false });
export const CareContactsBody = Type.Object({ contacts: Type.Array(CareContactInput, { maxItems: 10 }) }, { additionalProperties: false });

export const CareContactView = Type.Object({
  id: Type.Integer(), position: Type.Integer(), role: ContactRole, name: Type.String({ description: 'masked' }), phone: Type.String({ description: 'masked' }),
  relation: Type.String(),
});
export const CareContactRevealed = Type.Object({ id: Type.Integer(), name: Type.String(), phone: Type.String() });
export const RevealBody = Type.Object({ reason: Type.String({ minLength: 2, maxLength: 200 }) }, { additionalProperties: false });
export const ContactIdParams = Type.Object({ id: Id });

export const CareCallInput = Type.Object({
  contactId: Id,
  outcome: CallOutcome,
  note: Type.Optional(Type.String({ maxLength: 500 })),
  alarmId: Type.Optional(Id),
}, { additionalProperties: false });
export const CareCallView = Type.Object({
  id: Type.Integer(), at: Instant, contactId: Type.Integer(), role: ContactRole, contactName: Type.String({ description: 'masked' }), outcome: CallOutcome,
  note: Nullable(Type.String()), alarmId: Nullable(Type.Integer()), actorName: Type.String(),
});

export const CareCard = Type.Object({
  householdId: Type.Integer(), householdLabel: Type.String(), communityId: Type.Integer(), gridId: Nullable(Type.Integer()), gridName: Nullable(Type.String()),
  location: Nullable(Location),
  elders: Type.Array(Type.Object({ residentId: Type.Integer(), name: Type.String({ description: 'masked' }), age: Nullable(Type.Integer()) })),
  quietHours: Type.Object({ door: Nullable(Type.Number()), water: Nullable(Type.Number()) }, {
    description: 'hours without a door opening / water use after which this household\'s rules raise an alarm (null: rule off)',
  }),
  awayUntil: Nullable(Type.String()), awayReason: Nullable(Type.String()),
  lastDoorOpenAt: Nullable(Instant), lastWaterUseAt: Nullable(Instant),
  devices: Type.Array(Type.Object({
    id: Type.String(), kind: Type.String(), kindName: Label, state: DeviceState, battery: Nullable(Type.Integer()), signal: Nullable(Type.Integer()),
    lastSeenAt: Nullable(Instant),
  })),
  openAlarms: Type.Array(Type.Object({ id: Type.Integer(), type: Type.String(), name: Label, severity: AlarmSeverity, firstAt: Instant, acknowledged: Type.Boolean() })),
  contacts: Type.Array(CareContactView),
  recentCalls: Type.Array(CareCallView, { description: 'the last 5, newest first' }),
});
export type CareCard = Static<typeof CareCard>;

export const CareCardQuery = Type.Object({
  communityId: Type.Optional(Id),
  gridId: Type.Optional(Id),
  alarming: Type.Optional(Type.Boolean({ description: 'only households with an open alarm' })),
  cursor: Type.Optional(Type.String({ maxLength: 64 })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
}, { additionalProperties: false });
export type CareCardQuery = Static<typeof CareCardQuery>;

// Rule tuning: the community's defaults, a household's or a device's own.

export const RuleSettingsQuery = Type.Object({
  communityId: Id,
  householdId: Type.Optional(Id),
  deviceId: Type.Optional(DeviceId),
  kind: Type.Optional(Type.String({ maxLength: 40 })),
}, { additionalProperties: false });
export type RuleSettingsQuery = Static<typeof RuleSettingsQuery>;

const ParamValue = Type.Union([Type.Number(), Type.Boolean(), Type.String()]);
export const RuleSettingView = Type.Object({
  code: Type.String(), kind: Type.String(), alarmType: Type.String(), name: Label, severity: AlarmSeverity,
  specs: Type.Record(Type.String(), Type.Record(Type.String(), Type.Unknown()), { description: 'each parameter: type, default, min, max, unit' }),
  effective: Type.Record(Type.String(), ParamValue, { description: 'what applies at the level asked for' }),
  community: Type.Record(Type.String(), ParamValue), household: Type.Record(Type.String(), ParamValue), device: Type.Record(Type.String(), ParamValue),
});
export const RuleCodeParams = Type.Object({ code: Type.String({ maxLength: 80 }) });
export const RuleParamsBody = Type.Object({
  communityId: Id,
  householdId: Type.Optional(Id),
  deviceId: Type.Optional(DeviceId),
  params: Type.Record(Type.String({ maxLength: 40 }), ParamValue, { description: 'the overrides at this level; {} removes them' }),
}, { additionalProperties: false });
export type RuleParamsBody = Static<typeof RuleParamsBody>;

// Provisioning by spreadsheet.

export const DeviceImportQuery = Type.Object({
  communityId: Id,
  dryRun: Type.Optional(Type.Boolean({ default: true, description: 'true: check only; false: register every device in one transaction, or none' })),
}, { additionalProperties: false });
export const DeviceImportFields = Type.Object({}, { additionalProperties: false });
export const DeviceImportReport = Type.Object({
  dryRun: Type.Boolean(),
  rowsTotal: Type.Integer({ minimum: 0 }),
  created: Type.Array(Type.Object({ id: Type.String(), kind: Type.String(), secret: Type.String() }), { description: 'each new device and its secret, shown this once' }),
  errors: Type.Array(RowErrorView),
});
