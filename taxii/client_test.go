package taxii_test

import (
	"encoding/json"
	"testing"

	"github.com/accord-cti/accord"
	"github.com/accord-cti/accord/taxii"
	"github.com/google/go-cmp/cmp"
)

func TestClientRoundTrip(t *testing.T) {
	t.Parallel()
	f := newFixture(t, taxii.Config{PageSize: 3})
	ctx := t.Context()
	alice := &taxii.Client{APIRoot: f.srv.URL + "/api/", User: "alice", Token: f.secrets["alice"], HTTP: f.srv.Client()}
	carol := &taxii.Client{APIRoot: f.srv.URL + "/api/", Token: f.secrets["carol"], HTTP: f.srv.Client()}
	root, err := carol.Root(ctx)
	if err != nil || root.MaxContentLength != 10<<20 {
		t.Fatalf("Root: %+v, %v", root, err)
	}
	colls, err := carol.Collections(ctx)
	if err != nil || len(colls) != 1 || colls[0].ID != f.coll.ID || colls[0].CanWrite {
		t.Fatalf("Collections: %+v, %v", colls, err)
	}
	var objs []json.RawMessage
	var want []string
	for i := range 8 {
		objs = append(objs, json.RawMessage(identity(i, 0, "")))
		want = append(want, identityID(i))
	}
	st, err := alice.Add(ctx, f.coll.ID, objs)
	if err != nil || st.SuccessCount != 8 {
		t.Fatalf("Add: %+v, %v", st, err)
	}
	if again, err := alice.Status(ctx, st.ID); err != nil || again.SuccessCount != 8 {
		t.Errorf("Status: %+v, %v", again, err)
	}
	// Paging with next (the server's page size is 3).
	var got []string
	q := taxii.Query{}
	for {
		env, _, err := carol.Objects(ctx, f.coll.ID, q)
		must(t, err)
		got = append(got, ids(t, *env)...)
		if !env.More {
			break
		}
		q.Next = env.Next
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("paging with next (-want +got):\n%s", diff)
	}
	// Paging with added_after = X-TAXII-Date-Added-Last, as for a server
	// that gives no next.
	got = nil
	q = taxii.Query{}
	for range 10 {
		env, d, err := carol.Objects(ctx, f.coll.ID, q)
		must(t, err)
		if len(env.Objects) == 0 {
			break
		}
		got = append(got, ids(t, *env)...)
		q.AddedAfter = d.Last
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("paging with added_after (-want +got):\n%s", diff)
	}
	must(t, alice.Delete(ctx, f.coll.ID, identityID(0)))
	_, _, err = carol.Object(ctx, f.coll.ID, identityID(0), taxii.Query{})
	if accord.ErrorCode(err) != accord.ENOTFOUND {
		t.Errorf("Object after Delete: %v, want not found", err)
	}
	vs, _, err := carol.Versions(ctx, f.coll.ID, identityID(1), taxii.Query{})
	if err != nil || len(vs.Versions) != 1 {
		t.Errorf("Versions: %+v, %v", vs, err)
	}
	m, _, err := carol.Manifest(ctx, f.coll.ID, taxii.Query{Limit: 2})
	if err != nil || len(m.Objects) != 2 || !m.More {
		t.Errorf("Manifest: %+v, %v", m, err)
	}
}

func TestClientErrors(t *testing.T) {
	t.Parallel()
	f := newFixture(t, taxii.Config{})
	ctx := t.Context()
	carol := &taxii.Client{APIRoot: f.srv.URL + "/api/", User: "carol", Token: f.secrets["carol"]}
	_, err := carol.Add(ctx, f.coll.ID, []json.RawMessage{json.RawMessage(identity(1, 0, ""))})
	if accord.ErrorCode(err) != accord.EFORBIDDEN {
		t.Errorf("read-only Add: %v, want forbidden", err)
	}
	_, _, err = carol.Objects(ctx, "6f2ab8a3-0000-4000-8000-000000000000", taxii.Query{})
	if accord.ErrorCode(err) != accord.ENOTFOUND {
		t.Errorf("unknown collection: %v, want not found", err)
	}
	bad := &taxii.Client{APIRoot: f.srv.URL + "/api/", Token: "wrong"}
	_, err = bad.Collections(ctx)
	if accord.ErrorCode(err) != accord.EUNAUTHORIZED {
		t.Errorf("bad token: %v, want unauthorized", err)
	}
}
