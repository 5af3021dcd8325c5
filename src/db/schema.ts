import type { ColumnType, Generated } from 'kysely';

// Row types of the tables in migrations/*.sql. Keep in step with the SQL.

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type Json<T = unknown> = ColumnType<T, string, string>;

export type AreaLevel = 'city' | 'district' | 'subdistrict' | 'community' | 'grid';
export type Occupancy = 'resident' | 'rented' | 'vacant' | 'seasonal';
export type BuildingPurpose = 'residential' | 'commercial' | 'mixed' | 'public' | 'other';
export type Sex = 'male' | 'female';
export type Relation = 'head' | 'spouse' | 'child' | 'parent' | 'grandchild' | 'sibling' | 'tenant' | 'other';

interface BBoxColumns {
  min_lon: number | null;
  min_lat: number | null;
  max_lon: number | null;
  max_lat: number | null;
}

export interface AreaTable extends BBoxColumns {
  id: Generated<number>;
  parent_id: number | null;
  level: AreaLevel;
  code: string;
  name: string;
  path: string;
  community_id: number | null;
  boundary: Json | null;
  created_at: Timestamp;
}

export interface DepartmentTable {
  id: Generated<number>;
  area_id: number;
  code: string;
  name: string;
  phone: string | null;
  created_at: Timestamp;
}

export interface EstateTable extends BBoxColumns {
  id: Generated<number>;
  community_id: number;
  code: string;
  name: string;
  property_company: string | null;
  boundary: Json | null;
  created_at: Timestamp;
}

export interface BuildingTable extends BBoxColumns {
  id: Generated<number>;
  community_id: number;
  grid_id: number | null;
  estate_id: number | null;
  code: string;
  name: string;
  purpose: Generated<BuildingPurpose>;
  floors: number | null;
  units: number | null;
  footprint: Json | null;
  entrance_lon: number | null;
  entrance_lat: number | null;
  created_at: Timestamp;
}

export interface HouseholdTable {
  id: Generated<number>;
  community_id: number;
  grid_id: number | null;
  building_id: number;
  unit: Generated<string>;
  room: string;
  floor: number | null;
  size_m2: number | null;
  occupancy: Generated<Occupancy>;
  created_at: Timestamp;
  away_until: string | null;
  away_reason: string | null;
}

export interface ResidentTable {
  id: Generated<number>;
  community_id: number;
  grid_id: number | null;
  household_id: number;
  name_enc: Buffer;
  name_masked: string;
  name_bidx: string;
  phone_enc: Buffer | null;
  phone_masked: string | null;
  phone_bidx: string | null;
  id_number_enc: Buffer | null;
  id_number_masked: string | null;
  id_number_bidx: string | null;
  care_tags_enc: Buffer | null;
  care_tag_bidx: Generated<string[]>;
  birth_year: number | null;
  sex: Sex | null;
  relation: Generated<Relation>;
  created_at: Timestamp;
}

export interface FacilityKindTable {
  code: string;
  name_zh: string;
  name_en: string;
  aspect: number;
  sort: number;
}

export interface FacilityTable {
  id: Generated<number>;
  community_id: number;
  grid_id: number | null;
  kind: string;
  code: string;
  name: string;
  geometry: Json;
  lon: number;
  lat: number;
  floor_area_m2: number | null;
  capacity: number | null;
  operator: string | null;
  opening_hours: string | null;
  created_at: Timestamp;
}

export interface AppUserTable {
  id: Generated<number>;
  username: string;
  display_name: string;
  password_hash: string;
  locale: Generated<'zh-CN' | 'en'>;
  household_id: number | null;
  resident_id: number | null;
  department_id: Generated<number | null>;
  failed_logins: Generated<number>;
  locked_until: Timestamp | null;
  disabled: Generated<boolean>;
  created_at: Timestamp;
}

export interface UserRoleTable {
  user_id: number;
  role: string;
  area_id: number;
}

export interface SessionTable {
  token_hash: string;
  user_id: number;
  csrf_token: string;
  ip: string | null;
  user_agent: string | null;
  created_at: Timestamp;
  expires_at: Timestamp;
}

export interface AuditLogTable {
  id: Generated<number>;
  at: Timestamp;
  actor_id: number | null;
  actor_name: string | null;
  action: string;
  entity: string;
  entity_id: string | null;
  community_id: number | null;
  ip: string | null;
  reason: string | null;
  details: Json<Record<string, unknown>> | undefined;
}

