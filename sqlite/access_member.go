package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"github.com/accord-cti/accord"
)

// AddToCollection adds versions already in the store to a collection; see
// accord.AccessStore. The dates come from the last one in the collection,
// read under the write lock (db.write in this process, SQLite's IMMEDIATE
// transaction across processes), so they increase in commit order and a
// reader never sees a later date before an earlier one.
func (db *DB) AddToCollection(ctx context.Context, collectionID string, refs []accord.VersionRef) (time.Time, error) {
	return db.AddToCollectionBy(ctx, collectionID, accord.Publisher{}, refs)
}

// AddToCollectionBy is AddToCollection recording the publisher; see
// accord.AccessStore.
func (db *DB) AddToCollectionBy(ctx context.Context, collectionID string, by accord.Publisher, refs []accord.VersionRef) (time.Time, error) {
	var first int64
	err := db.write(ctx, func(tx *sql.Tx) error {
		if err := collectionExists(ctx, tx, collectionID); err != nil {
			return err
		}
		var last int64
		const lastQuery = `SELECT coalesce(max(date_added), 0) FROM collection_objects WHERE collection_id = ?`
		if err := tx.QueryRowContext(ctx, lastQuery, collectionID).Scan(&last); err != nil {
			return err
		}
		var err error
		first, err = addVersions(ctx, tx, collectionID, by, refs, max(last+1, now().UnixMicro()))
		return err
	})
	if err != nil {
		return time.Time{}, fmt.Errorf("add to collection: %w", err)
	}
	return micros(first), nil
}

// addVersions adds refs with dates from next on, and returns the first
// date given, or 0 if every version was already there.
func addVersions(ctx context.Context, tx *sql.Tx, collectionID string, by accord.Publisher, refs []accord.VersionRef, next int64) (int64, error) {
	known, err := tx.PrepareContext(ctx, `SELECT (SELECT count(*) FROM objects WHERE id = ?1 AND modified = ?2),
		(SELECT count(*) FROM collection_objects WHERE collection_id = ?3 AND id = ?1 AND modified = ?2)`)
	if err != nil {
		return 0, err
	}
	defer known.Close()
	insert, err := tx.PrepareContext(ctx, `INSERT INTO collection_objects
		(collection_id, date_added, id, modified, version, publisher_user, publisher_org) VALUES (?, ?, ?, ?, ?, ?, ?)`)
	if err != nil {
		return 0, err
	}
	defer insert.Close()
	var first int64
	for i, r := range refs {
		var stored, held int
		if err := known.QueryRowContext(ctx, r.ID, r.Modified, collectionID).Scan(&stored, &held); err != nil {
			return 0, err
		}
		if stored == 0 {
			return 0, accord.Errorf(accord.ENOTFOUND, "version %d: %s modified %q is not in the store", i, r.ID, r.Modified)
		}
		if held > 0 {
			continue
		}
		version := r.Modified
		if version == "" {
			version = accord.FormatTime(micros(next))
		}
		if _, err := insert.ExecContext(ctx, collectionID, next, r.ID, r.Modified, version, by.UserID, by.OrgID); err != nil {
			return 0, err
		}
		if first == 0 {
			first = next
		}
		next++
	}
	return first, nil
}

// CollectionFind calls fn with the versions of a collection that f
// selects; see accord.AccessStore.
func (db *DB) CollectionFind(ctx context.Context, collectionID string, f accord.CollectionFilter,
	fn func(*accord.Object, time.Time) error) (next string, more bool, first, last time.Time, err error) {
	return db.CollectionMembers(ctx, collectionID, f, func(m accord.Member) error { return fn(m.Object, m.DateAdded) })
}

// CollectionMembers calls fn with the versions of a collection that f
// selects and their publishers; see accord.AccessStore. It reads one row
// beyond f.Limit to know whether there are more.
func (db *DB) CollectionMembers(ctx context.Context, collectionID string, f accord.CollectionFilter,
	fn func(accord.Member) error) (next string, more bool, first, last time.Time, err error) {
	query, args, err := collectionQuery(collectionID, f)
	if err != nil {
		return "", false, first, last, err
	}
	var n int
	var lastUs int64
	err = db.read(ctx, func(tx *sql.Tx) error {
		st, err := db.stmt(ctx, tx, query)
		if err != nil {
			return err
		}
		ms := newMemberScan()
		err = eachStmtRow(ctx, st, args, func(rows *sql.Rows) error {
			if f.Limit > 0 && n == f.Limit {
				more = true
				return nil
			}
			m, us, err := ms.scan(rows)
			if err != nil {
				return err
			}
			if n++; n == 1 {
				first = m.DateAdded
			}
			last, lastUs = m.DateAdded, us
			return fn(m)
		})
		if err == nil && n == 0 && !more { // a version read proves the collection exists
			err = db.collectionExists(ctx, tx, collectionID)
		}
		return err
	})
	if err != nil {
		return "", false, time.Time{}, time.Time{}, fmt.Errorf("collection %s: %w", collectionID, err)
	}
	if more {
		next = encodeCursor(lastUs)
	}
	return next, more, first, last, nil
}

