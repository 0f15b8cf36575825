package taxii_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"

	"github.com/accord-cti/accord"
	"github.com/accord-cti/accord/sqlite"
	"github.com/accord-cti/accord/taxii"
)

// fixture is a TAXII server over a real SQLite store in a temp dir, with
// two organisations ("cert" and "partner"), their users and a collection
// "shared" that cert's users may read and write and partner's may read.
type fixture struct {
	db      *sqlite.DB
	srv     *httptest.Server
	server  *taxii.Server
	coll    *accord.Collection
	orgs    map[string]*accord.Org  // by name
	users   map[string]*accord.User // by name
	secrets map[string]string       // token secret by user name
}

// users of the fixture, by organisation.
var fixtureUsers = map[string][]string{"cert": {"alice", "bob"}, "partner": {"carol"}, "outsider": {"dave"}}

func newFixture(t testing.TB, cfg taxii.Config) *fixture {
	t.Helper()
	db, err := sqlite.Open(filepath.Join(t.TempDir(), "accord.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	f := &fixture{db: db, orgs: map[string]*accord.Org{}, users: map[string]*accord.User{}, secrets: map[string]string{}}
	ctx := t.Context()
	for _, org := range []string{"cert", "partner", "outsider"} {
		o, err := db.AddOrg(ctx, org)
		must(t, err)
		f.orgs[org] = o
		for _, name := range fixtureUsers[org] {
			u, err := db.AddUser(ctx, name, o.ID)
			must(t, err)
			tok, err := db.CreateToken(ctx, u.ID)
			must(t, err)
			f.users[name], f.secrets[name] = u, tok.Secret
		}
	}
	f.coll = f.addCollection(t, "shared", "", map[string][2]bool{"cert": {true, true}, "partner": {true, false}})
	cfg.Store, cfg.Access = db, db
	f.server = taxii.New(cfg)
	f.srv = httptest.NewServer(f.server)
	t.Cleanup(f.srv.Close)
	return f
}

// addCollection adds a collection with grants (read, write) by org name.
func (f *fixture) addCollection(t testing.TB, alias, maxMarking string, grants map[string][2]bool) *accord.Collection {
	t.Helper()
	c, err := f.db.AddCollection(t.Context(), accord.Collection{Alias: alias, Title: alias + " collection", MaxMarking: maxMarking})
	must(t, err)
	for org, rw := range grants {
		must(t, f.db.Grant(t.Context(), accord.Grant{CollectionID: c.ID, OrgID: f.orgs[org].ID, Read: rw[0], Write: rw[1]}))
	}
	return c
}

func must(t testing.TB, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// request is one HTTP request of a test; the zero fields are the usual.
type request struct {
	method      string
	path        string // under the server's URL
	user        string // HTTP Basic with the user's token; "" none
	bearer      string // Authorization: Bearer
	accept      string // "" is taxii.MediaType; "-" sends none
	contentType string // "" is taxii.MediaType for a body
	body        []byte
}

// response is what came back.
type response struct {
	status int
	header http.Header
	body   []byte
}

func (f *fixture) do(t *testing.T, rq request) response {
	t.Helper()
	if rq.method == "" {
		rq.method = http.MethodGet
	}
	req, err := http.NewRequestWithContext(t.Context(), rq.method, f.srv.URL+rq.path, bytes.NewReader(rq.body))
	must(t, err)
	switch rq.accept {
	case "":
		req.Header.Set("Accept", taxii.MediaType)
	case "-":
	default:
		req.Header.Set("Accept", rq.accept)
	}
	if rq.body != nil {
		ct := rq.contentType
		if ct == "" {
			ct = taxii.MediaType
		}
		req.Header.Set("Content-Type", ct)
	}
	if rq.user != "" {
		req.SetBasicAuth(rq.user, f.secrets[rq.user])
	}
	if rq.bearer != "" {
		req.Header.Set("Authorization", "Bearer "+rq.bearer)
	}
	resp, err := f.srv.Client().Do(req)
	must(t, err)
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	must(t, err)
	return response{status: resp.StatusCode, header: resp.Header, body: body}
}

// get does a GET as user and decodes a 200 response into v.
func (f *fixture) get(t *testing.T, user, path string, v any) response {
	t.Helper()
	r := f.do(t, request{path: path, user: user})
	if r.status != http.StatusOK {
		t.Fatalf("GET %s as %s: status %d: %s", path, user, r.status, r.body)
	}
	if ct := r.header.Get("Content-Type"); ct != taxii.MediaType {
		t.Errorf("GET %s: Content-Type %q, want %q", path, ct, taxii.MediaType)
	}
	if err := json.Unmarshal(r.body, v); err != nil {
		t.Fatalf("GET %s: %v: %s", path, err, r.body)
	}
	return r
}

// post POSTs objects to the collection as user and returns the status.
func (f *fixture) post(t *testing.T, user string, coll string, objs ...string) accord.Status {
	t.Helper()
	body := []byte(`{"objects":[` + strings.Join(objs, ",") + `]}`)
	r := f.do(t, request{method: http.MethodPost, path: objectsPath(coll), user: user, body: body})
	if r.status != http.StatusAccepted {
		t.Fatalf("POST as %s: status %d: %s", user, r.status, r.body)
	}
	var st accord.Status
	if err := json.Unmarshal(r.body, &st); err != nil {
		t.Fatal(err)
	}
	return st
}

func collPath(id string) string    { return "/api/collections/" + id + "/" }
func objectsPath(id string) string { return collPath(id) + "objects/" }

// identity returns a valid STIX 2.1 identity with the given modified time
// (seconds after 2021-03-02T00:00:00Z) and extra properties (JSON members
// with a leading comma).
func identity(n, modified int, extra string) string {
	return fmt.Sprintf(`{"type":"identity","spec_version":"2.1","id":"identity--00000000-0000-4000-8000-%012d",`+
		`"created":"2021-03-02T00:00:00.000Z","modified":"2021-03-02T00:00:%02d.000Z","name":"org %d","identity_class":"organization"%s}`,
		n, modified, n, extra)
}

func identityID(n int) string { return fmt.Sprintf("identity--00000000-0000-4000-8000-%012d", n) }

// marked returns the extra members that mark an object with refs.
func marked(refs ...string) string {
	b, _ := json.Marshal(refs)
	return `,"object_marking_refs":` + string(b)
}

// ids returns the ids of the objects of an envelope.
func ids(t *testing.T, env taxii.Envelope) []string {
	t.Helper()
	var out []string
	for _, raw := range env.Objects {
		var o struct {
			ID string `json:"id"`
		}
		must(t, json.Unmarshal(raw, &o))
		out = append(out, o.ID)
	}
	return out
}
