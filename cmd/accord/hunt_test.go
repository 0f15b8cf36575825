package main

import (
	"encoding/json"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strconv"
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
	data, err := os.ReadFile(log)
	if err != nil {
		t.Fatal(err)
	}
	if out, stderr, code := run(t, string(data), "--db", db, "hunt", "--no-record", "-"); code != 1 || !strings.Contains(out, "-:6  url:value = /aspnet_client/system_web/discover.aspx") {
		t.Errorf("a log on stdin: exit %d:\n%s\n%s", code, out, stderr)
	}
	intel := filepath.Join(t.TempDir(), "iocs.txt")
	os.WriteFile(intel, []byte("# ad-hoc\n198.51.100.21\n"), 0o644)
	if out, stderr, code := run(t, "", "--db", db, "--empty", "hunt", "--intel", intel, log); code != 1 || !strings.Contains(out, log+":7  ipv4-addr:value = 198.51.100.21") || !strings.Contains(stderr, "not recorded as sightings") {
		t.Errorf("--intel: exit %d:\n%s\n%s", code, out, stderr)
	}
	if _, stderr, code := run(t, "", "--db", db, "hunt", "testdata/hunt/missing.log"); code != 2 || !strings.Contains(stderr, "no such file") {
		t.Errorf("a missing log: exit %d, want 2: %s", code, stderr)
	}
}

// TestHuntExchangeExample sweeps examples/exchange on a new database with
// the starter pack: every planted intrusion line of the example's README
// is found, and nothing else.
func TestHuntExchangeExample(t *testing.T) {
	t.Parallel()
	out, stderr, code := run(t, "", "--db", tempDB(t), "hunt", "--output", "json", "../../examples/exchange")
	if code != 1 {
		t.Fatalf("exit %d, want 1 (found); stderr:\n%s", code, stderr)
	}
	if !strings.Contains(stderr, " 0 malformed lines") {
		t.Errorf("malformed lines in the example:\n%s", stderr)
	}
	lines := map[string]bool{}
	for _, l := range strings.Split(strings.TrimSpace(out), "\n") {
		var f map[string]any
		if err := json.Unmarshal([]byte(l), &f); err != nil {
			t.Fatal(err)
		}
		lines[filepath.Base(f["file"].(string))+":"+strconv.Itoa(int(f["line"].(float64)))] = true
	}
	var want []string
	for _, n := range []int{33, 34, 35, 36, 37, 38, 39, 40, 41, 42, 237, 238, 456} {
		want = append(want, "u_ex210303.log:"+strconv.Itoa(n))
	}
	for n := 22; n <= 26; n++ {
		want = append(want, "HttpProxy_2021030301-1.LOG:"+strconv.Itoa(n))
	}
	got := slices.Sorted(maps.Keys(lines))
	if diff := cmp.Diff(want, got, cmpopts.SortSlices(func(a, b string) bool { return a < b })); diff != "" {
		t.Errorf("lines found (-planted +found):\n%s", diff)
	}
	text, _, _ := run(t, "", "--db", tempDB(t), "hunt", "../../examples/exchange")
	if !strings.Contains(text, "indicates: HAFNIUM (intrusion-set)") {
		t.Errorf("the report does not tie the findings to HAFNIUM:\n%s", text)
	}
}

