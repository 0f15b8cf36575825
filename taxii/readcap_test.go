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

// TestGrantMaxMarking checks the per-partner maximum marking of a read
// grant on every read endpoint: carol (of partner) reads a collection
// holding CLEAR, GREEN and AMBER (shared with partner) identities and an
// unmarked report naming all three. Over the cap an object is withheld as
// if TLP hid it, and the report comes back without its reference.
func TestGrantMaxMarking(t *testing.T) {
	t.Parallel()
	f := newFixture(t, taxii.Config{})
	partner, carol := f.orgs["partner"].ID, f.users["carol"].ID
	report := "report--00000000-0000-4000-8000-000000000053"
	all := []string{identityID(50), identityID(51), identityID(52), report}
	capped := []string{identityID(50), identityID(51), report}
	tests := []struct {
		name   string
		grants []accord.Grant // carol's, besides cert's read and write
		want   []string
	}{
		{"org capped at green", []accord.Grant{{OrgID: partner, Read: true, MaxMarking: "green"}}, capped},
		{"org capped at clear", []accord.Grant{{OrgID: partner, Read: true, MaxMarking: "clear"}}, []string{identityID(50), report}},
		{"no cap", []accord.Grant{{OrgID: partner, Read: true}}, all},
		{"org capped at amber", []accord.Grant{{OrgID: partner, Read: true, MaxMarking: "amber"}}, all},
		{"user cap lifts org cap", []accord.Grant{{OrgID: partner, Read: true, MaxMarking: "green"}, {UserID: carol, Read: true, MaxMarking: "red"}}, all},
		{"uncapped user grant lifts org cap", []accord.Grant{{OrgID: partner, Read: true, MaxMarking: "green"}, {UserID: carol, Read: true}}, all},
		{"write-only grant lifts nothing", []accord.Grant{{OrgID: partner, Read: true, MaxMarking: "green"}, {UserID: carol, Write: true}}, capped},
		{"the most permissive of two caps", []accord.Grant{{OrgID: partner, Read: true, MaxMarking: "clear"}, {UserID: carol, Read: true, MaxMarking: "green"}}, capped},
	}
	for i, tt := range tests {
		coll := f.addCollection(t, fmt.Sprintf("cap%d", i), "", map[string][2]bool{"cert": {true, true}})
		for _, g := range tt.grants {
			g.CollectionID = coll.ID
			must(t, f.db.Grant(t.Context(), g))
		}
		objs := []string{
			identity(50, 0, ""),
			identity(51, 0, marked(stix.TLPGreen)),
			identity(52, 0, marked(stix.TLPAmber)+fmt.Sprintf(`,"x_accord_shared_with":[%q]`, partner)),
			fmt.Sprintf(`{"type":"report","spec_version":"2.1","id":%q,"created":"2021-03-02T00:00:00.000Z","modified":"2021-03-02T00:00:00.000Z","name":"r","published":"2021-03-02T00:00:00Z","object_refs":[%q,%q,%q]}`,
				report, identityID(50), identityID(51), identityID(52)),
		}
		if st := f.post(t, "alice", coll.ID, objs...); st.SuccessCount != len(objs) {
			t.Fatalf("%s: POST %+v", tt.name, st)
		}
		checkCapped(t, f, tt.name, coll.ID, tt.want, all)
	}
}

// checkCapped checks that carol sees exactly want of all over the objects,
// manifest, object and versions endpoints, and that the report names only
// the identities she sees.
func checkCapped(t *testing.T, f *fixture, name, collID string, want, all []string) {
	t.Helper()
	var env taxii.Envelope
	f.get(t, "carol", objectsPath(collID), &env)
	if diff := cmp.Diff(want, ids(t, env)); diff != "" {
		t.Errorf("%s: objects (-want +got):\n%s", name, diff)
	}
	var m taxii.Manifest
	f.get(t, "carol", collPath(collID)+"manifest/", &m)
	var got []string
	for _, e := range m.Objects {
		got = append(got, e.ID)
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("%s: manifest (-want +got):\n%s", name, diff)
	}
	for _, id := range all {
		status := http.StatusNotFound
		if slices.Contains(want, id) {
			status = http.StatusOK
		}
		path := objectsPath(collID) + id + "/"
		for _, p := range []string{path, path + "versions/"} {
			if r := f.do(t, request{path: p, user: "carol"}); r.status != status {
				t.Errorf("%s: GET %s: status %d, want %d", name, p, r.status, status)
			}
		}
	}
	wantRefs := want[:len(want)-1] // the identities; the report is last
	for _, raw := range env.Objects {
		var o struct {
			Type       string   `json:"type"`
			ObjectRefs []string `json:"object_refs"`
		}
		must(t, json.Unmarshal(raw, &o))
		if o.Type != "report" {
			continue
		}
		if diff := cmp.Diff(wantRefs, o.ObjectRefs); diff != "" {
			t.Errorf("%s: report object_refs (-want +got):\n%s", name, diff)
		}
	}
}
