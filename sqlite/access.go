package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/accord-cti/accord"
)

var _ accord.AccessStore = (*DB)(nil)

// read runs fn in a read transaction.
func (db *DB) read(ctx context.Context, fn func(*sql.Tx) error) error {
	tx, err := db.beginRead(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	return fn(tx)
}

// clock is the time source of the access records; tests stop it.
var clock = time.Now

// now is the current time to the microsecond, as the access tables keep it.
func now() time.Time { return clock().UTC().Truncate(time.Microsecond) }

// micros returns a time kept as Unix microseconds; 0 is the zero time.
func micros(us int64) time.Time {
	if us == 0 {
		return time.Time{}
	}
	return time.UnixMicro(us).UTC()
}

// maxName is the longest name, title or alias accepted, in bytes.
const maxName = 200

// checkName checks a name, title or other one-line label: what names it in
// the error message.
func checkName(what, s string) error {
	switch {
	case strings.TrimSpace(s) == "":
		return accord.Errorf(accord.EINVALID, "%s is empty", what)
	case s != strings.TrimSpace(s):
		return accord.Errorf(accord.EINVALID, "%s %q has leading or trailing space", what, s)
	case len(s) > maxName:
		return accord.Errorf(accord.EINVALID, "%s is longer than %d bytes", what, maxName)
	case !utf8.ValidString(s):
		return accord.Errorf(accord.EINVALID, "%s %q is not UTF-8", what, s)
	case strings.ContainsFunc(s, unicode.IsControl):
		return accord.Errorf(accord.EINVALID, "%s %q contains a control character", what, s)
	}
	return nil
}

// exists says whether query (a count) finds anything.
func exists(ctx context.Context, tx *sql.Tx, query string, args ...any) (bool, error) {
	var n int
	if err := tx.QueryRowContext(ctx, query, args...).Scan(&n); err != nil {
		return false, fmt.Errorf("sqlite: %w", err)
	}
	return n > 0, nil
}
