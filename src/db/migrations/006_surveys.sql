-- Resident surveys (问卷): staff build a questionnaire for one community, publish it, residents answer
-- online, staff type in paper forms. The questions are a jsonb list checked by the service's schema.
CREATE TABLE survey (
  id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  community_id  bigint NOT NULL REFERENCES area(id),
  title         text NOT NULL,
  description   text NOT NULL DEFAULT '',
  status        text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'published', 'closed')),
  answer_unit   text NOT NULL DEFAULT 'resident' CHECK (answer_unit IN ('resident', 'household')),
  questions     jsonb NOT NULL DEFAULT '[]',
  created_by    bigint REFERENCES app_user(id) ON DELETE SET NULL,
  created_at    timestamptz NOT NULL DEFAULT now(),
  published_at  timestamptz,
  closed_at     timestamptz,
  -- A survey's dates follow its status, so "published since" and "closed since" can be trusted.
  CHECK ((status = 'draft') = (published_at IS NULL)),
  CHECK ((status = 'closed') = (closed_at IS NOT NULL))
);
CREATE INDEX survey_community ON survey (community_id, status, id);

-- One answer per resident or per household: respondent_key is 'resident:<id>' or 'household:<id>' as the
-- survey's answer_unit says, and the unique constraint (not a check before the insert) refuses a second one.
CREATE TABLE survey_response (
  id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  survey_id       bigint NOT NULL REFERENCES survey(id) ON DELETE CASCADE,
  community_id    bigint NOT NULL REFERENCES area(id),
  respondent_key  text NOT NULL CHECK (respondent_key ~ '^(resident|household):[0-9]+$'),
  household_id    bigint REFERENCES household(id) ON DELETE SET NULL,
  answers         jsonb NOT NULL,
  channel         text NOT NULL CHECK (channel IN ('online', 'paper')),
  -- The staff member who typed in a paper form; online answers have none.
  entered_by      bigint REFERENCES app_user(id) ON DELETE SET NULL,
  -- The resident's own account, for online answers.
  user_id         bigint REFERENCES app_user(id) ON DELETE SET NULL,
  created_at      timestamptz NOT NULL DEFAULT now(),
  UNIQUE (survey_id, respondent_key)
);
CREATE INDEX survey_response_survey ON survey_response (survey_id, id);
