package main

import (
	"encoding/json"
	"fmt"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/accord-cti/accord"
	"github.com/accord-cti/accord/feed"
	"github.com/accord-cti/accord/taxii"
)

// TestFeedCommands sets up server A with the admin commands, and B pulls
// from it with the feed commands, as two CERTs' scripts would.
func TestFeedCommands(t *testing.T) {
	t.Parallel()
	dbA, dbB := tempDB(t), tempDB(t)
	var user accord.User
	var tok accord.Token
	var coll accord.Collection
	runJSON(t, dbA, &accord.Org{}, "org", "add", "cert-a")
	runJSON(t, dbA, &user, "user", "add", "alice", "--org", "cert-a")
	runJSON(t, dbA, &tok, "token", "create", "alice")
	runJSON(t, dbA, &coll, "collection", "add", "shared")
	run(t, "", "--db", dbA, "grant", coll.ID, "--org", "cert-a", "--read", "--write")
	storeA := openDB(t, dbA)
	srv := httptest.NewServer(taxii.New(taxii.Config{Store: storeA, Access: storeA}))
	t.Cleanup(srv.Close)
	c := &taxii.Client{APIRoot: srv.URL + "/api/", User: "alice", Token: tok.Secret}
	var objs []json.RawMessage
	for n := range 3 {
		objs = append(objs, json.RawMessage(fmt.Sprintf(`{"type":"identity","spec_version":"2.1","id":"identity--00000000-0000-4000-8000-%012d",`+
			`"created":"2021-03-02T00:00:00.000Z","modified":"2021-03-02T00:00:00.000Z","name":"org %d","identity_class":"organization"}`, n, n)))
	}
	if st, err := c.Add(t.Context(), coll.ID, objs); err != nil || st.SuccessCount != 3 {
		t.Fatalf("posting to A: %+v, %v", st, err)
	}

	add := []string{"--db", dbB, "--empty", "feed", "add", "a", srv.URL + "/api/", "--collection", coll.ID, "--user", "alice", "--token", tok.Secret}
	_, stderr, code := run(t, "", add...)
	u, _ := url.Parse(srv.URL)
	if code != 4 || !strings.Contains(stderr, u.Host) || !strings.Contains(stderr, "allow-list") {
		t.Fatalf("feed add before the host is allowed: exit %d, %s; want 4 and an error naming %s", code, stderr, u.Host)
	}
	var hosts []string
	runJSON(t, dbB, &hosts, "feed", "allow", u.Host)
	if len(hosts) != 1 || hosts[0] != u.Host {
		t.Fatalf("feed allow: %v", hosts)
	}
	if _, stderr, code = run(t, "", add...); code != 0 || !strings.Contains(stderr, "in the clear") {
		t.Fatalf("feed add: exit %d, %s; want a warning about the token", code, stderr)
	}
	var results []feed.Result
	runJSON(t, dbB, &results, "feed", "pull", "--limit", "2")
	if len(results) != 1 || results[0].Added != 3 || results[0].Pages != 2 {
		t.Fatalf("feed pull: %+v, want 3 objects over 2 pages", results)
	}
	var feeds []map[string]any
	runJSON(t, dbB, &feeds, "feed", "list")
	if len(feeds) != 1 || feeds[0]["objects"] != 3.0 || feeds[0]["token"] != nil {
		t.Errorf("feed list: %v, want one feed with 3 objects and no token shown", feeds)
	}
	var prov []accord.FeedObject
	runJSON(t, dbB, &prov, "feed", "provenance", "identity--00000000-0000-4000-8000-000000000001")
	if len(prov) != 1 || prov[0].Feed != "a" {
		t.Errorf("feed provenance: %+v", prov)
	}
	var q []accord.Quarantined
	runJSON(t, dbB, &q, "feed", "quarantine", "a")
	if len(q) != 0 {
		t.Errorf("feed quarantine: %+v, want none", q)
	}
	if _, stderr, code := run(t, "", "--db", dbB, "feed", "quarantine", "nope"); code == 0 || !strings.Contains(stderr, "nope") {
		t.Errorf("feed quarantine of an unknown feed: exit %d, %s", code, stderr)
	}
}
