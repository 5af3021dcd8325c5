-- The places-and-people registry, accounts, roles and the audit log.
-- Written for PostgreSQL 15 (servers in the field) and PGlite (PostgreSQL 18).
-- Geometry is GeoJSON in jsonb plus bounding-box columns; no PostGIS.

CREATE TABLE area (
  id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  parent_id    bigint REFERENCES area(id),
  level        text NOT NULL CHECK (level IN ('city', 'district', 'subdistrict', 'community', 'grid')),
  code         text NOT NULL UNIQUE,
  name         text NOT NULL,
  -- '/330200/330212/330212001/': codes from the root; a subtree is a path prefix.
  path         text NOT NULL UNIQUE,
  -- The community this area is or lies in (null above community level).
  community_id bigint REFERENCES area(id),
  boundary     jsonb,
  min_lon double precision, min_lat double precision, max_lon double precision, max_lat double precision,
  created_at   timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX area_parent ON area (parent_id);
CREATE INDEX area_community ON area (community_id);

CREATE TABLE department (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  area_id     bigint NOT NULL REFERENCES area(id),
  code        text NOT NULL UNIQUE,
  name        text NOT NULL,
  phone       text,
  created_at  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE estate (
  id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  community_id     bigint NOT NULL REFERENCES area(id),
  code             text NOT NULL,
  name             text NOT NULL,
  property_company text,
  boundary         jsonb,
  min_lon double precision, min_lat double precision, max_lon double precision, max_lat double precision,
  created_at       timestamptz NOT NULL DEFAULT now(),
  UNIQUE (community_id, code)
);

CREATE TABLE building (
  id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  community_id bigint NOT NULL REFERENCES area(id),
  grid_id      bigint REFERENCES area(id),
  estate_id    bigint REFERENCES estate(id),
  code         text NOT NULL,
  name         text NOT NULL,
  purpose      text NOT NULL DEFAULT 'residential'
               CHECK (purpose IN ('residential', 'commercial', 'mixed', 'public', 'other')),
  floors       integer CHECK (floors > 0),
  units        integer CHECK (units > 0),
  footprint    jsonb,
  min_lon double precision, min_lat double precision, max_lon double precision, max_lat double precision,
  entrance_lon double precision,
  entrance_lat double precision,
  created_at   timestamptz NOT NULL DEFAULT now(),
  UNIQUE (community_id, code)
);
CREATE INDEX building_grid ON building (community_id, grid_id);
CREATE INDEX building_estate ON building (estate_id);

CREATE TABLE household (
  id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  community_id bigint NOT NULL REFERENCES area(id),
  grid_id      bigint REFERENCES area(id),
  building_id  bigint NOT NULL REFERENCES building(id),
  unit         text NOT NULL DEFAULT '1',
  room         text NOT NULL,
  floor        integer,
  size_m2      double precision CHECK (size_m2 > 0),
  occupancy    text NOT NULL DEFAULT 'resident'
               CHECK (occupancy IN ('resident', 'rented', 'vacant', 'seasonal')),
  created_at   timestamptz NOT NULL DEFAULT now(),
  UNIQUE (community_id, building_id, unit, room)
);
CREATE INDEX household_building ON household (building_id, unit, room);
CREATE INDEX household_grid ON household (community_id, grid_id, id);

-- Personal data is encrypted per field (AES-256-GCM); lists read only the masked
-- columns, and exact search uses keyed hashes (blind indexes).
CREATE TABLE resident (
  id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  community_id     bigint NOT NULL REFERENCES area(id),
  grid_id          bigint REFERENCES area(id),
  household_id     bigint NOT NULL REFERENCES household(id),
  name_enc         bytea NOT NULL,
  name_masked      text NOT NULL,
  name_bidx        text NOT NULL,
  phone_enc        bytea,
  phone_masked     text,
  phone_bidx       text,
  id_number_enc    bytea,
  id_number_masked text,
  id_number_bidx   text,
  care_tags_enc    bytea,
  -- Keyed hashes of each care tag, so counts and filters need no decryption.
  care_tag_bidx    text[] NOT NULL DEFAULT '{}',
  birth_year       integer CHECK (birth_year BETWEEN 1880 AND 2200),
  sex              text CHECK (sex IN ('male', 'female')),
  relation         text NOT NULL DEFAULT 'other'
                   CHECK (relation IN ('head', 'spouse', 'child', 'parent', 'grandchild', 'sibling', 'tenant', 'other')),
  created_at       timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX resident_household ON resident (household_id);
CREATE INDEX resident_grid ON resident (community_id, grid_id, id);
CREATE INDEX resident_name_bidx ON resident (name_bidx);
CREATE INDEX resident_phone_bidx ON resident (phone_bidx);
CREATE UNIQUE INDEX resident_id_number_bidx ON resident (community_id, id_number_bidx);
CREATE INDEX resident_care_tags ON resident USING gin (care_tag_bidx);

CREATE TABLE facility_kind (
  code      text PRIMARY KEY,
  name_zh   text NOT NULL,
  name_en   text NOT NULL,
  aspect    integer NOT NULL,
  sort      integer NOT NULL
);

CREATE TABLE facility (
  id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  community_id  bigint NOT NULL REFERENCES area(id),
  grid_id       bigint REFERENCES area(id),
  kind          text NOT NULL REFERENCES facility_kind(code),
  code          text NOT NULL,
  name          text NOT NULL,
  geometry      jsonb NOT NULL,
  lon           double precision NOT NULL,
  lat           double precision NOT NULL,
  floor_area_m2 double precision CHECK (floor_area_m2 >= 0),
  capacity      integer CHECK (capacity >= 0),
  operator      text,
  opening_hours text,
  created_at    timestamptz NOT NULL DEFAULT now(),
  UNIQUE (community_id, code)
);
CREATE INDEX facility_kind_idx ON facility (community_id, kind);

CREATE TABLE app_user (
  id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  username       text NOT NULL UNIQUE,
  display_name   text NOT NULL,
  password_hash  text NOT NULL,
  locale         text NOT NULL DEFAULT 'zh-CN' CHECK (locale IN ('zh-CN', 'en')),
  -- A resident account is bound to its household once staff or the building lead verify it.
  household_id   bigint REFERENCES household(id),
  resident_id    bigint REFERENCES resident(id),
  failed_logins  integer NOT NULL DEFAULT 0,
  locked_until   timestamptz,
  disabled       boolean NOT NULL DEFAULT false,
  created_at     timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE user_role (
  user_id  bigint NOT NULL REFERENCES app_user(id) ON DELETE CASCADE,
  role     text NOT NULL CHECK (role IN ('admin', 'subdistrict_officer', 'department_officer', 'community_staff',
                                         'grid_worker', 'building_lead', 'property_manager', 'resident')),
  area_id  bigint NOT NULL REFERENCES area(id),
  PRIMARY KEY (user_id, role, area_id)
);

CREATE TABLE user_session (
  token_hash  text PRIMARY KEY,
  user_id     bigint NOT NULL REFERENCES app_user(id) ON DELETE CASCADE,
  csrf_token  text NOT NULL,
  ip          text,
  user_agent  text,
  created_at  timestamptz NOT NULL DEFAULT now(),
  expires_at  timestamptz NOT NULL
);
CREATE INDEX user_session_user ON user_session (user_id);

CREATE TABLE audit_log (
  id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  at            timestamptz NOT NULL DEFAULT now(),
  actor_id      bigint,
  actor_name    text,
  action        text NOT NULL,
  entity        text NOT NULL,
  entity_id     text,
  community_id  bigint,
  ip            text,
  reason        text,
  details       jsonb NOT NULL DEFAULT '{}'
);
CREATE INDEX audit_log_at ON audit_log (at DESC, id DESC);
CREATE INDEX audit_log_actor ON audit_log (actor_id, at DESC);
CREATE INDEX audit_log_community ON audit_log (community_id, at DESC);

-- The audit log is append-only: the database itself refuses to change or delete an entry.
CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit_log is append-only';
END;
$$;
CREATE TRIGGER audit_log_no_update BEFORE UPDATE OR DELETE ON audit_log
  FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();

CREATE TABLE import_job (
  id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  kind         text NOT NULL,
  community_id bigint REFERENCES area(id),
  file_name    text NOT NULL,
  status       text NOT NULL CHECK (status IN ('committed', 'failed')),
  rows_total   integer NOT NULL,
  created_by   bigint REFERENCES app_user(id),
  created_at   timestamptz NOT NULL DEFAULT now(),
  details      jsonb NOT NULL DEFAULT '{}'
);

CREATE TABLE app_setting (
  key    text PRIMARY KEY,
  value  jsonb NOT NULL
);

-- Facility kinds of the 2020 standard 《完整居住社区建设标准(试行)》; the checkup's standard data refers to these codes.
INSERT INTO facility_kind (code, name_zh, name_en, aspect, sort) VALUES
  ('service_station',   '社区综合服务站',     'Community service station', 1, 10),
  ('kindergarten',      '幼儿园',             'Kindergarten', 1, 20),
  ('childcare',         '托儿所',             'Childcare (0–3)', 1, 30),
  ('elder_station',     '老年服务站',         'Elder service station', 1, 40),
  ('elder_daycare',     '日间照料中心',       'Elder day-care centre', 1, 41),
  ('health_station',    '社区卫生服务站',     'Community health station', 1, 50),
  ('supermarket',       '综合超市',           'Supermarket', 2, 60),
  ('parcel_locker',     '快递驿站/智能快件箱', 'Parcel station or locker', 2, 70),
  ('convenience',       '便民商业网点',       'Convenience shop', 2, 80),
  ('pharmacy',          '药店',               'Pharmacy', 2, 81),
  ('barber',            '理发店',             'Barber', 2, 82),
  ('laundry',           '洗衣店',             'Laundry', 2, 83),
  ('repair',            '维修点',             'Repair shop', 2, 84),
  ('canteen',           '社区食堂',           'Community canteen', 2, 85),
  ('parking',           '停车场',             'Parking', 3, 100),
  ('ev_charging',       '充电设施',           'EV charging', 3, 101),
  ('bus_stop',          '公交站',             'Bus stop', 3, 110),
  ('waste_station',     '垃圾收集站',         'Waste collection station', 3, 130),
  ('public_toilet',     '公共厕所',           'Public toilet', 3, 131),
  ('activity_ground',   '公共活动场地',       'Public activity ground', 4, 140),
  ('sports_ground',     '多功能运动场地',     'Multi-sport ground', 4, 141),
  ('park',              '社区公园/口袋公园',  'Park or pocket park', 4, 150),
  ('property_office',   '物业服务中心',       'Property service office', 5, 160),
  ('culture_room',      '文化活动室',         'Culture room', 6, 200);
