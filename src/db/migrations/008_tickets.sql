-- The service loop (接诉即办): tickets from every source, their categories with routing and time
-- limits, the escalation ladder, timers as rows, the append-only timeline, ratings, notifications
-- (in-app inbox and signed webhooks) and Open311 integrator keys.

-- A department officer reports for one department (吹哨报到: the whistled department must answer).
ALTER TABLE app_user ADD COLUMN department_id bigint REFERENCES department(id);

-- What a ticket is about; decides routing and the time limits. Limits are minutes of the category's
-- calendar: '24x7' counts every minute, 'working' only working hours (a working day has 480 minutes).
CREATE TABLE ticket_category (
  code            text PRIMARY KEY CHECK (code ~ '^[a-z][a-z0-9_]{1,39}$'),
  name            jsonb NOT NULL,
  -- 'emergency' (2 h), 'utility' (24 h), 'general' (7 working days), 'complex' (15 working days).
  sla_class       text NOT NULL CHECK (sla_class IN ('emergency', 'utility', 'general', 'complex')),
  calendar        text NOT NULL CHECK (calendar IN ('24x7', 'working')),
  accept_minutes  integer NOT NULL CHECK (accept_minutes > 0),
  arrive_minutes  integer CHECK (arrive_minutes > 0),
  resolve_minutes integer NOT NULL CHECK (resolve_minutes > 0),
  -- Open311 metadata: attribute definitions the category asks of a report.
  attributes      jsonb NOT NULL DEFAULT '[]',
  active          boolean NOT NULL DEFAULT true,
  position        integer NOT NULL DEFAULT 0
);

-- Days that break the weekly pattern (法定节假日 off, 调休 working weekends), for the working calendar.
CREATE TABLE working_calendar_day (
  day      date PRIMARY KEY,
  working  boolean NOT NULL,
  name     text NOT NULL DEFAULT ''
);

-- Category × area → who handles it; the lowest position that matches wins. A null category or area
-- matches any. Targets: the ticket's grid, its community's staff, or a department (whistled at once).
CREATE TABLE ticket_routing_rule (
  id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  position       integer NOT NULL,
  category_code  text REFERENCES ticket_category(code),
  area_id        bigint REFERENCES area(id),
  target         text NOT NULL CHECK (target IN ('grid', 'community', 'department')),
  department_id  bigint REFERENCES department(id),
  CHECK ((target = 'department') = (department_id IS NOT NULL))
);
CREATE INDEX ticket_routing_rule_order ON ticket_routing_rule (position, id);

-- The ladder of one community (or the default, community_id null): how long each level has to
-- accept before the ticket moves up. Level 0 is the grid, 1 the community, 2 the subdistrict,
-- 3 the whistled department (which must report within its minutes).
CREATE TABLE escalation_step (
  community_id  bigint REFERENCES area(id),
  level         integer NOT NULL CHECK (level BETWEEN 1 AND 3),
  minutes       integer NOT NULL CHECK (minutes > 0)
);
CREATE UNIQUE INDEX escalation_step_key ON escalation_step (coalesce(community_id, 0), level);

