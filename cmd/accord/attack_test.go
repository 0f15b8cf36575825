package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/accord-cti/accord/internal/sharedtest"
	"github.com/accord-cti/accord/stix"
	"github.com/google/go-cmp/cmp"
)

const attackFile = "data/attack/enterprise-attack-16.1.json"

// TestATTACKRoundTrip imports MITRE ATT&CK (STIX 2.0) into a fresh
// database, exports it, and checks that every object comes back equal to its
// input apart from the 2.0 to 2.1 upgrade; a second import adds nothing.
func TestATTACKRoundTrip(t *testing.T) {
	t.Parallel()
	path := sharedtest.Path(t, attackFile)
	db := tempDB(t)
	out, stderr, code := run(t, "", "--db", db, "--empty", "import", path)
	if code != 0 {
		t.Fatalf("import: exit %d: %s", code, stderr)
	}
	if !strings.Contains(out, "21315 objects, 21315 versions added, 0 already present, 21315 upgraded from STIX 2.0") {
		t.Errorf("import summary:\n%s", out)
	}
	out, _, code = run(t, "", "--db", db, "import", path)
	if code != 0 || !strings.Contains(out, "0 versions added, 21315 already present") {
		t.Errorf("second import: exit %d:\n%s", code, out)
	}

	exported, stderr, code := run(t, "", "--db", db, "export")
	if code != 0 {
		t.Fatalf("export: exit %d: %s", code, stderr)
	}
	var got struct{ Objects []map[string]any }
	if err := json.Unmarshal([]byte(exported), &got); err != nil {
		t.Fatal(err)
	}
	byID := make(map[string]map[string]any, len(got.Objects))
	for _, o := range got.Objects {
		byID[o["id"].(string)] = o
	}
	want := upgradedObjects(t, path)
	if len(got.Objects) != len(want) {
		t.Errorf("exported %d objects, want %d", len(got.Objects), len(want))
	}
	bad := 0
	for _, w := range want {
		id := w["id"].(string)
		if diff := cmp.Diff(w, byID[id]); diff != "" && bad < 3 {
			bad++
			t.Errorf("%s (-input upgraded +exported):\n%s", id, diff)
		}
	}
}

// upgradedObjects reads a 2.0 bundle and upgrades each object the way the
// importer is documented to, decoded with encoding/json for comparison.
func upgradedObjects(t *testing.T, path string) []map[string]any {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var in struct {
		SpecVersion string `json:"spec_version"`
		Objects     []json.RawMessage
	}
	if err := json.Unmarshal(data, &in); err != nil {
		t.Fatal(err)
	}
	out := make([]map[string]any, len(in.Objects))
	for i, raw := range in.Objects {
		v, err := stix.Parse(raw)
		if err != nil {
			t.Fatal(err)
		}
		if stix.NeedsUpgrade(v, in.SpecVersion) {
			stix.Upgrade20(v)
		}
		if err := json.Unmarshal(v.AppendJSON(nil), &out[i]); err != nil {
			t.Fatal(err)
		}
	}
	return out
}

