package ingest

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/accord-cti/accord"
	"github.com/accord-cti/accord/internal/sharedtest"
	"github.com/accord-cti/accord/sqlite"
	"github.com/accord-cti/accord/stix"
	"github.com/google/go-cmp/cmp"
)

// galaxyObjects converts data and decodes its lines, checking each with
// accord's validator.
func galaxyObjects(t *testing.T, data []byte) []map[string]any {
	t.Helper()
	out, err := ConvertGalaxy("sample.json", data)
	if err != nil {
		t.Fatal(err)
	}
	var objs []map[string]any
	for line := range bytes.Lines(out) {
		v, err := stix.Parse(line)
		if err != nil {
			t.Fatalf("%s: %v", line, err)
		}
		for _, p := range stix.Validate(v) {
			t.Errorf("converted object invalid: %v", p)
		}
		var o map[string]any
		if err := json.Unmarshal(line, &o); err != nil {
			t.Fatal(err)
		}
		objs = append(objs, o)
	}
	return objs
}

func TestConvertGalaxySample(t *testing.T) {
	t.Parallel()
	data, err := os.ReadFile("testdata/galaxy/sample.json")
	if err != nil {
		t.Fatal(err)
	}
	objs := galaxyObjects(t, data)
	type actor struct {
		Name, Country, Sponsor, Confidence, Author string
		Aliases, Victims, ExternalIDs, URLs        []string
		Related                                    bool
	}
	var got []actor
	for _, o := range objs[2:] {
		a := actor{Name: gstr(o["name"]), Country: gstr(o["x_misp_country"]), Sponsor: gstr(o["x_misp_suspected_state_sponsor"]),
			Confidence: gstr(o["x_misp_attribution_confidence"]), Author: gstr(o["created_by_ref"]),
			Aliases: gstrs(o["aliases"]), Victims: gstrs(o["x_misp_suspected_victims"]), Related: o["x_misp_related"] != nil}
		for _, r := range o["external_references"].([]any) {
			r := r.(map[string]any)
			if id := gstr(r["external_id"]); id != "" {
				a.ExternalIDs = append(a.ExternalIDs, id)
			}
			if u := gstr(r["url"]); u != "" {
				a.URLs = append(a.URLs, u)
			}
		}
		got = append(got, a)
	}
	author := galaxyIdentityID("7cdff317-a673-4474-84ec-4f1754947823")
	want := []actor{
		{Name: "APT40", Country: "CN", Sponsor: "China", Confidence: "50", Author: author,
			Aliases: []string{"Leviathan", "TEMP.Periscope"}, Victims: []string{"United States"},
			ExternalIDs: []string{"4b8bd1f8-e6c8-4ea0-8bde-2a4b2f0f2ef4"}, URLs: []string{"https://attack.mitre.org/groups/G0065/"}, Related: true},
		{Name: "Minimal Actor", Author: author, ExternalIDs: []string{"b5b5a0c1-1111-4a4a-8b8b-000000000002"}},
		{Name: "Third", Author: author, Aliases: []string{"Tertius"}, ExternalIDs: []string{"b5b5a0c1-1111-4a4a-8b8b-000000000003"}},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("actors (-want +got):\n%s", diff)
	}
	if objs[0]["type"] != "marking-definition" || objs[1]["type"] != "identity" || objs[1]["id"] != author {
		t.Errorf("first objects are %v and %v, want the TLP marking and the galaxy's identity", objs[0]["id"], objs[1]["id"])
	}
	// Ids and times are deterministic: a second conversion is the same.
	again, _ := ConvertGalaxy("sample.json", data)
	first, _ := ConvertGalaxy("sample.json", data)
	if !bytes.Equal(first, again) {
		t.Error("two conversions of the same galaxy differ")
	}
}

func gstr(v any) string { s, _ := v.(string); return s }

func gstrs(v any) []string {
	l, _ := v.([]any)
	var out []string
	for _, e := range l {
		out = append(out, gstr(e))
	}
	return out
}

