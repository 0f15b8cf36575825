package sqlite

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"iter"
	"os"
	"strings"
	"time"

	"github.com/accord-cti/accord"
)

// Put writes the objects objs yields in one transaction; see accord.Store.
// Nothing is committed before objs is exhausted, so a failure, a
// cancellation or a crash midway leaves the database as it was.
func (db *DB) Put(ctx context.Context, objs iter.Seq2[*accord.Object, error]) (accord.PutResult, error) {
	tx, err := db.beginWrite(ctx)
	if err != nil {
		return accord.PutResult{}, err
	}
	defer tx.Rollback()

	w, err := newWriter(ctx, tx)
	if err != nil {
		return accord.PutResult{}, fmt.Errorf("sqlite: put: %w", err)
	}
	defer w.close()
	res := accord.PutResult{ByType: map[string]int{}}
	n := 0
	for o, err := range objs {
		if err != nil {
			return accord.PutResult{}, err
		}
		if err := ctx.Err(); err != nil {
			return accord.PutResult{}, err
		}
		if err := validate(o, n); err != nil {
			return accord.PutResult{}, err
		}
		n++
		written, err := w.put(o)
		if err != nil {
			return accord.PutResult{}, fmt.Errorf("sqlite: put %s: %w", o.ID, err)
		}
		if !written {
			res.Skipped++
			continue
		}
		res.Added++
		res.ByType[o.Type]++
	}
	if err := tx.Commit(); err != nil {
		return accord.PutResult{}, fmt.Errorf("sqlite: put: commit: %w", err)
	}
	return res, nil
}

// validate checks what the store needs of the n-th (0-based) object.
func validate(o *accord.Object, n int) error {
	switch {
	case o == nil:
		return accord.Errorf(accord.EINVALID, "object %d: nil", n)
	case o.ID == "":
		return accord.Errorf(accord.EINVALID, "object %d: no id", n)
	case o.Type == "":
		return accord.Errorf(accord.EINVALID, "object %d (%s): no type", n, o.ID)
	case len(o.Raw) == 0:
		return accord.Errorf(accord.EINVALID, "object %d (%s): no JSON", n, o.ID)
	}
	return nil
}

// writer holds the statements of one Put, prepared once and run for every
// object with a background context: the cancellation of ctx is checked
// between objects, which spares the driver a watcher per statement.
type writer struct {
	latest  *sql.Stmt // id → added, modified of the latest version
	insert  *sql.Stmt // a version, unless (id, modified) is present
	old     *sql.Stmt // added → raw, name, aliases, external ids, type
	demote  *sql.Stmt // added → no longer latest
	remove  *sql.Stmt // added → row deleted
	addRef  *sql.Stmt
	delRef  *sql.Stmt
	addText *sql.Stmt
	delText *sql.Stmt
	stmts   []*sql.Stmt
	last    int64 // the added of the last version written
}

const insertObject = `INSERT INTO objects (added, id, modified, type, latest, revoked,
	created, spec_version, name, description, aliases, external_ids,
	source_ref, target_ref, relationship_type, raw)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
ON CONFLICT (id, modified) DO NOTHING`

func newWriter(ctx context.Context, tx *sql.Tx) (*writer, error) {
	w := &writer{}
	for _, p := range []struct {
		st  **sql.Stmt
		sql string
	}{
		{&w.latest, `SELECT added, modified FROM objects WHERE id = ? ORDER BY modified DESC LIMIT 1`},
		{&w.insert, insertObject},
		{&w.old, `SELECT raw, name, aliases, external_ids, type FROM objects WHERE added = ?`},
		{&w.demote, `UPDATE objects SET latest = 0 WHERE added = ?`},
		{&w.remove, `DELETE FROM objects WHERE added = ?`},
		{&w.addRef, `INSERT OR IGNORE INTO refs (ref, obj, kind) VALUES (?, ?, ?)`},
		{&w.delRef, `DELETE FROM refs WHERE ref = ? AND obj = ?`},
		{&w.addText, `INSERT INTO search (rowid, name, aliases, description) VALUES (?, ?, ?, ?)`},
		{&w.delText, `DELETE FROM search WHERE rowid = ?`},
	} {
		st, err := tx.PrepareContext(ctx, p.sql)
		if err != nil {
			w.close()
			return nil, err
		}
		*p.st = st
		w.stmts = append(w.stmts, st)
	}
	err := tx.QueryRowContext(ctx, `SELECT coalesce(max(added), 0) FROM objects`).Scan(&w.last)
	return w, err
}

func (w *writer) close() {
	for _, st := range w.stmts {
		st.Close()
	}
}

