package main

import (
	"context"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/accord-cti/accord"
	"github.com/accord-cti/accord/internal/sharedtest"
	"github.com/google/go-cmp/cmp"
)

var updateShow = flag.Bool("update-show", false, "rewrite the golden files of the show tests")

// goldenShow compares got with testdata/show/name, or rewrites it with -update-show.
func goldenShow(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", "show", name)
	if *updateShow {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(string(want), got); diff != "" {
		t.Errorf("%s (-want +got):\n%s", name, diff)
	}
}

// TestShowCVE checks the CVE view of a fresh database (the starter pack),
// then with a KEV catalog imported, as text and JSON.
func TestShowCVE(t *testing.T) {
	t.Parallel()
	db := tempDB(t)
	show := func(args ...string) string {
		t.Helper()
		out, stderr, code := run(t, "", append([]string{"--db", db, "show"}, args...)...)
		if code != 0 {
			t.Fatalf("show %v: exit %d: %s", args, code, stderr)
		}
		return out
	}
	goldenShow(t, "cve-2021-26855.txt", show("CVE-2021-26855"))
	goldenShow(t, "cve-2021-26857.txt", show("cve-2021-26857"))
	if _, stderr, code := run(t, "", "--db", db, "import", filepath.Join("testdata", "show", "kev-sample.json")); code != 0 {
		t.Fatalf("import KEV: exit %d: %s", code, stderr)
	}
	goldenShow(t, "cve-2021-26855-kev.txt", show("CVE-2021-26855"))
	goldenShow(t, "cve-2021-26855-kev.json", show("--json", "CVE-2021-26855"))
	goldenShow(t, "cve-2024-3400-kev.txt", show("CVE-2024-3400"))
}

// TestShowCVEKEVReal imports CISA's whole catalog and checks that each of
// the starter pack's CVEs is still one vulnerability, now with its entry.
func TestShowCVEKEVReal(t *testing.T) {
	t.Parallel()
	kev := sharedtest.Path(t, "data/kev/known_exploited_vulnerabilities.json")
	db := tempDB(t)
	out, stderr, code := run(t, "", "--db", db, "import", kev)
	if code != 0 || !strings.Contains(spaced(out), "note 1404") || !strings.Contains(spaced(out), "vulnerability 1399") {
		t.Fatalf("import: exit %d, %s\n%s", code, stderr, out)
	}
	for _, cve := range []string{"CVE-2021-26855", "CVE-2021-26857", "CVE-2021-26858", "CVE-2021-27065", "CVE-2020-10148"} {
		out, stderr, code := run(t, "", "--db", db, "show", "--json", cve)
		var v cveView
		if err := json.Unmarshal([]byte(out), &v); code != 0 || err != nil {
			t.Fatalf("show --json %s: exit %d, %v: %s", cve, code, err, stderr)
		}
		if v.KEV == nil || v.KEV.DateAdded != "2021-11-03" || len(v.Others) != 0 {
			t.Errorf("%s: KEV %+v, other vulnerabilities %v; want the catalog's entry on the one vulnerability", cve, v.KEV, v.Others)
		}
	}
}

func TestExploiterWhen(t *testing.T) {
	t.Parallel()
	tests := []struct {
		first, patch string
		before       bool // x_exploited_before_patch
		want         string
		zeroDay      bool
	}{
		{"2021-01-06", "2021-03-02", false, "first seen 2021-01-06, zero-day: 55 days before the patch", true},
		{"2021-01-03", "2021-03-02", false, "first seen 2021-01-03, zero-day: 58 days before the patch", true},
		{"2021-03-01", "2021-03-02", false, "first seen 2021-03-01, zero-day: 1 day before the patch", true},
		{"2021-03-02", "2021-03-02", false, "first seen 2021-03-02, on the day of the patch", false},
		{"2021-03-04", "2021-03-02", false, "first seen 2021-03-04, 2 days after the patch", false},
		// a recorded date overrides the flag
		{"2021-03-04", "2021-03-02", true, "first seen 2021-03-04, 2 days after the patch", false},
		{"2021-03-04", "", false, "first seen 2021-03-04", false},
		{"", "2021-03-02", true, "zero-day: before the patch (first date not recorded)", true},
		{"", "2021-03-02", false, "first date not recorded", false},
	}
	for _, tt := range tests {
		c := &cveView{PatchDate: tt.patch}
		rel := `{"type":"relationship","id":"relationship--1","relationship_type":"targets"`
		if tt.first != "" {
			rel += `,"start_time":"` + tt.first + `T00:00:00.000Z"`
		}
		if tt.before {
			rel += `,"x_exploited_before_patch":true`
		}
		e := exploiterFor(t, c, rel+"}")
		if got := e.when(tt.patch); got != tt.want || e.ZeroDay != tt.zeroDay {
			t.Errorf("first %q, patch %q, flag %v: %q (zero-day %v), want %q (%v)", tt.first, tt.patch, tt.before, got, e.ZeroDay, tt.want, tt.zeroDay)
		}
	}
}

// exploiterFor reads the relationship raw, from an intrusion set, in c.
func exploiterFor(t *testing.T, c *cveView, raw string) exploiter {
	t.Helper()
	r := &accord.Object{ID: "relationship--1", Type: "relationship", Raw: json.RawMessage(raw)}
	src := &accord.Object{ID: "intrusion-set--1", Type: "intrusion-set", Name: "X"}
	e, err := c.exploiterOf(context.Background(), nil, r, src)
	if err != nil {
		t.Fatal(err)
	}
	return e
}