CREATE TABLE ticket (
  id                  bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  community_id        bigint NOT NULL REFERENCES area(id),
  grid_id             bigint REFERENCES area(id),
  category_code       text NOT NULL REFERENCES ticket_category(code),
  source              text NOT NULL CHECK (source IN ('resident_app', 'hotline_12345', 'staff', 'patrol', 'device', 'open311', 'checkup', 'proactive')),
  -- An idempotency key from the source (a hotline case number, an Open311 token), unique per source.
  external_id         text,
  description         text NOT NULL CHECK (length(description) BETWEEN 1 AND 2000),
  lon                 double precision,
  lat                 double precision,
  address             text NOT NULL DEFAULT '' CHECK (length(address) <= 200),
  priority            text NOT NULL DEFAULT 'normal' CHECK (priority IN ('low', 'normal', 'high', 'urgent')),
  reporter_user_id    bigint REFERENCES app_user(id),
  -- Anonymous to the public (Open311, other residents); handlers still see the reporter.
  anonymous           boolean NOT NULL DEFAULT false,
  -- A hotline caller's or integrator's contact: sealed like a resident's data, masked for lists.
  contact_sealed      text,
  contact_masked      text,
  status              text NOT NULL CHECK (status IN ('submitted', 'dispatched', 'accepted', 'on_site', 'resolved', 'closed', 'merged', 'withdrawn')),
  -- How a closed ticket ended: rated as resolved or not, no answer to the callback, closed unresolved by staff.
  outcome             text CHECK (outcome IN ('resolved', 'not_resolved', 'no_answer')),
  -- Who must act now: the grid, the community, the subdistrict, or a department; and the person who accepted.
  level               integer NOT NULL DEFAULT 0 CHECK (level BETWEEN 0 AND 3),
  assignee_area_id    bigint REFERENCES area(id),
  assignee_department_id bigint REFERENCES department(id),
  assignee_user_id    bigint REFERENCES app_user(id),
  merged_into         bigint REFERENCES ticket(id),
  -- Current deadlines (null when the stage has none or is done) and the first breach of each: breached stays breached.
  accept_due          timestamptz,
  arrive_due          timestamptz,
  resolve_due         timestamptz,
  -- The first accept deadline: the response rate asks whether it was met.
  first_accept_due    timestamptz,
  accept_breached_at  timestamptz,
  arrive_breached_at  timestamptz,
  resolve_breached_at timestamptz,
  dispatched_at       timestamptz,
  accepted_at         timestamptz,
  arrived_at          timestamptz,
  resolved_at         timestamptz,
  closed_at           timestamptz,
  whistled_at         timestamptz,
  -- Waiting for the resident (a visit they must allow, a document they must bring): the clocks stop
  -- from paused_at; resuming moves every open deadline on by the time spent waiting.
  paused_at           timestamptz,
  reopen_count        integer NOT NULL DEFAULT 0,
  rating              text CHECK (rating IN ('satisfied', 'basically_satisfied', 'not_satisfied')),
  rating_resolved     boolean,
  rating_comment      text,
  rated_at            timestamptz,
  created_at          timestamptz NOT NULL,
  updated_at          timestamptz NOT NULL,
  CHECK ((status = 'closed') = (outcome IS NOT NULL)),
  CHECK ((status = 'merged') = (merged_into IS NOT NULL)),
  CHECK ((lon IS NULL) = (lat IS NULL))
);
CREATE UNIQUE INDEX ticket_external ON ticket (source, external_id) WHERE external_id IS NOT NULL;
CREATE INDEX ticket_community ON ticket (community_id, id DESC);
CREATE INDEX ticket_grid ON ticket (grid_id, id DESC);
CREATE INDEX ticket_reporter ON ticket (reporter_user_id, id DESC) WHERE reporter_user_id IS NOT NULL;
CREATE INDEX ticket_department ON ticket (assignee_department_id, id DESC) WHERE assignee_department_id IS NOT NULL;
CREATE INDEX ticket_created ON ticket (created_at);
-- Open tickets near a point (the duplicates a resident is offered): by category and place.
CREATE INDEX ticket_open_near ON ticket (category_code, lon, lat) WHERE status NOT IN ('closed', 'merged', 'withdrawn');
-- Reports of any status near a point (the proactive rule counts closed ones too): without it every new ticket scans the table.
CREATE INDEX ticket_near ON ticket (category_code, lon, lat);

CREATE TABLE ticket_event (
  id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  ticket_id    bigint NOT NULL REFERENCES ticket(id),
  kind         text NOT NULL CHECK (kind IN (
                 'created', 'dispatched', 'accepted', 'arrived', 'resolved', 'returned', 'reopened', 'rated', 'closed',
                 'withdrawn', 'merged', 'escalated', 'whistled', 'breached', 'note', 'regridded', 'subscribed', 'paused', 'resumed')),
  from_status  text,
  to_status    text,
  -- Why: the reason of a return or reopening, the text of a note or resolution.
  body         text,
  -- What else the step set: level, assignee, the deadline that was breached, the merged ticket.
  details      jsonb NOT NULL DEFAULT '{}',
  actor_id     bigint REFERENCES app_user(id),
  -- The person, or 系统 for the scheduler.
  actor_name   text NOT NULL,
  at           timestamptz NOT NULL
);
CREATE INDEX ticket_event_ticket ON ticket_event (ticket_id, id);

