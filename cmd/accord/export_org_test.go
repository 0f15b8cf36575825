package main

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"github.com/accord-cti/accord/stix"
	"github.com/google/go-cmp/cmp"
)

// TestExportForOrg checks that accord export --org sends CLEAR and GREEN
// objects, keeps AMBER and RED ones home, and removes references to what
// it keeps home from what it sends (a relationship to a hidden object is
// not sent at all).
func TestExportForOrg(t *testing.T) {
	t.Parallel()
	const (
		green = "indicator--0b1c5b5e-2c7a-4d0e-9f6e-3a1b2c3d4e01"
		amber = "indicator--0b1c5b5e-2c7a-4d0e-9f6e-3a1b2c3d4e02"
		red   = "indicator--0b1c5b5e-2c7a-4d0e-9f6e-3a1b2c3d4e03"
		plain = "indicator--0b1c5b5e-2c7a-4d0e-9f6e-3a1b2c3d4e04"
		rep   = "report--0b1c5b5e-2c7a-4d0e-9f6e-3a1b2c3d4e05"
		rel   = "relationship--0b1c5b5e-2c7a-4d0e-9f6e-3a1b2c3d4e06"
		rel2  = "relationship--0b1c5b5e-2c7a-4d0e-9f6e-3a1b2c3d4e07"
	)
	ind := func(id, marking string) string {
		m := ""
		if marking != "" {
			m = `,"object_marking_refs":["` + marking + `"]`
		}
		return `{"type":"indicator","spec_version":"2.1","id":"` + id + `","created":"2021-03-02T00:00:00.000Z","modified":"2021-03-02T00:00:00.000Z","pattern":"[ipv4-addr:value = '198.51.100.7']","pattern_type":"stix","valid_from":"2021-03-02T00:00:00Z"` + m + `}`
	}
	objs := []string{
		ind(green, stix.TLPGreen), ind(amber, stix.TLPAmber), ind(red, stix.TLPRed), ind(plain, ""),
		`{"type":"report","spec_version":"2.1","id":"` + rep + `","created":"2021-03-02T00:00:00.000Z","modified":"2021-03-02T00:00:00.000Z","name":"r","published":"2021-03-02T00:00:00Z","object_refs":["` + green + `","` + amber + `","` + red + `"]}`,
		`{"type":"relationship","spec_version":"2.1","id":"` + rel + `","created":"2021-03-02T00:00:00.000Z","modified":"2021-03-02T00:00:00.000Z","relationship_type":"related-to","source_ref":"` + green + `","target_ref":"` + amber + `"}`,
		`{"type":"relationship","spec_version":"2.1","id":"` + rel2 + `","created":"2021-03-02T00:00:00.000Z","modified":"2021-03-02T00:00:00.000Z","relationship_type":"related-to","source_ref":"` + green + `","target_ref":"` + plain + `"}`,
	}
	db := tempDB(t)
	if _, stderr, code := run(t, `{"type":"bundle","id":"bundle--0b1c5b5e-2c7a-4d0e-9f6e-3a1b2c3d4e00","objects":[`+strings.Join(objs, ",")+`]}`,
		"--db", db, "--empty", "import", "-"); code != 0 {
		t.Fatalf("import: exit %d: %s", code, stderr)
	}
	if _, stderr, code := run(t, "", "--db", db, "org", "add", "Partner"); code != 0 {
		t.Fatalf("org add: exit %d: %s", code, stderr)
	}
	out, stderr, code := run(t, "", "--db", db, "export", "--org", "Partner")
	if code != 0 {
		t.Fatalf("export --org: exit %d: %s", code, stderr)
	}
	var bundle struct{ Objects []map[string]any }
	if err := json.Unmarshal([]byte(out), &bundle); err != nil {
		t.Fatal(err)
	}
	var got []string
	var refs []any
	for _, o := range bundle.Objects {
		if o["type"] == "marking-definition" || o["type"] == "extension-definition" || o["type"] == "identity" {
			continue
		}
		got = append(got, o["id"].(string))
		if o["id"] == rep {
			refs = o["object_refs"].([]any)
		}
	}
	slices.Sort(got)
	want := []string{green, plain, rel2, rep}
	slices.Sort(want)
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("objects exported for Partner (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]any{green}, refs); diff != "" {
		t.Errorf("the report's object_refs for Partner (-want +got):\n%s", diff)
	}
	if !strings.Contains(stderr, "3 objects withheld") {
		t.Errorf("stderr %q: want the count of withheld objects (amber, red, and the relationship to amber)", stderr)
	}
	if _, _, code := run(t, "", "--db", db, "export", "--org", "Nobody"); code != 2 {
		t.Errorf("export --org Nobody: exit %d, want 2", code)
	}
}
