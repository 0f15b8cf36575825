package taxii_test

import (
	"encoding/json"
	"sync"
	"testing"

	"github.com/accord-cti/accord/taxii"
)

// TestPagingUnderConcurrentWrites pages through a collection with next
// while four writers post into it: no version is returned twice, and a
// final pass sees every one.
func TestPagingUnderConcurrentWrites(t *testing.T) {
	t.Parallel()
	f := newFixture(t, taxii.Config{})
	ctx := t.Context()
	alice := &taxii.Client{APIRoot: f.srv.URL + "/api/", User: "alice", Token: f.secrets["alice"]}
	var wg sync.WaitGroup
	errs := make(chan error, 4)
	for w := range 4 {
		wg.Go(func() {
			for b := range 5 {
				var objs []json.RawMessage
				for i := range 10 {
					objs = append(objs, json.RawMessage(identity(w*1000+b*10+i, 0, "")))
				}
				if _, err := alice.Add(ctx, f.coll.ID, objs); err != nil {
					errs <- err
					return
				}
			}
		})
	}
	seen := map[string]bool{}
	// page gets a page after q and returns the query for the next: by next
	// when the server gave one, else after the last date added.
	page := func(q taxii.Query) (taxii.Query, bool) {
		env, d, err := alice.Objects(ctx, f.coll.ID, q)
		must(t, err)
		for _, id := range ids(t, *env) {
			if seen[id] {
				t.Errorf("%s returned twice", id)
			}
			seen[id] = true
		}
		switch {
		case env.Next != "":
			return taxii.Query{Limit: 7, Next: env.Next}, true
		case !d.Last.IsZero():
			return taxii.Query{Limit: 7, AddedAfter: d.Last}, true
		}
		return q, false
	}
	q := taxii.Query{Limit: 7}
	for range 40 {
		q, _ = page(q)
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	for more := true; more; {
		q, more = page(q)
	}
	if len(seen) != 200 {
		t.Errorf("saw %d distinct objects, want 200", len(seen))
	}
}
