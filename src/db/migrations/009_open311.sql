-- Open311 (GeoReport v2): what an integrator's report carries beyond a ticket's own fields, and the
-- index its feed of updates reads.

-- The answers to the category's attributes (service definition), by attribute code: text, a number,
-- an ISO 8601 instant, a list key, or an array of list keys.
ALTER TABLE ticket ADD COLUMN attributes jsonb NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(attributes) = 'object');
-- A URL of media the reporter published elsewhere (the spec's media_url); photos uploaded to Linli are ticket_photo rows.
ALTER TABLE ticket ADD COLUMN media_url text CHECK (media_url ~ '^https?://' AND length(media_url) <= 1000);

-- servicerequestupdates reads the timeline by time across all tickets.
CREATE INDEX ticket_event_at ON ticket_event (at);
