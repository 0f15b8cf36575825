package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/accord-cti/accord"
)

// grantee checks the collection and the one principal g names, and returns
// that principal's id.
func grantee(ctx context.Context, tx *sql.Tx, g accord.Grant) (string, error) {
	if (g.OrgID == "") == (g.UserID == "") {
		return "", accord.Errorf(accord.EINVALID, "a grant names an organisation or a user: one of the two")
	}
	if err := collectionExists(ctx, tx, g.CollectionID); err != nil {
		return "", err
	}
	if g.OrgID != "" {
		ok, err := exists(ctx, tx, `SELECT count(*) FROM orgs WHERE id = ?`, g.OrgID)
		return g.OrgID, errors.Join(err, notFound(err == nil && !ok, "no organisation %q", g.OrgID))
	}
	ok, err := exists(ctx, tx, `SELECT count(*) FROM users WHERE id = ?`, g.UserID)
	return g.UserID, errors.Join(err, notFound(err == nil && !ok, "no user %q", g.UserID))
}

// Grant sets what an organisation or a user may do with a collection.
func (db *DB) Grant(ctx context.Context, g accord.Grant) error {
	if !g.Read && !g.Write {
		return accord.Errorf(accord.EINVALID, "a grant gives read, write or both (to take rights away, revoke it)")
	}
	if g.MaxMarking != "" && !slices.Contains(accord.TLPLevels, g.MaxMarking) {
		return accord.Errorf(accord.EINVALID, "grant max marking %q: want one of %s", g.MaxMarking, strings.Join(accord.TLPLevels, ", "))
	}
	err := db.write(ctx, func(tx *sql.Tx) error {
		who, err := grantee(ctx, tx, g)
		if err != nil {
			return err
		}
		const upsert = `INSERT INTO grants (collection_id, principal, can_read, can_write, max_marking) VALUES (?, ?, ?, ?, ?)
			ON CONFLICT (collection_id, principal) DO UPDATE SET can_read = excluded.can_read, can_write = excluded.can_write,
			max_marking = excluded.max_marking`
		_, err = tx.ExecContext(ctx, upsert, g.CollectionID, who, g.Read, g.Write, g.MaxMarking)
		return err
	})
	if err != nil {
		return fmt.Errorf("grant: %w", err)
	}
	return nil
}

// Revoke removes a grant.
func (db *DB) Revoke(ctx context.Context, g accord.Grant) error {
	err := db.write(ctx, func(tx *sql.Tx) error {
		who, err := grantee(ctx, tx, g)
		if err != nil {
			return err
		}
		res, err := tx.ExecContext(ctx, `DELETE FROM grants WHERE collection_id = ? AND principal = ?`, g.CollectionID, who)
		if err != nil {
			return err
		}
		n, err := res.RowsAffected()
		return errors.Join(err, notFound(err == nil && n == 0, "%s has no grant on collection %s", who, g.CollectionID))
	})
	if err != nil {
		return fmt.Errorf("revoke: %w", err)
	}
	return nil
}

// Grants returns the grants on a collection, organisations first.
func (db *DB) Grants(ctx context.Context, collectionID string) ([]accord.Grant, error) {
	grants := []accord.Grant{}
	err := db.read(ctx, func(tx *sql.Tx) error {
		if err := collectionExists(ctx, tx, collectionID); err != nil {
			return err
		}
		const query = `SELECT principal, can_read, can_write, max_marking FROM grants WHERE collection_id = ? ORDER BY principal`
		return eachRow(ctx, tx, query, []any{collectionID}, func(rows *sql.Rows) error {
			g := accord.Grant{CollectionID: collectionID}
			var who string
			err := rows.Scan(&who, &g.Read, &g.Write, &g.MaxMarking)
			if strings.HasPrefix(who, accord.OrgPrefix) {
				g.OrgID = who
			} else {
				g.UserID = who
			}
			grants = append(grants, g)
			return err
		})
	})
	if err != nil {
		return nil, fmt.Errorf("grants: %w", err)
	}
	return grants, nil
}

// Access says whether p may read and write the collection, through a
// grant to its user or its organisation. The anonymous principal has none.
func (db *DB) Access(ctx context.Context, p accord.Principal, collectionID string) (read, write bool, err error) {
	// One statement, prepared once and outside any explicit transaction
	// (see eachRowAlone): every TAXII request checks its access.
	const query = `SELECT (SELECT count(*) FROM collections WHERE id = ?1),
		coalesce(max(can_read), 0), coalesce(max(can_write), 0) FROM grants
		WHERE collection_id = ?1 AND principal IN (?2, ?3) AND principal != ''`
	var found int
	err = db.eachRowAlone(ctx, query, []any{collectionID, p.UserID, p.OrgID}, func(rows *sql.Rows) error {
		return rows.Scan(&found, &read, &write)
	})
	if err == nil && found == 0 {
		err = notFound(true, "no collection %q", collectionID)
	}
	if err != nil {
		return false, false, fmt.Errorf("access: %w", err)
	}
	return read, write, nil
}