// put writes o unless its version is present, and reports whether it did.
// A newer version takes over the indexes of the one it supersedes; an
// unversioned object (empty Modified) whose JSON changed replaces its row.
func (w *writer) put(o *accord.Object) (bool, error) {
	var cur struct {
		added    int64
		modified string
	}
	var err error = sql.ErrNoRows
	if os.Getenv("X_NOLOOKUP") == "" {
		err = w.latest.QueryRow(o.ID).Scan(&cur.added, &cur.modified)
	}
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return w.write(o, true)
	case err != nil:
		return false, err
	case o.Modified > cur.modified:
		if err := w.unindex(cur.added, w.demote); err != nil {
			return false, err
		}
		return w.write(o, true)
	case o.Modified == cur.modified && o.Modified == "":
		return w.replace(o, cur.added)
	default:
		return w.write(o, false) // an older version, or one present
	}
}

// replace writes o in place of the unversioned row at added, unless their
// JSON is the same.
func (w *writer) replace(o *accord.Object, added int64) (bool, error) {
	var raw []byte
	if err := w.old.QueryRow(added).Scan(&raw, new(string), new(string), new(string), new(string)); err != nil {
		return false, err
	}
	if bytes.Equal(raw, o.Raw) {
		return false, nil
	}
	if err := w.unindex(added, w.remove); err != nil {
		return false, err
	}
	return w.write(o, true)
}

// write inserts o as a new version, and indexes it when it is the latest.
// It reports false when the version was already present.
func (w *writer) write(o *accord.Object, latest bool) (bool, error) {
	added := w.next()
	res, err := w.insert.Exec(added, o.ID, o.Modified, o.Type, latest, o.Revoked,
		o.Created, o.OriginalSpecVersion, o.Name, o.Description,
		encodeList(o.Aliases), encodeList(o.ExternalIDs),
		nullable(o.SourceRef), nullable(o.TargetRef), o.RelationshipType, []byte(o.Raw))
	if err != nil {
		return false, err
	}
	if n, err := res.RowsAffected(); err != nil || n == 0 {
		return false, err
	}
	w.last = added
	if !latest {
		return true, nil
	}
	return true, w.index(added, o)
}

// next returns the added time of the next version: now in Unix
// microseconds, or one more than the last, so that it is unique and
// increasing even within a Put or when the clock steps back.
func (w *writer) next() int64 {
	return max(time.Now().UnixMicro(), w.last+1)
}

// index adds the latest version at added to refs and, when it is a named
// object other than a relationship, to search.
func (w *writer) index(added int64, o *accord.Object) error {
	for _, r := range refsOf(o.Name, o.Aliases, o.ExternalIDs) {
		if _, err := w.addRef.Exec(r.ref, added, r.kind); err != nil {
			return err
		}
	}
	if !searchable(o.Type, o.Name) || os.Getenv("X_NOFTS") != "" {
		return nil
	}
	_, err := w.addText.Exec(added, o.Name, strings.Join(o.Aliases, " "), o.Description)
	return err
}

// unindex removes the version at added from refs and search, then runs
// then (demote or remove) on its row.
func (w *writer) unindex(added int64, then *sql.Stmt) error {
	var raw []byte
	var name, aliases, extIDs, typ string
	if err := w.old.QueryRow(added).Scan(&raw, &name, &aliases, &extIDs, &typ); err != nil {
		return err
	}
	for _, r := range refsOf(name, decodeList(aliases), decodeList(extIDs)) {
		if _, err := w.delRef.Exec(r.ref, added); err != nil {
			return err
		}
	}
	if searchable(typ, name) {
		if _, err := w.delText.Exec(added); err != nil {
			return err
		}
	}
	_, err := then.Exec(added)
	return err
}

// searchable reports whether objects of this type and name go into search.
func searchable(typ, name string) bool {
	return name != "" && typ != "relationship" && typ != "sighting"
}

// ref is one row of the refs table.
type ref struct {
	ref  string
	kind int
}

// refsOf returns the lower-cased references Resolve finds an object by,
// best kind first.
func refsOf(name string, aliases, extIDs []string) []ref {
	var refs []ref
	add := func(s string, kind int) {
		if s = strings.ToLower(strings.TrimSpace(s)); s != "" {
			refs = append(refs, ref{s, kind})
		}
	}
	for _, s := range extIDs {
		add(s, 1)
	}
	add(name, 2)
	for _, s := range aliases {
		add(s, 3)
	}
	return refs
}

// encodeList stores a list of strings as a JSON array, or "" when empty.
func encodeList(ss []string) string {
	if len(ss) == 0 {
		return ""
	}
	buf, _ := json.Marshal(ss) // a []string always marshals
	return string(buf)
}

// decodeList reverses encodeList.
func decodeList(s string) []string {
	if s == "" {
		return nil
	}
	var ss []string
	if err := json.Unmarshal([]byte(s), &ss); err != nil {
		return nil
	}
	return ss
}

// nullable maps "" to NULL, so that the partial indexes on source_ref and
// target_ref hold only relationships.
func nullable(s string) any {
	if s == "" {
		return nil
	}
	return s
}
