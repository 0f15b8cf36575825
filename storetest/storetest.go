// Package storetest is the conformance suite every accord.Store
// implementation passes: sqlite on every go test, postgres when it has a
// database to run against.
package storetest

import (
	"bytes"
	"encoding/json"
	"iter"
	"reflect"
	"slices"
	"testing"

	"github.com/accord-cti/accord"
	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

// Run checks the store that open returns against the accord.Store
// contract. open must return a new, empty store of its own for each call
// (the subtests run in parallel) and close it when t ends.
func Run(t *testing.T, open func(t *testing.T) accord.Store) {
	tests := []struct {
		name string
		fn   func(*testing.T, accord.Store)
	}{
		{"PutGet", testPutGet},
		{"PutEmpty", testPutEmpty},
		{"PutIdempotent", testPutIdempotent},
		{"LargePut", testLargePut},
		{"Concurrent", testConcurrent},
		{"VersionsOldFirst", func(t *testing.T, s accord.Store) { testVersions(t, s, false) }},
		{"VersionsNewFirst", func(t *testing.T, s accord.Store) { testVersions(t, s, true) }},
		{"Unversioned", testUnversioned},
		{"Revocation", testRevocation},
		{"Added", testAdded},
		{"AddedAfter", testAddedAfter},
		{"Find", testFind},
		{"FindStops", testFindStops},
		{"FindRawOnly", testFindRawOnly},
		{"Resolve", testResolve},
		{"Search", testSearch},
		{"SearchHostile", testSearchHostile},
		{"Relationships", testRelationships},
		{"Stats", testStats},
		{"Revision", testRevision},
		{"NotFound", testNotFound},
		{"PutAtomic", testPutAtomic},
		{"PutInvalid", testPutInvalid},
		{"Cancel", testCancel},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			tt.fn(t, open(t))
		})
	}
}

// objectOpts compare objects as stores return them: Added is checked on its
// own, empty lists equal nil ones, Description is kept only for the objects
// a store searches (see accord.Object), and Raw is compared as JSON so that
// a store may keep it in another form (PostgreSQL's jsonb).
var objectOpts = cmp.Options{
	cmp.Transformer("Stored", func(o accord.Object) stored {
		if o.Name == "" || o.Type == "relationship" || o.Type == "sighting" {
			o.Description = ""
		}
		return stored(o)
	}),
	cmpopts.IgnoreFields(stored{}, "Added"),
	cmpopts.EquateEmpty(),
	cmp.Comparer(jsonEqual),
}

// stored is an object as a store keeps it.
type stored accord.Object

func jsonEqual(a, b json.RawMessage) bool {
	var x, y any
	if json.Unmarshal(a, &x) != nil || json.Unmarshal(b, &y) != nil {
		return bytes.Equal(a, b)
	}
	return reflect.DeepEqual(x, y)
}

// seq yields objs, then err if it is not nil.
func seq(objs []*accord.Object, err error) iter.Seq2[*accord.Object, error] {
	return func(yield func(*accord.Object, error) bool) {
		for _, o := range objs {
			if !yield(o, nil) {
				return
			}
		}
		if err != nil {
			yield(nil, err)
		}
	}
}

func mustPut(t *testing.T, s accord.Store, objs ...*accord.Object) accord.PutResult {
	t.Helper()
	res, err := s.Put(t.Context(), seq(objs, nil))
	if err != nil {
		t.Fatalf("Put: %v", err)
	}
	return res
}

// find returns what Find yields for f.
func find(t *testing.T, s accord.Store, f accord.Filter) []*accord.Object {
	t.Helper()
	var got []*accord.Object
	if err := s.Find(t.Context(), f, func(o *accord.Object) error {
		got = append(got, o)
		return nil
	}); err != nil {
		t.Fatalf("Find(%+v): %v", f, err)
	}
	return got
}

// key names a version in diffs.
func key(o *accord.Object) string { return o.ID + " " + o.Modified }

func keys(objs []*accord.Object) []string {
	ks := []string{}
	for _, o := range objs {
		ks = append(ks, key(o))
	}
	return ks
}

func sortedKeys(objs []*accord.Object) []string {
	ks := keys(objs)
	slices.Sort(ks)
	return ks
}

// latest returns the latest version of each id in objs, in the order in
// which those versions appear: the order a store adds them in.
func latest(objs []*accord.Object) []*accord.Object {
	best := map[string]*accord.Object{}
	for _, o := range objs {
		if b, ok := best[o.ID]; !ok || o.Modified > b.Modified {
			best[o.ID] = o
		}
	}
	var out []*accord.Object
	for _, o := range objs {
		if best[o.ID] == o {
			out = append(out, o)
		}
	}
	return out
}

// pick returns the objects with the given ids, all their versions, in order.
func pick(objs []*accord.Object, ids ...string) []*accord.Object {
	var out []*accord.Object
	for _, o := range objs {
		if slices.Contains(ids, o.ID) {
			out = append(out, o)
		}
	}
	return out
}

func countTypes(objs []*accord.Object) map[string]int {
	m := map[string]int{}
	for _, o := range objs {
		m[o.Type]++
	}
	return m
}

func wantCode(t *testing.T, what string, err error, code string) {
	t.Helper()
	if got := accord.ErrorCode(err); got != code {
		t.Errorf("%s: error %v has code %q, want %q", what, err, got, code)
	}
}
