package main

import (
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

// TestHunt imports two indicators (one linked to the starter pack's
// HAFNIUM) and sweeps a small IIS log with one planted hit of each.
func TestHunt(t *testing.T) {
	t.Parallel()
	db := tempDB(t)
	if _, stderr, code := run(t, "", "--db", db, "import", "testdata/hunt/intel.json"); code != 0 {
		t.Fatalf("import: exit %d: %s", code, stderr)
	}
	log := filepath.Join("testdata", "hunt", "u_ex210303.log")
	out, stderr, code := run(t, "", "--db", db, "hunt", log)
	if code != 1 {
		t.Fatalf("hunt: exit %d, want 1 (found); stderr:\n%s", code, stderr)
	}
	for _, want := range []string{
		"ASPX page under aspnet_client",
		"indicates: HAFNIUM (intrusion-set)",
		log + ":6  url:value = /aspnet_client/system_web/discover.aspx",
		"Exploitation source",
		log + ":6  ipv4-addr:value = 203.0.113.66",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("report lacks %q:\n%s", want, out)
		}
	}
	if !strings.Contains(stderr, "malformed: "+log+":8:") || !strings.Contains(stderr, "1 malformed lines") {
		t.Errorf("the malformed line 8 is not reported:\n%s", stderr)
	}

	out, _, code = run(t, "", "--db", db, "hunt", "--output", "json", log)
	var got []string
	for _, line := range strings.Split(strings.TrimSpace(out), "\n") {
		var f map[string]any
		if err := json.Unmarshal([]byte(line), &f); err != nil {
			t.Fatalf("--output json line %q: %v", line, err)
		}
		got = append(got, f["indicator_id"].(string)+" "+f["observable_type"].(string)+" "+f["value"].(string)+" "+f["time"].(string))
	}
	want := []string{
		"indicator--4a1c7e2b-3d5f-4c6a-9b8e-1f2d3c4b5a69 url /aspnet_client/system_web/discover.aspx 2021-03-03T01:05:09Z",
		"indicator--6b2d8f3c-4e6a-4d7b-8c9f-2a3e4d5c6b7a ipv4-addr 203.0.113.66 2021-03-03T01:05:09Z",
	}
	if diff := cmp.Diff(want, got, cmpopts.SortSlices(func(a, b string) bool { return a < b })); code != 1 || diff != "" {
		t.Errorf("--output json: exit %d (-want +got):\n%s", code, diff)
	}

	if _, stderr, code := run(t, "", "--db", db, "--empty", "hunt", "testdata/hunt/intel.json"); code != 0 {
		t.Errorf("a sweep with nothing found: exit %d, want 0: %s", code, stderr)
	}
	if _, stderr, code := run(t, "", "--db", db, "hunt", "testdata/hunt/missing.log"); code != 2 || !strings.Contains(stderr, "no such file") {
		t.Errorf("a missing log: exit %d, want 2: %s", code, stderr)
	}
}
