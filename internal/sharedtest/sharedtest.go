// Package sharedtest finds the ../shared folder of real data that accord's
// tests and benchmarks read. A clone without it skips those tests with a
// message; with ACCORD_REQUIRE_SHARED=1 (as in CI) they fail instead.
package sharedtest

import (
	"os"
	"path/filepath"
	"testing"
)

// Dir returns the absolute path of the shared folder, found by walking up
// from the working directory to the module root and looking beside it. When
// it is absent the test is skipped, or failed under ACCORD_REQUIRE_SHARED=1.
func Dir(tb testing.TB) string {
	tb.Helper()
	if d := find(); d != "" {
		return d
	}
	if os.Getenv("ACCORD_REQUIRE_SHARED") == "1" {
		tb.Fatal("../shared is absent and ACCORD_REQUIRE_SHARED=1: this test needs the shared data")
	}
	tb.Skip("../shared is absent: skipping a test over the shared data (set ACCORD_REQUIRE_SHARED=1 to make this fail)")
	return ""
}

// Path returns the absolute path of rel inside the shared folder, skipping
// or failing like Dir when the folder or the file is absent.
func Path(tb testing.TB, rel string) string {
	tb.Helper()
	p := filepath.Join(Dir(tb), filepath.FromSlash(rel))
	if _, err := os.Stat(p); err != nil {
		if os.Getenv("ACCORD_REQUIRE_SHARED") == "1" {
			tb.Fatalf("shared file missing: %v", err)
		}
		tb.Skipf("shared file missing: %v", err)
	}
	return p
}

func find() string {
	dir, err := os.Getwd()
	if err != nil {
		return ""
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			d := filepath.Join(filepath.Dir(dir), "shared")
			if st, err := os.Stat(d); err == nil && st.IsDir() {
				return d
			}
			return ""
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return ""
		}
		dir = parent
	}
}
