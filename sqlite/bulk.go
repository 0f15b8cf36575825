package sqlite

import (
	"fmt"
	"strings"
)

// Bulk loading. Keeping the three indexes on objects up to date row by row
// costs about a third of a large import: every relationship inserts three
// keys at random places in three B-trees. When a Put grows large compared
// with what the store held before it (the first import of ATT&CK, say),
// the writer drops those indexes, remembers the versions it needs to know
// about in memory, and builds the indexes again, by sorting, before the
// commit. It all happens inside the Put's transaction, so a failure or a
// crash leaves the indexes as they were.

// objectIndexes are the indexes on objects, as created by the migrations;
// TestBulkIndexesMatchSchema keeps the two in step.
var objectIndexes = []struct{ name, create string }{
	{"objects_version", `CREATE UNIQUE INDEX objects_version ON objects (id, modified)`},
	{"objects_source", `CREATE INDEX objects_source ON objects (source_ref) WHERE source_ref IS NOT NULL`},
	{"objects_target", `CREATE INDEX objects_target ON objects (target_ref) WHERE target_ref IS NOT NULL`},
}

const (
	// bulkMin is the least number of objects in a Put before it bulk loads.
	bulkMin = 4096
	// bulkRatio: a Put bulk loads once it holds this many times the
	// versions the store had before it, so rebuilding the indexes over
	// the old rows costs less than it saves on the new ones.
	bulkRatio = 2
)

// bulkThreshold returns the number of objects after which a Put into a
// store of stored versions switches to bulk loading.
func bulkThreshold(stored, least int) int { return max(least, bulkRatio*stored) }

// countVersions counts the stored versions, stopping at limit: counting a
// large table in full would cost more than the answer is worth here.
func (w *writer) countVersions(limit int) (int, error) {
	var n int
	err := w.tx.QueryRow(`SELECT count(*) FROM (SELECT 1 FROM objects LIMIT ?)`, limit).Scan(&n)
	return n, err
}

// enterBulk loads every stored version into memory, as the indexes would
// have answered for it, and drops the indexes.
func (w *writer) enterBulk() error {
	rows, err := w.tx.Query(`SELECT id, modified, added, latest FROM objects`)
	if err != nil {
		return err
	}
	defer rows.Close()
	w.cur = map[string]version{}
	w.versions = map[string]struct{}{}
	for rows.Next() {
		var id string
		var v version
		var latest bool
		if err := rows.Scan(&id, &v.modified, &v.added, &latest); err != nil {
			return err
		}
		w.versions[versionKey(id, v.modified)] = struct{}{}
		if latest {
			w.cur[id] = v
		}
	}
	if err := rows.Err(); err != nil {
		return err
	}
	for _, ix := range objectIndexes {
		if _, err := w.tx.Exec(`DROP INDEX ` + ix.name); err != nil {
			return fmt.Errorf("bulk load: %w", err)
		}
	}
	w.bulk = true
	return nil
}

// leaveBulk builds the indexes again.
func (w *writer) leaveBulk() error {
	for _, ix := range objectIndexes {
		if _, err := w.tx.Exec(ix.create); err != nil {
			return fmt.Errorf("bulk load: rebuild %s: %w", ix.name, err)
		}
	}
	w.bulk = false
	return nil
}

func versionKey(id, modified string) string {
	var b strings.Builder
	b.Grow(len(id) + 1 + len(modified))
	b.WriteString(id)
	b.WriteByte(0)
	b.WriteString(modified)
	return b.String()
}
