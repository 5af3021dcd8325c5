-- An account or a household claim that points at a resident record loses only that link when the
-- record is removed (moved out, deceased, entered in error); the database keeps them consistent.
ALTER TABLE app_user DROP CONSTRAINT app_user_resident_id_fkey,
  ADD CONSTRAINT app_user_resident_id_fkey FOREIGN KEY (resident_id) REFERENCES resident(id) ON DELETE SET NULL;
ALTER TABLE household_claim DROP CONSTRAINT household_claim_resident_id_fkey,
  ADD CONSTRAINT household_claim_resident_id_fkey FOREIGN KEY (resident_id) REFERENCES resident(id) ON DELETE SET NULL;
