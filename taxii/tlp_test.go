package taxii_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/accord-cti/accord/stix"
	"github.com/accord-cti/accord/taxii"
	"github.com/google/go-cmp/cmp"
)

// tlpCase is one marked object and the users who may see it. Alice (of
// cert) posts every one, so cert is the publisher and alice a recipient of
// RED, whatever x_accord_publisher says.
type tlpCase struct {
	name    string
	n       int    // identity number
	extra   string // markings and sharing properties
	readers []string
}

func tlpCases(f *fixture) []tlpCase {
	cert, partner := f.orgs["cert"].ID, f.orgs["partner"].ID
	pub := fmt.Sprintf(`,"x_accord_publisher":%q`, cert)
	unknown := "marking-definition--00000000-0000-4000-8000-0000000000aa"
	return []tlpCase{
		{"none", 10, "", []string{"alice", "bob", "carol", "dave"}},
		{"clear", 11, marked(stix.TLPClear) + pub, []string{"alice", "bob", "carol", "dave"}},
		{"white", 12, marked(stix.TLP1White), []string{"alice", "bob", "carol", "dave"}},
		{"green", 13, marked(stix.TLPGreen) + pub, []string{"alice", "bob", "carol", "dave"}},
		{"amber", 14, marked(stix.TLPAmber) + pub + fmt.Sprintf(`,"x_accord_shared_with":[%q]`, partner), []string{"alice", "bob", "carol"}},
		{"amber unshared", 15, marked(stix.TLPAmber) + pub + `,"x_accord_shared_with":[]`, []string{"alice", "bob"}},
		{"amber+strict", 16, marked(stix.TLPAmberStrict) + pub + fmt.Sprintf(`,"x_accord_shared_with":[%q]`, partner), []string{"alice", "bob"}},
		{"amber+strict named", 17, marked(stix.TLPAmberStrict) + pub + fmt.Sprintf(`,"x_accord_strict_org":%q`, partner), []string{"carol"}},
		{"red", 18, marked(stix.TLPRed) + pub + fmt.Sprintf(`,"x_accord_recipients":[%q]`, f.users["carol"].ID), []string{"alice", "carol"}},
		{"red no recipients", 19, marked(stix.TLPRed) + pub, []string{"alice"}},
		{"unknown marking", 20, marked(unknown) + pub, []string{"alice", "bob"}},
		{"green and red", 21, marked(stix.TLPGreen, stix.TLPRed) + pub + fmt.Sprintf(`,"x_accord_recipients":[%q]`, f.users["dave"].ID), []string{"alice", "dave"}},
		{"amber claiming another publisher", 22, marked(stix.TLPAmber) + fmt.Sprintf(`,"x_accord_publisher":%q,"x_accord_shared_with":[]`, partner), []string{"alice", "bob"}},
		{"amber shared with every reader", 23, marked(stix.TLPAmber), []string{"alice", "bob", "carol", "dave"}},
	}
}

// TestTLPEndpoints checks, for every marking and every reader, that each
// read endpoint returns the object exactly when the reader may see it.
func TestTLPEndpoints(t *testing.T) {
	t.Parallel()
	f := newFixture(t, taxii.Config{})
	coll := f.addCollection(t, "tlp", "", map[string][2]bool{"cert": {true, true}, "partner": {true, false}, "outsider": {true, false}})
	cases := tlpCases(f)
	for _, c := range cases {
		if st := f.post(t, "alice", coll.ID, identity(c.n, 0, c.extra)); st.SuccessCount != 1 {
			t.Fatalf("%s: POST %+v", c.name, st)
		}
	}
	for _, user := range []string{"alice", "bob", "carol", "dave"} {
		var want []string
		for _, c := range cases {
			if slices.Contains(c.readers, user) {
				want = append(want, identityID(c.n))
			}
		}
		var env taxii.Envelope
		f.get(t, user, objectsPath(coll.ID), &env)
		if diff := cmp.Diff(want, ids(t, env)); diff != "" {
			t.Errorf("%s: objects (-want +got):\n%s", user, diff)
		}
		var m taxii.Manifest
		f.get(t, user, collPath(coll.ID)+"manifest/", &m)
		var got []string
		for _, e := range m.Objects {
			got = append(got, e.ID)
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("%s: manifest (-want +got):\n%s", user, diff)
		}
		for _, c := range cases {
			status := http.StatusNotFound
			if slices.Contains(c.readers, user) {
				status = http.StatusOK
			}
			path := objectsPath(coll.ID) + identityID(c.n) + "/"
			for _, p := range []string{path, path + "versions/"} {
				if r := f.do(t, request{path: p, user: user}); r.status != status {
					t.Errorf("%s, %s: GET %s: status %d, want %d", user, c.name, p, r.status, status)
				}
			}
		}
	}
}

