package storetest

import (
	"encoding/json"
	"errors"
	"testing"
	"time"

	"github.com/accord-cti/accord"
	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

// FeedStore is what RunFeeds checks: a Store that also keeps feeds.
type FeedStore interface {
	accord.Store
	accord.FeedStore
}

// RunFeeds checks the store that open returns against the
// accord.FeedStore contract. open must return a new, empty store for each
// call (the subtests run in parallel) and close it when t ends.
func RunFeeds(t *testing.T, open func(t *testing.T) FeedStore) {
	tests := []struct {
		name string
		fn   func(*testing.T, FeedStore)
	}{
		{"Feeds", testFeeds},
		{"FeedInvalid", testFeedInvalid},
		{"FeedPage", testFeedPage},
		{"FeedPageAtomic", testFeedPageAtomic},
		{"AllowList", testAllowList},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			tt.fn(t, open(t))
		})
	}
}

var feedB = accord.Feed{Name: "b", URL: "https://b.example/api/", Collection: "c2", Token: "s3cret", Every: 15 * time.Minute}

func testFeeds(t *testing.T, s FeedStore) {
	ctx := t.Context()
	for _, f := range []accord.Feed{feedB, {Name: "a", URL: "http://a.example:8080/api/", Collection: "c1", User: "u", TokenEnv: "A_TOKEN"}} {
		if _, err := s.AddFeed(ctx, f); err != nil {
			t.Fatal(err)
		}
	}
	_, err := s.AddFeed(ctx, feedB)
	wantCode(t, "AddFeed twice", err, accord.ECONFLICT)
	got, err := s.Feeds(ctx)
	if err != nil {
		t.Fatal(err)
	}
	opts := cmpopts.IgnoreFields(accord.Feed{}, "Created")
	want := []*accord.Feed{{Name: "a", URL: "http://a.example:8080/api/", Collection: "c1", User: "u", TokenEnv: "A_TOKEN"}, &feedB}
	if diff := cmp.Diff(want, got, opts); diff != "" {
		t.Errorf("Feeds (-want +got):\n%s", diff)
	}
	if err := s.RemoveFeed(ctx, "a"); err != nil {
		t.Fatal(err)
	}
	_, err = s.Feed(ctx, "a")
	wantCode(t, "Feed after RemoveFeed", err, accord.ENOTFOUND)
	wantCode(t, "RemoveFeed twice", s.RemoveFeed(ctx, "a"), accord.ENOTFOUND)
}

func testFeedInvalid(t *testing.T, s FeedStore) {
	for name, f := range map[string]accord.Feed{
		"NoName":       {URL: "https://x/api/", Collection: "c"},
		"NoCollection": {Name: "x", URL: "https://x/api/"},
		"NotHTTP":      {Name: "x", URL: "file:///etc/passwd", Collection: "c"},
		"NoHost":       {Name: "x", URL: "https:///api/", Collection: "c"},
		"NegativeTime": {Name: "x", URL: "https://x/api/", Collection: "c", Every: -time.Second},
	} {
		_, err := s.AddFeed(t.Context(), f)
		wantCode(t, name, err, accord.EINVALID)
	}
}

