-- Federation (accord feed): the TAXII feeds this server pulls, where each
-- stopped, which feed supplied which object version, the objects it
-- refused, and the hosts a feed may reach. Times are Unix microseconds.

-- token is kept in the clear: pulling needs it. token_env names an
-- environment variable to read it from instead (see feed/doc.go).
CREATE TABLE feeds (
	name        TEXT    PRIMARY KEY,
	url         TEXT    NOT NULL,
	collection  TEXT    NOT NULL,
	user        TEXT    NOT NULL,
	token       TEXT    NOT NULL,
	token_env   TEXT    NOT NULL,
	every_ns    INTEGER NOT NULL,
	fingerprint TEXT    NOT NULL,
	position    INTEGER NOT NULL DEFAULT 0, -- the last date added pulled
	last_pull   INTEGER NOT NULL DEFAULT 0,
	created     INTEGER NOT NULL
);

CREATE TABLE feed_objects (
	feed      TEXT    NOT NULL REFERENCES feeds (name),
	id        TEXT    NOT NULL,
	modified  TEXT    NOT NULL,
	pulled_at INTEGER NOT NULL,
	PRIMARY KEY (feed, id, modified)
) WITHOUT ROWID;
CREATE INDEX feed_objects_id ON feed_objects (id);

-- digest is the SHA-256 of raw: re-pulling a refused object records it once.
CREATE TABLE feed_quarantine (
	feed      TEXT    NOT NULL REFERENCES feeds (name),
	digest    BLOB    NOT NULL,
	id        TEXT    NOT NULL,
	reason    TEXT    NOT NULL,
	raw       BLOB    NOT NULL,
	pulled_at INTEGER NOT NULL,
	PRIMARY KEY (feed, digest)
) WITHOUT ROWID;

-- host is "name" (any port) or "name:port".
CREATE TABLE feed_allow (
	host TEXT PRIMARY KEY
) WITHOUT ROWID;
