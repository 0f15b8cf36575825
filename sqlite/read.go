package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"
	"unsafe"

	"github.com/accord-cti/accord"
)

// objectColumns are the columns scanObject reads, from objects aliased o.
const objectColumns = `o.added, o.id, o.modified, o.type, o.revoked,
	coalesce(o.created, ''), coalesce(o.spec_version, ''), coalesce(o.name, ''),
	coalesce(o.description, ''), coalesce(o.aliases, ''), coalesce(o.external_ids, ''),
	coalesce(o.source_ref, ''), coalesce(o.target_ref, ''), coalesce(o.relationship_type, ''), o.raw`

// Get returns the latest version of the object with the given id.
func (db *DB) Get(ctx context.Context, id string) (*accord.Object, error) {
	objs, err := db.list(ctx, `WHERE o.id = ? AND o.latest = 1`, id)
	if err != nil {
		return nil, err
	}
	if len(objs) == 0 {
		return nil, accord.Errorf(accord.ENOTFOUND, "object %s not found", id)
	}
	return objs[0], nil
}

// Versions returns every version of the object, oldest first.
func (db *DB) Versions(ctx context.Context, id string) ([]*accord.Object, error) {
	objs, err := db.list(ctx, `WHERE o.id = ? ORDER BY o.modified`, id)
	if err != nil {
		return nil, err
	}
	if len(objs) == 0 {
		return nil, accord.Errorf(accord.ENOTFOUND, "object %s not found", id)
	}
	return objs, nil
}

// Relationships returns the latest versions of the relationships and
// sightings that have id on the side dir selects, in the order they were
// added.
func (db *DB) Relationships(ctx context.Context, id string, dir accord.Direction) ([]*accord.Object, error) {
	switch dir {
	case accord.Outgoing:
		return db.list(ctx, `WHERE o.source_ref = ? AND o.latest = 1 ORDER BY o.added`, id)
	case accord.Incoming:
		return db.list(ctx, `WHERE o.target_ref = ? AND o.latest = 1 ORDER BY o.added`, id)
	case accord.Both:
		return db.list(ctx, `WHERE (o.source_ref = ? OR o.target_ref = ?) AND o.latest = 1 ORDER BY o.added`, id, id)
	}
	return nil, accord.Errorf(accord.EINVALID, "unknown relationship direction %d", dir)
}

// list returns the objects that the query tail (after FROM objects o)
// selects.
func (db *DB) list(ctx context.Context, tail string, args ...any) ([]*accord.Object, error) {
	return db.query(ctx, `SELECT `+objectColumns+` FROM objects o `+tail, args...)
}

// query returns the objects query selects, in a read transaction.
func (db *DB) query(ctx context.Context, query string, args ...any) ([]*accord.Object, error) {
	tx, err := db.beginRead(ctx)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	objs, err := queryObjects(ctx, tx, query, args...)
	if err != nil {
		return nil, fmt.Errorf("sqlite: %w", err)
	}
	return objs, nil
}

