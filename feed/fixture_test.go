package feed_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/accord-cti/accord"
	"github.com/accord-cti/accord/feed"
	"github.com/accord-cti/accord/sqlite"
	"github.com/accord-cti/accord/taxii"
)

// serverA is an accord TAXII server over its own SQLite store, with a user
// that may read and write one collection, behind a handler that counts the
// object pages asked for and can fail or drop next tokens.
type serverA struct {
	db     *sqlite.DB
	srv    *httptest.Server
	coll   *accord.Collection
	user   string
	secret string

	mu        sync.Mutex
	pages     int  // GET .../objects/ requests answered
	failAfter int  // when > 0, page requests after this many fail with 503
	noNext    bool // strip next from envelopes (a server that pages by date only)
	queries   []string
}

func newServerA(t *testing.T) *serverA {
	t.Helper()
	a := &serverA{db: openDB(t, "a.db"), user: "alice"}
	ctx := t.Context()
	org, err := a.db.AddOrg(ctx, "cert-a")
	must(t, err)
	u, err := a.db.AddUser(ctx, a.user, org.ID)
	must(t, err)
	tok, err := a.db.CreateToken(ctx, u.ID)
	must(t, err)
	a.secret = tok.Secret
	a.coll, err = a.db.AddCollection(ctx, accord.Collection{Alias: "shared", Title: "shared"})
	must(t, err)
	must(t, a.db.Grant(ctx, accord.Grant{CollectionID: a.coll.ID, OrgID: org.ID, Read: true, Write: true}))
	a.srv = httptest.NewServer(a.wrap(taxii.New(taxii.Config{Store: a.db, Access: a.db})))
	t.Cleanup(a.srv.Close)
	return a
}

func openDB(t *testing.T, name string) *sqlite.DB {
	t.Helper()
	db, err := sqlite.Open(filepath.Join(t.TempDir(), name))
	must(t, err)
	t.Cleanup(func() { db.Close() })
	return db
}

// wrap counts and alters the object page requests h answers.
func (a *serverA) wrap(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodGet || !strings.HasSuffix(r.URL.Path, "/objects/") {
			h.ServeHTTP(w, r)
			return
		}
		a.mu.Lock()
		a.pages++
		fail := a.failAfter > 0 && a.pages > a.failAfter
		noNext := a.noNext
		a.queries = append(a.queries, r.URL.RawQuery)
		a.mu.Unlock()
		if fail {
			http.Error(w, "down for maintenance", http.StatusServiceUnavailable)
			return
		}
		if !noNext {
			h.ServeHTTP(w, r)
			return
		}
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, r)
		body := rec.Body.Bytes()
		var env taxii.Envelope
		if rec.Code == http.StatusOK && json.Unmarshal(body, &env) == nil {
			env.Next = ""
			body, _ = json.Marshal(env)
		}
		for k, v := range rec.Header() {
			w.Header()[k] = v
		}
		w.Header().Del("Content-Length")
		w.WriteHeader(rec.Code)
		w.Write(body)
	})
}

// counts returns the page requests so far and forgets them.
func (a *serverA) counts() (int, []string) {
	a.mu.Lock()
	defer a.mu.Unlock()
	n, q := a.pages, a.queries
	a.pages, a.queries = 0, nil
	return n, q
}

// post adds objects to A's collection through its TAXII API.
func (a *serverA) post(t *testing.T, objs ...string) {
	t.Helper()
	c := &taxii.Client{APIRoot: a.srv.URL + "/api/", User: a.user, Token: a.secret}
	raws := make([]json.RawMessage, len(objs))
	for i, o := range objs {
		raws[i] = json.RawMessage(o)
	}
	st, err := c.Add(t.Context(), a.coll.ID, raws)
	must(t, err)
	if st.FailureCount > 0 {
		t.Fatalf("A refused a posted object: %+v", st.Failures)
	}
}

// hostPort is A's host:port, for the allow-list.
func (a *serverA) hostPort(t *testing.T) string {
	u, err := url.Parse(a.srv.URL)
	must(t, err)
	return u.Host
}

// storeB is the pulling side: a store with A as feed "a", allowed.
func storeB(t *testing.T, a *serverA) (*sqlite.DB, *feed.Puller) {
	t.Helper()
	b := openDB(t, "b.db")
	must(t, b.AllowHost(t.Context(), a.hostPort(t)))
	_, err := b.AddFeed(t.Context(), accord.Feed{Name: "a", URL: a.srv.URL + "/api/", Collection: a.coll.ID, User: a.user, Token: a.secret})
	must(t, err)
	return b, &feed.Puller{Store: b, PageSize: 2}
}

func must(t testing.TB, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// identity returns a valid STIX 2.1 identity, number n, version modified
// (seconds after 2021-03-02T00:00:00Z).
func identity(n, modified int) string {
	return fmt.Sprintf(`{"type":"identity","spec_version":"2.1","id":"%s",`+
		`"created":"2021-03-02T00:00:00.000Z","modified":"2021-03-02T00:00:%02d.000Z","name":"org %d","identity_class":"organization"}`,
		identityID(n), modified, n)
}

func identityID(n int) string { return fmt.Sprintf("identity--00000000-0000-4000-8000-%012d", n) }

func identities(from, to int) []string {
	var out []string
	for n := from; n < to; n++ {
		out = append(out, identity(n, 1))
	}
	return out
}

// compact returns raw without insignificant space, for comparisons.
func compact(t *testing.T, raw []byte) string {
	var b bytes.Buffer
	must(t, json.Compact(&b, raw))
	return b.String()
}