// TestShowResolvesNames loads the starter pack and ATT&CK and resolves
// HAFNIUM and APT40 by ATT&CK id, name and aliases.
func TestShowResolvesNames(t *testing.T) {
	t.Parallel()
	path := sharedtest.Path(t, attackFile)
	db := tempDB(t)
	if _, stderr, code := run(t, "", "--db", db, "import", path); code != 0 {
		t.Fatalf("import: exit %d: %s", code, stderr)
	}
	tests := []struct{ ref, want string }{
		{"G0125", "HAFNIUM"},
		{"HAFNIUM", "G0125"},
		{"Silk Typhoon", "HAFNIUM"},
		{"Leviathan", "G0065"},
		{"apt40", "G0065"},
		{"T1190", "Exploit Public-Facing Application"},
		{"CVE-2021-26855", "CVE-2021-26855"},
	}
	for _, tt := range tests {
		out, stderr, code := run(t, "", "--db", db, "show", tt.ref)
		if code != 0 || !strings.Contains(out, tt.want) {
			t.Errorf("show %q: exit %d, stderr %q, stdout lacks %q:\n%s", tt.ref, code, stderr, tt.want, out)
		}
	}
	out, _, _ := run(t, "", "--db", db, "show", "G0125")
	for _, want := range []string{"uses → malware", "China Chopper", "uses → attack-pattern", "T1190"} {
		if !strings.Contains(out, want) {
			t.Errorf("show G0125 lacks %q:\n%s", want, out)
		}
	}
	out, _, code := run(t, "", "--db", db, "show", "--json", "G0125")
	var bundle struct{ Objects []map[string]any }
	if err := json.Unmarshal([]byte(out), &bundle); code != 0 || err != nil || len(bundle.Objects) < 10 {
		t.Errorf("show --json G0125: exit %d, %v, %d objects", code, err, len(bundle.Objects))
	}
}

// TestSpecExamplesImport imports every example of the STIX 2.1 JSON schema
// repository into one database.
func TestSpecExamplesImport(t *testing.T) {
	t.Parallel()
	dir := sharedtest.Path(t, "specs/stix2-json-schemas/examples")
	db := tempDB(t)
	out, stderr, code := run(t, "", "--db", db, "--empty", "import", dir)
	if code != 0 {
		t.Fatalf("import %s: exit %d\n%s\n%s", dir, code, out, stderr)
	}
	if strings.Contains(out, "problems") {
		t.Errorf("problems reported:\n%s", out)
	}
}

// TestSpecExamplesMutated breaks one MUST in a copy of each example bundle
// and checks that the import is refused with the object's id and the JSON
// path, and that nothing is stored.
func TestSpecExamplesMutated(t *testing.T) {
	t.Parallel()
	dir := sharedtest.Path(t, "specs/stix2-json-schemas/examples")
	files, err := filepath.Glob(filepath.Join(dir, "*", "*.json"))
	if err != nil {
		t.Fatal(err)
	}
	top, _ := filepath.Glob(filepath.Join(dir, "*.json"))
	files = append(files, top...)
	mutations := []struct {
		path string
		mut  func(o map[string]any) bool
	}{
		{"/modified", func(o map[string]any) bool {
			_, ok := o["modified"]
			o["modified"] = "1999-01-01T00:00:00.000Z"
			return ok
		}},
		{"/created", func(o map[string]any) bool {
			_, ok := o["created"]
			delete(o, "created")
			return ok
		}},
		{"/spec_version", func(o map[string]any) bool {
			_, ok := o["spec_version"]
			o["spec_version"] = "2.2"
			return ok
		}},
	}
	ran := 0
	for _, f := range files {
		for _, m := range mutations {
			data, _ := os.ReadFile(f)
			var bundle map[string]any
			if err := json.Unmarshal(data, &bundle); err != nil {
				t.Fatal(err)
			}
			var id string
			objs, _ := bundle["objects"].([]any)
			for _, o := range objs {
				if obj := o.(map[string]any); m.mut(obj) {
					id = obj["id"].(string)
					break
				}
			}
			if id == "" {
				continue
			}
			ran++
			mutated, _ := json.Marshal(bundle)
			db := tempDB(t)
			_, stderr, code := run(t, string(mutated), "--db", db, "--empty", "import", "-")
			if want := id + ": " + m.path + ":"; code != 2 || !strings.Contains(stderr, want) {
				t.Errorf("%s with %s broken: exit %d, stderr lacks %q:\n%s", filepath.Base(f), m.path, code, want, stderr)
			}
			if n := stats(t, db)["versions"]; n != 0.0 {
				t.Errorf("%s with %s broken: %v versions stored, want 0", filepath.Base(f), m.path, n)
			}
		}
	}
	if ran < 3*len(files)-3 {
		t.Errorf("only %d mutated copies of %d files were tried", ran, len(files))
	}
}
