package taxii_test

import (
	"bytes"
	"net/http"
	"strings"
	"testing"

	"github.com/accord-cti/accord"
	"github.com/accord-cti/accord/taxii"
)

func TestBadRequests(t *testing.T) {
	t.Parallel()
	f := newFixture(t, taxii.Config{MaxContentLength: 2000})
	objs := objectsPath(f.coll.ID)
	valid := []byte(`{"objects":[` + identity(1, 0, "") + `]}`)
	big := []byte(`{"objects":[` + identity(1, 0, `,"description":"`+strings.Repeat("x", 2000)+`"`) + `]}`)
	tests := []struct {
		name   string
		rq     request
		status int
		want   string // in the description
	}{
		{"unknown path", request{path: "/nothing/here", user: "alice"}, 404, "/nothing/here"},
		{"unknown API root", request{path: "/other/collections/", user: "alice"}, 404, ""},
		{"method", request{method: http.MethodPut, path: objs, user: "alice"}, 405, "PUT"},
		{"no credentials", request{path: "/api/"}, 401, "authentication required"},
		{"bad token", request{path: "/api/", bearer: "nope"}, 401, ""},
		{"bad basic", request{path: "/api/", user: "mallory"}, 401, ""},
		{"no Accept", request{path: "/api/", user: "alice", accept: "-"}, 406, "Accept"},
		{"wrong Accept", request{path: "/api/", user: "alice", accept: "application/json"}, 406, ""},
		{"old version", request{path: "/api/", user: "alice", accept: "application/taxii+json;version=2.0"}, 406, ""},
		{"discovery Accept", request{path: "/taxii2/", accept: "text/html"}, 406, ""},
		{"content type", request{method: http.MethodPost, path: objs, user: "alice", body: valid, contentType: "application/json"}, 415, "Content-Type"},
		{"stix content type", request{method: http.MethodPost, path: objs, user: "alice", body: valid, contentType: "application/stix+json;version=2.1"}, 415, ""},
		{"oversize", request{method: http.MethodPost, path: objs, user: "alice", body: big}, 413, "max_content_length"},
		{"malformed JSON", request{method: http.MethodPost, path: objs, user: "alice", body: []byte("{\"objects\":[\n{\"type\": }]}")}, 400, "line 2, column 10"},
		{"not an envelope", request{method: http.MethodPost, path: objs, user: "alice", body: []byte(`[1,2]`)}, 400, "must be a JSON object"},
		{"objects not a list", request{method: http.MethodPost, path: objs, user: "alice", body: []byte(`{"objects":{}}`)}, 400, "/objects"},
		{"no objects", request{method: http.MethodPost, path: objs, user: "alice", body: []byte(`{"more":false}`)}, 400, `no "objects"`},
		{"trailing data", request{method: http.MethodPost, path: objs, user: "alice", body: append(append([]byte{}, valid...), "{}"...)}, 400, "after the envelope"},
		{"truncated", request{method: http.MethodPost, path: objs, user: "alice", body: valid[:40]}, 400, ""},
		{"bad limit", request{path: objs + "?limit=0", user: "alice"}, 400, "limit"},
		{"bad added_after", request{path: objs + "?added_after=yesterday", user: "alice"}, 400, "added_after"},
		{"bad version", request{path: objs + "?match[version]=newest", user: "alice"}, 400, "newest"},
		{"bad next", request{path: objs + "?next=garbage", user: "alice"}, 400, "garbage"},
		{"unknown parameter", request{path: objs + "?match[foo]=1", user: "alice"}, 400, "match[foo]"},
		{"match[id] on object", request{path: objs + identityID(1) + "/?match[id]=x", user: "alice"}, 400, "match[id]"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := f.do(t, tt.rq)
			e := checkError(t, r, tt.status)
			if !strings.Contains(e.Description, tt.want) {
				t.Errorf("description %q does not mention %q", e.Description, tt.want)
			}
			if tt.status == 401 && len(r.header.Values("WWW-Authenticate")) == 0 {
				t.Error("401 without WWW-Authenticate")
			}
		})
	}
	st, err := f.db.Stats(t.Context())
	must(t, err)
	if st.Versions != 0 {
		t.Errorf("rejected requests stored %d versions", st.Versions)
	}
}

func TestBearer(t *testing.T) {
	t.Parallel()
	f := newFixture(t, taxii.Config{})
	r := f.do(t, request{path: "/api/collections/", bearer: f.secrets["carol"]})
	if r.status != http.StatusOK || !bytes.Contains(r.body, []byte(f.coll.ID)) {
		t.Errorf("Bearer: %d %s", r.status, r.body)
	}
}

func TestLoginRateLimit(t *testing.T) {
	t.Parallel()
	f := newFixture(t, taxii.Config{LoginBurst: 3, LoginRate: 1e-9})
	for i := range 3 {
		checkError(t, f.do(t, request{path: "/api/", bearer: "wrong"}), http.StatusUnauthorized)
		_ = i
	}
	// The bucket is empty: even good credentials wait.
	checkError(t, f.do(t, request{path: "/api/", user: "alice"}), http.StatusTooManyRequests)
}

func TestInvalidObjectsNotStored(t *testing.T) {
	t.Parallel()
	f := newFixture(t, taxii.Config{})
	noName := `{"type":"identity","spec_version":"2.1","id":"identity--00000000-0000-4000-8000-000000000050","created":"2021-03-02T00:00:00.000Z","modified":"2021-03-02T00:00:00.000Z"}`
	old := `{"type":"identity","id":"identity--00000000-0000-4000-8000-000000000051","created":"2021-03-02T00:00:00.000Z","modified":"2021-03-02T00:00:00.000Z","name":"x"}`
	badPattern := `{"type":"indicator","spec_version":"2.1","id":"indicator--00000000-0000-4000-8000-000000000052","created":"2021-03-02T00:00:00.000Z","modified":"2021-03-02T00:00:00.000Z","pattern":"[file:name = ","pattern_type":"stix","valid_from":"2021-03-02T00:00:00Z"}`
	dupKey := `{"type":"identity","type":"identity"}`
	st := f.post(t, "alice", f.coll.ID, noName, old, badPattern, dupKey, `42`)
	if st.SuccessCount != 0 || st.FailureCount != 5 {
		t.Fatalf("status %+v: want 5 failures", st)
	}
	wants := []string{"/name", "spec_version", "pattern", "objects[3]: ", "objects[4] is a JSON number, not an object"}
	for i, d := range st.Failures {
		if !strings.Contains(d.Message, wants[i]) {
			t.Errorf("failure %d %+v: message does not mention %q", i, d, wants[i])
		}
	}
	stats, err := f.db.Stats(t.Context())
	must(t, err)
	if stats.Versions != 0 {
		t.Errorf("%d versions stored from a POST of invalid objects", stats.Versions)
	}
	var env taxii.Envelope
	f.get(t, "alice", objectsPath(f.coll.ID), &env)
	if len(env.Objects) != 0 {
		t.Errorf("the collection holds %d objects", len(env.Objects))
	}
	if _, err := f.db.Status(t.Context(), st.ID); err != nil {
		t.Errorf("status not kept: %v", err)
	}
	_ = accord.EINVALID
}