// TestHuntSightings checks that a hunt records its findings as STIX
// sightings by the reporting organisation, that --no-record records
// nothing, and that --output stix prints a valid bundle.
func TestHuntSightings(t *testing.T) {
	t.Parallel()
	db := tempDB(t)
	if _, stderr, code := run(t, "", "--db", db, "import", "testdata/hunt/intel.json"); code != 0 {
		t.Fatalf("import: exit %d: %s", code, stderr)
	}
	log := filepath.Join("testdata", "hunt", "u_ex210303.log")
	if _, stderr, code := run(t, "", "--db", db, "hunt", "--no-record", log); code != 1 || strings.Contains(stderr, "recorded") {
		t.Fatalf("hunt --no-record: exit %d:\n%s", code, stderr)
	}
	if n := stats(t, db)["by_type"].(map[string]any)["sighting"]; n != nil {
		t.Errorf("--no-record recorded %v sightings", n)
	}
	if _, stderr, code := run(t, "", "--db", db, "hunt", "--org", "CERT Example", log); code != 1 || !strings.Contains(stderr, `recorded 2 sightings as "CERT Example"`) {
		t.Fatalf("hunt: exit %d:\n%s", code, stderr)
	}
	out, _, _ := run(t, "", "--db", db, "export", "--type", "sighting", "--type", "identity")
	var bundle struct{ Objects []map[string]any }
	if err := json.Unmarshal([]byte(out), &bundle); err != nil {
		t.Fatal(err)
	}
	names := map[string]string{}
	for _, o := range bundle.Objects {
		if o["type"] == "identity" {
			names[o["id"].(string)] = o["name"].(string)
		}
	}
	var got []string
	for _, o := range bundle.Objects {
		if o["type"] == "sighting" {
			where := o["where_sighted_refs"].([]any)[0].(string)
			got = append(got, o["sighting_of_ref"].(string)+" count="+strconv.Itoa(int(o["count"].(float64)))+" by="+names[where]+" first="+o["first_seen"].(string))
		}
	}
	want := []string{
		"indicator--4a1c7e2b-3d5f-4c6a-9b8e-1f2d3c4b5a69 count=1 by=CERT Example first=2021-03-03T01:05:09Z",
		"indicator--6b2d8f3c-4e6a-4d7b-8c9f-2a3e4d5c6b7a count=1 by=CERT Example first=2021-03-03T01:05:09Z",
	}
	if diff := cmp.Diff(want, got, cmpopts.SortSlices(func(a, b string) bool { return a < b })); diff != "" {
		t.Errorf("sightings (-want +got):\n%s", diff)
	}
	stixOut, _, code := run(t, "", "--db", db, "hunt", "--no-record", "--output", "stix", log)
	if code != 1 {
		t.Fatalf("--output stix: exit %d", code)
	}
	if out, stderr, code := run(t, stixOut, "validate", "-"); code != 0 {
		t.Errorf("the --output stix bundle is not valid STIX: %s %s", out, stderr)
	}
}

// TestHuntCorrelates hunts for a pattern of two observations, a logon
// followed by a web shell, across the lines of a log.
func TestHuntCorrelates(t *testing.T) {
	t.Parallel()
	bundle := `{"type": "bundle", "id": "bundle--1c2d3e4f-5a6b-4c7d-8e9f-0a1b2c3d4e5f", "objects": [
{"type": "indicator", "spec_version": "2.1", "id": "indicator--8d4e0b5f-6a7c-4f9d-a1b2-c3d4e5f6a7b8", "created": "2021-03-03T00:00:00.000Z", "modified": "2021-03-03T00:00:00.000Z", "name": "Logon then web shell", "pattern": "[ipv4-addr:value = '198.51.100.20'] FOLLOWEDBY [url:value LIKE '/aspnet_client/%']", "pattern_type": "stix", "valid_from": "2021-03-02T00:00:00Z"}]}`
	db := tempDB(t)
	if _, stderr, code := run(t, bundle, "--db", db, "--empty", "import", "-"); code != 0 {
		t.Fatalf("import: exit %d: %s", code, stderr)
	}
	log := filepath.Join("testdata", "hunt", "u_ex210303.log")
	out, stderr, code := run(t, "", "--db", db, "hunt", log)
	for _, want := range []string{"Logon then web shell", log + ":5  ipv4-addr:value = 198.51.100.20", log + ":6  url:value = /aspnet_client/system_web/discover.aspx", "2 hits"} {
		if code != 1 || !strings.Contains(out, want) {
			t.Errorf("exit %d, report lacks %q:\n%s\n%s", code, want, out, stderr)
		}
	}
}
