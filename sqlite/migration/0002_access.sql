-- Organisations, users, tokens, collections, grants and POST statuses: the
-- access records of TAXII sharing (accord.AccessStore). Times are Unix
-- microseconds.
CREATE TABLE orgs (
	id      TEXT    PRIMARY KEY,
	name    TEXT    NOT NULL UNIQUE,
	created INTEGER NOT NULL
);

CREATE TABLE users (
	id      TEXT    PRIMARY KEY,
	name    TEXT    NOT NULL UNIQUE,
	org_id  TEXT    NOT NULL REFERENCES orgs (id),
	created INTEGER NOT NULL
);

-- A token is kept as the SHA-256 of its secret (see access_token.go).
CREATE TABLE tokens (
	id        TEXT    PRIMARY KEY,
	user_id   TEXT    NOT NULL REFERENCES users (id),
	hash      BLOB    NOT NULL UNIQUE,
	created   INTEGER NOT NULL,
	last_used INTEGER NOT NULL DEFAULT 0,
	revoked   INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX tokens_user ON tokens (user_id);

CREATE TABLE collections (
	id          TEXT    PRIMARY KEY,
	alias       TEXT    UNIQUE, -- NULL when none
	title       TEXT    NOT NULL,
	description TEXT    NOT NULL,
	max_marking TEXT    NOT NULL,
	created     INTEGER NOT NULL
);

-- A grant names an organisation or a user in principal: an id with its
-- prefix says which.
CREATE TABLE grants (
	collection_id TEXT    NOT NULL REFERENCES collections (id),
	principal     TEXT    NOT NULL,
	can_read      INTEGER NOT NULL,
	can_write     INTEGER NOT NULL,
	PRIMARY KEY (collection_id, principal)
) WITHOUT ROWID;

-- collection_objects lists the versions in each collection. date_added
-- (Unix microseconds) is unique and increasing within a collection: each
-- write takes the last one plus at least a microsecond, under the write
-- lock, so commits come in date order and paging by it is stable. version
-- is TAXII's version: modified, else the date added in accord.TimeLayout.
CREATE TABLE collection_objects (
	collection_id TEXT    NOT NULL REFERENCES collections (id),
	date_added    INTEGER NOT NULL,
	id            TEXT    NOT NULL,
	modified      TEXT    NOT NULL,
	version       TEXT    NOT NULL,
	PRIMARY KEY (collection_id, date_added)
) WITHOUT ROWID;
CREATE UNIQUE INDEX collection_objects_version ON collection_objects (collection_id, id, modified);

CREATE TABLE statuses (
	id   TEXT PRIMARY KEY,
	body TEXT NOT NULL -- accord.Status as JSON
);
