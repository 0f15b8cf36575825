-- Who put each version into a collection: the user and organisation ids of
-- the TAXII POST, or the organisation an operator named on the command line
-- (accord.Publisher). '' is unknown: rows added before this migration, or
-- by an operator who named no organisation.
ALTER TABLE collection_objects ADD COLUMN publisher_user TEXT NOT NULL DEFAULT '';
ALTER TABLE collection_objects ADD COLUMN publisher_org TEXT NOT NULL DEFAULT '';
