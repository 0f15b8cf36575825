package storetest

import (
	"testing"
	"time"

	"github.com/accord-cti/accord"
	"github.com/google/go-cmp/cmp"
)

// member is a version of a collection as CollectionFind passes it.
type member struct {
	Key  string // id and modified
	Date time.Time
	obj  *accord.Object
}

// page is what one CollectionFind returns.
type page struct {
	members     []member
	next        string
	more        bool
	first, last time.Time
}

func findPage(t *testing.T, s AccessStore, collID string, f accord.CollectionFilter) page {
	t.Helper()
	var p page
	var err error
	p.next, p.more, p.first, p.last, err = s.CollectionFind(t.Context(), collID, f, func(o *accord.Object, d time.Time) error {
		p.members = append(p.members, member{Key: key(o), Date: d, obj: o})
		return nil
	})
	if err != nil {
		t.Fatalf("CollectionFind(%s, %+v): %v", collID, f, err)
	}
	return p
}

// memberKeys returns the keys of ms.
func memberKeys(ms []member) []string {
	ks := []string{}
	for _, m := range ms {
		ks = append(ks, m.Key)
	}
	return ks
}

// refs returns the version references of objs.
func refs(objs []*accord.Object) []accord.VersionRef {
	var rs []accord.VersionRef
	for _, o := range objs {
		rs = append(rs, accord.VersionRef{ID: o.ID, Modified: o.Modified})
	}
	return rs
}

func mustAdd(t *testing.T, s AccessStore, collID string, objs ...*accord.Object) time.Time {
	t.Helper()
	d, err := s.AddToCollection(t.Context(), collID, refs(objs))
	if err != nil {
		t.Fatalf("AddToCollection: %v", err)
	}
	return d
}

// checkIncreasing reports dates that do not strictly increase.
func checkIncreasing(t *testing.T, what string, ms []member) {
	t.Helper()
	for i := 1; i < len(ms); i++ {
		if !ms[i].Date.After(ms[i-1].Date) {
			t.Errorf("%s: date added of %s (%v) not after that of %s (%v)", what, ms[i].Key, ms[i].Date, ms[i-1].Key, ms[i-1].Date)
		}
	}
}

func testAddToCollection(t *testing.T, s AccessStore) {
	ctx := t.Context()
	w := world()
	mustPut(t, s, w...)
	h1, apt29, file, h2 := pick(w, idHafnium)[0], pick(w, idAPT29)[0], pick(w, idFile)[0], pick(w, idHafnium)[1]
	c := mustCollection(t, s, accord.Collection{Title: "c"})
	d1 := mustAdd(t, s, c.ID, h1, apt29, file)
	d2 := mustAdd(t, s, c.ID, h1, h2) // h1 is there: it keeps its date
	if d0 := mustAdd(t, s, c.ID, h2, file); !d0.IsZero() {
		t.Errorf("AddToCollection of versions all there = %v, want the zero time", d0)
	}
	all := findPage(t, s, c.ID, accord.CollectionFilter{Versions: []string{accord.VersionAll}})
	if diff := cmp.Diff(keys([]*accord.Object{h1, apt29, file, h2}), memberKeys(all.members)); diff != "" {
		t.Fatalf("versions in date order (-want +got):\n%s", diff)
	}
	checkIncreasing(t, "AddToCollection", all.members)
	if !all.members[0].Date.Equal(d1) || !all.members[3].Date.Equal(d2) {
		t.Errorf("AddToCollection returned %v and %v; the versions have %v and %v", d1, d2, all.members[0].Date, all.members[3].Date)
	}
	if !all.first.Equal(d1) || !all.last.Equal(d2) || all.more || all.next != "" {
		t.Errorf("CollectionFind: first %v, last %v, more %v, next %q; want %v, %v, false, \"\"", all.first, all.last, all.more, all.next, d1, d2)
	}
	var got []*accord.Object
	for _, m := range all.members {
		got = append(got, m.obj)
	}
	if diff := cmp.Diff([]*accord.Object{h1, apt29, file, h2}, got, objectOpts); diff != "" {
		t.Errorf("objects CollectionFind passes (-want +got):\n%s", diff)
	}
	_, err := s.AddToCollection(ctx, "00000000-0000-4000-8000-000000000000", refs(w[:1]))
	wantCode(t, "AddToCollection to an unknown collection", err, accord.ENOTFOUND)
}

func testAddToCollectionAtomic(t *testing.T, s AccessStore) {
	w := world()
	mustPut(t, s, w...)
	c := mustCollection(t, s, accord.Collection{Title: "c"})
	rs := refs(w[:4])
	rs[2].Modified = "1999-01-01T00:00:00.000000000Z" // a version the store lacks
	_, err := s.AddToCollection(t.Context(), c.ID, rs)
	wantCode(t, "AddToCollection of an unknown version", err, accord.ENOTFOUND)
	if d, err := s.AddToCollection(t.Context(), c.ID, nil); err != nil || !d.IsZero() {
		t.Errorf("AddToCollection of nothing = %v, %v", d, err)
	}
	if p := findPage(t, s, c.ID, accord.CollectionFilter{Versions: []string{accord.VersionAll}}); len(p.members) != 0 {
		t.Errorf("after a failed AddToCollection the collection holds %v", memberKeys(p.members))
	}
}

// firstVersions returns the earliest version of each id in objs, in the
// order those versions appear.
func firstVersions(objs []*accord.Object) []*accord.Object {
	best := map[string]*accord.Object{}
	for _, o := range objs {
		if b, ok := best[o.ID]; !ok || o.Modified < b.Modified {
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

func testCollectionVersions(t *testing.T, s AccessStore) {
	w := world()
	mustPut(t, s, w...)
	c := mustCollection(t, s, accord.Collection{Title: "c"})
	mustAdd(t, s, c.ID, w...)
	var day2Versions []*accord.Object
	for _, o := range w {
		if o.Modified == stamp(day2) {
			day2Versions = append(day2Versions, o)
		}
	}
	fileDate := findPage(t, s, c.ID, accord.CollectionFilter{IDs: []string{idFile}}).members[0].Date
	tests := []struct {
		versions []string
		want     []*accord.Object
	}{
		{nil, latest(w)},
		{[]string{"last"}, latest(w)},
		{[]string{"first"}, firstVersions(w)},
		{[]string{"all"}, w},
		{[]string{"first", "last"}, union(w, firstVersions(w), latest(w))},
		{[]string{"last", "all"}, w},
		{[]string{day2}, day2Versions},
		{[]string{"2024-04-10T12:00:00Z"}, day2Versions}, // the same time written otherwise
		{[]string{"2024-04-10T12:00:00.000001Z"}, nil},
		{[]string{fileDate.Format(time.RFC3339Nano)}, pick(w, idFile)}, // an SCO's version is its date added
		{[]string{day2, "first"}, union(w, firstVersions(w), day2Versions)},
	}
	for _, tt := range tests {
		got := findPage(t, s, c.ID, accord.CollectionFilter{Versions: tt.versions})
		if diff := cmp.Diff(keys(tt.want), memberKeys(got.members)); diff != "" {
			t.Errorf("Versions %q (-want +got):\n%s", tt.versions, diff)
		}
	}
}

// union returns the objects of w that are in any of sets, in w's order.
func union(w []*accord.Object, sets ...[]*accord.Object) []*accord.Object {
	in := map[*accord.Object]bool{}
	for _, set := range sets {
		for _, o := range set {
			in[o] = true
		}
	}
	var out []*accord.Object
	for _, o := range w {
		if in[o] {
			out = append(out, o)
		}
	}
	return out
}
