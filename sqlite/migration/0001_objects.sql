-- objects holds every version of every object. added, the time the version
-- was written in Unix microseconds, is unique and increasing, so it serves
-- as the rowid: Find's order and AddedAfter then need no index of their own.
-- latest is 1 on the version with the greatest modified of each id.
-- Text that an object lacks is NULL rather than ''.
CREATE TABLE objects (
	added             INTEGER PRIMARY KEY,
	id                TEXT    NOT NULL,
	modified          TEXT    NOT NULL, -- '' for an unversioned object
	type              TEXT    NOT NULL,
	latest            INTEGER NOT NULL,
	revoked           INTEGER NOT NULL,
	created           TEXT,
	spec_version      TEXT,
	name              TEXT,
	description       TEXT,
	aliases           TEXT, -- JSON array
	external_ids      TEXT, -- JSON array
	source_ref        TEXT,
	target_ref        TEXT,
	relationship_type TEXT,
	raw               BLOB    NOT NULL
);

CREATE UNIQUE INDEX objects_version ON objects (id, modified);
CREATE INDEX objects_source ON objects (source_ref) WHERE source_ref IS NOT NULL;
CREATE INDEX objects_target ON objects (target_ref) WHERE target_ref IS NOT NULL;

-- refs maps the lower-cased external ids, names and aliases of latest
-- versions to their rows, for Resolve. kind orders the matches: 1 external
-- id, 2 name, 3 alias.
CREATE TABLE refs (
	ref  TEXT    NOT NULL,
	obj  INTEGER NOT NULL,
	kind INTEGER NOT NULL,
	PRIMARY KEY (ref, obj)
) WITHOUT ROWID;

-- search indexes the latest versions of named objects other than
-- relationships; its rowid is the version's objects.added. A name match
-- weighs ten times a description match.
CREATE VIRTUAL TABLE search USING fts5 (
	name, aliases, description,
	content = 'objects', content_rowid = 'added',
	tokenize = 'unicode61 remove_diacritics 2'
);
INSERT INTO search (search, rank) VALUES ('rank', 'bm25(10.0, 5.0, 1.0)');
