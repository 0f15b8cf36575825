package storetest

import (
	"context"
	"errors"
	"fmt"
	"iter"
	"slices"
	"testing"
	"time"

	"github.com/accord-cti/accord"
	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

func testPutGet(t *testing.T, s accord.Store) {
	objs := world()
	res := mustPut(t, s, objs...)
	want := accord.PutResult{Added: len(objs), ByType: countTypes(objs)}
	if diff := cmp.Diff(want, res); diff != "" {
		t.Errorf("Put (-want +got):\n%s", diff)
	}
	for _, o := range latest(objs) {
		got, err := s.Get(t.Context(), o.ID)
		if err != nil {
			t.Fatalf("Get(%s): %v", o.ID, err)
		}
		if diff := cmp.Diff(o, got, objectOpts); diff != "" {
			t.Errorf("Get(%s) (-want +got):\n%s", o.ID, diff)
		}
		if got.Added.IsZero() {
			t.Errorf("Get(%s).Added is zero", o.ID)
		}
	}
}

func testPutEmpty(t *testing.T, s accord.Store) {
	res := mustPut(t, s)
	if diff := cmp.Diff(accord.PutResult{}, res, cmpopts.EquateEmpty()); diff != "" {
		t.Errorf("Put of nothing (-want +got):\n%s", diff)
	}
}

func testPutIdempotent(t *testing.T, s accord.Store) {
	objs := world()
	mustPut(t, s, objs...)
	before := find(t, s, accord.Filter{AllVersions: true})

	res := mustPut(t, s, objs...)
	want := accord.PutResult{Skipped: len(objs)}
	if diff := cmp.Diff(want, res, cmpopts.EquateEmpty()); diff != "" {
		t.Errorf("second Put (-want +got):\n%s", diff)
	}
	after := find(t, s, accord.Filter{AllVersions: true})
	// Added too must be unchanged: a skipped version is not written again.
	if diff := cmp.Diff(before, after, cmpopts.EquateEmpty(), cmp.Comparer(jsonEqual)); diff != "" {
		t.Errorf("versions after the second Put (-before +after):\n%s", diff)
	}
}

// testVersions puts the two versions of HAFNIUM in two Puts, the newer
// one first when newFirst: the older one then arrives late and must not
// take over.
func testVersions(t *testing.T, s accord.Store, newFirst bool) {
	v1, v2 := hafnium1.object(), hafnium2.object()
	order := []*accord.Object{v1, v2}
	if newFirst {
		order = []*accord.Object{v2, v1}
	}
	for _, o := range order {
		if res := mustPut(t, s, o); res.Added != 1 {
			t.Fatalf("Put(%s): %+v, want one added", key(o), res)
		}
	}
	got, err := s.Versions(t.Context(), idHafnium)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]*accord.Object{v1, v2}, got, objectOpts); diff != "" {
		t.Errorf("Versions (-want +got):\n%s", diff)
	}
	checkLatest(t, s, v2)
	if diff := cmp.Diff([]*accord.Object{v2}, find(t, s, accord.Filter{IDs: []string{idHafnium}}), objectOpts); diff != "" {
		t.Errorf("Find latest (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(keys(order), keys(find(t, s, accord.Filter{AllVersions: true}))); diff != "" {
		t.Errorf("Find all versions, in the order added (-want +got):\n%s", diff)
	}
	// Only the latest version is indexed for Resolve and Search.
	if got, err := s.Resolve(t.Context(), "silk typhoon"); err != nil {
		t.Errorf("Resolve(silk typhoon): %v", err)
	} else if diff := cmp.Diff([]*accord.Object{v2}, got, objectOpts); diff != "" {
		t.Errorf("Resolve(silk typhoon) (-want +got):\n%s", diff)
	}
	if got := search(t, s, "ProxyLogon", 0); len(got) != 0 {
		t.Errorf("Search(ProxyLogon) = %v, want nothing: only HAFNIUM's old version says it", keys(got))
	}
	if diff := cmp.Diff([]string{key(v2)}, keys(search(t, s, "Silk", 0))); diff != "" {
		t.Errorf("Search(Silk) (-want +got):\n%s", diff)
	}
}

// checkLatest checks that Get returns want.
func checkLatest(t *testing.T, s accord.Store, want *accord.Object) {
	t.Helper()
	got, err := s.Get(t.Context(), want.ID)
	if err != nil {
		t.Fatalf("Get(%s): %v", want.ID, err)
	}
	if diff := cmp.Diff(want, got, objectOpts); diff != "" {
		t.Errorf("Get(%s) (-want +got):\n%s", want.ID, diff)
	}
}

