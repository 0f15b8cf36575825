package sqlite_test

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/accord-cti/accord"
	"github.com/accord-cti/accord/sqlite"
	"github.com/accord-cti/accord/storetest"
	"github.com/google/go-cmp/cmp"
)

// openTemp opens a new database in a temporary directory, closed when t ends.
func openTemp(t testing.TB) *sqlite.DB {
	t.Helper()
	db, err := sqlite.Open(filepath.Join(t.TempDir(), "accord.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

func TestStore(t *testing.T) {
	storetest.Run(t, func(t *testing.T) accord.Store { return openTemp(t) })
}

func TestOpenCreatesDirectory(t *testing.T) {
	path := filepath.Join(t.TempDir(), "a b", "c?d#e", "accord.db")
	db, err := sqlite.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if got, want := db.Path(), path; got != want {
		t.Errorf("Path() = %q, want %q", got, want)
	}
	if err := db.IntegrityCheck(t.Context()); err != nil {
		t.Error(err)
	}
}

func TestOpenEmptyPath(t *testing.T) {
	_, err := sqlite.Open("")
	if accord.ErrorCode(err) != accord.EINVALID {
		t.Errorf("Open(\"\"): error %v, want invalid", err)
	}
}

func TestMigrationsRecorded(t *testing.T) {
	db := openTemp(t)
	got := queryStrings(t, db.Path(), `SELECT name FROM migrations ORDER BY name`)
	if diff := cmp.Diff([]string{"0001_objects.sql", "0002_access.sql", "0003_feeds.sql", "0004_publisher.sql", "0005_grant_marking.sql"}, got); diff != "" {
		t.Errorf("migrations (-want +got):\n%s", diff)
	}
	mode := queryStrings(t, db.Path(), `PRAGMA journal_mode`)
	if diff := cmp.Diff([]string{"delete"}, mode); diff != "" {
		t.Errorf("journal_mode (-want +got):\n%s", diff)
	}
}

func TestReopenKeepsData(t *testing.T) {
	path := filepath.Join(t.TempDir(), "accord.db")
	db, err := sqlite.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	objs := syntheticObjects(200)
	if _, err := db.Put(t.Context(), seqOf(objs)); err != nil {
		t.Fatal(err)
	}
	before, err := db.Stats(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}

	db, err = sqlite.Open(path) // migrations already recorded: applied once
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	after, err := db.Stats(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(before, after); diff != "" {
		t.Errorf("Stats after reopening (-before +after):\n%s", diff)
	}
	if before.Versions != len(objs) {
		t.Errorf("Stats.Versions = %d, want %d", before.Versions, len(objs))
	}
	res, err := db.Put(t.Context(), seqOf(objs))
	if err != nil || res.Skipped != len(objs) {
		t.Errorf("re-Put after reopening: %+v, %v; want all skipped", res, err)
	}
	if err := db.IntegrityCheck(t.Context()); err != nil {
		t.Error(err)
	}
}

func TestIntegrityCheckFindsDamage(t *testing.T) {
	db := openTemp(t)
	if _, err := db.Put(t.Context(), seqOf(syntheticObjects(300))); err != nil {
		t.Fatal(err)
	}
	if err := db.IntegrityCheck(t.Context()); err != nil {
		t.Fatalf("IntegrityCheck of a sound file: %v", err)
	}
	// Drop rows from the full-text index behind its back.
	execRaw(t, db.Path(), `DELETE FROM search_data WHERE id > 10`)
	err := db.IntegrityCheck(t.Context())
	if accord.ErrorCode(err) != accord.EINTERNAL {
		t.Errorf("IntegrityCheck of a damaged index: error %v, want internal", err)
	}
}

func TestIntegrityCheckCancelled(t *testing.T) {
	db := openTemp(t)
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	if err := db.IntegrityCheck(ctx); err == nil {
		t.Error("IntegrityCheck with a cancelled context succeeded")
	}
}
