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
}
