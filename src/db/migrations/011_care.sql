-- Care (关爱) for elders living alone: the household's contact chain (elder, family, grid worker, building
-- lead…, called in order when an alarm is not answered) and the log of every call attempt.

CREATE TABLE care_contact (
  id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  household_id   bigint NOT NULL REFERENCES household(id),
  community_id   bigint NOT NULL REFERENCES area(id),
  position       integer NOT NULL CHECK (position >= 1),
  role           text NOT NULL CHECK (role IN ('elder', 'family', 'neighbour', 'grid_worker', 'building_lead', 'property')),
  -- Personal data: sealed (AES-GCM, base64), shown masked; revealing needs a reason and is audited.
  name_sealed    text NOT NULL,
  name_masked    text NOT NULL,
  phone_sealed   text NOT NULL,
  phone_masked   text NOT NULL,
  relation       text NOT NULL DEFAULT '',
  created_at     timestamptz NOT NULL,
  UNIQUE (household_id, position)
);

-- Append-only. The contact is copied (role, masked name), so replacing the chain keeps the log readable.
CREATE TABLE care_call (
  id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  household_id   bigint NOT NULL REFERENCES household(id),
  contact_id     bigint NOT NULL,
  role           text NOT NULL,
  contact_name   text NOT NULL,
  alarm_id       bigint REFERENCES alarm(id),
  outcome        text NOT NULL CHECK (outcome IN ('answered', 'no_answer', 'busy', 'unreachable', 'visited')),
  note           text,
  at             timestamptz NOT NULL,
  actor_id       bigint REFERENCES app_user(id),
  actor_name     text NOT NULL
);
CREATE INDEX care_call_household ON care_call (household_id, id DESC);
CREATE TRIGGER care_call_no_update BEFORE UPDATE OR DELETE ON care_call
  FOR EACH ROW EXECUTE FUNCTION project_history_append_only();
