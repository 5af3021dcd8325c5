-- The community checkup (社区体检): the standard as versioned data, the mapping of OSM tags and
-- free-text facility types to the standard's facility kinds, and checkup runs with one result per
-- indicator. A "finding" (短板) is a result whose status is fail or partial.

-- A standard version is immutable once saved: an edit saves version + 1 under the same code, so every
-- checkup can say exactly which thresholds it applied. A clone starts a new code (a city's own rules).
CREATE TABLE standard (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  code        text NOT NULL,
  version     integer NOT NULL CHECK (version > 0),
  name        text NOT NULL,
  -- The area whose staff adapted it (a city, a district); null for the national standard.
  area_id     bigint REFERENCES area(id),
  cloned_from bigint REFERENCES standard(id),
  -- aspects → items → indicators, validated by src/checkup/standardSchema.ts before it is stored.
  document    jsonb NOT NULL,
  note        text,
  created_by  bigint REFERENCES app_user(id),
  created_at  timestamptz NOT NULL DEFAULT now(),
  UNIQUE (code, version)
);

-- How an OSM tag ('amenity=kindergarten') or a word in a free-text type ('托育') maps to a facility kind.
-- The most specific rule wins: lower priority numbers first.
CREATE TABLE facility_kind_mapping (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  source      text NOT NULL CHECK (source IN ('osm', 'text')),
  -- osm: 'key=value' or 'key=*'; text: a word that the free-text type contains.
  pattern     text NOT NULL CHECK (length(pattern) BETWEEN 1 AND 200),
  kind        text NOT NULL REFERENCES facility_kind(code),
  priority    integer NOT NULL DEFAULT 100,
  created_at  timestamptz NOT NULL DEFAULT now(),
  UNIQUE (source, pattern)
);

CREATE TABLE checkup (
  id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  community_id  bigint NOT NULL REFERENCES area(id),
  standard_id   bigint NOT NULL REFERENCES standard(id),
  -- What the run saw: margin around the community, the street network used, counts.
  params        jsonb NOT NULL,
  -- Counts of results by status and a score per aspect, for lists and the radar chart.
  summary       jsonb NOT NULL,
  -- Per building and facility kind: walking distance and nearest facility (for the report's map).
  access        jsonb,
  run_by        bigint REFERENCES app_user(id),
  started_at    timestamptz NOT NULL,
  finished_at   timestamptz NOT NULL
);
CREATE INDEX checkup_community ON checkup (community_id, id DESC);

CREATE TABLE checkup_result (
  id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  checkup_id      bigint NOT NULL REFERENCES checkup(id) ON DELETE CASCADE,
  community_id    bigint NOT NULL REFERENCES area(id),
  aspect_code     text NOT NULL,
  item_code       text NOT NULL,
  indicator_code  text NOT NULL,
  status          text NOT NULL CHECK (status IN ('pass', 'partial', 'fail', 'not_measured')),
  value           double precision,
  target          double precision,
  unit            text,
  -- Which buildings are beyond the distance (and who lives there), which facilities are undersized, …
  evidence        jsonb NOT NULL,
  UNIQUE (checkup_id, indicator_code)
);
CREATE INDEX checkup_result_community ON checkup_result (community_id, status);

INSERT INTO facility_kind_mapping (source, pattern, kind, priority) VALUES
  ('osm', 'amenity=kindergarten', 'kindergarten', 10),
  ('osm', 'amenity=childcare', 'childcare', 10),
  ('osm', 'amenity=nursery', 'childcare', 10),
  ('osm', 'social_facility=nursing_home', 'elder_station', 10),
  ('osm', 'social_facility=assisted_living', 'elder_station', 10),
  ('osm', 'social_facility=day_care', 'elder_daycare', 10),
  ('osm', 'social_facility:for=senior', 'elder_station', 20),
  ('osm', 'amenity=community_centre', 'service_station', 20),
  ('osm', 'amenity=social_centre', 'culture_room', 30),
  ('osm', 'amenity=arts_centre', 'culture_room', 30),
  ('osm', 'amenity=clinic', 'health_station', 10),
  ('osm', 'amenity=doctors', 'health_station', 10),
  ('osm', 'healthcare=clinic', 'health_station', 20),
  ('osm', 'healthcare=doctor', 'health_station', 20),
  ('osm', 'amenity=pharmacy', 'pharmacy', 10),
  ('osm', 'healthcare=pharmacy', 'pharmacy', 20),
  ('osm', 'shop=supermarket', 'supermarket', 10),
  ('osm', 'shop=convenience', 'convenience', 20),
  ('osm', 'shop=greengrocer', 'convenience', 30),
  ('osm', 'shop=bakery', 'convenience', 30),
  ('osm', 'shop=butcher', 'convenience', 30),
  ('osm', 'amenity=marketplace', 'supermarket', 30),
  ('osm', 'amenity=parcel_locker', 'parcel_locker', 10),
  ('osm', 'amenity=post_office', 'parcel_locker', 20),
  ('osm', 'shop=hairdresser', 'barber', 10),
  ('osm', 'shop=laundry', 'laundry', 10),
  ('osm', 'shop=dry_cleaning', 'laundry', 10),
  ('osm', 'craft=shoemaker', 'repair', 30),
  ('osm', 'shop=repair', 'repair', 20),
  ('osm', 'amenity=parking', 'parking', 10),
  ('osm', 'amenity=charging_station', 'ev_charging', 10),
  ('osm', 'highway=bus_stop', 'bus_stop', 10),
  ('osm', 'public_transport=platform', 'bus_stop', 40),
  ('osm', 'amenity=waste_transfer_station', 'waste_station', 10),
  ('osm', 'amenity=recycling', 'waste_station', 30),
  ('osm', 'amenity=toilets', 'public_toilet', 10),
  ('osm', 'leisure=playground', 'activity_ground', 20),
  ('osm', 'leisure=fitness_station', 'activity_ground', 20),
  ('osm', 'leisure=pitch', 'sports_ground', 20),
  ('osm', 'leisure=sports_centre', 'sports_ground', 20),
  ('osm', 'leisure=park', 'park', 10),
  ('osm', 'leisure=garden', 'park', 30),
  ('osm', 'amenity=townhall', 'service_station', 40),
  ('text', '综合服务站', 'service_station', 10),
  ('text', '党群服务', 'service_station', 20),
  ('text', '幼儿园', 'kindergarten', 10),
  ('text', '托育', 'childcare', 10),
  ('text', '托儿所', 'childcare', 10),
  ('text', '日间照料', 'elder_daycare', 10),
  ('text', '养老服务', 'elder_station', 20),
  ('text', '老年', 'elder_station', 30),
  ('text', '居家养老', 'elder_station', 20),
  ('text', '卫生服务站', 'health_station', 10),
  ('text', '卫生站', 'health_station', 20),
  ('text', '诊所', 'health_station', 30),
  ('text', '超市', 'supermarket', 20),
  ('text', '菜场', 'supermarket', 30),
  ('text', '菜市场', 'supermarket', 20),
  ('text', '快递', 'parcel_locker', 20),
  ('text', '驿站', 'parcel_locker', 30),
  ('text', '快件箱', 'parcel_locker', 20),
  ('text', '便利店', 'convenience', 20),
  ('text', '药店', 'pharmacy', 10),
  ('text', '药房', 'pharmacy', 10),
  ('text', '理发', 'barber', 10),
  ('text', '美发', 'barber', 20),
  ('text', '洗衣', 'laundry', 10),
  ('text', '干洗', 'laundry', 10),
  ('text', '维修', 'repair', 20),
  ('text', '修鞋', 'repair', 20),
  ('text', '食堂', 'canteen', 10),
  ('text', '助餐', 'canteen', 10),
  ('text', '停车', 'parking', 20),
  ('text', '充电', 'ev_charging', 10),
  ('text', '公交', 'bus_stop', 10),
  ('text', '垃圾', 'waste_station', 20),
  ('text', '公厕', 'public_toilet', 10),
  ('text', '厕所', 'public_toilet', 20),
  ('text', '活动场地', 'activity_ground', 20),
  ('text', '广场', 'activity_ground', 40),
  ('text', '运动场', 'sports_ground', 20),
  ('text', '球场', 'sports_ground', 20),
  ('text', '公园', 'park', 10),
  ('text', '绿地', 'park', 30),
  ('text', '物业', 'property_office', 20),
  ('text', '文化', 'culture_room', 30),
  ('text', '图书', 'culture_room', 30);