// TestTLPRedactsReferences checks that a visible report does not name an
// object its reader may not see, and a relationship to one is withheld.
func TestTLPRedactsReferences(t *testing.T) {
	t.Parallel()
	f := newFixture(t, taxii.Config{})
	coll := f.addCollection(t, "tlp", "", map[string][2]bool{"cert": {true, true}, "outsider": {true, false}})
	red := identity(30, 0, marked(stix.TLPRed)+fmt.Sprintf(`,"x_accord_recipients":[%q]`, f.users["alice"].ID))
	clear := identity(31, 0, "")
	report := fmt.Sprintf(`{"type":"report","spec_version":"2.1","id":"report--00000000-0000-4000-8000-000000000032","created":"2021-03-02T00:00:00.000Z","modified":"2021-03-02T00:00:00.000Z","name":"r","published":"2021-03-02T00:00:00Z","object_refs":[%q,%q]}`, identityID(30), identityID(31))
	rel := fmt.Sprintf(`{"type":"relationship","spec_version":"2.1","id":"relationship--00000000-0000-4000-8000-000000000033","created":"2021-03-02T00:00:00.000Z","modified":"2021-03-02T00:00:00.000Z","relationship_type":"related-to","source_ref":%q,"target_ref":%q}`, identityID(31), identityID(30))
	if st := f.post(t, "alice", coll.ID, red, clear, report, rel); st.SuccessCount != 4 {
		t.Fatalf("POST: %+v", st)
	}
	tests := []struct {
		user     string
		ids      []string
		reportTo []string
	}{
		{"alice", []string{identityID(30), identityID(31), "report--00000000-0000-4000-8000-000000000032", "relationship--00000000-0000-4000-8000-000000000033"}, []string{identityID(30), identityID(31)}},
		{"dave", []string{identityID(31), "report--00000000-0000-4000-8000-000000000032"}, []string{identityID(31)}},
	}
	for _, tt := range tests {
		var env taxii.Envelope
		f.get(t, tt.user, objectsPath(coll.ID), &env)
		if diff := cmp.Diff(tt.ids, ids(t, env)); diff != "" {
			t.Errorf("%s: objects (-want +got):\n%s", tt.user, diff)
		}
		for _, raw := range env.Objects {
			var o struct {
				Type       string   `json:"type"`
				ObjectRefs []string `json:"object_refs"`
			}
			must(t, json.Unmarshal(raw, &o))
			if o.Type != "report" {
				continue
			}
			if diff := cmp.Diff(tt.reportTo, o.ObjectRefs); diff != "" {
				t.Errorf("%s: report object_refs (-want +got):\n%s", tt.user, diff)
			}
		}
	}
}

// TestMaxMarking checks that a collection's partner maximum rejects
// objects marked above it, with a message, and stores the others.
func TestMaxMarking(t *testing.T) {
	t.Parallel()
	f := newFixture(t, taxii.Config{})
	coll := f.addCollection(t, "green-only", "green", map[string][2]bool{"cert": {true, true}})
	st := f.post(t, "alice", coll.ID, identity(40, 0, marked(stix.TLPGreen)), identity(41, 0, marked(stix.TLPAmber)), identity(42, 0, ""))
	if st.SuccessCount != 2 || st.FailureCount != 1 || st.Failures[0].ID != identityID(41) {
		t.Fatalf("status %+v: want 41 refused", st)
	}
	if msg := st.Failures[0].Message; !strings.Contains(msg, "maximum") {
		t.Errorf("failure message %q does not say why", msg)
	}
	if _, err := f.db.Get(t.Context(), identityID(41)); err == nil {
		t.Error("the refused object was stored")
	}
}

// TestTLPDelete checks that a writer may not remove, nor learn of by
// DELETE, an object TLP hides from it.
func TestTLPDelete(t *testing.T) {
	t.Parallel()
	f := newFixture(t, taxii.Config{})
	coll := f.addCollection(t, "tlp", "", map[string][2]bool{"cert": {true, true}, "partner": {true, true}})
	red := identity(60, 0, marked(stix.TLPRed)+fmt.Sprintf(`,"x_accord_recipients":[%q]`, f.users["alice"].ID))
	if st := f.post(t, "alice", coll.ID, red); st.SuccessCount != 1 {
		t.Fatalf("POST: %+v", st)
	}
	path := objectsPath(coll.ID) + identityID(60) + "/"
	checkError(t, f.do(t, request{method: http.MethodDelete, path: path, user: "carol"}), http.StatusNotFound)
	if r := f.do(t, request{path: path, user: "alice"}); r.status != http.StatusOK {
		t.Fatalf("carol's DELETE removed alice's RED object: GET %d", r.status)
	}
	if r := f.do(t, request{method: http.MethodDelete, path: path, user: "alice"}); r.status != http.StatusOK {
		t.Errorf("alice's DELETE: %d %s", r.status, r.body)
	}
}
