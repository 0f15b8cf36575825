package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strings"

	"github.com/accord-cti/accord"
)

// aliasPattern is what an alias looks like: a short lower-case name that
// fits in a URL path and cannot be taken for a UUID (it has a letter
// beyond f, or is not 36 characters long; checked in checkCollection).
var aliasPattern = regexp.MustCompile(`^[a-z0-9][a-z0-9._-]{0,63}$`)

var uuidPattern = regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$`)

// checkCollection checks what AddCollection is given.
func checkCollection(c accord.Collection) error {
	if err := checkName("collection title", c.Title); err != nil {
		return err
	}
	if c.Alias != "" && (!aliasPattern.MatchString(c.Alias) || uuidPattern.MatchString(c.Alias)) {
		return accord.Errorf(accord.EINVALID, "collection alias %q: want 1 to 64 of a-z, 0-9, '.', '_', '-', starting with a letter or digit, and not a UUID", c.Alias)
	}
	if c.MaxMarking != "" && !slices.Contains(accord.TLPLevels, c.MaxMarking) {
		return accord.Errorf(accord.EINVALID, "collection max marking %q: want one of %s", c.MaxMarking, strings.Join(accord.TLPLevels, ", "))
	}
	if len(c.Description) > 64<<10 {
		return accord.Errorf(accord.EINVALID, "collection description is longer than 64 KiB")
	}
	return nil
}

// AddCollection adds a collection; see accord.AccessStore.
func (db *DB) AddCollection(ctx context.Context, c accord.Collection) (*accord.Collection, error) {
	if err := checkCollection(c); err != nil {
		return nil, err
	}
	c.ID, c.Created = accord.NewUUID(), now()
	err := db.write(ctx, func(tx *sql.Tx) error {
		taken, err := exists(ctx, tx, `SELECT count(*) FROM collections WHERE alias = ?`, c.Alias)
		if err != nil || taken {
			return errors.Join(err, conflict(taken, "collection alias %q is taken", c.Alias))
		}
		const insert = `INSERT INTO collections (id, alias, title, description, max_marking, created)
			VALUES (?, nullif(?, ''), ?, ?, ?, ?)`
		_, err = tx.ExecContext(ctx, insert, c.ID, c.Alias, c.Title, c.Description, c.MaxMarking, c.Created.UnixMicro())
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("add collection: %w", err)
	}
	return &c, nil
}

// Collection returns the collection with the given id or alias.
func (db *DB) Collection(ctx context.Context, ref string) (*accord.Collection, error) {
	cs, err := db.collections(ctx, `WHERE id = ? OR alias = ?`, ref, ref)
	if err != nil {
		return nil, fmt.Errorf("sqlite: collection: %w", err)
	}
	if len(cs) == 0 {
		return nil, accord.Errorf(accord.ENOTFOUND, "no collection %q", ref)
	}
	return cs[0], nil
}

// Collections returns every collection, by title.
func (db *DB) Collections(ctx context.Context) ([]*accord.Collection, error) {
	cs, err := db.collections(ctx, `ORDER BY title, id`)
	if err != nil {
		return nil, fmt.Errorf("sqlite: collections: %w", err)
	}
	return cs, nil
}

// collections reads the collections tail selects and orders, in one
// statement prepared once (every TAXII request looks its collection up)
// and no explicit transaction (see eachRowAlone).
func (db *DB) collections(ctx context.Context, tail string, args ...any) ([]*accord.Collection, error) {
	cs := []*accord.Collection{}
	const query = `SELECT id, coalesce(alias, ''), title, description, max_marking, created FROM collections `
	err := db.eachRowAlone(ctx, query+tail, args, func(rows *sql.Rows) error {
		var c accord.Collection
		var created int64
		err := rows.Scan(&c.ID, &c.Alias, &c.Title, &c.Description, &c.MaxMarking, &created)
		c.Created = micros(created)
		cs = append(cs, &c)
		return err
	})
	return cs, err
}

// collectionExists returns ENOTFOUND unless the collection id exists.
func collectionExists(ctx context.Context, tx *sql.Tx, id string) error {
	ok, err := exists(ctx, tx, `SELECT count(*) FROM collections WHERE id = ?`, id)
	return errors.Join(err, notFound(err == nil && !ok, "no collection %q", id))
}