CREATE TABLE ticket_photo (
  id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  ticket_id     bigint NOT NULL REFERENCES ticket(id),
  event_id      bigint NOT NULL REFERENCES ticket_event(id),
  storage_key   text NOT NULL UNIQUE,
  content_type  text NOT NULL CHECK (content_type IN ('image/jpeg', 'image/png', 'image/webp')),
  width         integer NOT NULL CHECK (width > 0),
  height        integer NOT NULL CHECK (height > 0),
  size_bytes    integer NOT NULL CHECK (size_bytes > 0),
  created_at    timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX ticket_photo_ticket ON ticket_photo (ticket_id, id);

CREATE TRIGGER ticket_event_no_update BEFORE UPDATE OR DELETE ON ticket_event
  FOR EACH ROW EXECUTE FUNCTION project_history_append_only();
CREATE TRIGGER ticket_photo_no_update BEFORE UPDATE OR DELETE ON ticket_photo
  FOR EACH ROW EXECUTE FUNCTION project_history_append_only();

-- Residents following a ticket: its reporter and those who subscribed instead of reporting a duplicate.
CREATE TABLE ticket_subscriber (
  ticket_id  bigint NOT NULL REFERENCES ticket(id),
  user_id    bigint NOT NULL REFERENCES app_user(id),
  PRIMARY KEY (ticket_id, user_id)
);
CREATE INDEX ticket_subscriber_user ON ticket_subscriber (user_id);

-- Timers are data: one row per deadline, claimed by any Linli process with FOR UPDATE SKIP LOCKED.
-- A timer fires once: fired_at is set in the transaction that acts on it. `deadline` says which
-- deadline it was armed for, so a deadline moved since (accepted, re-dispatched) makes it a no-op.
CREATE TABLE ticket_timer (
  id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  ticket_id  bigint NOT NULL REFERENCES ticket(id),
  kind       text NOT NULL CHECK (kind IN ('accept', 'arrive', 'resolve', 'callback')),
  due_at     timestamptz NOT NULL,
  fired_at   timestamptz,
  UNIQUE (ticket_id, kind, due_at)
);
CREATE INDEX ticket_timer_due ON ticket_timer (due_at) WHERE fired_at IS NULL;

-- The in-app inbox of staff and residents.
CREATE TABLE notification (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  user_id     bigint NOT NULL REFERENCES app_user(id) ON DELETE CASCADE,
  ticket_id   bigint REFERENCES ticket(id),
  kind        text NOT NULL,
  -- { zh, en } texts, written when the notification is made.
  title       jsonb NOT NULL,
  created_at  timestamptz NOT NULL,
  read_at     timestamptz
);
CREATE INDEX notification_user ON notification (user_id, id DESC);
CREATE INDEX notification_unread ON notification (user_id) WHERE read_at IS NULL;

-- Outbound webhooks (SMS or WeChat gateways): each delivery is a row written in the transaction of its
-- event (an outbox), sent with an HMAC-SHA256 signature, retried with backoff, dead after max attempts.
CREATE TABLE webhook (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  name        text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
  url         text NOT NULL CHECK (url ~ '^https?://'),
  -- The signing secret, sealed with the data key.
  secret_sealed text NOT NULL,
  -- Event kinds it receives (ticket_event kinds); empty means all.
  events      text[] NOT NULL DEFAULT '{}',
  active      boolean NOT NULL DEFAULT true,
  created_at  timestamptz NOT NULL
);

CREATE TABLE webhook_delivery (
  id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  webhook_id     bigint NOT NULL REFERENCES webhook(id) ON DELETE CASCADE,
  event          text NOT NULL,
  payload        jsonb NOT NULL,
  status         text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'delivered', 'dead')),
  attempts       integer NOT NULL DEFAULT 0,
  next_attempt_at timestamptz NOT NULL,
  last_status    integer,
  last_error     text,
  created_at     timestamptz NOT NULL,
  delivered_at   timestamptz
);
CREATE INDEX webhook_delivery_due ON webhook_delivery (next_attempt_at) WHERE status = 'pending';
CREATE INDEX webhook_delivery_dead ON webhook_delivery (webhook_id, id DESC) WHERE status = 'dead';

-- Open311 integrators: one api_key each (stored as a hash), acting in one area's subtree.
CREATE TABLE open311_client (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  name        text NOT NULL,
  key_hash    text NOT NULL UNIQUE,
  area_id     bigint NOT NULL REFERENCES area(id),
  active      boolean NOT NULL DEFAULT true,
  created_at  timestamptz NOT NULL
);
