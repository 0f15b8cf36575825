package taxii_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"testing"

	"github.com/accord-cti/accord"
	"github.com/accord-cti/accord/stix"
	"github.com/accord-cti/accord/taxii"
	"github.com/google/go-cmp/cmp"
)

// TestPublisherSharing checks the sharing the server records at POST time
// against what the objects claim, over every read endpoint. The collection
// is readable by cert and partner (whose carol may also write); dave, of
// outsider, reads it through a grant to him alone, so his organisation is
// not among those it is shared with.
func TestPublisherSharing(t *testing.T) {
	t.Parallel()
	f := newFixture(t, taxii.Config{})
	coll := f.addCollection(t, "pub", "", map[string][2]bool{"cert": {true, true}, "partner": {true, true}})
	must(t, f.db.Grant(t.Context(), accord.Grant{CollectionID: coll.ID, UserID: f.users["dave"].ID, Read: true}))
	outsider := f.orgs["outsider"].ID
	cases := []struct {
		name    string
		n       int
		poster  string
		extra   string
		readers []string
	}{
		{"unmarked is clear", 70, "alice", "", []string{"alice", "bob", "carol", "dave"}},
		{"amber by cert", 71, "alice", marked(stix.TLPAmber), []string{"alice", "bob", "carol"}},
		{"amber by partner", 72, "carol", marked(stix.TLPAmber), []string{"alice", "bob", "carol"}},
		{"amber+strict by cert", 73, "alice", marked(stix.TLPAmberStrict), []string{"alice", "bob"}},
		{"amber+strict by partner", 74, "carol", marked(stix.TLPAmberStrict), []string{"carol"}},
		{"red naming carol", 75, "alice", marked(stix.TLPRed) + fmt.Sprintf(`,"x_accord_recipients":[%q]`, f.users["carol"].ID), []string{"alice", "carol"}},
		{"amber shared with an org without a grant", 76, "alice", marked(stix.TLPAmber) + fmt.Sprintf(`,"x_accord_shared_with":[%q]`, outsider), []string{"alice", "bob"}},
		{"amber+strict naming an org without a grant", 77, "alice", marked(stix.TLPAmberStrict) + fmt.Sprintf(`,"x_accord_strict_org":%q`, outsider), []string{"alice", "bob"}},
		{"amber claiming outsider published", 78, "alice", marked(stix.TLPAmber) + fmt.Sprintf(`,"x_accord_publisher":%q`, outsider), []string{"alice", "bob", "carol"}},
		{"unknown marking claiming outsider published", 79, "alice", marked("marking-definition--00000000-0000-4000-8000-0000000000aa") + fmt.Sprintf(`,"x_accord_publisher":%q`, outsider), []string{"alice", "bob"}},
	}
	for _, c := range cases {
		if st := f.post(t, c.poster, coll.ID, identity(c.n, 0, c.extra)); st.SuccessCount != 1 {
			t.Fatalf("%s: POST %+v", c.name, st)
		}
	}
	// Carol posting cert's AMBER+STRICT version again does not make
	// partner its publisher: the first publisher stays.
	if st := f.post(t, "carol", coll.ID, identity(73, 0, marked(stix.TLPAmberStrict))); st.SuccessCount != 1 {
		t.Fatalf("re-POST: %+v", st)
	}
	for _, user := range []string{"alice", "bob", "carol", "dave"} {
		var want []string
		for _, c := range cases {
			if slices.Contains(c.readers, user) {
				want = append(want, identityID(c.n))
			}
		}
		checkEndpoints(t, f, coll.ID, user, want, 70, 79)
	}
}

// checkEndpoints checks that user sees exactly the identities want among
// those numbered from to last, on the objects, manifest, object and
// versions endpoints.
func checkEndpoints(t *testing.T, f *fixture, collID, user string, want []string, from, last int) {
	t.Helper()
	var env taxii.Envelope
	f.get(t, user, objectsPath(collID), &env)
	if diff := cmp.Diff(want, ids(t, env)); diff != "" {
		t.Errorf("%s: objects (-want +got):\n%s", user, diff)
	}
	var m taxii.Manifest
	f.get(t, user, collPath(collID)+"manifest/", &m)
	var got []string
	for _, e := range m.Objects {
		got = append(got, e.ID)
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("%s: manifest (-want +got):\n%s", user, diff)
	}
	for n := from; n <= last; n++ {
		status := http.StatusNotFound
		if slices.Contains(want, identityID(n)) {
			status = http.StatusOK
		}
		path := objectsPath(collID) + identityID(n) + "/"
		for _, p := range []string{path, path + "versions/"} {
			if r := f.do(t, request{path: p, user: user}); r.status != status {
				t.Errorf("%s: GET %s: status %d, want %d", user, p, r.status, status)
			}
		}
	}
}

// TestPublisherReferences checks that references are judged with the
// referenced version's recorded publisher: a report cert posts names an
// AMBER object of the collection (partner may see it) and an AMBER+STRICT
// one (cert only), and an AMBER one of another collection: as this
// collection knows nothing of its sharing, its id is withheld from everyone
// (fail closed), its publisher too.
func TestPublisherReferences(t *testing.T) {
	t.Parallel()
	f := newFixture(t, taxii.Config{})
	coll := f.addCollection(t, "refs", "", map[string][2]bool{"cert": {true, true}, "partner": {true, false}})
	other := f.addCollection(t, "other", "", map[string][2]bool{"cert": {true, true}, "partner": {true, false}})
	if st := f.post(t, "alice", other.ID, identity(82, 0, marked(stix.TLPAmber))); st.SuccessCount != 1 {
		t.Fatalf("POST: %+v", st)
	}
	report := fmt.Sprintf(`{"type":"report","spec_version":"2.1","id":"report--00000000-0000-4000-8000-000000000083","created":"2021-03-02T00:00:00.000Z","modified":"2021-03-02T00:00:00.000Z","name":"r","published":"2021-03-02T00:00:00Z","object_refs":[%q,%q,%q]}`,
		identityID(80), identityID(81), identityID(82))
	st := f.post(t, "alice", coll.ID, identity(80, 0, marked(stix.TLPAmber)), identity(81, 0, marked(stix.TLPAmberStrict)), report)
	if st.SuccessCount != 3 {
		t.Fatalf("POST: %+v", st)
	}
	tests := []struct {
		user string
		refs []string
	}{
		{"alice", []string{identityID(80), identityID(81)}},
		{"carol", []string{identityID(80)}},
	}
	for _, tt := range tests {
		var env taxii.Envelope
		f.get(t, tt.user, objectsPath(coll.ID)+"report--00000000-0000-4000-8000-000000000083/", &env)
		if len(env.Objects) != 1 {
			t.Fatalf("%s: %d objects, want the report", tt.user, len(env.Objects))
		}
		var r struct {
			ObjectRefs []string `json:"object_refs"`
		}
		must(t, json.Unmarshal(env.Objects[0], &r))
		if diff := cmp.Diff(tt.refs, r.ObjectRefs); diff != "" {
			t.Errorf("%s: object_refs (-want +got):\n%s", tt.user, diff)
		}
	}
}