// testUnversioned checks an SCO: one version, skipped when re-imported as
// it is, replaced (and indexed anew) when its JSON changes.
func testUnversioned(t *testing.T, s accord.Store) {
	f1, f2 := file1.object(), file2.object()
	mustPut(t, s, f1)
	first, err := s.Get(t.Context(), idFile)
	if err != nil {
		t.Fatal(err)
	}
	if res := mustPut(t, s, f1); res.Added != 0 || res.Skipped != 1 {
		t.Errorf("Put of the same SCO: %+v, want one skipped", res)
	}
	if res := mustPut(t, s, f2); res.Added != 1 || res.Skipped != 0 {
		t.Errorf("Put of a changed SCO: %+v, want one added", res)
	}
	got, err := s.Versions(t.Context(), idFile)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]*accord.Object{f2}, got, objectOpts); diff != "" {
		t.Errorf("Versions (-want +got):\n%s", diff)
	}
	if !got[0].Added.After(first.Added) {
		t.Errorf("replaced SCO added at %v, not after the first at %v", got[0].Added, first.Added)
	}
	if _, err := s.Resolve(t.Context(), file1.name); accord.ErrorCode(err) != accord.ENOTFOUND {
		t.Errorf("Resolve(%s), the old name: error %v, want not found", file1.name, err)
	}
	if r, err := s.Resolve(t.Context(), file2.name); err != nil || len(r) != 1 || r[0].ID != idFile {
		t.Errorf("Resolve(%s) = %v, %v; want the file", file2.name, keysOrNil(r), err)
	}
}

func keysOrNil(objs []*accord.Object) []string {
	if objs == nil {
		return nil
	}
	return keys(objs)
}

