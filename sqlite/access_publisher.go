package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/accord-cti/accord"
)

// Publisher returns who added a version to a collection; see
// accord.AccessStore.
func (db *DB) Publisher(ctx context.Context, collectionID, id, modified string) (accord.Publisher, error) {
	var p accord.Publisher
	err := db.read(ctx, func(tx *sql.Tx) error {
		if err := db.collectionExists(ctx, tx, collectionID); err != nil {
			return err
		}
		const query = `SELECT publisher_user, publisher_org FROM collection_objects
			WHERE collection_id = ? AND id = ? AND modified = ?`
		st, err := db.stmt(ctx, tx, query)
		if err != nil {
			return err
		}
		err = st.QueryRowContext(ctx, collectionID, id, modified).Scan(&p.UserID, &p.OrgID)
		if errors.Is(err, sql.ErrNoRows) {
			return accord.Errorf(accord.ENOTFOUND, "the collection holds no version of %s modified %q", id, modified)
		}
		return err
	})
	if err != nil {
		return accord.Publisher{}, fmt.Errorf("collection %s: publisher: %w", collectionID, err)
	}
	return p, nil
}
