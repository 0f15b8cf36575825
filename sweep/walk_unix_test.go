//go:build unix

package sweep

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"syscall"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestSweepSpecialAndLinkedRoot: a named pipe is skipped and said (never
// opened, which would block), and a root given as a link to a directory is
// walked.
func TestSweepSpecialAndLinkedRoot(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	plant(t, dir, map[string]string{"real/shell.php": shellSamples["chopper.php"]})
	if err := syscall.Mkfifo(filepath.Join(dir, "real", "pipe"), 0o644); err != nil {
		t.Skipf("no named pipes here: %v", err)
	}
	link := filepath.Join(dir, "link")
	if err := os.Symlink(filepath.Join(dir, "real"), link); err != nil {
		t.Fatal(err)
	}
	rules, _ := Compile(Intel{Content: WebShellRules()})
	var skipped, found []string
	res, err := Sweep(context.Background(), rules, []string{link}, Options{
		Skipped: func(k Skip) { skipped = append(skipped, filepath.Base(k.Path)+": "+k.Reason) },
		Finding: func(f Finding) { found = append(found, strings.TrimPrefix(f.File, dir)+" "+f.ID) },
	})
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]string{"pipe: not a regular file (named pipe)"}, skipped); diff != "" {
		t.Errorf("skipped (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]string{"/link/shell.php china-chopper-php"}, found); diff != "" || res.Files != 1 {
		t.Errorf("%d files; findings (-want +got):\n%s", res.Files, diff)
	}
}

// TestCheckSwappedForPipe: a file replaced by a named pipe between the
// walk and its reading is skipped, not waited on.
func TestCheckSwappedForPipe(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	p := filepath.Join(dir, "page.aspx")
	plant(t, dir, map[string]string{"page.aspx": "x"})
	info, err := os.Lstat(p)
	if err != nil {
		t.Fatal(err)
	}
	os.Remove(p)
	if err := syscall.Mkfifo(p, 0o644); err != nil {
		t.Skipf("no named pipes here: %v", err)
	}
	rules, _ := Compile(Intel{Content: WebShellRules()})
	w := newWorker(rules, &Options{ScriptMax: 1 << 20, ContentHead: 1 << 10})
	var done atomic.Int64
	_, skip := w.check(context.Background(), job{path: p, root: dir, info: info}, &done)
	if skip == nil || !strings.HasPrefix(skip.Reason, "changed while it was swept") {
		t.Errorf("skip %+v", skip)
	}
}
