package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/accord-cti/accord"
)

// Revision returns the time the latest version of the types was added.
// Every write adds a version at a later time than any before (writer.next
// starts from the greatest), and a replaced unversioned object is written
// again at a new time. The rows are read newest first, by their primary
// key, up to the first of the types: one row when the last write was of
// them.
func (db *DB) Revision(ctx context.Context, types ...string) (accord.Revision, error) {
	tx, err := db.beginRead(ctx)
	if err != nil {
		return accord.Revision{}, err
	}
	defer tx.Rollback()
	q := `SELECT added FROM objects`
	args := make([]any, len(types))
	for i, t := range types {
		args[i] = t
	}
	if len(types) > 0 {
		q += ` WHERE type IN (?` + strings.Repeat(", ?", len(types)-1) + `)`
	}
	q += ` ORDER BY added DESC LIMIT 1`
	var last int64
	err = tx.QueryRowContext(ctx, q, args...).Scan(&last)
	if errors.Is(err, sql.ErrNoRows) {
		return accord.Revision{}, nil
	}
	if err != nil {
		return accord.Revision{}, fmt.Errorf("sqlite: revision: %w", err)
	}
	return accord.Revision{LastAdded: time.UnixMicro(last).UTC()}, nil
}