// Find calls fn for each object version f selects, in the order they were
// added. added is unique, so the order by id that the contract adds to
// break ties never applies.
func (db *DB) Find(ctx context.Context, f accord.Filter, fn func(*accord.Object) error) error {
	tx, err := db.beginRead(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	return findObjects(ctx, tx, f, fn)
}

func findObjects(ctx context.Context, tx *sql.Tx, f accord.Filter, fn func(*accord.Object) error) error {
	where, args := []string{"1 = 1"}, []any{}
	if !f.AllVersions {
		where = append(where, "o.latest = 1")
	}
	// A list goes in as one JSON array, so that its length is not bounded
	// by SQLite's limit on parameters.
	if len(f.Types) > 0 {
		where = append(where, "o.type IN (SELECT value FROM json_each(?))")
		args = append(args, encodeList(f.Types))
	}
	if len(f.IDs) > 0 {
		where = append(where, "o.id IN (SELECT value FROM json_each(?))")
		args = append(args, encodeList(f.IDs))
	}
	if !f.AddedAfter.IsZero() {
		where = append(where, "o.added > ?")
		args = append(args, f.AddedAfter.UnixMicro())
	}
	if f.ExcludeRevoked && f.AllVersions {
		where = append(where, "o.id NOT IN (SELECT id FROM objects WHERE latest = 1 AND revoked = 1)")
	} else if f.ExcludeRevoked {
		where = append(where, "o.revoked = 0")
	}
	limit := -1
	if f.Limit > 0 {
		limit = f.Limit
	}
	args = append(args, limit)
	cols := objectColumns
	if f.RawOnly {
		cols = `o.id, o.type, o.raw`
	}
	query := `SELECT ` + cols + ` FROM objects o WHERE ` + strings.Join(where, " AND ") + ` ORDER BY o.added LIMIT ?`
	if f.RawOnly {
		return eachRaw(ctx, tx, query, args, fn)
	}
	return eachObject(ctx, tx, query, args, fn)
}

// eachRaw calls fn with the objects of a RawOnly query, which reuse one
// Object and the driver's memory for their text.
func eachRaw(ctx context.Context, tx *sql.Tx, query string, args []any, fn func(*accord.Object) error) error {
	rows, err := tx.QueryContext(ctx, query, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	var (
		o       accord.Object
		id, typ sql.RawBytes
	)
	for rows.Next() {
		if err := rows.Scan(&id, &typ, (*sql.RawBytes)(&o.Raw)); err != nil {
			return err
		}
		o.ID, o.Type = unsafeString(id), unsafeString(typ)
		if err := fn(&o); err != nil {
			return err
		}
	}
	return rows.Err()
}

// unsafeString is b as a string without a copy, for the RawOnly objects
// whose text is valid only during the call to fn.
func unsafeString(b []byte) string {
	if len(b) == 0 {
		return ""
	}
	return unsafe.String(&b[0], len(b))
}

// Resolve returns the latest versions of the objects ref names: by id, then
// external id, name and alias, without regard to case; objects not revoked
// come first.
func (db *DB) Resolve(ctx context.Context, ref string) ([]*accord.Object, error) {
	ref = strings.TrimSpace(ref)
	const query = `SELECT ` + objectColumns + ` FROM (
		SELECT added AS obj, 0 AS kind FROM objects WHERE id = ? AND latest = 1
		UNION ALL
		SELECT obj, kind FROM refs WHERE ref = ?
	) m JOIN objects o ON o.added = m.obj
	ORDER BY o.revoked, m.kind, o.added`
	all, err := db.query(ctx, query, ref, strings.ToLower(ref))
	if err != nil {
		return nil, err
	}
	objs := dedupe(all)
	if len(objs) == 0 {
		return nil, accord.Errorf(accord.ENOTFOUND, "nothing is named %q", ref)
	}
	return objs, nil
}

// dedupe keeps the first of the objects with the same id.
func dedupe(objs []*accord.Object) []*accord.Object {
	seen := make(map[string]bool, len(objs))
	out := objs[:0]
	for _, o := range objs {
		if !seen[o.ID] {
			seen[o.ID] = true
			out = append(out, o)
		}
	}
	return out
}

// Stats counts what the store holds.
func (db *DB) Stats(ctx context.Context) (accord.Stats, error) {
	tx, err := db.beginRead(ctx)
	if err != nil {
		return accord.Stats{}, err
	}
	defer tx.Rollback()
	st, err := stats(ctx, tx)
	if err != nil {
		return accord.Stats{}, fmt.Errorf("sqlite: stats: %w", err)
	}
	return st, nil
}

func stats(ctx context.Context, tx *sql.Tx) (accord.Stats, error) {
	st := accord.Stats{ByType: map[string]int{}}
	if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM objects`).Scan(&st.Versions); err != nil {
		return st, err
	}
	rows, err := tx.QueryContext(ctx, `SELECT type, count(*), sum(revoked) FROM objects WHERE latest = 1 GROUP BY type`)
	if err != nil {
		return st, err
	}
	defer rows.Close()
	for rows.Next() {
		var typ string
		var n, revoked int
		if err := rows.Scan(&typ, &n, &revoked); err != nil {
			return st, err
		}
		st.ByType[typ] = n
		st.Objects += n
		st.Revoked += revoked
	}
	st.Relationships = st.ByType["relationship"]
	return st, rows.Err()
}

// queryObjects returns every object query selects.
func queryObjects(ctx context.Context, tx *sql.Tx, query string, args ...any) ([]*accord.Object, error) {
	objs := []*accord.Object{}
	err := eachObject(ctx, tx, query, args, func(o *accord.Object) error {
		objs = append(objs, o)
		return nil
	})
	return objs, err
}

// eachObject calls fn for each object query selects, stopping at fn's
// first error, which it returns as it is.
func eachObject(ctx context.Context, tx *sql.Tx, query string, args []any, fn func(*accord.Object) error) error {
	rows, err := tx.QueryContext(ctx, query, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		o, err := scanObject(rows)
		if err != nil {
			return err
		}
		if err := fn(o); err != nil {
			return err
		}
	}
	return rows.Err()
}

// scanObject reads the objectColumns of the current row.
func scanObject(rows *sql.Rows) (*accord.Object, error) {
	var o accord.Object
	var added int64
	var aliases, extIDs string
	var raw []byte
	err := rows.Scan(&added, &o.ID, &o.Modified, &o.Type, &o.Revoked, &o.Created,
		&o.OriginalSpecVersion, &o.Name, &o.Description, &aliases, &extIDs,
		&o.SourceRef, &o.TargetRef, &o.RelationshipType, &raw)
	if err != nil {
		return nil, err
	}
	o.Aliases, o.ExternalIDs = decodeList(aliases), decodeList(extIDs)
	o.Raw = raw
	o.Added = time.UnixMicro(added).UTC()
	return &o, nil
}

// placeholders returns n comma-separated question marks.
func placeholders(n int) string {
	return strings.TrimSuffix(strings.Repeat("?, ", n), ", ")
}
