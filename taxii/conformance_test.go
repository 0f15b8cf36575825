package taxii_test

import (
	"encoding/json"
	"testing"

	"github.com/accord-cti/accord"
	"github.com/accord-cti/accord/taxii"
	"github.com/google/go-cmp/cmp"
)

// The conformance suite follows the TAXII 2.1 specification section by
// section: 4.1 discovery, 4.2 API root, 4.3 status, 5.1 and 5.2
// collections, 5.3 manifest, 5.4 objects, 5.5 POST, 5.6 object, 5.7
// DELETE, 5.8 versions.

func TestDiscovery(t *testing.T) {
	t.Parallel()
	f := newFixture(t, taxii.Config{Title: "CERT"})
	var d taxii.Discovery
	f.get(t, "", "/taxii2/", &d)
	want := taxii.Discovery{Title: "CERT", Default: f.srv.URL + "/api/", APIRoots: []string{f.srv.URL + "/api/"}}
	if diff := cmp.Diff(want, d); diff != "" {
		t.Errorf("discovery (-want +got):\n%s", diff)
	}
}

func TestAPIRoot(t *testing.T) {
	t.Parallel()
	f := newFixture(t, taxii.Config{Title: "CERT", MaxContentLength: 1234})
	var root taxii.APIRoot
	f.get(t, "alice", "/api/", &root)
	want := taxii.APIRoot{Title: "CERT", Versions: []string{taxii.MediaType}, MaxContentLength: 1234}
	if diff := cmp.Diff(want, root); diff != "" {
		t.Errorf("API root (-want +got):\n%s", diff)
	}
}

func TestCollections(t *testing.T) {
	t.Parallel()
	f := newFixture(t, taxii.Config{})
	private := f.addCollection(t, "private", "", map[string][2]bool{"cert": {true, true}})
	media := []string{"application/stix+json;version=2.1"}
	shared := func(read, write bool) taxii.Collection {
		return taxii.Collection{ID: f.coll.ID, Title: "shared collection", Alias: "shared", CanRead: read, CanWrite: write, MediaTypes: media}
	}
	priv := taxii.Collection{ID: private.ID, Title: "private collection", Alias: "private", CanRead: true, CanWrite: true, MediaTypes: media}
	tests := []struct {
		user string
		want []taxii.Collection
	}{
		{"alice", []taxii.Collection{priv, shared(true, true)}},
		{"carol", []taxii.Collection{shared(true, false)}},
		{"dave", nil},
	}
	for _, tt := range tests {
		var got taxii.Collections
		f.get(t, tt.user, "/api/collections/", &got)
		if diff := cmp.Diff(tt.want, got.Collections); diff != "" {
			t.Errorf("%s: collections (-want +got):\n%s", tt.user, diff)
		}
	}
	var one taxii.Collection
	f.get(t, "carol", collPath(f.coll.ID), &one)
	if diff := cmp.Diff(shared(true, false), one); diff != "" {
		t.Errorf("collection (-want +got):\n%s", diff)
	}
}

func TestCollectionErrors(t *testing.T) {
	t.Parallel()
	f := newFixture(t, taxii.Config{})
	tests := []struct {
		name   string
		rq     request
		status int
	}{
		{"unknown collection", request{path: collPath("6f2ab8a3-0000-4000-8000-000000000000"), user: "alice"}, 404},
		{"unknown collection objects", request{path: objectsPath("6f2ab8a3-0000-4000-8000-000000000000"), user: "alice"}, 404},
		{"no grant", request{path: collPath(f.coll.ID), user: "dave"}, 403},
		{"no grant objects", request{path: objectsPath(f.coll.ID), user: "dave"}, 403},
		{"read-only POST", request{method: "POST", path: objectsPath(f.coll.ID), user: "carol", body: []byte(`{"objects":[` + identity(1, 0, "") + `]}`)}, 403},
		{"read-only DELETE", request{method: "DELETE", path: objectsPath(f.coll.ID) + identityID(1) + "/", user: "carol"}, 403},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			checkError(t, f.do(t, tt.rq), tt.status)
		})
	}
}

// checkError checks that r is an error resource with the given status.
func checkError(t *testing.T, r response, status int) taxii.ErrorResource {
	t.Helper()
	if r.status != status {
		t.Errorf("status %d, want %d: %s", r.status, status, r.body)
	}
	if ct := r.header.Get("Content-Type"); ct != taxii.MediaType {
		t.Errorf("Content-Type %q, want %q", ct, taxii.MediaType)
	}
	var e taxii.ErrorResource
	if err := json.Unmarshal(r.body, &e); err != nil {
		t.Fatalf("not an error resource: %v: %s", err, r.body)
	}
	if e.Title == "" || e.HTTPStatus != itoa(status) {
		t.Errorf("error resource %+v: want a title and http_status %d", e, status)
	}
	return e
}

func itoa(n int) string { b, _ := json.Marshal(n); return string(b) }

func TestPostAndStatus(t *testing.T) {
	t.Parallel()
	f := newFixture(t, taxii.Config{})
	bad := `{"type":"identity","spec_version":"2.1","id":"identity--00000000-0000-4000-8000-000000000099","created":"2021-03-02T00:00:00.000Z","modified":"2021-03-01T00:00:00.000Z","name":"x"}`
	st := f.post(t, "alice", f.coll.ID, identity(1, 0, ""), bad, identity(2, 0, ""))
	if st.Status != "complete" || st.TotalCount != 3 || st.SuccessCount != 2 || st.FailureCount != 1 || st.PendingCount != 0 {
		t.Errorf("status %+v: want complete, 3 total, 2 successes, 1 failure", st)
	}
	wantOK := []accord.StatusDetail{
		{ID: identityID(1), Version: "2021-03-02T00:00:00.000Z"},
		{ID: identityID(2), Version: "2021-03-02T00:00:00.000Z"},
	}
	if diff := cmp.Diff(wantOK, st.Successes); diff != "" {
		t.Errorf("successes (-want +got):\n%s", diff)
	}
	if len(st.Failures) != 1 || st.Failures[0].ID != identityID(99) || st.Failures[0].Message == "" {
		t.Errorf("failures %+v: want %s with a message", st.Failures, identityID(99))
	}
	if _, err := f.db.Get(t.Context(), identityID(99)); accord.ErrorCode(err) != accord.ENOTFOUND {
		t.Errorf("the invalid object was stored: Get: %v", err)
	}
	var again accord.Status
	f.get(t, "alice", "/api/status/"+st.ID+"/", &again)
	if diff := cmp.Diff(st, again); diff != "" {
		t.Errorf("status GET (-post +get):\n%s", diff)
	}
	checkError(t, f.do(t, request{path: "/api/status/" + st.ID + "/", user: "bob"}), 404)
	checkError(t, f.do(t, request{path: "/api/status/00000000-0000-4000-8000-000000000000/", user: "alice"}), 404)
}
