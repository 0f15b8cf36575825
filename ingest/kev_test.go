package ingest

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/accord-cti/accord"
	"github.com/accord-cti/accord/internal/sharedtest"
	"github.com/accord-cti/accord/sqlite"
	"github.com/accord-cti/accord/stix"
	"github.com/google/go-cmp/cmp"
)

// packVuln is a vulnerability for CVE-2021-26855 as the starter pack has
// it: the KEV import must annotate it, not duplicate it.
const packVuln = `{"type":"vulnerability","spec_version":"2.1","id":"vulnerability--3488ffe5-15cb-4d5d-9653-fd1b56427f45","created":"2021-07-19T00:00:00.000Z","modified":"2021-07-19T00:00:00.000Z","name":"CVE-2021-26855","external_references":[{"source_name":"cve","external_id":"CVE-2021-26855"}]}`

// kevStore opens a store that already holds packVuln.
func kevStore(t *testing.T) *sqlite.DB {
	t.Helper()
	db, err := sqlite.Open(filepath.Join(t.TempDir(), "kev.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	if _, err := Import(context.Background(), db, Source{Name: "pack", Data: []byte(packVuln)}, Options{}); err != nil {
		t.Fatal(err)
	}
	return db
}

func TestIsKEV(t *testing.T) {
	t.Parallel()
	tests := []struct {
		data string
		want bool
	}{
		{`{"title":"x","catalogVersion":"1","dateReleased":"2025-01-01T00:00:00Z","count":0,"vulnerabilities":[]}`, true},
		{"\ufeff\n {\"catalogVersion\":\"1\",\"vulnerabilities\":[]}", true},
		{`{"catalogVersion":"1"}`, false},
		{`{"type":"bundle","id":"bundle--1","objects":[{"type":"note","content":"catalogVersion vulnerabilities"}]}`, false},
		{`[{"catalogVersion":"1","vulnerabilities":[]}]`, false},
		{``, false},
	}
	for _, tt := range tests {
		if got := IsKEV([]byte(tt.data)); got != tt.want {
			t.Errorf("IsKEV(%q) = %v, want %v", tt.data, got, tt.want)
		}
	}
}

func TestImportKEVSample(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db := kevStore(t)
	data, err := os.ReadFile(filepath.Join("testdata", "kev", "sample.json"))
	if err != nil {
		t.Fatal(err)
	}
	res, err := Import(ctx, db, Source{Name: "kev.json", Data: data}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	var problems []string
	for _, p := range res.Invalid {
		problems = append(problems, p.String())
	}
	want := []string{
		"kev.json:43: /vulnerabilities/3/dueDate: required",
		`kev.json:52: /vulnerabilities/4/cveID: "CVE-21-1" is not a CVE id (CVE-YYYY-NNNN)`,
		`kev.json:62: /vulnerabilities/5/dueDate: "17/11/2021" is not a date (YYYY-MM-DD)`,
		"kev.json:73: /vulnerabilities/6: a KEV entry must be a JSON object",
	}
	if diff := cmp.Diff(want, problems); diff != "" {
		t.Errorf("problems (-want +got):\n%s", diff)
	}
	if res.Duplicates != 1 {
		t.Errorf("duplicates = %d, want 1 (CVE-2024-3400 twice)", res.Duplicates)
	}
	// CVE-2021-26855 keeps the store's vulnerability; CVE-2024-3400 gets CISA's.
	wantTypes := map[string]int{"note": 2, "vulnerability": 1, "identity": 1, "marking-definition": 1}
	if diff := cmp.Diff(wantTypes, res.ByType); diff != "" {
		t.Errorf("added by type (-want +got):\n%s", diff)
	}
	vulns, err := db.Resolve(ctx, "CVE-2021-26855")
	if err != nil || len(vulns) != 1 || vulns[0].ID != "vulnerability--3488ffe5-15cb-4d5d-9653-fd1b56427f45" {
		t.Fatalf("CVE-2021-26855 resolves to %v (%v), want only the store's vulnerability", ids(vulns), err)
	}
	note := kevNoteOf(t, db, "CVE-2021-26855")
	if diff := cmp.Diff([]string{vulns[0].ID}, note.ObjectRefs); diff != "" {
		t.Errorf("note object_refs (-want +got):\n%s", diff)
	}
	wantNote := kevNote{CatalogVersion: "2025.08.25", CVE: "CVE-2021-26855", DateAdded: "2021-11-03", DueDate: "2021-04-16",
		RansomwareUse: "Known", CWEs: []string{"CWE-918"}, Created: "2021-11-03T00:00:00.000Z", Modified: "2025-08-25T17:04:19.979Z",
		CreatedByRef: producerCISA.identityID(), MarkingRefs: []string{stix.TLPClear}}
	got := kevNote{CatalogVersion: note.CatalogVersion, CVE: note.CVE, DateAdded: note.DateAdded, DueDate: note.DueDate,
		RansomwareUse: note.RansomwareUse, CWEs: note.CWEs, Created: note.Created, Modified: note.Modified,
		CreatedByRef: note.CreatedByRef, MarkingRefs: note.MarkingRefs}
	if diff := cmp.Diff(wantNote, got); diff != "" {
		t.Errorf("KEV note (-want +got):\n%s", diff)
	}
	pan, err := db.Resolve(ctx, "CVE-2024-3400")
	if err != nil || len(pan) != 1 || pan[0].ID != kevVulnerabilityID("CVE-2024-3400") || pan[0].Name != "CVE-2024-3400" {
		t.Fatalf("CVE-2024-3400 resolves to %v (%v), want CISA's vulnerability", ids(pan), err)
	}
	if refs := kevNoteOf(t, db, "CVE-2024-3400").ObjectRefs; !slices.Equal(refs, []string{pan[0].ID}) {
		t.Errorf("CVE-2024-3400 note refers to %v", refs)
	}
	// Importing again adds nothing, and still makes no second vulnerability.
	again, err := Import(ctx, db, Source{Name: "kev.json", Data: data}, Options{})
	if err != nil || again.Added != 0 {
		t.Errorf("second import: %d added, %v; want 0", again.Added, err)
	}
}

func TestImportKEVStrictStoresNothing(t *testing.T) {
	t.Parallel()
	db := kevStore(t)
	data, err := os.ReadFile(filepath.Join("testdata", "kev", "sample.json"))
	if err != nil {
		t.Fatal(err)
	}
	_, err = Import(context.Background(), db, Source{Name: "kev.json", Data: data}, Options{Strict: true})
	if accord.ErrorCode(err) != accord.EINVALID {
		t.Fatalf("strict import: %v, want an EINVALID error", err)
	}
	if _, err := db.Get(context.Background(), KEVNoteID("CVE-2021-26855")); accord.ErrorCode(err) != accord.ENOTFOUND {
		t.Errorf("a rejected catalog stored its note: %v", err)
	}
}

func TestImportKEVBadCatalog(t *testing.T) {
	t.Parallel()
	tests := []struct{ name, data, want string }{
		{"syntax", "{\"catalogVersion\": \"1\",\n\"vulnerabilities\": [\n{\"cveID\": }]}", "kev.json:3: invalid character '}' looking for beginning of value"},
		{"no release", `{"catalogVersion":"1","count":0,"vulnerabilities":[]}`, "kev.json:1: not a KEV catalog: /dateReleased is required"},
		{"bad release", `{"catalogVersion":"1","dateReleased":"yesterday","count":0,"vulnerabilities":[]}`, `kev.json:1: not a KEV catalog: /dateReleased "yesterday" is not a date-time`},
		{"not an array", "{\"catalogVersion\":\"1\",\n\"vulnerabilities\":{}}", "kev.json:2: not a KEV catalog: /vulnerabilities must be an array"},
		{"count", `{"catalogVersion":"1","dateReleased":"2025-01-01T00:00:00Z","count":"1","vulnerabilities":[]}`, "kev.json:1: not a KEV catalog: /count must be an integer"},
	}
	for _, tt := range tests {
		_, err := Import(context.Background(), &recorder{}, Source{Name: "kev.json", Data: []byte(tt.data)}, Options{Format: FormatKEV})
		if err == nil || err.Error() != tt.want || accord.ErrorCode(err) != accord.EINVALID {
			t.Errorf("%s: error %v, want %q", tt.name, err, tt.want)
		}
	}
}

// TestImportKEVReal imports CISA's catalog of 1,404 entries into a store
// that has one of its CVEs already.
func TestImportKEVReal(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	data, err := os.ReadFile(sharedtest.Path(t, "data/kev/known_exploited_vulnerabilities.json"))
	if err != nil {
		t.Fatal(err)
	}
	var cat struct {
		Vulns []struct {
			CVE string `json:"cveID"`
		} `json:"vulnerabilities"`
	}
	if err := json.Unmarshal(data, &cat); err != nil {
		t.Fatal(err)
	}
	db := kevStore(t)
	res, err := Import(ctx, db, Source{Name: "kev.json", Data: data}, Options{})
	if err != nil || len(res.Invalid) > 0 || res.Duplicates > 0 {
		t.Fatalf("import: %v, problems %v, %d duplicates", err, res.Invalid, res.Duplicates)
	}
	n := len(cat.Vulns)
	if res.ByType["note"] != n || res.ByType["vulnerability"] != n-1 || n != 1404 {
		t.Errorf("%d entries gave %v, want 1404 notes and 1403 vulnerabilities", n, res.ByType)
	}
	for _, v := range cat.Vulns {
		note := kevNoteOf(t, db, v.CVE)
		objs, err := db.Resolve(ctx, v.CVE)
		if err != nil || len(objs) != 1 || !slices.Equal(note.ObjectRefs, []string{objs[0].ID}) {
			t.Fatalf("%s: resolves to %v (%v), its note refers to %v", v.CVE, ids(objs), err, note.ObjectRefs)
		}
	}
}

func kevNoteOf(t *testing.T, db accord.Store, cve string) kevNote {
	t.Helper()
	o, err := db.Get(context.Background(), KEVNoteID(cve))
	if err != nil {
		t.Fatalf("%s: no KEV note: %v", cve, err)
	}
	var n kevNote
	if err := json.Unmarshal(o.Raw, &n); err != nil {
		t.Fatal(err)
	}
	return n
}

func ids(objs []*accord.Object) []string {
	var out []string
	for _, o := range objs {
		out = append(out, o.ID)
	}
	return out
}
