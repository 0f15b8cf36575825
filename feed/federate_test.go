package feed_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/accord-cti/accord"
	"github.com/google/go-cmp/cmp"
)

// TestFederate: two accord servers federate. B pulls A's collection page
// by page; the objects arrive with their provenance; a second pull adds
// nothing; what A adds later arrives on the next pull.
func TestFederate(t *testing.T) {
	ctx := t.Context()
	a := newServerA(t)
	a.post(t, identities(0, 5)...)
	b, p := storeB(t, a)

	res, err := p.Pull(ctx, "a")
	must(t, err)
	if res.Objects != 5 || res.Added != 5 || res.Pages < 3 || res.Quarantined != 0 {
		t.Fatalf("first pull: %+v, want 5 objects added over at least 3 pages of 2", res)
	}
	for n := range 5 {
		got, err := b.Get(ctx, identityID(n))
		must(t, err)
		if diff := cmp.Diff(compact(t, []byte(identity(n, 1))), compact(t, got.Raw)); diff != "" {
			t.Errorf("object %d on B (-A +B):\n%s", n, diff)
		}
		prov, err := b.Provenance(ctx, identityID(n))
		must(t, err)
		if len(prov) != 1 || prov[0].Feed != "a" || prov[0].Modified != "2021-03-02T00:00:01.000000000Z" {
			t.Errorf("provenance of object %d: %+v, want one version from feed a", n, prov)
		}
	}
	f, err := b.Feed(ctx, "a")
	must(t, err)
	if f.Objects != 5 || f.Position.IsZero() || !f.Position.Equal(res.Position) {
		t.Errorf("feed after the pull: %+v, want 5 objects and position %v", f, res.Position)
	}

	a.counts()
	res, err = p.Pull(ctx, "a")
	must(t, err)
	if res.Objects != 0 || res.Added != 0 {
		t.Errorf("second pull: %+v, want nothing new", res)
	}
	if n, _ := a.counts(); n != 1 {
		t.Errorf("second pull asked for %d pages, want 1", n)
	}

	a.post(t, identity(5, 1), identity(0, 2)) // a new object and a new version
	res, err = p.Pull(ctx, "a")
	must(t, err)
	if res.Objects != 2 || res.Added != 2 {
		t.Errorf("third pull: %+v, want the 2 new versions", res)
	}
	prov, err := b.Provenance(ctx, identityID(0))
	must(t, err)
	if len(prov) != 2 {
		t.Errorf("provenance of object 0 after its new version: %+v, want 2 versions", prov)
	}
}

// TestQuarantine: an object A holds without having validated it (put
// straight into A's store) is quarantined on B with its reason, and the
// valid objects of the same page are stored.
func TestQuarantine(t *testing.T) {
	ctx := t.Context()
	a := newServerA(t)
	a.post(t, identity(0, 1))
	const badID = "indicator--00000000-0000-4000-8000-000000000001"
	bad := `{"type":"indicator","spec_version":"2.1","id":"` + badID + `","created":"2021-03-02T00:00:00.000Z",` +
		`"modified":"2021-03-02T00:00:00.000Z","pattern":"[file:name = ","pattern_type":"stix","valid_from":"2021-03-02T00:00:00Z"}`
	obj := &accord.Object{ID: badID, Type: "indicator", Modified: "2021-03-02T00:00:00.000000000Z", Raw: json.RawMessage(bad)}
	_, err := a.db.Put(ctx, func(yield func(*accord.Object, error) bool) { yield(obj, nil) })
	must(t, err)
	_, err = a.db.AddToCollection(ctx, a.coll.ID, []accord.VersionRef{{ID: badID, Modified: obj.Modified}})
	must(t, err)
	a.post(t, identity(1, 1))
	b, p := storeB(t, a)

	res, err := p.Pull(ctx, "a")
	must(t, err)
	if res.Objects != 3 || res.Added != 2 || res.Quarantined != 1 {
		t.Fatalf("pull: %+v, want 3 objects: 2 added, 1 quarantined", res)
	}
	if _, err := b.Get(ctx, badID); accord.ErrorCode(err) != accord.ENOTFOUND {
		t.Errorf("the invalid object on B: %v, want not found", err)
	}
	q, err := b.Quarantine(ctx, "a")
	must(t, err)
	if len(q) != 1 || q[0].ID != badID || !strings.Contains(q[0].Reason, "pattern") || compact(t, q[0].Raw) != compact(t, []byte(bad)) {
		t.Fatalf("quarantine: %+v, want the indicator with a reason about its pattern", q)
	}
	_, err = p.Pull(ctx, "a") // nothing new: the quarantine does not grow
	must(t, err)
	if q, _ := b.Quarantine(ctx, ""); len(q) != 1 {
		t.Errorf("quarantine after a second pull: %d entries, want 1", len(q))
	}
}