export interface ImportJobTable {
  id: Generated<number>;
  kind: string;
  community_id: number | null;
  file_name: string;
  status: 'committed' | 'failed';
  rows_total: number;
  created_by: number | null;
  created_at: Timestamp;
  details: Json<Record<string, unknown>> | undefined;
}

export interface AppSettingTable {
  key: string;
  value: Json;
}

export interface SchemaMigrationTable {
  name: string;
  checksum: string;
  applied_at: Timestamp;
}

export interface HouseholdClaimTable {
  id: Generated<number>;
  community_id: number;
  user_id: number;
  address: string;
  name_enc: Buffer;
  name_masked: string;
  name_bidx: string;
  phone_enc: Buffer;
  phone_masked: string;
  phone_bidx: string;
  status: Generated<'pending' | 'approved' | 'rejected'>;
  household_id: number | null;
  resident_id: number | null;
  decided_by: number | null;
  decided_at: Timestamp | null;
  decision_note: string | null;
  created_at: Timestamp;
}

export interface StandardTable {
  id: Generated<number>;
  code: string;
  version: number;
  name: string;
  area_id: number | null;
  cloned_from: number | null;
  document: Json;
  note: string | null;
  created_by: number | null;
  created_at: Timestamp;
}

export interface FacilityKindMappingTable {
  id: Generated<number>;
  source: 'osm' | 'text';
  pattern: string;
  kind: string;
  priority: Generated<number>;
  created_at: Timestamp;
}

export type CheckupStatus = 'pass' | 'partial' | 'fail' | 'not_measured';

export interface CheckupTable {
  id: Generated<number>;
  community_id: number;
  standard_id: number;
  params: Json;
  summary: Json;
  access: Json | null;
  run_by: number | null;
  started_at: Timestamp;
  finished_at: Timestamp;
}

export interface CheckupResultTable {
  id: Generated<number>;
  checkup_id: number;
  community_id: number;
  aspect_code: string;
  item_code: string;
  indicator_code: string;
  status: CheckupStatus;
  value: number | null;
  target: number | null;
  unit: string | null;
  evidence: Json;
}

export type SurveyStatus = 'draft' | 'published' | 'closed';
export type SurveyAnswerUnit = 'resident' | 'household';

export interface SurveyTable {
  id: Generated<number>;
  community_id: number;
  title: string;
  description: Generated<string>;
  status: Generated<SurveyStatus>;
  answer_unit: Generated<SurveyAnswerUnit>;
  questions: Json;
  created_by: number | null;
  created_at: Timestamp;
  published_at: Timestamp | null;
  closed_at: Timestamp | null;
}

export interface SurveyResponseTable {
  id: Generated<number>;
  survey_id: number;
  community_id: number;
  respondent_key: string;
  household_id: number | null;
  answers: Json;
  channel: 'online' | 'paper';
  entered_by: number | null;
  user_id: number | null;
  created_at: Timestamp;
}

export type ProjectLevel = 'city' | 'district' | 'subdistrict' | 'community';
export type ProjectStatus = 'proposed' | 'approved' | 'funded' | 'under_construction' | 'completed' | 'accepted';
export type FundingSource = 'central' | 'provincial' | 'city' | 'district' | 'subdistrict' | 'social' | 'residents' | 'other';
export interface FundingEntry {
  source: FundingSource;
  amountYuan: number;
}
/** A date column, read as 'YYYY-MM-DD' text (the stores select it through to_char, never as a Date). */
type NullableDate = ColumnType<string | null, string | null | undefined, string | null>;

