package sqlite_test

import (
	"bytes"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/accord-cti/accord"
	"github.com/accord-cti/accord/sqlite"
	gocmp "github.com/google/go-cmp/cmp"
)

// versioned returns objs followed by newer versions, exact repeats and
// older versions of some of them, as a long-lived feed sends them.
func versioned(objs []*accord.Object) []*accord.Object {
	out := slices.Clone(objs)
	with := func(o *accord.Object, modified string) *accord.Object {
		c := *o
		c.Modified = modified
		c.Raw = bytes.Replace(o.Raw, []byte(`"modified":"2024-11-12T14:30:00.123Z"`), []byte(`"modified":"`+modified[:23]+`Z"`), 1)
		return &c
	}
	for i, o := range objs {
		switch i % 7 {
		case 1:
			out = append(out, with(o, "2025-01-01T00:00:00.000000000Z"))
		case 2:
			out = append(out, o)
		case 3:
			out = append(out, with(o, "2023-01-01T00:00:00.000000000Z"), with(o, "2023-01-01T00:00:00.000000000Z"))
		}
	}
	return out
}

// TestBulkLoadMatchesRowByRow puts the same objects into two stores that
// already hold some, one row by row and one bulk loading, and compares
// everything the stores answer.
func TestBulkLoadMatchesRowByRow(t *testing.T) {
	t.Parallel()
	objs := versioned(syntheticObjects(2500))
	rowByRow, bulk := openTemp(t), openTemp(t)
	sqlite.SetBulkMin(rowByRow, 1<<30)
	sqlite.SetBulkMin(bulk, 600)
	var results []accord.PutResult
	for _, db := range []*sqlite.DB{rowByRow, bulk} {
		if _, err := db.Put(t.Context(), seqOf(objs[:250])); err != nil {
			t.Fatal(err)
		}
		res, err := db.Put(t.Context(), seqOf(objs))
		if err != nil {
			t.Fatal(err)
		}
		results = append(results, res)
	}
	if diff := gocmp.Diff(results[0], results[1]); diff != "" {
		t.Errorf("PutResult (-row by row +bulk):\n%s", diff)
	}
	if results[1].Added < 2000 {
		t.Fatalf("bulk Put added %d versions: the test does not reach bulk loading", results[1].Added)
	}
	if diff := gocmp.Diff(contents(t, rowByRow, objs), contents(t, bulk, objs)); diff != "" {
		t.Errorf("store contents (-row by row +bulk):\n%s", diff)
	}
	if diff := gocmp.Diff(indexSQL(t, rowByRow), indexSQL(t, bulk)); diff != "" {
		t.Errorf("indexes after bulk loading (-row by row +bulk):\n%s", diff)
	}
	if err := bulk.IntegrityCheck(t.Context()); err != nil {
		t.Error(err)
	}
}

// contents lists what a store answers about objs, without the added times.
func contents(t *testing.T, db *sqlite.DB, objs []*accord.Object) []string {
	t.Helper()
	var out []string
	err := db.Find(t.Context(), accord.Filter{AllVersions: true}, func(o *accord.Object) error {
		out = append(out, "version "+o.ID+" "+o.Modified+" "+string(o.Raw))
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, o := range objs[:300] {
		rels, err := db.Relationships(t.Context(), o.ID, accord.Both)
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range rels {
			out = append(out, "rel "+o.ID+" "+r.ID+" "+r.Modified)
		}
		if o.Name != "" {
			found, err := db.Resolve(t.Context(), strings.ToUpper(o.Name))
			if err != nil {
				t.Fatal(err)
			}
			for _, f := range found {
				out = append(out, "resolve "+o.Name+" "+f.ID+" "+f.Modified)
			}
			hits, err := db.Search(t.Context(), o.Name, 5)
			if err != nil {
				t.Fatal(err)
			}
			for _, h := range hits {
				out = append(out, "search "+o.Name+" "+h.ID+" "+h.Modified)
			}
		}
	}
	st, err := db.Stats(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	slices.Sort(out)
	return append(out, strings.Join([]string{"stats", strconv.Itoa(st.Objects), strconv.Itoa(st.Versions), strconv.Itoa(st.Relationships), strconv.Itoa(st.Revoked)}, " "))
}

// indexSQL returns the SQL of the indexes on objects.
func indexSQL(t *testing.T, db *sqlite.DB) []string {
	t.Helper()
	return queryStrings(t, db.Path(), `SELECT sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'objects' AND sql IS NOT NULL ORDER BY name`)
}
