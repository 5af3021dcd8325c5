-- Devices and alarms (物联感知): the device registry with per-device credentials, the events devices
-- send (at-least-once, de-duplicated by the device's sequence number), telemetry, rule state and
-- check timers that survive a restart, and alarms with their append-only timeline.

-- A household whose elder is away (in hospital, at a child's home): inactivity alarms are suppressed
-- until the end of this China date.
ALTER TABLE household ADD COLUMN away_until date;
ALTER TABLE household ADD COLUMN away_reason text;

CREATE TABLE device (
  -- The manufacturer's id (IMEI, serial); also the MQTT username and the topic's {deviceId}.
  id                 text PRIMARY KEY CHECK (id ~ '^[A-Za-z0-9_-]{1,64}$'),
  community_id       bigint NOT NULL REFERENCES area(id),
  grid_id            bigint REFERENCES area(id),
  building_id        bigint REFERENCES building(id),
  household_id       bigint REFERENCES household(id),
  kind               text NOT NULL,
  model              text NOT NULL DEFAULT '',
  -- Where it is, in words: '3 号楼 2 单元电梯', '人民路井盖 12'.
  label              text NOT NULL DEFAULT '',
  lon                double precision,
  lat                double precision,
  installed_on       date,
  -- SHA-256 of a random 32-byte secret shown once: the secret has full entropy, so a slow hash adds nothing.
  secret_hash        bytea NOT NULL,
  state              text NOT NULL DEFAULT 'unknown' CHECK (state IN ('unknown', 'online', 'lost')),
  battery            integer,
  signal             integer,
  last_seen_at       timestamptz,
  -- Payloads that failed validation: counted, the last one's error kept for the console.
  malformed_count    integer NOT NULL DEFAULT 0,
  last_malformed_at  timestamptz,
  last_malformed     text,
  active             boolean NOT NULL DEFAULT true,
  created_at         timestamptz NOT NULL,
  CHECK ((lon IS NULL) = (lat IS NULL))
);
CREATE INDEX device_community ON device (community_id, kind, id);
CREATE INDEX device_household ON device (household_id) WHERE household_id IS NOT NULL;

-- QoS 1 events, written once: a redelivered event (same device, same sequence number) is ignored.
CREATE TABLE device_event (
  id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  device_id    text NOT NULL REFERENCES device(id),
  seq          bigint NOT NULL,
  type         text NOT NULL,
  -- The device's own timestamp, and when Linli received it.
  at           timestamptz NOT NULL,
  received_at  timestamptz NOT NULL,
  payload      jsonb NOT NULL,
  UNIQUE (device_id, seq)
);
CREATE INDEX device_event_recent ON device_event (device_id, at DESC);

-- Telemetry readings (QoS 0 allowed), written in batches.
CREATE TABLE device_reading (
  device_id    text NOT NULL REFERENCES device(id),
  at           timestamptz NOT NULL,
  received_at  timestamptz NOT NULL,
  value        jsonb NOT NULL
);
CREATE INDEX device_reading_recent ON device_reading (device_id, at DESC);

-- Tuned rule parameters: a community's defaults, a household's or a device's own. Exactly one of
-- household and device, or neither (the community default), per row.
CREATE TABLE rule_params (
  community_id  bigint NOT NULL REFERENCES area(id),
  household_id  bigint REFERENCES household(id),
  device_id     text REFERENCES device(id),
  rule_code     text NOT NULL,
  params        jsonb NOT NULL,
  CHECK (household_id IS NULL OR device_id IS NULL)
);
CREATE UNIQUE INDEX rule_params_key ON rule_params (community_id, coalesce(household_id, 0), coalesce(device_id, ''), rule_code);

-- What a rule remembers between readings (since when a condition holds, how many in a row), so a
-- restart resets nothing.
CREATE TABLE rule_state (
  device_id   text NOT NULL REFERENCES device(id),
  rule_code   text NOT NULL,
  state       jsonb NOT NULL,
  updated_at  timestamptz NOT NULL,
  PRIMARY KEY (device_id, rule_code)
);

-- When a rule must look again without a new reading: inactivity (door not opened, device silent),
-- a duration that may have run out. One row per device × rule, moved forward by activity; claimed
-- by the scheduler with FOR UPDATE SKIP LOCKED, like ticket timers.
CREATE TABLE rule_check (
  device_id   text NOT NULL REFERENCES device(id),
  rule_code   text NOT NULL,
  due_at      timestamptz NOT NULL,
  PRIMARY KEY (device_id, rule_code)
);
CREATE INDEX rule_check_due ON rule_check (due_at);

CREATE TABLE alarm (
  id                bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  -- The originator is the device; its household, building, grid and community are kept so an alarm
  -- can be asked for at every level.
  device_id         text NOT NULL REFERENCES device(id),
  household_id      bigint REFERENCES household(id),
  building_id       bigint REFERENCES building(id),
  grid_id           bigint REFERENCES area(id),
  community_id      bigint NOT NULL REFERENCES area(id),
  type              text NOT NULL,
  rule_code         text NOT NULL,
  severity          text NOT NULL CHECK (severity IN ('critical', 'major', 'minor', 'warning')),
  first_at          timestamptz NOT NULL,
  last_at           timestamptz NOT NULL,
  occurrences       integer NOT NULL DEFAULT 1,
  -- The reading that raised it.
  details           jsonb NOT NULL DEFAULT '{}',
  acknowledged_at   timestamptz,
  acknowledged_by   bigint REFERENCES app_user(id),
  cleared_at        timestamptz,
  -- Cleared by a person who found nothing wrong: counts in the false-alarm rate.
  false_alarm       boolean NOT NULL DEFAULT false,
  assignee_user_id  bigint REFERENCES app_user(id),
  ticket_id         bigint REFERENCES ticket(id),
  CHECK (last_at >= first_at)
);
-- One active alarm per originator and type: a repeat bumps its occurrences instead.
CREATE UNIQUE INDEX alarm_active_one ON alarm (device_id, type) WHERE cleared_at IS NULL;
CREATE INDEX alarm_community ON alarm (community_id, first_at DESC);
CREATE INDEX alarm_household ON alarm (household_id, first_at DESC) WHERE household_id IS NOT NULL;
CREATE INDEX alarm_ticket ON alarm (ticket_id) WHERE ticket_id IS NOT NULL;

CREATE TABLE alarm_event (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  alarm_id    bigint NOT NULL REFERENCES alarm(id),
  kind        text NOT NULL CHECK (kind IN ('raised', 'acknowledged', 'cleared', 'assigned', 'commented', 'ticket_opened')),
  at          timestamptz NOT NULL,
  actor_id    bigint REFERENCES app_user(id),
  actor_name  text NOT NULL,
  body        text,
  details     jsonb NOT NULL DEFAULT '{}'
);
CREATE INDEX alarm_event_alarm ON alarm_event (alarm_id, id);
CREATE TRIGGER alarm_event_no_update BEFORE UPDATE OR DELETE ON alarm_event
  FOR EACH ROW EXECUTE FUNCTION project_history_append_only();
