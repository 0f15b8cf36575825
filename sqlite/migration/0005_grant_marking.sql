-- The most restrictive TLP level a collection publishes to the grantee
-- (accord.Grant.MaxMarking): '' is no cap, else one of accord.TLPLevels.
ALTER TABLE grants ADD COLUMN max_marking TEXT NOT NULL DEFAULT '';