// collectionQuery builds CollectionFind's query: the versions f selects,
// by date added, one more than f.Limit.
func collectionQuery(collectionID string, f accord.CollectionFilter) (string, []any, error) {
	after, err := decodeCursor(f.Next)
	if err != nil {
		return "", nil, err
	}
	sel, err := parseVersions(f.Versions, accord.VersionLast)
	if err != nil {
		return "", nil, err
	}
	if !f.AddedAfter.IsZero() {
		after = max(after, f.AddedAfter.UnixMicro())
	}
	vwhere, vargs := sel.where()
	where := []string{"c.collection_id = ?", "c.date_added > ?", vwhere}
	args := append([]any{collectionID, after}, vargs...)
	if !specVersionOK(f.SpecVersions) {
		where = append(where, "0 = 1")
	}
	if len(f.IDs) > 0 {
		where = append(where, "c.id IN (SELECT value FROM json_each(?))")
		args = append(args, encodeList(f.IDs))
	}
	if len(f.Types) > 0 {
		where = append(where, "o.type IN (SELECT value FROM json_each(?))")
		args = append(args, encodeList(f.Types))
	}
	limit := -1
	if f.Limit > 0 {
		limit = f.Limit + 1
	}
	query := `SELECT c.date_added, c.publisher_user, c.publisher_org, ` + objectColumns + ` FROM collection_objects c
		JOIN objects o ON o.id = c.id AND o.modified = c.modified
		WHERE ` + strings.Join(where, " AND ") + ` ORDER BY c.date_added LIMIT ?`
	return query, append(args, limit), nil
}

// memberScan is the destination of the rows of collectionQuery, made once
// per query and reused for every row: scanning into fresh locals moved
// each of them, and the list of their addresses, to the heap, row after
// row.
type memberScan struct {
	o                accord.Object
	pub              accord.Publisher
	added, dateAdded int64
	aliases, extIDs  string
	raw              []byte
	dest             []any
}

// newMemberScan returns a memberScan with its destinations listed.
func newMemberScan() *memberScan {
	m := &memberScan{}
	o := &m.o
	m.dest = []any{&m.dateAdded, &m.pub.UserID, &m.pub.OrgID, &m.added, &o.ID, &o.Modified, &o.Type, &o.Revoked, &o.Created,
		&o.OriginalSpecVersion, &o.Name, &o.Description, &m.aliases, &m.extIDs,
		&o.SourceRef, &o.TargetRef, &o.RelationshipType, &m.raw}
	return m
}

// scan reads a row of collectionQuery into a new Member, and returns its
// date added in Unix microseconds too. The Member shares nothing with m:
// database/sql copies the bytes of raw into a new slice for every row.
func (m *memberScan) scan(rows *sql.Rows) (accord.Member, int64, error) {
	m.o, m.raw = accord.Object{}, nil
	if err := rows.Scan(m.dest...); err != nil {
		return accord.Member{}, 0, err
	}
	o := new(accord.Object)
	*o = m.o
	o.Aliases, o.ExternalIDs = decodeList(m.aliases), decodeList(m.extIDs)
	o.Raw = m.raw
	o.Added = time.UnixMicro(m.added).UTC()
	return accord.Member{Object: o, DateAdded: micros(m.dateAdded), Publisher: m.pub}, m.dateAdded, nil
}

// RemoveFromCollection removes versions of an object from a collection;
// see accord.AccessStore.
func (db *DB) RemoveFromCollection(ctx context.Context, collectionID, id string, versions []string) (int, error) {
	sel, err := parseVersions(versions, accord.VersionAll)
	if err != nil {
		return 0, err
	}
	var n int64
	err = db.write(ctx, func(tx *sql.Tx) error {
		if err := collectionExists(ctx, tx, collectionID); err != nil {
			return err
		}
		vwhere, vargs := sel.where()
		// The selection is computed before any row goes, so that "first"
		// does not move onto the next version as the first is deleted.
		query := `DELETE FROM collection_objects WHERE collection_id = ? AND date_added IN (
			SELECT c.date_added FROM collection_objects c WHERE c.collection_id = ? AND c.id = ? AND ` + vwhere + `)`
		res, err := tx.ExecContext(ctx, query, append([]any{collectionID, collectionID, id}, vargs...)...)
		if err != nil {
			return err
		}
		if n, err = res.RowsAffected(); err == nil && n == 0 {
			return accord.Errorf(accord.ENOTFOUND, "collection %s holds no version of %s that %v selects", collectionID, id, versions)
		}
		return err
	})
	if err != nil {
		return 0, fmt.Errorf("remove from collection: %w", err)
	}
	return int(n), nil
}
