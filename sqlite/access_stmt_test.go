package sqlite

import (
	"database/sql"
	"path/filepath"
	"sync"
	"testing"

	"github.com/accord-cti/accord"
)

// TestStmtPreparedOnce checks that a query is prepared once per DB, that
// a query that does not compile is an error and is not kept, and that the
// prepared statement runs in the transaction it is asked for.
func TestStmtPreparedOnce(t *testing.T) {
	db, err := Open(filepath.Join(t.TempDir(), "accord.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	ctx := t.Context()
	const query = `SELECT count(*) FROM collections WHERE id = ?`
	err = db.read(ctx, func(tx *sql.Tx) error {
		for range 3 {
			st, err := db.stmt(ctx, tx, query)
			if err != nil {
				return err
			}
			var n int
			if err := st.QueryRowContext(ctx, "collection--none").Scan(&n); err != nil || n != 0 {
				t.Errorf("count %d, %v; want 0, nil", n, err)
			}
		}
		if _, err := db.stmt(ctx, tx, `SELECT nothing FROM nowhere`); err == nil {
			t.Error("a query on a missing table prepared without error")
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	kept := 0
	db.stmts.Range(func(k, _ any) bool {
		kept++
		if k != query {
			t.Errorf("kept %q", k)
		}
		return true
	})
	if kept != 1 {
		t.Errorf("%d statements kept, want 1", kept)
	}
}

// TestIdleConnectionsKept checks that the connections of a burst of
// concurrent readers stay open afterwards (with their prepared
// statements) rather than all but two being closed.
func TestIdleConnectionsKept(t *testing.T) {
	db, err := Open(filepath.Join(t.TempDir(), "accord.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	const readers = 10
	var begun, wg sync.WaitGroup
	begun.Add(readers)
	release := make(chan struct{})
	for range readers {
		wg.Go(func() {
			err := db.read(t.Context(), func(tx *sql.Tx) error {
				err := db.collectionExists(t.Context(), tx, "collection--none") // holds the connection
				begun.Done()
				<-release
				if accord.ErrorCode(err) != accord.ENOTFOUND {
					t.Errorf("a missing collection: %v, want ENOTFOUND", err)
				}
				return nil
			})
			if err != nil {
				t.Error(err)
			}
		})
	}
	begun.Wait()
	close(release)
	wg.Wait()
	if idle := db.db.Stats().Idle; idle < readers {
		t.Errorf("%d idle connections after %d concurrent readers, want at least %d", idle, readers, readers)
	}
}
