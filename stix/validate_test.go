package stix

import (
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/accord-cti/accord/internal/sharedtest"
	"github.com/google/go-cmp/cmp"
)

// readObjects splits a JSON document and parses each object it holds.
func readObjects(t testing.TB, data []byte) []*Value {
	t.Helper()
	doc, err := Split(data)
	if err != nil {
		t.Fatalf("split: %v", err)
	}
	objs := make([]*Value, 0, len(doc.Objects))
	for _, sp := range doc.Objects {
		v, err := Parse(sp.Data)
		if err != nil {
			t.Fatalf("parse line %d: %v", sp.Line, err)
		}
		objs = append(objs, v)
	}
	return objs
}

// jsonFiles lists the .json files under dir, recursively.
func jsonFiles(t *testing.T, dir string) []string {
	t.Helper()
	var files []string
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.HasSuffix(path, ".json") {
			files = append(files, path)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return files
}

// TestValidateExamples checks that every object of the OASIS example bundles
// is valid.
func TestValidateExamples(t *testing.T) {
	t.Parallel()
	dir := sharedtest.Path(t, "specs/stix2-json-schemas/examples")
	files := jsonFiles(t, dir)
	if len(files) == 0 {
		t.Fatalf("no example files under %s", dir)
	}
	for _, f := range files {
		name, _ := filepath.Rel(dir, f)
		t.Run(name, func(t *testing.T) {
			data, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			for _, obj := range readObjects(t, data) {
				if got := Validate(obj); got != nil {
					t.Errorf("Validate(%s) = %v, want no problem", obj.GetString("id"), Problems(got))
				}
			}
		})
	}
}

// TestValidateInterop checks the interop folder: its files are JSON schemas
// for the interoperability profiles, so only those that are STIX objects
// (none, today) are validated.
func TestValidateInterop(t *testing.T) {
	t.Parallel()
	dir := sharedtest.Path(t, "specs/stix2-json-schemas/interop")
	for _, f := range jsonFiles(t, dir) {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, obj := range readObjects(t, data) {
			if obj.Has("$schema") || !validTypeName(obj.GetString("type")) {
				continue // a schema, not an object
			}
			if got := Validate(obj); got != nil {
				t.Errorf("%s: Validate(%s) = %v, want no problem", filepath.Base(f), obj.GetString("id"), Problems(got))
			}
		}
	}
}

// TestValidateSpecObjects checks the objects of testdata/validate/valid.json,
// examples of every type taken from the specification, are valid.
func TestValidateSpecObjects(t *testing.T) {
	t.Parallel()
	for _, obj := range specObjects(t) {
		if got := Validate(obj); got != nil {
			t.Errorf("Validate(%s) = %v, want no problem", obj.GetString("id"), Problems(got))
		}
	}
}

// specObjects reads testdata/validate/valid.json.
func specObjects(t testing.TB) []*Value {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", "validate", "valid.json"))
	if err != nil {
		t.Fatal(err)
	}
	return readObjects(t, data)
}

// TestValidateCoversEveryType checks that valid.json has an object of every
// type of the catalogue, so that the mutation tests can reach each one.
func TestValidateCoversEveryType(t *testing.T) {
	t.Parallel()
	have := map[string]bool{}
	for _, obj := range specObjects(t) {
		have[obj.GetString("type")] = true
	}
	var missing []string
	for typ := range catalogue {
		if !have[typ] && typ != "bundle" {
			missing = append(missing, typ)
		}
	}
	if len(missing) > 0 {
		t.Errorf("valid.json has no object of type %v", missing)
	}
}

func TestValidateNotAnObject(t *testing.T) {
	t.Parallel()
	for _, in := range []string{`[]`, `"indicator"`, `null`, `1`} {
		v, err := Parse([]byte(in))
		if err != nil {
			t.Fatal(err)
		}
		want := []Problem{{Message: "must be a JSON object"}}
		if diff := cmp.Diff(want, Validate(v)); diff != "" {
			t.Errorf("Validate(%s) mismatch (-want +got):\n%s", in, diff)
		}
	}
	if diff := cmp.Diff([]Problem{{Message: "must be a JSON object"}}, Validate(nil)); diff != "" {
		t.Errorf("Validate(nil) mismatch (-want +got):\n%s", diff)
	}
}

// TestValidateCustomType checks that custom object types get only the common
// checks: unknown properties pass, common ones are still checked.
func TestValidateCustomType(t *testing.T) {
	t.Parallel()
	const tactic = `{"type":"x-mitre-tactic","spec_version":"2.1",
		"id":"x-mitre-tactic--2558fd61-8c75-4730-94c4-11926db2a263",
		"created":"2018-10-17T00:14:20.652Z","modified":"2022-04-25T14:00:00.188Z",
		"name":"Credential Access","x_mitre_shortname":"credential-access",
		"object_marking_refs":["marking-definition--fa42a846-8d90-4e51-bc29-71d5b4802168"]}`
	tests := []struct {
		name   string
		mutate func(*Value)
		want   []Problem
	}{
		{name: "valid", mutate: func(*Value) {}},
		{
			name:   "bad created",
			mutate: func(v *Value) { v.Set("created", NewString("2018-10-17")) },
			want: []Problem{{ObjectID: "x-mitre-tactic--2558fd61-8c75-4730-94c4-11926db2a263", Path: "/created",
				Message: "must be an RFC 3339 timestamp in UTC (YYYY-MM-DDTHH:mm:ss[.s+]Z)"}},
		},
		{
			name:   "modified before created",
			mutate: func(v *Value) { v.Set("modified", NewString("2018-10-17T00:14:20.651Z")) },
			want: []Problem{{ObjectID: "x-mitre-tactic--2558fd61-8c75-4730-94c4-11926db2a263", Path: "/modified",
				Message: "must be later than or equal to created"}},
		},
		{
			name:   "type missing",
			mutate: func(v *Value) { v.Delete("type") },
			want: []Problem{{ObjectID: "x-mitre-tactic--2558fd61-8c75-4730-94c4-11926db2a263", Path: "/type",
				Message: "required property is missing"}},
		},
		{
			name:   "bad property name",
			mutate: func(v *Value) { v.Set("x-dash", NewString("a")) },
			want: []Problem{{ObjectID: "x-mitre-tactic--2558fd61-8c75-4730-94c4-11926db2a263", Path: "/x-dash",
				Message: "property name must be 3 to 250 ASCII letters, digits or underscores, starting with a letter"}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			v := mustParse(t, tactic)
			tt.mutate(v)
			if diff := cmp.Diff(tt.want, Validate(v)); diff != "" {
				t.Errorf("mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

func mustParse(t testing.TB, s string) *Value {
	t.Helper()
	v, err := Parse([]byte(s))
	if err != nil {
		t.Fatalf("parse %s: %v", s, err)
	}
	return v
}

func TestTypeCategory(t *testing.T) {
	t.Parallel()
	tests := []struct {
		typ  string
		want Category
		name string
	}{
		{"indicator", CategorySDO, "SDO"},
		{"sighting", CategorySRO, "SRO"},
		{"x509-certificate", CategorySCO, "SCO"},
		{"extension-definition", CategoryMeta, "meta object"},
		{"bundle", CategoryBundle, "bundle"},
		{"x-mitre-tactic", CategoryUnknown, "custom object"},
	}
	for _, tt := range tests {
		got := TypeCategory(tt.typ)
		if got != tt.want || got.String() != tt.name {
			t.Errorf("TypeCategory(%s) = %v, want %v", tt.typ, got, tt.name)
		}
	}
	counts := map[Category]int{}
	for _, s := range catalogue {
		counts[s.category]++
	}
	want := map[Category]int{CategorySDO: 19, CategorySRO: 2, CategorySCO: 18, CategoryMeta: 3, CategoryBundle: 1}
	if diff := cmp.Diff(want, counts); diff != "" {
		t.Errorf("catalogue sizes mismatch (-want +got):\n%s", diff)
	}
}