// testFeedPage: a page's objects, provenance, quarantine and position are
// recorded; a page again changes nothing; the position never goes back.
func testFeedPage(t *testing.T, s FeedStore) {
	ctx := t.Context()
	if _, err := s.AddFeed(ctx, feedB); err != nil {
		t.Fatal(err)
	}
	objs := world()[:3]
	pos := time.Date(2021, 3, 2, 0, 0, 0, 123000, time.UTC)
	bad := accord.Quarantined{ID: "indicator--x", Reason: "objects[3].pattern: unexpected end", Raw: json.RawMessage(`{"type":"indicator"}`)}
	page := accord.FeedPage{Feed: "b", Position: pos, Quarantine: []accord.Quarantined{bad}}
	for i, wantAdded := range []int{3, 0} {
		res, err := s.PutFeedPage(ctx, page, seq(objs, nil))
		if err != nil || res.Added != wantAdded {
			t.Fatalf("PutFeedPage #%d: %+v, %v; want %d added", i+1, res, err, wantAdded)
		}
	}
	page.Position, page.Quarantine = pos.Add(-time.Hour), nil
	if _, err := s.PutFeedPage(ctx, page, seq(nil, nil)); err != nil {
		t.Fatal(err)
	}
	f, err := s.Feed(ctx, "b")
	if err != nil {
		t.Fatal(err)
	}
	if !f.Position.Equal(pos) || f.Objects != 3 || f.Quarantined != 1 || f.LastPull.IsZero() {
		t.Errorf("feed after its pages: %+v, want position %v, 3 objects, 1 quarantined", f, pos)
	}
	prov, err := s.Provenance(ctx, objs[0].ID)
	if err != nil || len(prov) != 1 || prov[0].Feed != "b" || prov[0].Modified != objs[0].Modified {
		t.Errorf("Provenance(%s) = %+v, %v", objs[0].ID, prov, err)
	}
	q, err := s.Quarantine(ctx, "b")
	opts := cmp.Options{cmpopts.IgnoreFields(accord.Quarantined{}, "PulledAt"), cmp.Comparer(jsonEqual)}
	bad.Feed = "b"
	if diff := cmp.Diff([]accord.Quarantined{bad}, q, opts); err != nil || diff != "" {
		t.Errorf("Quarantine (-want +got), err %v:\n%s", err, diff)
	}
	_, err = s.PutFeedPage(ctx, accord.FeedPage{Feed: "nope"}, seq(nil, nil))
	wantCode(t, "PutFeedPage of an unknown feed", err, accord.ENOTFOUND)
}

// testFeedPageAtomic: a page that fails midway leaves no object, no
// provenance, no quarantine and the position as it was.
func testFeedPageAtomic(t *testing.T, s FeedStore) {
	ctx := t.Context()
	if _, err := s.AddFeed(ctx, feedB); err != nil {
		t.Fatal(err)
	}
	errBoom := errors.New("boom: the connection broke")
	page := accord.FeedPage{Feed: "b", Position: time.Now().UTC(),
		Quarantine: []accord.Quarantined{{ID: "x", Reason: "r", Raw: json.RawMessage(`{}`)}}}
	_, err := s.PutFeedPage(ctx, page, seq(world()[:3], errBoom))
	if !errors.Is(err, errBoom) {
		t.Fatalf("PutFeedPage with a failing iterator: %v, want %v", err, errBoom)
	}
	f, err := s.Feed(ctx, "b")
	if err != nil {
		t.Fatal(err)
	}
	if !f.Position.IsZero() || f.Objects != 0 || f.Quarantined != 0 || !f.LastPull.IsZero() {
		t.Errorf("feed after a failed page: %+v, want it untouched", f)
	}
	if st, err := s.Stats(ctx); err != nil || st.Versions != 0 {
		t.Errorf("store after a failed page: %+v, %v; want empty", st, err)
	}
}

func testAllowList(t *testing.T, s FeedStore) {
	ctx := t.Context()
	for _, h := range []string{"taxii.example:8443", "CERT.example", "[::1]:9000"} {
		if err := s.AllowHost(ctx, h); err != nil {
			t.Fatalf("AllowHost(%q): %v", h, err)
		}
	}
	for _, h := range []string{"", "a b", "x.example:http", "https://x.example/", "u@x.example"} {
		wantCode(t, "AllowHost("+h+")", s.AllowHost(ctx, h), accord.EINVALID)
	}
	wantCode(t, "DisallowHost of an absent host", s.DisallowHost(ctx, "other.example"), accord.ENOTFOUND)
	if err := s.DisallowHost(ctx, "taxii.example:8443"); err != nil {
		t.Fatal(err)
	}
	got, err := s.AllowedHosts(ctx)
	if diff := cmp.Diff([]string{"[::1]:9000", "cert.example"}, got); err != nil || diff != "" {
		t.Errorf("AllowedHosts (-want +got), err %v:\n%s", err, diff)
	}
}