func TestConvertGalaxyErrors(t *testing.T) {
	t.Parallel()
	tests := []struct{ name, data, want string }{
		{"broken JSON", `{"type": "threat-actor", "values": [`, "g.json: MISP galaxy: unexpected end of JSON input"},
		{"invalid UTF-8", "{\"type\": \"threat-actor\",\n \"values\": [{\"value\": \"\xff\"}]}", "g.json:2: MISP galaxy: invalid UTF-8"},
		{"other galaxy", `{"type": "tool", "values": []}`, `g.json: /type: MISP galaxy of type "tool", want threat-actor`},
		{"no name", `{"type": "threat-actor", "values": [{"uuid": "b5b5a0c1-1111-4a4a-8b8b-000000000002", "meta": {}}]}`, "g.json: /values/0: actor without a value (name)"},
		{"bad uuid", `{"type": "threat-actor", "values": [{"value": "X", "uuid": "b5b5a0c1-1111-4a4a-8b8b-000000000002"}, {"value": "Y", "uuid": "nope"}]}`, `g.json: /values/1: Y: uuid "nope" is not a UUID`},
		{"repeated uuid", `{"type": "threat-actor", "values": [{"value": "X", "uuid": "b5b5a0c1-1111-4a4a-8b8b-000000000002"}, {"value": "Y", "uuid": "b5b5a0c1-1111-4a4a-8b8b-000000000002"}]}`, "g.json: /values/1: uuid b5b5a0c1-1111-4a4a-8b8b-000000000002 repeats /values/0"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ConvertGalaxy("g.json", []byte(tt.data))
			if err == nil || err.Error() != tt.want || accord.ErrorCode(err) != accord.EINVALID {
				t.Errorf("err = %v, want EINVALID %q", err, tt.want)
			}
		})
	}
}

func TestIsMISPGalaxy(t *testing.T) {
	t.Parallel()
	tests := []struct {
		data string
		want bool
	}{
		{`{"authors": ["x"], "type": "threat-actor", "uuid": "u", "values": []}`, true},
		{`{"values": [{"value": "a"}], "type": "threat-actor"}`, true},
		{`{"type": "bundle", "id": "bundle--1", "objects": [{"type": "threat-actor"}]}`, false},
		{`{"type": "tool", "values": []}`, false},
		{`{"type": "threat-actor", "spec_version": "2.1", "id": "threat-actor--1"}`, false},
		{`[{"type": "threat-actor", "values": []}]`, false},
		{`{"type": "threat-actor"}`, false},
		{`{"type": "threat-actor", "values": [`, true}, // detected; the converter reports the broken JSON
		{``, false},
	}
	for _, tt := range tests {
		if got := IsMISPGalaxy([]byte(tt.data)); got != tt.want {
			t.Errorf("IsMISPGalaxy(%s) = %v, want %v", tt.data, got, tt.want)
		}
	}
}

// TestImportGalaxy imports the real galaxy: one intrusion-set per actor,
// all valid, and a second import adds nothing.
func TestImportGalaxy(t *testing.T) {
	t.Parallel()
	path := sharedtest.Path(t, "data/galaxy/threat-actor.json")
	db := galaxyStore(t)
	src, err := Open(path, nil)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	res, err := Import(ctx, db, src, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if got := res.ByType["intrusion-set"]; got != 1041 || len(res.Invalid) > 0 {
		t.Errorf("intrusion-sets added = %d (want 1041), problems %v", got, res.Invalid)
	}
	again, err := Import(ctx, db, src, Options{})
	if err != nil || again.Added != 0 {
		t.Errorf("second import added %d, err %v; want nothing added", again.Added, err)
	}
	objs, err := db.Resolve(ctx, "Leviathan")
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, o := range objs {
		names = append(names, o.Name)
	}
	if !strings.Contains(strings.Join(names, ","), "APT40") {
		t.Errorf("Leviathan resolves to %v, want the galaxy's APT40 through its synonyms", names)
	}
}

func FuzzConvertGalaxy(f *testing.F) {
	seeds, _ := filepath.Glob("testdata/galaxy/*.json")
	for _, p := range seeds {
		if data, err := os.ReadFile(p); err == nil {
			f.Add(data)
		}
	}
	f.Add([]byte(`{"type": "threat-actor", "values": [{"value": "X", "uuid": "b5b5a0c1-1111-4a4a-8b8b-000000000002", "meta": {"synonyms": "one", "refs": [1, "u"]}}]}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		out, err := ConvertGalaxy("fuzz.json", data)
		if err != nil {
			if accord.ErrorCode(err) != accord.EINVALID {
				t.Fatalf("error without EINVALID: %v", err)
			}
			return
		}
		for line := range bytes.Lines(out) {
			v, err := stix.Parse(line)
			if err != nil {
				t.Fatalf("converted line is no STIX: %v\n%s", err, line)
			}
			if p := stix.Validate(v); len(p) > 0 {
				t.Fatalf("converted object invalid: %v\n%s", p, line)
			}
		}
	})
}

func galaxyStore(t *testing.T) *sqlite.DB {
	t.Helper()
	db, err := sqlite.Open(filepath.Join(t.TempDir(), "galaxy.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}