// TestResume: a pull that fails after page 2 keeps pages 1 and 2, and the
// next pull starts at page 3 rather than from the start.
func TestResume(t *testing.T) {
	ctx := t.Context()
	a := newServerA(t)
	a.post(t, identities(0, 6)...)
	b, p := storeB(t, a)

	a.failAfter = 2
	res, err := p.Pull(ctx, "a")
	if err == nil || !strings.Contains(err.Error(), "page 3") || !strings.Contains(err.Error(), "503") {
		t.Fatalf("pull with A failing on page 3: err %v, want an error naming page 3 and the 503", err)
	}
	if res.Added != 4 {
		t.Fatalf("interrupted pull: %+v, want the 4 objects of pages 1 and 2", res)
	}
	st, err := b.Stats(ctx)
	must(t, err)
	f, err := b.Feed(ctx, "a")
	must(t, err)
	if f.Objects != 4 || st.ByType["identity"] < 4 {
		t.Fatalf("B after the interrupted pull: feed %+v, stats %+v, want 4 objects kept", f, st)
	}

	a.mu.Lock()
	a.failAfter = 0
	a.mu.Unlock()
	a.counts()
	res, err = p.Pull(ctx, "a")
	must(t, err)
	n, queries := a.counts()
	if res.Objects != 2 || res.Added != 2 || res.Skipped != 0 {
		t.Errorf("resumed pull: %+v, want only the 2 objects of page 3", res)
	}
	if n == 0 || !strings.Contains(queries[0], "added_after=") {
		t.Errorf("resumed pull asked %d pages, first %q: want it to start after the position", n, queries[0])
	}
	for i := range 6 {
		if _, err := b.Get(ctx, identityID(i)); err != nil {
			t.Errorf("object %d on B: %v", i, err)
		}
	}
}

// TestPagesWithoutNext: a server that gives no next is paged with
// added_after = X-TAXII-Date-Added-Last.
func TestPagesWithoutNext(t *testing.T) {
	ctx := t.Context()
	a := newServerA(t)
	a.noNext = true
	a.post(t, identities(0, 5)...)
	_, p := storeB(t, a)

	res, err := p.Pull(ctx, "a")
	must(t, err)
	_, queries := a.counts()
	if res.Added != 5 || len(queries) < 3 {
		t.Fatalf("pull: %+v over %d pages, want 5 objects over at least 3 pages", res, len(queries))
	}
	for i, q := range queries {
		if strings.Contains(q, "next=") || (i > 0 && !strings.Contains(q, "added_after=")) {
			t.Errorf("page %d asked %q: want added_after and no next", i+1, q)
		}
	}
}

// TestAllowList: a feed whose host is not allowed is refused, naming the
// host, before any request.
func TestAllowList(t *testing.T) {
	ctx := t.Context()
	a := newServerA(t)
	a.post(t, identity(0, 1))
	b, p := storeB(t, a)
	must(t, b.DisallowHost(ctx, a.hostPort(t)))
	a.counts()

	_, err := p.Pull(ctx, "a")
	if accord.ErrorCode(err) != accord.EFORBIDDEN || !strings.Contains(err.Error(), a.hostPort(t)) {
		t.Fatalf("pull from a host not allowed: %v, want EFORBIDDEN naming %s", err, a.hostPort(t))
	}
	if n, _ := a.counts(); n != 0 {
		t.Errorf("A was asked %d pages, want none", n)
	}
}
