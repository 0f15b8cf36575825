package sqlite_test

import (
	"bufio"
	"fmt"
	"iter"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"github.com/accord-cti/accord"
	"github.com/accord-cti/accord/sqlite"
)

// crashEnv names the database a child process of TestKillDuringPut writes.
const crashEnv = "ACCORD_SQLITE_CRASH_DB"

// TestKillDuringPut kills (SIGKILL) a process in the middle of a Put, or at
// a random moment around its commit, and checks that the file opens, passes
// the integrity check, and holds either all of that Put or none of it.
func TestKillDuringPut(t *testing.T) {
	if path := os.Getenv(crashEnv); path != "" {
		crashChild(t, path)
		return
	}
	if testing.Short() {
		t.Skip("starts processes")
	}
	path := filepath.Join(t.TempDir(), "accord.db")
	want := 0
	for round, delay := range []time.Duration{-1, 0, 20 * time.Millisecond, 60 * time.Millisecond, 120 * time.Millisecond} {
		committed := killChild(t, path, round, delay)
		n := crashSize(delay < 0)
		if _, err := os.Stat(path + "-journal"); delay < 0 && err != nil {
			// Midway through a write transaction SQLite has a rollback
			// journal: the kill leaves it hot, for the next open to undo.
			t.Errorf("round %d: after a kill midway there is no rollback journal: %v", round, err)
		} else if delay < 0 {
			st, _ := os.Stat(path)
			t.Logf("round %d: killed midway with a hot journal and a %d MB file", round, st.Size()>>20)
		}
		db, err := sqlite.Open(path)
		if err != nil {
			t.Fatalf("round %d: open after kill: %v", round, err)
		}
		// A kill during a bulk load, after it dropped the indexes, must
		// leave them as they were.
		if got := indexSQL(t, db); len(got) != 3 {
			t.Errorf("round %d: indexes on objects after the kill: %q", round, got)
		}
		if err := db.IntegrityCheck(t.Context()); err != nil {
			t.Errorf("round %d: %v", round, err)
		}
		st, err := db.Stats(t.Context())
		db.Close()
		if err != nil {
			t.Fatal(err)
		}
		switch st.Versions {
		case want:
		case want + n:
			want += n
		default:
			t.Fatalf("round %d (kill after %v): %d versions, want %d or %d", round, delay, st.Versions, want, want+n)
		}
		t.Logf("round %d (kill after %v): %d versions", round, delay, st.Versions)
		if committed && st.Versions != want {
			t.Errorf("round %d: the child reported its commit, yet the Put is not there", round)
		}
	}
}

// killChild runs a child that puts n new objects into path, and kills it
// once the Put is half done (delay < 0) or delay after it began. It
// reports whether the child said the Put had committed.
func killChild(t *testing.T, path string, round int, delay time.Duration) bool {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^TestKillDuringPut$", "-test.v")
	cmd.Env = append(os.Environ(), crashEnv+"="+path, "ACCORD_SQLITE_CRASH_ROUND="+strconv.Itoa(round),
		"ACCORD_SQLITE_CRASH_STALL="+strconv.FormatBool(delay < 0))
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	lines := bufio.NewScanner(out)
	wait := "begin"
	if delay < 0 {
		wait = "midway"
	}
	for lines.Scan() && lines.Text() != wait {
	}
	time.Sleep(max(delay, 0))
	cmd.Process.Kill()
	committed := false
	for lines.Scan() {
		committed = committed || lines.Text() == "committed"
	}
	cmd.Wait()
	return committed
}

// crashSize is how many objects a child puts: when it stalls midway,
// enough for the Put to be bulk loading, with the indexes dropped.
func crashSize(stall bool) int {
	if stall {
		return 40000
	}
	return 6000
}

// crashChild is the child's side: it puts new objects and prints "begin",
// "midway" and "committed" as it goes. With ACCORD_SQLITE_CRASH_STALL=true
// it stalls at midway until killed.
func crashChild(t *testing.T, path string) {
	round, _ := strconv.Atoi(os.Getenv("ACCORD_SQLITE_CRASH_ROUND"))
	stall := os.Getenv("ACCORD_SQLITE_CRASH_STALL") == "true"
	objs := syntheticSeeded(crashSize(stall), uint64(100+round))
	db, err := sqlite.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	seq := func(yield func(*accord.Object, error) bool) {
		for i, o := range objs {
			if i == len(objs)/2 {
				fmt.Println("midway")
				if stall {
					time.Sleep(30 * time.Second) // killed long before
					os.Exit(3)
				}
			}
			if !yield(o, nil) {
				return
			}
		}
	}
	fmt.Println("begin")
	if _, err := db.Put(t.Context(), iter.Seq2[*accord.Object, error](seq)); err != nil {
		t.Fatal(err)
	}
	fmt.Println("committed")
	db.Close()
}