export interface ProjectTable {
  id: Generated<number>;
  community_id: number;
  finding_id: number | null;
  indicator_code: string | null;
  indicator_name: Json<{ zh: string; en: string }> | null;
  title: string;
  description: Generated<string>;
  level: ProjectLevel;
  responsible_unit: string;
  department_id: number | null;
  budget_yuan: number | null;
  funding: Json<FundingEntry[]>;
  planned_start: NullableDate;
  planned_end: NullableDate;
  status: Generated<ProjectStatus>;
  progress_percent: Generated<number>;
  accepted_by: number | null;
  accepted_at: Timestamp | null;
  acceptance_note: string | null;
  created_by: number | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export type ProjectEventKind = 'created' | 'edited' | 'status' | 'note' | 'accepted';

export interface ProjectEventTable {
  id: Generated<number>;
  project_id: number;
  kind: ProjectEventKind;
  from_status: ProjectStatus | null;
  to_status: ProjectStatus | null;
  body: string | null;
  progress_percent: number | null;
  details: Json<Record<string, unknown>> | undefined;
  actor_id: number | null;
  actor_name: string;
  at: Timestamp;
}

export interface ProjectPhotoTable {
  id: Generated<number>;
  project_id: number;
  event_id: number;
  storage_key: string;
  content_type: 'image/jpeg' | 'image/png' | 'image/webp';
  width: number;
  height: number;
  size_bytes: number;
  created_at: Timestamp;
}

/** A walking network: the typed arrays of src/access/types.ts StreetNetwork as little-endian bytes. */
export interface StreetNetworkTable {
  id: Generated<number>;
  area_id: number;
  name: string;
  source: 'osm' | 'geojson' | 'demo';
  file_name: string | null;
  node_count: number;
  edge_count: number;
  min_lon: number;
  min_lat: number;
  max_lon: number;
  max_lat: number;
  node_lon: Buffer;
  node_lat: Buffer;
  edge_from: Buffer;
  edge_to: Buffer;
  edge_length: Buffer;
  geometry_start: Buffer;
  coords: Buffer;
  imported_by: number | null;
  imported_at: Timestamp;
}

export type TicketSource = 'resident_app' | 'hotline_12345' | 'staff' | 'patrol' | 'device' | 'open311' | 'checkup' | 'proactive';
export type TicketStatus = 'submitted' | 'dispatched' | 'accepted' | 'on_site' | 'resolved' | 'closed' | 'merged' | 'withdrawn';
export type TicketOutcome = 'resolved' | 'not_resolved' | 'no_answer';
export type TicketPriority = 'low' | 'normal' | 'high' | 'urgent';
export type TicketRating = 'satisfied' | 'basically_satisfied' | 'not_satisfied';
export type SlaClass = 'emergency' | 'utility' | 'general' | 'complex';
export type CalendarKind = '24x7' | 'working';
export type TicketEventKind =
  | 'created' | 'dispatched' | 'accepted' | 'arrived' | 'resolved' | 'returned' | 'reopened' | 'rated' | 'closed'
  | 'withdrawn' | 'merged' | 'escalated' | 'whistled' | 'breached' | 'note' | 'regridded' | 'subscribed' | 'paused' | 'resumed';
export type TimerKind = 'accept' | 'arrive' | 'resolve' | 'callback';
export type RoutingTarget = 'grid' | 'community' | 'department';

/** An Open311 attribute definition a category asks of a report. */
export interface CategoryAttribute {
  code: string;
  datatype: 'string' | 'number' | 'datetime' | 'text' | 'singlevaluelist' | 'multivaluelist';
  required: boolean;
  description: { zh: string; en: string };
  order: number;
  values?: { key: string; name: { zh: string; en: string } }[];
}

export interface TicketCategoryTable {
  code: string;
  name: Json<{ zh: string; en: string }>;
  sla_class: SlaClass;
  calendar: CalendarKind;
  accept_minutes: number;
  arrive_minutes: number | null;
  resolve_minutes: number;
  attributes: ColumnType<CategoryAttribute[], string | undefined, string>;
  active: Generated<boolean>;
  position: Generated<number>;
}

export interface WorkingCalendarDayTable {
  day: ColumnType<string, string, string>;
  working: boolean;
  name: Generated<string>;
}

export interface TicketRoutingRuleTable {
  id: Generated<number>;
  position: number;
  category_code: string | null;
  area_id: number | null;
  target: RoutingTarget;
  department_id: number | null;
}

export interface EscalationStepTable {
  community_id: number | null;
  level: number;
  minutes: number;
}

export interface TicketTable {
  id: Generated<number>;
  community_id: number;
  grid_id: number | null;
  category_code: string;
  source: TicketSource;
  external_id: string | null;
  description: string;
  lon: number | null;
  lat: number | null;
  address: Generated<string>;
  priority: Generated<TicketPriority>;
  reporter_user_id: number | null;
  anonymous: Generated<boolean>;
  contact_sealed: string | null;
  contact_masked: string | null;
  status: TicketStatus;
  outcome: TicketOutcome | null;
  level: Generated<number>;
  assignee_area_id: number | null;
  assignee_department_id: number | null;
  assignee_user_id: number | null;
  merged_into: number | null;
  accept_due: Timestamp | null;
  arrive_due: Timestamp | null;
  resolve_due: Timestamp | null;
  first_accept_due: Timestamp | null;
  accept_breached_at: Timestamp | null;
  arrive_breached_at: Timestamp | null;
  resolve_breached_at: Timestamp | null;
  dispatched_at: Timestamp | null;
  accepted_at: Timestamp | null;
  arrived_at: Timestamp | null;
  resolved_at: Timestamp | null;
  closed_at: Timestamp | null;
  whistled_at: Timestamp | null;
  paused_at: Timestamp | null;
  reopen_count: Generated<number>;
  rating: TicketRating | null;
  rating_resolved: boolean | null;
  rating_comment: string | null;
  rated_at: Timestamp | null;
  created_at: Timestamp;
  updated_at: Timestamp;
  /** Open311: answers to the category's attributes, by attribute code. */
  attributes: ColumnType<Record<string, unknown>, string | undefined, string>;
  /** Open311: a URL of media the reporter published elsewhere. */
  media_url: string | null;
}

export interface TicketEventTable {
  id: Generated<number>;
  ticket_id: number;
  kind: TicketEventKind;
  from_status: TicketStatus | null;
  to_status: TicketStatus | null;
  body: string | null;
  details: Json<Record<string, unknown>> | undefined;
  actor_id: number | null;
  actor_name: string;
  at: Timestamp;
}

export interface TicketPhotoTable {
  id: Generated<number>;
  ticket_id: number;
  event_id: number;
  storage_key: string;
  content_type: string;
  width: number;
  height: number;
  size_bytes: number;
  created_at: Generated<Date>;
}

export interface TicketSubscriberTable {
  ticket_id: number;
  user_id: number;
}

export interface TicketTimerTable {
  id: Generated<number>;
  ticket_id: number;
  kind: TimerKind;
  due_at: Timestamp;
  fired_at: Timestamp | null;
}

export interface NotificationTable {
  id: Generated<number>;
  user_id: number;
  ticket_id: number | null;
  kind: string;
  title: Json<{ zh: string; en: string }>;
  created_at: Timestamp;
  read_at: Timestamp | null;
}

export interface WebhookTable {
  id: Generated<number>;
  name: string;
  url: string;
  secret_sealed: string;
  events: ColumnType<string[], string[] | undefined, string[]>;
  active: Generated<boolean>;
  created_at: Timestamp;
}

export type WebhookDeliveryStatus = 'pending' | 'delivered' | 'dead';

export interface WebhookDeliveryTable {
  id: Generated<number>;
  webhook_id: number;
  event: string;
  payload: Json<Record<string, unknown>>;
  status: Generated<WebhookDeliveryStatus>;
  attempts: Generated<number>;
  next_attempt_at: Timestamp;
  last_status: number | null;
  last_error: string | null;
  created_at: Timestamp;
  delivered_at: Timestamp | null;
}

export interface Open311ClientTable {
  id: Generated<number>;
  name: string;
  key_hash: string;
  area_id: number;
  active: Generated<boolean>;
  created_at: Timestamp;
}

export type DeviceState = 'unknown' | 'online' | 'lost';
export type AlarmSeverity = 'critical' | 'major' | 'minor' | 'warning';
export type AlarmEventKind = 'raised' | 'acknowledged' | 'cleared' | 'assigned' | 'commented' | 'ticket_opened';

export interface DeviceTable {
  id: string;
  community_id: number;
  grid_id: number | null;
  building_id: number | null;
  household_id: number | null;
  kind: string;
  model: Generated<string>;
  label: Generated<string>;
  lon: number | null;
  lat: number | null;
  installed_on: string | null;
  secret_hash: Buffer;
  state: Generated<DeviceState>;
  battery: number | null;
  signal: number | null;
  last_seen_at: Timestamp | null;
  malformed_count: Generated<number>;
  last_malformed_at: Timestamp | null;
  last_malformed: string | null;
  active: Generated<boolean>;
  created_at: Timestamp;
}

export interface DeviceEventTable {
  id: Generated<number>;
  device_id: string;
  seq: number;
  type: string;
  at: Timestamp;
  received_at: Timestamp;
  payload: Json<Record<string, unknown>>;
}

export interface DeviceReadingTable {
  device_id: string;
  at: Timestamp;
  received_at: Timestamp;
  value: Json<Record<string, unknown>>;
}

export interface RuleParamsTable {
  community_id: number;
  household_id: number | null;
  device_id: string | null;
  rule_code: string;
  params: Json<Record<string, unknown>>;
}

export interface RuleStateTable {
  device_id: string;
  rule_code: string;
  state: Json<Record<string, unknown>>;
  updated_at: Timestamp;
}

export interface RuleCheckTable {
  device_id: string;
  rule_code: string;
  due_at: Timestamp;
}

export interface AlarmTable {
  id: Generated<number>;
  device_id: string;
  household_id: number | null;
  building_id: number | null;
  grid_id: number | null;
  community_id: number;
  type: string;
  rule_code: string;
  severity: AlarmSeverity;
  first_at: Timestamp;
  last_at: Timestamp;
  occurrences: Generated<number>;
  details: Json<Record<string, unknown>>;
  acknowledged_at: Timestamp | null;
  acknowledged_by: number | null;
  cleared_at: Timestamp | null;
  false_alarm: Generated<boolean>;
  assignee_user_id: number | null;
  ticket_id: number | null;
}

export interface AlarmEventTable {
  id: Generated<number>;
  alarm_id: number;
  kind: AlarmEventKind;
  at: Timestamp;
  actor_id: number | null;
  actor_name: string;
  body: string | null;
  details: Json<Record<string, unknown>>;
}

export type ContactRole = 'elder' | 'family' | 'neighbour' | 'grid_worker' | 'building_lead' | 'property';
export type CallOutcome = 'answered' | 'no_answer' | 'busy' | 'unreachable' | 'visited';

export interface CareContactTable {
  id: Generated<number>;
  household_id: number;
  community_id: number;
  position: number;
  role: ContactRole;
  name_sealed: string;
  name_masked: string;
  phone_sealed: string;
  phone_masked: string;
  relation: Generated<string>;
  created_at: Timestamp;
}

export interface CareCallTable {
  id: Generated<number>;
  household_id: number;
  contact_id: number;
  role: ContactRole;
  contact_name: string;
  alarm_id: number | null;
  outcome: CallOutcome;
  note: string | null;
  at: Timestamp;
  actor_id: number | null;
  actor_name: string;
}

export interface DB {
  area: AreaTable;
  department: DepartmentTable;
  estate: EstateTable;
  building: BuildingTable;
  household: HouseholdTable;
  resident: ResidentTable;
  facility_kind: FacilityKindTable;
  facility: FacilityTable;
  app_user: AppUserTable;
  user_role: UserRoleTable;
  user_session: SessionTable;
  audit_log: AuditLogTable;
  import_job: ImportJobTable;
  app_setting: AppSettingTable;
  household_claim: HouseholdClaimTable;
  schema_migration: SchemaMigrationTable;
  survey: SurveyTable;
  survey_response: SurveyResponseTable;
  standard: StandardTable;
  facility_kind_mapping: FacilityKindMappingTable;
  checkup: CheckupTable;
  checkup_result: CheckupResultTable;
  street_network: StreetNetworkTable;
  project: ProjectTable;
  project_event: ProjectEventTable;
  project_photo: ProjectPhotoTable;
  ticket_category: TicketCategoryTable;
  working_calendar_day: WorkingCalendarDayTable;
  ticket_routing_rule: TicketRoutingRuleTable;
  escalation_step: EscalationStepTable;
  ticket: TicketTable;
  ticket_event: TicketEventTable;
  ticket_photo: TicketPhotoTable;
  ticket_subscriber: TicketSubscriberTable;
  ticket_timer: TicketTimerTable;
  notification: NotificationTable;
  webhook: WebhookTable;
  webhook_delivery: WebhookDeliveryTable;
  open311_client: Open311ClientTable;
  device: DeviceTable;
  device_event: DeviceEventTable;
  device_reading: DeviceReadingTable;
  rule_params: RuleParamsTable;
  rule_state: RuleStateTable;
  rule_check: RuleCheckTable;
  alarm: AlarmTable;
  alarm_event: AlarmEventTable;
  care_contact: CareContactTable;
  care_call: CareCallTable;
}
