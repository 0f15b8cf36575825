package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/accord-cti/accord/sqlite"
)

// TestMain lets the test binary stand in for the accord binary: with
// ACCORD_TEST_AS_MAIN=1 it runs main, so crash tests can kill a real process.
func TestMain(m *testing.M) {
	if os.Getenv("ACCORD_TEST_AS_MAIN") == "1" {
		main()
		return
	}
	os.Exit(m.Run())
}

// bigBundle writes a valid bundle of n indicators and returns its path.
func bigBundle(t *testing.T, n int) string {
	t.Helper()
	var b strings.Builder
	b.WriteString(`{"type":"bundle","id":"bundle--5d0092c5-5f74-4287-9642-33f4c354e56d","objects":[`)
	for i := range n {
		if i > 0 {
			b.WriteByte(',')
		}
		fmt.Fprintf(&b, `{"type":"indicator","spec_version":"2.1","id":"indicator--%08x-0000-4000-8000-%012x","created":"2021-03-02T00:00:00.000Z","modified":"2021-03-02T00:00:00.000Z","name":"web shell %d","description":"China Chopper web shell dropped after ProxyLogon exploitation, sample %d","pattern":"[file:hashes.'SHA-256' = '%064x']","pattern_type":"stix","valid_from":"2021-03-02T00:00:00Z"}`+"\n", i, i, i, i, i)
	}
	b.WriteString("]}")
	path := filepath.Join(t.TempDir(), "big.json")
	if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// TestKillDuringImport kills accord with SIGKILL in the middle of an import
// and checks that the database opens, passes PRAGMA integrity_check and
// holds the whole bundle or none of it.
func TestKillDuringImport(t *testing.T) {
	if testing.Short() {
		t.Skip("starts and kills real processes")
	}
	const n = 60000
	bundle := bigBundle(t, n)
	killedMidway := 0
	for _, delay := range []time.Duration{50, 150, 300, 450, 600, 800, 1200} {
		db := tempDB(t)
		cmd := exec.Command(os.Args[0], "--db", db, "--empty", "import", bundle)
		cmd.Env = append(os.Environ(), "ACCORD_TEST_AS_MAIN=1")
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		time.Sleep(delay * time.Millisecond)
		_, journalErr := os.Stat(db + "-journal")
		cmd.Process.Signal(syscall.SIGKILL)
		err := cmd.Wait()
		var exit *exec.ExitError
		if errors.As(err, &exit) && exit.Sys().(syscall.WaitStatus).Signaled() && journalErr == nil {
			killedMidway++ // killed while the import was writing: its journal was there
		}
		checkAllOrNothing(t, db, n, delay)
	}
	if killedMidway == 0 {
		t.Fatal("no kill landed while the import was writing; adjust the bundle size or the delays")
	}
}

func checkAllOrNothing(t *testing.T, path string, n int, delay time.Duration) {
	t.Helper()
	if _, err := os.Stat(path); errors.Is(err, os.ErrNotExist) {
		return // killed before the file was created: nothing to check
	}
	ctx := context.Background()
	db, err := sqlite.Open(path)
	if err != nil {
		t.Fatalf("after kill at %dms: open: %v", delay, err)
	}
	defer db.Close()
	if err := db.IntegrityCheck(ctx); err != nil {
		t.Fatalf("after kill at %dms: integrity check: %v", delay, err)
	}
	st, err := db.Stats(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if st.Versions != 0 && st.Versions != n {
		t.Fatalf("after kill at %dms: %d versions stored, want 0 or %d", delay, st.Versions, n)
	}
	t.Logf("killed at %dms: %d versions stored", delay, st.Versions)
}
