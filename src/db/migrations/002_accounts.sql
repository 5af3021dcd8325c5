-- Household claims: a resident who registers says where they live; staff, the grid worker or the
-- building lead verify it by binding the account to a household (and, when found, its resident record).
-- The applicant's name and phone are personal data: encrypted, masked, and blind-indexed like residents'.
CREATE TABLE household_claim (
  id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  community_id   bigint NOT NULL REFERENCES area(id),
  user_id        bigint NOT NULL REFERENCES app_user(id) ON DELETE CASCADE,
  address        text NOT NULL,
  name_enc       bytea NOT NULL,
  name_masked    text NOT NULL,
  name_bidx      text NOT NULL,
  phone_enc      bytea NOT NULL,
  phone_masked   text NOT NULL,
  phone_bidx     text NOT NULL,
  status         text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'approved', 'rejected')),
  household_id   bigint REFERENCES household(id),
  resident_id    bigint REFERENCES resident(id),
  decided_by     bigint REFERENCES app_user(id),
  decided_at     timestamptz,
  decision_note  text,
  created_at     timestamptz NOT NULL DEFAULT now()
);
-- One open claim per account: a second registration attempt must wait for the first decision.
CREATE UNIQUE INDEX household_claim_one_pending ON household_claim (user_id) WHERE status = 'pending';
CREATE INDEX household_claim_community ON household_claim (community_id, status, id);
