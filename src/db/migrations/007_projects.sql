-- Gap projects (补短板项目): the work that closes a checkup finding, carried from proposal to
-- acceptance (验收). The project row holds the current state; project_event is its timeline, from
-- which that state can be rebuilt, and project_photo the photos of progress notes and acceptance.

CREATE TABLE project (
  id                bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  community_id      bigint NOT NULL REFERENCES area(id),
  -- The finding (a fail or partial checkup_result) it answers; a re-run checkup may remove the result,
  -- and the project keeps the indicator it was made for in the two columns after it.
  finding_id        bigint REFERENCES checkup_result(id) ON DELETE SET NULL,
  indicator_code    text,
  -- { zh, en } of the indicator as the standard named it when the project was made.
  indicator_name    jsonb,
  title             text NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
  description       text NOT NULL DEFAULT '',
  level             text NOT NULL CHECK (level IN ('city', 'district', 'subdistrict', 'community')),
  responsible_unit  text NOT NULL CHECK (length(responsible_unit) BETWEEN 1 AND 100),
  department_id     bigint REFERENCES department(id),
  budget_yuan       numeric(14, 2) CHECK (budget_yuan >= 0),
  -- [{ source, amountYuan }], one entry per source; the service keeps the sum within the budget.
  funding           jsonb NOT NULL DEFAULT '[]',
  planned_start     date,
  planned_end       date,
  status            text NOT NULL DEFAULT 'proposed'
                    CHECK (status IN ('proposed', 'approved', 'funded', 'under_construction', 'completed', 'accepted')),
  progress_percent  integer NOT NULL DEFAULT 0 CHECK (progress_percent BETWEEN 0 AND 100),
  accepted_by       bigint REFERENCES app_user(id),
  accepted_at       timestamptz,
  acceptance_note   text,
  created_by        bigint REFERENCES app_user(id),
  created_at        timestamptz NOT NULL DEFAULT now(),
  updated_at        timestamptz NOT NULL DEFAULT now(),
  CHECK (planned_start IS NULL OR planned_end IS NULL OR planned_end >= planned_start),
  -- Accepted means someone accepted it at some time, and only then.
  CHECK ((status = 'accepted') = (accepted_at IS NOT NULL AND accepted_by IS NOT NULL))
);
CREATE INDEX project_community ON project (community_id, id DESC);
CREATE INDEX project_finding ON project (finding_id) WHERE finding_id IS NOT NULL;

CREATE TABLE project_event (
  id                bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  project_id        bigint NOT NULL REFERENCES project(id),
  kind              text NOT NULL CHECK (kind IN ('created', 'edited', 'status', 'note', 'accepted')),
  from_status       text,
  to_status         text,
  -- The reason of a status change, the text of a note, the acceptance note.
  body              text,
  progress_percent  integer CHECK (progress_percent BETWEEN 0 AND 100),
  -- What an edit changed: { fields: [...] }.
  details           jsonb NOT NULL DEFAULT '{}',
  actor_id          bigint REFERENCES app_user(id),
  actor_name        text NOT NULL,
  at                timestamptz NOT NULL DEFAULT now(),
  CHECK (kind <> 'status' OR (from_status IS NOT NULL AND to_status IS NOT NULL))
);
CREATE INDEX project_event_project ON project_event (project_id, id);

CREATE TABLE project_photo (
  id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  project_id    bigint NOT NULL REFERENCES project(id),
  event_id      bigint NOT NULL REFERENCES project_event(id),
  -- Where platform/storage.ts keeps the bytes (re-encoded: at most 1600 px, no EXIF).
  storage_key   text NOT NULL UNIQUE,
  content_type  text NOT NULL CHECK (content_type IN ('image/jpeg', 'image/png', 'image/webp')),
  width         integer NOT NULL CHECK (width > 0),
  height        integer NOT NULL CHECK (height > 0),
  size_bytes    integer NOT NULL CHECK (size_bytes > 0),
  created_at    timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX project_photo_project ON project_photo (project_id, id);

-- The timeline is evidence of who did what: like the audit log, the database refuses to rewrite it.
CREATE FUNCTION project_history_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '% is append-only', TG_TABLE_NAME;
END;
$$;
CREATE TRIGGER project_event_no_update BEFORE UPDATE OR DELETE ON project_event
  FOR EACH ROW EXECUTE FUNCTION project_history_append_only();
CREATE TRIGGER project_photo_no_update BEFORE UPDATE OR DELETE ON project_photo
  FOR EACH ROW EXECUTE FUNCTION project_history_append_only();
