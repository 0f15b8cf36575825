package taxii_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/accord-cti/accord/taxii"
	"github.com/google/go-cmp/cmp"
)

// seed posts three versions of identity 1 (modified 0, 10, 20 s), one of
// identity 2, then one of identity 3, each in its own POST so that their
// dates added are in that order.
func seed(t *testing.T, f *fixture) {
	t.Helper()
	for _, o := range []string{identity(1, 0, ""), identity(1, 10, ""), identity(2, 0, ""), identity(1, 20, ""), identity(3, 0, "")} {
		if st := f.post(t, "alice", f.coll.ID, o); st.SuccessCount != 1 {
			t.Fatalf("seed: %+v", st)
		}
	}
}

func TestObjectsFilters(t *testing.T) {
	t.Parallel()
	f := newFixture(t, taxii.Config{})
	seed(t, f)
	id1, id2, id3 := identityID(1), identityID(2), identityID(3)
	tests := []struct {
		query string
		want  []string
	}{
		{"", []string{id2, id1, id3}},
		{"match[version]=last", []string{id2, id1, id3}},
		{"match[version]=all", []string{id1, id1, id2, id1, id3}},
		{"match[version]=first", []string{id1, id2, id3}},
		{"match[version]=first,last", []string{id1, id2, id1, id3}},
		{"match[version]=2021-03-02T00:00:10Z", []string{id1}},
		{"match[id]=" + id3 + "," + id2, []string{id2, id3}},
		{"match[id]=" + id3 + "&match[id]=" + id1 + "&match[version]=all", []string{id1, id1, id1, id3}},
		{"match[type]=identity", []string{id2, id1, id3}},
		{"match[type]=indicator", nil},
		{"match[spec_version]=2.1", []string{id2, id1, id3}},
		{"match[spec_version]=2.0", nil},
	}
	for _, tt := range tests {
		var env taxii.Envelope
		f.get(t, "carol", objectsPath(f.coll.ID)+"?"+tt.query, &env)
		if diff := cmp.Diff(tt.want, ids(t, env)); diff != "" {
			t.Errorf("?%s (-want +got):\n%s", tt.query, diff)
		}
	}
}

func TestObjectsPaging(t *testing.T) {
	t.Parallel()
	f := newFixture(t, taxii.Config{})
	seed(t, f)
	var got []string
	var firsts, lasts []time.Time
	next := ""
	for range 10 {
		q := url.Values{"limit": {"2"}, "match[version]": {"all"}}
		if next != "" {
			q.Set("next", next)
		}
		var env taxii.Envelope
		r := f.get(t, "carol", objectsPath(f.coll.ID)+"?"+q.Encode(), &env)
		got = append(got, ids(t, env)...)
		firsts = append(firsts, parseHeader(t, r, "X-TAXII-Date-Added-First"))
		lasts = append(lasts, parseHeader(t, r, "X-TAXII-Date-Added-Last"))
		if !env.More {
			if env.Next != "" {
				t.Errorf("last page has next %q", env.Next)
			}
			break
		}
		next = env.Next
	}
	id1 := identityID(1)
	if diff := cmp.Diff([]string{id1, id1, identityID(2), id1, identityID(3)}, got); diff != "" {
		t.Errorf("paged ids (-want +got):\n%s", diff)
	}
	for i := range firsts {
		if firsts[i].After(lasts[i]) || i > 0 && !firsts[i].After(lasts[i-1]) {
			t.Errorf("page %d: dates added %v..%v after page ending %v", i, firsts[i], lasts[i], lasts[max(i-1, 0)])
		}
	}
	// added_after the last date of page 1 is page 2 onwards.
	var env taxii.Envelope
	f.get(t, "carol", objectsPath(f.coll.ID)+"?match[version]=all&added_after="+url.QueryEscape(lasts[0].Format(time.RFC3339Nano)), &env)
	if diff := cmp.Diff(got[2:], ids(t, env)); diff != "" {
		t.Errorf("added_after (-want +got):\n%s", diff)
	}
}

func parseHeader(t *testing.T, r response, name string) time.Time {
	t.Helper()
	v := r.header.Get(name)
	tm, err := time.Parse(time.RFC3339Nano, v)
	if err != nil {
		t.Fatalf("%s %q: %v", name, v, err)
	}
	return tm
}

func TestObjectVersionsManifest(t *testing.T) {
	t.Parallel()
	f := newFixture(t, taxii.Config{})
	seed(t, f)
	id1 := identityID(1)
	var env taxii.Envelope
	f.get(t, "carol", objectsPath(f.coll.ID)+id1+"/?match[version]=first", &env)
	if diff := cmp.Diff([]string{id1}, ids(t, env)); diff != "" {
		t.Errorf("object (-want +got):\n%s", diff)
	}
	if len(env.Objects) == 1 && !strings.Contains(string(env.Objects[0]), `"modified":"2021-03-02T00:00:00.000Z"`) {
		t.Errorf("match[version]=first returned %s", env.Objects[0])
	}
	var vs taxii.Versions
	f.get(t, "carol", objectsPath(f.coll.ID)+id1+"/versions/", &vs)
	want := []string{"2021-03-02T00:00:00Z", "2021-03-02T00:00:10Z", "2021-03-02T00:00:20Z"}
	if diff := cmp.Diff(want, vs.Versions); diff != "" {
		t.Errorf("versions (-want +got):\n%s", diff)
	}
	var m taxii.Manifest
	f.get(t, "carol", collPath(f.coll.ID)+"manifest/?match[id]="+id1+"&match[version]=all", &m)
	var got []string
	for _, e := range m.Objects {
		if e.ID != id1 || e.MediaType != "application/stix+json;version=2.1" || e.DateAdded == "" {
			t.Errorf("manifest entry %+v", e)
		}
		got = append(got, e.Version)
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("manifest versions (-want +got):\n%s", diff)
	}
	missing := objectsPath(f.coll.ID) + identityID(77) + "/"
	checkError(t, f.do(t, request{path: missing, user: "carol"}), http.StatusNotFound)
	checkError(t, f.do(t, request{path: missing + "versions/", user: "carol"}), http.StatusNotFound)
}

func TestDelete(t *testing.T) {
	t.Parallel()
	f := newFixture(t, taxii.Config{})
	seed(t, f)
	id1 := identityID(1)
	path := objectsPath(f.coll.ID) + id1 + "/"
	if r := f.do(t, request{method: http.MethodDelete, path: path + "?match[version]=first", user: "alice"}); r.status != http.StatusOK {
		t.Fatalf("DELETE first: %d %s", r.status, r.body)
	}
	var vs taxii.Versions
	f.get(t, "carol", path+"versions/", &vs)
	if diff := cmp.Diff([]string{"2021-03-02T00:00:10Z", "2021-03-02T00:00:20Z"}, vs.Versions); diff != "" {
		t.Errorf("versions after DELETE first (-want +got):\n%s", diff)
	}
	checkError(t, f.do(t, request{method: http.MethodDelete, path: path + "?match[spec_version]=2.0", user: "alice"}), http.StatusNotFound)
	if r := f.do(t, request{method: http.MethodDelete, path: path, user: "alice"}); r.status != http.StatusOK {
		t.Fatalf("DELETE all: %d %s", r.status, r.body)
	}
	checkError(t, f.do(t, request{path: path, user: "carol"}), http.StatusNotFound)
	checkError(t, f.do(t, request{method: http.MethodDelete, path: path, user: "alice"}), http.StatusNotFound)
	if _, err := f.db.Get(t.Context(), id1); err != nil {
		t.Errorf("DELETE removed the object from the store: %v", err)
	}
}