func testRevocation(t *testing.T, s accord.Store) {
	v1, v2 := oldWeb1.object(), oldWeb2.object()
	other := hafnium1.object()
	mustPut(t, s, v1, other)
	if got := find(t, s, accord.Filter{ExcludeRevoked: true}); len(got) != 2 {
		t.Errorf("before revocation Find(ExcludeRevoked) = %v, want both objects", keys(got))
	}
	mustPut(t, s, v2)
	checkLatest(t, s, v2)
	for _, tt := range []struct {
		f    accord.Filter
		want []*accord.Object
	}{
		{accord.Filter{}, []*accord.Object{other, v2}},
		{accord.Filter{ExcludeRevoked: true}, []*accord.Object{other}},
		{accord.Filter{AllVersions: true}, []*accord.Object{v1, other, v2}},
		// Revocation is a property of the object: its older versions go too.
		{accord.Filter{AllVersions: true, ExcludeRevoked: true}, []*accord.Object{other}},
	} {
		if diff := cmp.Diff(keys(tt.want), keys(find(t, s, tt.f))); diff != "" {
			t.Errorf("Find(%+v) (-want +got):\n%s", tt.f, diff)
		}
	}
	st, err := s.Stats(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	if st.Revoked != 1 {
		t.Errorf("Stats.Revoked = %d, want 1", st.Revoked)
	}
}

func testAdded(t *testing.T, s accord.Store) {
	start := time.Now()
	objs := world()
	mustPut(t, s, objs[:8]...)
	mustPut(t, s, objs[8:]...)
	end := time.Now()

	all := find(t, s, accord.Filter{AllVersions: true})
	if len(all) != len(objs) {
		t.Fatalf("Find all versions: %d, want %d", len(all), len(objs))
	}
	for i, o := range all {
		// Added is the wall-clock time of writing; allow for a store that
		// keeps it to the millisecond or takes it from its own clock.
		if o.Added.Before(start.Add(-time.Second)) || o.Added.After(end.Add(time.Second)) {
			t.Errorf("%s added at %v, not between %v and %v", key(o), o.Added, start, end)
		}
		if i > 0 && !before(all[i-1], o) {
			t.Errorf("Find order: %s (added %v) before %s (added %v)", key(all[i-1]), all[i-1].Added, key(o), o.Added)
		}
	}
	first := map[string]bool{}
	for _, o := range objs[:8] {
		first[key(o)] = true
	}
	var last1 time.Time
	for _, o := range all {
		if first[key(o)] && o.Added.After(last1) {
			last1 = o.Added
		}
	}
	for _, o := range all {
		if !first[key(o)] && !o.Added.After(last1) {
			t.Errorf("%s of the second Put added at %v, not after the first Put (%v)", key(o), o.Added, last1)
		}
	}
	got, err := s.Get(t.Context(), idTLP)
	if err != nil {
		t.Fatal(err)
	}
	if !got.Added.Equal(all[0].Added) {
		t.Errorf("Get(%s).Added = %v, Find says %v", idTLP, got.Added, all[0].Added)
	}
}

// before reports whether a comes before b in the order of Find: added, then id.
func before(a, b *accord.Object) bool {
	if !a.Added.Equal(b.Added) {
		return a.Added.Before(b.Added)
	}
	return a.ID < b.ID
}

func testAddedAfter(t *testing.T, s accord.Store) {
	objs := world()
	mustPut(t, s, objs[:8]...)
	firstPut := find(t, s, accord.Filter{})
	mark := firstPut[len(firstPut)-1].Added
	mustPut(t, s, objs[8:]...)

	got := find(t, s, accord.Filter{AllVersions: true, AddedAfter: mark})
	if diff := cmp.Diff(keys(objs[8:]), keys(got)); diff != "" {
		t.Errorf("Find(AddedAfter the first Put) (-want +got):\n%s", diff)
	}
	if got := find(t, s, accord.Filter{AddedAfter: got[len(got)-1].Added}); len(got) != 0 {
		t.Errorf("Find(AddedAfter the last version) = %v, want nothing", keys(got))
	}
}

// testPutAtomic puts, over a store holding HAFNIUM's first version, a batch
// that adds objects and a newer HAFNIUM and then fails: nothing of it may
// remain, whether the failure is the iterator's error or an invalid object.
func testPutAtomic(t *testing.T, s accord.Store) {
	v1 := hafnium1.object()
	mustPut(t, s, v1)
	batch := slices.Clip(append(world()[2:6], hafnium2.object()))
	errBoom := errors.New("boom: the feed broke")
	for _, tt := range []struct {
		name string
		objs iter.Seq2[*accord.Object, error]
		is   error
		code string
	}{
		{"IteratorError", seq(batch, errBoom), errBoom, ""},
		{"InvalidObject", seq(append(batch, &accord.Object{Type: "indicator", Raw: []byte(`{}`)}), nil), nil, accord.EINVALID},
		{"NilObject", seq(append(batch, nil), nil), nil, accord.EINVALID},
	} {
		_, err := s.Put(t.Context(), tt.objs)
		switch {
		case err == nil:
			t.Errorf("%s: Put succeeded", tt.name)
		case tt.is != nil && !errors.Is(err, tt.is):
			t.Errorf("%s: Put error %v, want %v", tt.name, err, tt.is)
		case tt.code != "":
			wantCode(t, tt.name, err, tt.code)
		}
		checkOnly(t, s, v1)
	}
}

// checkOnly checks that the store holds exactly the one version want.
func checkOnly(t *testing.T, s accord.Store, want *accord.Object) {
	t.Helper()
	if diff := cmp.Diff([]string{key(want)}, keys(find(t, s, accord.Filter{AllVersions: true}))); diff != "" {
		t.Errorf("versions stored (-want +got):\n%s", diff)
	}
	checkLatest(t, s, want)
	if _, err := s.Resolve(t.Context(), "silk typhoon"); accord.ErrorCode(err) != accord.ENOTFOUND {
		t.Errorf("Resolve(silk typhoon) of a failed Put: error %v, want not found", err)
	}
	if got := search(t, s, "APT29", 0); len(got) != 0 {
		t.Errorf("Search(APT29) of a failed Put = %v", keys(got))
	}
}

func testPutInvalid(t *testing.T, s accord.Store) {
	good := hafnium1.object()
	for _, tt := range []struct {
		name string
		obj  *accord.Object
	}{
		{"NoID", &accord.Object{Type: "indicator", Raw: []byte(`{"type":"indicator"}`)}},
		{"NoType", &accord.Object{ID: idInd, Raw: []byte(`{"id":"` + idInd + `"}`)}},
	} {
		_, err := s.Put(t.Context(), seq([]*accord.Object{good, tt.obj}, nil))
		wantCode(t, tt.name, err, accord.EINVALID)
	}
	if got := find(t, s, accord.Filter{AllVersions: true}); len(got) != 0 {
		t.Errorf("after failed Puts the store holds %v", keys(got))
	}
}

// testCancel checks that a Put whose context ends midway stores nothing,
// and that every method fails on a context that has ended.
func testCancel(t *testing.T, s accord.Store) {
	ctx, cancel := context.WithCancel(t.Context())
	objs := world()
	midway := func(yield func(*accord.Object, error) bool) {
		for i, o := range objs {
			if i == 3 {
				cancel()
			}
			if !yield(o, nil) {
				return
			}
		}
	}
	if _, err := s.Put(ctx, midway); !errors.Is(err, context.Canceled) {
		t.Errorf("Put cancelled midway: error %v, want context.Canceled", err)
	}
	if got := find(t, s, accord.Filter{AllVersions: true}); len(got) != 0 {
		t.Errorf("after a cancelled Put the store holds %v", keys(got))
	}

	mustPut(t, s, objs...)
	calls := map[string]func() error{
		"Put":           func() error { _, err := s.Put(ctx, seq(objs, nil)); return err },
		"Get":           func() error { _, err := s.Get(ctx, idHafnium); return err },
		"Versions":      func() error { _, err := s.Versions(ctx, idHafnium); return err },
		"Find":          func() error { return s.Find(ctx, accord.Filter{}, func(*accord.Object) error { return nil }) },
		"Resolve":       func() error { _, err := s.Resolve(ctx, "G0125"); return err },
		"Search":        func() error { _, err := s.Search(ctx, "HAFNIUM", 10); return err },
		"Relationships": func() error { _, err := s.Relationships(ctx, idHafnium, accord.Both); return err },
		"Stats":         func() error { _, err := s.Stats(ctx); return err },
	}
	for name, call := range calls {
		if err := call(); !errors.Is(err, context.Canceled) {
			t.Errorf("%s with a cancelled context: error %v, want context.Canceled", name, err)
		}
	}
}

// testLargePut puts a thousand objects in one Put, with versions of the
// same ids far apart in it (a store may read them in batches): an exact
// duplicate, a newer version and an older one.
func testLargePut(t *testing.T, s accord.Store) {
	ind := func(n int, modified, name string) *accord.Object {
		return spec{typ: "indicator", id: stixID("indicator", 1000+n), created: day1, modified: modified, name: name,
			props: map[string]any{"pattern": "[ipv4-addr:value = '198.51.100.1']", "pattern_type": "stix", "valid_from": day1}}.object()
	}
	var objs []*accord.Object
	for i := range 1000 {
		objs = append(objs, ind(i, day2, fmt.Sprintf("indicator %d", i)))
	}
	newer := ind(10, "2025-01-01T00:00:00Z", "renamed indicator")
	older := ind(20, day1, "indicator 20, first version")
	objs = slices.Insert(objs, 300, ind(5, day2, "indicator 5")) // present: skipped
	objs = slices.Insert(objs, 700, newer)
	objs = slices.Insert(objs, 800, older)
	objs = slices.Insert(objs, 900, newer) // present by then: skipped

	res := mustPut(t, s, objs...)
	if want := (accord.PutResult{Added: 1002, Skipped: 2, ByType: map[string]int{"indicator": 1002}}); !cmp.Equal(want, res) {
		t.Errorf("Put = %+v, want %+v", res, want)
	}
	checkLatest(t, s, newer)
	checkLatest(t, s, objs[20])
	got, err := s.Versions(t.Context(), older.ID)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]*accord.Object{older, objs[20]}, got, objectOpts); diff != "" {
		t.Errorf("Versions (-want +got):\n%s", diff)
	}
	if n := len(find(t, s, accord.Filter{})); n != 1000 {
		t.Errorf("Find latest: %d objects, want 1000", n)
	}
	if _, err := s.Resolve(t.Context(), "indicator 10"); accord.ErrorCode(err) != accord.ENOTFOUND {
		t.Errorf("Resolve of the superseded name: error %v, want not found", err)
	}
	if r, err := s.Resolve(t.Context(), "Renamed Indicator"); err != nil || len(r) != 1 || r[0].ID != newer.ID {
		t.Errorf("Resolve(Renamed Indicator) = %v, %v; want %s", keysOrNil(r), err, newer.ID)
	}
}

// testConcurrent runs two Puts and a reader at once: both Puts succeed,
// whichever order the store takes them in.
func testConcurrent(t *testing.T, s accord.Store) {
	objs := world()
	errs := make(chan error, 3)
	for _, part := range [][]*accord.Object{objs[:10], objs[10:]} {
		go func() {
			_, err := s.Put(t.Context(), seq(part, nil))
			errs <- err
		}()
	}
	go func() {
		errs <- s.Find(t.Context(), accord.Filter{}, func(*accord.Object) error { return nil })
	}()
	for range 3 {
		if err := <-errs; err != nil {
			t.Errorf("concurrent Put or Find: %v", err)
		}
	}
	if got := find(t, s, accord.Filter{AllVersions: true}); len(got) != len(objs) {
		t.Errorf("after concurrent Puts: %d versions, want %d", len(got), len(objs))
	}
	checkLatest(t, s, hafnium2.object())
}
