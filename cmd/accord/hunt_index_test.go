package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// huntIndexBundle is a bundle of one indicator: id, modified time,
// pattern and whether it is revoked.
func huntIndexBundle(t *testing.T, id, modified, pattern string, revoked bool) string {
	t.Helper()
	ind := map[string]any{"type": "indicator", "spec_version": "2.1", "id": id, "created": "2021-03-03T00:00:00.000Z",
		"modified": modified, "name": "test " + id, "pattern": pattern, "pattern_type": "stix",
		"valid_from": "2021-03-02T00:00:00Z", "revoked": revoked}
	b, err := json.Marshal(map[string]any{"type": "bundle", "id": "bundle--0f2c3a4e-9c1d-4e8b-8b6a-2f0d7c9e1a56", "objects": []any{ind}})
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "bundle.json")
	if err := os.WriteFile(path, b, 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// huntIndexRun hunts the test log as JSON and returns the ids and values
// found, sorted, and which index the hunt used.
func huntIndexRun(t *testing.T, db string, flags ...string) (found []string, how string) {
	t.Helper()
	args := append([]string{"--db", db, "hunt", "--output", "json"}, flags...)
	out, stderr, code := run(t, "", append(args, filepath.Join("testdata", "hunt", "u_ex210303.log"))...)
	if code != 0 && code != 1 {
		t.Fatalf("hunt: exit %d:\n%s", code, stderr)
	}
	for _, line := range strings.Split(strings.TrimSpace(out), "\n") {
		var f map[string]any
		if err := json.Unmarshal([]byte(line), &f); err != nil {
			t.Fatalf("--output json line %q: %v", line, err)
		}
		found = append(found, f["indicator_id"].(string)+" "+f["value"].(string))
	}
	slices.Sort(found)
	for _, h := range []string{"index from the prebuilt one", "index built and saved", "index built"} {
		if strings.Contains(stderr, "indicators ("+h+")") {
			return found, h
		}
	}
	t.Fatalf("hunt does not say which index it used:\n%s", stderr)
	return nil, ""
}

// TestHuntIndex checks that a hunt saves its index, that the next one uses
// it and finds the same, and that a new or a revoked indicator makes the
// next hunt build it again.
func TestHuntIndex(t *testing.T) {
	t.Parallel()
	db := tempDB(t)
	if _, stderr, code := run(t, "", "--db", db, "import", "testdata/hunt/intel.json"); code != 0 {
		t.Fatalf("import: exit %d: %s", code, stderr)
	}
	const (
		aspx  = "indicator--4a1c7e2b-3d5f-4c6a-9b8e-1f2d3c4b5a69 /aspnet_client/system_web/discover.aspx"
		cidr  = "indicator--6b2d8f3c-4e6a-4d7b-8c9f-2a3e4d5c6b7a 203.0.113.66"
		newID = "indicator--9e8d7c6b-5a4f-4e3d-8c2b-1a0f9e8d7c6b"
		newIP = newID + " 198.51.100.21"
	)
	step := func(name string, wantHow string, want []string, flags ...string) {
		t.Helper()
		found, how := huntIndexRun(t, db, flags...)
		if how != wantHow {
			t.Errorf("%s: the hunt's index was %q, want %q", name, how, wantHow)
		}
		if diff := cmp.Diff(want, found); diff != "" {
			t.Errorf("%s: findings (-want +got):\n%s", name, diff)
		}
	}
	step("first hunt", "index built and saved", []string{aspx, cidr})
	step("second hunt (records its sightings)", "index from the prebuilt one", []string{aspx, cidr})
	step("after sightings were recorded", "index from the prebuilt one", []string{aspx, cidr})
	step("--no-index-cache", "index built", []string{aspx, cidr}, "--no-index-cache")

	added := huntIndexBundle(t, newID, "2021-03-04T00:00:00.000Z", "[ipv4-addr:value = '198.51.100.21']", false)
	if _, stderr, code := run(t, "", "--db", db, "import", added); code != 0 {
		t.Fatalf("import: exit %d: %s", code, stderr)
	}
	step("a new indicator", "index built and saved", []string{aspx, cidr, newIP})
	step("the next hunt", "index from the prebuilt one", []string{aspx, cidr, newIP})

	revoked := huntIndexBundle(t, newID, "2021-03-05T00:00:00.000Z", "[ipv4-addr:value = '198.51.100.21']", true)
	if _, stderr, code := run(t, "", "--db", db, "import", revoked); code != 0 {
		t.Fatalf("import: exit %d: %s", code, stderr)
	}
	step("a revoked indicator", "index built and saved", []string{aspx, cidr})
	step("the next hunt", "index from the prebuilt one", []string{aspx, cidr})
}

// TestHuntIndexDamaged checks that a damaged index is reported, rebuilt
// and replaced, and that a hunt with an --intel file keys its index by it.
func TestHuntIndexDamaged(t *testing.T) {
	t.Parallel()
	db := tempDB(t)
	if _, stderr, code := run(t, "", "--db", db, "import", "testdata/hunt/intel.json"); code != 0 {
		t.Fatalf("import: exit %d: %s", code, stderr)
	}
	want, _ := huntIndexRun(t, db, "--no-record")
	index := huntIndexPath(db)
	b, err := os.ReadFile(index)
	if err != nil {
		t.Fatal(err)
	}
	b[len(b)-3] ^= 1
	if err := os.WriteFile(index, b, 0o600); err != nil {
		t.Fatal(err)
	}
	args := []string{"--db", db, "hunt", "--no-record", filepath.Join("testdata", "hunt", "u_ex210303.log")}
	if _, stderr, _ := run(t, "", args...); !strings.Contains(stderr, "note: prebuilt index "+index) ||
		!strings.Contains(stderr, "index built and saved") {
		t.Errorf("a damaged index is not reported and rebuilt:\n%s", stderr)
	}
	if got, how := huntIndexRun(t, db, "--no-record"); how != "index from the prebuilt one" || !slices.Equal(got, want) {
		t.Errorf("after the rebuild: %q, %v; want the prebuilt index and %v", how, got, want)
	}

	// An index that cannot be written is a note, not a failure.
	os.Remove(index)
	if err := os.Mkdir(index, 0o755); err != nil {
		t.Fatal(err)
	}
	if got, how := huntIndexRun(t, db, "--no-record"); how != "index built" || !slices.Equal(got, want) {
		t.Errorf("with an index that cannot be written: %q, %v; want a built index and %v", how, got, want)
	}
	if err := os.Remove(index); err != nil {
		t.Fatal(err)
	}

	list := filepath.Join(t.TempDir(), "iocs.txt")
	if err := os.WriteFile(list, []byte("198.51.100.20\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, wantHow := range []string{"index built and saved", "index from the prebuilt one"} {
		got, how := huntIndexRun(t, db, "--no-record", "--intel", list)
		if how != wantHow || len(got) != len(want)+1 {
			t.Errorf("with --intel: %q, %v; want %q and one more finding than %v", how, got, wantHow, want)
		}
	}
	if err := os.WriteFile(list, []byte("198.51.100.20\n198.51.100.21\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if got, how := huntIndexRun(t, db, "--no-record", "--intel", list); how != "index built and saved" || len(got) != len(want)+2 {
		t.Errorf("with a changed --intel file: %q, %v; want a rebuilt index and two more findings than %v", how, got, want)
	}
}
